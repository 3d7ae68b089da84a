#include "correlate/extract/attribution_tokens.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "correlate/extract/sentences.h"

namespace corroborate::extract::attribution {
namespace {

constexpr bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsSpaceByte(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

enum class Kind { kSpace, kWordByte, kPunct };

// What starts at byte i: whitespace, a letter or digit, or punctuation (with
// its length in bytes).
Kind KindAt(std::string_view t, std::size_t i, std::size_t* len) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  *len = 1;
  if (c < 0x80) {
    if (IsSpaceByte(c)) return Kind::kSpace;
    if (IsAsciiAlnum(c)) return Kind::kWordByte;
    return Kind::kPunct;
  }
  if (c == 0xC2 && i + 1 < t.size()) {
    unsigned char d = static_cast<unsigned char>(t[i + 1]);
    *len = 2;
    if (d == 0xA0) return Kind::kSpace;                                         // NBSP
    if (d == 0xAB || d == 0xBB || d == 0xB7 || d == 0xA7) return Kind::kPunct;  // « » · §
    *len = 1;
    return Kind::kWordByte;
  }
  if (c == 0xE2 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80) {
    unsigned char d = static_cast<unsigned char>(t[i + 2]);
    *len = 3;
    if (d <= 0x8B || d == 0xAF) return Kind::kSpace;  // U+2000..U+200B, U+202F
    if ((d >= 0x90 && d <= 0x9F) || (d >= 0xA2 && d <= 0xA7) || d == 0xB2 || d == 0xB3 ||
        d == 0xB9 || d == 0xBA)
      return Kind::kPunct;  // dashes, quotes, bullets, ellipsis, primes, ‹ ›
    *len = 1;
    return Kind::kWordByte;
  }
  return Kind::kWordByte;
}

bool IsRightQuoteAt(std::string_view t, std::size_t i) {  // ’ (U+2019)
  return i + 3 <= t.size() && t[i] == '\xE2' && t[i + 1] == '\x80' && t[i + 2] == '\x99';
}

bool IsApostrophe(std::string_view t, std::size_t i, std::size_t* len) {
  if (t[i] == '\'') {
    *len = 1;
    return true;
  }
  if (IsRightQuoteAt(t, i)) {
    *len = 3;
    return true;
  }
  return false;
}

// ASCII letters and digits, for the fast path of WordEnd.
constexpr auto kAlnum = [] {
  std::array<bool, 256> a{};
  for (int c = 0; c < 256; ++c)
    a[static_cast<std::size_t>(c)] = IsAsciiAlnum(static_cast<unsigned char>(c));
  return a;
}();

bool WordByteAt(std::string_view t, std::size_t i) {
  if (i >= t.size()) return false;
  std::size_t len = 0;
  return KindAt(t, i, &len) == Kind::kWordByte;
}

bool LetterAt(std::string_view t, std::size_t i) {
  if (i >= t.size()) return false;
  unsigned char c = static_cast<unsigned char>(t[i]);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x80 && WordByteAt(t, i));
}

// SWAR: the bytes of x that are ASCII letters between lo and hi, as 0x80 in their byte.
constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighs = 0x8080808080808080ull;
std::uint64_t InRange(std::uint64_t x, unsigned char lo, unsigned char hi) {
  const std::uint64_t low7 = x & ~kHighs;
  const std::uint64_t ge = low7 + (0x80u - lo) * kOnes;      // high bit: byte >= lo
  const std::uint64_t gt = low7 + (0x80u - hi - 1) * kOnes;  // high bit: byte > hi
  return ge & ~gt & ~x & kHighs;
}

// The ASCII letters and digits among the eight bytes at p, as 0x80 in their byte.
std::uint64_t AlnumBytes(const char* p) {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  return InRange(x, 'a', 'z') | InRange(x, 'A', 'Z') | InRange(x, '0', '9');
}

// End of the word starting at `b`: letters and digits joined by internal
// hyphens, apostrophes, dotted initials ("U.S.") and number separators.
std::size_t WordEnd(std::string_view t, std::size_t b, bool* high) {
  std::size_t i = b;
  const std::size_t n = t.size();
  bool initials = true;  // single letters separated by dots so far
  std::size_t run = 0;   // length of the current run of word bytes
  while (i < n) {
    if (kAlnum[static_cast<unsigned char>(t[i])]) {
      std::size_t j = i + 1;
      while (j + 8 <= n) {  // eight bytes at a time: most words end in the first block
        const std::uint64_t stop = ~AlnumBytes(t.data() + j) & kHighs;
        if (stop != 0) {
          j += static_cast<std::size_t>(std::countr_zero(stop)) / 8;
          break;
        }
        j += 8;
      }
      while (j < n && kAlnum[static_cast<unsigned char>(t[j])]) ++j;
      run += j - i;
      i = j;
      if (run > 1) initials = false;
      if (i >= n) break;
      const unsigned char c = static_cast<unsigned char>(t[i]);
      if (c == ' ' || c == '\n') break;  // the common end of a word
      continue;
    }
    if (WordByteAt(t, i)) {
      *high = true;
      ++i;
      ++run;
      if (run > 1) initials = false;
      continue;
    }
    char c = t[i];
    std::size_t alen = 0;
    if (c == '-' && WordByteAt(t, i + 1)) {
      i += 1;
      run = 0;
      initials = false;
      continue;
    }
    if (IsApostrophe(t, i, &alen) && LetterAt(t, i + alen) && i > b) {
      *high |= alen > 1;
      i += alen;
      run = 0;
      initials = false;
      continue;
    }
    if ((c == '.' || c == ',') && i > b && IsDigit(static_cast<unsigned char>(t[i - 1])) &&
        i + 1 < n && IsDigit(static_cast<unsigned char>(t[i + 1]))) {
      i += 1;
      run = 0;
      continue;
    }
    if (c == '.' && initials && run == 1 && LetterAt(t, i - 1)) {
      // "U.S." and "D.C.": a dot after a single letter joins when a letter follows, and ends the
      // word when it follows a letter-dot-letter sequence.
      if (LetterAt(t, i + 1) && !WordByteAt(t, i + 2)) {
        i += 1;
        run = 0;
        continue;
      }
      if (i - b >= 3 && t[i - 2] == '.') {
        i += 1;
        break;
      }
    }
    break;
  }
  return i;
}

// Appends the lower-cased form of t[b, e) to `out` (’ as ').
void AppendLower(std::string_view t, std::size_t b, std::size_t e, std::string* out) {
  for (std::size_t i = b; i < e; ++i) {
    char c = t[i];
    if (c == '\xE2' && i + 3 <= e && IsRightQuoteAt(t, i)) {
      out->push_back('\'');
      i += 2;
      continue;
    }
    out->push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
}

// The shape of a token: letters as X/x, digits as d, other bytes as
// themselves (non-ASCII as u), runs collapsed, at most 6 classes.
std::uint64_t ShapeHash(std::string_view tok) {
  char buf[8];
  std::size_t n = 0;
  char last = 0;
  for (unsigned char c : tok) {
    char k;
    if (c >= 'A' && c <= 'Z')
      k = 'X';
    else if (c >= 'a' && c <= 'z')
      k = 'x';
    else if (c >= '0' && c <= '9')
      k = 'd';
    else if (c >= 0x80)
      k = 'u';
    else
      k = static_cast<char>(c);
    if (k != last) {
      buf[n++] = k;
      last = k;
      if (n == 6) break;
    }
  }
  return HashString(std::string_view(buf, n));
}

// A crude stem for features: "says", "said"... stay apart, but "claims",
// "claimed", "claiming" and "claim" meet.
std::string_view Stem(std::string_view w) {
  auto strip = [&](std::string_view suffix, std::size_t min_rest) {
    if (w.size() >= suffix.size() + min_rest && w.substr(w.size() - suffix.size()) == suffix) {
      w.remove_suffix(suffix.size());
      return true;
    }
    return false;
  };
  if (strip("ing", 3) || strip("ied", 2) || strip("ies", 2) || strip("ed", 3) || strip("es", 3)) {
  } else if (w.size() >= 4 && w.back() == 's' && w[w.size() - 2] != 's') {
    w.remove_suffix(1);
  }
  if (w.size() >= 4 && w.back() == 'e') w.remove_suffix(1);
  return w;
}

enum class QuoteHint { kNone, kOpen, kClose, kEither };
// Tokenize keeps a quotation mark's hint in two flag bits above the public flags.
constexpr int kHintShift = 11;
QuoteHint HintOf(const Token& t) { return static_cast<QuoteHint>((t.flags >> kHintShift) & 3u); }

// Whether the token t[b, e) is a double quotation mark, and which way it
// points when its form or its surroundings say so.
QuoteHint DoubleQuoteHint(std::string_view t, std::size_t b, std::size_t e) {
  char c0 = t[b];
  if (c0 != '"' && c0 != '\'' && c0 != '`' && c0 != '\xE2' && c0 != '\xC2') return QuoteHint::kNone;
  std::string_view tok = t.substr(b, e - b);
  if (tok == "\xE2\x80\x9C" || tok == "\xE2\x80\x9E" || tok == "\xC2\xAB" || tok == "``")
    return QuoteHint::kOpen;
  if (tok == "\xE2\x80\x9D" || tok == "\xC2\xBB") return QuoteHint::kClose;
  if (tok != "\"" && tok != "''") return QuoteHint::kNone;
  bool space_before = b == 0 || IsSpaceByte(static_cast<unsigned char>(t[b - 1])) ||
                      t[b - 1] == '(' || t[b - 1] == '[';
  bool space_after = e >= t.size() || IsSpaceByte(static_cast<unsigned char>(t[e]));
  bool punct_after = !space_after && (t[e] == '.' || t[e] == ',' || t[e] == ';' || t[e] == ':' ||
                                      t[e] == '?' || t[e] == '!' || t[e] == ')');
  if (space_before && !space_after) return QuoteHint::kOpen;
  if (!space_before && (space_after || punct_after)) return QuoteHint::kClose;
  return QuoteHint::kEither;
}

}  // namespace

std::uint64_t HashString(std::string_view s) {
  // Eight bytes at a time (little-endian), each block multiplied in.
  std::uint64_t h = 0xCBF29CE484222325ull ^ (s.size() * 0x9E3779B97F4A7C15ull);
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t block;
    std::memcpy(&block, s.data() + i, 8);
    h = (h ^ block) * 0xD6E8FEB86659FD93ull;
    h ^= h >> 32;
  }
  if (i < s.size()) {
    std::uint64_t block = 0;
    for (std::size_t k = 0; i + k < s.size(); ++k) {
      block |= static_cast<std::uint64_t>(static_cast<unsigned char>(s[i + k])) << (8 * k);
    }
    h = (h ^ block) * 0xD6E8FEB86659FD93ull;
  }
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ull;
  h ^= h >> 29;
  return h;
}

