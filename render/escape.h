// The edge of every renderer: text escaped for the output's syntax, and the
// one rule for links, that only absolute http and https URLs become links
// (javascript:, data:, file:, relative and obfuscated URLs are never made
// links; they are left out of link fields).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace corroborate::render {

// `url` without surrounding ASCII whitespace when it is an absolute http or
// https URL (the scheme in any case, then "//" and a host), with no control
// character, space, quote, angle bracket, backslash or backtick in it;
// nullopt for anything else.
std::optional<std::string> LinkUrl(std::string_view url);

// `text` with & < > " ' as HTML character references: safe in element
// content and in quoted attribute values.
std::string HtmlEscape(std::string_view text);

// `text` as inline Markdown that renders as the same plain text: whitespace
// runs (newlines too) collapsed to one space, & < > as HTML character
// references (so no HTML passes), and \ ` * _ [ ] | ~ escaped with a
// backslash (no emphasis, code, link or table cell boundary).
std::string MarkdownText(std::string_view text);

// A Markdown link [text](url) when LinkUrl accepts `url`, with ( ) | and
// spaces in the URL percent-encoded; MarkdownText(text) otherwise.
std::string MarkdownLink(std::string_view text, std::string_view url);

}  // namespace corroborate::render
