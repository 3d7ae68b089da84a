#include "core/tsv.h"

#include "core/text.h"

namespace corroborate {

std::vector<TsvRow> ReadTsv(std::string_view text) {
  std::vector<TsvRow> rows;
  int number = 0;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++number;
    std::string_view trimmed = TrimAscii(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    TsvRow row{number, {}};
    while (true) {
      std::size_t tab = line.find('\t');
      row.fields.push_back(TrimAscii(line.substr(0, tab)));
      if (tab == std::string_view::npos) break;
      line.remove_prefix(tab + 1);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace corroborate
