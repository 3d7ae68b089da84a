#include "correlate/extract/certainty.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <memory>
#include <string>

#include "correlate/extract/claims_lexicon.h"

namespace corroborate::extract {
namespace {

struct CueRow {
  CueKind kind;
  double value;
  std::unique_ptr<RE2> re;
};

struct CueLexicon {
  std::vector<CueRow> rows;
  std::unique_ptr<RE2::Set> set;

  CueLexicon() {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(false);
    set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (const auto& row : ClaimLexiconRows("claim_certainty.tsv")) {
      if (row.size() < 3) continue;
      std::string_view pat = row[2];
      bool lead = true;
      if (!pat.empty() && pat.front() == '~') {
        lead = false;
        pat.remove_prefix(1);
      }
      std::string full = std::string(lead ? "\\b" : "") + "(?:" + std::string(pat) + ")\\b";
      auto re = std::make_unique<RE2>("(" + full + ")", options);
      if (!re->ok() || set->Add(full, nullptr) < 0) continue;  // caught by the lexicon test
      CueKind kind = row[0] == "booster"    ? CueKind::kBooster
                     : row[0] == "negation" ? CueKind::kNegation
                                            : CueKind::kHedge;
      rows.push_back({kind, std::stod(std::string(row[1])), std::move(re)});
    }
    if (!set->Compile()) rows.clear();
  }
};

const CueLexicon& Lexicon() {
  static const CueLexicon* lex = new CueLexicon();
  return *lex;
}

}  // namespace

std::vector<CertaintyCue> FindCertaintyCues(std::string_view text, std::size_t begin, std::size_t end) {
  const CueLexicon& lex = Lexicon();
  std::vector<CertaintyCue> cues;
  end = std::min(end, text.size());
  if (begin >= end || lex.rows.empty()) return cues;
  std::string_view span = text.substr(begin, end - begin);
  std::vector<int> ids;
  if (!lex.set->Match(span, &ids)) return cues;
  for (int id : ids) {
    const CueRow& row = lex.rows[static_cast<std::size_t>(id)];
    std::size_t pos = 0;
    re2::StringPiece m;
    while (pos <= span.size() &&
           row.re->Match(span, pos, span.size(), RE2::UNANCHORED, &m, 1)) {
      std::size_t b = static_cast<std::size_t>(m.data() - span.data());
      cues.push_back({begin + b, begin + b + m.size(), row.kind, row.value});
      pos = b + std::max<std::size_t>(m.size(), 1);
    }
  }
  std::sort(cues.begin(), cues.end(), [](const CertaintyCue& a, const CertaintyCue& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  // Overlapping cues: the earlier (at the same start, the longer) wins.
  std::vector<CertaintyCue> out;
  for (const CertaintyCue& c : cues) {
    if (!out.empty() && c.begin < out.back().end) continue;
    out.push_back(c);
  }
  return out;
}

CertaintyEstimate CombineCues(std::string_view text, const std::vector<CertaintyCue>& cues, double base) {
  CertaintyEstimate est;
  double hedge = 2.0;
  double booster = -1.0;
  for (const CertaintyCue& c : cues) {
    est.cues.emplace_back(text.substr(c.begin, c.end - c.begin));
    switch (c.kind) {
      case CueKind::kHedge: hedge = std::min(hedge, c.value); break;
      case CueKind::kBooster: booster = std::max(booster, c.value); break;
      case CueKind::kNegation: est.negated = true; break;
    }
  }
  est.certainty = base;
  if (hedge <= 1.0) {
    est.certainty = std::min(base, hedge);
  } else if (booster >= 0) {
    est.certainty = std::max(base, booster);
  }
  return est;
}

}  // namespace corroborate::extract
