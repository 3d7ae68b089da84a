#include "correlate/extract/entities.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "correlate/extract/claims_lexicon.h"

namespace corroborate::extract {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsUpper(c) || IsLower(c) || IsDigit(c); }

// Byte length of a token character at i (0: not a token character).
// Letters, digits, . & - ' / : _ and non-ASCII except quotes, dashes,
// ellipsis, bullets and no-break space; ’ (U+2019) counts as an apostrophe.
constexpr std::array<bool, 128> kAsciiTokenChars = [] {
  std::array<bool, 128> a{};
  for (int c = 0; c < 128; ++c) {
    a[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '&' ||
           c == '-' || c == '\'' || c == '/' || c == ':' || c == '_';
  }
  return a;
}();

inline std::size_t TokenCharAt(std::string_view t, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  if (c < 0x80) return kAsciiTokenChars[c] ? 1 : 0;
  if (c == 0xC2 && i + 1 < t.size()) {
    unsigned char d = static_cast<unsigned char>(t[i + 1]);
    if (d == 0xA0 || d == 0xAB || d == 0xBB || d == 0xB7) return 0;  // NBSP « » ·
    return 2;
  }
  if (c == 0xE2 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80) {
    unsigned char d = static_cast<unsigned char>(t[i + 2]);
    if (d == 0x99) return 3;  // ’
    return 0;                 // other general punctuation: dashes, quotes, ellipsis, bullet
  }
  std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  return std::min(len, t.size() - i);
}

struct Token {
  std::size_t begin = 0;
  std::size_t end = 0;    // trailing punctuation and possessive removed
  std::string_view key;   // normalized: no dots, ’ -> ', no trailing 's (into the text or Tokens::arena)
};

struct Tokens {
  std::vector<Token> list;
  std::deque<std::string> arena;  // keys that differ from the text
};

// Normalizes one token for gazetteer keys.
std::string NormalizeToken(std::string_view w) {
  std::string k;
  k.reserve(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i] == '.') continue;
    if (w[i] == '\xE2' && w.compare(i, 3, "\xE2\x80\x99") == 0) {
      k.push_back('\'');
      i += 2;
      continue;
    }
    k.push_back(w[i]);
  }
  if (k.size() > 2 && k.compare(k.size() - 2, 2, "'s") == 0) k.resize(k.size() - 2);
  while (!k.empty() && (k.back() == '\'' || k.back() == '-' || k.back() == ':')) k.pop_back();
  return k;
}

Tokens Tokenize(std::string_view t, std::size_t begin, std::size_t end) {
  Tokens out;
  std::vector<Token>& tokens = out.list;
  tokens.reserve((end - begin) / 5);
  std::size_t i = begin;
  while (i < end) {
    // ASCII bytes by table; others as TokenCharAt reads them.
    auto c = static_cast<unsigned char>(t[i]);
    if (c < 0x80 ? !kAsciiTokenChars[c] : TokenCharAt(t, i) == 0) {
      ++i;
      continue;
    }
    std::size_t b = i;
    while (i < end) {
      c = static_cast<unsigned char>(t[i]);
      if (c < 0x80) {
        if (!kAsciiTokenChars[c]) break;
        ++i;
      } else {
        std::size_t len = TokenCharAt(t, i);
        if (len == 0) break;
        i += len;
      }
    }
    std::size_t e = i;
    // Trim trailing punctuation that belongs to the sentence, keeping the
    // final dot of dotted acronyms ("U.S.").
    while (e > b) {
      char c = t[e - 1];
      if (c == ':' || c == '-' || c == '/' || c == '\'') {
        --e;
      } else if (c == '.') {
        bool acronym = e - b >= 4 && t[e - 3] == '.' && IsUpper(t[e - 2]);
        if (acronym) break;
        --e;
      } else if (c == '\x99' && e - b >= 3 && t.compare(e - 3, 3, "\xE2\x80\x99") == 0) {
        e -= 3;
      } else {
        break;
      }
    }
    while (b < e && (t[b] == '\'' || t[b] == '-' || t[b] == '.' || t[b] == '/' || t[b] == ':')) ++b;
    if (e <= b) continue;
    std::string_view w = t.substr(b, e - b);
    // Possessive: the mention ends before 's.
    std::size_t mention_end = e;
    if (w.size() > 2 && w.compare(w.size() - 2, 2, "'s") == 0) mention_end = e - 2;
    if (w.size() > 4 && w.compare(w.size() - 4, 4, "\xE2\x80\x99s") == 0) mention_end = e - 4;
    // Most words are their own key; only dots, ’ and trailing 's - : change it.
    bool plain = std::none_of(w.begin(), w.end(), [](char ch) { return ch == '.' || ch == '\xE2'; }) &&
                 w.back() != '\'' && w.back() != '-' && w.back() != ':' &&
                 !(w.size() > 2 && w[w.size() - 2] == '\'' && w.back() == 's');
    if (plain) {
      tokens.push_back({b, mention_end, w});
    } else {
      out.arena.push_back(NormalizeToken(w));
      tokens.push_back({b, mention_end, out.arena.back()});
    }
  }
  return out;
}

