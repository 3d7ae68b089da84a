#include "ingest/follow.h"

#include <set>
#include <utility>

#include "ingest/identity.h"

namespace corroborate::ingest {
namespace {

bool IsHttpUrl(std::string_view url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

// The page an entry points to: its link (the canonical URL the feed gave),
// else its URL.
std::string LinkOf(const Document& entry) {
  if (IsHttpUrl(entry.canonical_url)) return entry.canonical_url;
  if (IsHttpUrl(entry.url)) return entry.url;
  return {};
}

}  // namespace

const char* FollowOutcomeName(FollowOutcome outcome) {
  switch (outcome) {
    case FollowOutcome::kMerged:
      return "merged";
    case FollowOutcome::kKeptEntryText:
      return "kept_entry_text";
    case FollowOutcome::kNotModified:
      return "not_modified";
    case FollowOutcome::kRobotsDisallowed:
      return "robots_disallowed";
    case FollowOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

void RobotsCache::Refresh(const std::vector<std::string>& urls, Fetcher& fetcher, Instant now) {
  std::set<std::string> due;
  for (const std::string& url : urls) {
    const std::optional<std::string> robots = RobotsUrlFor(url);
    if (!robots) continue;
    const auto it = hosts_.find(*robots);
    if (it == hosts_.end() || now - it->second.fetched >= max_age_ || now < it->second.fetched) {
      due.insert(*robots);
    }
  }
  if (due.empty()) return;
  std::vector<FetchRequest> requests;
  for (const std::string& url : due) {
    FetchRequest request;
    request.url = url;
    request.max_bytes = 512 * 1024;  // a little over what Parse reads
    requests.push_back(std::move(request));
  }
  std::vector<Result<FetchResponse>> results = fetcher.FetchAll(requests);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    hosts_[requests[i].url] = Entry{RobotsFromFetch(results[i], product_token_), now};
  }
}

bool RobotsCache::Allowed(const std::string& url) const {
  const std::optional<std::string> robots = RobotsUrlFor(url);
  if (!robots) return false;
  const auto it = hosts_.find(*robots);
  return it == hosts_.end() || it->second.rules.Allowed(RobotsPathOf(url));
}

bool MergeArticle(Document& entry, const Article& article, std::string_view html) {
  if (entry.title.empty()) entry.title = article.title;
  if (entry.author.empty()) entry.author = article.byline;
  if (!entry.published && article.published) {
    entry.published = article.published;
    entry.published_precision = article.published_precision;
    entry.published_offset = article.published_offset;
  }
  if (!entry.modified) entry.modified = article.modified;
  if (entry.language.empty()) entry.language = article.language;
  if (article.text.size() <= entry.text.size()) return false;
  entry.text = article.text;
  entry.raw = std::string(html);
  entry.raw_type = "text/html";
  entry.content_hash.clear();
  FillIdentity(entry);
  return true;
}

std::vector<FollowedLink> FollowArticleLinks(std::vector<Document>& entries, Fetcher& fetcher,
                                             RobotsCache& robots, Instant now,
                                             const FollowOptions& options) {
  std::vector<FollowedLink> links;
  for (std::size_t i = 0; i < entries.size() && links.size() < options.max_links; ++i) {
    if (entries[i].kind != DocumentKind::kArticle) continue;
    std::string url = LinkOf(entries[i]);
    if (url.empty()) continue;
    links.push_back(FollowedLink{i, std::move(url)});
  }
  std::vector<std::string> urls;
  for (const FollowedLink& link : links) urls.push_back(link.url);
  robots.Refresh(urls, fetcher, now);

  std::vector<FetchRequest> requests;
  std::vector<std::size_t> request_link;  // request -> index into links
  for (std::size_t l = 0; l < links.size(); ++l) {
    if (!robots.Allowed(links[l].url)) {
      links[l].outcome = FollowOutcome::kRobotsDisallowed;
      continue;
    }
    FetchRequest request;
    request.url = links[l].url;
    request.tag = static_cast<std::int64_t>(l);
    if (const auto known = options.known.find(links[l].url); known != options.known.end()) {
      request.etag = known->second.etag;
      request.last_modified = known->second.last_modified;
    }
    requests.push_back(std::move(request));
    request_link.push_back(l);
  }
  std::vector<Result<FetchResponse>> responses = fetcher.FetchAll(requests);

  for (std::size_t r = 0; r < requests.size(); ++r) {
    FollowedLink& link = links[request_link[r]];
    const Result<FetchResponse>& response = responses[r];
    if (!response) {
      link.outcome = FollowOutcome::kFailed;
      link.error = response.error().message;
      continue;
    }
    link.validators = PageValidators{response->etag, response->last_modified};
    if (response->not_modified) {
      link.outcome = FollowOutcome::kNotModified;
      continue;
    }
    ArticleOptions article_options;
    article_options.url = response->final_url.empty() ? link.url : response->final_url;
    article_options.charset = response->content_type;
    Result<Article> article = ExtractArticle(response->body, article_options);
    if (!article) {
      link.outcome = FollowOutcome::kFailed;
      link.error = link.url + ": " + article.error().message;
      continue;
    }
    link.outcome = MergeArticle(entries[link.entry], *article, response->body)
                       ? FollowOutcome::kMerged
                       : FollowOutcome::kKeptEntryText;
  }
  return links;
}

}  // namespace corroborate::ingest
