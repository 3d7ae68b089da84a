// Ranking of competing hypotheses with an Analysis of Competing Hypotheses
// (Heuer; PARC ACH weighting) matrix.
//
// Hypotheses come from a taxonomy of cause x actor kept in data files
// (data/hypotheses.tsv: a hypothesis for every cause of the vocabulary;
// data/causes.tsv: each cause's prior by the outage's scope, from published
// base rates; data/signatures.tsv), extensible by the user.
// Evidence rows come from statements (rated by the cause and actor they
// assert and their stance: asserts, hedges, denies; questions are not
// evidence), from causes measurement sources annotate, and from measurement
// signatures. Copies of one statement merge into one row listing every
// outlet; rows in one independence group (one speaker, one wire story) share
// one weight. Each hypothesis's probability is its prior times
// exp(kEvidenceWeight x saturated weighted support), normalised (two
// parameters, calibrated on the development events); the order is
// by probability. A leader is named only when it is likely or better and
// rests on evidence; otherwise the cause is undetermined. Each row reports
// its diagnosticity; a sensitivity check names the rows whose removal
// changes the leader; the assessment gets a confidence level with reasons.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/assessment.h"
#include "core/error.h"
#include "core/measure.h"

namespace corroborate::correlate {

struct SignatureRule {
  std::string signature;
  std::string hypothesis_id;
  Rating rating = Rating::kNeutral;
  std::string rationale;
};

// A cause's prior probability by scope, and the causes an assertion of it
// does not count against.
struct CausePrior {
  std::string cause;
  double country = 0;
  double network = 0;
  std::vector<std::string> compatible;
};

struct Taxonomy {
  std::vector<Hypothesis> hypotheses;
  std::vector<SignatureRule> signatures;
  std::vector<CausePrior> priors;
};

// The scope of an outage, for priors: a country (or region) or one network.
enum class Scope { kCountry, kNetwork };

// kNetwork for "asn:..." and "prefix:...", else kCountry.
Scope ScopeOf(std::string_view entity);

// Each hypothesis's prior: its cause's prior in `scope` shared equally by the
// hypotheses of that cause; causes with no prior get the smallest one listed.
// Sums to 1 over `hypotheses` (uniform when the taxonomy has no priors).
std::vector<double> HypothesisPriors(const Taxonomy& taxonomy,
                                     const std::vector<Hypothesis>& hypotheses, Scope scope);

// Lowercased cause in the vocabulary of FORMAT.md from Radar's or free forms:
// "EARTHQUAKE" -> "natural_disaster", "POWER_OUTAGE" -> "power_outage".
std::string NormalizeCause(std::string_view cause);

// The weight of one unit of weighted support on the log-odds scale, and the
// support at which the evidence saturates: support S counts as
// kSupportCap x tanh(S / kSupportCap), so many correlated statements cannot
// move the odds by more than e^(kEvidenceWeight x kSupportCap). Calibrated on
// the development events with the seed's reading kept (docs/measurements.md).
inline constexpr double kEvidenceWeight = 2.0;
inline constexpr double kSupportCap = 6.0;

// The built-in taxonomy (embedded data files).
const Taxonomy& DefaultTaxonomy();

// Adds or replaces hypotheses, signature rules and priors from a user file. Lines:
//   id<TAB>cause<TAB>actor<TAB>stix_actor_type<TAB>label       (a hypothesis)
//   signature<TAB>name<TAB>hypothesis_id<TAB>rating<TAB>rationale  (a rule)
//   prior<TAB>cause<TAB>country<TAB>network[<TAB>compatible,...]  (a cause's prior)
// '#' starts a comment. Errors name the file and line.
[[nodiscard]] Result<Taxonomy> ExtendTaxonomy(Taxonomy base, std::string_view tsv,
                                              std::string_view name);

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
  char reliability = 'F';  // the source's Admiralty grade A..F
  std::string independence_group;
  bool precedes_incident = false;  // threats: stated before the incident began
  std::string stance;  // "asserts", "hedges", "denies", "questions"; "" = from negated/certainty
};

// A statement's stance from the older fields: denies when negated,
// questions when the sentence ends with '?', hedges below certainty 0.7,
// else asserts.
std::string DeriveStance(bool negated, double certainty, std::string_view sentence);

// One row per distinct statement: claims with the same words (compared
// without case, spacing and punctuation), type, cause, actor and stance
// merge into the first of them, whose source then lists every outlet
// ("AFP; Reuters") and whose independence group they share. Order kept.
std::vector<ClaimEvidence> MergeStatements(std::vector<ClaimEvidence> claims);

// Rates one claim against every hypothesis. Claims of other types, questions,
// or claims that bear on no hypothesis give a row of N (not diagnostic).
// `taxonomy` supplies the compatible causes a firm assertion leaves alone.
EvidenceRow RateClaim(const ClaimEvidence& claim, const std::vector<Hypothesis>& hypotheses,
                      const Taxonomy& taxonomy = DefaultTaxonomy());

// A cause a measurement source annotated on an outage window (Radar's
// outageCause): a firm statement by that source, graded `reliability`;
// kind "measurement", id "cause:<window id>".
EvidenceRow RateMeasuredCause(const OutageWindow& window, char reliability,
                              const std::vector<Hypothesis>& hypotheses,
                              const Taxonomy& taxonomy = DefaultTaxonomy());

// Rates a measurement signature ("prior_instability", ...) by the taxonomy.
EvidenceRow RateSignature(const Taxonomy& taxonomy, const std::string& signature,
                          const std::string& description,
                          const std::vector<Hypothesis>& hypotheses);

// Ranks the hypotheses by the rows, from `priors` (one per hypothesis; empty:
// uniform). Fills each row's diagnosticity, the leader (or none: the cause is
// undetermined) and the confidence.
Assessment Rank(std::string entity, std::vector<Hypothesis> hypotheses,
                std::vector<EvidenceRow> rows, std::vector<double> priors = {});

// ICD 203 term for a probability: "almost no chance" (< 5 %) ... "almost certain" (> 95 %).
std::string LikelihoodTerm(double probability);

}  // namespace corroborate::correlate
