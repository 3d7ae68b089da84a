#include "correlate/extract/sentences.h"

#include <array>
#include <string>
#include <unordered_map>

#include "correlate/extract/claims_lexicon.h"

namespace corroborate::extract {
namespace {

enum class AbbrevClass { kTitle, kNumber, kOther };

const std::unordered_map<std::string, AbbrevClass>& Abbreviations() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string, AbbrevClass>();
    for (const auto& row : ClaimLexiconRows("claim_abbreviations.tsv")) {
      if (row.size() < 2) continue;
      AbbrevClass c = row[1] == "title" ? AbbrevClass::kTitle
                      : row[1] == "number" ? AbbrevClass::kNumber
                                           : AbbrevClass::kOther;
      m->emplace(std::string(row[0]), c);
    }
    return m;
  }();
  return *map;
}

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return IsUpper(c) || IsLower(c); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// Length of a closing quote or bracket at `i` (0 if none). Curly: ” ’ » (UTF-8).
std::size_t ClosingAt(std::string_view t, std::size_t i) {
  if (i >= t.size()) return 0;
  char c = t[i];
  if (c == '"' || c == '\'' || c == ')' || c == ']') return 1;
  if (t.compare(i, 3, "\xE2\x80\x9D") == 0 || t.compare(i, 3, "\xE2\x80\x99") == 0) return 3;
  if (t.compare(i, 2, "\xC2\xBB") == 0) return 2;
  return 0;
}

// Whether a sentence may start at `i` (after whitespace): a capital, digit,
// opening quote or bracket, or any non-ASCII letter.
bool StartsSentence(std::string_view t, std::size_t i) {
  if (i >= t.size()) return true;
  unsigned char c = static_cast<unsigned char>(t[i]);
  if (IsUpper(t[i]) || IsDigit(t[i])) return true;
  if (t[i] == '"' || t[i] == '\'' || t[i] == '(' || t[i] == '[' || t[i] == '@' || t[i] == '#' ||
      t[i] == '`' || t[i] == '*' || t[i] == '-')
    return true;
  if (c >= 0x80) {
    // Opening curly quotes, dashes, bullets, or a non-ASCII capital.
    return !(t.compare(i, 3, "\xE2\x80\x9D") == 0 || t.compare(i, 3, "\xE2\x80\x99") == 0);
  }
  return false;
}

// Capitalized words that typically open a sentence, for "... Inc. The ..."
bool IsSentenceOpener(std::string_view w) {
  static constexpr std::string_view kOpeners[] = {
      "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "In", "On",
      "At", "This", "That", "These", "Those", "There", "His", "Her", "Its", "Their", "Our", "If",
      "When", "While", "As", "After", "Before", "Since", "So", "Yet", "However", "Meanwhile",
      "Some", "Many", "Most", "Officials", "According", "For", "Now", "Still", "Also"};
  for (std::string_view o : kOpeners) {
    if (w == o) return true;
  }
  return false;
}

// The word before position `dot` (letters, digits, and internal dots), e.g. "U.S" or "Mr".
std::string_view WordBefore(std::string_view t, std::size_t dot) {
  std::size_t b = dot;
  while (b > 0 && (IsAlpha(t[b - 1]) || IsDigit(t[b - 1]) || t[b - 1] == '.')) --b;
  return t.substr(b, dot - b);
}

std::string_view WordAt(std::string_view t, std::size_t i) {
  std::size_t e = i;
  while (e < t.size() && (IsAlpha(t[e]) || IsDigit(t[e]))) ++e;
  return t.substr(i, e - i);
}

// Decides whether the period at `dot` ends a sentence, given that the next
// sentence would start at `next`.
bool PeriodEnds(std::string_view t, std::size_t dot, std::size_t next) {
  std::string_view word = WordBefore(t, dot);
  if (word.empty()) return true;
  std::string_view following = WordAt(t, next);
  auto it = Abbreviations().find(std::string(word));
  if (it != Abbreviations().end()) {
    switch (it->second) {
      case AbbrevClass::kTitle: return false;
      case AbbrevClass::kNumber:
        if (next < t.size() && IsDigit(t[next])) return false;
        return IsSentenceOpener(following);
      case AbbrevClass::kOther: return IsSentenceOpener(following);
    }
  }
  // Initials and dotted acronyms: "J.", "U.S", "U.S.A".
  bool dotted = word.find('.') != std::string_view::npos;
  if ((word.size() == 1 && IsUpper(word[0])) || dotted) {
    if (dotted && word.size() > 3 && word.find_first_of("abcdefghijklmnopqrstuvwxyz") != std::string_view::npos &&
        word != "a.m" && word != "p.m")
      return true;  // "example.com."-like tokens: a real period.
    return IsSentenceOpener(following);
  }
  return true;
}

}  // namespace

