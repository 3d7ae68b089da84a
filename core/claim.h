// Claims found in news text and posts: what was asserted about an outage,
// by whom, relayed through whom, how certainly, and which entities it names.
//
// Plain values produced by correlate/extract (ExtractClaims) and consumed by
// align/rank and the store. Offsets are bytes into the document text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace corroborate {

enum class EntityKind { kCountry, kAsn, kPrefix, kOrganisation, kPerson };

const char* EntityKindName(EntityKind kind);  // "country", "asn", "prefix", "organisation", "person"
std::optional<EntityKind> EntityKindFromName(std::string_view name);

// An entity named in the text. `id` is normalized: "country:KP",
// "asn:131279", "prefix:175.45.176.0/22", "org:dyn-research", "person:doug-madory".
struct Mention {
  EntityKind kind = EntityKind::kCountry;
  std::string id;
  std::string text;       // as written
  std::size_t begin = 0;  // byte offsets, [begin, end)
  std::size_t end = 0;
};

// Who made a claim, and through whom the document relays it
// ("X said, according to ABC News": speaker X, via {"ABC News"}).
struct Attribution {
  std::string speaker;       // "Doug Madory", "a Twitter handle", "North Korea"
  std::string role;          // "Director of Internet analysis", "president"
  std::string organisation;  // "Dyn Research"
  std::string represents;    // the group the speaker claims to speak for ("Anonymous")
  std::vector<std::string> via;  // relay chain, nearest first; the document's outlet last
  // Where the text names the source and the cue that marks the attribution
  // ("the minister" ... "said"): byte offsets, [begin, end); begin == end
  // when the text has none (a source resolved from an earlier sentence).
  std::size_t source_begin = 0, source_end = 0;
  std::size_t cue_begin = 0, cue_end = 0;
};

enum class ClaimType {
  kOutageState,        // the network is down / offline / back
  kOutageStart,        // it went down (at some time)
  kOutageEnd,          // it came back / was restored / resumed
  kOutageDuration,     // it was down for a stated length
  kOutageScope,        // what was affected: all routes, state sites, mobile network, ...
  kCauseAssertion,     // what caused it (a hypothesis) and who did it
  kDenial,             // someone denies involvement
  kThreat,             // a threat, vow or announced operation
  kMeasurementReport,  // a monitoring firm's observation
};

const char* ClaimTypeName(ClaimType type);  // "outage_state", "cause_assertion", ...
std::optional<ClaimType> ClaimTypeFromName(std::string_view name);

// ICD 203 estimative label for a probability in [0, 1]: "almost no chance",
// "very unlikely", "unlikely", "roughly even chance", "likely", "very likely",
// "almost certain".
const char* CertaintyLabel(double certainty);

// How a statement holds its proposition (../shared/corpora/events/FORMAT.md):
// stated as fact or firm judgement, hedged (possible, likely, suspected),
// denied (ruled out, "not a cable cut"), or asked ("was it an attack?").
enum class Stance { kAsserts, kHedges, kDenies, kQuestions };

const char* StanceName(Stance stance);  // "asserts", "hedges", "denies", "questions"
std::optional<Stance> StanceFromName(std::string_view name);

struct Claim {
  ClaimType type = ClaimType::kOutageState;
  // The sentence the claim was read from.
  std::size_t sentence_begin = 0;
  std::size_t sentence_end = 0;
  std::string sentence;
  // Direct quotation: the quoted words (the whole quote span the claim sits in).
  bool direct_quote = false;
  std::string quote;
  Attribution attribution;

  std::string subject;  // entity id the claim is about ("country:KP"), "" unknown
  std::string state;    // outage_state/start/end: "down", "up", "degraded"
  std::string scope;    // outage_scope: "all_routes", "state_sites", "mobile_network", "foreign_hosted_sites", ...
  std::string cause;    // cause_assertion: Radar-like cause ("cyberattack", "government_directed", ...)
  std::string actor;    // "hacktivist", "hacker", "foreign_state:US", "own_government", ...

  // When the claimed fact holds (from the sentence's timexes, else the DCT day).
  std::optional<Interval> time;
  std::string time_text;  // the timex words, "" when defaulted
  // outage_duration: the stated length.
  std::optional<std::int64_t> duration_seconds;
  std::string duration_mod;  // TIMEX3 mod: "MORE_THAN", "LESS_THAN", "APPROX", ""
  std::string duration_text;

  double certainty = 0.0;  // 0..1, probability the speaker gives the proposition
  std::string certainty_label;
  bool negated = false;           // the proposition is stated negated ("was not down")
  Stance stance = Stance::kAsserts;  // decided at the clause the claim sits in
  // False when the statement is about another outage (an earlier one,
  // another country's or network's) or is a definition or generality ("a
  // DDoS attack is an attempt to ..."): not evidence for the incident its
  // document reports. Ranking skips such claims.
  bool about_this_event = true;
  std::vector<std::string> cues;  // trigger, hedge, booster and negation words that fired
  std::vector<Mention> mentions;  // entities in the sentence (and the speaker)
};

}  // namespace corroborate
