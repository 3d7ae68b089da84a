// Table-driven checks of ExtractTimexes: values, modifiers, spans and UTC
// intervals worked out by hand from the calendar.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "correlate/extract/timex.h"

namespace corroborate::extract {
namespace {

constexpr int kEastern = -5 * 3600;

TimexContext Dct(const char* value, int offset = 0) {
  auto ctx = ParseDct(value, offset);
  EXPECT_TRUE(ctx.has_value()) << value;
  return ctx.value_or(TimexContext{});
}

struct Case {
  const char* dct;
  int offset;
  const char* sentence;
  const char* text;  // the expected span
  TimexType type;
  const char* value;
  const char* mod;
};

class TimexCaseTest : public ::testing::TestWithParam<Case> {};

TEST_P(TimexCaseTest, ExtractsSpanValueAndMod) {
  const Case& c = GetParam();
  std::vector<Timex> found = ExtractTimexes(c.sentence, Dct(c.dct, c.offset));
  const Timex* hit = nullptr;
  std::string all;
  for (const Timex& t : found) {
    all += "[" + t.text + "=" + t.value + "] ";
    if (t.text == c.text) hit = &t;
  }
  ASSERT_NE(hit, nullptr) << "no timex '" << c.text << "' in: " << c.sentence << " -> " << all;
  EXPECT_EQ(hit->value, c.value) << c.sentence;
  EXPECT_EQ(hit->type, c.type) << c.sentence;
  EXPECT_EQ(hit->mod, c.mod) << c.sentence;
  EXPECT_EQ(std::string(c.sentence).substr(hit->begin, hit->end - hit->begin), c.text);
}

// 2014-12-22 is a Monday (ISO week 52); 1998-02-27 a Friday (week 9);
// 1998-02-25 a Wednesday.
const Case kCases[] = {
    // The seed article, published 2014-12-22 in US Eastern time.
    {"2014-12-22", kEastern, "North Korea experienced a widespread Internet outage on Monday.",
     "Monday", TimexType::kDate, "2014-12-22", ""},
    {"2014-12-22", kEastern, "The Internet was down for 9 hours and 30 minutes today.",
     "9 hours and 30 minutes", TimexType::kDuration, "PT9H30M", ""},
    {"2014-12-22", kEastern, "The Internet was down for 9 hours and 30 minutes today.", "today",
     TimexType::kDate, "2014-12-22", ""},
    {"2014-12-22", kEastern, "As the outage went on all weekend and progressively worsened.",
     "all weekend", TimexType::kDate, "2014-W51-WE", ""},
    {"2014-12-22", kEastern, "Last week, a Twitter handle claimed to represent the group.",
     "Last week", TimexType::kDate, "2014-W51", ""},
    {"2014-12-22", kEastern,
     "The outage comes less than a week after the United States vowed a response.",
     "less than a week", TimexType::kDuration, "P1W", "LESS_THAN"},
    {"2014-12-22", kEastern, "The country was offline for more than 9 hours.", "more than 9 hours",
     TimexType::kDuration, "PT9H", "MORE_THAN"},
    {"2014-12-22", kEastern, "Routes came back at 16:15 UTC on the same day.", "16:15 UTC",
     TimexType::kTime, "2014-12-22T16:15", ""},
    {"2014-12-22", kEastern, "The network failed at 7:30 pm Pyongyang time.",
     "7:30 pm Pyongyang time", TimexType::kTime, "2014-12-22T19:30", ""},
    {"2014-12-22", kEastern, "Service was out from 19:30 to 21:30 local time.", "19:30",
     TimexType::kTime, "2014-12-22T19:30", ""},
    {"2014-12-22", kEastern, "Service was out from 19:30 to 21:30 local time.", "21:30 local time",
     TimexType::kTime, "2014-12-22T21:30", ""},
    {"2014-12-22", kEastern, "Officials will decide before Christmas.", "Christmas",
     TimexType::kDate, "2014-12-25", ""},
    {"2014-12-22", kEastern, "The dispute lasted more than 24 hours.", "more than 24 hours",
     TimexType::kDuration, "PT24H", "MORE_THAN"},
    {"2014-12-22", kEastern, "It was the first nine-hour blackout.", "nine-hour",
     TimexType::kDuration, "PT9H", ""},
    // TimeBank-style news dated 1998-02-27 (a Friday).
    {"19980227", 0, "The company said profit rose in the fourth quarter.", "the fourth quarter",
     TimexType::kDate, "1997-Q4", ""},
    {"1998-10-15", 0, "The company said profit rose in the third quarter.", "the third quarter",
     TimexType::kDate, "1998-Q3", ""},
    {"19980227", 0, "Third-quarter earnings fell.", "Third-quarter", TimexType::kDate, "1997-Q3",
     ""},
    {"19980227", 0, "Prices soared in the 1990s.", "the 1990s", TimexType::kDate, "199", ""},
    {"19980227", 0, "Revenue for fiscal 1997 was flat.", "fiscal 1997", TimexType::kDate, "1997",
     ""},
    {"19980227", 0, "The plant closed two years ago.", "two years ago", TimexType::kDate, "1996",
     ""},
    {"19980227", 0, "Sales fell during the past three months.", "the past three months",
     TimexType::kDuration, "P3M", ""},
    {"1998-02-25", 0, "The leaders will meet Friday in Geneva.", "Friday", TimexType::kDate,
     "1998-02-27", ""},
    {"1998-02-25", 0, "The leaders met Friday in Geneva.", "Friday", TimexType::kDate, "1998-02-20",
     ""},
    {"19980227", 0, "The talks are now in their third day.", "now", TimexType::kDate, "PRESENT_REF",
     ""},
    {"19980227", 0, "Prices have recently fallen.", "recently", TimexType::kDate, "PAST_REF", ""},
    {"19980227", 0, "Nobody can predict the future of the firm.", "the future", TimexType::kDate,
     "FUTURE_REF", ""},
    {"19980227", 0, "The deal closed Dec. 22, 2014, in New York.", "Dec. 22, 2014",
     TimexType::kDate, "2014-12-22", ""},
    {"19980227", 0, "It was signed on 22 December 2014.", "22 December 2014", TimexType::kDate,
     "2014-12-22", ""},
    {"19980227", 0, "Shipments began in December 1997.", "December 1997", TimexType::kDate,
     "1997-12", ""},
    {"19980227", 0, "The filing is dated 12/22/1997.", "12/22/1997", TimexType::kDate, "1997-12-22",
     ""},
    {"19980227", 0, "The filing is dated 1997-12-22.", "1997-12-22", TimexType::kDate, "1997-12-22",
     ""},
    {"19980227", 0, "Prices doubled in a decade.", "a decade", TimexType::kDuration, "P10Y", ""},
    {"19980227", 0, "The index is published daily.", "daily", TimexType::kSet, "P1D", ""},
    {"19980227", 0, "The board meets every Monday.", "every Monday", TimexType::kSet, "XXXX-WXX-1",
     ""},
    {"19980227", 0, "Sales rose last year.", "last year", TimexType::kDate, "1997", ""},
    {"19980227", 0, "The vote is due next month.", "next month", TimexType::kDate, "1998-03", ""},
    {"19980227", 0, "The vote happened this week.", "this week", TimexType::kDate, "1998-W09", ""},
    {"19980227", 0, "He resigned earlier this month.", "earlier this month", TimexType::kDate,
     "1998-02", "START"},
    {"19980227", 0, "The company said late Friday it would sell.", "late Friday", TimexType::kDate,
     "1998-02-27", "END"},
    {"19980227", 0, "Sales slumped last summer.", "last summer", TimexType::kDate, "1997-SU", ""},
    {"1998-10-15", 0, "Sales slumped last summer.", "last summer", TimexType::kDate, "1998-SU", ""},
    {"19980227", 0, "Profit fell in the first half of 1997.", "the first half of 1997",
     TimexType::kDate, "1997-H1", ""},
    {"19980227", 0, "The strike lasted 5 1/2 hours.", "5 1/2 hours", TimexType::kDuration,
     "PT5H30M", ""},
    {"19980227", 0, "Talks resumed yesterday.", "yesterday", TimexType::kDate, "1998-02-26", ""},
    {"19980227", 0, "The loan was repaid in the year two thousand.", "the year two thousand",
     TimexType::kDate, "2000", ""},
    // TimeBank gives the day for a part of a named day; "last night" is yesterday's night.
    {"19980227", 0, "The rebels attacked Wednesday night.", "Wednesday night", TimexType::kDate,
     "1998-02-25", ""},
    {"19980227", 0, "The market rallied Thursday evening.", "Thursday evening", TimexType::kDate,
     "1998-02-26TEV", ""},
    {"19980227", 0, "Rates may fall by year's end.", "year's end", TimexType::kDate, "1998", "END"},
    // Quarters are counted in quarters ("P2Q"), vague or as a set.
    {"19980227", 0, "Margins shrank for several quarters.", "several quarters",
     TimexType::kDuration, "PXQ", ""},
    {"19980227", 0, "Dividends are paid every quarter.", "every quarter", TimexType::kSet, "P1Q",
     ""},
    // "the previous Friday" counts back from the day just mentioned (Feb. 20, 1998 is a Friday).
    {"19980227", 0, "Shares closed at $12 on Feb. 20, down from the previous Friday.",
     "the previous Friday", TimexType::kDate, "1998-02-13", ""},
    // Plural weekdays recur: a SET; "Monday and Tuesday nights" share the plural and the part of
    // day.
    {"19980227", 0, "The shop closes on Sundays.", "Sundays", TimexType::kSet, "XXXX-WXX-7", ""},
    {"19980227", 0, "Flights leave Bombay on Monday and Tuesday nights.", "Monday", TimexType::kSet,
     "XXXX-WXX-1TNI", ""},
    {"19980227", 0, "Flights leave Bombay on Monday and Tuesday nights.", "Tuesday nights",
     TimexType::kSet, "XXXX-WXX-2TNI", ""},
    // "quarter-to-quarter" is a compound modifier, not a time.
    {"19980227", 0, "The quarter-to-quarter comparison improved in the fourth quarter.",
     "the fourth quarter", TimexType::kDate, "1997-Q4", ""},
    // "were planning to" looks ahead: its "were" is no past-tense cue.
    {"19980227", 0, "Protesters planned a march on Saturday and were planning to rally.",
     "Saturday", TimexType::kDate, "1998-02-28", ""},
    // A deadline ("until 9 a.m. Tuesday") lies ahead whatever the tense around it.
    {"19980227", 0, "The relatives were given until 9 a.m. Tuesday to reply.", "9 a.m. Tuesday",
     TimexType::kTime, "1998-03-03T09:00", ""},
    // "is to resume" is a future; "vacation plans" (a noun) says nothing of time.
    {"19980227", 0, "The stock, which was suspended, is to resume trading Tuesday.", "Tuesday",
     TimexType::kDate, "1998-03-03", ""},
    {"19980227", 0, "He cut short his vacation plans on Monday.", "Monday", TimexType::kDate,
     "1998-02-23", ""},
    // "will be named": the participle after "be" is no past tense; the future month is next
    // December.
    {"19980227", 0, "Collins will be named commander for a mission in December.", "December",
     TimexType::kDate, "1998-12", ""},
    {"19980227", 0, "A ceremony would still be held on Monday in Washington.", "Monday",
     TimexType::kDate, "1998-03-02", ""},
    // A bare clock time belongs to the day just named.
    {"1998-02-28", 0,
     "The bomb hit the embassy on Friday. It went off at 10:35 a.m. near the gate.", "10:35 a.m.",
     TimexType::kTime, "1998-02-27T10:35", ""},
    // "a year earlier" is a year (TimeML: the unit's granularity), even after a month was named.
    {"19980227", 0, "Stocks hit a record in August. A year earlier they had slumped.",
     "A year earlier", TimexType::kDate, "1997", ""},
    // "the following month" counts from the month just spoken of.
    {"19980227", 0, "The deal was signed in March 1996. The following month it collapsed.",
     "The following month", TimexType::kDate, "1996-04", ""},
    // "as early as Tuesday" looks ahead whatever the tense around it.
    {"19980227", 0, "The father said he could come as early as Tuesday.", "Tuesday",
     TimexType::kDate, "1998-03-03", ""},
    {"19980227", 0, "Fighting resumed last night.", "last night", TimexType::kTime, "1998-02-26TNI",
     ""},
    // Tense cues: "next to" is about place; "set to" schedules; a bare "set" says nothing.
    {"19980227", 0, "Ten people died in the blasts next to the embassy on Monday.", "Monday",
     TimexType::kDate, "1998-02-23", ""},
    {"19980227", 0, "Peace talks are set to resume Monday in Belfast.", "Monday", TimexType::kDate,
     "1998-03-02", ""},
    {"19980227", 0, "The record set on Monday still stands.", "Monday", TimexType::kDate,
     "1998-02-23", ""},
    // "the year ended Sept. 30" is a twelve-month period; a bare "the year" is the current one.
    {"19980227", 0, "Sales rose 5% in the year ended Sept. 30.", "the year", TimexType::kDuration,
     "P1Y", ""},
    {"19980227", 0, "The stock hit a high for the year in June.", "the year", TimexType::kDate,
     "1998", ""},
    // "N units later" is anchored on an event: TimeBank marks the quantity, without "later".
    {"19980227", 0, "Three days later, the talks resumed.", "Three days", TimexType::kDuration,
     "P3D", ""},
    {"19980227", 0, "An hour and a half later he was freed.", "An hour and a half",
     TimexType::kDuration, "PT1H30M", ""},
    {"19980227", 0, "Workers staged a day-long strike.", "day-long", TimexType::kDuration, "P1D",
     ""},
    {"19980227", 0, "They signed a several-year contract.", "several-year", TimexType::kDuration,
     "PXY", ""},
    {"19980227", 0, "The stock fell for eight trading days.", "eight trading days",
     TimexType::kDuration, "P8D", ""},
    {"19980227", 0, "Rents soared in the nineties.", "the nineties", TimexType::kDate, "199", ""},
    {"19980227", 0, "It snowed in the winter of nineteen ninety-four.",
     "winter of nineteen ninety-four", TimexType::kDate, "1994-WI", ""},
    {"19980227", 0, "Trading resumed by mid-afternoon yesterday.", "mid-afternoon yesterday",
     TimexType::kTime, "1998-02-26TAF", "MID"},
    {"19980227", 0, "The vote is planned for the week of March 9.", "the week of March 9",
     TimexType::kDate, "1998-W11", ""},
    {"19980227", 0, "Profit rose in the third quarter of 1997. Sales in that quarter were flat.",
     "that quarter", TimexType::kDate, "1997-Q3", ""},
};

INSTANTIATE_TEST_SUITE_P(Cases, TimexCaseTest, ::testing::ValuesIn(kCases));

const Timex* Find(const std::vector<Timex>& found, const std::string& text) {
  for (const Timex& t : found)
    if (t.text == text) return &t;
  return nullptr;
}

TEST(TimexTest, IntervalsAreUtcInThePublishersZone) {
  TimexContext ctx = Dct("2014-12-22", kEastern);
  auto found = ExtractTimexes("The outage went on all weekend. It ended on Monday at 16:15 UTC.", ctx);
  const Timex* weekend = Find(found, "all weekend");
  ASSERT_NE(weekend, nullptr);
  ASSERT_TRUE(weekend->interval.has_value());
  // Saturday 20 and Sunday 21 December, Eastern time.
  EXPECT_EQ(FormatRfc3339(weekend->interval->start), "2014-12-20T05:00:00Z");
  EXPECT_EQ(FormatRfc3339(weekend->interval->end), "2014-12-22T05:00:00Z");
  const Timex* monday = Find(found, "Monday");
  ASSERT_NE(monday, nullptr);
  EXPECT_EQ(FormatRfc3339(monday->interval->start), "2014-12-22T05:00:00Z");
  EXPECT_EQ(monday->interval->granularity, Granularity::kDay);
  const Timex* clock = Find(found, "16:15 UTC");
  ASSERT_NE(clock, nullptr);
  EXPECT_EQ(FormatRfc3339(clock->interval->start), "2014-12-22T16:15:00Z");
  EXPECT_EQ(clock->interval->granularity, Granularity::kMinute);
}

TEST(TimexTest, ZonedClockTimeConvertsToUtc) {
  auto found = ExtractTimexes("It went dark at 7:30 pm Pyongyang time.", Dct("2014-12-22", kEastern));
  const Timex* t = Find(found, "7:30 pm Pyongyang time");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->utc_offset, 9 * 3600);
  ASSERT_TRUE(t->interval.has_value());
  EXPECT_EQ(FormatRfc3339(t->interval->start), "2014-12-22T10:30:00Z");
  auto est = ExtractTimexes("Trading halted at 4 p.m. EST.", Dct("2014-12-22", kEastern));
  ASSERT_EQ(est.size(), 1u);
  EXPECT_EQ(est[0].value, "2014-12-22T16:00");
  EXPECT_EQ(FormatRfc3339(est[0].interval->start), "2014-12-22T21:00:00Z");
  auto offset = ExtractTimexes("Logged at 2014-12-22T16:15+09:00 by the sensor.", Dct("2014-12-22"));
  ASSERT_EQ(offset.size(), 1u);
  EXPECT_EQ(FormatRfc3339(offset[0].interval->start), "2014-12-22T07:15:00Z");
}

TEST(TimexTest, DurationSecondsAndQuarterInterval) {
  auto found = ExtractTimexes("down for 9 hours and 30 minutes in the third quarter", Dct("1998-10-15"));
  const Timex* d = Find(found, "9 hours and 30 minutes");
  ASSERT_NE(d, nullptr);
  ASSERT_TRUE(d->duration.has_value());
  EXPECT_EQ(*d->duration, 34200);
  const Timex* q = Find(found, "the third quarter");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(FormatRfc3339(q->interval->start), "1998-07-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(q->interval->end), "1998-10-01T00:00:00Z");
  EXPECT_EQ(q->interval->granularity, Granularity::kQuarter);
}

TEST(TimexTest, YearAgoFollowsTheQuarterUnderDiscussion) {
  auto found = ExtractTimexes("Net income in the third quarter rose 5% from a year ago.", Dct("1989-10-26"));
  const Timex* t = Find(found, "a year ago");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->value, "1988-Q3");
}

TEST(TimexTest, AgesAndQuantitiesAreNotTimes) {
  TimexContext ctx = Dct("19980227");
  EXPECT_TRUE(ExtractTimexes("Mr. Smith, 52 years old, will retire.", ctx).empty());
  EXPECT_TRUE(ExtractTimexes("A 6-year-old boy was found.", ctx).empty());
  EXPECT_TRUE(ExtractTimexes("The company sold 1,500 shares at $2.50 each.", ctx).empty());
  EXPECT_TRUE(ExtractTimexes("", ctx).empty());
  EXPECT_TRUE(ExtractTimexes("The quarter-to-quarter comparison was better.", ctx).empty());
  EXPECT_TRUE(ExtractTimexes("Exports made up more than a quarter of sales.", ctx).empty());
}

TEST(TimexTest, OffsetsAreBytesIntoUtf8) {
  std::string text = "Pyongyang\xE2\x80\x99s network was down on Monday.";
  auto found = ExtractTimexes(text, Dct("2014-12-22", kEastern));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(text.substr(found[0].begin, found[0].end - found[0].begin), "Monday");
}

// Each expression is the only time expression of its sentence, so the
// sentence's rule prefilter must admit it on its own; blank lines and a
// punctuation-only rest of a sentence are skipped without losing anything.
TEST(TimexTest, LoneExpressionsPassThePrefilter) {
  const std::string text =
      "\n \t\n...\nThe plant closed in March 1997.\n\n"
      "They waited twenty-five years. It took a couple of days.\n"
      "Sales fell in June, 1996 and rose in May 1997.\n--\n"
      "On Monday, it failed.\n";
  std::vector<Timex> found = ExtractTimexes(text, Dct("1998-02-27"));
  std::vector<std::string> got;
  for (const Timex& t : found) got.push_back(t.text + "=" + t.value);
  const std::vector<std::string> want = {"March 1997=1997-03", "twenty-five years=P25Y", "a couple of days=P2D",
                                         "June, 1996=1996-06",  "May 1997=1997-05",       "Monday=1998-02-23"};
  EXPECT_EQ(got, want);
}

TEST(TimexTest, ParsesDctForms) {
  auto a = ParseDct("19980227");
  ASSERT_TRUE(a);
  EXPECT_EQ(FormatRfc3339(a->dct), "1998-02-27T00:00:00Z");
  auto b = ParseDct("2014-12-22T21:00-05:00");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->utc_offset, kEastern);
  EXPECT_EQ(FormatRfc3339(b->dct), "2014-12-23T02:00:00Z");
  auto c = ParseDct("2014-12-22", kEastern);
  ASSERT_TRUE(c);
  EXPECT_EQ(FormatRfc3339(c->dct), "2014-12-22T05:00:00Z");
  EXPECT_FALSE(ParseDct("yesterday"));
  EXPECT_FALSE(ParseDct(""));
}

