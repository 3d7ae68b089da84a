#include "correlate/extract/claims.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "correlate/extract/certainty.h"

namespace corroborate::extract {
namespace {

const Instant kDct = 1419267600;  // 2014-12-22T17:00:00Z

std::vector<Claim> Extract(std::string_view text, const std::vector<Timex>& timexes = {}) {
  ClaimOptions options;
  options.dct = kDct;
  return ExtractClaims(text, timexes, options);
}

const Claim* Find(const std::vector<Claim>& claims, ClaimType type) {
  for (const Claim& c : claims) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

TEST(SplitRoleOrganisationTest, SplitsAtAtAndOf) {
  std::string role, org;
  ASSERT_TRUE(SplitRoleOrganisation("Director of Internet analysis at Dyn Research", &role, &org));
  EXPECT_EQ(role, "Director of Internet analysis");
  EXPECT_EQ(org, "Dyn Research");
  ASSERT_TRUE(SplitRoleOrganisation("who is the president of CloudFlare – an Internet security company", &role, &org));
  EXPECT_EQ(role, "president");
  EXPECT_EQ(org, "CloudFlare");
  ASSERT_TRUE(SplitRoleOrganisation("a senior analyst at Acme Networks", &role, &org));
  EXPECT_EQ(role, "senior analyst");
  EXPECT_EQ(org, "Acme Networks");
  EXPECT_FALSE(SplitRoleOrganisation("a company that monitors Internet performance", &role, &org));
}

TEST(ClaimsTest, AttributionAfterQuoteWithAppositive) {
  auto claims = Extract(
      "“It’s as if all the routes to get to Ruritania just disappeared” according to Jane Roe, who is the\xC2\xA0"
      "president of Acme\xC2\xA0Networks – an Internet company.");
  const Claim* scope = Find(claims, ClaimType::kOutageScope);
  ASSERT_NE(scope, nullptr);
  EXPECT_EQ(scope->scope, "all_routes");
  EXPECT_TRUE(scope->direct_quote);
  EXPECT_EQ(scope->attribution.speaker, "Jane Roe");
  EXPECT_EQ(scope->attribution.role, "president");
  EXPECT_EQ(scope->attribution.organisation, "Acme Networks");
}

TEST(ClaimsTest, SaidBeforeAndInvertedAfter) {
  auto claims = Extract("Ms. Roe said: “The network went down at noon.”");
  const Claim* start = Find(claims, ClaimType::kOutageStart);
  ASSERT_NE(start, nullptr);
  EXPECT_EQ(start->attribution.speaker, "Roe");
  EXPECT_TRUE(start->direct_quote);
  EXPECT_EQ(start->quote, "The network went down at noon.");

  claims = Extract("“Service was restored overnight,” said John Smith, chief engineer at Acme Telecom.");
  const Claim* end = Find(claims, ClaimType::kOutageEnd);
  ASSERT_NE(end, nullptr);
  EXPECT_EQ(end->attribution.speaker, "John Smith");
  EXPECT_EQ(end->attribution.role, "chief engineer");
  EXPECT_EQ(end->attribution.organisation, "Acme Telecom");

  claims = Extract("“The outage was caused by a power failure,” the minister told Reuters.");
  const Claim* cause = Find(claims, ClaimType::kCauseAssertion);
  ASSERT_NE(cause, nullptr);
  EXPECT_EQ(cause->cause, "power_outage");
  EXPECT_EQ(cause->attribution.speaker, "minister");
  EXPECT_EQ(cause->attribution.via, (std::vector<std::string>{"Reuters"}));
}

TEST(ClaimsTest, AccordingToAnOutletIsARelay) {
  auto claims = Extract("The outage was caused by a cable cut, according to the Daily Planet News.");
  const Claim* cause = Find(claims, ClaimType::kCauseAssertion);
  ASSERT_NE(cause, nullptr);
  EXPECT_EQ(cause->cause, "cable_cut");
  EXPECT_EQ(cause->attribution.speaker, "");
  EXPECT_EQ(cause->attribution.via, (std::vector<std::string>{"Daily Planet News"}));
}

TEST(ClaimsTest, NestedRelayAndRepresentation) {
  auto claims = Extract(
      "An account claiming to represent the hacking group Lizard Squad posted, “Operation Blackout has begun,” "
      "according to CNN.");
  const Claim* threat = Find(claims, ClaimType::kThreat);
  ASSERT_NE(threat, nullptr);
  EXPECT_EQ(threat->attribution.speaker, "An account");
  EXPECT_EQ(threat->attribution.represents, "Lizard Squad");
  EXPECT_EQ(threat->attribution.via, (std::vector<std::string>{"CNN"}));
  EXPECT_EQ(threat->actor, "hacktivist");
}

TEST(ClaimsTest, MarkupQuoteShortcodeAndBlockquote) {
  std::string text =
      "Intro about the Internet outage.\n\n"
      "[quote author=\"— Jane Roe\" author_title=\"Head of research at Acme Networks\"]\n\n"
      "We have seen routing instability all week. It may have been an attack.\n\n"
      "Unrelated closing paragraph.";
  auto claims = Extract(text);
  const Claim* cause = Find(claims, ClaimType::kCauseAssertion);
  ASSERT_NE(cause, nullptr);
  EXPECT_EQ(cause->attribution.speaker, "Jane Roe");
  EXPECT_EQ(cause->attribution.role, "Head of research");
  EXPECT_EQ(cause->attribution.organisation, "Acme Networks");
  EXPECT_TRUE(cause->direct_quote);
  EXPECT_LT(cause->certainty, 0.5);
  const Claim* m = Find(claims, ClaimType::kMeasurementReport);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->attribution.speaker, "Jane Roe");

  claims = Extract("<blockquote data-author=\"John Doe\">The network is back online.</blockquote>");
  const Claim* end = Find(claims, ClaimType::kOutageEnd);
  ASSERT_NE(end, nullptr);
  EXPECT_EQ(end->attribution.speaker, "John Doe");
  EXPECT_TRUE(end->direct_quote);
}

// A quotation longer than 4 KB (a markup quote left open in a long
// paragraph) is given by the part in the claim's sentence, not copied whole.
TEST(ClaimsTest, LongQuoteIsGivenByTheClaimSentence) {
  std::string filler;
  while (filler.size() < 5000) filler += "We have seen routing instability all week. ";
  const std::string claim = "The Internet in Ruritania went down on Monday.";
  for (const std::string& open :
       {std::string("[quote author=\"Jane Roe\"]"), std::string("\u201C")}) {
    auto claims = Extract(open + filler + claim + " " + filler);
    const Claim* start = Find(claims, ClaimType::kOutageStart);
    ASSERT_NE(start, nullptr) << open;
    EXPECT_TRUE(start->direct_quote) << open;
    EXPECT_EQ(start->quote, claim) << open;
  }
  // A shorter one is the whole quotation.
  auto claims = Extract("[quote author=\"Jane Roe\"]We saw it. " + claim + " It was bad.");
  const Claim* start = Find(claims, ClaimType::kOutageStart);
  ASSERT_NE(start, nullptr);
  EXPECT_EQ(start->quote, "We saw it. " + claim + " It was bad.");
}

// Quote tags that overlap or nest: each byte belongs to one tag, a body
// ends at the next tag, and the quote around a claim is the innermost one.
TEST(ClaimsTest, OverlappingMarkupTags) {
  auto claims = Extract(
      "<blockquote data-author=\"John Doe\">Before.\n<blockquote data-author=\"Jane Roe\">"
      "The network went down on Monday.</blockquote> After.");
  const Claim* start = Find(claims, ClaimType::kOutageStart);
  ASSERT_NE(start, nullptr);
  EXPECT_EQ(start->attribution.speaker, "Jane Roe");
  EXPECT_EQ(start->quote, "The network went down on Monday.");
  // "[quote" inside another tag is part of that tag.
  claims = Extract(
      "[quote author=\"Jane Roe\" note=\"[quote ]\" The network went down on Monday.[/quote]");
  start = Find(claims, ClaimType::kOutageStart);
  ASSERT_NE(start, nullptr);
  EXPECT_EQ(start->attribution.speaker, "Jane Roe");
  EXPECT_TRUE(start->direct_quote);
}

// Timexes given out of text order date claims as in order.
TEST(ClaimsTest, TimexesInAnyOrder) {
  const std::string text = "On Monday nothing happened. The network went down on Tuesday.";
  Timex monday, tuesday;
  monday.begin = text.find("Monday");
  monday.end = monday.begin + 6;
  monday.text = "Monday";
  monday.type = TimexType::kDate;
  monday.interval = Interval{kDct - 86400, kDct, Granularity::kDay};
  tuesday = monday;
  tuesday.begin = text.find("Tuesday");
  tuesday.end = tuesday.begin + 7;
  tuesday.text = "Tuesday";
  tuesday.interval = Interval{kDct, kDct + 86400, Granularity::kDay};
  for (const auto& timexes :
       {std::vector<Timex>{monday, tuesday}, std::vector<Timex>{tuesday, monday}}) {
    auto claims = Extract(text, timexes);
    const Claim* start = Find(claims, ClaimType::kOutageStart);
    ASSERT_NE(start, nullptr);
    EXPECT_EQ(start->time_text, "Tuesday");
  }
}

TEST(ClaimsTest, CauseActorsAndCertainty) {
  auto claims = Extract("The Internet outage was possibly a co-ordinated attack by Russia.");
  const Claim* cause = Find(claims, ClaimType::kCauseAssertion);
  ASSERT_NE(cause, nullptr);
  EXPECT_EQ(cause->actor, "foreign_state:RU");
  EXPECT_LT(cause->certainty, 0.5);

  claims = Extract("Officials in Ruritania decided to shut down the country's internet, there is no doubt.");
  cause = Find(claims, ClaimType::kCauseAssertion);
  ASSERT_NE(cause, nullptr);
  EXPECT_EQ(cause->cause, "government_directed");
  EXPECT_EQ(cause->actor, "own_government");

  claims = Extract("The network outage was clearly a distributed denial-of-service attack.");
  cause = Find(claims, ClaimType::kCauseAssertion);
  ASSERT_NE(cause, nullptr);
  EXPECT_EQ(cause->cause, "cyberattack");
  EXPECT_GE(cause->certainty, 0.9);
  EXPECT_EQ(cause->certainty_label, "almost certain");
}

TEST(ClaimsTest, AttackOnAnotherTargetIsNotACause) {
  auto claims = Extract("The outage followed the attack on Acme Pictures last month.");
  EXPECT_EQ(Find(claims, ClaimType::kCauseAssertion), nullptr);
}

TEST(ClaimsTest, AnaphoricEvaluationRatesThePreviousSentence) {
  auto claims = Extract("Was the outage an attack by Iran? That seems very unlikely.");
  const Claim* cause = Find(claims, ClaimType::kCauseAssertion);
  ASSERT_NE(cause, nullptr);
  EXPECT_EQ(cause->actor, "foreign_state:IR");
  EXPECT_LT(cause->certainty, 0.2);
  // An extraposed "It is not clear what ..." does not re-rate.
  claims = Extract("The Internet was down for hours. It is not clear what caused it.");
  const Claim* state = Find(claims, ClaimType::kOutageState);
  ASSERT_NE(state, nullptr);
  EXPECT_DOUBLE_EQ(state->certainty, kAssertedCertainty);
}

TEST(ClaimsTest, ThatRatesOnlyTheNearestAlternative) {
  auto claims = Extract(
      "Was the outage caused by an individual hacker or a co-ordinated attack by Iran? That seems very unlikely.");
  const Claim* hacker = nullptr;
  const Claim* iran = nullptr;
  for (const Claim& c : claims) {
    if (c.type != ClaimType::kCauseAssertion) continue;
    if (c.actor == "foreign_state:IR") iran = &c;
    if (c.actor == "hacker" || c.actor == "hacktivist") hacker = &c;
  }
  ASSERT_NE(iran, nullptr);
  EXPECT_LT(iran->certainty, 0.2);
  if (hacker) {
    EXPECT_GT(hacker->certainty, 0.25);
  }
}

TEST(ClaimsTest, DenialNamesTheDenier) {
  auto claims = Extract("Officials blamed Iran for the network outage, which Iran denies.");
  const Claim* denial = Find(claims, ClaimType::kDenial);
  ASSERT_NE(denial, nullptr);
  EXPECT_EQ(denial->attribution.speaker, "Iran");
  EXPECT_EQ(denial->subject, "country:IR");
}

TEST(ClaimsTest, NegationAndScope) {
  auto claims = Extract("Sites on foreign servers had no problems, but the mobile network was not affected either.");
  const Claim* scope = Find(claims, ClaimType::kOutageScope);
  ASSERT_NE(scope, nullptr);
  EXPECT_TRUE(scope->negated);
}

TEST(ClaimsTest, DurationAndTimeFromTimexes) {
  std::string text = "Ruritania's Internet was down for 9 hours and 30 minutes today.";
  Timex dur;
  dur.begin = text.find("9 hours");
  dur.end = dur.begin + std::string("9 hours and 30 minutes").size();
  dur.text = "9 hours and 30 minutes";
  dur.type = TimexType::kDuration;
  dur.value = "PT9H30M";
  dur.duration = 9 * 3600 + 30 * 60;
  Timex today;
  today.begin = text.find("today");
  today.end = today.begin + 5;
  today.text = "today";
  today.value = "2014-12-22";
  today.interval = Interval{1419206400, 1419292800, Granularity::kDay};
  auto claims = Extract(text, {dur, today});
  const Claim* d = Find(claims, ClaimType::kOutageDuration);
  ASSERT_NE(d, nullptr);
  ASSERT_TRUE(d->duration_seconds.has_value());
  EXPECT_EQ(*d->duration_seconds, 34200);
  ASSERT_TRUE(d->time.has_value());
  EXPECT_EQ(d->time->start, 1419206400);
  EXPECT_EQ(d->time_text, "today");
  EXPECT_EQ(d->subject, "");  // no gazetteer country named
}

TEST(ClaimsTest, RelativeDurationDatesTheEarlierEvent) {
  std::string text = "The outage comes less than a week after Freedonia vowed a response.";
  Timex x;
  x.begin = text.find("less than a week");
  x.end = x.begin + std::string("less than a week").size();
  x.text = "less than a week";
  x.type = TimexType::kDuration;
  x.value = "P1W";
  x.mod = "LESS_THAN";
  x.duration = 7 * 86400;
  auto claims = Extract(text, {x});
  const Claim* threat = Find(claims, ClaimType::kThreat);
  ASSERT_NE(threat, nullptr);
  ASSERT_TRUE(threat->time.has_value());
  // The seven days before the DCT's day (2014-12-22, UTC here).
  EXPECT_EQ(threat->time->start, 1419206400 - 7 * 86400);
  EXPECT_EQ(threat->time->end, 1419206400);
  EXPECT_EQ(Find(claims, ClaimType::kOutageDuration), nullptr);  // not the outage's length
}

TEST(ClaimsTest, DefaultsToTheDctDayAndOutlet) {
  ClaimOptions options;
  options.dct = kDct;
  options.dct_utc_offset = -5 * 3600;
  options.outlet = "Example Times";
  auto claims = ExtractClaims("The network is back online.", {}, options);
  ASSERT_EQ(claims.size(), 1u);
  ASSERT_TRUE(claims[0].time.has_value());
  EXPECT_EQ(claims[0].time->start, 1419224400);  // 2014-12-22T00:00-05:00
  EXPECT_EQ(claims[0].time->granularity, Granularity::kDay);
  EXPECT_EQ(claims[0].attribution.via, (std::vector<std::string>{"Example Times"}));
}

TEST(ClaimsTest, NoClaimsInPlainText) {
  EXPECT_TRUE(Extract("The cat sat on the mat. It was a sunny day.").empty());
  EXPECT_TRUE(Extract("").empty());
  EXPECT_TRUE(Extract(std::string("\xFF\xFE\x00 garbage", 11)).empty());
}

TEST(CertaintyTest, CuesAndCombination) {
  std::string text = "It seems very unlikely, but no doubt it may have happened.";
  auto cues = FindCertaintyCues(text, 0, text.size());
  std::vector<std::string> words;
  for (const auto& c : cues) words.push_back(text.substr(c.begin, c.end - c.begin));
  EXPECT_EQ(words, (std::vector<std::string>{"seems", "very unlikely", "no doubt", "may have"}));
  CertaintyEstimate e = CombineCues(text, cues);
  EXPECT_DOUBLE_EQ(e.certainty, 0.10);
  EXPECT_FALSE(e.negated);
  EXPECT_STREQ(CertaintyLabel(0.10), "very unlikely");
  EXPECT_STREQ(CertaintyLabel(0.5), "roughly even chance");
}

}  // namespace
}  // namespace corroborate::extract

