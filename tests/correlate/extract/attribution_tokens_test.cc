// Tokens for the attribution extractor: byte offsets, possessives, quotation
// pairing (curly, straight, over paragraphs), sentences and paragraphs, and
// the lower-cased word hash of the fast path against its definition.
#include "correlate/extract/attribution_tokens.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace corroborate::extract::attribution {
namespace {

std::vector<std::string> Words(const TokenizedText& tt) {
  std::vector<std::string> out;
  for (const Token& t : tt.tokens) out.emplace_back(tt.text.substr(t.begin, t.end - t.begin));
  return out;
}

TEST(AttributionTokensTest, WordsPunctuationAndByteOffsets) {
  // "“" and "’" are three bytes each.
  const std::string text =
      "\xE2\x80\x9CIt\xE2\x80\x99s down,\xE2\x80\x9D said Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
      "ez.";
  TokenizedText tt = Tokenize(text);
  EXPECT_EQ(Words(tt), (std::vector<std::string>{"\xE2\x80\x9C", "It", "\xE2\x80\x99s", "down", ",",
                                                 "\xE2\x80\x9D", "said", "Jos\xC3\xA9",
                                                 "N\xC3\xBA\xC3\xB1"
                                                 "ez",
                                                 "."}));
  EXPECT_EQ(tt.tokens[1].begin, 3u);   // after the 3-byte opening quote
  EXPECT_EQ(tt.tokens[6].begin, 19u);  // 3 + "It" + 4 ("’s") + " down" + "," + 3 (”) + " "
  EXPECT_TRUE(tt.tokens[0].flags & kOpensQuote);
  EXPECT_TRUE(tt.tokens[5].flags & kClosesQuote);
  ASSERT_EQ(tt.quotes.size(), 1u);
  EXPECT_EQ(tt.tokens[3].quote, 1u);
  EXPECT_EQ(tt.tokens[6].quote, 0u);
  EXPECT_TRUE(tt.tokens[7].flags & kCapitalised);
}

TEST(AttributionTokensTest, PossessivesNumbersInitialsAndCaps) {
  TokenizedText tt = Tokenize("Trump's aide paid $5,500 in the U.S. on Jan. 3, NASA said.");
  EXPECT_EQ(Words(tt),
            (std::vector<std::string>{"Trump", "'s", "aide", "paid", "$", "5,500", "in", "the",
                                      "U.S.", "on", "Jan", ".", "3", ",", "NASA", "said", "."}));
  EXPECT_TRUE(tt.tokens[5].flags & kNumber);
  EXPECT_TRUE(tt.tokens[14].flags & kAllCaps);
  EXPECT_FALSE(tt.tokens[0].flags & kAllCaps);
}

TEST(AttributionTokensTest, StraightQuotesPairAndQuotesRunOverParagraphs) {
  const std::string text =
      "He said \"it is over\" and left.\n\n"
      "\xE2\x80\x9CWe start again tomorrow.\n\n"
      "\xE2\x80\x9CNobody was hurt,\xE2\x80\x9D she said.\n\n"
      "The end.";
  TokenizedText tt = Tokenize(text);
  ASSERT_EQ(tt.paragraphs.size(), 4u);
  ASSERT_EQ(tt.quotes.size(), 2u);
  // The second quotation opens in paragraph 2 and closes in paragraph 3.
  const TokenRange q = tt.quotes[1];
  EXPECT_EQ(tt.tokens[q.begin].paragraph, 1u);
  EXPECT_EQ(tt.tokens[q.end - 1].paragraph, 2u);
  EXPECT_EQ(Words(tt)[q.end - 1], "\xE2\x80\x9D");
  // "she said" is outside it; "The end." too.
  for (std::size_t i = 0; i < tt.tokens.size(); ++i) {
    if (Words(tt)[i] == "she" || Words(tt)[i] == "end") {
      EXPECT_EQ(tt.tokens[i].quote, 0u);
    }
  }
}

TEST(AttributionTokensTest, AQuoteLeftOpenEndsWithItsParagraph) {
  TokenizedText tt = Tokenize("\"Never closed, she said.\n\nNew paragraph here.");
  ASSERT_EQ(tt.quotes.size(), 1u);
  EXPECT_EQ(tt.tokens[tt.quotes[0].end - 1].paragraph, 0u);
  EXPECT_EQ(tt.tokens.back().quote, 0u);
}

TEST(AttributionTokensTest, SentencesAndParagraphsCoverEveryToken) {
  TokenizedText tt = Tokenize("Mr. Smith said so. Then he left.\n\nA new paragraph.");
  ASSERT_EQ(tt.sentences.size(), 3u);
  ASSERT_EQ(tt.paragraphs.size(), 2u);
  EXPECT_EQ(tt.sentences[0].begin, 0u);
  EXPECT_EQ(tt.sentences.back().end, tt.tokens.size());
  EXPECT_EQ(Words(tt)[tt.sentences[1].begin], "Then");
  EXPECT_TRUE(tt.tokens[tt.paragraphs[1].begin].flags & kParagraphStart);
  for (std::size_t s = 0; s < tt.sentences.size(); ++s) {
    for (std::uint32_t k = tt.sentences[s].begin; k < tt.sentences[s].end; ++k)
      EXPECT_EQ(tt.tokens[k].sentence, s);
  }
}

TEST(AttributionTokensTest, EmptyAndInvalidInput) {
  EXPECT_TRUE(Tokenize("").tokens.empty());
  EXPECT_TRUE(Tokenize(" \n\t ").tokens.empty());
  TokenizedText tt = Tokenize(std::string("a\xFF\xFE b \xE2\x80", 9));
  EXPECT_FALSE(tt.tokens.empty());
  for (const Token& t : tt.tokens) EXPECT_LE(t.end, 9u);
}

// The tokenizer hashes ASCII words eight bytes at a time; it must equal
// HashString of the lower-cased form, which the model's word lists use.
TEST(AttributionTokensTest, WordHashesEqualTheHashOfTheLowerCasedForm) {
  std::mt19937 rng(7);
  const std::string alphabet = "abcXYZqQ019'-";
  for (int n = 0; n < 3000; ++n) {
    std::string w(1 + rng() % 20, 'a');
    for (char& c : w) c = alphabet[rng() % alphabet.size()];
    w[0] = "aZ9"[rng() % 3];
    const std::string text = "x " + w + " y";
    TokenizedText tt = Tokenize(text);
    for (const Token& t : tt.tokens) {
      std::string_view tok = tt.text.substr(t.begin, t.end - t.begin);
      EXPECT_EQ(t.lower, HashString(LowerForm(tok))) << "[" << tok << "] in [" << text << "]";
    }
  }
}

// Words are scanned eight bytes at a time: a word ends at the same byte
// wherever it sits against those blocks, and however long it is.
TEST(AttributionTokensTest, WordsEndAlikeAtEveryOffset) {
  const std::vector<std::string> words = {"a",         "said",       "internationalisation",
                                          "co-chair",  "don't",      "U.S.",
                                          "3.5",       "abcdefgh",   "abcdefghi",
                                          "ABCDEFG1z", "Jos\xC3\xA9"};
  for (const std::string& w : words) {
    for (std::size_t pad = 0; pad < 9; ++pad) {
      const std::string text = std::string(pad, ' ') + w + ", next";
      TokenizedText tt = Tokenize(text);
      ASSERT_GE(tt.tokens.size(), 3u) << text;
      EXPECT_EQ(tt.tokens[0].begin, pad) << text;
      EXPECT_EQ(tt.tokens[0].end, pad + w.size()) << "[" << w << "] after " << pad << " spaces";
      // And at the very end of the text, where fewer than eight bytes remain.
      TokenizedText end = Tokenize(std::string(pad, ' ') + w);
      ASSERT_FALSE(end.tokens.empty());
      EXPECT_EQ(end.tokens[0].end, pad + w.size()) << "[" << w << "] at the end";
    }
  }
}

TEST(AttributionTokensTest, DetailsOfAWord) {
  TokenizedText a = Tokenize("Claims");
  TokenizedText b = Tokenize("claimed");
  TokenDetail da = DetailOf(a, 0), db = DetailOf(b, 0);
  EXPECT_EQ(da.stem, db.stem);  // claim
  EXPECT_NE(da.suffix, db.suffix);
  EXPECT_NE(da.shape, db.shape);  // Xx against x
  EXPECT_EQ(DetailOf(Tokenize("said"), 0).stem, HashString("said"));
}

}  // namespace
}  // namespace corroborate::extract::attribution
