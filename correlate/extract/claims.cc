#include "correlate/extract/claims.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "correlate/extract/cause_stance.h"
#include "correlate/extract/certainty.h"
#include "correlate/extract/claims_lexicon.h"
#include "correlate/extract/entities.h"
#include "correlate/extract/literal_prefilter.h"
#include "correlate/extract/sentences.h"
#include "correlate/extract/timex.h"

namespace corroborate::extract {
namespace {

// ---------------------------------------------------------------- lexicons

enum class Family { kOutage, kScope, kCause, kDenial, kThreat, kMeasurement, kContext };

struct TriggerRow {
  ClaimType type = ClaimType::kOutageState;
  Family family = Family::kContext;
  std::string value;
  std::string actor;
  std::string condition;  // "", "sentence", "cyber", "claim", "announce", "caused", "government"
  std::unique_ptr<RE2> re;
};

RE2::Options Options(bool case_sensitive = false) {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_case_sensitive(case_sensitive);
  return o;
}

Family FamilyOf(ClaimType t) {
  switch (t) {
    case ClaimType::kOutageState:
    case ClaimType::kOutageStart:
    case ClaimType::kOutageEnd:
    case ClaimType::kOutageDuration: return Family::kOutage;
    case ClaimType::kOutageScope: return Family::kScope;
    case ClaimType::kCauseAssertion: return Family::kCause;
    case ClaimType::kDenial: return Family::kDenial;
    case ClaimType::kThreat: return Family::kThreat;
    case ClaimType::kMeasurementReport: return Family::kMeasurement;
  }
  return Family::kContext;
}

// Hash for string-keyed maps searched with string_views.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct TriggerLexicon {
  std::vector<TriggerRow> triggers;
  // The trigger patterns, then the context words: which of them can match
  // in a sentence (a sentence rarely has the words of more than one or two).
  LiteralPrefilter filter{2};
  std::unique_ptr<RE2> context;  // any context word
  int context_id = -1;           // its number in `filter`
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> reporting;  // verb form -> kind
  std::unique_ptr<RE2> representation;  // "X claimed to represent Y"
  std::unique_ptr<RE2> anaphor;         // "That seems very unlikely"
  std::unique_ptr<RE2> document_source; // "a statement from X"
  std::unique_ptr<RE2> attr;            // shortcode / HTML attributes
  std::unique_ptr<RE2> target;          // "... on Acme Pictures" after an attack word

  TriggerLexicon() {
    std::string context_alt;
    for (const auto& row : ClaimLexiconRows("claim_triggers.tsv")) {
      if (row.size() < 4) continue;
      std::string full = "\\b(?:" + std::string(row[3]) + ")\\b";
      if (row[0] == "context") {
        context_alt += (context_alt.empty() ? "" : "|") + std::string(row[3]);
        continue;
      }
      std::optional<ClaimType> type = ClaimTypeFromName(row[0]);
      if (!type) continue;
      auto re = std::make_unique<RE2>("(" + full + ")", Options());
      if (!re->ok()) continue;
      filter.Add(full, Options());
      TriggerRow t;
      t.type = *type;
      t.family = FamilyOf(*type);
      t.value = row[1] == "-" ? "" : std::string(row[1]);
      t.actor = row[2] == "-" ? "" : std::string(row[2]);
      if (row.size() > 4) t.condition = std::string(row[4]);
      t.re = std::move(re);
      triggers.push_back(std::move(t));
    }
    context_id = static_cast<int>(triggers.size());
    filter.Add("\\b(?:" + context_alt + ")\\b", Options());
    filter.Compile();
    context = std::make_unique<RE2>("\\b(?:" + context_alt + ")\\b", Options());
    for (const auto& row : ClaimLexiconRows("claim_reporting_verbs.tsv")) {
      if (row.size() >= 2) reporting.emplace(std::string(row[0]), std::string(row[1]));
    }
    representation = std::make_unique<RE2>(
        R"(^(.*?)\s+(?:who\s+)?(?:claimed|claiming|claims|purporting|purported|said|says|saying)\s+to\s+(?:represent|be|speak\s+for|belong\s+to)\s+(.*)$)",
        Options());
    document_source = std::make_unique<RE2>(
        R"((?:(?:a|an|the)\s+)?(?:\w+\s+)?(?:statement|report|post|tweet|blog\s+post|message|analysis|data|figures|note|release|update)s?\s+(?:from|by|of|published\s+by|issued\s+by)\s+(.+))",
        Options());
    anaphor = std::make_unique<RE2>(
        R"(^(?:that|this|it|which|such\s+\w+|the\s+(?:latter|former|idea|theory|claim|suggestion))\s+(?:\w+\s+){0,2}?(?:seems?|is|was|looks?|appears?|sounds?|remains?)\b)",
        Options());
    target = std::make_unique<RE2>(
        R"(^\s+(?i:against|on|targeting|targeted\s+at|at)\s+(?:(?i:the)\s+)?((?:[A-Z][\w&.'-]*\s?)+))", Options(true));
    attr = std::make_unique<RE2>(
        "([A-Za-z_][A-Za-z0-9_-]*)\\s*=\\s*(?:[\"\xE2\x80\x9C\xE2\x80\x9D]([^\"\xE2\x80\x9C\xE2\x80\x9D\\]>]*)[\"\xE2\x80\x9C\xE2\x80\x9D]|'([^'\\]>]*)')",
        Options(true));
  }
};

const TriggerLexicon& Lex() {
  static const TriggerLexicon* lex = new TriggerLexicon();
  return *lex;
}

// ------------------------------------------------------------ small helpers

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  // ASCII whitespace, NBSP and quotes/dashes at the edges of a phrase.
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    while (!s.empty() && (IsSpace(s.front()) || s.front() == ',' || s.front() == '"')) s.remove_prefix(1), changed = true;
    while (!s.empty() && (IsSpace(s.back()) || s.back() == ',' || s.back() == '.' || s.back() == '"' ||
                          s.back() == ';' || s.back() == ':'))
      s.remove_suffix(1), changed = true;
    for (std::string_view p : {"\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xC2\xA0"}) {
      if (s.starts_with(p)) s.remove_prefix(p.size()), changed = true;
      if (s.ends_with(p)) s.remove_suffix(p.size()), changed = true;
    }
    if (s.starts_with("-")) s.remove_prefix(1), changed = true;
  }
  return s;
}

std::string Lower(std::string_view s) { return ToLowerAscii(s); }

std::string_view StripDeterminer(std::string_view s) {
  for (std::string_view d : {"the ", "The ", "a ", "A ", "an ", "An "}) {
    if (s.starts_with(d)) return s.substr(d.size());
  }
  return s;
}

// Cuts a phrase at the first dash, comma, semicolon or parenthesis.
std::string_view CutAtPunct(std::string_view s) {
  std::size_t cut = s.size();
  for (std::string_view p : {"\xE2\x80\x93", "\xE2\x80\x94", " - ", ",", ";", " (", "\xE2\x80\x9D", "\""}) {
    std::size_t pos = s.find(p);
    if (pos != std::string_view::npos) cut = std::min(cut, pos);
  }
  return Trim(s.substr(0, cut));
}

bool LooksLikeOrganisation(std::string_view s) {
  s = Trim(s);
  if (s.empty() || !IsUpper(s[0])) return false;
  if (FindOrganisation(s)) return true;
  // Every word capitalized (or a connector): "Acme Networks", "Bank of X".
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t e = s.find(' ', i);
    if (e == std::string_view::npos) e = s.size();
    std::string_view w = s.substr(i, e - i);
    if (!w.empty() && !IsUpper(w[0]) && w != "of" && w != "and" && w != "&" && w != "for" &&
        static_cast<unsigned char>(w[0]) < 0x80)
      return false;
    i = e + 1;
  }
  return true;
}

bool IsOutletLike(std::string_view name) {
  if (const OrganisationInfo* org = FindOrganisation(StripDeterminer(name))) return org->kind == "news";
  std::string l = Lower(name);
  for (std::string_view w : {"news", "outlet", "media", "newspaper", "report", "agency", "times", "post",
                             "journal", "herald", "tribune", "daily", "television", "broadcaster",
                             "press", "magazine", "wire"}) {
    if (l.find(w) != std::string::npos) return true;
  }
  return false;
}

// No-break spaces (and runs of spaces) as one ASCII space.
std::string NormalizeSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool space = IsSpace(s[i]);
    if (s.compare(i, 2, "\xC2\xA0") == 0) {
      space = true;
      ++i;
    }
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// ------------------------------------------------------------ role phrases

}  // namespace

bool SplitRoleOrganisation(std::string_view phrase, std::string* role, std::string* organisation) {
  std::string norm = NormalizeSpaces(phrase);
  std::string_view s = Trim(norm);
  for (std::string_view p : {"who is ", "who was ", "who's ", "who’s ", "now ", "formerly "}) {
    if (s.starts_with(p)) s.remove_prefix(p.size());
  }
  s = StripDeterminer(s);
  for (std::string_view p : {"company's ", "firm's ", "its ", "their "}) {
    if (s.starts_with(p)) s.remove_prefix(p.size());
  }
  s = CutAtPunct(s);
  if (s.empty()) return false;
  // A title or role word among the first three words.
  bool titled = false;
  std::size_t i = 0;
  for (int n = 0; n < 3 && i < s.size(); ++n) {
    std::size_t e = s.find(' ', i);
    if (e == std::string_view::npos) e = s.size();
    if (IsTitleWord(s.substr(i, e - i))) titled = true;
    i = e + 1;
  }
  if (!titled) return false;
  std::size_t at = s.rfind(" at ");
  if (at != std::string_view::npos && LooksLikeOrganisation(s.substr(at + 4))) {
    *role = std::string(Trim(s.substr(0, at)));
    *organisation = std::string(Trim(s.substr(at + 4)));
    return true;
  }
  for (std::string_view sep : {" of ", " for ", " with ", " from "}) {
    std::size_t pos = s.find(sep);
    if (pos != std::string_view::npos) {
      std::string_view org = StripDeterminer(Trim(s.substr(pos + sep.size())));
      if (LooksLikeOrganisation(org)) {
        *role = std::string(Trim(s.substr(0, pos)));
        *organisation = std::string(org);
        return true;
      }
    }
  }
  *role = std::string(s);
  organisation->clear();
  return true;
}