namespace corroborate::extract {
namespace {

TEST(ClaimLexiconTest, AllLexiconsLoadAndCompile) {
  EXPECT_EQ(ClaimLexiconProblems(), std::vector<std::string>{});
}

}  // namespace
}  // namespace corroborate::extract

namespace corroborate::extract {
namespace {

TEST(ClaimsTest, RelativeClauseBetweenSubjectAndVerb) {
  auto claims = Extract("Acme Communications, which hosts the site, said in a statement that the site was knocked offline.");
  const Claim* start = Find(claims, ClaimType::kOutageStart);
  ASSERT_NE(start, nullptr);
  EXPECT_EQ(start->attribution.speaker, "Acme Communications");
}

TEST(ClaimsTest, OffTopicSentencesGiveNoClaims) {
  // Outage and attack words about other things, far from any network topic.
  EXPECT_TRUE(Extract("The talks have been cut off for two years. The senator was gunned down. "
                      "The attack was quick, and the army resumed work.")
                  .empty());
}

}  // namespace
}  // namespace corroborate::extract

namespace corroborate::extract {
namespace {

TEST(ClaimsTest, AttributionAroundAQuote) {
  auto claims = Extract("“The network went down at noon,” Jane Roe said, “and we think it was a cyberattack.”");
  const Claim* cause = Find(claims, ClaimType::kCauseAssertion);
  ASSERT_NE(cause, nullptr);
  EXPECT_EQ(cause->attribution.speaker, "Jane Roe");
  EXPECT_TRUE(cause->direct_quote);
  EXPECT_EQ(cause->quote, "and we think it was a cyberattack.");
  EXPECT_LT(cause->certainty, kAssertedCertainty);  // "think"
  const Claim* start = Find(claims, ClaimType::kOutageStart);
  ASSERT_NE(start, nullptr);
  EXPECT_EQ(start->attribution.speaker, "Jane Roe");
}

TEST(ClaimsTest, MultiSentenceQuoteKeepsItsSpeaker) {
  auto claims = Extract(
      "Jane Roe, head of research at Acme Networks, said: “We saw routing instability all night. "
      "The network is back online now.”");
  const Claim* end = Find(claims, ClaimType::kOutageEnd);
  ASSERT_NE(end, nullptr);
  EXPECT_EQ(end->attribution.speaker, "Jane Roe");
  EXPECT_EQ(end->attribution.organisation, "Acme Networks");
  EXPECT_TRUE(end->direct_quote);
}

}  // namespace
}  // namespace corroborate::extract

