// Vocabulary of the correlator's conclusions: incidents, claim-versus-
// measurement verdicts, and the Analysis of Competing Hypotheses (ACH).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace corroborate {

// An incident: measured windows, documents and claims about one entity that
// belong together in time.
struct Incident {
  std::int64_t id = 0;
  std::string entity;
  Instant start = 0;
  Instant end = 0;
  std::string title;
  std::vector<std::int64_t> window_ids;
  std::vector<std::int64_t> document_ids;
  std::vector<std::int64_t> claim_ids;
};

enum class Verdict { kConsistent, kPartlyConsistent, kInconsistent, kNotCheckable };

const char* VerdictName(Verdict v);  // "consistent", "partly consistent", "inconsistent", "not checkable"

// One claim checked against the measurements of its incident.
struct Alignment {
  std::int64_t claim_id = 0;
  std::int64_t window_id = 0;  // the window it was checked against, 0 if none
  Verdict verdict = Verdict::kNotCheckable;
  std::string aspect;     // "duration", "start", "end", "state", "scope", "instability"
  std::string claimed;    // what the claim says, in numbers ("34200 s", "2014-12-22T16:15Z", "all routes")
  std::string measured;   // what was measured
  double difference = 0;  // claimed - measured, in the aspect's unit (seconds, share)
  double tolerance = 0;   // allowed difference, from the claim's own precision
  std::string explanation;
};

// A candidate explanation: a cause (Radar vocabulary) and an actor.
struct Hypothesis {
  std::string id;      // "ddos_hacktivist"
  std::string cause;   // "cyberattack", "government_directed", "technical_problem", ...
  std::string actor;   // "hacktivist", "foreign_state", "own_government", "upstream_provider", "none"
  std::string label;   // "DDoS attack by hacktivists"
  std::string stix_actor_type;  // "activist", "nation-state", ...; "" for non-actor causes
};

// ACH cell ratings (Heuer; PARC ACH weights I = -1, II = -2).
enum class Rating { kNotApplicable, kVeryInconsistent, kInconsistent, kNeutral, kConsistent, kVeryConsistent };

const char* RatingCode(Rating r);  // "NA", "II", "I", "N", "C", "CC"

// One row of the ACH matrix.
struct EvidenceRow {
  std::string id;           // "claim:12", "signature:abrupt_withdrawal"
  std::string kind;         // "claim" or "measurement"
  std::string description;
  std::string source;       // who said it / which measurement
  double credibility = 1;   // L = 1/sqrt(2), M = 1, H = sqrt(2)
  double relevance = 1;     // L, M, H likewise
  std::string independence_group;  // rows sharing a group count once (syndicated copies, repeated quotes)
  std::vector<Rating> ratings;     // one per hypothesis, in the matrix's hypothesis order
  double diagnosticity = 0;        // filled by the ranking
};

struct RankedHypothesis {
  Hypothesis hypothesis;
  double inconsistency = 0;  // weighted inconsistency score (<= 0); the ranking key
  double support = 0;        // weighted consistency minus inconsistency, for likelihood
  double prior = 0;          // before the evidence (the cause's base rate, shared by its hypotheses)
  double probability = 0;    // estimate behind the ICD 203 term
  std::string likelihood;    // ICD 203 term: "almost no chance" ... "almost certain"
  int rank = 0;              // 1 = least inconsistent; ties share a rank
};

struct Assessment {
  std::string entity;
  std::vector<Hypothesis> hypotheses;
  std::vector<EvidenceRow> evidence;
  std::vector<RankedHypothesis> ranking;   // best first
  std::vector<std::string> sensitive_rows;  // evidence ids whose removal changes the leader
  // The hypothesis named as the explanation: the first of the ranking when it
  // is likely or better (> 55 %) and some statement or measurement supports
  // it; "" when the cause is undetermined.
  std::string leader;
  // When no hypothesis leads but the hypotheses of one cause that share the
  // lead are together likely or better (the cause is clear, the actor is
  // not): that cause and its probability.
  std::string leading_cause;
  double leading_cause_probability = 0;
  bool has_evidence = false;                // some row rates some hypothesis other than N
  std::string confidence;                   // "high", "moderate", "low"
  std::vector<std::string> confidence_reasons;
};

}  // namespace corroborate
