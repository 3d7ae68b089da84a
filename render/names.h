// Names in words for the renderers: countries, entities, actors, hypotheses,
// claim types and the people and outlets a claim came from. Country names
// come from the extractor's country gazetteer (first name of each row),
// embedded in the binary as data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/assessment.h"
#include "core/measure.h"

namespace corroborate::render {

struct ClaimView;

// "North Korea" for "KP" (any case); "" for a code the table does not hold.
std::string CountryName(std::string_view iso2);

// "North Korea" for "country:KP", "AS131279" for "asn:131279",
// "175.45.176.0/22" for "prefix:175.45.176.0/22", "region 1234" for
// "region:1234"; the text itself for anything else.
std::string EntityName(std::string_view entity);

// The incident's entity in words, with the autonomous systems of its
// measured windows in brackets when they differ from it:
// "North Korea (AS131279)".
std::string IncidentName(const Incident& incident, const std::vector<OutageWindow>& windows);

// The hypothesis label with a country code suffix in words:
// "Cyberattack by a foreign state (US)" -> "... (United States)".
std::string HypothesisLabel(const Hypothesis& h);

// A column heading in words: the label without its bracketed detail
// ("Technical failure" for "Technical failure (equipment, configuration,
// routing)"), the country of an instantiated hypothesis kept.
std::string HypothesisHeading(const Hypothesis& h);

// The actor of an actor hypothesis in words: "Hacktivists or a hacker group",
// "Government of the United States", "Government of North Korea" (own
// government of the incident's country).
std::string ActorName(const Hypothesis& h, std::string_view incident_entity);

// "Outage start reported" for "outage_start"; claim types the table does not
// know become their words ("foo_bar" -> "Foo bar").
std::string ClaimTypeName(std::string_view type);

// Who said it, each name once: "Dana Whitcombe (head of routing research,
// Meridian) via Ledger Wire"; "Ledger Wire" when speaker, channel and outlet
// are all Ledger Wire; "unattributed" when no name is known.
std::string SourceName(const ClaimView& c);

// `s` with whitespace collapsed, cut to at most `n` bytes at a UTF-8
// boundary with "..." added when it was longer.
std::string Clip(std::string_view s, size_t n);

// "22 Dec 2014 16:15 UTC"; "22 Dec 2014" with date_only.
std::string HumanTime(Instant t, bool date_only = false);

// "22 Dec 2014 16:15 to 23 Dec 2014 01:46 UTC" (the date once when both
// ends fall on the same day: "22 Dec 2014 16:15 to 18:00 UTC").
std::string HumanSpan(Instant start, Instant end);

}  // namespace corroborate::render