namespace {

// ----------------------------------------------------------------- markup

struct MarkupQuote {
  std::size_t tag_begin = 0, tag_end = 0;    // the opening tag (no claims in it)
  std::size_t body_begin = 0, body_end = 0;  // the quoted words
  Attribution attribution;
};

// The end of the paragraph holding `from` (a newline before a blank line),
// or `limit` if it comes first.
std::size_t ParagraphEnd(std::string_view t, std::size_t from, std::size_t limit) {
  std::size_t i = from;
  while (i < limit) {
    std::size_t nl = t.find('\n', i);
    if (nl == std::string_view::npos || nl >= limit) return limit;
    std::size_t j = nl + 1;
    while (j < t.size() && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r')) ++j;
    if (j < t.size() && t[j] == '\n') return nl;
    i = nl + 1;
  }
  return limit;
}

// `needle` in t[from, limit), else npos.
std::size_t FindBefore(std::string_view t, std::string_view needle, std::size_t from,
                       std::size_t limit) {
  if (from >= limit) return std::string_view::npos;
  std::size_t pos = t.substr(from, limit - from).find(needle);
  return pos == std::string_view::npos ? pos : from + pos;
}

void SetAuthor(Attribution& a, std::string_view author, std::string_view title) {
  a.speaker = std::string(Trim(author));
  if (!title.empty()) {
    if (!SplitRoleOrganisation(title, &a.role, &a.organisation)) {
      std::string_view t = Trim(title);
      if (LooksLikeOrganisation(t)) a.organisation = std::string(t);
      else a.role = std::string(t);
    }
  }
}

// Quotes in markup, in text order. Tags do not overlap, and a quote's body
// ends at the next tag at the latest, so every byte is read for one quote
// at most.
std::vector<MarkupQuote> FindMarkupQuotes(std::string_view t) {
  std::vector<MarkupQuote> out;
  const TriggerLexicon& lex = Lex();
  auto read_attrs = [&](std::string_view tag) {
    std::map<std::string, std::string> attrs;
    re2::StringPiece in(tag.data(), tag.size());
    std::string name, dq, sq;
    while (RE2::FindAndConsume(&in, *lex.attr, &name, &dq, &sq)) attrs[Lower(name)] = dq.empty() ? sq : dq;
    return attrs;
  };
  // The opening tags: WordPress-style [quote ...] shortcodes and
  // <blockquote ...> elements, from their start to past their close.
  struct Tag {
    std::size_t begin = 0, end = 0;
    bool shortcode = false;
  };
  std::vector<Tag> tags;
  for (std::size_t pos = t.find("[quote"); pos != std::string_view::npos;) {
    std::size_t after = pos + 6;
    if (after < t.size() && t[after] != ' ' && t[after] != ']') {
      pos = t.find("[quote", pos + 1);
      continue;
    }
    std::size_t close = t.find(']', pos);
    if (close == std::string_view::npos) break;
    tags.push_back({pos, close + 1, true});
    pos = t.find("[quote", close + 1);
  }
  for (std::size_t pos = t.find("<blockquote"); pos != std::string_view::npos;) {
    std::size_t close = t.find('>', pos);
    if (close == std::string_view::npos) break;
    tags.push_back({pos, close + 1, false});
    pos = t.find("<blockquote", close + 1);
  }
  std::stable_sort(tags.begin(), tags.end(),
                   [](const Tag& a, const Tag& b) { return a.begin < b.begin; });
  std::size_t kept = 0;
  for (const Tag& tag : tags) {
    if (kept == 0 || tag.begin >= tags[kept - 1].end)
      tags[kept++] = tag;  // not inside the tag before
  }
  tags.resize(kept);
  for (std::size_t k = 0; k < tags.size(); ++k) {
    const std::size_t pos = tags[k].begin;
    const std::size_t close = tags[k].end - 1;
    const std::size_t limit = k + 1 < tags.size() ? tags[k + 1].begin : t.size();
    auto attrs = read_attrs(t.substr(pos, close - pos));
    MarkupQuote q;
    q.tag_begin = pos;
    q.tag_end = close + 1;
    if (tags[k].shortcode) {
      std::size_t body = close + 1;
      std::size_t end_tag = FindBefore(t, "[/quote]", body, limit);
      std::size_t next_open = FindBefore(t, "[quote", body, limit);
      while (body < limit && IsSpace(t[body])) ++body;
      q.body_begin = body;
      q.body_end = (end_tag != std::string_view::npos &&
                    (next_open == std::string_view::npos || end_tag < next_open))
                       ? end_tag
                       : ParagraphEnd(t, body, limit);
      std::string author = attrs.count("author") ? attrs["author"]
                           : attrs.count("name") ? attrs["name"]
                                                 : attrs["cite"];
      std::string title = attrs.count("author_title") ? attrs["author_title"] : attrs["title"];
      SetAuthor(q.attribution, author, title);
      out.push_back(std::move(q));
      continue;
    }
    // A <blockquote>: the author in attributes, a <cite> element, or a
    // closing line that starts with a dash.
    std::size_t end = FindBefore(t, "</blockquote>", close, limit);
    if (end == std::string_view::npos) end = ParagraphEnd(t, close + 1, limit);
    q.body_begin = close + 1;
    q.body_end = end;
    std::string author = attrs.count("data-author") ? attrs["data-author"] : attrs["author"];
    std::string title = attrs.count("data-author-title") ? attrs["data-author-title"] : attrs["data-title"];
    std::string_view body = t.substr(q.body_begin, q.body_end - q.body_begin);
    std::size_t cite = body.find("<cite>");
    if (author.empty() && cite != std::string_view::npos) {
      std::size_t cite_end = body.find("</cite>", cite);
      std::string_view c = body.substr(cite + 6, (cite_end == std::string_view::npos ? body.size() : cite_end) - cite - 6);
      std::size_t comma = c.find(',');
      author = std::string(c.substr(0, comma));
      if (comma != std::string_view::npos) title = std::string(c.substr(comma + 1));
      q.body_end = q.body_begin + cite;
    } else if (author.empty()) {
      std::size_t last_nl = Trim(body).empty() ? std::string_view::npos : body.rfind('\n', body.find_last_not_of(" \n\r\t"));
      std::string_view last = last_nl == std::string_view::npos ? std::string_view() : Trim(body.substr(last_nl + 1));
      std::string_view raw_last = last_nl == std::string_view::npos ? std::string_view() : body.substr(last_nl + 1);
      raw_last = raw_last.substr(std::min(raw_last.size(), raw_last.find_first_not_of(" \t")));
      if (raw_last.starts_with("-") || raw_last.starts_with("\xE2\x80\x93") || raw_last.starts_with("\xE2\x80\x94")) {
        std::size_t comma = last.find(',');
        author = std::string(last.substr(0, comma));
        if (comma != std::string_view::npos) title = std::string(last.substr(comma + 1));
        q.body_end = q.body_begin + last_nl;
      }
    }
    SetAuthor(q.attribution, author, title);
    out.push_back(std::move(q));
  }
  return out;
}

// ---------------------------------------------------------- quote spans

struct QuoteSpan {
  std::size_t begin = 0, end = 0;  // inner text, [begin, end)
};

std::vector<QuoteSpan> FindQuoteSpans(std::string_view t, const std::vector<MarkupQuote>& markup) {
  std::vector<QuoteSpan> out;
  std::size_t open = std::string_view::npos;
  bool straight = false;
  std::size_t m = 0;
  // Bytes that can open, close or cut a quote.
  static constexpr auto kSpecial = [] {
    std::array<bool, 256> a{};
    for (unsigned char c : {'\n', '\xE2', '`', '\'', '"'}) a[c] = true;
    return a;
  }();
  for (std::size_t i = 0; i < t.size(); ++i) {
    // Skip the bytes that are neither special nor where a markup tag starts.
    const std::size_t stop = m < markup.size() ? std::min(t.size(), markup[m].tag_begin) : t.size();
    while (i < stop && !kSpecial[static_cast<unsigned char>(t[i])]) ++i;
    if (i >= t.size()) break;
    while (m < markup.size() && markup[m].tag_end <= i) ++m;
    if (m < markup.size() && i >= markup[m].tag_begin && i < markup[m].tag_end) {
      i = markup[m].tag_end - 1;
      continue;
    }
    char c = t[i];
    if (c == '\n') {
      std::size_t j = i + 1;
      while (j < t.size() && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r')) ++j;
      if (j < t.size() && t[j] == '\n' && open != std::string_view::npos) {
        out.push_back({open, i});  // a quote runs to the end of its paragraph at most
        open = std::string_view::npos;
      }
      continue;
    }
    if (c != '\xE2' && c != '`' && c != '\'' && c != '"') continue;
    if (t.compare(i, 3, "\xE2\x80\x9C") == 0 || (c == '`' && i + 1 < t.size() && t[i + 1] == '`')) {
      if (open != std::string_view::npos) out.push_back({open, i});
      open = i + (c == '`' ? 2 : 3);
      straight = false;
      i = open - 1;
    } else if (t.compare(i, 3, "\xE2\x80\x9D") == 0 || (c == '\'' && i + 1 < t.size() && t[i + 1] == '\'')) {
      if (open != std::string_view::npos && !straight) {
        out.push_back({open, i});
        open = std::string_view::npos;
      }
      i += c == '\'' ? 1 : 2;
    } else if (c == '"') {
      if (open == std::string_view::npos) {
        open = i + 1;
        straight = true;
      } else if (straight) {
        out.push_back({open, i});
        open = std::string_view::npos;
      }
    }
  }
  if (open != std::string_view::npos) out.push_back({open, t.size()});
  return out;
}

const QuoteSpan* QuoteAt(const std::vector<QuoteSpan>& quotes, std::size_t pos) {
  auto it = std::upper_bound(quotes.begin(), quotes.end(), pos,
                             [](std::size_t p, const QuoteSpan& q) { return p < q.begin; });
  if (it == quotes.begin()) return nullptr;
  --it;
  return pos < it->end ? &*it : nullptr;
}

// A claim's quote: the quoted words t[b, e), trimmed; of a quotation longer
// than kMaxQuoteBytes, the part inside the claim's sentence [sb, se), so that
// no claim copies a quote that runs on (an unclosed quotation mark in a
// document without paragraph breaks).
constexpr std::size_t kMaxQuoteBytes = 4096;

std::string QuoteText(std::string_view t, std::size_t b, std::size_t e, std::size_t sb,
                      std::size_t se) {
  if (e - b > kMaxQuoteBytes) b = std::max(b, sb), e = std::max(b, std::min(e, se));
  return std::string(TrimAscii(t.substr(b, e - b)));
}

// ------------------------------------------------------------ attribution

bool IsPersonName(std::string_view s);

struct Word {
  std::size_t begin = 0, end = 0;  // absolute offsets, the raw whitespace-delimited word
};

struct SentenceAttribution {
  bool found = false;
  Attribution attribution;
  bool monitor = false;             // speaker is (described as) a monitoring firm
  std::size_t speaker_begin = 0, speaker_end = 0;
  std::string represents_kind;      // gazetteer kind of the represented group
};

bool EndsClause(std::string_view w) {
  if (w.ends_with(",") || w.ends_with(";") || w.ends_with(":") || w.ends_with("\xE2\x80\x9D") ||
      w.ends_with("\"") || w.ends_with(")") )
    return true;
  return w.starts_with("\xE2\x80\x93") || w.starts_with("\xE2\x80\x94") || w == "-" || w == "--";
}

bool IsBoundaryWord(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "that", "which", "who", "and", "but", "as", "because", "while", "after", "before", "when",
      "since", "if", "though", "although", "whether", "where", "so", "then", "than", "whom",
      "what", "how", "why"};
  return kWords.contains(w);
}

bool IsSkippable(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "has", "have", "had", "also", "previously", "publicly", "quickly", "quite", "vocally",
      "unsurprisingly", "reportedly", "later", "earlier", "then", "further", "only", "just",
      "recently", "has since", "repeatedly", "again", "once", "loudly", "openly", "already",
      "officially", "formally", "privately", "yesterday", "today", "initially", "first", "meanwhile",
      "however", "now", "still", "separately", "instead", "too"};
  return kWords.contains(w);
}

std::string_view WordText(std::string_view t, const Word& w) { return t.substr(w.begin, w.end - w.begin); }

bool ValidSpeaker(std::string_view np) {
  if (np.empty()) return false;
  std::string l = Lower(np);
  std::string first = l.substr(0, l.find(' '));
  if (np.find('"') != std::string_view::npos || np.find("\xE2\x80\x9C") != std::string_view::npos ||
      np.find("``") != std::string_view::npos)
    return false;
  for (std::string_view pronoun : {"they", "we", "it", "i", "you", "this", "that", "there", "which", "who", "in",
                                   "on", "at", "to", "for", "with", "by", "of", "from", "as", "and", "but"}) {
    if (first == pronoun) return false;
  }
  // A pronoun or an auxiliary inside means the words are a clause, not a name.
  for (std::size_t i = 0; i < l.size();) {
    std::size_t e = l.find(' ', i);
    if (e == std::string::npos) e = l.size();
    std::string_view w = std::string_view(l).substr(i, e - i);
    i = e + 1;
    if (i <= l.size() && e == l.size() && w == first && w == l) break;  // one word: checked below
    for (std::string_view bad : {"he", "she", "they", "it", "we", "i", "you", "was", "were", "is", "are", "had",
                                 "would", "will", "could", "did", "does", "not"}) {
      if (w == bad) return false;
    }
  }
  for (std::string_view bad : {"it", "this", "that", "there", "which", "what", "they", "we", "i", "you",
                               "he", "she", "one", "some", "many", "others", "nobody", "no one"}) {
    if (l == bad) return false;
  }
  return l.find_first_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos;
}

// Fills speaker, role and organisation from a noun phrase naming the speaker
// ("Dyn Research analyst Doug Madory", "President Obama", "Matthew Prince",
// "a Twitter handle claimed to represent the hacking group Anonymous").
void ReadSpeakerPhrase(std::string_view raw, SentenceAttribution& sa) {
  const TriggerLexicon& lex = Lex();
  std::string norm = NormalizeSpaces(raw);
  std::string_view np = Trim(norm);
  std::string who, rep, source;
  // "a statement from Vodafone", "a report by the ministry": the source speaks.
  if (RE2::FullMatch(np, *lex.document_source, &source)) np = Trim(std::string_view(norm).substr(norm.size() - source.size()));
  if (RE2::FullMatch(np, *lex.representation, &who, &rep)) {
    sa.attribution.speaker = std::string(Trim(who));
    std::vector<Mention> ms = ExtractEntities(rep);
    std::string_view group = Trim(rep);
    for (const Mention& m : ms) {
      if (m.kind == EntityKind::kOrganisation) {
        group = m.text;
        if (const OrganisationInfo* org = OrganisationById(m.id)) sa.represents_kind = org->kind;
      }
    }
    std::string lrep = Lower(rep);
    if (lrep.find("hack") != std::string::npos) sa.represents_kind = "hacktivist";
    sa.attribution.represents = std::string(CutAtPunct(StripDeterminer(group)));
    return;
  }
  // A title word followed by capitalized names: role (and organisation before it).
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i < np.size();) {
    std::size_t e = np.find(' ', i);
    if (e == std::string_view::npos) e = np.size();
    if (e > i) words.push_back(np.substr(i, e - i));
    i = e + 1;
  }
  for (std::size_t k = 0; k + 1 < words.size(); ++k) {
    if (!IsTitleWord(words[k])) continue;
    std::size_t last = k;
    while (last + 1 < words.size() && IsTitleWord(words[last + 1])) ++last;
    bool names = last + 1 < words.size();
    for (std::size_t j = last + 1; j < words.size(); ++j) names = names && IsUpper(words[j][0]);
    if (!names) continue;
    std::size_t role_begin = k;
    while (role_begin > 0 && !IsUpper(words[role_begin - 1][0]) && words[role_begin - 1] != "the") --role_begin;
    const char* name_begin = words[last + 1].data();
    sa.attribution.speaker = std::string(np.substr(static_cast<std::size_t>(name_begin - np.data())));
    std::string_view role(words[role_begin].data(),
                          static_cast<std::size_t>(words[last].data() + words[last].size() - words[role_begin].data()));
    if (!(role_begin == k && last == k && TitleKind(words[k]) == "honorific")) sa.attribution.role = std::string(role);
    if (role_begin > 0) {
      std::string_view org(words[0].data(), static_cast<std::size_t>(words[role_begin - 1].data() +
                                                                     words[role_begin - 1].size() - words[0].data()));
      org = StripDeterminer(org);
      if (LooksLikeOrganisation(org)) sa.attribution.organisation = std::string(org);
    }
    return;
  }
  sa.attribution.speaker = std::string(StripDeterminer(np));
  if (const OrganisationInfo* org = FindOrganisation(sa.attribution.speaker)) {
    sa.attribution.organisation = sa.attribution.speaker;
    if (org->kind == "monitor") sa.monitor = true;
  }
}

