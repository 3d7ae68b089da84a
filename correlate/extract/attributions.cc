#include "correlate/extract/attributions.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include "core/tsv.h"
#include "correlate/extract/attribution_model.h"
#include "correlate/extract/attribution_tokens.h"
#include "correlate/extract/claims_lexicon.h"
#include "correlate/extract/entities.h"

namespace corroborate::extract::attributiondata {
std::string_view EmbeddedFile(std::string_view name);
}

namespace corroborate::extract {
namespace {

using attribution::CueSpan;
using attribution::DocContext;
using attribution::Features;
using attribution::Label;
using attribution::Token;
using attribution::TokenizedText;
using attribution::TokenRange;

// Word classes for resolving sources (lexicons/attribution_speakers.tsv).
enum class SpeakerWord {
  kNone,
  kMale,
  kFemale,
  kPersonPronoun,
  kGroup,
  kThing,
  kSelf,
  kRelative,
  kPersonRole,
  kOrgNoun,
  kCompanyNoun,
};

// What the speaker rules know of a word, by the hash of its lower-cased form:
// its class (lexicons/attribution_speakers.tsv), whether it is a title
// (lexicons/claim_titles.tsv: "Gov", "President") or a function word.
struct SpeakerInfo {
  SpeakerWord cls = SpeakerWord::kNone;
  bool title = false;
  bool function = false;
  bool org_last_word = false;  // ends an organisation's name
};

const std::unordered_map<std::uint64_t, SpeakerInfo>& SpeakerWords() {
  static const auto* words = [] {
    auto* m = new std::unordered_map<std::uint64_t, SpeakerInfo>();
    for (const TsvRow& row : ReadTsv(attributiondata::EmbeddedFile("attribution_speakers.tsv"))) {
      if (row.fields.size() < 2) continue;
      std::string_view cls = row.fields[1];
      SpeakerWord w = cls == "male"           ? SpeakerWord::kMale
                      : cls == "female"       ? SpeakerWord::kFemale
                      : cls == "person"       ? SpeakerWord::kPersonPronoun
                      : cls == "group"        ? SpeakerWord::kGroup
                      : cls == "thing"        ? SpeakerWord::kThing
                      : cls == "self"         ? SpeakerWord::kSelf
                      : cls == "relative"     ? SpeakerWord::kRelative
                      : cls == "role"         ? SpeakerWord::kPersonRole
                      : cls == "organisation" ? SpeakerWord::kOrgNoun
                      : cls == "company"      ? SpeakerWord::kCompanyNoun
                                              : SpeakerWord::kNone;
      const std::uint64_t key =
          attribution::HashString(attribution::LowerForm(row.fields[0]));
      if (w != SpeakerWord::kNone) (*m)[key].cls = w;
      if (cls == "orgname") (*m)[key].org_last_word = true;
    }
    for (const auto& row : ClaimLexiconRows("claim_titles.tsv")) {
      if (row.empty()) continue;
      for (std::string_view word : SplitField(row[0], ' ')) {
        (*m)[attribution::HashString(attribution::LowerForm(word))].title = true;
      }
    }
    for (const auto& row : ClaimLexiconRows("gazetteer_org_suffixes.tsv")) {
      if (!row.empty()) {
        (*m)[attribution::HashString(attribution::LowerForm(row[0]))].org_last_word = true;
      }
    }
    for (const char* f : {"the", "a", "an", "and", "but", "in", "on", "at", "of", "for", "to", "as",
                          "if", "when", "while", "after"}) {
      (*m)[attribution::HashString(f)].function = true;
    }
    return m;
  }();
  return *words;
}

SpeakerInfo InfoOf(const Token& t) {
  auto it = SpeakerWords().find(t.lower);
  return it == SpeakerWords().end() ? SpeakerInfo{} : it->second;
}

struct Found {
  AttributionRelation rel;
  TokenRange source_range{0, 0};
  TokenRange cue_range{0, 0};
  std::uint32_t first_token = 0;
  bool speaker_is_person = false;
  bool speaker_is_org = false;
};

std::string_view TokText(const TokenizedText& tt, std::size_t i) {
  const Token& t = tt.tokens[i];
  return tt.text.substr(t.begin, t.end - t.begin);
}

std::string Lower(const TokenizedText& tt, std::size_t i) {
  return attribution::LowerForm(TokText(tt, i));
}

bool IsNameToken(const TokenizedText& tt, std::size_t i) {
  const Token& t = tt.tokens[i];
  if (!(t.flags & (attribution::kCapitalised | attribution::kAllCaps))) return false;
  const SpeakerInfo info = InfoOf(t);
  if (info.function) return false;
  return info.cls == SpeakerWord::kNone || info.cls == SpeakerWord::kPersonRole ||
         info.cls == SpeakerWord::kOrgNoun || info.cls == SpeakerWord::kCompanyNoun;
}

bool IsTitle(const TokenizedText& tt, std::size_t i) { return InfoOf(tt.tokens[i]).title; }
SpeakerWord ClassOf(const TokenizedText& tt, std::size_t i) { return InfoOf(tt.tokens[i]).cls; }
bool Is(const TokenizedText& tt, std::size_t i, std::string_view lower_word) {
  return tt.tokens[i].lower == attribution::HashString(lower_word);
}

// Byte span of tokens [b, e).
ByteSpan SpanOf(const TokenizedText& tt, std::size_t b, std::size_t e) {
  return {tt.tokens[b].begin, tt.tokens[e - 1].end};
}

// Lower-cased words of tokens [b, e) joined by spaces, dropping leading determiners and
// punctuation.
std::string Phrase(const TokenizedText& tt, std::size_t b, std::size_t e, bool lower) {
  while (b < e && !(tt.tokens[b].flags & attribution::kWord)) ++b;
  while (e > b && !(tt.tokens[e - 1].flags & attribution::kWord) && TokText(tt, e - 1) != ".") --e;
  if (b < e && (Is(tt, b, "the") || Is(tt, b, "a") || Is(tt, b, "an"))) ++b;
  std::string out;
  for (std::size_t i = b; i < e; ++i) {
    std::string_view w = TokText(tt, i);
    bool glue = i > b && (tt.tokens[i].begin == tt.tokens[i - 1].end);
    if (!out.empty() && !glue) out += ' ';
    out += lower ? attribution::LowerForm(w) : std::string(w);
  }
  return out;
}

bool IsPreposition(const TokenizedText& tt, std::size_t i) {
  return Is(tt, i, "of") || Is(tt, i, "at") || Is(tt, i, "for") || Is(tt, i, "with") ||
         Is(tt, i, "from");
}

// The first run of capitalised words in [b, e) after a preposition, as an
// organisation's name ("a network engineer at Acme Telecom" -> "Acme Telecom").
std::string OrganisationIn(const TokenizedText& tt, std::size_t b, std::size_t e) {
  for (std::size_t i = b; i < e; ++i) {
    if (!IsPreposition(tt, i)) continue;
    std::size_t ob = i + 1;
    while (ob < e && (Is(tt, ob, "the") || !IsNameToken(tt, ob)) && !Is(tt, ob, ",")) {
      if (!(tt.tokens[ob].flags & attribution::kWord)) break;
      ++ob;
    }
    std::size_t oe = ob;
    while (oe < e && (IsNameToken(tt, oe) ||
                      (oe > ob && (Is(tt, oe, "of") || Is(tt, oe, "for") || Is(tt, oe, "&"))))) {
      ++oe;
    }
    while (oe > ob && !IsNameToken(tt, oe - 1)) --oe;
    if (oe > ob) return Phrase(tt, ob, oe, false);
  }
  return {};
}

// Words of tokens [b, e) as a role: lower-cased, without honorifics ("Mr."),
// numbers (ages: "Jane Roe, 41,"), determiners, punctuation, and the
// organisation part ("at Acme").
std::string RoleIn(const TokenizedText& tt, std::size_t b, std::size_t e) {
  for (std::size_t i = b; i < e; ++i) {
    if (IsPreposition(tt, i) && i > b) {
      e = i;
      break;
    }
  }
  std::string out;
  for (std::size_t i = b; i < e; ++i) {
    const attribution::Token& t = tt.tokens[i];
    if (!(t.flags & attribution::kWord) || (t.flags & attribution::kNumber)) continue;
    if (Is(tt, i, "the") || Is(tt, i, "a") || Is(tt, i, "an") || Is(tt, i, "'s")) continue;
    std::string_view w = TokText(tt, i);
    if (TitleKind(w) == "honorific") continue;
    if (!out.empty()) out += ' ';
    out += attribution::LowerForm(w);
  }
  return out;
}

// Fills the speaker of a named source: the name (the first run of two or
// more capitalised words that are not titles, or one after a title, not
// followed by a possessive; else the first single one), the role (the words
// before the name, or an appositive after it: "Maria Lopez, 41, a network
// engineer at Acme"), the organisation ("at Acme", "Acme's chief executive",
// or the name itself when it is an organisation's).
void NamedSpeaker(const TokenizedText& tt, TokenRange src, Found* f) {
  std::size_t nb = src.end, ne = src.end, single_b = src.end, single_e = src.end;
  for (std::size_t i = src.begin; i < src.end;) {
    if (!IsNameToken(tt, i) || IsTitle(tt, i) || ClassOf(tt, i) == SpeakerWord::kPersonRole) {
      ++i;
      continue;
    }
    std::size_t e = i + 1;
    while (e < src.end && (IsNameToken(tt, e) || (Is(tt, e, ".") && e > i))) ++e;
    while (e > i && !IsNameToken(tt, e - 1)) --e;
    const bool after_title =
        i > src.begin &&
        (IsTitle(tt, i - 1) || (Is(tt, i - 1, ".") && i - 1 > src.begin && IsTitle(tt, i - 2)));
    const bool possessive = e < src.end && Is(tt, e, "'s");
    const bool sentence_word = e == i + 1 && (tt.tokens[i].flags & attribution::kSentenceStart);
    if (!possessive && (e - i >= 2 || after_title)) {
      nb = i;
      ne = e;
      break;
    }
    if (!possessive && !sentence_word && single_b == src.end) {
      single_b = i;
      single_e = e;
    }
    i = e;
  }
  if (nb == src.end) {
    nb = single_b;
    ne = single_e;
  }
  if (nb == src.end) {
    // Only a capitalised first word ("Officials", "Republicans"): a role.
    f->rel.speaker.role = RoleIn(tt, src.begin, src.end);
    return;
  }
  const std::string name = Phrase(tt, nb, ne, false);
  std::string role = RoleIn(tt, src.begin, nb);
  std::string org;
  // "Acme's chief executive Jane Roe": the possessive's run before the name.
  for (std::size_t i = src.begin; i + 1 < nb; ++i) {
    if (!Is(tt, i + 1, "'s") || !IsNameToken(tt, i)) continue;
    std::size_t b = i;
    while (b > src.begin && IsNameToken(tt, b - 1)) --b;
    org = Phrase(tt, b, i + 1, false);
    role = RoleIn(tt, i + 2, nb);
    break;
  }
  // An appositive after the name: ", a network engineer at Acme Telecom,".
  std::size_t k = ne;
  while (k < src.end && Is(tt, k, ",")) {
    std::size_t e = k + 1;
    while (e < src.end && !Is(tt, e, ",") && !Is(tt, e, ")")) ++e;
    std::string seg = RoleIn(tt, k + 1, e);
    if (!seg.empty()) {
      if (role.empty()) role = seg;
      if (org.empty()) org = OrganisationIn(tt, k + 1, e);
      break;
    }
    k = e;
  }
  if (org.empty()) org = OrganisationIn(tt, ne, src.end);
  if (const OrganisationInfo* info = FindOrganisation(name)) {
    f->rel.speaker = {info->name, role, info->name};
    f->speaker_is_org = true;
    return;
  }
  if (InfoOf(tt.tokens[ne - 1]).org_last_word || (nb > src.begin && Is(tt, nb - 1, "the"))) {
    f->rel.speaker = {name, role, name};  // "Acme Networks", "the Times"
    f->speaker_is_org = true;
    return;
  }
  f->rel.speaker = {name, role, org};
  f->speaker_is_person = true;
}

class SpeakerResolver {
 public:
  explicit SpeakerResolver(const TokenizedText& tt) : tt_(tt) {}

