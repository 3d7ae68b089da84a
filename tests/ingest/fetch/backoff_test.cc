// Retry policy: backoff schedule, Retry-After, transient classification.
#include <gtest/gtest.h>

#include <random>

#include "ingest/fetch/fetcher.h"

namespace corroborate::ingest {
namespace {

constexpr Instant kNow = 1419282000;  // 2014-12-22T21:00:00Z

TEST(BackoffTest, DoublesFromFiveMinutesWithJitterInUpperHalf) {
  struct Case {
    int failures;
    Instant low, high;
  };
  const Case cases[] = {
      {1, 150, 300},        // 5 min, jittered into [2.5, 5] min
      {2, 300, 600},        // 10 min
      {3, 600, 1200},       // 20 min
      {5, 2400, 4800},      // 80 min
      {9, 38400, 76800},    // 5 min * 256 = 21 h 20 min
      {10, 43200, 86400},   // 42 h 40 min capped at 24 h
      {500, 43200, 86400},  // no overflow
      {0, 150, 300},        // below one counts as one
      {-3, 150, 300},
  };
  std::mt19937_64 rng(42);
  for (const Case& c : cases) {
    for (int draw = 0; draw < 50; ++draw) {
      Instant next = NextPollAfterFailure(c.failures, std::nullopt, kNow, rng);
      EXPECT_GE(next - kNow, c.low) << c.failures;
      EXPECT_LE(next - kNow, c.high) << c.failures;
    }
  }
}

TEST(BackoffTest, JitterSpreadsAndIsReproducibleFromTheSeed) {
  std::mt19937_64 a(7), b(7);
  Instant lowest = kNow + kDay, highest = kNow;
  for (int i = 0; i < 100; ++i) {
    Instant x = NextPollAfterFailure(3, std::nullopt, kNow, a);
    EXPECT_EQ(x, NextPollAfterFailure(3, std::nullopt, kNow, b));
    lowest = std::min(lowest, x);
    highest = std::max(highest, x);
  }
  EXPECT_GT(highest - lowest, 300);  // 100 draws over a 600 s range are not bunched
}

TEST(BackoffTest, RetryAfterIsHonouredExactly) {
  std::mt19937_64 rng(1);
  EXPECT_EQ(NextPollAfterFailure(1, 120, kNow, rng), kNow + 120);
  EXPECT_EQ(NextPollAfterFailure(8, 120, kNow, rng), kNow + 120);  // not the 10 h backoff
  EXPECT_EQ(NextPollAfterFailure(1, 0, kNow, rng), kNow);
  EXPECT_EQ(NextPollAfterFailure(1, -50, kNow, rng), kNow);
  EXPECT_EQ(NextPollAfterFailure(1, 30 * kDay, kNow, rng), kNow + 7 * kDay);
}

TEST(RetryAfterTest, ParsesSecondsAndHttpDates) {
  EXPECT_EQ(ParseRetryAfter("120", kNow), 120);
  EXPECT_EQ(ParseRetryAfter(" 0 ", kNow), 0);
  // 2015-10-21T07:28:00Z is 1445412480 (date -d ... +%s).
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 - 100), 100);
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 + 100), 0);  // past
  EXPECT_EQ(ParseRetryAfter("", kNow), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("soon", kNow), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("99999999999999999999", kNow), kRetryAfterCap);
}

TEST(TransientTest, ClassifiesErrors) {
  struct Case {
    ErrorCode code;
    const char* message;
    bool transient;
  };
  const Case cases[] = {
      {ErrorCode::kNetwork, "http://a/: Connection refused", true},
      {ErrorCode::kTimeout, "http://a/: timed out after 300 ms", true},
      {ErrorCode::kHttp, "http://a/: HTTP 503 (retry after 5 s)", true},
      {ErrorCode::kHttp, "http://a/: HTTP 429", true},
      {ErrorCode::kHttp, "http://a/: HTTP 502", true},
      {ErrorCode::kHttp, "http://a/: HTTP 404", false},
      {ErrorCode::kHttp, "http://a/: HTTP 410", false},
      {ErrorCode::kHttp, "http://a/: too many redirects (more than 5; last was http://a/)", false},
      {ErrorCode::kForbidden, "http://a/: redirect to file:///etc/passwd refused", false},
      {ErrorCode::kTooLarge, "http://a/: body larger than 10 bytes", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(IsTransient(Error{c.code, c.message}), c.transient) << c.message;
  }
  EXPECT_TRUE(IsTransientStatus(503));
  EXPECT_FALSE(IsTransientStatus(200));
  EXPECT_FALSE(IsTransientStatus(403));
}

TEST(ErrorFieldsTest, ReadsStatusAndRetryAfterBack) {
  Error error{ErrorCode::kHttp, "https://x.example/feed?q=1: HTTP 429 (retry after 3600 s)"};
  EXPECT_EQ(HttpStatusOf(error), 429);
  EXPECT_EQ(RetryAfterOf(error), 3600);
  Error plain{ErrorCode::kNetwork, "https://x.example/: Could not resolve host"};
  EXPECT_EQ(HttpStatusOf(plain), std::nullopt);
  EXPECT_EQ(RetryAfterOf(plain), std::nullopt);
}

}  // namespace
}  // namespace corroborate::ingest
