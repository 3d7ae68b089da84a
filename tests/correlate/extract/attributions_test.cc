// Attributions in invented news sentences, one construction per test: the
// embedded model (trained on PolNeAR) with the rules around it.
#include "correlate/extract/attributions.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corroborate::extract {
namespace {

struct Seen {
  std::string source, cue, content, kind, name, role, organisation;
};

std::vector<Seen> Extract(const std::string& text) {
  std::vector<Seen> out;
  for (const AttributionRelation& a : ExtractAttributions(text)) {
    Seen s;
    auto span = [&](const ByteSpan& b) { return text.substr(b.begin, b.end - b.begin); };
    if (a.source) s.source = span(*a.source);
    if (a.cue) s.cue = span(*a.cue);
    for (const ByteSpan& c : a.content) s.content += (s.content.empty() ? "" : " | ") + span(c);
    s.kind = AttributionKindName(a.kind);
    s.name = a.speaker.name;
    s.role = a.speaker.role;
    s.organisation = a.speaker.organisation;
    out.push_back(s);
  }
  return out;
}

const Seen* WithCue(const std::vector<Seen>& all, const std::string& cue) {
  for (const Seen& s : all) {
    if (s.cue == cue) return &s;
  }
  return nullptr;
}

// The example of the contract in ../shared/eval/README.md, offsets included.
TEST(AttributionsTest, ContractExample) {
  const std::string text =
      "Telecom minister Ana Silva said the outage began at 16:15. \xE2\x80\x9CIt was not an "
      "attack,\xE2\x80\x9D "
      "she said, \xE2\x80\x9C"
      "and service is back.\xE2\x80\x9D\n";
  std::vector<AttributionRelation> all = ExtractAttributions(text);
  ASSERT_EQ(all.size(), 2u);
  const AttributionRelation& a = all[0];
  ASSERT_TRUE(a.source && a.cue);
  EXPECT_EQ(*a.source, (ByteSpan{0, 26}));
  EXPECT_EQ(*a.cue, (ByteSpan{27, 31}));
  ASSERT_EQ(a.content.size(), 1u);
  EXPECT_EQ(a.content[0], (ByteSpan{32, 57}));
  EXPECT_EQ(a.kind, AttributionKind::kIndirect);
  EXPECT_EQ(a.speaker.name, "Ana Silva");
  EXPECT_EQ(a.speaker.role, "telecom minister");
  const AttributionRelation& b = all[1];
  ASSERT_TRUE(b.source && b.cue);
  EXPECT_EQ(*b.source, (ByteSpan{87, 90}));
  EXPECT_EQ(*b.cue, (ByteSpan{91, 95}));
  ASSERT_EQ(b.content.size(), 2u);
  EXPECT_EQ(b.content[0], (ByteSpan{59, 86}));
  EXPECT_EQ(b.content[1], (ByteSpan{97, 123}));
  EXPECT_EQ(b.kind, AttributionKind::kDirect);
  EXPECT_EQ(b.speaker.name, "Ana Silva");  // "she"
}

TEST(AttributionsTest, InversionWithAnAppositive) {
  auto all =
      Extract("\"The network is stable,\" said Maria Lopez, a network engineer at Acme Telecom.");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].cue, "said");
  EXPECT_EQ(all[0].source.substr(0, 11), "Maria Lopez");
  EXPECT_EQ(all[0].content, "\"The network is stable,\"");
  EXPECT_EQ(all[0].kind, "direct");
  EXPECT_EQ(all[0].name, "Maria Lopez");
  EXPECT_EQ(all[0].role, "network engineer");
  EXPECT_EQ(all[0].organisation, "Acme Telecom");
}

TEST(AttributionsTest, AnAgeInTheAppositive) {
  auto all = Extract("Jon Reyes, 18, said he had lost his connection twice that week.");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].source.substr(0, 9), "Jon Reyes");
  EXPECT_EQ(all[0].content, "he had lost his connection twice that week");
  EXPECT_EQ(all[0].name, "Jon Reyes");
  EXPECT_EQ(all[0].role, "");  // the age is not a role
}

TEST(AttributionsTest, AccordingToBeforeAndAfter) {
  for (const std::string text : {"According to NetBlocks, traffic fell by half on Tuesday.",
                                 "Traffic fell by half on Tuesday, according to NetBlocks."}) {
    auto all = Extract(text);
    ASSERT_EQ(all.size(), 1u) << text;
    EXPECT_EQ(all[0].source, "NetBlocks") << text;
    EXPECT_EQ(all[0].kind, "according_to") << text;
    EXPECT_NE(all[0].content.find("raffic fell by half on Tuesday"), std::string::npos) << text;
    EXPECT_EQ(all[0].content.find("NetBlocks"), std::string::npos) << text;
  }
}

