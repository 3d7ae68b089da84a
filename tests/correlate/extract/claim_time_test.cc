// When claims hold: "local time" read in the zone of the place the claim is
// about, clock ranges as intervals, and a DCT known only to the month.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/document.h"
#include "correlate/extract/claims.h"
#include "correlate/extract/document.h"
#include "correlate/extract/timex.h"

namespace corroborate::extract {
namespace {

std::vector<Claim> ClaimsOf(const std::string& text, const char* dct, int offset = 0) {
  auto ctx = ParseDct(dct, offset);
  EXPECT_TRUE(ctx.has_value());
  ClaimOptions options;
  options.dct = ctx->dct;
  options.dct_utc_offset = ctx->utc_offset;
  options.dct_granularity = ctx->granularity;
  std::vector<Timex> timexes = ExtractTimexes(text, *ctx);
  return ExtractClaims(text, timexes, options);
}

const Claim* Timed(const std::vector<Claim>& claims) {
  for (const Claim& c : claims)
    if (c.time && !c.time_text.empty()) return &c;
  return nullptr;
}

std::string Start(const Claim* c) { return c && c->time ? FormatRfc3339(c->time->start) : "none"; }

TEST(ClaimTimeTest, LocalTimeIsReadInTheCountryOfTheClaim) {
  // Published in US Eastern time; the outage is North Korea's (UTC+9 in 2014).
  auto claims = ClaimsOf(
      "North Korea's Internet went down at 7:30 p.m. local time on Monday, Dyn Research said.",
      "2014-12-22", -5 * 3600);
  const Claim* c = Timed(claims);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->subject, "country:KP");
  EXPECT_EQ(Start(c), "2014-12-22T10:30:00Z");
  // Iran, 2019 (UTC+3:30), published in UTC.
  claims =
      ClaimsOf("Iran's internet was shut down at 6 p.m. local time on Saturday, NetBlocks said.",
               "2019-11-17");
  c = Timed(claims);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Start(c), "2019-11-16T14:30:00Z");
}

TEST(ClaimTimeTest, LocalTimeInAManyZonedCountryNeedsACity) {
  // The United States has several zones: no guess, the publisher's zone stays.
  auto claims = ClaimsOf(
      "The United States network went down at 9 a.m. local time, the carrier said.", "2023-07-10");
  const Claim* c = Timed(claims);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Start(c), "2023-07-10T09:00:00Z");
  // A city named in the sentence places it (New York, EDT in July).
  claims = ClaimsOf("In New York the network went down at 9 a.m. local time, the carrier said.",
                    "2023-07-10");
  c = Timed(claims);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Start(c), "2023-07-10T13:00:00Z");
}

TEST(ClaimTimeTest, LocalTimeBesideUtcIsNotMovedAgain) {
  auto claims =
      ClaimsOf("Iran's internet went down at 12:26 p.m. local time (0856 GMT), NetBlocks said.",
               "2019-11-16");
  const Claim* c = Timed(claims);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Start(c), "2019-11-16T08:56:00Z");
}

TEST(ClaimTimeTest, ClockRangeDatesTheClaimWithAnInterval) {
  auto claims =
      ClaimsOf("Ruritania's internet was down between 15:40 and 22:45 UTC, monitors said.",
               "2024-03-14", -5 * 3600);
  const Claim* c = Timed(claims);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Start(c), "2024-03-14T15:40:00Z");
  EXPECT_EQ(FormatRfc3339(c->time->end), "2024-03-14T22:45:00Z");
  EXPECT_EQ(c->time_text, "15:40 and 22:45 UTC");
}

TEST(ClaimTimeTest, MonthPrecisionDctKeepsTheMonth) {
  // Known only to the month: an undated claim holds over that month, not
  // on an invented day.
  auto claims = ClaimsOf("The outage was caused by a fiber cut, the provider said.", "2020-08");
  ASSERT_FALSE(claims.empty());
  for (const Claim& c : claims) {
    ASSERT_TRUE(c.time.has_value());
    EXPECT_EQ(FormatRfc3339(c.time->start), "2020-08-01T00:00:00Z");
    EXPECT_EQ(FormatRfc3339(c.time->end), "2020-09-01T00:00:00Z");
    EXPECT_EQ(c.time->granularity, Granularity::kMonth);
  }
  claims = ClaimsOf("The outage was caused by a fiber cut, the provider said.", "2020-08-31");
  ASSERT_FALSE(claims.empty());
  EXPECT_EQ(claims[0].time->granularity, Granularity::kDay);
  EXPECT_EQ(FormatRfc3339(claims[0].time->start), "2020-08-31T00:00:00Z");
}

TEST(ClaimTimeTest, MonthPreciseDocumentDatesItsClaimsToTheMonth) {
  Document d;
  d.text = "The outage was caused by a fiber cut, the provider said.";
  d.published = 1598932740;  // 2020-08-31T23:59:00-04:00, known only as "August 2020"
  d.published_offset = -4 * 3600;
  d.published_precision = Granularity::kMonth;
  DocumentExtract out = ExtractDocument(d, "", 1700000000);
  ASSERT_FALSE(out.claims.empty());
  ASSERT_TRUE(out.claims[0].time.has_value());
  EXPECT_EQ(FormatRfc3339(out.claims[0].time->start), "2020-08-01T04:00:00Z");
  EXPECT_EQ(FormatRfc3339(out.claims[0].time->end), "2020-09-01T04:00:00Z");
  EXPECT_EQ(out.claims[0].time->granularity, Granularity::kMonth);
}

}  // namespace
}  // namespace corroborate::extract