// An appositive after the speaker: ", who is the president of X – a firm",
// ", director of Y at Z", ", a company that monitors Internet performance".
void ReadAppositive(std::string_view app, SentenceAttribution& sa) {
  app = Trim(app);
  if (app.empty()) return;
  std::string role, org;
  if (SplitRoleOrganisation(app, &role, &org)) {
    sa.attribution.role = role;
    if (!org.empty()) sa.attribution.organisation = org;
    if (const OrganisationInfo* o = FindOrganisation(org)) sa.monitor = sa.monitor || o->kind == "monitor";
    return;
  }
  std::string l = Lower(app);
  if (l.find("monitor") != std::string::npos || l.find("measure") != std::string::npos ||
      l.find("tracks internet") != std::string::npos)
    sa.monitor = true;
}

// A sentence's words, t[sb, se) split at whitespace, and the quotes they
// may fall in.
struct SentenceWords {
  std::string_view t;
  std::size_t se = 0;
  const std::vector<QuoteSpan>* quotes = nullptr;
  std::vector<Word> words;

  bool InQuote(const Word& w) const {
    const QuoteSpan* q = QuoteAt(*quotes, w.begin);
    return q && q != nullptr && w.begin > q->begin && w.end <= q->end + 3;
  }
  std::string_view TextOf(std::size_t a, std::size_t b) const { return t.substr(a, b - a); }
};

SentenceWords SplitWords(std::string_view t, std::size_t sb, std::size_t se,
                         const std::vector<QuoteSpan>& quotes) {
  SentenceWords v{t, se, &quotes, {}};
  std::vector<Word>& words = v.words;
  for (std::size_t i = sb; i < se;) {
    while (i < se && IsSpace(t[i])) ++i;
    std::size_t b = i;
    while (i < se && !IsSpace(t[i])) ++i;
    if (i > b) words.push_back({b, i});
  }
  return v;
}

// "according to NP[, appositive]": an outlet goes to `via_outlet`; another
// source becomes the attribution `sa`, its words kept in `according`.
void ReadAccordingTo(const SentenceWords& v, SentenceAttribution& sa, std::string& via_outlet,
                     std::string& according) {
  const std::string_view t = v.t;
  const std::size_t se = v.se;
  const std::vector<Word>& words = v.words;
  auto in_quote = [&](const Word& w) { return v.InQuote(w); };
  auto text_of = [&](std::size_t a, std::size_t b) { return v.TextOf(a, b); };
  std::size_t according_begin = 0, according_end = 0;
  for (std::size_t k = 0; k + 2 < words.size(); ++k) {
    if (in_quote(words[k])) continue;
    if (!EqualsIgnoreCase(Trim(WordText(t, words[k])), "according") ||
        !EqualsIgnoreCase(WordText(t, words[k + 1]), "to"))
      continue;
    std::size_t np_begin = words[k + 2].begin;
    std::size_t j = k + 2;
    std::size_t np_end = words[j].end;
    while (j < words.size()) {
      std::string_view w = WordText(t, words[j]);
      if (Lower(w) == "who" || Lower(w) == "which" || w == "\xE2\x80\x93" || w == "\xE2\x80\x94") break;
      np_end = words[j].end;
      if (EndsClause(w) || w.ends_with(".")) break;
      ++j;
    }
    std::string_view np = Trim(text_of(np_begin, np_end));
    std::size_t rest = std::min(se, np_end);
    std::string_view tail = text_of(rest, se);
    std::size_t stop = tail.find(". ");
    std::string_view appositive = tail.substr(0, stop);
    if (IsOutletLike(np)) {
      via_outlet = std::string(StripDeterminer(np));
    } else {
      according = std::string(np);
      according_begin = np_begin;
      according_end = np_begin + np.size();
      SentenceAttribution tmp;
      ReadSpeakerPhrase(np, tmp);
      ReadAppositive(appositive, tmp);
      tmp.speaker_begin = according_begin;
      tmp.speaker_end = according_end;
      tmp.attribution.source_begin = according_begin;
      tmp.attribution.source_end = according_end;
      tmp.attribution.cue_begin = words[k].begin;
      tmp.attribution.cue_end = words[k + 1].end;
      sa = tmp;
      sa.found = true;
    }
    break;
  }
}

// The kind of reporting verb words[k] is ("said", "told"), or null when it
// is none or not used as one ("claimed to represent", "was reported", "feel
// threatened").
const std::string* ReportingVerb(const SentenceWords& v, std::size_t k) {
  const TriggerLexicon& lex = Lex();
  const std::string_view t = v.t;
  const std::vector<Word>& words = v.words;
  if (v.InQuote(words[k])) return nullptr;
  std::string_view raw = WordText(t, words[k]);
  std::string_view core = raw;
  while (!core.empty() && (core.back() == ',' || core.back() == '.' || core.back() == ':'))
    core.remove_suffix(1);
  auto verb = lex.reporting.find(core);
  if (verb == lex.reporting.end()) return nullptr;
  if (k + 1 < words.size() && Lower(WordText(t, words[k + 1])) == "to")
    return nullptr;  // "claimed to represent"
  if (k > 0 && Lower(WordText(t, words[k - 1])) == "to") return nullptr;
  if (k > 0) {
    std::string prev = Lower(WordText(t, words[k - 1]));
    if (prev == "was" || prev == "were" || prev == "is" || prev == "are" || prev == "been" ||
        prev == "be" || prev == "being" || prev == "feel" || prev == "feels" || prev == "felt" ||
        prev == "get" || prev == "got")
      return nullptr;  // passive or adjectival ("feel threatened")
  }
  return &verb->second;
}

