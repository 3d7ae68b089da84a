// WebhookChannel against a server on 127.0.0.1: the JSON posted, retries
// with exponential back-off, Retry-After, and what is never retried.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "notify/notify.h"
#include "tests/support/http_server.h"

namespace corroborate::notify {
namespace {

using namespace std::chrono_literals;
using test::HttpRequest;
using test::HttpResponse;
using test::HttpServer;

constexpr Instant kNow = 1709287200;  // Fri, 01 Mar 2024 10:00:00 GMT

Alert Incident() {
  Alert a;
  a.kind = AlertKind::kNewIncident;
  a.entity = "country:KP";
  a.subject = "incident:country:KP@1419264900";
  a.summary = "North Korea: BGP outage since 16:15 UTC, 4 prefixes withdrawn";
  a.details_json = R"({"windows":2,"documents":5,"start":"2014-12-22T16:15:00Z"})";
  a.url = "https://example.org/incident/1";
  a.time = 1419300000;
  return a;
}

// Answers with the statuses in turn (the last one for every later request).
HttpServer::Handler Statuses(std::vector<HttpResponse> responses) {
  auto next = std::make_shared<std::size_t>(0);
  return [responses = std::move(responses), next](const HttpRequest&) {
    return responses[std::min(responses.size() - 1, (*next)++)];
  };
}

HttpResponse Status(int status, std::string retry_after = "") {
  HttpResponse r = HttpResponse::Text(status < 300 ? "ok" : "try later", "text/plain", status);
  if (!retry_after.empty()) r.headers.emplace_back("Retry-After", retry_after);
  return r;
}

class WebhookTest : public ::testing::Test {
 protected:
  WebhookChannel Channel(int attempts = 5) {
    WebhookOptions options;
    options.url = server_.Url("/hook");
    options.timeout_ms = 5000;
    options.retry.max_attempts = attempts;
    options.retry.max_backoff = 60s;
    return WebhookChannel(options, [this](std::chrono::milliseconds d) { slept_.push_back(d); });
  }
  HttpServer server_;
  std::vector<std::chrono::milliseconds> slept_;
};

TEST_F(WebhookTest, PostsTheAlertJson) {
  server_.Route("/hook", Status(204));
  WebhookOptions options;
  options.url = server_.Url("/hook");
  options.headers = {"Authorization: Bearer hook-token"};
  WebhookChannel channel(options, [](std::chrono::milliseconds) { FAIL() << "no wait expected"; });
  auto got = channel.Send(Incident(), kNow);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->attempts, 1);
  EXPECT_EQ(got->status, 204);
  EXPECT_EQ(channel.Describe(), "webhook " + server_.Url("/hook"));

  auto requests = server_.RequestsTo("/hook");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].Header("Content-Type"), "application/json");
  EXPECT_EQ(requests[0].Header("Authorization"), "Bearer hook-token");
  EXPECT_EQ(requests[0].body, AlertJson(Incident()));
  auto j = nlohmann::json::parse(requests[0].body);
  EXPECT_EQ(j["kind"], "new-incident");
  EXPECT_EQ(j["key"], AlertKey(Incident()));
  EXPECT_EQ(j["entity"], "country:KP");
  EXPECT_EQ(j["time"], "2014-12-23T02:00:00Z");
  EXPECT_EQ(j["details"]["windows"], 2);
  EXPECT_EQ(j["url"], "https://example.org/incident/1");
  EXPECT_EQ(j["source"], "corroborate");
}

TEST_F(WebhookTest, ServerErrorsAreRetriedWithDoublingWaits) {
  server_.Handle("/hook", Statuses({Status(503), Status(502), Status(500), Status(200)}));
  auto got = Channel().Send(Incident(), kNow);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->attempts, 4);
  EXPECT_EQ(server_.RequestsTo("/hook").size(), 4u);
  EXPECT_EQ(slept_, (std::vector<std::chrono::milliseconds>{1000ms, 2000ms, 4000ms}));
  EXPECT_EQ(got->waits, slept_);
  // Every attempt posts the same body.
  for (const HttpRequest& r : server_.RequestsTo("/hook")) EXPECT_EQ(r.body, AlertJson(Incident()));
}

TEST_F(WebhookTest, RetryAfterSecondsAndDatesAreHonoured) {
  server_.Handle("/hook", Statuses({Status(429, "7"), Status(503, "Fri, 01 Mar 2024 10:00:37 GMT"),
                                    Status(200)}));
  auto got = Channel().Send(Incident(), kNow);
  ASSERT_TRUE(got) << got.error().message;
  // 7 s asked (more than the 1 s back-off); then 10:00:37 less the 7 s already waited.
  EXPECT_EQ(slept_, (std::vector<std::chrono::milliseconds>{7000ms, 30000ms}));
}

