// MailChannel: an RFC 5322 message over SMTP with libcurl.
#include <curl/curl.h>
#include <fmt/core.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "notify/internal.h"
#include "notify/notify.h"

namespace corroborate::notify {

namespace {

using internal::EasyHandle;
using internal::SlistHandle;

constexpr const char* kCrlf = "\r\n";

std::string Base64(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(data[i]) << 16 |
                 static_cast<unsigned char>(data[i + 1]) << 8 |
                 static_cast<unsigned char>(data[i + 2]);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63],
            kAlphabet[v & 63]};
  }
  if (i + 1 == data.size()) {
    unsigned v = static_cast<unsigned char>(data[i]) << 16;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == data.size()) {
    unsigned v = static_cast<unsigned char>(data[i]) << 16 | static_cast<unsigned char>(data[i + 1])
                                                                 << 8;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

bool PlainAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

// A plain addr-spec: one '@', something on each side, none of the
// characters that would need quoting or could end a header.
bool PlainAddress(std::string_view address) {
  std::size_t at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  return std::none_of(address.begin(), address.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f ||
           std::strchr("<>()[],;:\"\\", c) != nullptr;
  });
}

// "Subject: " + the text, as ASCII words folded at spaces, or as UTF-8
// encoded words (RFC 2047) of at most 39 bytes each, one per line.
std::string SubjectHeader(std::string_view text) {
  std::string out = "Subject:";
  if (PlainAscii(text)) {
    std::size_t line = out.size();
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t space = text.find(' ', pos);
      std::string_view word =
          text.substr(pos, space == std::string_view::npos ? std::string_view::npos : space - pos);
      pos = space == std::string_view::npos ? text.size() : space + 1;
      if (word.empty()) continue;
      if (line + 1 + word.size() > 76 && line > 8) {
        out += kCrlf;
        line = 0;
      }
      out += ' ';
      out += word;
      line += 1 + word.size();
    }
    return out;
  }
  std::size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    std::size_t end = std::min(text.size(), pos + 39);
    while (end > pos + 1 && end < text.size() &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      --end;
    if (!first) out += kCrlf;
    out += " =?UTF-8?B?" + Base64(text.substr(pos, end - pos)) + "?=";
    first = false;
    pos = end;
  }
  return out;
}

std::string DateHeader(Instant now) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  CivilTime c = ToCivil(now);
  const std::int64_t days = now >= 0 ? now / kDay : (now - kDay + 1) / kDay;
  return fmt::format("Date: {}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
                     kDays[WeekdayFromDays(days)], c.date.day, kMonths[c.date.month - 1],
                     c.date.year, c.hour, c.minute, c.second);
}

std::string MessageId(const Alert& alert, const MailOptions& options, Instant now) {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a of the key
  for (unsigned char c : AlertKey(alert)) hash = (hash ^ c) * 1099511628211ull;
  std::string domain = options.from.substr(options.from.find('@') + 1);
  if (options.from.find('@') == std::string::npos || domain.empty()) domain = "corroborate.invalid";
  return fmt::format("<{:016x}.{}@{}>", hash, now, domain);
}

std::string BodyText(const Alert& alert) {
  static constexpr const char* kWhat[] = {"a new incident", "a new claim about a watched entity",
                                          "the verdict changed", "the leading hypothesis changed"};
  std::string text = alert.summary + "\n\n";
  text += fmt::format("What:    {}\n", kWhat[static_cast<int>(alert.kind)]);
  text += fmt::format("Entity:  {}\n", alert.entity);
  if (!alert.previous.empty() || !alert.state.empty()) {
    text += fmt::format("Change:  {} -> {}\n", alert.previous.empty() ? "(none)" : alert.previous,
                        alert.state);
  }
  text += fmt::format("When:    {}\n", FormatRfc3339(alert.time));
  if (!alert.url.empty()) text += fmt::format("Link:    {}\n", alert.url);
  text += fmt::format("Key:     {}\n", AlertKey(alert));
  auto details = nlohmann::ordered_json::parse(
      alert.details_json.empty() ? "{}" : alert.details_json, nullptr, false);
  if (details.is_object() && !details.empty()) {
    text += "\nDetails:\n" +
            details.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  }
  return text;
}

struct Upload {
  const std::string* message;
  std::size_t offset = 0;
};