  void Resolve(std::vector<Found>* found) {
    for (std::size_t k = 0; k < found->size(); ++k) {
      Found& f = (*found)[k];
      if (!f.rel.source) continue;
      TokenRange src = f.source_range;
      std::size_t words = 0, names = 0;
      std::size_t head = src.begin;
      for (std::size_t i = src.begin; i < src.end; ++i) {
        if (!(tt_.tokens[i].flags & attribution::kWord)) continue;
        ++words;
        names += IsNameToken(tt_, i) &&
                 !(i == src.begin && (tt_.tokens[i].flags & attribution::kSentenceStart) &&
                   ClassOf(tt_, i) != SpeakerWord::kNone);
        head = i;
      }
      SpeakerWord first = words ? ClassOf(tt_, src.begin) : SpeakerWord::kNone;
      if (words == 1 && first != SpeakerWord::kNone && first != SpeakerWord::kPersonRole &&
          first != SpeakerWord::kOrgNoun && first != SpeakerWord::kCompanyNoun) {
        ResolvePronoun(first, k, found);
      } else if (names > 0) {
        NamedSpeaker(tt_, src, &f);
      } else {
        ResolveRoleNoun(head, k, found);
      }
    }
  }

 private:
  // The nearest earlier attribution (or the one whose quotation holds the
  // source) with a resolved speaker of the wanted sort.
  const Found* Nearest(std::size_t k, const std::vector<Found>& found, bool person,
                       bool org) const {
    const std::uint32_t para = tt_.tokens[found[k].first_token].paragraph;
    for (std::size_t j = k; j-- > 0;) {
      const Found& c = found[j];
      if (c.rel.speaker.name.empty()) continue;
      if (para > tt_.tokens[c.first_token].paragraph + 6) break;
      if ((person && c.speaker_is_person) || (org && c.speaker_is_org)) return &c;
    }
    return nullptr;
  }

