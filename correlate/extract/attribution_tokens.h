// Tokens of a text for the attribution extractor (attributions.h): words,
// numbers and punctuation with UTF-8 byte offsets, each placed in its
// sentence and paragraph, and the quotations of the text (double quotation
// marks " “ ” '' `` « », resolved to pairs; a quotation left open at the end
// of a paragraph continues when the next paragraph opens with a quotation
// mark, as news writes quotes that run over paragraphs).
//
// Internal to correlate/extract: the attribution model and its trainer read
// tokens through the same functions, so features are computed alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corroborate::extract::attribution {

enum TokenFlag : std::uint32_t {
  kWord = 1u << 0,              // letters or digits
  kCapitalised = 1u << 1,       // first letter upper case
  kAllCaps = 1u << 2,           // two or more letters, all upper case
  kNumber = 1u << 3,            // starts with a digit
  kQuoteMark = 1u << 4,         // a double quotation mark
  kOpensQuote = 1u << 5,        // ... that opens a quotation
  kClosesQuote = 1u << 6,       // ... that closes one
  kSentenceStart = 1u << 7,     // first token of its sentence
  kParagraphStart = 1u << 8,    // first token of its paragraph
  kLineStart = 1u << 9,         // first token after a newline
  kSingleQuoteMark = 1u << 10,  // ‘ or ’ not inside a word, or ' alone
};

struct Token {
  std::uint32_t begin = 0;  // byte offsets into the text, [begin, end)
  std::uint32_t end = 0;
  std::uint32_t sentence = 0;   // index into TokenizedText::sentences
  std::uint32_t paragraph = 0;  // index into TokenizedText::paragraphs
  std::uint32_t quote = 0;  // 1 + index of the quotation holding it (its marks included); 0: none
  std::uint32_t flags = 0;
  std::uint64_t lower = 0;  // hash of the lower-cased form (HashString(LowerForm))
};

// More about a token, for the ones a tagger looks at closely.
struct TokenDetail {
  std::uint64_t shape = 0;   // hash of the shape: "Xx", "x", "X.X", "d", ","
  std::uint64_t suffix = 0;  // hash of the last three bytes of the lower-cased form
  std::uint64_t stem = 0;    // hash of the lower-cased form without -s, -es, -ed, -ing, -e
};

// Token index ranges [begin, end).
struct TokenRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct TokenizedText {
  std::string_view text;
  std::vector<Token> tokens;
  std::vector<TokenRange> sentences;   // in text order, covering every token
  std::vector<TokenRange> paragraphs;  // blank-line separated blocks
  std::vector<TokenRange> quotes;      // quotations, marks included; may span paragraphs
};

// Tokenizes `text` (never fails; bytes that are not valid UTF-8 are kept as
// word bytes). The result holds views into `text`.
TokenizedText Tokenize(std::string_view text);

// The shape, suffix and stem hashes of token i.
TokenDetail DetailOf(const TokenizedText& tt, std::size_t i);

// The token's text, lower-cased (ASCII), with ’ written as '.
std::string LowerForm(std::string_view token);

// 64-bit hash of a string (stable across runs and builds: the model file
// stores weights by it).
std::uint64_t HashString(std::string_view s);

// Mixes hashes into one feature key.
constexpr std::uint64_t Mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t x = a ^ (b + 0x9E3779B97F4A7C15ull + (a << 6) + (a >> 2));
  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 29;
  return x;
}

}  // namespace corroborate::extract::attribution
