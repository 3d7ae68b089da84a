#include "correlate/extract/cause_stance.h"

#include <re2/re2.h>

#include <array>
#include <memory>

#include "correlate/extract/claims_lexicon.h"

namespace corroborate::extract {
namespace {

enum Kind {
  kQuestion,
  kDeny,
  kDenyAfter,
  kUndeny,
  kDenyAdjacent,
  kHedge,
  kHedgeAfter,
  kHedgeAdjacent,
  kOtherEvent,
  kGeneric,
  kPhysical,
  kGovernment,
  kNotGovernment,
  kCausal,
  kCasualties,
  kUnclaimed,
  kStopped,
  kKinds
};

constexpr std::array<std::string_view, kKinds> kKindNames = {
    "question", "deny",        "deny_after",     "undeny",      "deny_adjacent",
    "hedge",    "hedge_after", "hedge_adjacent", "other_event", "generic",
    "physical", "government",  "not_government", "causal",      "casualties", "unclaimed", "stopped"};

struct StanceLexicon {
  std::array<std::unique_ptr<RE2>, kKinds> re;
  std::vector<std::string> problems;

  StanceLexicon() {
    std::array<std::string, kKinds> alt;
    for (const auto& row : ClaimLexiconRows("claim_stance.tsv")) {
      if (row.size() < 2) {
        problems.push_back("claim_stance.tsv: short row");
        continue;
      }
      std::size_t k = 0;
      while (k < kKinds && kKindNames[k] != row[0]) ++k;
      if (k == kKinds) {
        problems.push_back("claim_stance.tsv: unknown kind " + std::string(row[0]));
        continue;
      }
      alt[k] += (alt[k].empty() ? "" : "|") + std::string("(?:") + std::string(row[1]) + ")";
    }
    RE2::Options o;
    o.set_log_errors(false);
    o.set_case_sensitive(false);
    for (std::size_t k = 0; k < kKinds; ++k) {
      std::string pattern = k == kHedgeAdjacent || k == kDenyAdjacent
                                ? "\\b(?:" + alt[k] + ")\\s+(?:(?:a|an|the)\\s+)?$"
                                : "\\b(?:" + alt[k] + ")\\b";
      if (alt[k].empty()) pattern = "$^";
      re[k] = std::make_unique<RE2>(pattern, o);
      if (!re[k]->ok()) {
        problems.push_back("claim_stance.tsv: " + std::string(kKindNames[k]) + ": " +
                           re[k]->error());
        re[k] = std::make_unique<RE2>("$^", o);
      }
    }
  }
};

const StanceLexicon& Lex() {
  static const StanceLexicon* lex = new StanceLexicon();
  return *lex;
}

// The first match of kind `k` in s, or an empty view.
std::string_view Find(Kind k, std::string_view s) {
  re2::StringPiece m;
  if (s.empty() || !Lex().re[k]->Match(s, 0, s.size(), RE2::UNANCHORED, &m, 1)) return {};
  return {m.data(), m.size()};
}

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

bool EndsQuestion(std::string_view s) {
  s = Trimmed(s);
  for (std::string_view tail : {"\xE2\x80\x9D", "\"", "'", "\xE2\x80\x99", ")"}) {
    if (s.ends_with(tail)) s.remove_suffix(tail.size());
  }
  return s.ends_with("?");
}

}  // namespace

CauseStance ReadCauseStance(std::string_view text, std::size_t sb, std::size_t se, std::size_t cb,
                            std::size_t ce, std::size_t tb, std::size_t te) {
  CauseStance out;
  // A clause that starts with "or"/"nor" continues the one before: "not
  // through a physical failure or cable cut".
  std::string_view before = text.substr(cb, tb - cb);
  std::string_view after = text.substr(te, ce > te ? ce - te : 0);
  std::string_view clause = text.substr(cb, ce - cb);
  auto note = [&](std::string_view w) {
    if (!w.empty()) out.cues.emplace_back(w);
  };
  if (std::string_view w = Find(kOtherEvent, clause); !w.empty()) {
    out.about_this_event = false;
    note(w);
  } else if (std::string_view g = Find(kGeneric, clause); !g.empty()) {
    out.about_this_event = false;
    note(g);
  }
  // A question headline, "was it X or Y?": the question mark covers the
  // sentence's alternatives.
  if (EndsQuestion(text.substr(sb, se - sb))) {
    out.stance = Stance::kQuestions;
    out.cues.emplace_back("?");
    return out;
  }
  if (std::string_view w = Find(kQuestion, before); !w.empty()) {
    out.stance = Stance::kQuestions;
    note(w);
    return out;
  }
  std::string_view undeny = Find(kUndeny, clause);
  if (!undeny.empty()) {
    out.stance = Stance::kHedges;
    note(undeny);
    return out;
  }
  std::string_view deny = Find(kDenyAdjacent, before);
  if (deny.empty()) deny = Find(kDeny, before);
  if (deny.empty()) deny = Find(kDenyAfter, after);
  if (!deny.empty()) {
    out.stance = Stance::kDenies;
    note(deny);
    return out;
  }
  std::string_view hedge = Find(kHedgeAdjacent, before);
  // Through the trigger: "access was reportedly shut down", "cables were
  // reported to have been damaged".
  if (hedge.empty()) hedge = Find(kHedge, text.substr(cb, te - cb));
  if (hedge.empty()) hedge = Find(kHedgeAfter, after);
  if (!hedge.empty()) {
    out.stance = Stance::kHedges;
    note(hedge);
  }
  return out;
}

bool SpeaksOfAnotherEvent(std::string_view text, std::size_t begin, std::size_t end) {
  std::string_view clause = text.substr(begin, end - begin);
  return !Find(kOtherEvent, clause).empty() || !Find(kGeneric, clause).empty();
}

bool MentionsPhysicalViolence(std::string_view text, std::size_t begin, std::size_t end) {
  return !Find(kPhysical, text.substr(begin, end - begin)).empty();
}

bool ReportsCasualties(std::string_view text, std::size_t begin, std::size_t end) {
  return !Find(kCasualties, text.substr(begin, end - begin)).empty();
}

bool ResponsibilityUnclaimed(std::string_view text, std::size_t clause_begin,
                             std::size_t trigger_begin) {
  return !Find(kUnclaimed, Trimmed(text.substr(clause_begin, trigger_begin - clause_begin))).empty();
}

bool AnnouncingStopped(std::string_view text, std::size_t clause_begin, std::size_t trigger_begin) {
  return !Find(kStopped, Trimmed(text.substr(clause_begin, trigger_begin - clause_begin))).empty();
}

bool HasGovernmentSubject(std::string_view text, std::size_t cb, std::size_t vb,
                          const std::vector<std::pair<std::size_t, std::size_t>>& countries) {
  // The subject lies within a few words before the verb.
  constexpr std::size_t kReach = 48;
  std::size_t from = vb > cb + kReach ? vb - kReach : cb;
  // The nearest government word or country before the verb, and nothing
  // between them that would be the subject instead.
  std::size_t subject_end = 0;
  for (const auto& [b, e] : countries) {
    if (b >= from && e <= vb) subject_end = std::max(subject_end, e);
  }
  std::string_view window = text.substr(from, vb - from);
  re2::StringPiece m;
  std::size_t pos = 0;
  while (pos < window.size() &&
         Lex().re[kGovernment]->Match(window, pos, window.size(), RE2::UNANCHORED, &m, 1)) {
    std::size_t end = static_cast<std::size_t>(m.data() - window.data()) + m.size();
    subject_end = std::max(subject_end, from + end);
    pos = std::max(end, pos + 1);
  }
  if (subject_end == 0) return false;
  return Find(kNotGovernment, text.substr(subject_end, vb - subject_end)).empty();
}

bool IntroducedAsCause(std::string_view text, std::size_t clause_begin, std::size_t trigger_begin) {
  return !Find(kCausal, text.substr(clause_begin, trigger_begin - clause_begin)).empty();
}

std::vector<std::string> CauseStanceLexiconProblems() { return Lex().problems; }

}  // namespace corroborate::extract