// Hash for string-keyed maps that are searched with string_views.
struct SvHash {
  using is_transparent = void;
  // FNV-1a: keys are short words and phrases.
  std::size_t operator()(std::string_view s) const {
    std::uint64_t h = 14695981039346656037ull;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return static_cast<std::size_t>(h ^ (h >> 32));
  }
};
template <class V>
using SvMap = std::unordered_map<std::string, V, SvHash, std::equal_to<>>;

struct Entry {
  EntityKind kind = EntityKind::kCountry;
  std::string id;
};

struct Gazetteer {
  SvMap<Entry> phrases;                                  // normalized phrase -> entity
  // Every phrase's leading tokens ("north", "north korea") -> the entity when
  // they are a phrase themselves, else nullptr: a longest match stops at the
  // first run of tokens that starts no phrase.
  SvMap<const Entry*> prefixes;
  SvMap<std::string> codes;                              // "US" -> "US" (bare ISO codes that name a country)
  std::unordered_map<std::string, OrganisationInfo> orgs;  // id -> info
  SvMap<std::string> suffixes;                             // org suffix word -> kind
  SvMap<std::string> titles;                               // lower-case title -> kind
  std::size_t max_tokens = 1;

  static std::string Key(std::string_view phrase) {
    std::string key;
    Tokens toks = Tokenize(phrase, 0, phrase.size());
    for (const Token& tok : toks.list) {
      if (!key.empty()) key.push_back(' ');
      key += tok.key;
    }
    return key;
  }

  void Add(std::string_view phrase, EntityKind kind, const std::string& id) {
    std::string key = Key(phrase);
    if (key.empty()) return;
    std::size_t n = 1 + static_cast<std::size_t>(std::count(key.begin(), key.end(), ' '));
    max_tokens = std::max(max_tokens, n);
    phrases.emplace(std::move(key), Entry{kind, id});
  }

  void IndexPrefixes() {
    for (const auto& [key, entry] : phrases) {
      for (std::size_t sp = key.find(' '); sp != std::string::npos; sp = key.find(' ', sp + 1)) {
        prefixes.emplace(key.substr(0, sp), nullptr);
      }
      prefixes[key] = &entry;
    }
  }

  Gazetteer() {
    for (const auto& row : ClaimLexiconRows("gazetteer_countries.tsv")) {
      if (row.size() < 2) continue;
      std::string id = "country:" + std::string(row[0]);
      for (std::string_view name : SplitField(row[1], '|')) Add(name, EntityKind::kCountry, id);
      if (row.size() > 2) {
        for (std::string_view d : SplitField(row[2], '|')) {
          Add(d, EntityKind::kCountry, id);
          if (d.ends_with("an") || d.ends_with("i")) Add(std::string(d) + "s", EntityKind::kCountry, id);
        }
      }
      if (row.size() > 3 && row[3] == "1") codes.emplace(std::string(row[0]), std::string(row[0]));
    }
    for (const auto& row : ClaimLexiconRows("gazetteer_organisations.tsv")) {
      if (row.size() < 2) continue;
      auto names = SplitField(row[0], '|');
      if (names.empty()) continue;
      OrganisationInfo info{std::string(names[0]), "org:" + Slug(names[0]), std::string(row[1]),
                            row.size() > 2 ? std::string(row[2]) : std::string()};
      for (std::string_view name : names) {
        if (!phrases.contains(Key(name))) Add(name, EntityKind::kOrganisation, info.id);
      }
      orgs.emplace(info.id, std::move(info));
    }
    IndexPrefixes();
    for (const auto& row : ClaimLexiconRows("gazetteer_org_suffixes.tsv")) {
      if (row.size() >= 2) suffixes.emplace(std::string(row[0]), std::string(row[1]));
    }
    for (const auto& row : ClaimLexiconRows("claim_titles.tsv")) {
      if (row.size() >= 2) titles.emplace(ToLower(row[0]), std::string(row[1]));
    }
  }

  static std::string ToLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
      if (IsUpper(c)) c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
};

const Gazetteer& Gaz() {
  static const Gazetteer* g = new Gazetteer();
  return *g;
}

