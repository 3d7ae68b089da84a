// Alert channels: deliver an Alert (core/alert.h) by webhook (a JSON POST),
// by e-mail (SMTP through libcurl) or to a local command (the alert JSON on
// its standard input). Which alerts to send, and the record of what was
// sent (by AlertKey), belong to the caller.
//
// Every channel returns a Delivery on success and an Error whose message
// names the channel's target on failure; nothing throws. Waiting between
// attempts goes through a Sleep function so tests can record the waits
// instead of sleeping.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/alert.h"
#include "core/error.h"
#include "core/time.h"

namespace corroborate::notify {

// The alert as the JSON object every channel sends:
// {"kind","key","entity","subject","state","previous","summary","time"
// (RFC 3339),"url","details" (the details object; {} when empty or not an
// object),"source":"corroborate"}.
[[nodiscard]] std::string AlertJson(const Alert& alert);

using Sleep = std::function<void(std::chrono::milliseconds)>;

// std::this_thread::sleep_for.
void RealSleep(std::chrono::milliseconds duration);

// How often and how long to try again after a transient failure.
struct RetryPolicy {
  int max_attempts = 5;                             // including the first
  std::chrono::milliseconds initial_backoff{1000};  // before the second attempt
  std::chrono::milliseconds max_backoff{60000};     // doubling stops here
  std::chrono::milliseconds max_retry_after{
      600000};  // a longer Retry-After gives up instead of waiting
};

// The wait before attempt `attempt` (2 = the first retry): initial x
// 2^(attempt-2), at most max_backoff.
[[nodiscard]] std::chrono::milliseconds BackoffBefore(const RetryPolicy& policy, int attempt);

struct Delivery {
  int attempts = 0;
  int status =
      0;  // webhook: the HTTP status; mail: the last SMTP reply code; command: exit status 0
  std::vector<std::chrono::milliseconds> waits;  // slept between attempts
  std::string detail;  // mail: the Message-ID; command: what it printed (bounded)
};

class AlertChannel {
 public:
  virtual ~AlertChannel() = default;
  // "webhook URL", "mail to a@x, b@y", "command NAME": for messages and logs.
  virtual std::string Describe() const = 0;
  // Delivers `alert`; `now` dates the message (and anchors an HTTP-date
  // Retry-After).
  [[nodiscard]] virtual Result<Delivery> Send(const Alert& alert, Instant now) = 0;
};

struct WebhookOptions {
  std::string url;                   // http:// or https://
  std::vector<std::string> headers;  // extra "Name: value" lines, e.g. an Authorization header
  long connect_timeout_ms = 10000;
  long timeout_ms = 30000;  // per attempt
  RetryPolicy retry;
  std::string user_agent = "corroborate/0.1 (+https://example.invalid)";
};

// POSTs AlertJson with Content-Type application/json. Any 2xx is delivered.
// Network failures, timeouts, 408, 425, 429 and 5xx are tried again after
// BackoffBefore, or after the Retry-After the server sent (seconds or an
// HTTP-date) when it is longer; a Retry-After beyond max_retry_after, and
// any other status, fail at once. Errors: kInvalidArgument (not an http(s)
// URL), kHttp ("URL: HTTP 503 after 5 attempts"), kNetwork, kTimeout.
class WebhookChannel : public AlertChannel {
 public:
  explicit WebhookChannel(WebhookOptions options, Sleep sleep = RealSleep);
  std::string Describe() const override;
  [[nodiscard]] Result<Delivery> Send(const Alert& alert, Instant now) override;

 private:
  WebhookOptions options_;
  Sleep sleep_;
};

struct MailOptions {
  std::string server;  // "smtp://host[:port]" (STARTTLS when `starttls`) or "smtps://host[:port]"
  bool starttls = false;  // require STARTTLS on smtp://
  std::string username;   // optional login
  std::string password;
  std::string from;             // "alerts@example.org"
  std::vector<std::string> to;  // at least one
  std::string subject_prefix = "[corroborate] ";
  long timeout_ms = 60000;
  RetryPolicy retry{.max_attempts = 3};
};

// The RFC 5322 message for `alert`: Date (from `now`, +0000), From, To,
// Subject (prefix + summary; an RFC 2047 UTF-8 encoded word where it is not
// ASCII, folded to lines under 78 characters), Message-ID (from the alert
// key and `now`, unique per alert and time, at the sender's domain),
// MIME-Version, a text/plain UTF-8 body in base64 (summary, entity, kind,
// time, link, key, details), and "X-Corroborate-Alert: KIND ENTITY" for
// mail filters. Header lines stay under 78 characters. CR and LF never
// reach a header from the alert's fields. Lines end in CRLF.
[[nodiscard]] std::string BuildMailMessage(const Alert& alert, const MailOptions& options,
                                           Instant now);

// Sends BuildMailMessage over SMTP with libcurl (MAIL FROM, RCPT TO each
// recipient, DATA). Connection failures and 4xx replies are tried again
// per `retry`. kInvalidArgument for a server URL that is not smtp:// or
// smtps://, or addresses that are not plain addr-specs; kNetwork naming the
// server and the SMTP reply otherwise.
class MailChannel : public AlertChannel {
 public:
  explicit MailChannel(MailOptions options, Sleep sleep = RealSleep);
  std::string Describe() const override;
  [[nodiscard]] Result<Delivery> Send(const Alert& alert, Instant now) override;

 private:
  MailOptions options_;
  Sleep sleep_;
};

struct CommandOptions {
  // The program and its arguments, run without a shell (PATH searched when
  // the program has no '/'); with `use_shell`, argv[0] is a command line for
  // /bin/sh -c and the rest are its $0, $1, ...
  std::vector<std::string> argv;
  bool use_shell = false;
  long timeout_ms = 30000;             // then SIGTERM to its process group, SIGKILL a second later
  std::size_t max_output = 64 * 1024;  // of stdout and stderr kept for the message
};

// Runs the command in its own process group with AlertJson on its standard
// input (closed after it) and the environment plus CORROBORATE_ALERT_KIND,
// _KEY, _ENTITY, _SUMMARY and _JSON (the latter only for alerts under
// 32 KiB: the kernel limits one environment string). Delivered when it
// exits 0; it need not read its input. Errors:
// kNotFound (no such program), kTimeout (killed), kIo ("command NAME exited
// with status 3: LAST LINE OF ITS OUTPUT", or killed by a signal).
class CommandChannel : public AlertChannel {
 public:
  explicit CommandChannel(CommandOptions options);
  std::string Describe() const override;
  [[nodiscard]] Result<Delivery> Send(const Alert& alert, Instant now) override;

 private:
  CommandOptions options_;
};

}  // namespace corroborate::notify
