#include "correlate/align/align.h"

#include <gtest/gtest.h>

namespace corroborate::correlate {
namespace {

constexpr Instant kDec22 = 1419206400;                                  // 2014-12-22T00:00:00Z
constexpr Instant kStart = kDec22 + 16 * kHour + 15 * kMinute;          // 16:15
constexpr Instant kEnd = kDec22 + kDay + 1 * kHour + 46 * kMinute;      // 23rd 01:46

std::vector<OutageWindow> Published() {
  OutageWindow w;
  w.id = 7;
  w.entity = "country:KP";
  w.start = kStart;
  w.end = kEnd;
  w.source = "csv";
  OutageWindow flap;
  flap.id = 8;
  flap.kind = WindowKind::kInstability;
  flap.start = kDec22 - 2 * kDay - 3 * kHour;  // Friday 21:00
  flap.end = kStart;
  flap.source = "corroborate";
  return {w, flap};
}

CheckableClaim Duration(std::int64_t seconds, std::string mod = "") {
  CheckableClaim c;
  c.id = 1;
  c.type = ClaimType::kOutageDuration;
  c.duration = seconds;
  c.duration_mod = std::move(mod);
  return c;
}

TEST(DurationToleranceTest, FollowsStatedPrecision) {
  EXPECT_EQ(DurationTolerance(9 * 3600 + 30 * 60), 900);
  EXPECT_EQ(DurationTolerance(9 * 3600), 1800);
  EXPECT_EQ(DurationTolerance(9 * 3600 + 31 * 60), 30);
  EXPECT_EQ(DurationTolerance(9 * 3600 + 45 * 60), 450);
  EXPECT_EQ(DurationTolerance(2 * 86400), 43200);
}

TEST(AlignTest, NineHoursThirtyMinutesIsConsistentWithNineThirtyOne) {
  auto got = AlignClaims({Duration(9 * 3600 + 30 * 60)}, Published());
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].verdict, Verdict::kConsistent);
  EXPECT_EQ(got[0].window_id, 7);
  EXPECT_DOUBLE_EQ(got[0].difference, -60);      // claimed 1 minute short
  EXPECT_DOUBLE_EQ(got[0].tolerance, 900 + 60);  // half-hour rounding + 1-minute resolution
  EXPECT_NE(got[0].explanation.find("9h30m"), std::string::npos);
  EXPECT_NE(got[0].explanation.find("9h31m"), std::string::npos);
}

TEST(AlignTest, DurationVerdictsAndModifiers) {
  auto w = Published();
  EXPECT_EQ(AlignClaims({Duration(9 * 3600, "MORE_THAN")}, w)[0].verdict, Verdict::kConsistent);
  EXPECT_EQ(AlignClaims({Duration(12 * 3600, "MORE_THAN")}, w)[0].verdict, Verdict::kInconsistent);
  // "10 hours": tolerance 30 min + 1 min; off by 29 min -> consistent.
  EXPECT_EQ(AlignClaims({Duration(10 * 3600)}, w)[0].verdict, Verdict::kConsistent);
  // "11 hours": off by 1 h 29 m, within 3 x 31 min -> partly.
  EXPECT_EQ(AlignClaims({Duration(11 * 3600)}, w)[0].verdict, Verdict::kPartlyConsistent);
  EXPECT_EQ(AlignClaims({Duration(2 * 3600)}, w)[0].verdict, Verdict::kInconsistent);
  EXPECT_EQ(AlignClaims({Duration(9 * 3600)}, {})[0].verdict, Verdict::kNotCheckable);
}

TEST(AlignTest, StartAtMinuteAndDayPrecision) {
  CheckableClaim minute;
  minute.type = ClaimType::kOutageStart;
  minute.when = Interval{kStart, kStart + 60, Granularity::kMinute};
  EXPECT_EQ(AlignClaims({minute}, Published())[0].verdict, Verdict::kConsistent);
  minute.when = Interval{kStart + 2 * kHour, kStart + 2 * kHour + 60, Granularity::kMinute};
  EXPECT_EQ(AlignClaims({minute}, Published())[0].verdict, Verdict::kInconsistent);
  CheckableClaim monday;
  monday.type = ClaimType::kOutageStart;
  monday.when = Interval{kDec22, kDec22 + kDay, Granularity::kDay};
  EXPECT_EQ(AlignClaims({monday}, Published())[0].verdict, Verdict::kConsistent);
}

TEST(AlignTest, StatesAndWeekendInstability) {
  CheckableClaim down;
  down.type = ClaimType::kOutageState;
  down.state = "down";
  down.when = Interval{kDec22, kDec22 + kDay, Granularity::kDay};  // "down ... today"
  EXPECT_EQ(AlignClaims({down}, Published())[0].verdict, Verdict::kConsistent);
  down.when = Interval{kDec22 + 3 * kDay, kDec22 + 4 * kDay, Granularity::kDay};
  EXPECT_EQ(AlignClaims({down}, Published())[0].verdict, Verdict::kInconsistent);

  CheckableClaim back;
  back.type = ClaimType::kOutageState;
  back.state = "back";
  back.published = kDec22 + kDay + 9 * kHour;  // published the 23rd, 09:00
  EXPECT_EQ(AlignClaims({back}, Published())[0].verdict, Verdict::kConsistent);
  back.published = kDec22 + 20 * kHour;  // during the outage
  EXPECT_EQ(AlignClaims({back}, Published())[0].verdict, Verdict::kInconsistent);

  CheckableClaim weekend;
  weekend.type = ClaimType::kOutageState;
  weekend.state = "unstable";
  weekend.when = Interval{kDec22 - 2 * kDay, kDec22, Granularity::kWeek};  // Sat 20 + Sun 21
  auto got = AlignClaims({weekend}, Published());
  EXPECT_EQ(got[0].verdict, Verdict::kConsistent);
  EXPECT_EQ(got[0].window_id, 8);
}

TEST(AlignTest, AllRoutesAgainstShareWithdrawn) {
  auto w = Published();
  w[0].evidence = WindowEvidence{.baseline_median = 4, .min_value = 0, .bins = 114, .step = 300};
  CheckableClaim all;
  all.type = ClaimType::kOutageScope;
  all.scope = "all_routes";
  auto got = AlignClaims({all}, w);
  EXPECT_EQ(got[0].verdict, Verdict::kConsistent);
  EXPECT_EQ(got[0].measured, "100% of the target's prefixes lost");
  w[0].evidence.min_value = 2;
  EXPECT_EQ(AlignClaims({all}, w)[0].verdict, Verdict::kPartlyConsistent);
  w[0].evidence = {};
  EXPECT_EQ(AlignClaims({all}, w)[0].verdict, Verdict::kNotCheckable);
  CheckableClaim sites;
  sites.type = ClaimType::kOutageScope;
  sites.scope = "state_sites";
  EXPECT_EQ(AlignClaims({sites}, w)[0].verdict, Verdict::kNotCheckable);
}

}  // namespace
}  // namespace corroborate::correlate