#include <algorithm>
#include <random>

#include "correlate/extract/entities.h"
#include "correlate/extract/sentences.h"

namespace corroborate::extract {
namespace {

// Arbitrary bytes (invalid UTF-8, stray quotes and markup) never crash and
// always give offsets inside the text.
TEST(ClaimsRobustnessTest, RandomBytes) {
  std::mt19937 rng(12345);
  const std::string alphabet[] = {"a", "Z", " ", ".", "\n", "\n\n", "\"", "“", "”", "’", "–", "\xC2\xA0", "\xFF",
                                  "\xE2", "[quote author=\"x\"]", "<blockquote>", "</blockquote>", "according to ",
                                  " said ", "down", "attack", "Korea", "AS1", "1.2.3.4/8", "?", "Mr.", "\xE2\x80"};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    int n = static_cast<int>(rng() % 120);
    for (int i = 0; i < n; ++i) text += alphabet[rng() % std::size(alphabet)];
    for (const SentenceSpan& s : SplitSentences(text)) {
      ASSERT_LE(s.begin, s.end);
      ASSERT_LE(s.end, text.size());
    }
    for (const Mention& m : ExtractEntities(text)) ASSERT_LE(m.end, text.size());
    ClaimOptions options;
    options.dct = 0;
    for (const Claim& c : ExtractClaims(text, {}, options)) {
      ASSERT_LE(c.sentence_end, text.size());
      ASSERT_GE(c.certainty, 0.0);
      ASSERT_LE(c.certainty, 1.0);
    }
  }
}

}  // namespace
}  // namespace corroborate::extract

