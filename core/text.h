// Small text helpers shared by every parser: UTF-8 checking, whitespace.
#pragma once

#include <string>
#include <string_view>

namespace corroborate {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);
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

}  // namespace corroborate
