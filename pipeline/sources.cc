#include "pipeline/sources.h"

#include <fmt/core.h>

#include <set>

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

Result<std::vector<SearchHit>> Search(store::Database& db, std::string_view query, int limit,
                                      const SearchLimits& limits) {
  store::SearchLimits bounds{limits.max_terms, limits.max_operators, limits.max_prefix_words,
                             limits.max_seconds};
  auto hits = store::Documents(db).Search(query, limit, bounds);
  if (!hits) return std::unexpected(hits.error());
  std::vector<SearchHit> out;
  out.reserve(hits->size());
  for (store::SearchHit& h : *hits) {
    out.push_back(SearchHit{h.id, std::move(h.title), std::move(h.url), h.published,
                            std::move(h.snippet), h.rank});
  }
  return out;
}

}  // namespace corroborate::pipeline
