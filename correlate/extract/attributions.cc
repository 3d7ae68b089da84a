#include "correlate/extract/attributions.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <unordered_map>

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
  kOrgNoun
};

// What the speaker rules know of a word, by the hash of its lower-cased form:
// its class (lexicons/attribution_speakers.tsv), whether it is a title
// (lexicons/claim_titles.tsv: "Gov", "President") or a function word.
struct SpeakerInfo {
  SpeakerWord cls = SpeakerWord::kNone;
  bool title = false;
  bool function = false;
};

const std::unordered_map<std::uint64_t, SpeakerInfo>& SpeakerWords() {
  static const auto* words = [] {
    auto* m = new std::unordered_map<std::uint64_t, SpeakerInfo>();
    std::string_view data = attributiondata::EmbeddedFile("attribution_speakers.tsv");
    std::size_t start = 0;
    while (start < data.size()) {
      std::size_t nl = data.find('\n', start);
      if (nl == std::string_view::npos) nl = data.size();
      std::string_view line = data.substr(start, nl - start);
      start = nl + 1;
      if (line.empty() || line[0] == '#') continue;
      std::size_t tab = line.find('\t');
      if (tab == std::string_view::npos) continue;
      std::string_view cls = line.substr(tab + 1);
      SpeakerWord w = cls == "male"           ? SpeakerWord::kMale
                      : cls == "female"       ? SpeakerWord::kFemale
                      : cls == "person"       ? SpeakerWord::kPersonPronoun
                      : cls == "group"        ? SpeakerWord::kGroup
                      : cls == "thing"        ? SpeakerWord::kThing
                      : cls == "self"         ? SpeakerWord::kSelf
                      : cls == "relative"     ? SpeakerWord::kRelative
                      : cls == "role"         ? SpeakerWord::kPersonRole
                      : cls == "organisation" ? SpeakerWord::kOrgNoun
                                              : SpeakerWord::kNone;
      if (w != SpeakerWord::kNone) {
        (*m)[attribution::HashString(attribution::LowerForm(line.substr(0, tab)))].cls = w;
      }
    }
    for (const auto& row : ClaimLexiconRows("claim_titles.tsv")) {
      if (row.empty()) continue;
      for (std::string_view word : SplitField(row[0], ' ')) {
        (*m)[attribution::HashString(attribution::LowerForm(word))].title = true;
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
  std::vector<std::uint32_t> source_tokens;  // token range of the source [first, last]
  TokenRange source_range{0, 0};
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
         info.cls == SpeakerWord::kOrgNoun;
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

// Fills the speaker of a named source: the name (a run of capitalised words
// that are not titles), the role (the words around it), an organisation
// ("of/at/for ORG", or the whole name when it is an organisation's).
void NamedSpeaker(const TokenizedText& tt, TokenRange src, Found* f) {
  // The first run of name tokens, skipping titles ("Gov.", "President").
  std::size_t nb = src.end, ne = src.end;
  for (std::size_t i = src.begin; i < src.end; ++i) {
    if (!IsNameToken(tt, i)) continue;
    if (IsTitle(tt, i) || ClassOf(tt, i) == SpeakerWord::kPersonRole) continue;
    nb = i;
    ne = i + 1;
    while (ne < src.end && (IsNameToken(tt, ne) || (TokText(tt, ne) == "." && ne > nb) ||
                            ((tt.tokens[ne].flags & attribution::kWord) &&
                             tt.tokens[ne].begin == tt.tokens[ne - 1].end)))
      ++ne;
    break;
  }
  if (nb >= src.end) return;
  while (ne > nb && !(tt.tokens[ne - 1].flags & attribution::kWord)) --ne;
  std::string name = Phrase(tt, nb, ne, false);
  // "of/at/for/with ORG" after the name, or an appositive role ("X, a Republican strategist,").
  std::string role = Phrase(tt, src.begin, nb, true);
  std::string org;
  for (std::size_t i = ne; i < src.end; ++i) {
    if (Is(tt, i, "of") || Is(tt, i, "at") || Is(tt, i, "for") || Is(tt, i, "with") ||
        Is(tt, i, "from")) {
      std::size_t b = i + 1;
      while (b < src.end && !IsNameToken(tt, b)) ++b;
      std::size_t e = b;
      while (e < src.end &&
             (IsNameToken(tt, e) || (e > b && (Is(tt, e, "of") || Is(tt, e, "for")))))
        ++e;
      while (e > b && !IsNameToken(tt, e - 1)) --e;
      if (e > b) org = Phrase(tt, b, e, false);
      if (role.empty()) role = Phrase(tt, ne, b, true);
      break;
    }
    if (Is(tt, i, ",") && role.empty()) {
      std::size_t e = i + 1;
      while (e < src.end && TokText(tt, e) != "," && TokText(tt, e) != ")") ++e;
      role = Phrase(tt, i + 1, e, true);
    }
  }
  if (const OrganisationInfo* info = FindOrganisation(name)) {
    f->rel.speaker = {info->name, role, info->name};
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
          first != SpeakerWord::kOrgNoun) {
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
      if (tt_.tokens[e].paragraph + 3 < para || before - e > 400) break;
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
    bool definite = src.end > src.begin &&
                    (Is(tt_, src.begin, "the") || Is(tt_, src.begin, "this") || Is(tt_, src.begin, "that"));
    SpeakerWord c = ClassOf(tt_, head);
    const std::string head_word = Lower(tt_, head);
    f.rel.speaker.role = role;
    if (!definite) return;  // "a campaign aide": someone not named
    if (c == SpeakerWord::kOrgNoun) {
      if (const Found* o = Nearest(k, *found, false, true)) {
        f.rel.speaker = {o->rel.speaker.name, role, o->rel.speaker.organisation};
        f.speaker_is_org = true;
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
    dc.ExtendLabels(win, model, &labels);
    const std::size_t n = win.end - win.begin;

    Found f;
    f.rel.cue = SpanOf(tt, cue.begin, cue.end);
    // The source: the run of source tokens nearest the cue.
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
    if (best_d != SIZE_MAX) {
      f.rel.source = SpanOf(tt, best_b, best_e);
      f.source_range = {static_cast<std::uint32_t>(best_b), static_cast<std::uint32_t>(best_e)};
      dc.MarkSource(f.source_range, cue.begin);
    }
    // The content: every run of content tokens; a quotation it ends (or
    // starts) in that runs over into other paragraphs is carried along.
    std::uint32_t quoted = 0, words = 0;
    std::int64_t last_quote = -1;
    for (std::size_t k = 0; k < n;) {
      if (labels[k] != attribution::kContent) {
        ++k;
        continue;
      }
      std::size_t e = k;
      while (e < n && labels[e] == attribution::kContent) ++e;
      AddContentRun(tt, win.begin + k, win.begin + e, &f.rel.content);
      for (std::size_t i = win.begin + k; i < win.begin + e; ++i) {
        if (!(tt.tokens[i].flags & attribution::kWord)) continue;
        ++words;
        quoted += tt.tokens[i].quote != 0;
      }
      last_quote = tt.tokens[win.begin + e - 1].quote;
      k = e;
    }
    if (f.rel.content.empty()) continue;
    if (last_quote > 0) {
      const TokenRange q = tt.quotes[static_cast<std::size_t>(last_quote - 1)];
      std::uint32_t from = std::max<std::uint32_t>(q.begin, win.end);
      for (std::uint32_t p = from < q.end ? tt.tokens[from].paragraph : 0; from < q.end; ++p) {
        std::uint32_t to = std::min(q.end, tt.paragraphs[p].end);
        f.rel.content.push_back(SpanOf(tt, from, to));
        for (std::uint32_t i = from; i < to; ++i) {
          bool word = (tt.tokens[i].flags & attribution::kWord) != 0;
          words += word;
          quoted += word;
        }
        from = to;
      }
    }
    std::sort(f.rel.content.begin(), f.rel.content.end(),
              [](const ByteSpan& a, const ByteSpan& b) { return a.begin < b.begin; });
    if (Is(tt, cue.head, "according"))
      f.rel.kind = AttributionKind::kAccordingTo;
    else if (quoted == 0)
      f.rel.kind = AttributionKind::kIndirect;
    else if (quoted >= words)
      f.rel.kind = AttributionKind::kDirect;
    else
      f.rel.kind = AttributionKind::kMixed;
    f.first_token =
        std::min<std::uint32_t>(cue.begin, f.rel.source ? f.source_range.begin : cue.begin);
    found.push_back(std::move(f));
  }
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
