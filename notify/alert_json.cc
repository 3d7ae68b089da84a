// AlertJson, the retry schedule, and the helpers the channels share.
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "notify/internal.h"
#include "notify/notify.h"

namespace corroborate::notify {

std::string AlertJson(const Alert& alert) {
  nlohmann::ordered_json details = nlohmann::ordered_json::parse(
      alert.details_json.empty() ? "{}" : alert.details_json, nullptr, false);
  if (!details.is_object()) details = nlohmann::ordered_json::object();
  nlohmann::ordered_json j = {
      {"kind", AlertKindName(alert.kind)},
      {"key", AlertKey(alert)},
      {"entity", alert.entity},
      {"subject", alert.subject},
      {"state", alert.state},
      {"previous", alert.previous},
      {"summary", alert.summary},
      {"time", FormatRfc3339(alert.time)},
      {"url", alert.url},
      {"details", std::move(details)},
      {"source", "corroborate"},
  };
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void RealSleep(std::chrono::milliseconds duration) { std::this_thread::sleep_for(duration); }

std::chrono::milliseconds BackoffBefore(const RetryPolicy& policy, int attempt) {
  std::chrono::milliseconds wait = policy.initial_backoff;
  for (int i = 2; i < attempt && wait < policy.max_backoff; ++i) wait *= 2;
  return std::min(wait, policy.max_backoff);
}

namespace internal {

bool CurlReady() {
  static std::once_flag once;
  static CURLcode code = CURLE_OK;
  std::call_once(once, [] { code = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return code == CURLE_OK;
}

bool AppendHeader(SlistHandle& list, std::string line) {
  std::erase_if(line, [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (!grown) return false;
  (void)list.release();
  list.reset(grown);
  return true;
}

std::optional<std::int64_t> RetryAfterSeconds(std::string_view value, Instant now) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())))
    value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
    value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 12) return std::int64_t{999999999999};
    std::int64_t seconds = 0;
    std::from_chars(value.data(), value.data() + value.size(), seconds);
    return seconds;
  }
  time_t when = curl_getdate(std::string(value).c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(when) - now);
}

std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

}  // namespace internal
}  // namespace corroborate::notify