namespace corroborate::extract {
namespace {

TEST(ClaimsTest, OrganisationAndTitleBeforeTheName) {
  auto claims = Extract("Acme Research analyst Jane Roe told The New York Times that the network went dark on Monday.");
  const Claim* start = Find(claims, ClaimType::kOutageStart);
  ASSERT_NE(start, nullptr);
  EXPECT_EQ(start->attribution.speaker, "Jane Roe");
  EXPECT_EQ(start->attribution.role, "analyst");
  EXPECT_EQ(start->attribution.organisation, "Acme Research");
  EXPECT_EQ(start->attribution.via, (std::vector<std::string>{"New York Times"}));
  EXPECT_TRUE(std::any_of(start->mentions.begin(), start->mentions.end(),
                          [](const Mention& m) { return m.id == "person:jane-roe"; }));
}

}  // namespace
}  // namespace corroborate::extract

namespace corroborate::extract {
namespace {

TEST(ClaimsTest, TrailingOutletReportingClauseIsARelay) {
  auto claims = Extract("The minister said the outage was caused by a power failure, the state news agency reported.");
  const Claim* cause = Find(claims, ClaimType::kCauseAssertion);
  ASSERT_NE(cause, nullptr);
  EXPECT_EQ(cause->attribution.speaker, "minister");
  EXPECT_EQ(cause->attribution.via, (std::vector<std::string>{"state news agency"}));
}

TEST(ClaimsTest, TrafficDropIsAMeasurement) {
  auto claims = Extract("Acme Networks, which monitors web traffic, confirmed a sharp drop in traffic from the country.");
  const Claim* m = Find(claims, ClaimType::kMeasurementReport);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->attribution.speaker, "Acme Networks");
}

}  // namespace
}  // namespace corroborate::extract

