#include "correlate/rank/ach.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
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

Status AddHypothesis(Taxonomy& t, const std::vector<std::string_view>& f, std::string_view name,
                     int line) {
  if (f.size() < 5 || f[0].empty() || f[1].empty() || f[2].empty()) {
    return Fail(ErrorCode::kParse,
                fmt::format("{}:{}: want id, cause, actor, stix_actor_type, label", name, line));
  }
  Hypothesis h{std::string(f[0]), std::string(f[1]), std::string(f[2]), std::string(f[4]),
               std::string(f[3])};
  auto it = std::find_if(t.hypotheses.begin(), t.hypotheses.end(),
                         [&](const Hypothesis& x) { return x.id == h.id; });
  if (it != t.hypotheses.end()) {
    *it = h;
  } else {
    t.hypotheses.push_back(h);
  }
  return {};
}

Status AddSignature(Taxonomy& t, const std::vector<std::string_view>& f, std::string_view name,
                    int line) {
  if (f.size() < 3) {
    return Fail(ErrorCode::kParse,
                fmt::format("{}:{}: want signature, hypothesis, rating, rationale", name, line));
  }
  auto rating = ParseRating(f[2]);
  if (!rating)
    return Fail(ErrorCode::kParse, fmt::format("{}:{}: bad rating '{}'", name, line, f[2]));
  SignatureRule rule{std::string(f[0]), std::string(f[1]), *rating,
                     f.size() > 3 ? std::string(f[3]) : ""};
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

Status AddPrior(Taxonomy& t, const std::vector<std::string_view>& f, std::string_view name,
                int line) {
  double country = 0, network = 0;
  auto number = [](std::string_view v, double& out) {
    std::string text(v);
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return !text.empty() && end == text.c_str() + text.size() && out >= 0 && out <= 1;
  };
  if (f.size() < 3 || f[0].empty() || !number(f[1], country) || !number(f[2], network)) {
    return Fail(
        ErrorCode::kParse,
        fmt::format("{}:{}: want cause, country prior, network prior (0..1), compatible causes",
                    name, line));
  }
  CausePrior prior{std::string(f[0]), country, network, {}};
  if (f.size() > 3) {
    std::string_view list = f[3];
    while (!list.empty()) {
      size_t comma = list.find(',');
      std::string_view item = TrimAscii(list.substr(0, comma));
      if (!item.empty()) prior.compatible.emplace_back(item);
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
  }
  auto it = std::find_if(t.priors.begin(), t.priors.end(),
                         [&](const CausePrior& p) { return p.cause == prior.cause; });
  if (it != t.priors.end()) {
    *it = prior;
  } else {
    t.priors.push_back(prior);
  }
  return {};
}

std::string ActorKind(std::string_view actor) {
  return std::string(actor.substr(0, actor.find(':')));
}

std::string CanonicalActorKind(std::string_view actor) {
  std::string kind = ActorKind(actor);
  if (kind == "hacker" || kind == "hacking_group" || kind == "hacktivists" || kind == "criminal")
    return "hacktivist";
  if (kind == "government" || kind == "own_state") return "own_government";
  if (kind == "upstream" || kind == "isp") return "upstream_provider";
  return kind;
}

// Does a claim's actor fit a hypothesis's actor? Unspecified fits anything,
// and so does any actor a hypothesis without actors ("none", the operator).
bool ActorFits(std::string_view claim_actor, std::string_view hypothesis_actor) {
  if (claim_actor.empty() || claim_actor == "unknown" || claim_actor == "none") return true;
  if (hypothesis_actor == "none" || hypothesis_actor == "operator") return true;
  if (CanonicalActorKind(claim_actor) != CanonicalActorKind(hypothesis_actor)) return false;
  size_t a = claim_actor.find(':'), b = hypothesis_actor.find(':');
  if (a == std::string_view::npos || b == std::string_view::npos) return true;
  return claim_actor.substr(a + 1) == hypothesis_actor.substr(b + 1);
}

// Actor-denials ("the US denied involvement") weigh against hypotheses with
// that actor only, never against causes without one.
bool DeniedActorFits(std::string_view claim_actor, std::string_view hypothesis_actor) {
  if (hypothesis_actor == "none" || hypothesis_actor == "operator") return false;
  return ActorFits(claim_actor, hypothesis_actor);
}

bool Compatible(const Taxonomy& t, std::string_view asserted, std::string_view other) {
  for (const CausePrior& p : t.priors) {
    if (p.cause == asserted) {
      return std::find(p.compatible.begin(), p.compatible.end(), other) != p.compatible.end();
    }
  }
  return false;
}

std::string NormalizedWords(std::string_view text) {
  std::string out;
  bool space = false;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80) {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += static_cast<char>(std::tolower(c));
    } else {
      space = true;
    }
  }
  return out;
}