// The speaker named before the reporting verb words[k] ("Doug Madory
// said"), stepping over an appositive ("Name, role of Org, said", "A
// spokesman for the ministry, Ahmed Ali, said"), which goes to
// `appositive`. Empty when there is none.
std::string_view SpeakerBefore(const SentenceWords& v, std::size_t k, std::string& appositive) {
  const std::string_view t = v.t;
  const std::vector<Word>& words = v.words;
  auto in_quote = [&](const Word& w) { return v.InQuote(w); };
  auto text_of = [&](std::size_t a, std::size_t b) { return v.TextOf(a, b); };
  std::ptrdiff_t j = static_cast<std::ptrdiff_t>(k) - 1;
  while (j >= 0 && IsSkippable(Lower(WordText(t, words[static_cast<std::size_t>(j)])))) --j;
  std::ptrdiff_t np_last = j;
  std::ptrdiff_t np_first = j + 1;
  while (j >= 0 && static_cast<std::ptrdiff_t>(k) - j <= 12) {
    const Word& w = words[static_cast<std::size_t>(j)];
    std::string_view wt = WordText(t, w);
    if (in_quote(w) || (j < np_last && EndsClause(wt)) || IsBoundaryWord(Lower(wt))) break;
    if (j == np_last && EndsClause(wt)) break;
    np_first = j;
    --j;
  }
  std::string_view np;
  if (np_first <= np_last) {
    np = Trim(text_of(words[static_cast<std::size_t>(np_first)].begin,
                      words[static_cast<std::size_t>(np_last)].end));
  }
  if (np.empty() && np_last >= 0 &&
      WordText(t, words[static_cast<std::size_t>(np_last)]).ends_with(",") &&
      !in_quote(words[static_cast<std::size_t>(np_last)])) {
    // "Name, role of Org, said": step over the appositive.
    std::ptrdiff_t a = np_last - 1;
    while (a >= 0 && !EndsClause(WordText(t, words[static_cast<std::size_t>(a)]))) --a;
    if (a >= 0 && WordText(t, words[static_cast<std::size_t>(a)]).ends_with(",")) {
      std::string role, org;
      std::string_view app = text_of(words[static_cast<std::size_t>(a + 1)].begin,
                                     words[static_cast<std::size_t>(np_last)].end);
      bool relative = StartsWithIgnoreCase(app, "which ") || StartsWithIgnoreCase(app, "who ");
      std::string_view app_name = Trim(app);
      if (!relative && IsPersonName(app_name)) {
        // "A spokesman for the ministry, Ahmed Ali, said": the name between commas.
        std::ptrdiff_t b = a;
        std::ptrdiff_t first = a + 1;
        while (b >= 0 && a - b < 8) {
          std::string_view wt = WordText(t, words[static_cast<std::size_t>(b)]);
          if ((b < a && EndsClause(wt)) || IsBoundaryWord(Lower(wt)) ||
              in_quote(words[static_cast<std::size_t>(b)]))
            break;
          first = b;
          --b;
        }
        np = app_name;
        if (first <= a)
          appositive = std::string(text_of(words[static_cast<std::size_t>(first)].begin,
                                           words[static_cast<std::size_t>(a)].end));
      } else if (relative || SplitRoleOrganisation(app, &role, &org)) {
        if (!relative) appositive = std::string(app);
        std::ptrdiff_t b = a;
        std::ptrdiff_t first = a;
        while (b >= 0 && a - b < 5) {
          std::string_view wt = WordText(t, words[static_cast<std::size_t>(b)]);
          if ((b < a && EndsClause(wt)) || IsBoundaryWord(Lower(wt)) ||
              in_quote(words[static_cast<std::size_t>(b)]))
            break;
          first = b;
          --b;
        }
        if (first <= a)
          np = Trim(text_of(words[static_cast<std::size_t>(first)].begin,
                            words[static_cast<std::size_t>(a)].end));
      }
    }
  }
  return np;
}

// The speaker named after the reporting verb words[k] in an inversion
// ("... ,” said NP, the role of Org."), what follows going to `appositive`;
// empty unless the verb opens the sentence or follows a quote or a clause.
std::string_view SpeakerAfter(const SentenceWords& v, std::size_t k, std::string& appositive) {
  const std::string_view t = v.t;
  const std::size_t se = v.se;
  const std::vector<Word>& words = v.words;
  auto text_of = [&](std::size_t a, std::size_t b) { return v.TextOf(a, b); };
  std::string_view np;
  bool after_quote = false;
  if (k > 0) {
    std::string_view prev = WordText(t, words[k - 1]);
    after_quote =
        prev.ends_with("\xE2\x80\x9D") || prev.ends_with("\"") || prev.ends_with(",\xE2\x80\x9D");
  }
  if (after_quote || k == 0 || (k > 0 && EndsClause(WordText(t, words[k - 1])))) {
    std::size_t e = k + 1;
    std::size_t last = k;
    while (e < words.size() && e - k <= 6) {
      last = e;
      std::string_view wt = WordText(t, words[e]);
      if (EndsClause(wt) || wt.ends_with(".")) break;
      ++e;
    }
    if (last > k) {
      np = Trim(text_of(words[k + 1].begin, words[last].end));
      if (last + 1 < words.size()) appositive = std::string(text_of(words[last].end, se));
    }
  }
  return np;
}

// "X told the New York Times": the addressee of the verb words[k] ("the"
// and a run of capitalized words), when an outlet, relays.
void AddAddressee(const SentenceWords& v, std::size_t k, SentenceAttribution& cand) {
  const std::string_view t = v.t;
  const std::vector<Word>& words = v.words;
  if (k + 1 >= words.size()) return;
  std::size_t e = k + 1;
  if (Lower(WordText(t, words[e])) == "the" && e + 1 < words.size()) ++e;
  std::size_t last = 0;
  while (e < words.size() && e - k <= 7) {
    std::string_view wt = WordText(t, words[e]);
    bool cap = IsUpper(wt[0]) || ((wt == "of" || wt == "and") && e + 1 < words.size() &&
                                  IsUpper(WordText(t, words[e + 1])[0]));
    if (!cap) break;
    last = e;
    if (EndsClause(wt) || wt.ends_with(".")) break;
    ++e;
  }
  if (last > k) {
    std::string_view addressee = Trim(v.TextOf(words[k + 1].begin, words[last].end));
    if (IsOutletLike(addressee))
      cand.attribution.via.push_back(std::string(StripDeterminer(addressee)));
  }
}

SentenceAttribution ParseAttribution(std::string_view t, std::size_t sb, std::size_t se,
                                     const std::vector<QuoteSpan>& quotes,
                                     const std::string& last_person) {
  const SentenceWords v = SplitWords(t, sb, se, quotes);
  SentenceAttribution sa;
  std::string via_outlet;
  std::string according;  // a non-outlet "according to" source
  ReadAccordingTo(v, sa, via_outlet, according);
  // Reporting verbs: "NP said", "NP told Y", "... ,” said NP".
  bool speaker_set = false;
  for (std::size_t k = 0; k < v.words.size(); ++k) {
    const std::string* verb = ReportingVerb(v, k);
    if (!verb) continue;
    SentenceAttribution cand;
    std::string appositive;
    std::string_view np = SpeakerBefore(v, k, appositive);
    if (np.empty()) np = SpeakerAfter(v, k, appositive);
    bool np_in_text = true;
    if (!ValidSpeaker(np)) {
      std::string l = Lower(np);
      if ((l == "he" || l == "she") && !last_person.empty()) {
        np = last_person;
        np_in_text = false;
      } else {
        continue;
      }
    }
    ReadSpeakerPhrase(np, cand);
    ReadAppositive(appositive, cand);
    if (np_in_text) {
      cand.speaker_begin = static_cast<std::size_t>(np.data() - t.data());
      cand.speaker_end = cand.speaker_begin + np.size();
      cand.attribution.source_begin = cand.speaker_begin;
      cand.attribution.source_end = cand.speaker_end;
    }
    {
      std::string_view cue = WordText(t, v.words[k]);
      while (!cue.empty() && (cue.back() == ',' || cue.back() == '.' || cue.back() == ':'))
        cue.remove_suffix(1);
      cand.attribution.cue_begin = v.words[k].begin;
      cand.attribution.cue_end = v.words[k].begin + cue.size();
    }
    if (*verb == "tell") AddAddressee(v, k, cand);
    if (!speaker_set) {
      if (!according.empty())
        cand.attribution.via.push_back(according);  // "X said ..., according to Y"
      cand.found = true;
      sa = std::move(cand);
      speaker_set = true;
      continue;
    }
    // A later reporting clause by an outlet relays the first ("..., the
    // state news agency reported").
    if (IsOutletLike(cand.attribution.speaker))
      sa.attribution.via.push_back(cand.attribution.speaker);
  }
  if (!via_outlet.empty()) sa.attribution.via.push_back(via_outlet);
  if (!sa.attribution.via.empty()) sa.found = true;
  return sa;
}

// ---------------------------------------------------------------- claims

struct Hit {
  std::size_t begin = 0, end = 0;  // absolute
  std::size_t row = 0;
};

// The triggers in t[sb, se), in text order; `context` is set when the
// sentence has the context pattern's words (it may then match).
std::vector<Hit> MatchTriggers(std::string_view t, std::size_t sb, std::size_t se, bool* context) {
  const TriggerLexicon& lex = Lex();
  std::vector<Hit> hits;
  std::string_view s = t.substr(sb, se - sb);
  *context = false;
  if (lex.triggers.empty()) return hits;
  std::vector<int> ids;
  lex.filter.Candidates(s, &ids);
  for (int id : ids) {
    if (id == lex.context_id) {
      *context = true;
      continue;
    }
    const TriggerRow& row = lex.triggers[static_cast<std::size_t>(id)];
    std::size_t pos = 0;
    re2::StringPiece m;
    while (pos <= s.size() && row.re->Match(s, pos, s.size(), RE2::UNANCHORED, &m, 1)) {
      std::size_t b = static_cast<std::size_t>(m.data() - s.data());
      Hit h{sb + b, sb + b + m.size(), static_cast<std::size_t>(id)};
      bool shadowed = false;
      for (const Hit& o : hits) {
        if (lex.triggers[o.row].family == row.family && o.begin < h.end && h.begin < o.end) shadowed = true;
      }
      if (!shadowed) hits.push_back(h);
      pos = b + std::max<std::size_t>(m.size(), 1);
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.begin < b.begin; });
  return hits;
}

