// robots.txt (RFC 9309): which paths of a host a crawler may fetch.
//
// Used when `fetch` and `watch` follow a feed entry's link to its article:
// the host's /robots.txt is read once per cycle and every article URL is
// checked against the group for our product token before it is requested.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "ingest/fetch/fetcher.h"

namespace corroborate::ingest {

class RobotsRules {
 public:
  // Everything allowed: no robots.txt (a 4xx), or an empty one.
  static RobotsRules AllowAll();
  // Nothing allowed: robots.txt unreachable (5xx, network failure), which
  // RFC 9309 section 2.3.1.4 says to read as a complete disallow.
  static RobotsRules DisallowAll();
  // The rules of the groups whose user-agent lines name `product_token`
  // (case-insensitive, e.g. "corroborate"), merged; when no group names it,
  // those of the "*" groups. Reads at most the first 500 KiB (the RFC's
  // minimum), skips a UTF-8 BOM, comments and lines it cannot read.
  static RobotsRules Parse(std::string_view body, std::string_view product_token);

  // Whether the path (with its query, e.g. "/news/a.html?x=1"; "" is "/")
  // may be fetched: the longest matching allow or disallow rule decides, an
  // allow winning a tie; no matching rule allows. "*" in a rule matches any
  // run of characters and a final "$" anchors the end. "/robots.txt" is
  // always allowed.
  [[nodiscard]] bool Allowed(std::string_view path) const;
  // The group's Crawl-delay in seconds (not in the RFC, widely used).
  [[nodiscard]] std::optional<double> crawl_delay() const { return crawl_delay_; }

 private:
  struct Rule {
    std::string pattern;  // percent-encoding normalised
    bool allow = false;
  };
  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
  bool disallow_all_ = false;
};

// "scheme://host[:port]/robots.txt" for an http(s) URL; nullopt otherwise.
[[nodiscard]] std::optional<std::string> RobotsUrlFor(std::string_view url);
// The path and query of an http(s) URL as robots rules see it ("/" when
// empty; the fragment dropped).
[[nodiscard]] std::string RobotsPathOf(std::string_view url);
// The product token of a User-Agent header ("corroborate/0.1 (+...)" ->
// "corroborate").
[[nodiscard]] std::string ProductToken(std::string_view user_agent);
// The rules a fetch of robots.txt gives: a 2xx body parsed; 4xx (no file,
// or forbidden) allow everything; any other failure (5xx, timeout, network)
// disallows everything, as the RFC asks, and so does a 429 (the host asks
// us to slow down, not to go everywhere).
[[nodiscard]] RobotsRules RobotsFromFetch(const Result<FetchResponse>& fetched,
                                          std::string_view product_token);

}  // namespace corroborate::ingest
