// WebhookChannel: a JSON POST, tried again with exponential back-off.
#include <curl/curl.h>
#include <fmt/core.h>

#include <algorithm>

#include "core/text.h"
#include "notify/internal.h"
#include "notify/notify.h"

namespace corroborate::notify {

namespace {

using internal::EasyHandle;
using internal::SlistHandle;

constexpr std::size_t kKeptBody = 4096;

size_t KeepSome(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const size_t length = size * count;
  if (body->size() < kKeptBody) body->append(data, std::min(length, kKeptBody - body->size()));
  return length;
}

std::string LastHeader(CURL* easy, const char* name) {
  curl_header* header = nullptr;
  if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK || !header) return {};
  return header->value ? header->value : "";
}

bool RetryableStatus(long status) {
  return status == 408 || status == 425 || status == 429 || (status >= 500 && status <= 599);
}

// One POST: the status, or a transport error, and what came with it.
struct Attempt {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
  std::string retry_after;
  std::string error;
};

}  // namespace

WebhookChannel::WebhookChannel(WebhookOptions options, Sleep sleep)
    : options_(std::move(options)), sleep_(sleep ? std::move(sleep) : Sleep(RealSleep)) {}

std::string WebhookChannel::Describe() const { return "webhook " + options_.url; }

Result<Delivery> WebhookChannel::Send(const Alert& alert, Instant now) {
  const std::string& url = options_.url;
  if (!StartsWithIgnoreCase(url, "http://") && !StartsWithIgnoreCase(url, "https://")) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("webhook {}: not an http:// or https:// URL", url));
  }
  if (!internal::CurlReady()) return Fail(ErrorCode::kInternal, "webhook: curl_global_init failed");
  const std::string body = AlertJson(alert);
  SlistHandle headers;
  bool ok = internal::AppendHeader(headers, "Content-Type: application/json") &&
            internal::AppendHeader(headers, "Expect:");
  for (const std::string& line : options_.headers) ok = ok && internal::AppendHeader(headers, line);
  if (!ok) return Fail(ErrorCode::kInternal, "webhook: out of memory building headers");

  Delivery delivery;
  std::int64_t waited_ms = 0;
  const int attempts = std::max(1, options_.retry.max_attempts);
  std::chrono::milliseconds next_wait{0};
  for (int attempt = 1;; ++attempt) {
    if (attempt > 1) {
      sleep_(next_wait);
      delivery.waits.push_back(next_wait);
      waited_ms += next_wait.count();
    }
    delivery.attempts = attempt;
    Attempt a;
    EasyHandle easy(curl_easy_init());
    if (!easy) return Fail(ErrorCode::kInternal, "webhook: curl_easy_init failed");
    char error[CURL_ERROR_SIZE] = {};
    CURL* e = easy.get();
    curl_easy_setopt(e, CURLOPT_URL, url.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, KeepSome);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &a.body);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error);
    a.code = curl_easy_perform(e);
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &a.status);
    a.retry_after = LastHeader(e, "Retry-After");
    a.error = error[0] ? error : curl_easy_strerror(a.code);
    const bool last = attempt >= attempts;

    if (a.code != CURLE_OK) {
      const ErrorCode code =
          a.code == CURLE_OPERATION_TIMEDOUT ? ErrorCode::kTimeout : ErrorCode::kNetwork;
      if (last) {
        return Fail(code, fmt::format("webhook {}: {} (after {} attempt{})", url, a.error, attempt,
                                      attempt == 1 ? "" : "s"));
      }
      next_wait = BackoffBefore(options_.retry, attempt + 1);
      continue;
    }
    delivery.status = static_cast<int>(a.status);
    if (a.status >= 200 && a.status < 300) return delivery;
    std::string said = internal::OneLine(TrimAscii(std::string_view(a.body).substr(0, 200)));
    std::string failure =
        fmt::format("webhook {}: HTTP {}{}{}", url, a.status, said.empty() ? "" : ": ", said);
    if (!RetryableStatus(a.status)) return Fail(ErrorCode::kHttp, std::move(failure));
    if (last)
      return Fail(ErrorCode::kHttp, fmt::format("{} (after {} attempts)", failure, attempt));
    next_wait = BackoffBefore(options_.retry, attempt + 1);
    if (auto seconds = internal::RetryAfterSeconds(a.retry_after, now + waited_ms / 1000)) {
      const std::chrono::milliseconds asked{*seconds * 1000};
      if (asked > options_.retry.max_retry_after) {
        return Fail(ErrorCode::kHttp,
                    fmt::format("{} (asked to retry after {} s, beyond the bound of {} s)", failure,
                                *seconds, options_.retry.max_retry_after.count() / 1000));
      }
      next_wait = std::max(next_wait, asked);
    }
  }
}

}  // namespace corroborate::notify