// Clause boundaries inside a sentence (absolute offsets where a clause starts).
std::vector<std::size_t> ClauseStarts(std::string_view t, std::size_t sb, std::size_t se) {
  std::vector<std::size_t> starts{sb};
  std::string_view s = t.substr(sb, se - sb);
  for (std::string_view b : {"\xE2\x80\x93", "\xE2\x80\x94", " - ", "; ", ", but ", " but ", ", as ", ", while ",
                             ", although ", ", though ", ", whereas ", " or "}) {
    for (std::size_t p = s.find(b); p != std::string_view::npos; p = s.find(b, p + 1)) starts.push_back(sb + p + 1);
  }
  // ", leading some to ...", ", prompting ...": a participle clause.
  for (std::size_t p = s.find(", "); p != std::string_view::npos; p = s.find(", ", p + 1)) {
    std::size_t e = p + 2;
    while (e < s.size() && s[e] >= 'a' && s[e] <= 'z') ++e;
    if (e - (p + 2) > 4 && s.substr(p + 2, e - p - 2).ends_with("ing")) starts.push_back(sb + p + 2);
  }
  std::sort(starts.begin(), starts.end());
  return starts;
}

std::pair<std::size_t, std::size_t> ClauseOf(const std::vector<std::size_t>& starts, std::size_t se, std::size_t pos) {
  auto it = std::upper_bound(starts.begin(), starts.end(), pos);
  std::size_t b = *(it - 1);
  std::size_t e = it == starts.end() ? se : *it;
  return {b, e};
}

std::string ActorForEntity(const Mention& m, const std::string& subject) {
  if (m.kind == EntityKind::kCountry) {
    return m.id == subject ? "own_government" : "foreign_state:" + m.id.substr(8);
  }
  if (m.kind == EntityKind::kOrganisation) {
    if (const OrganisationInfo* org = OrganisationById(m.id)) {
      if (org->kind == "hacktivist") return "hacktivist";
      if (org->kind == "state_group" || org->kind == "agency") {
        if (org->country.empty()) return m.id;
        return "country:" + org->country == subject ? "own_government" : "foreign_state:" + org->country;
      }
    }
    return m.id;
  }
  if (m.kind == EntityKind::kPerson) return m.id;
  return {};
}

bool IsPersonName(std::string_view s) {
  if (s.empty() || FindOrganisation(s) || !CountryCodeOf(s).empty()) return false;
  int words = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t e = s.find(' ', i);
    if (e == std::string_view::npos) e = s.size();
    if (e == i || !IsUpper(s[i])) return false;
    ++words;
    i = e + 1;
  }
  return words >= 2 && words <= 4;
}

Interval DayOf(Instant t, int offset) {
  Instant local = t + offset;
  Instant day = local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
  Instant start = day * kDay - offset;
  return {start, start + kDay, Granularity::kDay};
}

// The DCT's local period as precisely as it is known: its month or year
// when only they are, else its day.
Interval DctPeriod(Instant t, int offset, Granularity g) {
  if (g != Granularity::kMonth && g != Granularity::kYear) return DayOf(t, offset);
  Instant local = t + offset;
  CivilDate c = CivilFromDays(local >= 0 ? local / kDay : (local - kDay + 1) / kDay);
  std::int64_t from = 0, to = 0;
  if (g == Granularity::kMonth) {
    from = DaysFromCivil(c.year, c.month, 1);
    to = c.month == 12 ? DaysFromCivil(c.year + 1, 1, 1) : DaysFromCivil(c.year, c.month + 1, 1);
  } else {
    from = DaysFromCivil(c.year, 1, 1);
    to = DaysFromCivil(c.year + 1, 1, 1);
  }
  return {from * kDay - offset, to * kDay - offset, g};
}

struct DocState {
  std::string_view text;
  std::vector<const Timex*> timexes;  // by position (stable: ties keep the caller's order)
  const ClaimOptions* options;
  std::vector<SentenceSpan> sentences;
  std::vector<MarkupQuote> markup;
  std::vector<QuoteSpan> quotes;
  std::vector<signed char> sentence_context;  // -1 unknown, 0 no topic words, 1 some
  std::optional<bool> document_context;
  std::optional<std::string> dominant;  // the most mentioned country
  std::vector<std::string> ranked;       // countries by mentions, most first
  const std::vector<Mention>* entities = nullptr;
  std::vector<Mention> own_entities;
  std::string last_person;
};

const std::string& Dominant(DocState& d);

// The timexes that begin in [b, e], in text order (callers check the end).
std::span<const Timex* const> TimexesFrom(const DocState& d, std::size_t b, std::size_t e) {
  auto first = std::partition_point(d.timexes.begin(), d.timexes.end(),
                                    [&](const Timex* x) { return x->begin < b; });
  auto last =
      std::partition_point(first, d.timexes.end(), [&](const Timex* x) { return x->begin <= e; });
  return {first, last};
}

// The sentence's (else the document's) most mentioned country other than `not_id`.
std::string OtherCountry(DocState& d, const std::vector<Mention>& mentions, const std::string& not_id) {
  Dominant(d);
  for (const Mention& m : mentions) {
    if (m.kind == EntityKind::kCountry && m.id != not_id) return m.id;
  }
  for (const std::string& id : d.ranked) {
    if (id != not_id) return id;
  }
  return {};
}

const std::vector<Mention>& Entities(DocState& d) {
  if (!d.entities) {
    d.own_entities = ExtractEntities(d.text);
    d.entities = &d.own_entities;
  }
  return *d.entities;
}

// The document's entities inside [b, e).
std::vector<Mention> EntitiesIn(DocState& d, std::size_t b, std::size_t e) {
  const std::vector<Mention>& all = Entities(d);
  auto it = std::lower_bound(all.begin(), all.end(), b, [](const Mention& m, std::size_t p) { return m.begin < p; });
  std::vector<Mention> out;
  for (; it != all.end() && it->begin < e; ++it) {
    if (it->end <= e) out.push_back(*it);
  }
  return out;
}

const std::string& Dominant(DocState& d) {
  if (!d.dominant) {
    std::map<std::string, int> counts;
    for (const Mention& m : Entities(d)) {
      if (m.kind == EntityKind::kCountry) ++counts[m.id];
    }
    std::vector<std::pair<int, std::string>> order;
    for (const auto& [id, c] : counts) order.emplace_back(-c, id);
    std::stable_sort(order.begin(), order.end());
    for (const auto& [c, id] : order) d.ranked.push_back(id);
    d.dominant = d.ranked.empty() ? std::string() : d.ranked.front();
  }
  return *d.dominant;
}

void SetSentenceContext(DocState& d, std::size_t i, bool context) {
  if (d.sentence_context.empty()) d.sentence_context.assign(d.sentences.size(), -1);
  d.sentence_context[i] = context ? 1 : 0;
}

// Whether sentence `i` has topic words (cached).
bool SentenceHasContext(DocState& d, std::size_t i) {
  if (d.sentence_context.empty()) d.sentence_context.assign(d.sentences.size(), -1);
  if (d.sentence_context[i] < 0) {
    const SentenceSpan& s = d.sentences[i];
    d.sentence_context[i] = RE2::PartialMatch(d.text.substr(s.begin, s.end - s.begin), *Lex().context) ? 1 : 0;
  }
  return d.sentence_context[i] == 1;
}

// Whether sentence i or a sentence next to it in its paragraph has topic
// words: a war, weather or fire statement right before or after "the strike
// hit the telecommunications building" is about the outage.
bool ParagraphNeighbourHasContext(DocState& d, std::size_t i) {
  if (SentenceHasContext(d, i)) return true;
  const std::size_t paragraph = d.sentences[i].paragraph;
  if (i > 0 && d.sentences[i - 1].paragraph == paragraph && SentenceHasContext(d, i - 1))
    return true;
  return i + 1 < d.sentences.size() && d.sentences[i + 1].paragraph == paragraph &&
         SentenceHasContext(d, i + 1);
}

// Whether a sentence near sentence `i` (two before or after) has topic words.
bool NeighbourHasContext(DocState& d, std::size_t i) {
  std::size_t first = i >= 2 ? i - 2 : 0;
  std::size_t last = std::min(d.sentences.size() - 1, i + 2);
  for (std::size_t k = first; k <= last; ++k) {
    if (k != i && SentenceHasContext(d, k)) return true;
  }
  return false;
}

// Whether the document is on the topic: two sentences with topic words.
bool DocumentHasContext(DocState& d) {
  if (!d.document_context) {
    int n = 0;
    for (std::size_t i = 0; i < d.sentences.size(); ++i) {
      if (SentenceHasContext(d, i) && ++n >= 2) break;
    }
    d.document_context = n >= 2;
  }
  return *d.document_context;
}

// Dates a claim whose trigger is at `pos` from the sentence's timexes.
void DateClaim(const DocState& d, std::size_t sb, std::size_t se, std::size_t pos,
               const std::vector<std::size_t>& clauses, Claim& c) {
  const std::string_view t = d.text;
  std::optional<Interval> anchor;
  if (d.options->dct)
    anchor = DctPeriod(*d.options->dct, d.options->dct_utc_offset, d.options->dct_granularity);
  const Timex* best = nullptr;
  std::size_t best_dist = 0;
  auto [cb, ce] = ClauseOf(clauses, se, pos);
  for (const Timex* xp : TimexesFrom(d, sb, se)) {
    const Timex& x = *xp;
    if (x.begin < sb || x.end > se) continue;
    if (x.type == TimexType::kDuration && x.duration && x.end <= pos) {
      // "<duration> after/before <event>": the event lies that far from the anchor.
      std::size_t k = x.end;
      while (k < se && IsSpace(t[k])) ++k;
      std::string_view rest = t.substr(k, std::min<std::size_t>(8, se - k));
      bool after = StartsWithIgnoreCase(rest, "after ");
      bool before = StartsWithIgnoreCase(rest, "before ");
      if ((after || before) && anchor && k + 6 <= pos) {
        // The event the sentence reports lies on the DCT's day; with a
        // duration of days or more the other event lies on other days
        // ("comes less than a week after X": X within the seven days
        // before it), with shorter ones it is measured from the DCT itself.
        Instant dur = *x.duration;
        Granularity g = dur % (7 * kDay) == 0 ? Granularity::kWeek : Granularity::kDay;
        if (dur >= kDay) {
          c.time = after ? Interval{anchor->start - dur, anchor->start, g} : Interval{anchor->end, anchor->end + dur, g};
        } else {
          Instant ref = d.options->dct ? *d.options->dct : anchor->start;
          c.time = after ? Interval{ref - dur, ref, g} : Interval{ref, ref + dur, g};
        }
        c.time_text = std::string(t.substr(x.begin, k + (after ? 5 : 6) - x.begin));
        return;
      }
      continue;
    }
    if (x.type == TimexType::kDuration || x.type == TimexType::kSet || !x.interval) continue;
    std::size_t dist = x.begin > pos ? x.begin - pos : pos - x.begin;
    bool same_clause = x.begin >= cb && x.begin < ce;
    if (same_clause) dist /= 4;  // prefer the trigger's own clause
    if (!best || dist < best_dist) best = &x, best_dist = dist;
  }
  if (best) {
    c.time = best->range ? best->range : best->interval;
    c.time_text = best->text;
    if (best->range) {  // the words of the whole range: both ends and what joins them
      std::size_t rb = best->begin, re = best->end;
      for (const Timex* x : TimexesFrom(d, sb, se)) {
        if (x->range && x->range->start == best->range->start && x->range->end == best->range->end)
          rb = std::min(rb, x->begin), re = std::max(re, x->end);
      }
      c.time_text = std::string(t.substr(rb, re - rb));
    }
    if (best->zone == "local") {
      // "local time": where the sentence names a city, its zone; else the
      // zone of the country the claim is about, when it has one.
      std::string_view zone = CityZone(t.substr(sb, se - sb));
      if (zone.empty() && c.subject.starts_with("country:"))
        zone = CountryZone(c.subject.substr(8));
      if (!zone.empty()) {
        if (auto in_zone = TimexIntervalInZone(*best, zone)) c.time = in_zone;
      }
    }
  } else if (anchor) {
    c.time = anchor;
  }
}