TEST(AttributionsTest, InAStatementAndToldReporters) {
  auto all = Extract(
      "Acme Telecom said in a statement that the outage was caused by a storm.\n\n"
      "The chief executive told reporters that no customer data had been lost.");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].source, "Acme Telecom");
  EXPECT_EQ(all[0].cue, "said in a statement");
  EXPECT_EQ(all[0].content, "that the outage was caused by a storm");
  EXPECT_EQ(all[0].organisation, "Acme Telecom");
  EXPECT_EQ(all[1].source, "The chief executive");
  EXPECT_EQ(all[1].cue.substr(0, 4), "told");
  EXPECT_EQ(all[1].content, "that no customer data had been lost");
}

TEST(AttributionsTest, TwoAttributionsInOneSentence) {
  auto all = Extract(
      "The ministry said the cable had been repaired, and the operator said prices would not "
      "rise.");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].source, "The ministry");
  EXPECT_EQ(all[0].content, "the cable had been repaired");
  EXPECT_EQ(all[1].source, "the operator");
  EXPECT_EQ(all[1].content, "prices would not rise");
}

TEST(AttributionsTest, NestedAttributions) {
  auto all = Extract("Mr. Park said Ms. Lee told him that the servers had failed.");
  const Seen* outer = WithCue(all, "said");
  const Seen* inner = WithCue(all, "told");
  ASSERT_TRUE(outer && inner);
  EXPECT_EQ(outer->source, "Mr. Park");
  EXPECT_EQ(outer->content, "Ms. Lee told him that the servers had failed");
  EXPECT_EQ(inner->source, "Ms. Lee");
  EXPECT_EQ(inner->content, "that the servers had failed");
}

TEST(AttributionsTest, BeliefsAndFindings) {
  auto all = Extract(
      "Police believe the fire was set on purpose.\n\nA survey found that most users had noticed "
      "the slowdown.");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].cue, "believe");
  EXPECT_EQ(all[0].content, "the fire was set on purpose");
  EXPECT_EQ(all[1].source, "A survey");
  EXPECT_EQ(all[1].cue, "found");
}

TEST(AttributionsTest, AQuoteBrokenByItsCueAndOneRunningOverParagraphs) {
  auto all = Extract(
      "Ana Silva, the telecom minister, spoke in Lisbon.\n\n"
      "\xE2\x80\x9CWe restored service in an hour. The cause was a failed router.\n\n"
      "\xE2\x80\x9CNo data was lost,\xE2\x80\x9D she said.\n");
  const Seen* said = WithCue(all, "said");
  ASSERT_TRUE(said);
  EXPECT_EQ(said->source, "she");
  EXPECT_EQ(said->content,
            "\xE2\x80\x9CWe restored service in an hour. The cause was a failed router. | "
            "\xE2\x80\x9CNo data was lost,\xE2\x80\x9D");
  EXPECT_EQ(said->kind, "direct");
  EXPECT_EQ(said->name, "Ana Silva");
}

TEST(AttributionsTest, PronounsAndRoleNounsResolveToTheNamedSpeaker) {
  auto all = Extract(
      "Jane Roe, a spokeswoman for Acme Networks, said the fault was fixed. The company said it "
      "would "
      "compensate customers. She added that no data was lost.");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].name, "Jane Roe");
  EXPECT_EQ(all[0].role, "spokeswoman");
  EXPECT_EQ(all[0].organisation, "Acme Networks");
  EXPECT_EQ(all[1].source, "The company");
  EXPECT_EQ(all[1].name, "Acme Networks");
  EXPECT_EQ(all[2].source, "She");
  EXPECT_EQ(all[2].name, "Jane Roe");
}

TEST(AttributionsTest, TextWithoutAttributions) {
  EXPECT_TRUE(Extract("The weather was mild and the shops were open. Trains ran on time.").empty());
  EXPECT_TRUE(Extract("").empty());
  EXPECT_TRUE(Extract("\xFF\xFE\"\"''").empty());
}

TEST(AttributionsTest, OffsetsStayInsideTheText) {
  std::string text = "\xE2\x80\x9C\xC3\xA9t\xC3\xA9,\xE2\x80\x9D said Jos\xC3\xA9. ";
  for (int i = 0; i < 50; ++i)
    text += "\"Fine,\" he said, \"really.\" Officials said it was over. ";
  for (const AttributionRelation& a : ExtractAttributions(text)) {
    ASSERT_FALSE(a.content.empty());
    for (const ByteSpan& c : a.content) {
      EXPECT_LT(c.begin, c.end);
      EXPECT_LE(c.end, text.size());
    }
    if (a.source) {
      EXPECT_LE(a.source->end, text.size());
    }
  }
}

}  // namespace
}  // namespace corroborate::extract