TEST(TimexTest, ValueIntervals) {
  auto week = TimexValueInterval("2014-W51", 0);
  ASSERT_TRUE(week);
  EXPECT_EQ(FormatRfc3339(week->start), "2014-12-15T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(week->end), "2014-12-22T00:00:00Z");
  auto decade = TimexValueInterval("199", 0);
  ASSERT_TRUE(decade);
  EXPECT_EQ(FormatRfc3339(decade->start), "1990-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(decade->end), "2000-01-01T00:00:00Z");
  auto winter = TimexValueInterval("1997-WI", 0);
  ASSERT_TRUE(winter);
  EXPECT_EQ(FormatRfc3339(winter->end), "1998-03-01T00:00:00Z");
  EXPECT_FALSE(TimexValueInterval("PRESENT_REF", 0));
  EXPECT_FALSE(TimexValueInterval("2014-13", 0));
  EXPECT_EQ(TimexDurationSeconds("PT9H30M"), 34200);
  EXPECT_EQ(TimexDurationSeconds("P1W"), 7 * 86400);
  EXPECT_FALSE(TimexDurationSeconds("PXW"));
}

}  // namespace
}  // namespace corroborate::extract

namespace corroborate::extract {
namespace {

std::string Utc(const std::optional<Interval>& iv) {
  return iv ? FormatRfc3339(iv->start) : "none";
}

const Timex* Named(const std::vector<Timex>& found, std::string_view text) {
  for (const Timex& t : found)
    if (t.text == text) return &t;
  return nullptr;
}

// Zones named after a clock time, with the offset they had on that date
// (daylight saving and historical changes from the system's zone database).
TEST(TimexZoneTest, ZonesFollowTheDate) {
  struct Case {
    const char* dct;
    const char* sentence;
    const char* text;
    const char* utc;
  };
  const Case cases[] = {
      // "ET" in October is EDT (UTC-4), in December EST (UTC-5).
      {"2021-10-05", "All services had been restored as of 11:12 a.m. ET, the carrier said.",
       "11:12 a.m. ET", "2021-10-05T15:12:00Z"},
      {"2021-12-14", "All services had been restored as of 11:12 a.m. ET, the carrier said.",
       "11:12 a.m. ET", "2021-12-14T16:12:00Z"},
      {"2023-07-12", "The outage began at 9:40 a.m. PT on Tuesday.", "9:40 a.m. PT on Tuesday",
       "2023-07-11T16:40:00Z"},
      {"2023-01-10", "The outage began at 9:40 a.m. PT.", "9:40 a.m. PT", "2023-01-10T17:40:00Z"},
      {"2023-07-01", "Calls failed from 1 p.m. CT onward.", "1 p.m. CT", "2023-07-01T18:00:00Z"},
      {"2023-07-01", "A second wave hit at 1 p.m. Eastern time.", "1 p.m. Eastern time",
       "2023-07-01T17:00:00Z"},
      // Specific abbreviations are fixed.
      {"2024-07-01", "The exchange reported trouble at 2:15 p.m. CET.", "2:15 p.m. CET",
       "2024-07-01T13:15:00Z"},
      {"2024-07-01", "The exchange reported trouble at 14:15 CEST.", "14:15 CEST",
       "2024-07-01T12:15:00Z"},
      {"2019-07-01", "Engineers were called at 10:00 BST.", "10:00 BST", "2019-07-01T09:00:00Z"},
      {"2023-01-05", "The portal went dark at 9 a.m. KST.", "9 a.m. KST", "2023-01-05T00:00:00Z"},
      {"2023-01-05", "Service resumed at 9:30 JST.", "9:30 JST", "2023-01-05T00:30:00Z"},
      {"2023-01-05", "The last packets arrived at 08:10 GMT.", "08:10 GMT", "2023-01-05T08:10:00Z"},
      // Named zones: Moscow was UTC+4 in 2012, UTC+3 from late 2014;
      // Pyongyang UTC+8:30 from 2015 to 2018.
      {"2012-06-01", "Sites went offline at 6 p.m. Moscow time.", "6 p.m. Moscow time",
       "2012-06-01T14:00:00Z"},
      {"2016-06-01", "Sites went offline at 6 p.m. Moscow time.", "6 p.m. Moscow time",
       "2016-06-01T15:00:00Z"},
      {"2016-06-01", "State media went silent at 7:30 pm Pyongyang time.", "7:30 pm Pyongyang time",
       "2016-06-01T11:00:00Z"},
      {"2023-12-12", "Subscribers lost service at 14:00 Europe/Kyiv.", "14:00 Europe/Kyiv",
       "2023-12-12T12:00:00Z"},
      {"2019-11-16", "Access was cut at 6 p.m. local time in Tehran.",
       "6 p.m. local time in Tehran", "2019-11-16T14:30:00Z"},
      // "in <city>" after a clock time is that city's time; seconds are read past.
      {"2023-11-14", "Traffic returned at 10:22 am in Sydney after six hours.",
       "10:22 am in Sydney", "2023-11-13T23:22:00Z"},
      {"2023-11-08", "On Wed, Nov 08, 2023 at 03:25:13PM -0600, a reader wrote:",
       "03:25:13PM -0600", "2023-11-08T21:25:00Z"},
      // Four digits are a clock time with a zone.
      {"2020-08-31", "The outage lasted from 1000 UTC on Sunday.", "1000 UTC on Sunday",
       "2020-08-30T10:00:00Z"},
  };
  for (const Case& c : cases) {
    auto found = ExtractTimexes(c.sentence, Dct(c.dct));
    const Timex* t = Named(found, c.text);
    ASSERT_NE(t, nullptr) << c.sentence;
    EXPECT_EQ(t->type, TimexType::kTime) << c.sentence;
    EXPECT_EQ(Utc(t->interval), c.utc) << c.sentence;
  }
  // "ET" is the New York zone, "GMT" a fixed offset; no zone named, none kept.
  auto found =
      ExtractTimexes("Restored at 11:12 a.m. ET, after failing at 0905 GMT and again at 10:00.",
                     Dct("2021-10-05"));
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].zone, "America/New_York");
  EXPECT_EQ(found[0].utc_offset, -4 * 3600);
  EXPECT_EQ(found[1].zone, "+00:00");
  EXPECT_EQ(found[2].zone, "");
}