namespace {

// HashString of the lower-cased form of the ASCII bytes p[0, n), eight at a
// time (reading up to 8 bytes past them when `avail`, the bytes readable
// from p, allows); tells whether they hold two letters or more and a
// lower-case one.
std::uint64_t HashLowerAscii(const char* p, std::size_t n, std::size_t avail, bool* two_letters,
                             bool* any_lower) {
  std::uint64_t h = 0xCBF29CE484222325ull ^ (n * 0x9E3779B97F4A7C15ull);
  int letters = 0;
  std::uint64_t lowers = 0;
  auto block = [&](std::uint64_t x) {
    const std::uint64_t upper = InRange(x, 'A', 'Z');
    const std::uint64_t lower = InRange(x, 'a', 'z');
    const std::uint64_t both = upper | lower;
    letters += both == 0 ? 0 : ((both & (both - 1)) ? 2 : 1);
    lowers |= lower;
    return x | (upper >> 2);
  };
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t x;
    std::memcpy(&x, p + i, 8);
    h = (h ^ block(x)) * 0xD6E8FEB86659FD93ull;
    h ^= h >> 32;
  }
  if (i < n) {
    std::uint64_t x = 0;
    if (i + 8 <= avail) {
      std::memcpy(&x, p + i, 8);
      x &= ~0ull >> (8 * (8 - (n - i)));  // little-endian: keep the low n - i bytes
    } else {
      for (std::size_t k = 0; i + k < n; ++k) {
        x |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i + k])) << (8 * k);
      }
    }
    h = (h ^ block(x)) * 0xD6E8FEB86659FD93ull;
  }
  *two_letters = letters >= 2;
  *any_lower = lowers != 0;
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ull;
  h ^= h >> 29;
  return h;
}

}  // namespace