  // The last capitalised name (two words or more, or after a title) before
  // token `before`, within a few paragraphs: "Ana Silva spoke on Monday. She said ...".
  bool LastName(std::uint32_t before, std::string* name) const {
    const std::uint32_t para = tt_.tokens[before].paragraph;
    for (std::size_t e = before; e-- > 0;) {
      if (tt_.tokens[e].paragraph + 3 < para || before - e > 200) break;
      if (!IsNameToken(tt_, e)) continue;
      std::size_t run = e;
      while (run > 0 && IsNameToken(tt_, run - 1)) --run;
      std::size_t b = run;
      bool after_title = b > 0 && IsTitle(tt_, b - 1);
      while (b <= e && IsTitle(tt_, b)) {
        after_title = true;
        ++b;
      }
      if (b <= e && (e > b || after_title)) {
        *name = Phrase(tt_, b, e + 1, false);
        return true;
      }
      e = run;
    }
    return false;
  }

  void ResolvePronoun(SpeakerWord w, std::size_t k, std::vector<Found>* found) {
    Found& f = (*found)[k];
    const Token& t = tt_.tokens[f.source_range.begin];
    if (w == SpeakerWord::kSelf && t.quote != 0) {
      // "I" or "we" inside a quotation: whoever the quotation is attributed to.
      for (const Found& o : *found) {
        if (&o == &f || o.rel.speaker.name.empty()) continue;
        for (const ByteSpan& c : o.rel.content) {
          if (c.begin <= t.begin && t.end <= c.end) {
            f.rel.speaker = o.rel.speaker;
            f.speaker_is_person = o.speaker_is_person;
            f.speaker_is_org = o.speaker_is_org;
            return;
          }
        }
      }
      return;
    }
    if (w == SpeakerWord::kRelative) {
      // "X, who said": the name just before.
      std::string name;
      std::uint32_t b = f.source_range.begin;
      for (std::size_t j = b; j-- > 0 && j + 8 > b;) {
        if (!IsNameToken(tt_, j)) continue;
        std::size_t s = j;
        while (s > 0 && IsNameToken(tt_, s - 1)) --s;
        f.rel.speaker.name = Phrase(tt_, s, j + 1, false);
        f.speaker_is_person = true;
        return;
      }
      return;
    }
    bool person = w == SpeakerWord::kMale || w == SpeakerWord::kFemale ||
                  w == SpeakerWord::kPersonPronoun || w == SpeakerWord::kSelf;
    bool org = w == SpeakerWord::kThing || w == SpeakerWord::kGroup;
    if (const Found* c = Nearest(k, *found, person, org)) {
      f.rel.speaker = c->rel.speaker;
      f.speaker_is_person = c->speaker_is_person;
      f.speaker_is_org = c->speaker_is_org;
      return;
    }
    std::string name;
    if (person && LastName(f.source_range.begin, &name)) {
      f.rel.speaker.name = name;
      f.speaker_is_person = true;
    }
  }