TEST(TimexZoneTest, FourDigitsWithoutAZoneAreNoTime) {
  auto found = ExtractTimexes("About 1026 customers were affected in 2014.", Dct("2014-12-22"));
  for (const Timex& t : found) EXPECT_NE(t.type, TimexType::kTime) << t.text;
}

TEST(TimexZoneTest, LocalTimeIsMarkedForThePlace) {
  // "local time" without a place: read in the publisher's zone until the
  // claim's place is known; "local residents" is no zone.
  auto found = ExtractTimexes("The network failed at 7:30 p.m. local time on Monday.",
                              Dct("2014-12-22", kEastern));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "7:30 p.m. local time on Monday");
  EXPECT_EQ(found[0].zone, "local");
  EXPECT_EQ(Utc(found[0].interval), "2014-12-23T00:30:00Z");
  auto Pyongyang = TimexIntervalInZone(found[0], "Asia/Pyongyang");
  EXPECT_EQ(Utc(Pyongyang), "2014-12-22T10:30:00Z");
  found = ExtractTimexes("Power returned at 10 a.m. local residents said.", Dct("2014-12-22"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "10 a.m.");
  EXPECT_EQ(found[0].zone, "");
}

TEST(TimexZoneTest, CountryAndCityZones) {
  EXPECT_EQ(CountryZone("KP"), "Asia/Pyongyang");
  EXPECT_EQ(CountryZone("IR"), "Asia/Tehran");
  EXPECT_EQ(CountryZone("UA"), "Europe/Kyiv");
  EXPECT_EQ(CountryZone("US"), "");  // several zones: no guess
  EXPECT_EQ(CountryZone("RU"), "");
  EXPECT_EQ(CountryZone("ES"), "");  // the Canaries are an hour behind Madrid
  EXPECT_EQ(CityZone("Residents of New York lost service."), "America/New_York");
  EXPECT_EQ(CityZone("Residents of Lagos lost service."), "Africa/Lagos");
  EXPECT_EQ(CityZone("The central bank lost service."), "");
}