std::vector<SentenceSpan> SplitSentences(std::string_view t) {
  std::vector<SentenceSpan> out;
  std::size_t paragraph = 0;
  std::size_t start = 0;
  auto emit = [&](std::size_t b, std::size_t e) {
    while (true) {
      while (b < e && IsSpace(t[b])) ++b;
      while (e > b && IsSpace(t[e - 1])) --e;
      if (e - b <= kMaxSentenceBytes) break;
      // Too long: cut at the last space within the limit, else before the
      // last UTF-8 lead byte.
      std::size_t cut = b + kMaxSentenceBytes;
      while (cut > b && !IsSpace(t[cut])) --cut;
      if (cut == b) {
        cut = b + kMaxSentenceBytes;
        while (cut > b + 1 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
      }
      std::size_t piece_end = cut;
      while (piece_end > b && IsSpace(t[piece_end - 1])) --piece_end;
      out.push_back({b, piece_end, paragraph});
      b = cut;
    }
    if (e > b) out.push_back({b, e, paragraph});
  };
  std::size_t i = 0;
  const std::size_t n = t.size();
  // Bytes that can end a sentence: newline, . ! ? and the lead byte of an ellipsis.
  static constexpr auto kEnders = [] {
    std::array<bool, 256> a{};
    for (unsigned char c : {'\n', '.', '!', '?', '\xE2'}) a[c] = true;
    return a;
  }();
  while (i < n) {
    while (i < n && !kEnders[static_cast<unsigned char>(t[i])]) ++i;
    if (i >= n) break;
    char c = t[i];
    if (c == '\n') {
      // Newline: a blank line ends the paragraph; a single newline ends the
      // sentence unless the next line continues in lower case.
      std::size_t j = i + 1;
      bool blank = false;
      while (j < n && IsSpace(t[j])) {
        if (t[j] == '\n') blank = true;
        ++j;
      }
      // A quoted e-mail line ("> ") carries on the sentence of the line
      // before when it continues in lower case.
      std::size_t k = j;
      while (!blank && k < n && t[k] == '>') {
        ++k;
        while (k < n && (t[k] == ' ' || t[k] == '\t')) ++k;
      }
      if (blank || k >= n || !IsLower(t[k])) {
        emit(start, i);
        start = j;
        if (blank) ++paragraph;
      }
      i = j;
      continue;
    }
    std::size_t term_len = 0;
    bool is_period = false;
    if (c == '.' ) {
      term_len = 1;
      is_period = true;
      while (i + term_len < n && t[i + term_len] == '.') ++term_len;  // "..." ellipsis
      if (term_len > 1) is_period = false;
    } else if (c == '!' || c == '?') {
      term_len = 1;
      while (i + term_len < n && (t[i + term_len] == '!' || t[i + term_len] == '?')) ++term_len;
    } else if (c == '\xE2' && t.compare(i, 3, "\xE2\x80\xA6") == 0) {  // …
      term_len = 3;
    }
    if (term_len == 0) {
      ++i;
      continue;
    }
    std::size_t j = i + term_len;
    while (std::size_t k = ClosingAt(t, j)) j += k;
    std::size_t end_of_sentence = j;
    if (j < n && !IsSpace(t[j])) {  // "3.5", "example.com", "U.S.", "?!"
      i = j > i + term_len ? j : i + term_len;
      continue;
    }
    std::size_t next = j;
    while (next < n && IsSpace(t[next]) && t[next] != '\n') ++next;
    if (next < n && t[next] == '\n') {  // the newline logic handles it
      i = next;
      continue;
    }
    bool ends = StartsSentence(t, next);
    if (ends && is_period) ends = PeriodEnds(t, i, next);
    if (ends) {
      emit(start, end_of_sentence);
      start = next;
    }
    i = next > i ? next : i + 1;
  }
  emit(start, n);
  return out;
}

}  // namespace corroborate::extract
