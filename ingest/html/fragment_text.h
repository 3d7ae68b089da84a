// Plain text of HTML: the one list of block elements (where text breaks into
// lines) and of elements that are never text, and the plain text of a small
// HTML fragment (a feed item's title or body, a post, a comment).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace corroborate::ingest::html {

// Whether the (lowercase) tag is a block element: its text starts and ends
// a line. <br> breaks a line without being a block; table cells (<td>,
// <th>) are not blocks, a row (<tr>) is.
bool IsBlockElement(std::string_view tag);

// Whether the (lowercase) tag's content is never text (<script>, <style>,
// <template>, <head>, <svg>, form controls ...).
bool IsNeverText(std::string_view tag);

// Lines of the fragment's text joined by "\n" (no empty lines, each trimmed,
// whitespace inside a line collapsed): block elements and <br> break lines,
// table cells are separated by a space, line breaks inside <pre> are kept,
// links keep their text, entities are decoded. Elements that are never text
// are dropped with their content, and so are those whose class list contains
// one of `hidden_classes`. Text without '<' or '&' is returned collapsed
// without parsing. Uses libxml2's HTML parser with no network access and
// recovery on. Returns "" for empty or unparseable input and input over
// 64 MiB.
std::string HtmlFragmentToText(std::string_view html,
                               std::span<const std::string_view> hidden_classes = {});

}  // namespace corroborate::ingest::html
