#include "correlate/windows/detect.h"

#include <gtest/gtest.h>

#include "core/measure.h"

namespace corroborate::correlate {
namespace {

// 5-minute bins starting at `start`, `n` bins of `value`.
Series Flat(Instant start, size_t n, double value) {
  Series s;
  s.entity = "country:KP";
  s.datasource = "bgp-prefixes";
  s.start = start;
  s.step = 300;
  s.values.assign(n, value);
  return s;
}

TEST(DetectOutagesTest, FindsFullOutageWithFrozenBaseline) {
  // Two days of 4 visible prefixes, then 0 for 9 h 30 min (114 bins), then back.
  Series s = Flat(0, 2 * 288, 4);
  for (size_t i = 300; i < 300 + 114; ++i) s.values[i] = 0;
  auto got = DetectOutages(s, OutageDetectOptions{});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].start, 300 * 300);
  EXPECT_EQ(got[0].end, (300 + 114) * 300);
  EXPECT_EQ(got[0].severity, "critical");
  EXPECT_DOUBLE_EQ(got[0].score, 100.0 * 114 * 5);  // 100 % drop x 570 minutes
  EXPECT_EQ(got[0].kind, WindowKind::kOutage);
}

TEST(DetectOutagesTest, PartialDropIsWarningAndNoHistoryNoVerdict) {
  Series s = Flat(0, 100, 4);
  s.values[50] = 3;  // 75 %: below 99 %, above 50 %
  s.values[2] = 0;   // too little history before it
  auto got = DetectOutages(s, OutageDetectOptions{});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].start, 50 * 300);
  EXPECT_EQ(got[0].severity, "warning");
  EXPECT_DOUBLE_EQ(got[0].score, 25.0 * 5);
}

TEST(DetectOutagesTest, MissingValuesBreakWindowsAndThresholdsFollowDatasource) {
  Series s = Flat(0, 100, 10);
  s.values[60] = 7;  // 70 %: a BGP warning, not a probing one (< 80 %)
  EXPECT_EQ(DetectOutages(s, OutageOptionsFor("bgp")).size(), 1u);
  OutageDetectOptions probing = OutageOptionsFor("ping-slash24");
  EXPECT_DOUBLE_EQ(probing.warning_fraction, 0.80);
  EXPECT_EQ(probing.history, 7 * kDay);
  s.values[60] = 8.5;
  EXPECT_TRUE(DetectOutages(s, probing).empty());
  Series empty;
  EXPECT_TRUE(DetectOutages(empty, OutageDetectOptions{}).empty());
}

TEST(DetectInstabilityTest, FindsChurnFarAboveBaseline) {
  Series churn = Flat(0, 10 * 288, 2);  // ten quiet days, 2 events per bin
  churn.datasource = "bgp-churn";
  // Flapping for 12 hours on day 8, with a one-bin quiet gap inside it.
  for (size_t i = 8 * 288; i < 8 * 288 + 144; ++i) churn.values[i] = 40;
  churn.values[8 * 288 + 70] = 2;
  churn.values[9 * 288] = 30;  // a single spike: shorter than min_length
  auto got = DetectInstability(churn, InstabilityDetectOptions{});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].kind, WindowKind::kInstability);
  EXPECT_EQ(got[0].start, 8 * 288 * 300);
  EXPECT_EQ(got[0].end, (8 * 288 + 144) * 300);
}

TEST(DetectSeriesWindowsTest, PicksTheDetectorPerSeriesAndLeavesOutageEdgesOutOfChurn) {
  // Two days of BGP series; every target prefix gone for 30 minutes (bins 300-305).
  Series prefixes = Flat(0, 2 * 288, 4);
  Series slash24 = prefixes, withdraw = prefixes, churn = Flat(0, 2 * 288, 2);
  slash24.datasource = "bgp-slash24";
  withdraw.datasource = "bgp-withdraw";
  churn.datasource = "bgp-churn";
  for (size_t i = 300; i < 306; ++i)
    prefixes.values[i] = slash24.values[i] = withdraw.values[i] = 0;
  // The mass withdrawal and the return: churn at the outage's first and last
  // bins and the bin after. Alone, bins 300-306 would be one 35-minute run.
  churn.values[300] = churn.values[305] = churn.values[306] = 500;
  // Real flapping later: 40 minutes well above the baseline.
  for (size_t i = 400; i < 408; ++i) churn.values[i] = 60;

  auto got = DetectSeriesWindows({prefixes, slash24, withdraw, churn});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].kind, WindowKind::kOutage);
  EXPECT_EQ(got[0].signal, "bgp-prefixes");  // not bgp-slash24, not the event counts
  EXPECT_EQ(got[0].start, 300 * 300);
  EXPECT_EQ(got[0].end, 306 * 300);
  EXPECT_EQ(got[1].kind, WindowKind::kInstability);
  EXPECT_EQ(got[1].start, 400 * 300);
  EXPECT_EQ(got[1].end, 408 * 300);

  // Without the outage, the edges are instability of their own.
  auto churn_only = DetectSeriesWindows({churn});
  ASSERT_EQ(churn_only.size(), 2u);
  EXPECT_EQ(churn_only[0].start, 300 * 300);
  EXPECT_EQ(churn_only[0].end, 307 * 300);

  // A non-BGP datasource gets outage detection with its own thresholds.
  Series probing = Flat(0, 3 * 288, 100);
  probing.datasource = "ping-slash24";
  probing.values[700] = 85;  // a BGP warning (< 99 %), normal for probing (>= 80 %)
  EXPECT_TRUE(DetectSeriesWindows({probing}).empty());
}

}  // namespace
}  // namespace corroborate::correlate