namespace corroborate::extract {
namespace {

TEST(ClaimsTest, RoleThenNameBetweenCommasAndPronounFollowUp) {
  auto claims = Extract(
      "A spokesman for the ministry, Ahmed Ali, told Reuters the blackout was caused by technical problems. "
      "He denied that the government was behind the network shutdown.");
  const Claim* cause = Find(claims, ClaimType::kCauseAssertion);
  ASSERT_NE(cause, nullptr);
  EXPECT_EQ(cause->cause, "technical_problem");
  EXPECT_EQ(cause->attribution.speaker, "Ahmed Ali");
  EXPECT_EQ(cause->attribution.role, "spokesman for the ministry");
  EXPECT_EQ(cause->attribution.via, (std::vector<std::string>{"Reuters"}));
  const Claim* denial = Find(claims, ClaimType::kDenial);
  ASSERT_NE(denial, nullptr);
  EXPECT_EQ(denial->attribution.speaker, "Ahmed Ali");
}

TEST(ClaimsTest, StatementFromAnOrganisation) {
  auto claims = Extract("The network is back online, according to a statement from Acme Telecom.");
  const Claim* end = Find(claims, ClaimType::kOutageEnd);
  ASSERT_NE(end, nullptr);
  EXPECT_EQ(end->attribution.speaker, "Acme Telecom");
  claims = Extract("Internet access appears to have returned, Acme Research said.");
  end = Find(claims, ClaimType::kOutageEnd);
  ASSERT_NE(end, nullptr);
  EXPECT_LT(end->certainty, kAssertedCertainty);
}

}  // namespace
}  // namespace corroborate::extract