// Certainty below which a statement is hedged (ICD 203: "likely" and less).
constexpr double kHedgedAt = 0.8;

// Whether a cause trigger's row condition (claim_triggers.tsv) holds.
bool CauseConditionHolds(const TriggerRow& row, std::string_view t, std::size_t sb, std::size_t se,
                         const std::vector<std::size_t>& clauses, const Hit& h, bool context,
                         const std::vector<Mention>& mentions) {
  if (row.condition.empty()) return true;
  if (row.condition == "sentence") return context;
  if (row.condition == "cyber") return !MentionsPhysicalViolence(t, sb, se);
  if (row.condition == "claim")
    return !MentionsPhysicalViolence(t, sb, se) &&
           !ResponsibilityUnclaimed(t, ClauseOf(clauses, se, h.begin).first, h.begin);
  if (row.condition == "announce")
    return !AnnouncingStopped(t, ClauseOf(clauses, se, h.begin).first, h.begin);
  if (row.condition == "caused") return IntroducedAsCause(t, ClauseOf(clauses, se, h.begin).first, h.begin);
  if (row.condition == "government") {
    std::vector<std::pair<std::size_t, std::size_t>> countries;
    for (const Mention& m : mentions) {
      if (m.kind == EntityKind::kCountry) countries.emplace_back(m.begin, m.end);
    }
    return HasGovernmentSubject(t, ClauseOf(clauses, se, h.begin).first, h.begin, countries);
  }
  return true;
}

// Documents report outages of the days around their publication: a cause
// statement dated more than this before the DCT speaks of another one.
constexpr Instant kOtherEventBefore = 45 * kDay;

// The stance of cause claim `c` (trigger `h`) and whether it is about the
// document's outage, read at the trigger's clause.
void ReadStance(const DocState& d, std::string_view t, std::size_t sb, std::size_t se,
                const std::vector<std::size_t>& clauses, const Hit& h, Claim& c) {
  auto [cb, ce] = ClauseOf(clauses, se, h.begin);
  // "not through a physical failure or cable cut": a clause opened by "or"
  // continues the one before.
  while (cb > sb) {
    std::string_view head = t.substr(cb, std::min<std::size_t>(4, se - cb));
    if (!StartsWithIgnoreCase(head, "or ") && !StartsWithIgnoreCase(head, "nor ")) break;
    cb = ClauseOf(clauses, se, cb - 1).first;
  }
  if (c.cause == "unknown") {  // "the cause is not known" asserts that it is unknown
    c.stance = Stance::kAsserts;
    c.negated = false;
    c.certainty = std::max(c.certainty, kAssertedCertainty);
    c.certainty_label = CertaintyLabel(c.certainty);
    return;
  }
  CauseStance s = ReadCauseStance(t, sb, se, cb, ce, h.begin, h.end);
  if (s.stance == Stance::kAsserts) {
    // The certainty lexicon's hedges before the trigger ("I wouldn't be
    // surprised if ..."); after it they often qualify something else.
    for (const CertaintyCue& cue : FindCertaintyCues(t, cb, h.begin)) {
      if (cue.kind == CueKind::kHedge && cue.value < kHedgedAt) s.stance = Stance::kHedges;
    }
  }
  c.stance = s.stance;
  c.about_this_event = s.about_this_event;
  for (std::string& w : s.cues) c.cues.push_back(std::move(w));
  if (d.options->dct && c.about_this_event) {
    for (const Timex* x : TimexesFrom(d, cb, ce)) {
      if (x->end > ce || !x->interval || x->type == TimexType::kDuration || x->type == TimexType::kSet) continue;
      if (x->interval->end < *d.options->dct - kOtherEventBefore) {
        c.about_this_event = false;
        c.cues.push_back(x->text);
      }
    }
  }
  switch (c.stance) {
    case Stance::kDenies:
      c.negated = true;
      c.certainty = std::max(c.certainty, kAssertedCertainty);
      break;
    case Stance::kQuestions:
      c.negated = false;
      c.certainty = 0.5;
      break;
    case Stance::kHedges:
      c.negated = false;
      c.certainty = std::min(c.certainty, 0.6);
      break;
    case Stance::kAsserts:
      c.negated = false;
      c.certainty = std::max(c.certainty, kHedgedAt);
      break;
  }
  c.certainty_label = CertaintyLabel(c.certainty);
}

// ------------------------------------------------------- per sentence

// The sentence being read: its span after any leading markup tag, what was
// found in it, and what its claims share.
struct SentenceState {
  std::size_t index = 0;                // in DocState::sentences
  std::size_t sb = 0, se = 0;           // the words read, text[sb, se)
  std::string_view st;                  // text[sb, se)
  const MarkupQuote* markup = nullptr;  // the markup quote whose body holds the sentence
  std::vector<Hit> hits;
  bool context_words = false;           // the context pattern's words are in the sentence
  bool context = false;                 // topic words that count (near a trigger or a duration)
  std::vector<const Timex*> durations;  // outage durations
  std::vector<Mention> mentions;
  std::vector<CertaintyCue> cues;
  std::vector<std::size_t> clauses;
  bool question = false;
  SentenceAttribution sa;
  std::string subject;
};

// The claims of the sentence before, which an anaphor may re-rate.
struct PreviousClaims {
  std::size_t first = 0, count = 0;
  std::size_t paragraph = static_cast<std::size_t>(-1);
};

// A quote open across sentences and the attribution found for it.
struct OpenQuote {
  const QuoteSpan* quote = nullptr;
  SentenceAttribution attribution;
};

// Reads sentence `si` after any markup tag it starts with (markup tags
// carry no claims). False when the sentence is only a tag or nothing is left.
bool StartSentence(const DocState& d, std::size_t si, SentenceState& s) {
  const SentenceSpan& span = d.sentences[si];
  std::size_t sb = span.begin;
  const std::size_t se = span.end;
  const MarkupQuote* markup = nullptr;
  bool in_tag = false;
  // The quotes in markup are in text order, each tag before its body and
  // the body before the next tag: only those from the first that ends
  // after the sentence's start up to the first whose tag begins after it
  // can touch it.
  auto first_markup = std::partition_point(
      d.markup.begin(), d.markup.end(),
      [&](const MarkupQuote& m) { return m.body_end <= sb && m.tag_end <= sb; });
  for (auto mi = first_markup; mi != d.markup.end() && mi->tag_begin < se; ++mi) {
    const MarkupQuote& m = *mi;
    if (sb < m.tag_end && m.tag_begin < se) {
      if (se <= m.tag_end || m.tag_begin > sb) in_tag = se <= m.tag_end;
      if (m.tag_begin <= sb) sb = m.tag_end;
      while (sb < se && IsSpace(d.text[sb])) ++sb;
    }
    if (sb >= m.body_begin && sb < m.body_end) markup = &m;
  }
  if (in_tag || sb >= se) return false;
  s.index = si;
  s.sb = sb;
  s.se = se;
  s.st = d.text.substr(sb, se - sb);
  s.markup = markup;
  return true;
}

// Whether the sentence's topic words count: they matter only to a trigger
// or a duration in the sentence.
bool ReadContext(DocState& d, const SentenceState& s) {
  const TriggerLexicon& lex = Lex();
  const std::size_t sb = s.sb, se = s.se;
  const SentenceSpan& span = d.sentences[s.index];
  const std::span<const Timex* const> sentence_timexes = TimexesFrom(d, sb, se);
  if (s.context_words &&
      (!s.hits.empty() ||
       std::any_of(sentence_timexes.begin(), sentence_timexes.end(), [&](const Timex* x) {
         return x->type == TimexType::kDuration && x->duration && x->begin >= sb && x->end <= se;
       }))) {
    return sb == span.begin ? SentenceHasContext(d, s.index)
                            : lex.context->Match(s.st, 0, s.st.size(), RE2::UNANCHORED, nullptr, 0);
  } else if (!s.context_words && sb == span.begin && !lex.triggers.empty()) {
    SetSentenceContext(d, s.index, false);
  }
  return false;
}

// The sentence's durations that state how long something lasted (not
// "two days after", "a week ago").
std::vector<const Timex*> OutageDurations(const DocState& d, const SentenceState& s) {
  std::vector<const Timex*> durations;
  const std::size_t sb = s.sb, se = s.se;
  for (const Timex* xp : TimexesFrom(d, sb, se)) {
    const Timex& x = *xp;
    if (x.type != TimexType::kDuration || !x.duration || x.begin < sb || x.end > se) continue;
    std::size_t k = x.end;
    while (k < se && IsSpace(d.text[k])) ++k;
    std::string_view rest = d.text.substr(k, std::min<std::size_t>(8, se - k));
    bool relational = false;
    for (std::string_view r : {"after", "before", "ago", "earlier", "later", "since", "from"})
      relational = relational || StartsWithIgnoreCase(rest, r);
    if (!relational) durations.push_back(&x);
  }
  return durations;
}

// Anaphoric evaluation: "That seems very unlikely" re-rates the claims of
// the sentence before.
void ReRateAnaphor(const DocState& d, const SentenceState& s, const PreviousClaims& prev,
                   std::vector<Claim>& claims) {
  const std::string_view text = d.text;
  const std::size_t sb = s.sb, se = s.se;
  if (prev.count == 0 || prev.paragraph + 1 < d.sentences[s.index].paragraph ||
      !RE2::PartialMatch(s.st, *Lex().anaphor))
    return;
  std::vector<std::size_t> clauses = ClauseStarts(text, sb, se);
  std::size_t ce = clauses.size() > 1 ? clauses[1] : se;
  bool own_trigger =
      std::any_of(s.hits.begin(), s.hits.end(), [&](const Hit& h) { return h.begin < ce; });
  if (own_trigger) return;
  std::vector<CertaintyCue> cues = FindCertaintyCues(text, sb, ce);
  std::erase_if(cues, [](const CertaintyCue& c) { return c.kind == CueKind::kNegation; });
  // "It is not clear what ...", "It is possible that ...": extraposed
  // subjects, not an evaluation of what came before.
  bool extraposed = false;
  if (!cues.empty()) {
    std::size_t k = cues.back().end;
    while (k < ce && IsSpace(text[k])) ++k;
    std::size_t e = k;
    while (e < ce && !IsSpace(text[e]) && text[e] != ',' && text[e] != '.') ++e;
    std::string next = Lower(text.substr(k, e - k));
    for (std::string_view w :
         {"that", "what", "whether", "if", "who", "why", "how", "when", "where", "to", "which"})
      extraposed = extraposed || next == w;
  }
  if (cues.empty() || extraposed) return;
  CertaintyEstimate e = CombineCues(text, cues, 0.5);
  // A singular demonstrative evaluates one proposition: the nearest,
  // i.e. the last cause assertion of the sentence before ("was it X
  // or Y? That seems very unlikely" rates Y).
  for (std::size_t i = prev.first + prev.count; i-- > prev.first;) {
    Claim& c = claims[i];
    if (c.type == ClaimType::kCauseAssertion) {
      c.certainty = e.certainty;
      c.certainty_label = CertaintyLabel(c.certainty);
      for (const std::string& w : e.cues) c.cues.push_back(w);
      break;
    }
  }
}

