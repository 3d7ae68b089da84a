// Tab-separated data (lexicons, taxonomies, model word lists): one row per
// line, fields split on tabs and trimmed of ASCII whitespace. "\r\n" line
// ends are accepted; lines that are blank or whose first non-blank character
// is '#' are skipped.
#pragma once

#include <string_view>
#include <vector>

namespace corroborate {

struct TsvRow {
  int line = 0;                          // 1-based line number in the text
  std::vector<std::string_view> fields;  // at least one; views into the text
};

// The rows of `text`; the views stay valid while `text`'s bytes do.
[[nodiscard]] std::vector<TsvRow> ReadTsv(std::string_view text);

}  // namespace corroborate
