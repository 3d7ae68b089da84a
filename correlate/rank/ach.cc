#include "correlate/rank/ach.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/text.h"
#include "core/tsv.h"

namespace corroborate::correlate {

namespace data {
std::string_view EmbeddedFile(std::string_view name);
}  // namespace data

namespace {

constexpr double kLow = 0.7071067811865476;  // 1/sqrt(2)
constexpr double kHigh = 1.4142135623730951;

// Calls fn(line_number, fields) for each row.
template <class Fn>
Status ForEachRow(std::string_view tsv, Fn fn) {
  for (const TsvRow& row : ReadTsv(tsv)) {
    if (auto st = fn(row.line, row.fields); !st) return st;
  }
  return {};
}

Status AddHypothesis(Taxonomy& t, const std::vector<std::string_view>& f, std::string_view name, int line) {
  if (f.size() < 5 || f[0].empty() || f[1].empty() || f[2].empty()) {
    return Fail(ErrorCode::kParse, fmt::format("{}:{}: want id, cause, actor, stix_actor_type, label", name, line));
  }
  Hypothesis h{std::string(f[0]), std::string(f[1]), std::string(f[2]), std::string(f[4]), std::string(f[3])};
  auto it = std::find_if(t.hypotheses.begin(), t.hypotheses.end(), [&](const Hypothesis& x) { return x.id == h.id; });
  if (it != t.hypotheses.end()) {
    *it = h;
  } else {
    t.hypotheses.push_back(h);
  }
  return {};
}

Status AddSignature(Taxonomy& t, const std::vector<std::string_view>& f, std::string_view name, int line) {
  if (f.size() < 3) {
    return Fail(ErrorCode::kParse, fmt::format("{}:{}: want signature, hypothesis, rating, rationale", name, line));
  }
  auto rating = ParseRating(f[2]);
  if (!rating) return Fail(ErrorCode::kParse, fmt::format("{}:{}: bad rating '{}'", name, line, f[2]));
  SignatureRule rule{std::string(f[0]), std::string(f[1]), *rating, f.size() > 3 ? std::string(f[3]) : ""};
  auto it = std::find_if(t.signatures.begin(), t.signatures.end(), [&](const SignatureRule& r) {
    return r.signature == rule.signature && r.hypothesis_id == rule.hypothesis_id;
  });
  if (it != t.signatures.end()) {
    *it = rule;
  } else {
    t.signatures.push_back(rule);
  }
  return {};
}

std::string ActorKind(std::string_view actor) { return std::string(actor.substr(0, actor.find(':'))); }

std::string CanonicalActorKind(std::string_view actor) {
  std::string kind = ActorKind(actor);
  if (kind == "hacker" || kind == "hacking_group" || kind == "hacktivists" || kind == "criminal") return "hacktivist";
  if (kind == "government" || kind == "own_state") return "own_government";
  if (kind == "upstream" || kind == "isp") return "upstream_provider";
  return kind;
}

// Does a claim's actor fit a hypothesis's actor? Unspecified fits anything.
bool ActorFits(std::string_view claim_actor, std::string_view hypothesis_actor) {
  if (claim_actor.empty() || claim_actor == "unknown") return true;
  if (CanonicalActorKind(claim_actor) != CanonicalActorKind(hypothesis_actor)) return false;
  size_t a = claim_actor.find(':'), b = hypothesis_actor.find(':');
  if (a == std::string_view::npos || b == std::string_view::npos) return true;
  return claim_actor.substr(a + 1) == hypothesis_actor.substr(b + 1);
}

double Credibility(char grade) {
  switch (grade) {
    case 'A': case 'B': return kHigh;
    case 'D': case 'E': return kLow;
    default: return 1.0;  // C, and F (cannot be judged)
  }
}

double RatingValue(Rating r) {
  switch (r) {
    case Rating::kVeryConsistent: return 2;
    case Rating::kConsistent: return 1;
    case Rating::kInconsistent: return -1;
    case Rating::kVeryInconsistent: return -2;
    default: return 0;
  }
}

double InconsistencyValue(Rating r) {
  return r == Rating::kInconsistent ? -1 : r == Rating::kVeryInconsistent ? -2 : 0;
}

struct Scores {
  std::vector<double> inconsistency, support;
};

Scores Score(const std::vector<EvidenceRow>& rows, size_t n, const std::vector<bool>& use) {
  std::map<std::string, int> group_size;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (use[r] && !rows[r].independence_group.empty()) ++group_size[rows[r].independence_group];
  }
  Scores s{std::vector<double>(n, 0), std::vector<double>(n, 0)};
  for (size_t r = 0; r < rows.size(); ++r) {
    if (!use[r]) continue;
    const EvidenceRow& row = rows[r];
    double w = row.credibility * row.relevance;
    if (!row.independence_group.empty()) w /= group_size[row.independence_group];
    for (size_t h = 0; h < n && h < row.ratings.size(); ++h) {
      s.inconsistency[h] += w * InconsistencyValue(row.ratings[h]);
      s.support[h] += w * RatingValue(row.ratings[h]);
    }
  }
  return s;
}

// Hypothesis indexes best first, and the set that shares rank 1.
std::vector<size_t> Order(const Scores& s) {
  std::vector<size_t> order(s.inconsistency.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (std::fabs(s.inconsistency[a] - s.inconsistency[b]) > 1e-9) return s.inconsistency[a] > s.inconsistency[b];
    return s.support[a] > s.support[b] + 1e-9;
  });
  return order;
}