// Whether a claim can come out of the sentence: a duration, or a trigger
// with topic words near enough (the test AppendTriggerClaims makes first).
bool MayClaim(DocState& d, const SentenceState& s) {
  const TriggerLexicon& lex = Lex();
  return !s.durations.empty() || std::any_of(s.hits.begin(), s.hits.end(), [&](const Hit& h) {
    const Family f = lex.triggers[h.row].family;
    if (s.context) return true;
    return f == Family::kDenial || f == Family::kThreat ? DocumentHasContext(d)
                                                        : NeighbourHasContext(d, s.index);
  });
}

// The sentence's attribution: the markup quote's, else what its words say,
// else that of a quote open since an earlier sentence. Updates the last
// person named and the open quote.
void ReadSentenceAttribution(DocState& d, SentenceState& s, OpenQuote& open) {
  const std::size_t sb = s.sb, se = s.se;
  SentenceAttribution& sa = s.sa;
  if (s.markup) {
    sa.found = true;
    sa.attribution = s.markup->attribution;
    if (const OrganisationInfo* o = FindOrganisation(sa.attribution.organisation))
      sa.monitor = o->kind == "monitor";
  } else {
    sa = ParseAttribution(d.text, sb, se, d.quotes, d.last_person);
  }
  if (IsPersonName(sa.attribution.speaker)) d.last_person = sa.attribution.speaker;
  // Quotes spanning sentences keep the attribution found in any of them.
  const QuoteSpan* sq = QuoteAt(d.quotes, sb + 1);
  if (sq && sq == open.quote && !sa.found) sa = open.attribution;
  if (sa.found) {
    // The last quote that begins before the sentence's end (quotes are
    // disjoint and in text order): if it does not reach into the
    // sentence, none does.
    auto q = std::partition_point(d.quotes.begin(), d.quotes.end(),
                                  [&](const QuoteSpan& x) { return x.begin < se; });
    if (q != d.quotes.begin() && sb < std::prev(q)->end) {
      open.quote = &*std::prev(q);
      open.attribution = sa;
    }
  }
}

// The country the sentence's claims are about: the document's dominant
// country when the sentence names it, else the document's dominant one.
std::string SentenceSubject(DocState& d, const std::vector<Mention>& mentions) {
  const std::string& dominant = Dominant(d);
  std::string subject;
  for (const Mention& m : mentions) {
    if (m.kind == EntityKind::kCountry && m.id == dominant) subject = m.id;
  }
  if (subject.empty()) subject = dominant;
  return subject;
}

// A claim of `type` with trigger text[tb, te): what every claim of the
// sentence shares (quote, attribution, certainty of the trigger's clause,
// mentions, time).
Claim BaseClaim(const DocState& d, const SentenceState& s, ClaimType type, std::size_t tb,
                std::size_t te) {
  const std::string_view text = d.text;
  const std::size_t sb = s.sb, se = s.se;
  const SentenceAttribution& sa = s.sa;
  Claim c;
  c.type = type;
  c.sentence_begin = sb;
  c.sentence_end = se;
  c.sentence = std::string(s.st);
  c.subject = s.subject;
  if (s.markup) {
    c.direct_quote = true;
    c.quote = QuoteText(text, s.markup->body_begin, s.markup->body_end, sb, se);
  } else if (const QuoteSpan* q = QuoteAt(d.quotes, tb)) {
    c.direct_quote = true;
    c.quote = QuoteText(text, q->begin, q->end, sb, se);
  }
  if (sa.found) c.attribution = sa.attribution;
  if (!d.options->outlet.empty()) c.attribution.via.push_back(d.options->outlet);
  c.cues.emplace_back(text.substr(tb, te - tb));
  // Certainty from the cues of the trigger's clause.
  auto [cb, ce] = ClauseOf(s.clauses, se, tb);
  std::vector<CertaintyCue> applied;
  for (const CertaintyCue& cue : s.cues) {
    if (cue.begin < cb || cue.begin >= ce) continue;
    if (cue.kind == CueKind::kNegation && cue.value < 0.5) {
      bool near = (cue.end <= tb && tb - cue.end <= 20) || (cue.begin >= tb && cue.begin < te);
      if (!near) continue;
    }
    applied.push_back(cue);
  }
  CertaintyEstimate e = CombineCues(text, applied);
  if (s.question && e.certainty > 0.5) {
    e.certainty = 0.5;
    e.cues.push_back("?");
  }
  c.certainty = e.certainty;
  c.certainty_label = CertaintyLabel(e.certainty);
  c.negated = e.negated;
  c.stance = e.negated                 ? Stance::kDenies
             : s.question              ? Stance::kQuestions
             : e.certainty < kHedgedAt ? Stance::kHedges
                                       : Stance::kAsserts;
  for (std::string& w : e.cues) c.cues.push_back(std::move(w));
  c.mentions = s.mentions;
  if (IsPersonName(c.attribution.speaker)) {
    Mention p{EntityKind::kPerson, "person:" + Slug(c.attribution.speaker), c.attribution.speaker,
              sa.speaker_begin, sa.speaker_end};
    bool dup = std::any_of(c.mentions.begin(), c.mentions.end(),
                           [&](const Mention& m) { return m.id == p.id; });
    if (!dup) c.mentions.push_back(std::move(p));
  }
  DateClaim(d, sb, se, tb, s.clauses, c);
  return c;
}

// Whether text[pos] lies in a URL ("http://example.org/study-youtube-hijacking"):
// words there are no statement.
bool InsideUrl(std::string_view text, std::size_t pos) {
  std::size_t b = pos;
  while (b > 0 && !IsSpace(text[b - 1])) --b;
  std::string_view token = text.substr(b, pos - b);
  return token.find("://") != std::string_view::npos || StartsWithIgnoreCase(token, "www.");
}

// Whether text[sb, se) is one word: a heading ("Flowspec") states nothing.
bool OneWordSentence(std::string_view text, std::size_t sb, std::size_t se) {
  std::string_view sentence = Trim(text.substr(sb, se - sb));
  for (char ch : sentence) {
    if (IsSpace(ch)) return false;
  }
  return true;
}

// "an attack on Acme Pictures": a cause trigger followed by a named target
// that is not a country, a network or facility, or the name the document
// reports on, so a different event than the outage.
bool NamesOtherTarget(std::string_view text, const Hit& h, std::size_t se) {
  std::string target;
  if (!RE2::PartialMatch(text.substr(h.end, std::min<std::size_t>(60, se - h.end)), *Lex().target,
                         &target))
    return false;
  std::string_view name = Trim(target);
  static const std::unordered_set<std::string_view> kNotTargets = {
      "Monday",  "Tuesday",   "Wednesday", "Thursday", "Friday",   "Saturday", "Sunday",
      "January", "February",  "March",     "April",    "May",      "June",     "July",
      "August",  "September", "October",   "November", "December", "Internet", "Web"};
  std::string_view first = name.substr(0, name.find(' '));
  if (!CountryCodeOf(name).empty() || !CountryCodeOf(first).empty() || kNotTargets.contains(first))
    return false;
  // A network, a telecom facility ("Air Strikes On Telco Facility"): the
  // outage's own infrastructure.
  if (RE2::PartialMatch(name, *Lex().context)) return false;
  // A known company, outlet or agency ("the attack on Sony Pictures") is
  // another target; a network operator is not.
  const OrganisationInfo* org = FindOrganisation(name);
  if (!org) org = FindOrganisation(first);
  if (org) return org->kind != "isp";
  // An unknown name the document keeps returning to is what it reports on:
  // "the cyberattack on Kyivstar" in a story about Kyivstar's outage.
  constexpr int kTopicMentions = 3;
  int mentions = 0;
  for (std::size_t at = text.find(first); at != std::string_view::npos && mentions < kTopicMentions;
       at = text.find(first, at + first.size()))
    ++mentions;
  return mentions < kTopicMentions;
}

// The actor of a cause claim: who the trigger says did it ("an attack by
// X"); an attack by a state moves the claim's subject to another country.
std::string CauseActor(DocState& d, const SentenceState& s, const Hit& h, Claim& c) {
  std::string actor;
  for (const Mention& m : s.mentions) {
    if (m.begin < h.end || m.begin > h.end + 24) continue;
    std::string between = Lower(d.text.substr(h.end, m.begin - h.end));
    if (between.find("by") != std::string::npos || between.find("from") != std::string::npos) {
      actor = ActorForEntity(m, s.subject);
      if (m.kind == EntityKind::kCountry) {
        // An attack by a state is a foreign one; the outage is someone else's.
        actor = "foreign_state:" + m.id.substr(8);
        if (c.subject == m.id) c.subject = OtherCountry(d, s.mentions, m.id);
      }
    }
    break;
  }
  if (actor.empty() && s.sa.represents_kind == "hacktivist") actor = "hacktivist";
  return actor;
}

// The actor of a threat claim: the agent before the trigger in its clause,
// else `actor` (the trigger's own), else the group the speaker represents,
// else the speaker's country.
std::string ThreatActor(const SentenceState& s, const Hit& h, const Claim& c, std::string actor) {
  auto [cb, ce] = ClauseOf(s.clauses, s.se, h.begin);
  const Mention* agent = nullptr;
  for (const Mention& m : s.mentions) {
    if (m.begin >= cb && m.end <= h.begin && m.kind != EntityKind::kAsn &&
        m.kind != EntityKind::kPrefix)
      agent = &m;
  }
  if (agent) actor = ActorForEntity(*agent, s.subject);
  if (actor.empty() && s.sa.represents_kind == "hacktivist") actor = "hacktivist";
  if (actor.empty()) {
    std::string cc = CountryCodeOf(c.attribution.speaker);
    if (!cc.empty())
      actor = "country:" + cc == s.subject ? "own_government" : "foreign_state:" + cc;
  }
  return actor;
}

