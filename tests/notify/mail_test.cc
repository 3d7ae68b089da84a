// MailChannel through libcurl to an SMTP server on 127.0.0.1, and the
// RFC 5322 message it builds.
#include <gtest/gtest.h>

#include <sstream>

#include "notify/notify.h"
#include "tests/support/smtp_server.h"

namespace corroborate::notify {
namespace {

using namespace std::chrono_literals;

constexpr Instant kNow = 1709287200;  // Fri, 01 Mar 2024 10:00:00 +0000

Alert Leader() {
  Alert a;
  a.kind = AlertKind::kLeaderChanged;
  a.entity = "country:KP";
  a.subject = "incident:country:KP@1419264900";
  a.previous = "technical_failure";
  a.state = "ddos_hacktivist";
  a.summary = "Corée du Nord : l’hypothèse d’une attaque DDoS passe en tête";
  a.details_json = R"({"score":0.62,"claims":7})";
  a.time = 1419300000;
  return a;
}

std::string Base64Decode(std::string_view text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned value = 0;
  int bits = 0;
  for (char c : text) {
    std::size_t i = kAlphabet.find(c);
    if (i == std::string::npos) continue;  // '=', CR, LF
    value = value << 6 | static_cast<unsigned>(i);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((value >> bits) & 0xff));
    }
  }
  return out;
}

struct Parsed {
  std::vector<std::string> header_lines;       // raw, as sent
  std::map<std::string, std::string> headers;  // unfolded
  std::string body;
};

Parsed Parse(const std::string& message) {
  Parsed p;
  std::size_t end = message.find("\r\n\r\n");
  EXPECT_NE(end, std::string::npos);
  std::string head = message.substr(0, end);
  p.body = message.substr(end + 4);
  std::string name;
  std::size_t pos = 0;
  while (pos <= head.size()) {
    std::size_t nl = head.find("\r\n", pos);
    std::string line = head.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? head.size() + 1 : nl + 2;
    p.header_lines.push_back(line);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      p.headers[name] += line;  // folded: the CRLF goes, the space stays
    } else {
      std::size_t colon = line.find(':');
      name = line.substr(0, colon);
      p.headers[name] = line.substr(colon + 2);
    }
  }
  return p;
}

// Decodes "=?UTF-8?B?...?= =?UTF-8?B?...?=" (whitespace between words dropped).
std::string DecodeWords(const std::string& value) {
  std::string out;
  std::size_t pos = 0;
  while ((pos = value.find("=?UTF-8?B?", pos)) != std::string::npos) {
    std::size_t end = value.find("?=", pos + 10);
    out += Base64Decode(value.substr(pos + 10, end - pos - 10));
    pos = end + 2;
  }
  return out;
}

MailOptions Options(const test::SmtpServer& server) {
  MailOptions options;
  options.server = server.Url();
  options.from = "alerts@corroborate.example";
  options.to = {"analyst@example.org", "desk@example.net"};
  options.timeout_ms = 5000;
  return options;
}

TEST(MailTest, SendsAProperMessage) {
  test::SmtpServer server;
  std::vector<std::chrono::milliseconds> slept;
  MailChannel channel(Options(server), [&](std::chrono::milliseconds d) { slept.push_back(d); });
  EXPECT_EQ(channel.Describe(), "mail to analyst@example.org, desk@example.net");
  auto got = channel.Send(Leader(), kNow);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->attempts, 1);
  EXPECT_EQ(got->status, 250);
  EXPECT_TRUE(slept.empty());

  auto messages = server.Messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].mail_from, "alerts@corroborate.example");
  EXPECT_EQ(messages[0].rcpt_to,
            (std::vector<std::string>{"analyst@example.org", "desk@example.net"}));
  EXPECT_EQ(messages[0].data, BuildMailMessage(Leader(), Options(server), kNow));

  Parsed p = Parse(messages[0].data);
  for (const std::string& line : p.header_lines) EXPECT_LE(line.size(), 78u) << line;
  EXPECT_EQ(p.headers["Date"], "Fri, 01 Mar 2024 10:00:00 +0000");
  EXPECT_EQ(p.headers["From"], "alerts@corroborate.example");
  EXPECT_EQ(p.headers["To"], "analyst@example.org, desk@example.net");
  EXPECT_EQ(DecodeWords(p.headers["Subject"]), "[corroborate] " + Leader().summary);
  EXPECT_EQ(p.headers["Message-ID"], got->detail);
  EXPECT_TRUE(p.headers["Message-ID"].starts_with("<"));
  EXPECT_TRUE(p.headers["Message-ID"].ends_with(".1709287200@corroborate.example>"));
  EXPECT_EQ(p.headers["MIME-Version"], "1.0");
  EXPECT_EQ(p.headers["Content-Type"], "text/plain; charset=UTF-8");
  EXPECT_EQ(p.headers["Content-Transfer-Encoding"], "base64");
  EXPECT_EQ(p.headers["X-Corroborate-Alert"], "leader-changed country:KP");

  std::string body = Base64Decode(p.body);
  EXPECT_TRUE(body.starts_with(Leader().summary + "\n\n")) << body;
  EXPECT_NE(body.find("Entity:  country:KP\n"), std::string::npos);
  EXPECT_NE(body.find("Change:  technical_failure -> ddos_hacktivist\n"), std::string::npos);
  EXPECT_NE(body.find("When:    2014-12-23T02:00:00Z\n"), std::string::npos);
  EXPECT_NE(body.find("\"claims\": 7"), std::string::npos);
  std::istringstream lines(p.body);
  std::string line;
  while (std::getline(lines, line)) EXPECT_LE(line.size(), 77u);  // 76 + CR
}

