// Fetcher helpers that need no network: the fake, the retry policy and the
// readers of fetch error messages.
#include "ingest/fetch/fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>

namespace corroborate::ingest {

Result<FetchResponse> Fetcher::Fetch(const FetchRequest& request) {
  std::vector<Result<FetchResponse>> results = FetchAll({request});
  return std::move(results.front());
}

namespace {

// Reads the decimal number starting at `pos` in `text`.
std::optional<std::int64_t> NumberAt(const std::string& text, std::size_t pos) {
  std::int64_t value = 0;
  const char* begin = text.data() + pos;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr == begin) return std::nullopt;
  return value;
}

}  // namespace

std::optional<int> HttpStatusOf(const Error& error) {
  static constexpr std::string_view kMarker = ": HTTP ";
  std::size_t pos = error.message.find(kMarker);
  if (pos == std::string::npos) return std::nullopt;
  auto status = NumberAt(error.message, pos + kMarker.size());
  if (!status || *status < 100 || *status > 999) return std::nullopt;
  return static_cast<int>(*status);
}

std::optional<std::int64_t> RetryAfterOf(const Error& error) {
  static constexpr std::string_view kMarker = "(retry after ";
  std::size_t pos = error.message.find(kMarker);
  if (pos == std::string::npos) return std::nullopt;
  return NumberAt(error.message, pos + kMarker.size());
}

bool IsTransientStatus(int status) {
  switch (status) {
    case 408: case 425: case 429: case 500: case 502: case 503: case 504: return true;
    default: return false;
  }
}

bool IsTransient(const Error& error) {
  switch (error.code) {
    case ErrorCode::kNetwork:
    case ErrorCode::kTimeout:
      return true;
    case ErrorCode::kHttp: {
      std::optional<int> status = HttpStatusOf(error);
      return status && IsTransientStatus(*status);
    }
    default:
      return false;
  }
}

std::optional<std::int64_t> ParseRetryAfter(const std::string& value, Instant now) {
  std::size_t b = 0, e = value.size();
  while (b < e && std::isspace(static_cast<unsigned char>(value[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(value[e - 1]))) --e;
  if (b == e) return std::nullopt;
  const std::string trimmed = value.substr(b, e - b);
  if (std::all_of(trimmed.begin(), trimmed.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    if (trimmed.size() > 12) return kRetryAfterCap;  // absurdly large: caller clamps anyway
    return NumberAt(trimmed, 0);
  }
  time_t when = curl_getdate(trimmed.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(when) - now);
}

Instant NextPollAfterFailure(int consecutive_failures, std::optional<std::int64_t> retry_after,
                             Instant now, std::mt19937_64& rng) {
  if (retry_after) return now + std::clamp<std::int64_t>(*retry_after, 0, kRetryAfterCap);
  Instant delay = kBackoffBase;
  for (int i = 1; i < consecutive_failures && delay < kBackoffCap; ++i) delay *= 2;
  delay = std::min(delay, kBackoffCap);
  std::uniform_int_distribution<Instant> jitter(delay / 2, delay);
  return now + jitter(rng);
}

}  // namespace corroborate::ingest