// A denial is attributed to the last country, organisation or person named
// before its trigger.
void CreditDenier(const SentenceState& s, const Hit& h, Claim& c) {
  const Mention* denier = nullptr;
  for (const Mention& m : s.mentions) {
    if (m.end <= h.begin && (m.kind == EntityKind::kCountry ||
                             m.kind == EntityKind::kOrganisation || m.kind == EntityKind::kPerson))
      denier = &m;
  }
  if (denier) {
    c.attribution.speaker = denier->text;
    c.attribution.role.clear();
    c.attribution.organisation = denier->kind == EntityKind::kOrganisation ? denier->text : "";
    c.attribution.represents.clear();
    if (denier->kind == EntityKind::kCountry) c.subject = denier->id;
  }
}

// Appends a claim per trigger of the sentence (one per type, value and
// actor); returns whether one of them is a measurement report.
bool AppendTriggerClaims(DocState& d, const SentenceState& s, std::vector<Claim>& claims) {
  const TriggerLexicon& lex = Lex();
  const SentenceAttribution& sa = s.sa;
  std::unordered_set<std::string> seen;
  bool has_measurement = false;
  const std::size_t first = claims.size();
  for (const Hit& h : s.hits) {
    const TriggerRow& row = lex.triggers[h.row];
    // Claims are about networks: their topic words must be near.
    if (row.family == Family::kDenial || row.family == Family::kThreat) {
      if (!s.context && !DocumentHasContext(d)) continue;
    } else if (!s.context && !NeighbourHasContext(d, s.index)) {
      continue;
    }
    // Words describing the speaker ("the hacking group Anonymous") are not the claim.
    if (row.family == Family::kCause && sa.speaker_end > sa.speaker_begin &&
        h.begin >= sa.speaker_begin && h.end <= sa.speaker_end)
      continue;
    if (row.family == Family::kCause &&
        !CauseConditionHolds(row, d.text, s.sb, s.se, s.clauses, h,
                             row.condition == "sentence"
                                 ? s.context || (ParagraphNeighbourHasContext(d, s.index) &&
                                                 !ReportsCasualties(d.text, s.sb, s.se))
                                 : s.context,
                             s.mentions))
      continue;
    if (row.family == Family::kCause && NamesOtherTarget(d.text, h, s.se)) continue;
    if (row.family == Family::kCause &&
        (InsideUrl(d.text, h.begin) || OneWordSentence(d.text, s.sb, s.se)))
      continue;
    Claim c = BaseClaim(d, s, row.type, h.begin, h.end);
    switch (row.family) {
      case Family::kOutage:
        c.state = row.value;
        break;
      case Family::kScope:
        c.scope = row.value;
        break;
      case Family::kCause:
        c.cause = row.value;
        break;
      default:
        break;
    }
    if (row.family == Family::kMeasurement) has_measurement = true;
    std::string actor = row.actor;
    if (row.family == Family::kCause && actor.empty()) actor = CauseActor(d, s, h, c);
    if (row.family == Family::kThreat) actor = ThreatActor(s, h, c, std::move(actor));
    if (row.family == Family::kDenial) CreditDenier(s, h, c);
    c.actor = actor;
    if (row.family == Family::kThreat || row.family == Family::kDenial) {
      if (SpeaksOfAnotherEvent(d.text, s.sb, s.se)) c.about_this_event = false;
    }
    if (row.family == Family::kCause) {
      ReadStance(d, d.text, s.sb, s.se, s.clauses, h, c);
      if (row.condition == "claim") {
        // A claim of responsibility is the claimant's word about itself,
        // reported unverified: a hedge, whose actor is the claimant.
        if (c.stance == Stance::kAsserts) {
          c.stance = Stance::kHedges;
          c.certainty = std::min(c.certainty, 0.6);
          c.certainty_label = CertaintyLabel(c.certainty);
        }
        std::string claimant =
            Lower(sa.attribution.speaker) + " " +
            Lower(d.text.substr(sa.speaker_begin, sa.speaker_end - sa.speaker_begin));
        if (c.actor.empty() && claimant.find("hack") != std::string::npos) c.actor = "hacktivist";
      }
      // "the Sony hack": an attack on a named company, agency or outlet,
      // not on a network, is another event than the outage.
      for (const Mention& m : s.mentions) {
        if (m.kind != EntityKind::kOrganisation || m.end > h.begin || h.begin - m.end > 3) continue;
        const OrganisationInfo* org = OrganisationById(m.id);
        if (org && (org->kind == "company" || org->kind == "news" || org->kind == "agency")) {
          c.about_this_event = false;
          c.cues.push_back(m.text);
        }
      }
    }
    std::string key =
        std::string(ClaimTypeName(c.type)) + "|" + c.state + c.scope + c.cause + "|" + c.actor;
    if (!seen.insert(key).second) continue;
    claims.push_back(std::move(c));
  }
  // One statement of a cause per sentence and stance: "a denial-of-service
  // attack, possibly by hacktivists" names its actor once, so the claim
  // without one goes.
  auto unnamed_twin = [&](const Claim& c) {
    if (c.type != ClaimType::kCauseAssertion || !c.actor.empty()) return false;
    for (std::size_t k = first; k < claims.size(); ++k) {
      const Claim& o = claims[k];
      if (&o != &c && o.type == ClaimType::kCauseAssertion && o.cause == c.cause &&
          o.stance == c.stance && o.about_this_event == c.about_this_event && !o.actor.empty())
        return true;
    }
    return false;
  };
  std::vector<bool> drop(claims.size() - first);
  for (std::size_t k = first; k < claims.size(); ++k) drop[k - first] = unnamed_twin(claims[k]);
  std::size_t out = first;
  for (std::size_t k = first; k < claims.size(); ++k) {
    if (drop[k - first]) continue;
    if (out != k) claims[out] = std::move(claims[k]);
    ++out;
  }
  claims.resize(out);
  return has_measurement;
}

// Appends an outage-duration claim per duration of the sentence, dated by
// the sentence's other timexes.
void AppendDurationClaims(const DocState& d, const SentenceState& s, std::vector<Claim>& claims) {
  for (const Timex* x : s.durations) {
    Claim c = BaseClaim(d, s, ClaimType::kOutageDuration, x->begin, x->end);
    c.state = "down";
    c.duration_seconds = x->duration;
    c.duration_mod = x->mod;
    c.duration_text = x->text;
    c.time.reset();
    c.time_text.clear();
    DateClaim(d, s.sb, s.se, x->begin, s.clauses, c);
    if (c.time_text == x->text) c.time_text.clear();
    claims.push_back(std::move(c));
  }
}

}  // namespace

std::vector<std::string> ClaimLexiconProblems() {
  std::vector<std::string> problems;
  auto check = [&](std::string_view file, std::size_t min_fields, std::size_t pattern_field) {
    auto rows = ClaimLexiconRows(file);
    if (rows.empty()) problems.push_back(std::string(file) + ": missing or empty");
    for (const auto& row : rows) {
      if (row.size() < min_fields) {
        problems.push_back(std::string(file) + ": short row starting '" + std::string(row[0]) + "'");
        continue;
      }
      if (pattern_field == 0) continue;
      std::string_view pat = row[pattern_field];
      if (pat.starts_with("~")) pat.remove_prefix(1);
      RE2 re("\\b(?:" + std::string(pat) + ")\\b", Options());
      if (!re.ok()) problems.push_back(std::string(file) + ": " + std::string(pat) + ": " + re.error());
      if (file == "claim_triggers.tsv" && row[0] != "context" && !ClaimTypeFromName(row[0]))
        problems.push_back(std::string(file) + ": unknown claim type " + std::string(row[0]));
    }
  };
  check("claim_triggers.tsv", 4, 3);
  for (std::string& p : CauseStanceLexiconProblems()) problems.push_back(std::move(p));
  check("claim_certainty.tsv", 3, 2);
  check("claim_abbreviations.tsv", 2, 0);
  check("claim_reporting_verbs.tsv", 2, 0);
  check("claim_titles.tsv", 2, 0);
  check("gazetteer_countries.tsv", 4, 0);
  check("gazetteer_organisations.tsv", 2, 0);
  check("gazetteer_org_suffixes.tsv", 2, 0);
  if (Lex().triggers.empty()) problems.push_back("claim_triggers.tsv: the trigger set did not compile");
  return problems;
}

std::vector<Claim> ExtractClaims(std::string_view text, const std::vector<Timex>& timexes,
                                 const ClaimOptions& options) {
  DocState d;
  d.text = text;
  d.timexes.reserve(timexes.size());
  for (const Timex& x : timexes) d.timexes.push_back(&x);
  std::stable_sort(d.timexes.begin(), d.timexes.end(),
                   [](const Timex* a, const Timex* b) { return a->begin < b->begin; });
  d.options = &options;
  d.entities = options.entities;
  d.sentences = SplitSentences(text);
  d.markup = FindMarkupQuotes(text);
  d.quotes = FindQuoteSpans(text, d.markup);
  std::vector<Claim> claims;
  PreviousClaims prev;
  OpenQuote open_quote;

  for (std::size_t si = 0; si < d.sentences.size(); ++si) {
    SentenceState s;
    if (!StartSentence(d, si, s)) continue;
    const std::size_t paragraph = d.sentences[si].paragraph;
    const std::size_t first_claim = claims.size();
    s.hits = MatchTriggers(text, s.sb, s.se, &s.context_words);
    s.context = ReadContext(d, s);
    if (s.context) s.durations = OutageDurations(d, s);
    ReRateAnaphor(d, s, prev, claims);
    if (s.hits.empty() && s.durations.empty()) {
      if (!s.markup) prev.count = 0;
      continue;
    }
    // If no claim can come out of the sentence, only its attribution is
    // read (later sentences use it).
    const bool may_claim = MayClaim(d, s);
    if (may_claim) {
      s.mentions = EntitiesIn(d, s.sb, s.se);
      s.cues = FindCertaintyCues(text, s.sb, s.se);
      s.clauses = ClauseStarts(text, s.sb, s.se);
    }
    s.question = s.st.ends_with("?") || s.st.ends_with("?\xE2\x80\x9D") || s.st.ends_with("?\"");
    ReadSentenceAttribution(d, s, open_quote);
    if (!may_claim) {
      prev = {first_claim, 0, paragraph};
      continue;
    }
    s.subject = SentenceSubject(d, s.mentions);
    const bool has_measurement = AppendTriggerClaims(d, s, claims);
    AppendDurationClaims(d, s, claims);
    // A monitoring firm speaking about an outage is reporting a measurement.
    if (s.sa.monitor && s.context && !has_measurement && !s.hits.empty())
      claims.push_back(
          BaseClaim(d, s, ClaimType::kMeasurementReport, s.hits.front().begin, s.hits.front().end));
    prev = {first_claim, claims.size() - first_claim, paragraph};
  }
  auto by_sentence = [](const Claim& a, const Claim& b) {
    return a.sentence_begin < b.sentence_begin;
  };
  if (!std::is_sorted(claims.begin(), claims.end(), by_sentence))
    std::stable_sort(claims.begin(), claims.end(), by_sentence);
  return claims;
}

}  // namespace corroborate::extract