bool Capitalized(std::string_view key) {
  return !key.empty() && (IsUpper(key[0]) || static_cast<unsigned char>(key[0]) >= 0xC3);
}

bool IsConnector(std::string_view key) {
  return key == "of" || key == "and" || key == "&" || key == "for" || key == "de";
}

// Words that are capitalized for reasons other than being part of a name.
bool IsFunctionCap(std::string_view key) {
  static const std::unordered_set<std::string_view, SvHash> kWords = {
      "The", "A", "An", "In", "On", "At", "As", "It", "Its", "He", "She", "They", "We", "I",
      "But", "And", "Or", "If", "This", "That", "These", "Those", "There", "When", "While",
      "After", "Before", "According", "Last", "Next", "Now", "Usually", "Few", "Only", "Click",
      "To", "For", "From", "By", "With", "Of", "Is", "Was", "His", "Her", "Their", "Our"};
  return kWords.contains(key);
}

std::string ParseAsn(const std::vector<Token>& toks, std::size_t i, std::size_t* used) {
  std::string_view k = toks[i].key;
  auto digits = [](std::string_view s) {
    return !s.empty() && s.size() <= 10 && std::all_of(s.begin(), s.end(), IsDigit);
  };
  for (std::string_view p : {"ASN", "AS"}) {
    if (k.starts_with(p) && digits(std::string_view(k).substr(p.size()))) {
      *used = 1;
      return std::string(std::string_view(k).substr(p.size()));
    }
    if (k == p && i + 1 < toks.size() && digits(toks[i + 1].key)) {
      *used = 2;
      return std::string(toks[i + 1].key);
    }
  }
  return {};
}

// "175.45.176.0/22", "2001:db8::/32" -> normalized prefix text, or "".
std::string ParsePrefix(std::string_view w) {
  if (w.find('/') == std::string_view::npos) return {};
  static const RE2* v4 = [] {
    RE2::Options o;
    o.set_log_errors(false);
    return new RE2(R"((\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})/(\d{1,2}))", o);
  }();
  static const RE2* v6 = [] {
    RE2::Options o;
    o.set_log_errors(false);
    return new RE2(R"([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}/\d{1,3})", o);
  }();
  int a, b, c, d, len;
  if (RE2::FullMatch(w, *v4, &a, &b, &c, &d, &len)) {
    if (a > 255 || b > 255 || c > 255 || d > 255 || len > 32) return {};
    return std::string(w);
  }
  if (RE2::FullMatch(w, *v6)) {
    std::size_t slash = w.find('/');
    if (std::stoi(std::string(w.substr(slash + 1))) > 128) return {};
    std::string out;
    for (char ch : w) out.push_back(IsUpper(ch) ? static_cast<char>(ch - 'A' + 'a') : ch);
    return out;
  }
  return {};
}

}  // namespace

std::string Slug(std::string_view name) {
  std::string out;
  bool dash = false;
  for (char c : name) {
    if (IsAlnum(c)) {
      if (dash && !out.empty()) out.push_back('-');
      dash = false;
      out.push_back(IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c);
    } else if (c != '.' && c != '\'') {
      dash = true;
    }
  }
  return out;
}

const OrganisationInfo* FindOrganisation(std::string_view name) {
  const Gazetteer& g = Gaz();
  auto it = g.phrases.find(Gazetteer::Key(name));
  if (it == g.phrases.end() || it->second.kind != EntityKind::kOrganisation) return nullptr;
  return OrganisationById(it->second.id);
}

const OrganisationInfo* OrganisationById(std::string_view id) {
  const Gazetteer& g = Gaz();
  auto it = g.orgs.find(std::string(id));
  return it == g.orgs.end() ? nullptr : &it->second;
}

std::string CountryCodeOf(std::string_view name) {
  const Gazetteer& g = Gaz();
  std::string key = Gazetteer::Key(name);
  if (key.starts_with("the ")) key.erase(0, 4);
  auto it = g.phrases.find(key);
  if (it == g.phrases.end() || it->second.kind != EntityKind::kCountry) return {};
  return it->second.id.substr(8);
}

bool IsTitleWord(std::string_view word) { return !TitleKind(word).empty(); }

std::string TitleKind(std::string_view word) {
  while (!word.empty() && (word.back() == '.' || word.back() == ',')) word.remove_suffix(1);
  auto it = Gaz().titles.find(Gazetteer::ToLower(word));
  return it == Gaz().titles.end() ? std::string() : it->second;
}

