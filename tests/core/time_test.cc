#include "core/time.h"

#include <gtest/gtest.h>

namespace corroborate {
namespace {

TEST(CivilTest, RoundTripsKnownDays) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2014, 12, 22), 16426);  // date -d 2014-12-22 +%s / 86400
  CivilDate d = CivilFromDays(16426);
  EXPECT_EQ(d.year, 2014);
  EXPECT_EQ(d.month, 12);
  EXPECT_EQ(d.day, 22);
  EXPECT_EQ(WeekdayFromDays(16426), 1);  // Monday
  EXPECT_EQ(CivilFromDays(DaysFromCivil(1600, 2, 29)).day, 29);
}

TEST(Iso8601Test, ParsesForms) {
  struct Case {
    const char* text;
    Instant want;
    Granularity granularity;
  };
  const Case cases[] = {
      {"2014-12-22T16:15:00Z", 1419264900, Granularity::kSecond},
      {"2014-12-22T16:15Z", 1419264900, Granularity::kMinute},
      {"2014-12-23T01:15:00+09:00", 1419264900, Granularity::kSecond},
      {"2014-12-22T11:15:00-0500", 1419264900, Granularity::kSecond},
      {"2014-12-22 16:15:00.250Z", 1419264900, Granularity::kSecond},
      {"2014-12-22", 1419206400, Granularity::kDay},
      {"2014-12", 1417392000, Granularity::kMonth},
      {"2014", 1388534400, Granularity::kYear},
      {"20141222", 1419206400, Granularity::kDay},
  };
  for (const Case& c : cases) {
    auto parsed = ParseIso8601(c.text);
    ASSERT_TRUE(parsed) << c.text;
    EXPECT_EQ(parsed->instant, c.want) << c.text;
    EXPECT_EQ(parsed->granularity, c.granularity) << c.text;
  }
}

TEST(Iso8601Test, RejectsJunk) {
  for (const char* bad : {"", "yesterday", "2014-13-01", "2014-02-30", "2014-12-22T25:00Z",
                          "2014-12-22T16:15:00Zjunk", "2014-12-22T16:"}) {
    EXPECT_FALSE(ParseIso8601(bad)) << bad;
  }
}

TEST(Rfc3339Test, Formats) {
  EXPECT_EQ(FormatRfc3339(1419264900), "2014-12-22T16:15:00Z");
  EXPECT_EQ(FormatRfc3339(1419264900, 9 * 3600), "2014-12-23T01:15:00+09:00");
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59Z");
}

}  // namespace
}  // namespace corroborate
