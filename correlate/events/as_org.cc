#include "correlate/events/as_org.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <set>

#include "core/file.h"
#include "core/text.h"

namespace corroborate::correlate {

namespace events_data {
std::string_view EmbeddedFile(std::string_view name);
}  // namespace events_data

namespace {

// Words that say what a company is, not which one.
const std::set<std::string, std::less<>>& LegalWords() {
  static const std::set<std::string, std::less<>> words = {
      "inc",  "llc",         "ltd", "limited", "pty", "pjsc", "jsc", "ojsc", "pjs", "plc",
      "corp", "corporation", "co",  "company", "sa",  "sarl", "ag",  "gmbh", "bv",  "nv",
      "ab",   "as",          "oy",  "srl",     "spa", "dba",  "sas", "lp"};
  return words;
}

const std::set<std::string, std::less<>>& GenericWords() {
  static const std::set<std::string, std::less<>> words = {"the",
                                                           "of",
                                                           "and",
                                                           "de",
                                                           "telecom",
                                                           "telecoms",
                                                           "telecommunication",
                                                           "telecommunications",
                                                           "communication",
                                                           "communications",
                                                           "internet",
                                                           "network",
                                                           "networks",
                                                           "mobile",
                                                           "global",
                                                           "service",
                                                           "services",
                                                           "group",
                                                           "data",
                                                           "net",
                                                           "online",
                                                           "broadband",
                                                           "cable",
                                                           "wireless",
                                                           "digital",
                                                           "systems",
                                                           "technologies",
                                                           "technology",
                                                           "solutions",
                                                           "national",
                                                           "public",
                                                           "international",
                                                           "government",
                                                           "provider",
                                                           "isp",
                                                           "carrier",
                                                           "backbone",
                                                           "university",
                                                           "bank",
                                                           "media",
                                                           "cloud",
                                                           "hosting",
                                                           "parent"};
  return words;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80) {
      word += static_cast<char>(std::tolower(c));
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

// " word word " without legal suffixes; "" when nothing distinctive is left.
std::string NormalizedName(std::string_view name) {
  std::vector<std::string> words = Words(name);
  while (!words.empty() && LegalWords().count(words.back())) words.pop_back();
  bool distinctive = std::any_of(words.begin(), words.end(), [](const std::string& w) {
    return !GenericWords().count(w) && !LegalWords().count(w);
  });
  if (!distinctive) return "";
  std::string out = " ";
  for (const std::string& w : words) out += w + " ";
  return out;
}

std::string NormalizedText(std::string_view text) {
  std::string out = " ";
  for (const std::string& w : Words(text)) out += w + " ";
  return out;
}

std::string FirstWord(const std::string& normalized) {
  size_t end = normalized.find(' ', 1);
  return normalized.substr(1, end == std::string::npos ? std::string::npos : end - 1);
}

std::vector<std::string_view> Split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t at = line.find(sep, start);
    out.push_back(
        line.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

bool ParseAsn(std::string_view text, std::uint32_t& asn) {
  text = TrimAscii(text);
  if (text.size() > 2 && (text[0] == 'A' || text[0] == 'a') && (text[1] == 'S' || text[1] == 's'))
    text.remove_prefix(2);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), asn);
  return ec == std::errc() && end == text.data() + text.size() && asn != 0;
}

}  // namespace

std::string AsOrgTable::Organisation(std::uint32_t asn) const {
  auto it = entries_.find(asn);
  return it == entries_.end() ? "" : it->second.organisation;
}

void AsOrgTable::Add(std::uint32_t asn, std::string organisation,
                     std::vector<std::string> other_names) {
  Entry& e = entries_[asn];
  if (!organisation.empty()) e.organisation = std::move(organisation);
  other_names.push_back(e.organisation);
  for (const std::string& name : other_names) {
    std::string n = NormalizedName(name);
    if (n.empty() || std::find(e.names.begin(), e.names.end(), n) != e.names.end()) continue;
    e.names.push_back(n);
    for (const std::string& word : Words(n)) {
      auto& list = by_word_[word];
      if (list.empty() || list.back() != asn) list.push_back(asn);
    }
  }
}

std::vector<std::uint32_t> AsOrgTable::Asns(std::string_view name) const {
  std::vector<std::uint32_t> out;
  std::string query = NormalizedName(name);
  if (query.empty()) return out;
  // Every name holding the query holds its first word: look only there.
  auto candidates = by_word_.find(FirstWord(query));
  if (candidates == by_word_.end()) return out;
  for (std::uint32_t asn : candidates->second) {
    const Entry& entry = entries_.at(asn);
    bool hit = std::any_of(entry.names.begin(), entry.names.end(), [&](const std::string& n) {
      return n.find(query) != std::string::npos;
    });
    if (hit && (out.empty() || out.back() != asn)) out.push_back(asn);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::uint32_t> AsOrgTable::Known() const {
  std::vector<std::uint32_t> out;
  for (const auto& [asn, entry] : entries_) out.push_back(asn);
  return out;
}

std::vector<std::string> AsOrgTable::Names(std::uint32_t asn) const {
  std::vector<std::string> out;
  auto it = entries_.find(asn);
  if (it == entries_.end()) return out;
  for (const std::string& n : it->second.names) out.emplace_back(TrimAscii(n));
  return out;
}

bool AsOrgTable::Mentions(std::uint32_t asn, std::string_view text) const {
  auto it = entries_.find(asn);
  if (it == entries_.end()) return false;
  std::string normalized = NormalizedText(text);
  return std::any_of(it->second.names.begin(), it->second.names.end(),
                     [&](const std::string& n) { return normalized.find(n) != std::string::npos; });
}

const AsOrgTable& BuiltinAsOrgTable() {
  static const AsOrgTable table = [] {
    AsOrgTable t;
    std::string_view tsv = events_data::EmbeddedFile("as_org.tsv");
    while (!tsv.empty()) {
      size_t nl = tsv.find('\n');
      std::string_view line = tsv.substr(0, nl);
      tsv = nl == std::string_view::npos ? std::string_view() : tsv.substr(nl + 1);
      if (TrimAscii(line).empty() || line.front() == '#') continue;
      auto f = Split(line, '\t');
      std::uint32_t asn = 0;
      if (f.size() < 2 || !ParseAsn(f[0], asn))
        std::abort();  // the embedded file is part of the build
      std::vector<std::string> names;
      if (f.size() > 2) {
        for (std::string_view n : Split(f[2], ',')) names.emplace_back(TrimAscii(n));
      }
      t.Add(asn, std::string(TrimAscii(f[1])), names);
    }
    return t;
  }();
  return table;
}

std::string DefaultAsOrgCachePath() {
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return std::string(v ? v : "");
  };
  std::string dir = env("CORROBORATE_DATA_DIR");
  if (dir.empty() && !env("XDG_CACHE_HOME").empty()) dir = env("XDG_CACHE_HOME") + "/corroborate";
  if (dir.empty() && !env("HOME").empty()) dir = env("HOME") + "/.cache/corroborate";
  if (dir.empty()) dir = ".";
  return dir + "/as2org.txt";
}

AsOrgTable LoadAsOrgTable(const std::string& cache_path) {
  AsOrgTable table = BuiltinAsOrgTable();
  if (cache_path.empty()) return table;
  auto text = ReadFile(cache_path);
  if (!text) return table;
  AsOrgTable loaded;
  if (!ParseAsOrgDataset(*text, cache_path, loaded)) return table;
  // The dataset's registered names first, then the built-in common names.
  for (std::uint32_t asn : table.Known())
    loaded.Add(asn, loaded.Organisation(asn).empty() ? table.Organisation(asn) : "",
               table.Names(asn));
  return loaded;
}

Status ParseAsOrgDataset(std::string_view text, std::string_view name, AsOrgTable& table) {
  enum class Section { kNone, kAut, kOrg } section = Section::kNone;
  std::map<std::string, std::string> org_names;             // CAIDA org_id -> org_name
  std::vector<std::pair<std::uint32_t, std::string>> auts;  // CAIDA asn -> org_id
  std::size_t added = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.front() == '#') {
      if (line.find("format:aut|") != std::string_view::npos) section = Section::kAut;
      if (line.find("format:org_id|") != std::string_view::npos) section = Section::kOrg;
      continue;
    }
    if (section == Section::kAut) {
      auto f = Split(line, '|');
      std::uint32_t asn = 0;
      if (f.size() >= 4 && ParseAsn(f[0], asn)) auts.emplace_back(asn, std::string(f[3]));
    } else if (section == Section::kOrg) {
      auto f = Split(line, '|');
      if (f.size() >= 3) org_names[std::string(f[0])] = std::string(TrimAscii(f[2]));
    } else {
      // RIPE NCC asn.txt: "<asn> <HANDLE> <Organisation name>, <CC>" or "<asn> <HANDLE>, <CC>".
      size_t space = line.find(' ');
      std::uint32_t asn = 0;
      if (space == std::string_view::npos || !ParseAsn(line.substr(0, space), asn)) continue;
      std::string_view rest = TrimAscii(line.substr(space + 1));
      size_t comma = rest.rfind(',');
      if (comma != std::string_view::npos && rest.size() - comma <= 4)
        rest = TrimAscii(rest.substr(0, comma));
      size_t handle_end = rest.find(' ');
      std::string handle(rest.substr(0, handle_end));
      std::string org(
          handle_end == std::string_view::npos ? rest : TrimAscii(rest.substr(handle_end + 1)));
      if (org.empty()) org = handle;
      table.Add(asn, org);
      ++added;
    }
  }
  for (const auto& [asn, org_id] : auts) {
    auto it = org_names.find(org_id);
    if (it == org_names.end()) continue;
    table.Add(asn, it->second);
    ++added;
  }
  if (added == 0) {
    return Fail(
        ErrorCode::kParse,
        fmt::format(
            "{}: no AS-to-organisation records (want CAIDA as-org2info or RIPE NCC asn.txt)",
            name));
  }
  return {};
}

}  // namespace corroborate::correlate