std::set<size_t> Leaders(const Scores& s, const std::vector<size_t>& order) {
  std::set<size_t> lead;
  if (order.empty()) return lead;
  size_t top = order[0];
  for (size_t i : order) {
    if (std::fabs(s.inconsistency[i] - s.inconsistency[top]) <= 1e-9 && std::fabs(s.support[i] - s.support[top]) <= 1e-9) {
      lead.insert(i);
    }
  }
  return lead;
}

EvidenceRow BlankRow(size_t n) {
  EvidenceRow row;
  row.ratings.assign(n, Rating::kNeutral);
  return row;
}

// Confidence is about the evidence base, not the likelihood: firm credible
// sourcing, independent sources, a clear and robust lead.
void AssessConfidence(Assessment& a, size_t leaders) {
  if (a.ranking.empty()) {
    a.confidence = "low";
    a.confidence_reasons.push_back("there are no hypotheses to compare");
    return;
  }
  const RankedHypothesis& top = a.ranking.front();
  size_t top_index = 0;
  while (top_index < a.hypotheses.size() && a.hypotheses[top_index].id != top.hypothesis.id) ++top_index;
  bool firm_support = false;
  std::set<std::string> independent;
  for (const EvidenceRow& row : a.evidence) {
    if (row.kind != "claim") continue;
    bool diagnostic = std::any_of(row.ratings.begin(), row.ratings.end(), [](Rating r) { return r != Rating::kNeutral; });
    if (diagnostic) independent.insert(row.independence_group);
    if (top_index < row.ratings.size() && RatingValue(row.ratings[top_index]) > 0 && row.relevance >= kHigh - 1e-9 &&
        row.credibility >= 1.0 - 1e-9) {
      firm_support = true;
    }
  }
  bool hedged = !firm_support;
  if (hedged) {
    a.confidence_reasons.push_back(
        "no credible source states the leading explanation firmly: the claims about the cause are hedged, "
        "and the cause is not established");
  }
  if (independent.size() < 3) {
    a.confidence_reasons.push_back(fmt::format("only {} independent source{} bear on the cause", independent.size(),
                                               independent.size() == 1 ? "" : "s"));
  }
  if (leaders > 1) a.confidence_reasons.push_back(fmt::format("{} hypotheses share the lead", leaders));
  if (!a.sensitive_rows.empty()) {
    a.confidence_reasons.push_back(fmt::format("removing any one of {} evidence row{} would change the leader",
                                               a.sensitive_rows.size(), a.sensitive_rows.size() == 1 ? "" : "s"));
  }
  if (top.probability <= 0.55) a.confidence_reasons.push_back("no hypothesis is more likely than not");
  if (a.confidence_reasons.empty()) {
    a.confidence = "high";
    a.confidence_reasons.push_back("firm, credible and independent sources agree and the lead is robust");
  } else {
    a.confidence = hedged || a.confidence_reasons.size() >= 2 ? "low" : "moderate";
  }
}

}  // namespace