TEST(MailTest, MessageIdsDifferPerAlertAndTime) {
  test::SmtpServer server;
  Alert other = Leader();
  other.state = "state_cyberattack";
  std::string a = Parse(BuildMailMessage(Leader(), Options(server), kNow)).headers["Message-ID"];
  EXPECT_NE(a, Parse(BuildMailMessage(other, Options(server), kNow)).headers["Message-ID"]);
  EXPECT_NE(a, Parse(BuildMailMessage(Leader(), Options(server), kNow + 1)).headers["Message-ID"]);
  EXPECT_EQ(a, Parse(BuildMailMessage(Leader(), Options(server), kNow)).headers["Message-ID"]);
}

TEST(MailTest, AsciiSubjectsAreFoldedAndNothingIsInjected) {
  test::SmtpServer server;
  Alert a = Leader();
  a.summary =
      "North Korea: every one of the four prefixes of AS131279 withdrawn at 16:15 UTC\r\nBcc: "
      "all@example.com";
  Parsed p = Parse(BuildMailMessage(a, Options(server), kNow));
  for (const std::string& line : p.header_lines) {
    EXPECT_LE(line.size(), 78u) << line;
    EXPECT_FALSE(line.starts_with("Bcc")) << line;
  }
  EXPECT_EQ(p.headers.count("Bcc"), 0u);
  EXPECT_EQ(p.headers["Subject"],
            "[corroborate] North Korea: every one of the four prefixes of AS131279 withdrawn at "
            "16:15 UTC Bcc: "
            "all@example.com");
}

TEST(MailTest, TemporaryFailuresAreRetried) {
  test::SmtpServer server;
  server.TemporaryFailures(2);
  MailOptions options = Options(server);
  options.retry = RetryPolicy{.max_attempts = 3, .initial_backoff = 2s, .max_backoff = 60s};
  std::vector<std::chrono::milliseconds> slept;
  auto got = MailChannel(options, [&](std::chrono::milliseconds d) {
               slept.push_back(d);
             }).Send(Leader(), kNow);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->attempts, 3);
  EXPECT_EQ(slept, (std::vector<std::chrono::milliseconds>{2000ms, 4000ms}));
  EXPECT_EQ(server.Messages().size(), 1u);
}

TEST(MailTest, ARefusedRecipientFailsWithTheReply) {
  test::SmtpServer server;
  server.RefuseRecipient("desk@example.net");
  std::vector<std::chrono::milliseconds> slept;
  auto got = MailChannel(Options(server), [&](std::chrono::milliseconds d) {
               slept.push_back(d);
             }).Send(Leader(), kNow);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kNetwork);
  EXPECT_NE(got.error().message.find("mail via " + server.Url()), std::string::npos)
      << got.error().message;
  EXPECT_NE(got.error().message.find("550"), std::string::npos) << got.error().message;
  EXPECT_TRUE(slept.empty());  // 5xx: permanent
  EXPECT_TRUE(server.Messages().empty());
}

TEST(MailTest, BadSettingsAreRefusedBeforeConnecting) {
  test::SmtpServer server;
  for (auto edit : std::vector<std::function<void(MailOptions&)>>{
           [](MailOptions& o) { o.server = "http://127.0.0.1:25"; },
           [](MailOptions& o) { o.from = "alerts"; },
           [](MailOptions& o) { o.from = "Alerts <alerts@example.org>"; },
           [](MailOptions& o) { o.to = {"a@example.org\r\nRCPT TO:<b@example.org>"}; },
           [](MailOptions& o) { o.to = {"a b@example.org"}; },
           [](MailOptions& o) { o.to.clear(); }}) {
    MailOptions options = Options(server);
    edit(options);
    auto got = MailChannel(options).Send(Leader(), kNow);
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidArgument) << got.error().message;
  }
  EXPECT_EQ(server.sessions(), 0);
}

TEST(MailTest, NoServerIsANetworkErrorAfterTheRetries) {
  std::string url;
  {
    test::SmtpServer gone;
    url = gone.Url();
  }
  MailOptions options;
  options.server = url;
  options.from = "alerts@example.org";
  options.to = {"analyst@example.org"};
  std::vector<std::chrono::milliseconds> slept;
  auto got = MailChannel(options, [&](std::chrono::milliseconds d) {
               slept.push_back(d);
             }).Send(Leader(), kNow);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kNetwork);
  EXPECT_NE(got.error().message.find("after 3 attempts"), std::string::npos) << got.error().message;
  EXPECT_EQ(slept.size(), 2u);
}

}  // namespace
}  // namespace corroborate::notify
