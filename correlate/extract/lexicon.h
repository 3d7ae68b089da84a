// Lexicons: small tab-separated word lists kept as data files (embedded in
// the binary by cmake/Embed.cmake) so the extractor's vocabulary is not code.
//
// Format: one entry per line, "key<TAB>column1<TAB>column2...". Lines that
// are empty or start with '#' are ignored. A key written in lowercase matches
// case-insensitively; a key containing an uppercase letter ("May", "EST")
// matches only as written. Lookups fold ASCII case.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"

namespace corroborate::extract {

struct LexiconEntry {
  std::string key;
  std::vector<std::string> columns;  // the fields after the key
  // Column i, or "" when the line had fewer fields.
  [[nodiscard]] std::string_view Column(std::size_t i) const {
    return i < columns.size() ? std::string_view(columns[i]) : std::string_view();
  }
  [[nodiscard]] bool case_sensitive() const;
};

class Lexicon {
 public:
  // Parses TSV text; `name` is used in error messages ("time_months.tsv:12: ...").
  [[nodiscard]] static Result<Lexicon> Parse(std::string_view name, std::string_view tsv);
  // Parses an embedded data file by base name, e.g. "time_months.tsv".
  [[nodiscard]] static Result<Lexicon> Embedded(std::string_view file_name);

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::vector<LexiconEntry>& entries() const { return entries_; }
  // The first entry whose key equals `key` ignoring ASCII case, or nullptr.
  [[nodiscard]] const LexiconEntry* Find(std::string_view key) const;
  // An RE2 alternation (non-capturing group) of the keys, longest first, with
  // regex metacharacters quoted, whitespace in keys matching any run of
  // whitespace, and case handled as described above. If `column` >= 0 only
  // entries whose column `column` equals `value` are included.
  [[nodiscard]] std::string Alternation(int column = -1, std::string_view value = {}) const;

 private:
  std::string name_;
  std::vector<LexiconEntry> entries_;
  std::unordered_map<std::string, std::size_t> index_;  // lowercased key -> entry
};

}  // namespace corroborate::extract
