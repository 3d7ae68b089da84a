#include "correlate/extract/lexicon.h"

#include <re2/re2.h>

#include <algorithm>

#include "core/text.h"
#include "core/tsv.h"

namespace corroborate::extract::data {
std::string_view EmbeddedFile(std::string_view name);
}  // namespace corroborate::extract::data

namespace corroborate::extract {

bool LexiconEntry::case_sensitive() const {
  return std::any_of(key.begin(), key.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

Result<Lexicon> Lexicon::Parse(std::string_view name, std::string_view tsv) {
  Lexicon lex;
  lex.name_ = std::string(name);
  for (const TsvRow& row : ReadTsv(tsv)) {
    LexiconEntry entry;
    entry.key = std::string(row.fields[0]);
    for (std::size_t i = 1; i < row.fields.size(); ++i) entry.columns.emplace_back(row.fields[i]);
    if (entry.key.empty()) {
      return Fail(ErrorCode::kParse, std::string(name) + ":" + std::to_string(row.line) + ": empty key");
    }
    lex.index_.emplace(ToLowerAscii(entry.key), lex.entries_.size());
    lex.entries_.push_back(std::move(entry));
  }
  return lex;
}

Result<Lexicon> Lexicon::Embedded(std::string_view file_name) {
  std::string_view bytes = data::EmbeddedFile(file_name);
  if (bytes.empty()) return Fail(ErrorCode::kNotFound, std::string(file_name) + ": no such embedded lexicon");
  return Parse(file_name, bytes);
}

const LexiconEntry* Lexicon::Find(std::string_view key) const {
  auto it = index_.find(ToLowerAscii(key));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

std::string Lexicon::Alternation(int column, std::string_view value) const {
  std::vector<const LexiconEntry*> chosen;
  for (const LexiconEntry& e : entries_) {
    if (column >= 0 && e.Column(static_cast<std::size_t>(column)) != value) continue;
    chosen.push_back(&e);
  }
  // Longest first (so "sept." wins over "sept"); file order among equals.
  std::sort(chosen.begin(), chosen.end(), [](const LexiconEntry* a, const LexiconEntry* b) {
    return a->key.size() != b->key.size() ? a->key.size() > b->key.size() : a < b;
  });
  auto quote = [](const std::string& key) {
    std::string out;
    std::size_t i = 0;
    while (i < key.size()) {
      std::size_t sp = key.find(' ', i);
      out += RE2::QuoteMeta(key.substr(i, sp == std::string::npos ? std::string::npos : sp - i));
      if (sp == std::string::npos) break;
      out += "\\s+";
      i = sp + 1;
    }
    return out;
  };
  std::string folded, exact;
  for (const LexiconEntry* e : chosen) {
    std::string& dst = e->case_sensitive() ? exact : folded;
    if (!dst.empty()) dst += '|';
    dst += quote(e->key);
  }
  std::string out = "(?:";
  if (!folded.empty()) out += "(?i:" + folded + ")";
  if (!exact.empty()) out += std::string(folded.empty() ? "" : "|") + "(?-i:" + exact + ")";
  if (folded.empty() && exact.empty()) out += "\\b\\B";  // matches nothing
  out += ")";
  return out;
}

}  // namespace corroborate::extract