double Credibility(char grade) {
  switch (grade) {
    case 'A':
    case 'B':
      return kHigh;
    case 'D':
    case 'E':
      return kLow;
    default:
      return 1.0;  // C, and F (cannot be judged)
  }
}

double RatingValue(Rating r) {
  switch (r) {
    case Rating::kVeryConsistent:
      return 2;
    case Rating::kConsistent:
      return 1;
    case Rating::kInconsistent:
      return -1;
    case Rating::kVeryInconsistent:
      return -2;
    default:
      return 0;
  }
}

double InconsistencyValue(Rating r) {
  return r == Rating::kInconsistent ? -1 : r == Rating::kVeryInconsistent ? -2 : 0;
}

struct Scores {
  std::vector<double> inconsistency, support, probability;
};

Scores Score(const std::vector<EvidenceRow>& rows, const std::vector<double>& log_prior,
             const std::vector<bool>& use) {
  const size_t n = log_prior.size();
  std::map<std::string, int> group_size;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (use[r] && !rows[r].independence_group.empty()) ++group_size[rows[r].independence_group];
  }
  Scores s{std::vector<double>(n, 0), std::vector<double>(n, 0), std::vector<double>(n, 0)};
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
  std::vector<double> logit(n);
  double top = -std::numeric_limits<double>::infinity();
  for (size_t h = 0; h < n; ++h) {
    logit[h] = log_prior[h] + kEvidenceWeight * kSupportCap * std::tanh(s.support[h] / kSupportCap);
    top = std::max(top, logit[h]);
  }
  double total = 0;
  for (size_t h = 0; h < n; ++h) total += s.probability[h] = std::exp(logit[h] - top);
  for (double& p : s.probability) p = total > 0 ? p / total : 0;
  return s;
}

constexpr double kTie = 1e-9;

// Hypothesis indexes most probable first (ties: least inconsistent first).
std::vector<size_t> Order(const Scores& s) {
  std::vector<size_t> order(s.probability.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (std::fabs(s.probability[a] - s.probability[b]) > kTie)
      return s.probability[a] > s.probability[b];
    return s.inconsistency[a] > s.inconsistency[b] + kTie;
  });
  return order;
}

bool Tied(const Scores& s, size_t a, size_t b) {
  return std::fabs(s.probability[a] - s.probability[b]) <= kTie &&
         std::fabs(s.inconsistency[a] - s.inconsistency[b]) <= kTie;
}

std::set<size_t> Leaders(const Scores& s, const std::vector<size_t>& order) {
  std::set<size_t> lead;
  for (size_t i : order) {
    if (!order.empty() && Tied(s, i, order[0])) lead.insert(i);
  }
  return lead;
}

EvidenceRow BlankRow(size_t n) {
  EvidenceRow row;
  row.ratings.assign(n, Rating::kNeutral);
  return row;
}