  void ResolveRoleNoun(std::size_t head, std::size_t k, std::vector<Found>* found) {
    Found& f = (*found)[k];
    TokenRange src = f.source_range;
    std::string role = Phrase(tt_, src.begin, src.end, true);
    bool definite =
        src.end > src.begin &&
        (Is(tt_, src.begin, "the") || Is(tt_, src.begin, "this") || Is(tt_, src.begin, "that"));
    SpeakerWord c = ClassOf(tt_, head);
    const std::string head_word = Lower(tt_, head);
    f.rel.speaker.role = role;
    if (!definite) return;  // "a campaign aide": someone not named
    if (c == SpeakerWord::kCompanyNoun || c == SpeakerWord::kOrgNoun) {
      // "the company": the organisation spoken for last (a speaker that is
      // one, or a named person's employer); "the ministry": one whose name
      // has the word.
      const std::uint32_t para = tt_.tokens[f.first_token].paragraph;
      for (std::size_t j = k; j-- > 0;) {
        const Found& o = (*found)[j];
        if (para > tt_.tokens[o.first_token].paragraph + 6) break;
        const std::string& org = o.rel.speaker.organisation;
        if (org.empty()) continue;
        if (c == SpeakerWord::kOrgNoun &&
            attribution::LowerForm(org).find(head_word) == std::string::npos)
          continue;
        f.rel.speaker = {org, role, org};
        f.speaker_is_org = true;
        return;
      }
    } else if (c == SpeakerWord::kPersonRole) {
      // The nearest earlier named speaker whose role has the same head word.
      for (std::size_t j = k; j-- > 0;) {
        const Found& o = (*found)[j];
        if (!o.speaker_is_person || o.rel.speaker.name.empty()) continue;
        if (o.rel.speaker.role.find(head_word) != std::string::npos) {
          f.rel.speaker = {o.rel.speaker.name, o.rel.speaker.role, o.rel.speaker.organisation};
          f.speaker_is_person = true;
          return;
        }
      }
    }
  }

