#include "core/zone.h"

#include <gtest/gtest.h>

namespace corroborate {
namespace {

Instant At(int y, int mo, int d, int h, int mi) {
  return ToInstant(CivilTime{{y, mo, d}, h, mi, 0});
}

TEST(ZoneTest, DaylightSavingFollowsTheDate) {
  // New York: EDT (UTC-4) in July and October, EST (UTC-5) in December.
  EXPECT_EQ(ZoneOffsetAt("America/New_York", At(2023, 7, 1, 12, 0)), -4 * 3600);
  EXPECT_EQ(ZoneOffsetAt("America/New_York", At(2021, 10, 4, 15, 0)), -4 * 3600);
  EXPECT_EQ(ZoneOffsetAt("America/New_York", At(2023, 12, 1, 12, 0)), -5 * 3600);
  EXPECT_EQ(ZoneOffsetAt("Europe/London", At(2019, 7, 1, 12, 0)), 3600);
  EXPECT_EQ(ZoneOffsetAt("Europe/London", At(2019, 1, 1, 12, 0)), 0);
}

TEST(ZoneTest, HistoricalChangesAreKept) {
  // Pyongyang time was UTC+8:30 from 2015-08-15 to 2018-05-04; Moscow was
  // UTC+4 from 2011 to 2014-10-26.
  EXPECT_EQ(ZoneOffsetAt("Asia/Pyongyang", At(2014, 12, 22, 12, 0)), 9 * 3600);
  EXPECT_EQ(ZoneOffsetAt("Asia/Pyongyang", At(2016, 6, 1, 12, 0)), 8 * 3600 + 1800);
  EXPECT_EQ(ZoneOffsetAt("Europe/Moscow", At(2012, 6, 1, 12, 0)), 4 * 3600);
  EXPECT_EQ(ZoneOffsetAt("Europe/Moscow", At(2016, 6, 1, 12, 0)), 3 * 3600);
}

TEST(ZoneTest, LocalTimesAroundTheChanges) {
  // 2021-11-07 01:30 happened twice in New York: the first (EDT) is taken.
  EXPECT_EQ(ZoneOffsetForLocal("America/New_York", At(2021, 11, 7, 1, 30)), -4 * 3600);
  // 2021-03-14 02:30 never happened: the offset before the jump (EST).
  EXPECT_EQ(ZoneOffsetForLocal("America/New_York", At(2021, 3, 14, 2, 30)), -5 * 3600);
  EXPECT_EQ(ZoneOffsetForLocal("America/New_York", At(2021, 3, 14, 4, 0)), -4 * 3600);
  EXPECT_EQ(ZoneOffsetForLocal("Asia/Tehran", At(2019, 11, 16, 18, 0)), 3 * 3600 + 1800);
}

TEST(ZoneTest, UnknownZonesAreNotGuessed) {
  EXPECT_FALSE(ZoneOffsetAt("Mars/Olympus_Mons", 0));
  EXPECT_FALSE(ZoneOffsetForLocal("", 0));
  EXPECT_FALSE(IsKnownZone("Eastern"));
  EXPECT_TRUE(IsKnownZone("Europe/Kyiv"));
  EXPECT_TRUE(IsKnownZone("UTC"));
}

}  // namespace
}  // namespace corroborate