bool Diagnostic(const EvidenceRow& row) {
  return std::any_of(row.ratings.begin(), row.ratings.end(),
                     [](Rating r) { return r != Rating::kNeutral && r != Rating::kNotApplicable; });
}

constexpr double kLikely = 0.55;  // ICD 203: "likely" starts above 55 %

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
  while (top_index < a.hypotheses.size() && a.hypotheses[top_index].id != top.hypothesis.id)
    ++top_index;
  bool firm_support = false;
  std::set<std::string> independent, supporting;
  for (const EvidenceRow& row : a.evidence) {
    if (!Diagnostic(row)) continue;
    if (row.kind == "claim") independent.insert(row.independence_group);
    bool supports = top_index < row.ratings.size() && RatingValue(row.ratings[top_index]) > 0;
    // Signatures of the measurements fit several causes; they corroborate but
    // are not an account of the cause.
    bool account = row.kind == "claim" || row.id.rfind("cause:", 0) == 0;
    if (supports && account) {
      supporting.insert(row.independence_group);
      if (row.relevance >= kHigh - 1e-9 && row.credibility >= 1.0 - 1e-9) firm_support = true;
    }
  }
  if (!a.has_evidence) {
    a.confidence = "low";
    a.confidence_reasons.push_back(
        "no statement or measurement bears on the cause: the ranking is the base rates");
    return;
  }
  bool undetermined = a.leader.empty() && a.leading_cause.empty();
  if (undetermined) {
    a.confidence_reasons.push_back(
        fmt::format("the cause is undetermined: no explanation stands out from the others{}",
                    leaders > 1 ? fmt::format(" ({} share the lead)", leaders) : ""));
  }
  bool hedged = !firm_support;
  if (hedged) {
    a.confidence_reasons.push_back(
        supporting.empty() ? std::string("no statement supports the leading explanation: it leads "
                                         "on base rates and signatures")
        : supporting.size() <= 2
            ? fmt::format(
                  "the leading explanation rests on {} hedged statement{} and no firm credible one",
                  supporting.size(), supporting.size() == 1 ? "" : "s")
            : "no credible source states the leading explanation firmly: the statements about the "
              "cause are hedged");
  }
  if (supporting.size() < 2 && !hedged) {
    a.confidence_reasons.push_back("only one independent source supports the leading explanation");
  }
  if (independent.size() < 3) {
    a.confidence_reasons.push_back(fmt::format("only {} independent source{} bear on the cause",
                                               independent.size(),
                                               independent.size() == 1 ? "" : "s"));
  }
  if (!a.sensitive_rows.empty()) {
    a.confidence_reasons.push_back(
        fmt::format("removing any one of {} evidence row{} would change the leader",
                    a.sensitive_rows.size(), a.sensitive_rows.size() == 1 ? "" : "s"));
  }
  if (a.confidence_reasons.empty()) {
    a.confidence = top.probability > 0.8 && supporting.size() >= 3 ? "high" : "moderate";
    a.confidence_reasons.push_back(
        a.confidence == "high"
            ? "firm, credible and independent sources agree and the lead is robust"
            : "firm and credible sources support the leading explanation");
  } else {
    a.confidence = undetermined || hedged || a.confidence_reasons.size() >= 2 ? "low" : "moderate";
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
    auto pri = ForEachRow(data::EmbeddedFile("causes.tsv"), [&](int line, const auto& f) {
      return AddPrior(t, f, "causes.tsv", line);
    });
    // The embedded files are part of the build; a bad one is a programmer error.
    if (!hyp || !sig || !pri) std::abort();
    return t;
  }();
  return taxonomy;
}

Result<Taxonomy> ExtendTaxonomy(Taxonomy base, std::string_view tsv, std::string_view name) {
  auto st = ForEachRow(tsv, [&](int line, const std::vector<std::string_view>& f) -> Status {
    if (f[0] == "signature") return AddSignature(base, {f.begin() + 1, f.end()}, name, line);
    if (f[0] == "prior") return AddPrior(base, {f.begin() + 1, f.end()}, name, line);
    return AddHypothesis(base, f, name, line);
  });
  if (!st) return std::unexpected(st.error());
  return base;
}

