// Small text helpers shared by every parser: UTF-8 checking, whitespace.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace corroborate {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);
// A UTF-16 or UTF-32 encoding that text bytes were found to be in.
struct WideEncoding {
  const char* name = "";  // "UTF-16LE", "UTF-16BE", "UTF-32LE" or "UTF-32BE"
  bool bom = false;       // told by a byte-order mark (else by the NUL pattern)
};
// The UTF-16/32 encoding of `bytes`, by byte-order mark or, without one, by
// where NUL bytes fall in the first 4 KB (text mostly below U+0100 in
// UTF-16, or in the Basic Multilingual Plane in UTF-32); nullopt when the
// bytes show neither (UTF-8, a single-byte encoding, or UTF-16 text of
// other scripts without a byte-order mark).
std::optional<WideEncoding> DetectWideEncoding(std::string_view bytes);
// Copy of `s` with every ill-formed sequence replaced by U+FFFD.
std::string SanitizeUtf8(std::string_view s);
// Appends the UTF-8 encoding of `code_point` (invalid ones become U+FFFD).
void AppendUtf8(std::string& out, char32_t code_point);
// Collapses runs of ASCII and Unicode whitespace (incl. NBSP) to one space and trims.
std::string CollapseWhitespace(std::string_view s);
std::string_view TrimAscii(std::string_view s);
std::string ToLowerAscii(std::string_view s);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// `s` for a one-line message: at most `max_chars` characters of it (then
// "…"), control characters as spaces, ill-formed UTF-8 as U+FFFD.
std::string ClipForMessage(std::string_view s, std::size_t max_chars = 80);
// ClipForMessage in double quotes: QuoteForMessage("a\nb") == "\"a b\"".
std::string QuoteForMessage(std::string_view s, std::size_t max_chars = 80);

}  // namespace corroborate