std::optional<Rating> ParseRating(std::string_view code) {
  if (code == "CC") return Rating::kVeryConsistent;
  if (code == "C") return Rating::kConsistent;
  if (code == "N") return Rating::kNeutral;
  if (code == "I") return Rating::kInconsistent;
  if (code == "II") return Rating::kVeryInconsistent;
  if (code == "NA") return Rating::kNotApplicable;
  return std::nullopt;
}

const Taxonomy& DefaultTaxonomy() {
  static const Taxonomy taxonomy = [] {
    Taxonomy t;
    auto hyp = ForEachRow(data::EmbeddedFile("hypotheses.tsv"), [&](int line, const auto& f) {
      return AddHypothesis(t, f, "hypotheses.tsv", line);
    });
    auto sig = ForEachRow(data::EmbeddedFile("signatures.tsv"), [&](int line, const auto& f) {
      return AddSignature(t, f, "signatures.tsv", line);
    });
    // The embedded files are part of the build; a bad one is a programmer error.
    if (!hyp || !sig) std::abort();
    return t;
  }();
  return taxonomy;
}

Result<Taxonomy> ExtendTaxonomy(Taxonomy base, std::string_view tsv, std::string_view name) {
  auto st = ForEachRow(tsv, [&](int line, const std::vector<std::string_view>& f) -> Status {
    if (f[0] == "signature") return AddSignature(base, {f.begin() + 1, f.end()}, name, line);
    return AddHypothesis(base, f, name, line);
  });
  if (!st) return std::unexpected(st.error());
  return base;
}

std::vector<Hypothesis> InstantiateHypotheses(const Taxonomy& taxonomy, const std::vector<std::string>& named_actors) {
  std::vector<Hypothesis> out;
  for (const Hypothesis& h : taxonomy.hypotheses) {
    std::set<std::string> codes;
    for (const std::string& a : named_actors) {
      size_t colon = a.find(':');
      if (colon != std::string::npos && CanonicalActorKind(a) == h.actor) codes.insert(a.substr(colon + 1));
    }
    if (codes.empty()) {
      out.push_back(h);
      continue;
    }
    for (const std::string& code : codes) {
      Hypothesis x = h;
      x.id += ":" + code;
      x.actor += ":" + code;
      x.label += " (" + code + ")";
      out.push_back(std::move(x));
    }
  }
  return out;
}

EvidenceRow RateClaim(const ClaimEvidence& c, const std::vector<Hypothesis>& hypotheses) {
  EvidenceRow row = BlankRow(hypotheses.size());
  row.id = c.id;
  row.kind = "claim";
  row.description = c.description;
  row.source = c.source;
  row.independence_group = c.independence_group.empty() ? c.id : c.independence_group;
  row.credibility = Credibility(c.reliability);
  if (c.type == "cause_assertion") {
    bool negative = c.negated || c.certainty <= 0.25;
    if (negative) {
      double strength = c.negated ? 1 - c.certainty : c.certainty;  // how firmly it is ruled out
      row.relevance = (c.negated && c.certainty >= 0.7) || (!c.negated && strength <= 0.1) ? kHigh
                      : (!c.negated && strength <= 0.2) || c.negated ? 1.0 : kLow;
    } else {
      row.relevance = c.certainty >= 0.7 ? kHigh : c.certainty >= 0.4 ? 1.0 : kLow;
    }
    for (size_t h = 0; h < hypotheses.size(); ++h) {
      const Hypothesis& hyp = hypotheses[h];
      bool same_cause = hyp.cause == c.cause;
      bool fits = same_cause && ActorFits(c.actor, hyp.actor);
      if (negative) {
        if (fits) row.ratings[h] = Rating::kInconsistent;
      } else if (fits) {
        row.ratings[h] = c.certainty >= 0.8 ? Rating::kVeryConsistent : Rating::kConsistent;
      } else if (!same_cause && c.certainty >= 0.7) {
        row.ratings[h] = Rating::kInconsistent;
      }
    }
  } else if (c.type == "denial") {
    // An interested party's denial weighs little, but it does weigh.
    row.relevance = kLow;
    if (!c.actor.empty()) {
      for (size_t h = 0; h < hypotheses.size(); ++h) {
        if (ActorFits(c.actor, hypotheses[h].actor) && hypotheses[h].actor != "none") {
          row.ratings[h] = Rating::kInconsistent;
        }
      }
    }
  } else if (c.type == "threat") {
    row.relevance = 1.0;
    if (c.precedes_incident && !c.actor.empty()) {
      for (size_t h = 0; h < hypotheses.size(); ++h) {
        if (ActorFits(c.actor, hypotheses[h].actor) && hypotheses[h].actor != "none") {
          row.ratings[h] = Rating::kConsistent;
        }
      }
    }
  }
  return row;
}

