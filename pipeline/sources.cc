#include "pipeline/sources.h"

#include <fmt/core.h>

#include <set>

#include "core/text.h"
#include "ingest/url.h"
#include "store/documents.h"
#include "store/sources.h"

namespace corroborate::pipeline {

static_assert(SearchLimits{}.max_terms == store::SearchLimits{}.max_terms &&
                  SearchLimits{}.max_operators == store::SearchLimits{}.max_operators &&
                  SearchLimits{}.max_prefix_words == store::SearchLimits{}.max_prefix_words &&
                  SearchLimits{}.max_seconds == store::SearchLimits{}.max_seconds,
              "pipeline::SearchLimits gives the store's defaults");

namespace {

store::NewSource ToStore(const SourceSettings& s) {
  return store::NewSource{s.url, s.kind, s.title, s.reliability, s.poll_interval};
}

}  // namespace

Result<AddedSource> AddSource(store::Database& db, const SourceSettings& source, Clock& clock) {
  auto added = store::Sources(db).AddSource(ToStore(source), clock.Now());
  if (!added) return std::unexpected(added.error());
  return AddedSource{added->id, added->created};
}

Result<std::vector<Source>> ListSources(store::Database& db) {
  return store::Sources(db).ListSources();
}

Status RemoveSource(store::Database& db, std::string_view url) {
  return store::Sources(db).RemoveSource(url);
}

Result<Source> FindSource(store::Database& db, std::string_view url) {
  return store::Sources(db).GetSource(url);
}

Result<OpmlRegistration> RegisterOpmlFeeds(store::Database& db, const std::string& file,
                                           const std::vector<ingest::OpmlOutline>& outlines,
                                           const SourceSettings& defaults, Clock& clock,
                                           const NoticeSink& notices) {
  OpmlRegistration out;
  std::vector<store::NewSource> wanted;
  std::set<std::string> seen;
  for (const ingest::OpmlOutline& o : outlines) {
    const std::string scheme = ingest::UrlScheme(o.xml_url);
    if (scheme != "http" && scheme != "https") {
      Tell(notices,
           Warning(fmt::format("{}: skipping \"{}\": not an http(s) URL", file, o.xml_url)));
      continue;
    }
    if (ingest::UrlHost(o.xml_url).empty()) {
      Tell(notices,
           Warning(fmt::format("{}: skipping \"{}\": no host in the URL", file, o.xml_url)));
      continue;
    }
    if (!seen.insert(o.xml_url).second) continue;
    store::NewSource s = ToStore(defaults);
    s.url = o.xml_url;
    s.kind = SourceKind::kFeed;
    s.title = o.title;
    wanted.push_back(std::move(s));
  }
  store::Sources registry(db);
  const Instant now = clock.Now();
  for (const store::NewSource& s : wanted) {
    auto known = registry.GetSource(std::string_view(s.url));
    if (known) {
      ++out.existing;
      continue;
    }
    if (known.error().code != ErrorCode::kNotFound) return std::unexpected(known.error());
    auto result = registry.AddSource(s, now);
    if (!result) {
      return Fail(result.error().code, fmt::format("{}: {} (added {} sources before it)", file,
                                                   result.error().message, out.added));
    }
    ++out.added;
  }
  return out;
}

std::string QuoteWords(std::string_view query) {
  const auto IsAsciiSpace = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  std::string out;
  for (std::size_t at = 0; at < query.size();) {
    if (IsAsciiSpace(query[at])) {
      ++at;
      continue;
    }
    std::size_t end = at;
    while (end < query.size() && !IsAsciiSpace(query[end])) ++end;
    out += out.empty() ? "\"" : " \"";
    for (char c : query.substr(at, end - at))
      out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += '"';
    at = end;
  }
  return out;
}

Result<SearchResults> Search(store::Database& db, std::string_view query, int limit,
                             const SearchLimits& limits) {
  store::SearchLimits bounds{limits.max_terms, limits.max_operators, limits.max_prefix_words,
                             limits.max_seconds};
  store::Documents documents(db);
  SearchResults out;
  auto hits = documents.Search(query, limit, bounds);
  if (!hits && hits.error().code == ErrorCode::kInvalidArgument && !TrimAscii(query).empty()) {
    // Not FTS5 syntax ("north-korea", "AS131279:", an odd quote): its words.
    const std::string words = QuoteWords(query);
    // FTS5's complaint, after the store's "search query \"...\": ".
    const std::string& message = hits.error().message;
    const std::string quoted = QuoteForMessage(query);
    out.not_fts5 = message.starts_with("search query " + quoted + ": ")
                       ? message.substr(quoted.size() + 15)
                       : message;
    out.words = words;
    hits = documents.Search(words, limit, bounds);
    if (!hits && hits.error().code == ErrorCode::kInvalidArgument) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("search query {}: not valid FTS5 syntax ({}); put words to find as "
                              "written in double quotes, e.g. {}",
                              quoted, out.not_fts5, QuoteForMessage(words)));
    }
  }
  if (!hits) return std::unexpected(hits.error());
  out.hits.reserve(hits->size());
  for (store::SearchHit& h : *hits) {
    out.hits.push_back(SearchHit{h.id, std::move(h.title), std::move(h.url), h.published,
                                 std::move(h.snippet), h.rank});
  }
  return out;
}

}  // namespace corroborate::pipeline
