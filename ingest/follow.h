// The full article behind each feed entry.
//
// Feeds often carry only a teaser. FollowArticleLinks fetches the page each
// new entry links to, politely (robots.txt honoured, the Fetcher's per-host
// limits, conditional requests when the caller knows the page's validators),
// extracts the article and merges it into the entry: one document that keeps
// the feed's identity and metadata and gains the article's text.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/time.h"
#include "ingest/fetch/fetcher.h"
#include "ingest/fetch/robots.h"
#include "ingest/html/article.h"

namespace corroborate::ingest {

// robots.txt rules per scheme and host, kept for a day (RFC 9309 section
// 2.4) across calls, so a long-running watcher reads each host's file once
// a day, not once per cycle.
class RobotsCache {
 public:
  explicit RobotsCache(std::string product_token, Instant max_age = 24 * 3600)
      : product_token_(std::move(product_token)), max_age_(max_age) {}
  // Fetches, in one FetchAll, the robots.txt of every host of `urls` whose
  // rules are missing or older than max_age at `now`.
  void Refresh(const std::vector<std::string>& urls, Fetcher& fetcher, Instant now);
  // Whether `url` may be fetched; a host never refreshed is allowed (callers
  // Refresh first), a URL that is not http(s) is not.
  [[nodiscard]] bool Allowed(const std::string& url) const;
  [[nodiscard]] const std::string& product_token() const { return product_token_; }

 private:
  struct Entry {
    RobotsRules rules;
    Instant fetched = 0;
  };
  std::string product_token_;
  Instant max_age_;
  std::map<std::string, Entry> hosts_;  // keyed by the robots.txt URL
};

// What the caller knows of a page from an earlier fetch.
struct PageValidators {
  std::string etag;
  std::string last_modified;
};

enum class FollowOutcome {
  kMerged,            // the article's text replaced the entry's
  kKeptEntryText,     // the article was read, its text no longer than the entry's
  kNotModified,       // 304 to a conditional request: nothing new
  kRobotsDisallowed,  // robots.txt forbids the page
  kFailed,            // the fetch or the extraction failed (`error` says why)
};

const char* FollowOutcomeName(FollowOutcome outcome);  // "merged", "kept_entry_text", ...

struct FollowedLink {
  std::size_t entry = 0;  // index into the entries given
  std::string url;
  FollowOutcome outcome = FollowOutcome::kFailed;
  std::string error;          // kFailed: the one-line reason, naming the URL
  PageValidators validators;  // from the response, for the next conditional request
};

struct FollowOptions {
  // Validators of pages fetched before, by URL: sent as If-None-Match and
  // If-Modified-Since.
  std::map<std::string, PageValidators> known;
  std::size_t max_links = 1000;  // at most this many links per call
};

// For every article entry whose link is http(s), fetches and merges its
// article (MergeArticle). Entries are changed in place; one failing link
// never affects another. Returns one FollowedLink per link followed, in
// entry order.
[[nodiscard]] std::vector<FollowedLink> FollowArticleLinks(std::vector<Document>& entries,
                                                           Fetcher& fetcher, RobotsCache& robots,
                                                           Instant now,
                                                           const FollowOptions& options = {});

// The entry with the article's text when that is longer than the entry's
// own; the entry's identity (URL, canonical URL, GUID), title, author,
// times and language are kept, the article filling only those the entry
// lacks. `raw` becomes the page's HTML. Returns whether the text was taken.
bool MergeArticle(Document& entry, const Article& article, std::string_view html);

}  // namespace corroborate::ingest