std::string LowerForm(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  AppendLower(token, 0, token.size(), &out);
  return out;
}

TokenDetail DetailOf(const TokenizedText& tt, std::size_t i) {
  const Token& tok = tt.tokens[i];
  std::string_view text = tt.text.substr(tok.begin, tok.end - tok.begin);
  char buf[64];
  std::string long_lower;
  std::string_view lower;
  if (text.size() <= sizeof buf) {
    std::size_t n = 0;
    for (std::size_t j = 0; j < text.size(); ++j) {
      if (IsRightQuoteAt(text, j)) {
        buf[n++] = '\'';
        j += 2;
        continue;
      }
      char c = text[j];
      buf[n++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    lower = std::string_view(buf, n);
  } else {
    long_lower = LowerForm(text);
    lower = long_lower;
  }
  TokenDetail d;
  d.suffix = lower.size() > 3 ? HashString(lower.substr(lower.size() - 3)) : tok.lower;
  d.shape = ShapeHash(text);
  std::string_view stem = Stem(lower);
  d.stem = stem.size() == lower.size() ? tok.lower : HashString(stem);
  return d;
}

// Byte classes for the tokenizer's fast path.
enum ByteClass : std::uint8_t { kBSpace, kBNewline, kBAlnum, kBPunct, kBHigh };
constexpr auto kByteClass = [] {
  std::array<std::uint8_t, 256> a{};
  for (int c = 0; c < 256; ++c) {
    auto u = static_cast<unsigned char>(c);
    a[u] = u >= 0x80 ? kBHigh : IsAsciiAlnum(u) ? kBAlnum : kBPunct;
  }
  for (unsigned char c : {' ', '\t', '\r', '\f', '\v'}) a[c] = kBSpace;
  a['\n'] = kBNewline;
  return a;
}();

TokenizedText Tokenize(std::string_view t) {
  TokenizedText out;
  out.text = t;
  const std::size_t n = t.size();
  out.tokens.reserve(n / 3 + 16);
  std::string long_lower;
  char buf[64];

  static const std::uint64_t kPossessiveHash = HashString("'s");
  bool newline_before = true;
  auto push = [&](std::size_t b, std::size_t e, std::uint32_t flags, QuoteHint hint,
                  std::uint64_t lower) {
    Token& tok = out.tokens.emplace_back();  // built in place: no copy through the stack
    tok.begin = static_cast<std::uint32_t>(b);
    tok.end = static_cast<std::uint32_t>(e);
    tok.flags = flags | (newline_before ? kLineStart : 0u);
    tok.lower = lower;
    newline_before = false;
    tok.flags |= static_cast<std::uint32_t>(hint) << kHintShift;
  };
  // Hash of the lower-cased form of t[b, e), ’ as '.
  auto lower_hash = [&](std::size_t b, std::size_t e) {
    if (e - b > sizeof buf) {
      long_lower.clear();
      AppendLower(t, b, e, &long_lower);
      return HashString(long_lower);
    }
    std::size_t k = 0;
    for (std::size_t j = b; j < e; ++j) {
      char c = t[j];
      if (c == '\xE2' && j + 3 <= e && t[j + 1] == '\x80' && t[j + 2] == '\x99') {
        buf[k++] = '\'';
        j += 2;
        continue;
      }
      buf[k++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return HashString(std::string_view(buf, k));
  };
  std::size_t i = 0;
  while (i < n) {
    const std::uint8_t cls = kByteClass[static_cast<unsigned char>(t[i])];
    if (cls == kBSpace) {
      ++i;
      continue;
    }
    if (cls == kBNewline) {
      newline_before = true;
      ++i;
      continue;
    }
    std::size_t len = 1;
    Kind k = cls == kBAlnum ? Kind::kWordByte : Kind::kPunct;
    if (cls == kBHigh) {
      k = KindAt(t, i, &len);
      if (k == Kind::kSpace) {
        i += len;
        continue;
      }
    }
    if (k == Kind::kWordByte) {
      bool high = false;  // holds a byte >= 0x80
      std::size_t e = WordEnd(t, i, &high);
      std::uint32_t flags = kWord;
      unsigned char c0 = static_cast<unsigned char>(t[i]);
      if (c0 >= 'A' && c0 <= 'Z') flags |= kCapitalised;
      if (IsDigit(c0)) flags |= kNumber;
      // A possessive "'s" / "’s" is a token of its own: "Trump’s" -> "Trump" "’s".
      std::size_t split = e;
      if (e - i >= 3 && (t[e - 1] == 's' || t[e - 1] == 'S')) {
        if (t[e - 2] == '\'') {
          split = e - 2;
        } else if (e - i >= 5 && IsRightQuoteAt(t, e - 4)) {
          split = e - 4;
        }
      }
      bool two_letters = false, any_lower = false;
      std::uint64_t hash;
      if (!high) {
        hash = HashLowerAscii(t.data() + i, split - i, n - i, &two_letters, &any_lower);
      } else {
        int letters = 0;
        for (std::size_t j = i; j < split; ++j) {
          unsigned char c = static_cast<unsigned char>(t[j]);
          any_lower |= c >= 'a' && c <= 'z';
          letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
        two_letters = letters >= 2;
        hash = lower_hash(i, split);
      }
      if (!any_lower && two_letters) flags |= kAllCaps;
      push(i, split, flags, QuoteHint::kNone, hash);
      if (split < e) push(split, e, kWord, QuoteHint::kNone, kPossessiveHash);
      i = e;
      continue;
    }
    // Punctuation: runs of dots or hyphens, and '' and `` are one token.
    std::size_t e = i + len;
    char c = t[i];
    if (len == 1 && (c == '.' || c == '-' || c == '\'' || c == '`')) {
      while (e < n && t[e] == c) ++e;
      if ((c == '\'' || c == '`') && e - i > 2) e = i + 2;
    }
    QuoteHint hint = DoubleQuoteHint(t, i, e);
    std::uint32_t flags = hint != QuoteHint::kNone ? kQuoteMark : 0u;
    if ((e - i == 1 && c == '\'') || (e - i == 3 && c == '\xE2' && t[i + 1] == '\x80' &&
                                      (t[i + 2] == '\x98' || t[i + 2] == '\x99')))
      flags |= kSingleQuoteMark;
    push(i, e, flags, hint, lower_hash(i, e));
    i = e;
  }

  // Sentences and paragraphs, from the sentence splitter's byte spans.
  std::vector<SentenceSpan> spans = SplitSentences(t);
  std::size_t s = 0;
  std::size_t prev_span = static_cast<std::size_t>(-1);
  std::size_t last_paragraph = static_cast<std::size_t>(-1);
  for (std::uint32_t k = 0; k < out.tokens.size(); ++k) {
    Token& tok = out.tokens[k];
    while (s + 1 < spans.size() && tok.begin >= spans[s + 1].begin) ++s;
    if (out.sentences.empty() || s != prev_span) {
      if (!out.sentences.empty()) out.sentences.back().end = k;
      out.sentences.push_back({k, k});
      tok.flags |= kSentenceStart;
      std::size_t para = spans.empty() ? 0 : spans[s].paragraph;
      if (para != last_paragraph) {
        if (!out.paragraphs.empty()) out.paragraphs.back().end = k;
        out.paragraphs.push_back({k, k});
        tok.flags |= kParagraphStart;
        last_paragraph = para;
      }
      prev_span = s;
    }
    tok.sentence = static_cast<std::uint32_t>(out.sentences.size() - 1);
    tok.paragraph = static_cast<std::uint32_t>(out.paragraphs.size() - 1);
  }
  if (!out.sentences.empty())
    out.sentences.back().end = static_cast<std::uint32_t>(out.tokens.size());
  if (!out.paragraphs.empty())
    out.paragraphs.back().end = static_cast<std::uint32_t>(out.tokens.size());

  // Quotations: pairs of double quotation marks within a paragraph; one open
  // at the end of a paragraph continues if the next paragraph opens with a
  // quotation mark, and ends with the paragraph otherwise.
  std::int64_t open = -1;
  auto close_at = [&](std::uint32_t last) {
    out.quotes.push_back({static_cast<std::uint32_t>(open), last + 1});
    out.tokens[static_cast<std::size_t>(open)].flags |= kOpensQuote;
    out.tokens[last].flags |= kClosesQuote;
    open = -1;
  };
  for (std::uint32_t k = 0; k < out.tokens.size(); ++k) {
    Token& tok = out.tokens[k];
    const QuoteHint h = HintOf(tok);
    if (h == QuoteHint::kNone && !(tok.flags & kParagraphStart)) continue;
    tok.flags &= ~(3u << kHintShift);
    if ((tok.flags & kParagraphStart) && open >= 0 && k > 0) {
      bool continues = h == QuoteHint::kOpen || h == QuoteHint::kEither;
      if (continues) continue;  // the mark re-opens the quotation that runs on
      close_at(k - 1);
    }
    if (h == QuoteHint::kNone) continue;
    if (open < 0) {
      if (h != QuoteHint::kClose) open = k;
    } else if (h == QuoteHint::kOpen &&
               out.tokens[static_cast<std::size_t>(open)].paragraph == tok.paragraph && k > 0 &&
               t[tok.begin] != '"' && t[tok.begin] != '\'') {
      close_at(k - 1);  // an explicit opening mark while one is open: the first was never closed
      open = k;
    } else {
      close_at(k);
    }
  }
  if (open >= 0 && !out.tokens.empty()) close_at(static_cast<std::uint32_t>(out.tokens.size() - 1));
  for (std::uint32_t q = 0; q < out.quotes.size(); ++q) {
    for (std::uint32_t k = out.quotes[q].begin; k < out.quotes[q].end; ++k)
      out.tokens[k].quote = q + 1;
  }
  return out;
}

}  // namespace corroborate::extract::attribution