std::vector<Mention> ExtractEntities(std::string_view text, std::size_t begin, std::size_t end) {
  const Gazetteer& g = Gaz();
  end = std::min(end, text.size());
  std::vector<Mention> out;
  if (begin >= end) return out;
  Tokens tokens = Tokenize(text, begin, end);
  const std::vector<Token>& toks = tokens.list;
  auto add = [&](EntityKind kind, std::string id, std::size_t b, std::size_t e) {
    out.push_back({kind, std::move(id), std::string(text.substr(b, e - b)), b, e});
  };
  std::string key;
  for (std::size_t i = 0; i < toks.size();) {
    std::string_view k = toks[i].key;
    if (k.empty() || !(Capitalized(k) || IsDigit(k[0]) || std::find(k.begin(), k.end(), ':') != k.end())) {
      ++i;
      continue;
    }
    // ASNs and prefixes.
    std::size_t used = 0;
    if (k[0] == 'A') {
      std::string asn = ParseAsn(toks, i, &used);
      if (!asn.empty()) {
        add(EntityKind::kAsn, "asn:" + asn, toks[i].begin, toks[i + used - 1].end);
        i += used;
        continue;
      }
    }
    if (k.find('/') != std::string::npos) {
      std::string prefix = ParsePrefix(text.substr(toks[i].begin, toks[i].end - toks[i].begin));
      if (!prefix.empty()) {
        add(EntityKind::kPrefix, "prefix:" + prefix, toks[i].begin, toks[i].end);
        ++i;
        continue;
      }
    }
    // Gazetteer, longest match first.
    if (auto first = g.prefixes.find(k); first != g.prefixes.end()) {
      std::size_t best = first->second ? 1 : 0;
      const Entry* entry = first->second;
      key.assign(k);
      for (std::size_t n = 2; n <= g.max_tokens && i + n <= toks.size(); ++n) {
        key.push_back(' ');
        key += toks[i + n - 1].key;
        auto it = g.prefixes.find(key);
        if (it == g.prefixes.end()) break;
        if (it->second) {
          best = n;
          entry = it->second;
        }
      }
      if (entry) {
        // A bare ISO code names a country only when listed as such and written in capitals.
        bool ok = true;
        if (best == 1 && entry->kind == EntityKind::kCountry && k.size() == 2 &&
            IsUpper(k[0]) && IsUpper(k[1]))
          ok = !entry->id.ends_with(k) || g.codes.contains(k);
        if (ok) {
          add(entry->kind, entry->id, toks[i].begin, toks[i + best - 1].end);
          i += best;
          continue;
        }
      }
    }
    // A title followed by capitalized names: a person.
    auto title = g.titles.find(Gazetteer::ToLower(k));
    if (title != g.titles.end() && IsUpper(k[0])) {
      std::size_t j = i + 1;
      if (j < toks.size() && g.titles.contains(Gazetteer::ToLower(toks[j].key)) && IsUpper(toks[j].key[0])) ++j;
      std::size_t first = j;
      while (j < toks.size() && j - first < 3 && Capitalized(toks[j].key) && !IsFunctionCap(toks[j].key) &&
             !g.titles.contains(Gazetteer::ToLower(toks[j].key)) && !g.prefixes.contains(toks[j].key))
        ++j;
      if (j > first) {
        std::string name;
        for (std::size_t m = first; m < j; ++m) {
          if (!name.empty()) name.push_back(' ');
          name += toks[m].key;
        }
        add(EntityKind::kPerson, "person:" + Slug(name), toks[first].begin, toks[j - 1].end);
        i = j;
        continue;
      }
    }
    // A capitalized run ending in an organisation word: "Acme Networks".
    if (Capitalized(k) && !IsFunctionCap(k)) {
      std::size_t j = i;
      std::size_t last_cap = i;
      while (j < toks.size() && j - i < 8) {
        std::string_view w = toks[j].key;
        if (Capitalized(w) && !(j > i && IsFunctionCap(w))) {
          last_cap = j;
          ++j;
        } else if (j > i && IsConnector(w) && j + 1 < toks.size() && Capitalized(toks[j + 1].key)) {
          ++j;
        } else {
          break;
        }
        // Stop at a token followed by sentence punctuation inside the run.
        if (j < toks.size() && toks[j - 1].end < toks[j].begin) {
          std::string_view gap = text.substr(toks[j - 1].end, toks[j].begin - toks[j - 1].end);
          if (gap.find_first_not_of(' ') != std::string_view::npos) break;
        }
      }
      if (last_cap > i && g.suffixes.contains(toks[last_cap].key)) {
        std::string name(text.substr(toks[i].begin, toks[last_cap].end - toks[i].begin));
        add(EntityKind::kOrganisation, "org:" + Slug(name), toks[i].begin, toks[last_cap].end);
        i = last_cap + 1;
        continue;
      }
    }
    ++i;
  }
  return out;
}

}  // namespace corroborate::extract