// A local clock time with the same moment in UTC beside it is one instant:
// the UTC figure's.
TEST(TimexZoneTest, LocalTimeWithUtcBesideItIsOneInstant) {
  // The bracketed UTC conversion is folded into the local time, which takes
  // its instant (the publisher's zone, UTC here, would say 12:26 UTC).
  auto found =
      ExtractTimexes("Power failed at 12:26 p.m. local time (1026 GMT), the grid operator said.",
                     Dct("2025-04-28"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "12:26 p.m. local time");
  EXPECT_EQ(Utc(found[0].interval), "2025-04-28T10:26:00Z");
  EXPECT_EQ(found[0].utc_offset, 2 * 3600);
  EXPECT_EQ(found[0].zone, "+02:00");
  EXPECT_EQ(found[0].value, "2025-04-28T12:26");

  found = ExtractTimexes("Supply came back from 3:32 p.m. (1332 GMT), the operator said.",
                         Dct("2025-04-28"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(Utc(found[0].interval), "2025-04-28T13:32:00Z");

  // UTC first, local after it: both kept, one instant; a half-hour zone is
  // a whole number of quarter hours.
  found = ExtractTimexes("At 16:45 UTC (10:15pm local) a large part of the network vanished.",
                         Dct("2024-03-14"));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(Utc(found[1].interval), "2024-03-14T16:45:00Z");
  EXPECT_EQ(found[1].utc_offset, 5 * 3600 + 1800);

  // Figures that cannot be the same moment in any zone: the UTC one stands.
  found = ExtractTimexes("Power failed at 12:26 p.m. local time (1020 GMT), the operator said.",
                         Dct("2025-04-28"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(Utc(found[0].interval), "2025-04-28T10:20:00Z");
  // A stated zone that disagrees with the UTC figure: the UTC one stands.
  found = ExtractTimexes("Trading stopped at 11 a.m. ET (1600 GMT) on the exchange.",
                         Dct("2023-07-10"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(Utc(found[0].interval), "2023-07-10T16:00:00Z");
  EXPECT_EQ(found[0].utc_offset, -4 * 3600);  // ET's own offset kept: it disagrees
  // A restatement in another zone is kept beside the time it restates.
  found =
      ExtractTimexes("He will leave at 4 in the morning (4 a.m. EDT Thursday).", Dct("2000-04-05"));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(Utc(found[0].interval), "2000-04-06T08:00:00Z");
}

TEST(TimexZoneTest, PairAcrossMidnightKeepsTheNamedDay) {
  // Published in UTC the next day: the local reading's day follows the
  // UTC figure's named day.
  auto found =
      ExtractTimexes("Traffic fell to zero at 17:04 UTC on November 7, or 4:04 a.m. local time.",
                     Dct("2023-11-09"));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(Utc(found[0].interval), "2023-11-07T17:04:00Z");
  EXPECT_EQ(Utc(found[1].interval), "2023-11-07T17:04:00Z");
  EXPECT_EQ(found[1].value, "2023-11-08T04:04");
  EXPECT_EQ(found[1].utc_offset, 11 * 3600);
  // Days apart: two moments, each kept.
  found = ExtractTimexes("The first alert came at 10:00 on Monday (1200 GMT on Friday).",
                         Dct("2024-03-14"));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(Utc(found[0].interval), "2024-03-11T10:00:00Z");
  EXPECT_EQ(Utc(found[1].interval), "2024-03-08T12:00:00Z");
}

TEST(TimexZoneTest, ClockRangesAreIntervals) {
  struct Case {
    const char* sentence;
    const char* start;
    const char* end;
  };
  // Published in US Eastern time: a zone written once applies to both ends.
  const Case cases[] = {
      {"Traffic dropped sharply between 15:40 and 22:45 UTC.", "2024-03-14T15:40:00Z",
       "2024-03-14T22:45:00Z"},
      {"The network was unreachable from 15:40 to 22:45 GMT.", "2024-03-14T15:40:00Z",
       "2024-03-14T22:45:00Z"},
      {"Probes failed 15:40-22:45 UTC, the monitor said.", "2024-03-14T15:40:00Z",
       "2024-03-14T22:45:00Z"},
      {"The outage lasted more than 5 hours (1000 UTC till 1530 UTC on a Sunday morning).",
       "2024-03-14T10:00:00Z", "2024-03-14T15:30:00Z"},
      {"Service was out between 22:00 and 02:30 UTC.", "2024-03-14T22:00:00Z",
       "2024-03-15T02:30:00Z"},
      {"Routes vanished between 9 a.m. and 5 p.m. ET.", "2024-03-14T13:00:00Z",
       "2024-03-14T21:00:00Z"},
      {"Routes vanished between 15:40 and 22:45 UTC on Saturday.", "2024-03-09T15:40:00Z",
       "2024-03-09T22:45:00Z"},
  };
  for (const Case& c : cases) {
    auto found = ExtractTimexes(c.sentence, Dct("2024-03-14", kEastern));
    ASSERT_EQ(found.size() >= 2, true) << c.sentence;
    const Timex* first = nullptr;
    for (const Timex& t : found)
      if (t.type == TimexType::kTime && !first) first = &t;
    ASSERT_NE(first, nullptr) << c.sentence;
    ASSERT_TRUE(first->range.has_value()) << c.sentence;
    EXPECT_EQ(FormatRfc3339(first->range->start), c.start) << c.sentence;
    EXPECT_EQ(FormatRfc3339(first->range->end), c.end) << c.sentence;
  }
  // Two separate times are no range.
  auto found =
      ExtractTimexes("It failed at 9 a.m. and again at 5 p.m. ET.", Dct("2024-03-14", kEastern));
  for (const Timex& t : found) EXPECT_FALSE(t.range.has_value()) << t.text;
}

}  // namespace
}  // namespace corroborate::extract
