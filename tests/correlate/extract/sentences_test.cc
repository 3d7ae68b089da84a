#include "correlate/extract/sentences.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corroborate::extract {
namespace {

std::vector<std::string> Split(std::string_view text) {
  std::vector<std::string> out;
  for (const SentenceSpan& s : SplitSentences(text)) out.emplace_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

TEST(SentencesTest, SplitsOnTerminalPunctuation) {
  EXPECT_EQ(Split("The network was down. It is back! Why? Nobody knows."),
            (std::vector<std::string>{"The network was down.", "It is back!", "Why?", "Nobody knows."}));
}

TEST(SentencesTest, KeepsAbbreviationsTitlesAndInitials) {
  EXPECT_EQ(Split("Mr. Smith met Dr. J. R. Jones of Acme Inc. in the U.S. on Jan. 5 at No. 10 Downing St."),
            (std::vector<std::string>{
                "Mr. Smith met Dr. J. R. Jones of Acme Inc. in the U.S. on Jan. 5 at No. 10 Downing St."}));
}

TEST(SentencesTest, AbbreviationBeforeSentenceOpenerEnds) {
  EXPECT_EQ(Split("He moved to the U.S. The move was quick. Acme Inc. The end."),
            (std::vector<std::string>{"He moved to the U.S.", "The move was quick.", "Acme Inc.", "The end."}));
}

TEST(SentencesTest, DecimalsAndEllipses) {
  EXPECT_EQ(Split("Traffic fell 3.5 percent... then it rose. Peak was 5.97 Gbps… The end."),
            (std::vector<std::string>{"Traffic fell 3.5 percent... then it rose.", "Peak was 5.97 Gbps…", "The end."}));
}

TEST(SentencesTest, QuotesThatEndOrContinue) {
  EXPECT_EQ(Split("“It is down,” he said. “Is it back?” she asked. He said: “It is.” Then he left."),
            (std::vector<std::string>{"“It is down,” he said.", "“Is it back?” she asked.", "He said: “It is.”",
                                      "Then he left."}));
  EXPECT_EQ(Split("\"We saw it.\" The firm agreed."),
            (std::vector<std::string>{"\"We saw it.\"", "The firm agreed."}));
}

TEST(SentencesTest, ParagraphBreaksAlwaysEnd) {
  std::string text = "A headline without a stop\n\nBody text starts here. Second one\nsoft wrapped line.\nNew para";
  auto spans = SplitSentences(text);
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(text.substr(spans[0].begin, spans[0].end - spans[0].begin), "A headline without a stop");
  EXPECT_EQ(text.substr(spans[2].begin, spans[2].end - spans[2].begin), "Second one\nsoft wrapped line.");
  EXPECT_EQ(text.substr(spans[3].begin, spans[3].end - spans[3].begin), "New para");
  EXPECT_EQ(spans[0].paragraph, 0u);
  EXPECT_EQ(spans[1].paragraph, 1u);
}

TEST(SentencesTest, QuotedMailLinesCarryTheSentenceOn) {
  // A "> " line of a quoted e-mail that continues in lower case is the same
  // sentence; one that starts a new sentence is not.
  EXPECT_EQ(Split("> That is odd. How could one bad peer take down\n> a whole national network?\n"
                  "> Someone should explain."),
            (std::vector<std::string>{
                "> That is odd.", "How could one bad peer take down\n> a whole national network?",
                "> Someone should explain."}));
}

TEST(SentencesTest, OffsetsAreBytesAndInvalidUtf8IsHarmless) {
  std::string text = "Caf\xC3\xA9 \xE2\x80\x94 open. \xFF\xFE Broken bytes. End";
  auto spans = SplitSentences(text);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0].begin, 0u);
  EXPECT_EQ(spans[0].end, text.find("open.") + 5);
  EXPECT_TRUE(SplitSentences("").empty());
  EXPECT_TRUE(SplitSentences("   \n\n  ").empty());
}

TEST(SentencesTest, SeedLikeTodaySentence) {
  EXPECT_EQ(Split("It was down for 9 hours and 30 minutes today. It is not clear what caused it."),
            (std::vector<std::string>{"It was down for 9 hours and 30 minutes today.",
                                      "It is not clear what caused it."}));
}

// Text that never ends a sentence is cut into pieces of at most
// kMaxSentenceBytes, at the last space within the limit (else between UTF-8
// characters), and no byte but spaces is lost.
TEST(SentencesTest, RunOnTextIsCutWithinTheLimit) {
  std::string words;
  while (words.size() < 3 * kMaxSentenceBytes) words += "and the network was down ";
  std::string letters;
  while (letters.size() < 3 * kMaxSentenceBytes) letters += "\xC3\xA9";  // é, no spaces
  for (const std::string& text : {words, letters}) {
    auto spans = SplitSentences(text);
    ASSERT_GE(spans.size(), 3u);
    std::string joined;
    for (const SentenceSpan& s : spans) {
      EXPECT_LE(s.end - s.begin, kMaxSentenceBytes);
      if (&s != &spans.back()) {
        EXPECT_GT(s.end - s.begin, kMaxSentenceBytes - 30);
      }
      EXPECT_EQ(s.paragraph, 0u);
      const std::string_view piece = std::string_view(text).substr(s.begin, s.end - s.begin);
      EXPECT_NE(static_cast<unsigned char>(piece.front()) & 0xC0, 0x80u)
          << "starts inside a character";
      if (text == words) {
        EXPECT_TRUE(s.end == text.size() || text[s.end] == ' ') << "cut inside a word at " << s.end;
        if (!joined.empty()) joined += ' ';
      }
      joined += piece;
    }
    std::string expected = text;
    while (expected.back() == ' ') expected.pop_back();
    EXPECT_EQ(joined, expected);
  }
  // A long sentence under the limit is one sentence.
  std::string long_one(kMaxSentenceBytes - 1, 'a');
  long_one[100] = ' ';
  EXPECT_EQ(SplitSentences(long_one).size(), 1u);
}

}  // namespace
}  // namespace corroborate::extract