std::vector<Hypothesis> InstantiateHypotheses(const Taxonomy& taxonomy,
                                              const std::vector<std::string>& named_actors) {
  std::vector<Hypothesis> out;
  for (const Hypothesis& h : taxonomy.hypotheses) {
    std::set<std::string> codes;
    for (const std::string& a : named_actors) {
      size_t colon = a.find(':');
      if (colon != std::string::npos && CanonicalActorKind(a) == h.actor)
        codes.insert(a.substr(colon + 1));
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

Scope ScopeOf(std::string_view entity) {
  return entity.rfind("asn:", 0) == 0 || entity.rfind("prefix:", 0) == 0 ? Scope::kNetwork
                                                                         : Scope::kCountry;
}

std::vector<double> HypothesisPriors(const Taxonomy& taxonomy,
                                     const std::vector<Hypothesis>& hypotheses, Scope scope) {
  const size_t n = hypotheses.size();
  std::vector<double> out(n, n ? 1.0 / static_cast<double>(n) : 0);
  if (taxonomy.priors.empty() || n == 0) return out;
  double floor = 1;
  std::map<std::string, double> by_cause;
  for (const CausePrior& p : taxonomy.priors) {
    double v = scope == Scope::kNetwork ? p.network : p.country;
    by_cause[p.cause] = v;
    if (v > 0) floor = std::min(floor, v);
  }
  std::map<std::string, int> sharing;
  for (const Hypothesis& h : hypotheses) ++sharing[h.cause];
  double total = 0;
  for (size_t i = 0; i < n; ++i) {
    auto it = by_cause.find(hypotheses[i].cause);
    double v = it == by_cause.end() || it->second <= 0 ? floor : it->second;
    total += out[i] = v / sharing[hypotheses[i].cause];
  }
  for (double& v : out) v /= total;
  return out;
}

std::string NormalizeCause(std::string_view cause) {
  std::string c = ToLowerAscii(TrimAscii(cause));
  for (char& ch : c) {
    if (ch == ' ' || ch == '-') ch = '_';
  }
  if (c == "earthquake" || c == "volcano" || c == "volcanic_eruption" || c == "tsunami" ||
      c == "flood" || c == "flooding") {
    return "natural_disaster";
  }
  if (c == "power" || c == "power_failure") return "power_outage";
  if (c == "government" || c == "shutdown") return "government_directed";
  if (c == "military") return "military_action";
  if (c == "technical" || c == "technical_failure") return "technical_problem";
  if (c == "cable" || c == "fiber_cut") return "cable_cut";
  return c;
}

std::string DeriveStance(bool negated, double certainty, std::string_view sentence) {
  if (negated) return "denies";
  std::string_view t = TrimAscii(sentence);
  while (!t.empty() &&
         (t.back() == '"' || t.back() == '\'' || static_cast<unsigned char>(t.back()) >= 0x80)) {
    t.remove_suffix(1);  // closing quotation marks
  }
  if (!t.empty() && t.back() == '?') return "questions";
  return certainty < 0.7 ? "hedges" : "asserts";
}

std::vector<ClaimEvidence> MergeStatements(std::vector<ClaimEvidence> claims) {
  std::vector<ClaimEvidence> out;
  std::map<std::string, size_t> seen;
  for (ClaimEvidence& c : claims) {
    std::string stance =
        c.stance.empty() ? DeriveStance(c.negated, c.certainty, c.description) : c.stance;
    std::string key = NormalizedWords(c.description) + "\x1f" + c.type + "\x1f" + c.cause + "\x1f" +
                      c.actor + "\x1f" + stance;
    auto [it, fresh] = seen.emplace(key, out.size());
    if (fresh) {
      out.push_back(std::move(c));
      continue;
    }
    ClaimEvidence& first = out[it->second];
    if (first.independence_group.empty()) first.independence_group = first.id;
    bool listed = false;
    size_t start = 0;
    while (start <= first.source.size()) {
      size_t sep = first.source.find("; ", start);
      if (first.source.substr(start, sep == std::string::npos ? std::string::npos : sep - start) ==
          c.source) {
        listed = true;
      }
      if (sep == std::string::npos) break;
      start = sep + 2;
    }
    if (!listed && !c.source.empty()) first.source += (first.source.empty() ? "" : "; ") + c.source;
    first.certainty = std::max(first.certainty, c.certainty);
    first.reliability = std::min(first.reliability, c.reliability);  // A is best
  }
  return out;
}

EvidenceRow RateClaim(const ClaimEvidence& c, const std::vector<Hypothesis>& hypotheses,
                      const Taxonomy& taxonomy) {
  EvidenceRow row = BlankRow(hypotheses.size());
  row.id = c.id;
  row.kind = "claim";
  row.description = c.description;
  row.source = c.source;
  row.independence_group = c.independence_group.empty() ? c.id : c.independence_group;
  row.credibility = Credibility(c.reliability);
  if (c.type == "cause_assertion") {
    std::string stance =
        c.stance.empty() ? DeriveStance(c.negated, c.certainty, c.description) : c.stance;
    std::string cause = NormalizeCause(c.cause);
    if (stance == "questions") return row;  // asked, not stated: no evidence
    // "Very unlikely" stated as a hedge is a weak denial.
    if (stance == "hedges" && c.certainty <= 0.25) stance = "denies_weakly";
    if (stance == "denies" || stance == "denies_weakly") {
      double firmness =
          stance == "denies" ? (c.negated ? c.certainty : 1 - c.certainty) : 1 - c.certainty;
      row.relevance = stance == "denies" ? (firmness >= 0.7 ? kHigh : 1.0)
                                         : (firmness >= 0.9   ? kHigh
                                            : firmness >= 0.8 ? 1.0
                                                              : kLow);
      for (size_t h = 0; h < hypotheses.size(); ++h) {
        if (hypotheses[h].cause == cause && ActorFits(c.actor, hypotheses[h].actor))
          row.ratings[h] = Rating::kInconsistent;
      }
      return row;
    }
    bool firm = stance == "asserts";
    row.relevance = firm ? (c.certainty >= 0.8 ? kHigh : 1.0) : c.certainty >= 0.5 ? 1.0 : kLow;
    for (size_t h = 0; h < hypotheses.size(); ++h) {
      const Hypothesis& hyp = hypotheses[h];
      bool same_cause = hyp.cause == cause;
      if (same_cause && ActorFits(c.actor, hyp.actor)) {
        row.ratings[h] = firm && c.certainty >= 0.8 ? Rating::kVeryConsistent : Rating::kConsistent;
      } else if (firm && !same_cause && !Compatible(taxonomy, cause, hyp.cause)) {
        row.ratings[h] = Rating::kInconsistent;
      }
    }
  } else if (c.type == "denial") {
    // An interested party's denial weighs little, but it does weigh.
    row.relevance = kLow;
    if (!c.actor.empty()) {
      for (size_t h = 0; h < hypotheses.size(); ++h) {
        if (DeniedActorFits(c.actor, hypotheses[h].actor)) row.ratings[h] = Rating::kInconsistent;
      }
    }
  } else if (c.type == "threat") {
    row.relevance = 1.0;
    if (c.precedes_incident && !c.actor.empty()) {
      for (size_t h = 0; h < hypotheses.size(); ++h) {
        if (DeniedActorFits(c.actor, hypotheses[h].actor)) row.ratings[h] = Rating::kConsistent;
      }
    }
  }
  return row;
}

EvidenceRow RateMeasuredCause(const OutageWindow& w, char reliability,
                              const std::vector<Hypothesis>& hypotheses, const Taxonomy& taxonomy) {
  ClaimEvidence c;
  c.id = fmt::format("cause:{}", w.id);
  c.description = fmt::format("{} annotates the outage of {} with the cause {}{}", w.source,
                              w.entity, w.cause, w.description.empty() ? "" : ": " + w.description);
  c.source = w.source;
  c.type = "cause_assertion";
  c.cause = NormalizeCause(w.cause);
  c.certainty = 0.9;
  c.stance = "asserts";
  c.reliability = reliability;
  c.independence_group = "measurement:" + w.source;
  EvidenceRow row = RateClaim(c, hypotheses, taxonomy);
  row.kind = "measurement";
  return row;
}

EvidenceRow RateSignature(const Taxonomy& taxonomy, const std::string& signature,
                          const std::string& description,
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

Assessment Rank(std::string entity, std::vector<Hypothesis> hypotheses,
                std::vector<EvidenceRow> rows, std::vector<double> priors) {
  Assessment a;
  a.entity = std::move(entity);
  const size_t n = hypotheses.size();
  if (priors.size() != n) priors.assign(n, n ? 1.0 / static_cast<double>(n) : 0);
  std::vector<double> log_prior(n);
  for (size_t h = 0; h < n; ++h) log_prior[h] = std::log(std::max(priors[h], 1e-12));
  for (EvidenceRow& row : rows) row.ratings.resize(n, Rating::kNeutral);
  std::vector<bool> all(rows.size(), true);
  Scores s = Score(rows, log_prior, all);
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
    if (Diagnostic(row)) a.has_evidence = true;
  }
  // Sensitivity: which rows, removed alone, change who leads.
  for (size_t r = 0; r < rows.size(); ++r) {
    if (!Diagnostic(rows[r])) continue;
    std::vector<bool> use = all;
    use[r] = false;
    Scores without = Score(rows, log_prior, use);
    if (Leaders(without, Order(without)) != lead) a.sensitive_rows.push_back(rows[r].id);
  }
  int rank = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    size_t h = order[i];
    if (!(i > 0 && Tied(s, h, order[i - 1]))) rank = static_cast<int>(i) + 1;
    RankedHypothesis rh;
    rh.hypothesis = hypotheses[h];
    rh.inconsistency = s.inconsistency[h];
    rh.support = s.support[h];
    rh.prior = priors[h];
    rh.probability = s.probability[h];
    rh.likelihood = LikelihoodTerm(rh.probability);
    rh.rank = rank;
    a.ranking.push_back(std::move(rh));
  }
  // A leader needs evidence for it, no tie, and a probability of "likely";
  // failing that, hypotheses of one cause sharing the lead name the cause
  // when together they are likely.
  if (!order.empty() && a.has_evidence) {
    size_t top = order[0];
    bool supported = std::any_of(rows.begin(), rows.end(), [&](const EvidenceRow& row) {
      return RatingValue(row.ratings[top]) > 0;
    });
    bool one_cause = std::all_of(lead.begin(), lead.end(), [&](size_t h) {
      return hypotheses[h].cause == hypotheses[top].cause;
    });
    double cause_mass = 0;
    for (size_t h = 0; h < n; ++h) {
      if (hypotheses[h].cause == hypotheses[top].cause) cause_mass += s.probability[h];
    }
    if (supported && lead.size() == 1 && s.probability[top] > kLikely) {
      a.leader = hypotheses[top].id;
    } else if (supported && one_cause && cause_mass > kLikely) {
      a.leading_cause = hypotheses[top].cause;
      a.leading_cause_probability = cause_mass;
    }
  }
  a.hypotheses = std::move(hypotheses);
  a.evidence = std::move(rows);
  AssessConfidence(a, lead.size());
  return a;
}

}  // namespace corroborate::correlate