EvidenceRow RateSignature(const Taxonomy& taxonomy, const std::string& signature, const std::string& description,
                          const std::vector<Hypothesis>& hypotheses) {
  EvidenceRow row = BlankRow(hypotheses.size());
  row.id = "signature:" + signature;
  row.kind = "measurement";
  row.description = description;
  row.source = "measurement";
  row.credibility = kHigh;  // measured, not reported
  row.relevance = 1.0;
  row.independence_group = row.id;
  for (size_t h = 0; h < hypotheses.size(); ++h) {
    std::string base = hypotheses[h].id.substr(0, hypotheses[h].id.find(':'));
    for (const SignatureRule& rule : taxonomy.signatures) {
      if (rule.signature == signature && rule.hypothesis_id == base) row.ratings[h] = rule.rating;
    }
  }
  return row;
}

std::string LikelihoodTerm(double p) {
  if (p < 0.05) return "almost no chance";
  if (p < 0.20) return "very unlikely";
  if (p < 0.45) return "unlikely";
  if (p <= 0.55) return "roughly even chance";
  if (p <= 0.80) return "likely";
  if (p <= 0.95) return "very likely";
  return "almost certain";
}

Assessment Rank(std::string entity, std::vector<Hypothesis> hypotheses, std::vector<EvidenceRow> rows) {
  Assessment a;
  a.entity = std::move(entity);
  const size_t n = hypotheses.size();
  for (EvidenceRow& row : rows) row.ratings.resize(n, Rating::kNeutral);
  std::vector<bool> all(rows.size(), true);
  Scores s = Score(rows, n, all);
  std::vector<size_t> order = Order(s);
  std::set<size_t> lead = Leaders(s, order);

  // Diagnosticity: the spread of a row's ratings across hypotheses, weighted.
  for (EvidenceRow& row : rows) {
    double lo = 2, hi = -2;
    for (Rating r : row.ratings) {
      if (r == Rating::kNotApplicable) continue;
      lo = std::min(lo, RatingValue(r));
      hi = std::max(hi, RatingValue(r));
    }
    row.diagnosticity = hi >= lo ? (hi - lo) / 4.0 * row.credibility * row.relevance : 0;
  }
  // Sensitivity: which rows, removed alone, change who leads.
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<bool> use = all;
    use[r] = false;
    Scores without = Score(rows, n, use);
    if (Leaders(without, Order(without)) != lead) a.sensitive_rows.push_back(rows[r].id);
  }
  // Likelihood: softmax of weighted support over the hypotheses, at a
  // temperature of 2 so that one C row of weight 1 moves the odds by e^0.5:
  // single hedged reports must not add up to near-certainty.
  constexpr double kTemperature = 2.0;
  double top = n ? *std::max_element(s.support.begin(), s.support.end()) : 0;
  double total = 0;
  std::vector<double> p(n);
  for (size_t h = 0; h < n; ++h) total += p[h] = std::exp((s.support[h] - top) / kTemperature);
  int rank = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    size_t h = order[i];
    bool tie = i > 0 && std::fabs(s.inconsistency[h] - s.inconsistency[order[i - 1]]) <= 1e-9 &&
               std::fabs(s.support[h] - s.support[order[i - 1]]) <= 1e-9;
    if (!tie) rank = static_cast<int>(i) + 1;
    RankedHypothesis rh;
    rh.hypothesis = hypotheses[h];
    rh.inconsistency = s.inconsistency[h];
    rh.support = s.support[h];
    rh.probability = total > 0 ? p[h] / total : 0;
    rh.likelihood = LikelihoodTerm(rh.probability);
    rh.rank = rank;
    a.ranking.push_back(std::move(rh));
  }
  a.hypotheses = std::move(hypotheses);
  a.evidence = std::move(rows);
  AssessConfidence(a, lead.size());
  return a;
}

}  // namespace corroborate::correlate