  const TokenizedText& tt_;
};

// Appends the byte span of tokens [b, e), merged with the last span when they touch.
void AddContentRun(const TokenizedText& tt, std::size_t b, std::size_t e,
                   std::vector<ByteSpan>* out);

// Grows content token runs over the rest of each quotation they start or
// end in, where that quotation reaches out of the window (quotes that run
// over paragraphs), one run per paragraph.
void CarryQuotations(const TokenizedText& tt, TokenRange win, std::vector<TokenRange>* runs) {
  std::vector<TokenRange> more;
  auto add = [&](std::uint32_t from, std::uint32_t to) {
    while (from < to) {
      const std::uint32_t p_end = std::min(to, tt.paragraphs[tt.tokens[from].paragraph].end);
      more.push_back({from, p_end});
      from = p_end;
    }
  };
  if (std::uint32_t q = tt.tokens[runs->front().begin].quote) {
    const TokenRange quote = tt.quotes[q - 1];
    if (quote.begin < win.begin) add(quote.begin, win.begin);
  }
  if (std::uint32_t q = tt.tokens[runs->back().end - 1].quote) {
    const TokenRange quote = tt.quotes[q - 1];
    if (quote.end > win.end) add(win.end, quote.end);
  }
  runs->insert(runs->end(), more.begin(), more.end());
  std::sort(runs->begin(), runs->end(),
            [](TokenRange a, TokenRange b) { return a.begin < b.begin; });
}

// The content spans and kind of `f` from token runs in text order.
void SetContent(const TokenizedText& tt, const std::vector<TokenRange>& runs, Found* f) {
  std::uint32_t quoted = 0, words = 0;
  for (TokenRange r : runs) {
    AddContentRun(tt, r.begin, r.end, &f->rel.content);
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      if (!(tt.tokens[i].flags & attribution::kWord)) continue;
      ++words;
      quoted += tt.tokens[i].quote != 0;
    }
  }
  f->rel.kind = quoted == 0       ? AttributionKind::kIndirect
                : quoted >= words ? AttributionKind::kDirect
                                  : AttributionKind::kMixed;
}

void AddContentRun(const TokenizedText& tt, std::size_t b, std::size_t e,
                   std::vector<ByteSpan>* out) {
  // Trim whitespace-only edges (tokens never hold whitespace) and merge runs that touch.
  ByteSpan s = SpanOf(tt, b, e);
  if (!out->empty() && out->back().end == s.begin) {
    out->back().end = s.end;
    return;
  }
  out->push_back(s);
}

}  // namespace

