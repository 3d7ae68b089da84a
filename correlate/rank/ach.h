// Ranking of competing hypotheses with an Analysis of Competing Hypotheses
// (Heuer; PARC ACH weighting) matrix.
//
// Hypotheses come from a taxonomy of cause x actor kept in data files
// (data/hypotheses.tsv, data/signatures.tsv), extensible by the user.
// Evidence rows come from claims (rated by the cause and actor they assert,
// how certain they are, and how reliable their source is) and from
// measurement signatures (rated by the taxonomy's signature table). Rows in
// one independence group (syndicated copies, repeated quotes of one person)
// share one weight. Weighted inconsistency decides the order (ties broken by
// weighted support); each row reports its diagnosticity; a sensitivity check
// names the rows whose removal changes the leader; each hypothesis gets an
// ICD 203 likelihood term (from a softmax of weighted support, temperature 2)
// and the assessment a confidence level with reasons.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/assessment.h"
#include "core/error.h"

namespace corroborate::correlate {

struct SignatureRule {
  std::string signature;
  std::string hypothesis_id;
  Rating rating = Rating::kNeutral;
  std::string rationale;
};

struct Taxonomy {
  std::vector<Hypothesis> hypotheses;
  std::vector<SignatureRule> signatures;
};

// The built-in taxonomy (embedded data files).
const Taxonomy& DefaultTaxonomy();

// Adds or replaces hypotheses and signature rules from a user file. Lines:
//   id<TAB>cause<TAB>actor<TAB>stix_actor_type<TAB>label       (a hypothesis)
//   signature<TAB>name<TAB>hypothesis_id<TAB>rating<TAB>rationale  (a rule)
// '#' starts a comment. Errors name the file and line.
[[nodiscard]] Result<Taxonomy> ExtendTaxonomy(Taxonomy base, std::string_view tsv, std::string_view name);

// Parses "CC", "C", "N", "I", "II", "NA".
std::optional<Rating> ParseRating(std::string_view code);

// The taxonomy's hypotheses with generic actor kinds that claims name
// specifically ("foreign_state" + "foreign_state:US") instantiated once per
// named actor: id "state_cyberattack:US", actor "foreign_state:US", label
// suffixed " (US)". Generic ones with no named actor stay as they are.
std::vector<Hypothesis> InstantiateHypotheses(const Taxonomy& taxonomy,
                                              const std::vector<std::string>& named_actors);

// A claim as ACH evidence.
struct ClaimEvidence {
  std::string id;           // "claim:12"
  std::string description;  // the claim's words
  std::string source;       // speaker / outlet
  std::string type;         // "cause_assertion", "denial", "threat"
  std::string cause;        // for cause assertions
  std::string actor;        // "hacktivist", "foreign_state:US", "own_government", "" (unspecified)
  double certainty = 0.5;   // 0..1 that the asserted proposition holds
  bool negated = false;
  char reliability = 'F';   // the source's Admiralty grade A..F
  std::string independence_group;
  bool precedes_incident = false;  // threats: stated before the incident began
};

// Rates one claim against every hypothesis. Claims of other types, or that
// bear on no hypothesis, give a row of N (not diagnostic).
EvidenceRow RateClaim(const ClaimEvidence& claim, const std::vector<Hypothesis>& hypotheses);

// Rates a measurement signature ("prior_instability", ...) by the taxonomy.
EvidenceRow RateSignature(const Taxonomy& taxonomy, const std::string& signature,
                          const std::string& description, const std::vector<Hypothesis>& hypotheses);

// Ranks the hypotheses by the rows. Fills each row's diagnosticity.
Assessment Rank(std::string entity, std::vector<Hypothesis> hypotheses, std::vector<EvidenceRow> rows);

// ICD 203 term for a probability: "almost no chance" (< 5 %) ... "almost certain" (> 95 %).
std::string LikelihoodTerm(double probability);

}  // namespace corroborate::correlate
