// Plain text of a small HTML fragment (a post body, a comment): block
// elements and <br> become line breaks, links keep their text, entities are
// decoded, whitespace inside a line is collapsed. Uses libxml2's HTML parser
// with no network access and recovery on.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace corroborate::ingest::social {

// Lines of the fragment's text joined by "\n" (no empty lines, each trimmed).
// Elements whose class list contains one of `hidden_classes` are dropped
// with their content; <script>, <style> and <template> always are.
// Returns "" for empty or unparseable input.
std::string HtmlFragmentToText(std::string_view html,
                               std::span<const std::string_view> hidden_classes = {});

}  // namespace corroborate::ingest::social