TEST_F(WebhookTest, AShortRetryAfterDoesNotShortenTheBackoff) {
  server_.Handle("/hook", Statuses({Status(503), Status(503, "0"), Status(200)}));
  auto got = Channel().Send(Incident(), kNow);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(slept_, (std::vector<std::chrono::milliseconds>{1000ms, 2000ms}));
}

TEST_F(WebhookTest, ARetryAfterBeyondTheBoundGivesUpAtOnce) {
  server_.Route("/hook", Status(429, "3600"));
  auto got = Channel().Send(Incident(), kNow);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kHttp);
  EXPECT_NE(got.error().message.find("retry after 3600 s, beyond the bound of 600 s"),
            std::string::npos)
      << got.error().message;
  EXPECT_TRUE(slept_.empty());
  EXPECT_EQ(server_.RequestsTo("/hook").size(), 1u);
}

TEST_F(WebhookTest, ClientErrorsAreNotRetried) {
  server_.Route("/hook",
                HttpResponse::Text("{\"error\":\"unknown channel\"}\n", "application/json", 400));
  auto got = Channel().Send(Incident(), kNow);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kHttp);
  EXPECT_EQ(got.error().message,
            "webhook " + server_.Url("/hook") + ": HTTP 400: {\"error\":\"unknown channel\"}");
  EXPECT_TRUE(slept_.empty());
  server_.Route("/hook", HttpResponse::Redirect("/elsewhere"));
  auto moved = Channel().Send(Incident(), kNow);
  ASSERT_FALSE(moved);
  EXPECT_NE(moved.error().message.find("HTTP 302"), std::string::npos);
  EXPECT_TRUE(server_.RequestsTo("/elsewhere").empty());  // a POST is not redirected
}

TEST_F(WebhookTest, TheNumberOfAttemptsIsBoundedAndTheWaitCapped) {
  server_.Route("/hook", Status(500));
  WebhookOptions options;
  options.url = server_.Url("/hook");
  options.retry.max_attempts = 5;
  options.retry.max_backoff = 3s;
  WebhookChannel channel(options, [this](std::chrono::milliseconds d) { slept_.push_back(d); });
  auto got = channel.Send(Incident(), kNow);
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message.find("HTTP 500: try later (after 5 attempts)"), std::string::npos)
      << got.error().message;
  EXPECT_EQ(slept_, (std::vector<std::chrono::milliseconds>{1000ms, 2000ms, 3000ms, 3000ms}));
  EXPECT_EQ(server_.RequestsTo("/hook").size(), 5u);
}

TEST_F(WebhookTest, NetworkFailuresAreRetriedThenReported) {
  std::string url;
  {
    HttpServer gone;
    url = gone.Url("/hook");
  }  // nothing listens there any more
  WebhookOptions options;
  options.url = url;
  options.retry.max_attempts = 3;
  WebhookChannel channel(options, [this](std::chrono::milliseconds d) { slept_.push_back(d); });
  auto got = channel.Send(Incident(), kNow);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kNetwork);
  EXPECT_NE(got.error().message.find("webhook " + url), std::string::npos);
  EXPECT_NE(got.error().message.find("after 3 attempts"), std::string::npos) << got.error().message;
  EXPECT_EQ(slept_.size(), 2u);
}

TEST_F(WebhookTest, OnlyHttpUrls) {
  WebhookOptions options;
  options.url = "file:///etc/passwd";
  auto got = WebhookChannel(options).Send(Incident(), kNow);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kInvalidArgument);
}

TEST(BackoffTest, DoublesFromTheInitialWaitUpToTheCap) {
  RetryPolicy policy{.max_attempts = 10, .initial_backoff = 500ms, .max_backoff = 5s};
  EXPECT_EQ(BackoffBefore(policy, 2), 500ms);
  EXPECT_EQ(BackoffBefore(policy, 3), 1000ms);
  EXPECT_EQ(BackoffBefore(policy, 5), 4000ms);
  EXPECT_EQ(BackoffBefore(policy, 6), 5000ms);
  EXPECT_EQ(BackoffBefore(policy, 30), 5000ms);
}

TEST(AlertJsonTest, DetailsThatAreNotAnObjectBecomeEmpty) {
  Alert a = Incident();
  a.details_json = "[1,2]";
  EXPECT_EQ(nlohmann::json::parse(AlertJson(a))["details"], nlohmann::json::object());
  a.details_json = "not json";
  EXPECT_EQ(nlohmann::json::parse(AlertJson(a))["details"], nlohmann::json::object());
  a.summary = "bad \xff byte";
  EXPECT_NO_THROW(nlohmann::json::parse(AlertJson(a)));
}

}  // namespace
}  // namespace corroborate::notify
