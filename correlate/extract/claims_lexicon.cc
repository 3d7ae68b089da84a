#include "correlate/extract/claims_lexicon.h"

#include "core/tsv.h"

namespace corroborate::extract::claimdata {
std::string_view EmbeddedFile(std::string_view name);
}

namespace corroborate::extract {

std::vector<std::string_view> SplitField(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) pos = s.size();
    if (pos > start) out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
  return out;
}

std::vector<std::vector<std::string_view>> ClaimLexiconRows(std::string_view basename) {
  std::vector<std::vector<std::string_view>> rows;
  for (TsvRow& row : ReadTsv(claimdata::EmbeddedFile(basename))) rows.push_back(std::move(row.fields));
  return rows;
}

}  // namespace corroborate::extract
