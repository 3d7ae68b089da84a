#include "correlate/extract/claims_lexicon.h"

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
  std::string_view data = claimdata::EmbeddedFile(basename);
  std::size_t start = 0;
  while (start < data.size()) {
    std::size_t nl = data.find('\n', start);
    if (nl == std::string_view::npos) nl = data.size();
    std::string_view line = data.substr(start, nl - start);
    start = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> fields;
    std::size_t f = 0;
    while (true) {
      std::size_t tab = line.find('\t', f);
      fields.push_back(line.substr(f, tab == std::string_view::npos ? std::string_view::npos : tab - f));
      if (tab == std::string_view::npos) break;
      f = tab + 1;
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

}  // namespace corroborate::extract
