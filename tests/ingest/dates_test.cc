#include "ingest/dates.h"

#include <gtest/gtest.h>

namespace corroborate::ingest {
namespace {

struct DateCase {
  const char* text;
  const char* utc;  // expected instant, RFC 3339
  Granularity granularity;
};

class ParseDateTest : public testing::TestWithParam<DateCase> {};

TEST_P(ParseDateTest, ParsesToUtc) {
  const DateCase& c = GetParam();
  auto parsed = ParseDate(c.text);
  ASSERT_TRUE(parsed.has_value()) << c.text;
  EXPECT_EQ(FormatParsedDate(*parsed), c.utc) << c.text;
  EXPECT_EQ(parsed->granularity, c.granularity) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Rfc822AndBrokenVariants, ParseDateTest,
    testing::Values(
        DateCase{"Mon, 22 Dec 2014 16:15:00 GMT", "2014-12-22T16:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 UT", "2014-12-22T16:15:00Z", Granularity::kSecond},
        DateCase{"22 Dec 2014 16:15:00 +0000", "2014-12-22T16:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 EST", "2014-12-22T21:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 EDT", "2014-12-22T20:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 CST", "2014-12-22T22:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 MDT", "2014-12-22T22:15:00Z", Granularity::kSecond},
        DateCase{"mon, 22 dec 2014 16:15 pdt", "2014-12-22T23:15:00Z", Granularity::kMinute},
        DateCase{"Mon, 22 Dec 2014 16:15:00 PST", "2014-12-23T00:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 CEST", "2014-12-22T14:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 CET", "2014-12-22T15:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 BST", "2014-12-22T15:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 KST", "2014-12-22T07:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 JST", "2014-12-22T07:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 IST", "2014-12-22T10:45:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 Z", "2014-12-22T16:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 A", "2014-12-22T16:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 -0500", "2014-12-22T21:15:00Z", Granularity::kSecond},
        DateCase{"Tue, 23 Dec 2014 01:15:00 +0900", "2014-12-22T16:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 +0100 GMT", "2014-12-22T15:15:00Z",
                 Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 +0000 (UTC)", "2014-12-22T16:15:00Z",
                 Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 GMT+9", "2014-12-22T07:15:00Z", Granularity::kSecond},
        DateCase{"Mon, 22 Dec 2014 16:15:00 GMT-05:30", "2014-12-22T21:45:00Z",
                 Granularity::kSecond},
        DateCase{"MONDAY, 22 December 2014 16:15:00 GMT", "2014-12-22T16:15:00Z",
                 Granularity::kSecond},
        DateCase{"Mon, 2 Dec 2014 16:15:00 GMT", "2014-12-02T16:15:00Z", Granularity::kSecond},
        DateCase{"22 Dec 14 16:15 +0000", "2014-12-22T16:15:00Z", Granularity::kMinute},
        DateCase{"Fri, 01 Jan 99 00:00:00 GMT", "1999-01-01T00:00:00Z", Granularity::kSecond},
        DateCase{"Monday, 22-Dec-2014 16:15:00 GMT", "2014-12-22T16:15:00Z", Granularity::kSecond},
        DateCase{"Mon Dec 22 16:15:00 2014", "2014-12-22T16:15:00Z", Granularity::kSecond},
        DateCase{"December 22, 2014 4:15 PM EST", "2014-12-22T21:15:00Z", Granularity::kMinute},
        DateCase{"Dec 22nd, 2014", "2014-12-22T00:00:00Z", Granularity::kDay},
        DateCase{"Mon, 22 Dec 2014", "2014-12-22T00:00:00Z", Granularity::kDay},
        DateCase{"Sept 1, 2014 12:00 AM", "2014-09-01T00:00:00Z", Granularity::kMinute},
        // A month and year only: the month, with no invented day.
        DateCase{"December 2014", "2014-12-01T00:00:00Z", Granularity::kMonth},
        DateCase{"Aug. 2020", "2020-08-01T00:00:00Z", Granularity::kMonth}));

INSTANTIATE_TEST_SUITE_P(
    Iso8601AndVariants, ParseDateTest,
    testing::Values(
        DateCase{"2014-12-22T16:15:00Z", "2014-12-22T16:15:00Z", Granularity::kSecond},
        DateCase{"2014-12-22T16:15:00-05:00", "2014-12-22T21:15:00Z", Granularity::kSecond},
        DateCase{"2014-12-22t16:15:00z", "2014-12-22T16:15:00Z", Granularity::kSecond},
        DateCase{"2014-12-22T16:15Z", "2014-12-22T16:15:00Z", Granularity::kMinute},
        DateCase{"2014-12-22 16:15:00 +0000", "2014-12-22T16:15:00Z", Granularity::kSecond},
        DateCase{"2014-12-22 16:15:00 EST", "2014-12-22T21:15:00Z", Granularity::kSecond},
        DateCase{"2019-10-12T07:20:50.52Z", "2019-10-12T07:20:50.52Z", Granularity::kSecond},
        DateCase{"  2014-12-22  ", "2014-12-22T00:00:00Z", Granularity::kDay},
        DateCase{"2014-12", "2014-12-01T00:00:00Z", Granularity::kMonth},
        DateCase{"2014", "2014-01-01T00:00:00Z", Granularity::kYear}));

TEST(ParseDate, KeepsTheFraction) {
  auto p = ParseDate("2019-10-12T07:20:50.123456789+02:00");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nanosecond, 123456789);
  EXPECT_EQ(FormatParsedDate(*p), "2019-10-12T05:20:50.123456789Z");
}

TEST(ParseDate, ReportsWhetherAZoneWasGiven) {
  EXPECT_FALSE(ParseDate("22 Dec 2014 16:15")->had_zone);
  EXPECT_TRUE(ParseDate("22 Dec 2014 16:15 EST")->had_zone);
}

TEST(ParseDate, KeepsTheOffsetTheTextGave) {
  // EST is UTC-5; the instant is in UTC, the offset says what the local day was.
  auto est = ParseDate("Mon, 22 Dec 2014 21:00:00 EST");
  ASSERT_TRUE(est);
  EXPECT_EQ(est->utc_offset, -5 * 3600);
  EXPECT_EQ(FormatParsedDate(*est), "2014-12-23T02:00:00Z");
  EXPECT_EQ(ParseDate("2014-12-23T07:30:00+09:00")->utc_offset, 9 * 3600);
  EXPECT_EQ(ParseDate("Tue, 23 Dec 2014 07:30:00 +0530")->utc_offset, 5 * 3600 + 30 * 60);
  EXPECT_EQ(ParseDate("22 Dec 2014 16:15")->utc_offset, 0);
}

TEST(ParseDate, RejectsWhatIsNotADate) {
  for (const char* bad : {"", "   ", "not a date", "yesterday", "12:30", "22 Foo 2014",
                          "Mon, 31 Feb 2014 10:00:00 GMT", "2014-13-01",
                          "Mon, 22 Dec 2014 25:00:00 GMT", "Mon, 22 Dec 2014 16:61:00 GMT",
                          "Mon, 22 Dec 2014 16:15:00 +99999", "22 Dec 2014 16:15 J", "\xff\xfe"}) {
    EXPECT_FALSE(ParseDate(bad).has_value()) << bad;
  }
}

TEST(ParseDate, ReadsNumericDates) {
  struct Case {
    const char* text;
    const char* utc;
  } cases[] = {
      {"2014/12/22", "2014-12-22T00:00:00Z"},
      {"22.12.2014 16:15", "2014-12-22T16:15:00Z"},
      {"12/22/2014", "2014-12-22T00:00:00Z"},
      {"22/12/2014", "2014-12-22T00:00:00Z"},
      {"03/04/2014", "2014-03-04T00:00:00Z"},
      {"04.03.2014", "2014-03-04T00:00:00Z"},
      {"22-12-2014 16:15 GMT", "2014-12-22T16:15:00Z"},
      {"20141222", "2014-12-22T00:00:00Z"},
  };
  for (const Case& c : cases) {
    auto p = ParseDate(c.text);
    ASSERT_TRUE(p) << c.text;
    EXPECT_EQ(FormatParsedDate(*p), c.utc) << c.text;
  }
  EXPECT_FALSE(ParseDate("13/13/2014"));
  EXPECT_FALSE(ParseDate("12/22/2014 March"));  // a month named after a numeric one
}

TEST(ParseDate, ReadsDottedMeridians) {
  EXPECT_EQ(FormatParsedDate(*ParseDate("December 22, 2014 4:15 p.m. EST")),
            "2014-12-22T21:15:00Z");
  EXPECT_EQ(FormatParsedDate(*ParseDate("Dec. 22, 2014, 12:05 a.m.")), "2014-12-22T00:05:00Z");
}

// Running text: bylines and comment headers.
TEST(ParseDate, SkipsOtherWordsInRunningText) {
  const DateParseOptions prose{.skip_other_words = true};
  struct Case {
    const char* text;
    const char* utc;  // nullptr: no date
  } cases[] = {
      {"Posted on December 22, 2014 at 4:15 pm by Jane Doe", "2014-12-22T16:15:00Z"},
      {"Updated: 22 Dec 2014 11:15 EST | 3 min read", "2014-12-22T16:15:00Z"},
      {"Dec. 22, 2014", "2014-12-22T00:00:00Z"},
      {"Mon, 22 Dec 2014 16:15:00 +0000", "2014-12-22T16:15:00Z"},
      {"2014-12-22T16:15:00Z", "2014-12-22T16:15:00Z"},
      {"December 22, 2014 \xc2\xb7 5 comments", "2014-12-22T00:00:00Z"},  // 5 is no hour
      {"12 o'clock", nullptr},
      {"no date here", nullptr},
      {"February 30, 2014", nullptr},
      {"Dec 22, 14", nullptr},  // a two-digit year is too weak in prose
      {"By Mark Est on Dec 22, 2014", "2014-12-22T00:00:00Z"},  // a zone name only after a time
  };
  for (const Case& c : cases) {
    auto p = ParseDate(c.text, prose);
    if (!c.utc) {
      EXPECT_FALSE(p) << c.text;
      continue;
    }
    ASSERT_TRUE(p) << c.text;
    EXPECT_EQ(FormatParsedDate(*p), c.utc) << c.text;
  }
  // A date field takes no other words.
  EXPECT_FALSE(ParseDate("Posted on December 22, 2014"));
}

TEST(DateFromUrlPath, ReadsTheDateInThePath) {
  EXPECT_EQ(FormatParsedDate(*DateFromUrlPath("https://x.org/news/2014/12/22/story")),
            "2014-12-22T00:00:00Z");
  EXPECT_EQ(FormatParsedDate(*DateFromUrlPath("https://x.org/2014-12-22/story")),
            "2014-12-22T00:00:00Z");
  EXPECT_EQ(FormatParsedDate(*DateFromUrlPath("https://x.org/20141222/story")),
            "2014-12-22T00:00:00Z");
  EXPECT_FALSE(DateFromUrlPath("https://x.org/2014/story-1234"));
  EXPECT_FALSE(DateFromUrlPath("https://2014.org/12/22/"));
  EXPECT_FALSE(DateFromUrlPath("https://x.org/story?d=2014/12/22"));
}

}  // namespace
}  // namespace corroborate::ingest
