// Sentence splitting for English news text and posts.
//
// Handles abbreviations (Mr., Dr., U.S., Inc., Jan., No. 5), decimals,
// initials, ellipses, quotes that close a sentence or continue it
// ("..." he said.), UTF-8 punctuation (curly quotes, ellipsis, dashes). A
// blank line always ends a sentence; a single newline does too unless the
// next line continues in lower case (a soft wrap). A sentence is at most
// kMaxSentenceBytes long: text that runs on without an end (lists, tables,
// unpunctuated posts run together) is cut at the last space before the
// limit, so the work done per sentence stays bounded.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace corroborate::extract {

// Some 700 words; the longest sentences of the news corpora are under 1,500 bytes.
inline constexpr std::size_t kMaxSentenceBytes = 4096;

struct SentenceSpan {
  std::size_t begin = 0;  // byte offsets into the text, [begin, end), trimmed
  std::size_t end = 0;
  std::size_t paragraph = 0;  // index of the paragraph (blank-line separated block)
};

// Splits `text` into sentences in text order. Never fails; invalid UTF-8 is
// treated as opaque bytes.
std::vector<SentenceSpan> SplitSentences(std::string_view text);

}  // namespace corroborate::extract
