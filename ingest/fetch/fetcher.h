// HTTP(S) fetching for the poller: many URLs at once, politely, with hard
// limits, and every failure an error value of its own.
//
// `Fetcher` is the interface stages take as a parameter; `CurlFetcher` is the
// real one (libcurl multi interface); tests/support/fake_fetcher.h serves
// canned responses to tests. The retry policy (`NextPollAfterFailure`,
// `IsTransient`) is pure and lives here too so the caller can schedule the
// next poll of a source from the error it got.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/time.h"

namespace corroborate::ingest {

struct FetchRequest {
  std::string url;            // absolute http:// or https:// URL
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
  std::int64_t tag = 0;       // caller's own id (e.g. the source id), not interpreted
  std::string method;         // "" or "GET"; "POST" sends `body`; anything else is refused
  std::string body;           // request body of a POST, sent as is
  // Extra request headers, "Name: value" each (CR, LF and NUL are removed),
  // e.g. "Authorization: Bearer ..." or "Content-Type: application/json".
  std::vector<std::string> headers;
  // Non-empty: the body of a 2xx response is streamed to this file instead
  // of `FetchResponse::body`, undecoded (no Accept-Encoding is sent, so a
  // .gz file arrives as the server stores it). A 200 writes the file from
  // the start; the bytes received before a failure stay in it.
  std::string output_path;
  // With `output_path`: when the file already holds N > 0 bytes, ask for
  // the rest ("Range: bytes=N-"). A 206 whose Content-Range starts at N is
  // appended; a 200 (the server ignores ranges) rewrites the file from the
  // start; a 416 whose Content-Range says the file is N bytes long means it
  // is already complete.
  bool resume = false;
  std::size_t max_bytes =
      0;  // cap on the body (downloads: the whole file); 0: FetchOptions::max_body_bytes
  long timeout_ms = 0;  // total time of this transfer; 0: FetchOptions::total_timeout_ms
};

struct FetchResponse {
  int status = 0;              // final HTTP status (2xx, or 304)
  std::string final_url;       // after redirects
  std::string body;            // decoded (gzip/deflate/br removed); empty on 304
  std::string content_type;    // as sent, e.g. "application/rss+xml; charset=utf-8"
  std::string etag;            // from the response; on 304 the request's if none sent
  std::string last_modified;   // likewise
  bool not_modified = false;   // 304: nothing new, keep what is stored
  int redirects = 0;           // redirects followed
  std::optional<std::int64_t> retry_after_seconds;  // Retry-After, if the server sent one
  double seconds = 0;          // wall time of the transfer
  // Downloads (FetchRequest::output_path) only:
  std::uint64_t file_size = 0;     // bytes in the file after the transfer
  std::uint64_t resumed_from = 0;  // offset the transfer continued from (0: written from the start)
  std::optional<std::uint64_t> total_size;  // the whole file's length as the server announced it
};

struct FetchOptions {
  long connect_timeout_ms = 10000;
  long total_timeout_ms = 60000;  // whole transfer, redirects included
  std::size_t max_body_bytes = 20 * 1024 * 1024;  // decoded bytes, enforced while streaming
  int max_redirects = 5;
  int per_host_limit = 2;         // transfers at once to one host
  long per_host_delay_ms = 1000;  // minimum gap between the starts of requests to one host
  int max_total_connections = 16;
  std::string user_agent = "corroborate/0.1 (+https://example.invalid)";
  Clock* clock = nullptr;  // what a Retry-After date is read against; null: the system's (not owned)
};

// Called on the caller's thread after each request finishes: `done` of
// `total` are finished, `index` is the request that just did.
using ProgressCallback = std::function<void(std::size_t done, std::size_t total,
                                            std::size_t index,
                                            const Result<FetchResponse>& result)>;

// Error messages of failed fetches start with the request URL and follow
// these forms, which HttpStatusOf / RetryAfterOf read back:
//   "URL: HTTP 404"
//   "URL: HTTP 429 (retry after 120 s)"
//   "URL: timed out after 300 ms", "URL: redirect to file:///x refused ...", ...
// Codes: kHttp (4xx/5xx, too many redirects), kTimeout, kTooLarge,
// kForbidden (scheme other than http/https, in the request or a redirect),
// kNetwork (connect, DNS, TLS, truncated body), kParse (bad encoding),
// kInvalidArgument (malformed URL, unknown method), kIo (the output file
// cannot be written).
class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // Fetches every request; result i belongs to request i. A failure never
  // stops the other requests.
  [[nodiscard]] virtual std::vector<Result<FetchResponse>> FetchAll(
      const std::vector<FetchRequest>& requests, const ProgressCallback& progress = {}) = 0;
  // One request; same semantics as FetchAll.
  [[nodiscard]] Result<FetchResponse> Fetch(const FetchRequest& request);
};

// libcurl implementation: concurrent transfers on one multi handle, at most
// `per_host_limit` per host and `max_total_connections` overall, starts to a
// host at least `per_host_delay_ms` apart (within one FetchAll call; hosts
// are keyed by the request URL). Redirects are followed by curl and count
// against the total timeout. Not thread-safe: one FetchAll at a time.
class CurlFetcher : public Fetcher {
 public:
  explicit CurlFetcher(FetchOptions options = {});
  [[nodiscard]] std::vector<Result<FetchResponse>> FetchAll(
      const std::vector<FetchRequest>& requests, const ProgressCallback& progress = {}) override;
  const FetchOptions& options() const { return options_; }

 private:
  FetchOptions options_;
};

// The HTTP status named in a fetch error ("URL: HTTP 503 ..."), if any.
[[nodiscard]] std::optional<int> HttpStatusOf(const Error& error);
// The Retry-After carried by a fetch error ("... (retry after 120 s)"), if any.
[[nodiscard]] std::optional<std::int64_t> RetryAfterOf(const Error& error);

// Statuses worth retrying soon: 408, 425, 429, 500, 502, 503, 504.
[[nodiscard]] bool IsTransientStatus(int status);
// Network failures, timeouts and transient statuses; false for policy,
// size, parse and permanent HTTP errors (404, 410, ...).
[[nodiscard]] bool IsTransient(const Error& error);

// Parses a Retry-After value: delta seconds ("120") or an HTTP-date
// ("Wed, 21 Oct 2015 07:28:00 GMT", taken relative to `now`, never
// negative). nullopt when unparsable.
[[nodiscard]] std::optional<std::int64_t> ParseRetryAfter(const std::string& value, Instant now);

inline constexpr Instant kBackoffBase = 5 * kMinute;
inline constexpr Instant kBackoffCap = 24 * kHour;
inline constexpr Instant kRetryAfterCap = 7 * kDay;

// When to poll a source again after its `consecutive_failures`-th failure in
// a row (values < 1 count as 1). With `retry_after` (seconds), exactly now +
// retry_after (clamped to [0, 7 days]). Otherwise exponential backoff
// base * 2^(n-1), capped at 24 h, with "equal jitter": a uniform point in
// [delay/2, delay] drawn from `rng`.
[[nodiscard]] Instant NextPollAfterFailure(int consecutive_failures,
                                           std::optional<std::int64_t> retry_after,
                                           Instant now, std::mt19937_64& rng);

}  // namespace corroborate::ingest