const char* AttributionKindName(AttributionKind kind) {
  switch (kind) {
    case AttributionKind::kDirect:
      return "direct";
    case AttributionKind::kIndirect:
      return "indirect";
    case AttributionKind::kMixed:
      return "mixed";
    case AttributionKind::kAccordingTo:
      return "according_to";
  }
  return "indirect";
}

std::vector<AttributionRelation> ExtractAttributions(std::string_view text,
                                                     const AttributionOptions& options) {
  std::vector<AttributionRelation> out;
  const attribution::Runtime* rt =
      options.model ? &options.model->runtime() : &attribution::EmbeddedLoadedModel().runtime();
  if (rt->empty) return out;
  TokenizedText tt = attribution::Tokenize(text);
  if (tt.tokens.empty()) return out;
  DocContext dc(tt, rt->words, rt->phrases);
  std::vector<CueSpan> cues = attribution::FindCues(*rt, dc);
  if (cues.empty()) return out;
  dc.SetCues(cues);

  std::vector<Found> found;
  std::vector<Features> feats;
  std::vector<std::uint8_t> forced;
  std::vector<Label> labels;
  for (const CueSpan& cue : cues) {
    const TokenRange win = dc.RoleWindow(cue);
    const TokenRange model = dc.ModelWindow(cue);
    const std::size_t m = model.end - model.begin;
    feats.resize(m);
    forced.assign(m, 0);
    for (std::size_t k = 0; k < m; ++k) {
      std::size_t i = model.begin + k;
      feats[k].n = 0;
      if (i >= cue.begin && i < cue.end) {
        forced[k] = 1;
        continue;
      }
      dc.RoleFeatures(cue, i, &feats[k]);
    }
    attribution::DecodeRoles(*rt, feats, forced, &labels);
    dc.ExtendLabels(cue, win, model, &labels);
    const std::size_t n = win.end - win.begin;

    Found f;
    f.rel.cue = SpanOf(tt, cue.begin, cue.end);
    f.cue_range = {cue.begin, cue.end};
    // The source: the run of source tokens nearest the cue, after any other
    // cue inside it ("Mr. Park said Ms. Lee told him": Ms. Lee).
    std::size_t best_b = 0, best_e = 0, best_d = SIZE_MAX;
    for (std::size_t k = 0; k < n;) {
      if (labels[k] != attribution::kSource) {
        ++k;
        continue;
      }
      std::size_t e = k;
      while (e < n && labels[e] == attribution::kSource) ++e;
      std::size_t b_tok = win.begin + k, e_tok = win.begin + e;
      std::size_t d = e_tok <= cue.begin ? cue.begin - e_tok : b_tok - cue.end;
      if (d < best_d) {
        best_d = d;
        best_b = b_tok;
        best_e = e_tok;
      }
      k = e;
    }
    for (std::size_t i = best_e; best_d != SIZE_MAX && i-- > best_b;) {
      if (dc.IsCue(i)) {
        best_b = i + 1;
        break;
      }
    }
    if (best_d != SIZE_MAX && best_b < best_e) {
      f.rel.source = SpanOf(tt, best_b, best_e);
      f.source_range = {static_cast<std::uint32_t>(best_b), static_cast<std::uint32_t>(best_e)};
      dc.MarkSource(f.source_range, cue.begin);
    }
    // The content: every run of content tokens, and the rest of a quotation
    // it starts or ends in that runs over into other paragraphs.
    std::vector<TokenRange> runs;
    for (std::size_t k = 0; k < n;) {
      if (labels[k] != attribution::kContent) {
        ++k;
        continue;
      }
      std::size_t e = k;
      while (e < n && labels[e] == attribution::kContent) ++e;
      runs.push_back(
          {win.begin + static_cast<std::uint32_t>(k), win.begin + static_cast<std::uint32_t>(e)});
      k = e;
    }
    if (!runs.empty()) CarryQuotations(tt, win, &runs);
    f.first_token =
        std::min<std::uint32_t>(cue.begin, f.rel.source ? f.source_range.begin : cue.begin);
    SetContent(tt, runs, &f);
    if (Is(tt, cue.head, "according")) f.rel.kind = AttributionKind::kAccordingTo;
    found.push_back(std::move(f));
  }
  // "X said Y told him that Z": a cue whose content is all another
  // attribution's takes that attribution whole as its content.
  for (Found& f : found) {
    if (!f.rel.content.empty() || !f.rel.source) continue;
    for (const Found& g : found) {
      if (&g == &f || !g.rel.source || g.rel.content.empty()) continue;
      if (g.source_range.begin < f.cue_range.end) continue;
      const std::uint32_t gap = g.source_range.begin - f.cue_range.end;
      if (gap > 1 || (gap == 1 && !Is(tt, f.cue_range.end, "that"))) continue;
      const std::size_t end = std::max(g.rel.content.back().end, g.rel.cue->end);
      f.rel.content.push_back({tt.tokens[f.cue_range.end].begin, end});
      f.rel.kind = AttributionKind::kIndirect;
      break;
    }
  }
  std::erase_if(found, [](const Found& f) { return f.rel.content.empty(); });
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    auto first = [](const Found& f) {
      std::size_t x = f.rel.content.front().begin;
      if (f.rel.cue) x = std::min(x, f.rel.cue->begin);
      if (f.rel.source) x = std::min(x, f.rel.source->begin);
      return x;
    };
    return first(a) < first(b);
  });
  SpeakerResolver(tt).Resolve(&found);
  out.reserve(found.size());
  for (Found& f : found) out.push_back(std::move(f.rel));
  return out;
}

Result<std::shared_ptr<const attribution::LoadedModel>> LoadAttributionModel(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, path + ": cannot open file");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Fail(ErrorCode::kIo, path + ": read error");
  Result<attribution::Model> m = attribution::Model::Parse(buf.str());
  if (!m) return Fail(m.error().code, path + ": " + m.error().message);
  return std::make_shared<const attribution::LoadedModel>(*m);
}

}  // namespace corroborate::extract
