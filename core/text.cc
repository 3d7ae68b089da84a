#include "core/text.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace corroborate {

namespace {

// Length of the well-formed sequence at s[i], or 0 when ill-formed.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = s.size() - i;
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (b(i + 1) & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3) return 0;
    unsigned char c1 = b(i + 1);
    if ((c1 & 0xC0) != 0x80 || (b(i + 2) & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
    if (c == 0xED && c1 > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4) return 0;
    unsigned char c1 = b(i + 1);
    if ((c1 & 0xC0) != 0x80 || (b(i + 2) & 0xC0) != 0x80 || (b(i + 3) & 0xC0) != 0x80) return 0;
    if (c == 0xF0 && c1 < 0x90) return 0;
    if (c == 0xF4 && c1 > 0x8F) return 0;
    return 4;
  }
  return 0;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

namespace {

// Bytes that are whitespace or may begin a multi-byte space (NBSP and the
// U+2000 block start with 0xC2 and 0xE2).
constexpr std::array<bool, 256> kMaySpace = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : std::string_view(" \t\n\r\f\v\xC2\xE2")) t[c] = true;
  return t;
}();

// Width of the whitespace character at s[i], a kMaySpace byte (0 when the
// 0xC2 or 0xE2 there begins another character).
size_t SpaceWidth(std::string_view s, size_t i) {
  const auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = at(i);
  if (c == 0xC2) return i + 1 < s.size() && at(i + 1) == 0xA0 ? 2 : 0;  // NBSP
  if (c == 0xE2) {
    // U+2000..U+200A, U+2028, U+2029, U+202F
    if (i + 2 >= s.size() || at(i + 1) != 0x80) return 0;
    const unsigned char d = at(i + 2);
    return (d >= 0x80 && d <= 0x8A) || d == 0xAF || d == 0xA8 || d == 0xA9 ? 3 : 0;
  }
  return 1;
}

}  // namespace

std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (size_t i = 0; i < s.size();) {
    // A run of bytes none of which can start whitespace is copied at once.
    size_t end = i;
    while (end < s.size() && !kMaySpace[static_cast<unsigned char>(s[end])]) ++end;
    if (end == i) {
      if (const size_t width = SpaceWidth(s, i)) {
        pending_space = !out.empty();
        i += width;
        continue;
      }
      end = i + 1;  // 0xC2 or 0xE2 beginning something else
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(s.data() + i, end - i);
    i = end;
  }
  return out;
}

std::string_view TrimAscii(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<WideEncoding> DetectWideEncoding(std::string_view bytes) {
  // UTF-32LE's mark begins with UTF-16LE's, so it is tested first.
  if (bytes.starts_with(std::string_view("\xFF\xFE\0\0", 4))) return WideEncoding{"UTF-32LE", true};
  if (bytes.starts_with(std::string_view("\0\0\xFE\xFF", 4))) return WideEncoding{"UTF-32BE", true};
  if (bytes.starts_with("\xFF\xFE")) return WideEncoding{"UTF-16LE", true};
  if (bytes.starts_with("\xFE\xFF")) return WideEncoding{"UTF-16BE", true};
  const size_t n = std::min<size_t>(bytes.size(), 4096) / 4 * 4;
  if (n == 0) return std::nullopt;
  // Share of NUL bytes at each position modulo 4.
  double zero[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < n; ++i) zero[i % 4] += bytes[i] == '\0';
  for (double& z : zero) z /= static_cast<double>(n / 4);
  // UTF-32: the top two bytes of every unit below U+10000 are NUL, which
  // no UTF-16 text fills at both places.
  if (zero[2] >= 0.9 && zero[3] >= 0.9 && zero[0] < 0.5) return WideEncoding{"UTF-32LE", false};
  if (zero[0] >= 0.9 && zero[1] >= 0.9 && zero[3] < 0.5) return WideEncoding{"UTF-32BE", false};
  // UTF-16: the high byte of every unit below U+0100 is NUL; the low byte
  // rarely is.
  const double odd = (zero[1] + zero[3]) / 2, even = (zero[0] + zero[2]) / 2;
  if (odd >= 0.5 && even < 0.1) return WideEncoding{"UTF-16LE", false};
  if (even >= 0.5 && odd < 0.1) return WideEncoding{"UTF-16BE", false};
  return std::nullopt;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

std::string ClipForMessage(std::string_view s, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0, i = 0;
  // Only the bytes that can be shown are read: a long input costs nothing.
  while (i < s.size() && chars < max_chars) {
    const auto c = static_cast<unsigned char>(s[i]);
    // A lead byte and the continuation bytes that follow it, up to its length.
    std::size_t len = 1;
    const std::size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    while (len < want && i + len < s.size() &&
           (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80)
      ++len;
    if (c < 0x20 || c == 0x7F) {
      out.push_back(' ');
    } else if (const std::string_view piece = s.substr(i, len); SanitizeUtf8(piece) == piece) {
      out += piece;
    } else {
      // One replacement character per invalid byte, so each step of the loop
      // shows one character whatever the bytes (an invalid 4-byte lead and
      // its followers once became four).
      out += "\xEF\xBF\xBD";
      len = 1;
    }
    i += len;
    ++chars;
  }
  if (i < s.size()) out += "\xE2\x80\xA6";  // …
  return out;
}

std::string QuoteForMessage(std::string_view s, std::size_t max_chars) {
  return "\"" + ClipForMessage(s, max_chars) + "\"";
}

}  // namespace corroborate