size_t ReadMessage(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->message->size() - upload->offset);
  std::memcpy(buffer, upload->message->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

bool TransientMail(CURLcode code, long reply) {
  if (reply >= 500) return false;  // SMTP 5yz: permanent
  if (reply >= 400) return true;   // SMTP 4yz: try again later
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string BuildMailMessage(const Alert& alert, const MailOptions& options, Instant now) {
  std::string m;
  m += DateHeader(now) + kCrlf;
  m += "From: " + internal::OneLine(options.from) + kCrlf;
  m += "To:";
  for (std::size_t i = 0; i < options.to.size(); ++i) {
    m += (i == 0 ? " " : ",\r\n ") + internal::OneLine(options.to[i]);
  }
  m += kCrlf;
  m += SubjectHeader(internal::OneLine(options.subject_prefix + alert.summary)) + kCrlf;
  m += "Message-ID: " + MessageId(alert, options, now) + kCrlf;
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\n";
  m += "Content-Transfer-Encoding: base64\r\n";
  m += fmt::format("X-Corroborate-Alert: {}\r\n {}\r\n", AlertKindName(alert.kind),
                   internal::OneLine(alert.entity));
  m += kCrlf;
  const std::string body = Base64(BodyText(alert));
  for (std::size_t i = 0; i < body.size(); i += 76) m += body.substr(i, 76) + kCrlf;
  return m;
}

MailChannel::MailChannel(MailOptions options, Sleep sleep)
    : options_(std::move(options)), sleep_(sleep ? std::move(sleep) : Sleep(RealSleep)) {}

std::string MailChannel::Describe() const {
  std::string to;
  for (const std::string& t : options_.to) to += (to.empty() ? "" : ", ") + t;
  return "mail to " + to;
}

Result<Delivery> MailChannel::Send(const Alert& alert, Instant now) {
  const std::string& server = options_.server;
  if (!StartsWithIgnoreCase(server, "smtp://") && !StartsWithIgnoreCase(server, "smtps://")) {
    return Fail(
        ErrorCode::kInvalidArgument,
        fmt::format("mail server {}: want smtp://host[:port] or smtps://host[:port]", server));
  }
  if (!PlainAddress(options_.from)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("mail from '{}': not a plain address like alerts@example.org",
                            internal::OneLine(options_.from)));
  }
  if (options_.to.empty()) return Fail(ErrorCode::kInvalidArgument, "mail: no recipient");
  for (const std::string& to : options_.to) {
    if (!PlainAddress(to)) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("mail to '{}': not a plain address like analyst@example.org",
                              internal::OneLine(to)));
    }
  }
  if (!internal::CurlReady()) return Fail(ErrorCode::kInternal, "mail: curl_global_init failed");
  const std::string message = BuildMailMessage(alert, options_, now);
  SlistHandle recipients;
  for (const std::string& to : options_.to) {
    if (!internal::AppendHeader(recipients, "<" + to + ">"))
      return Fail(ErrorCode::kInternal, "mail: out of memory");
  }
  const std::string from = "<" + options_.from + ">";

  Delivery delivery;
  const int attempts = std::max(1, options_.retry.max_attempts);
  for (int attempt = 1;; ++attempt) {
    if (attempt > 1) {
      std::chrono::milliseconds wait = BackoffBefore(options_.retry, attempt);
      sleep_(wait);
      delivery.waits.push_back(wait);
    }
    delivery.attempts = attempt;
    EasyHandle easy(curl_easy_init());
    if (!easy) return Fail(ErrorCode::kInternal, "mail: curl_easy_init failed");
    CURL* e = easy.get();
    char error[CURL_ERROR_SIZE] = {};
    Upload upload{&message};
    curl_easy_setopt(e, CURLOPT_URL, server.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(e, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(e, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(e, CURLOPT_READFUNCTION, ReadMessage);
    curl_easy_setopt(e, CURLOPT_READDATA, &upload);
    curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error);
    if (options_.starttls) curl_easy_setopt(e, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!options_.username.empty()) {
      curl_easy_setopt(e, CURLOPT_USERNAME, options_.username.c_str());
      curl_easy_setopt(e, CURLOPT_PASSWORD, options_.password.c_str());
    }
    const CURLcode code = curl_easy_perform(e);
    long reply = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &reply);
    delivery.status = static_cast<int>(reply);
    if (code == CURLE_OK) {
      delivery.detail = MessageId(alert, options_, now);
      return delivery;
    }
    const std::string detail = error[0] ? error : curl_easy_strerror(code);
    if (attempt >= attempts || !TransientMail(code, reply)) {
      return Fail(code == CURLE_OPERATION_TIMEDOUT ? ErrorCode::kTimeout : ErrorCode::kNetwork,
                  fmt::format("mail via {}: {}{} (after {} attempt{})", server, detail,
                              reply ? fmt::format(" (SMTP {})", reply) : "", attempt,
                              attempt == 1 ? "" : "s"));
    }
  }
}

}  // namespace corroborate::notify
