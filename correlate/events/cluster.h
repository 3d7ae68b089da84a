// Incidents: measured windows, documents and claims about one entity that
// belong together in time.
//
// Critical outage windows (of at least `min_outage`) of one entity (after aliasing, e.g. asn:131279 ->
// country:KP) that overlap or lie within `merge_gap` of each other form an
// incident; warning-level outage windows and instability windows join the incident whose outage they overlap
// or precede by at most `precursor`. A claim joins the incident of its
// entity whose span (widened by the claim's own granularity) contains the
// claim's time; a claim with no time of its own is placed by its document's
// publication time. A claim placed nowhere else joins the incident of a
// network its document is about (an AS-level outage: the document names the
// AS's organisation) when its time, or its publication up to
// `claim_slack_after` after the end (the operator's root-cause statement a
// day later), falls in range. A document joins every incident one of its
// claims joined.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/assessment.h"
#include "core/measure.h"
#include "core/time.h"

namespace corroborate::correlate {

struct ClusterOptions {
  Instant merge_gap = 12 * kHour;
  Instant min_outage = 30 * kMinute;  // shorter outage windows do not make an incident of their own
  Instant precursor = 4 * kDay;      // instability up to this long before an outage belongs to it
  Instant claim_slack_after = 7 * kDay;   // undated claims: published up to a week after the end
  Instant claim_slack_before = 1 * kDay;  // ... or a day before the start (reports in progress)
  std::map<std::string, std::string> aliases;  // entity -> the entity incidents are kept under
};

struct ClaimRef {
  std::int64_t id = 0;
  std::int64_t document_id = 0;
  std::string entity;              // "" when the claim names none (document context applies)
  std::optional<Interval> when;    // the time the claim is about, if it says
  std::optional<Instant> published;  // its document's publication time
  // For claims with no entity of their own (causes, denials): an entity the
  // claim names, used when its document joined no incident, to place it by
  // publication time like an undated claim about that entity.
  std::string context_entity;
  // Networks ("asn:4804") the claim's document is about (it names their
  // organisation); see ClusterIncidents.
  std::vector<std::string> networks;
};

// Incidents in time order; ids are 1..n in that order. Windows must carry ids.
// The incidents, their spans and windows depend on the windows alone; claims
// only join them.
std::vector<Incident> ClusterIncidents(const std::vector<OutageWindow>& windows, const std::vector<ClaimRef>& claims,
                                       const ClusterOptions& options);

// The span outside of which no claim joins `incident`: a claim joins only
// when its stated time overlaps this span or, without one, its publication
// falls in it (ends included). So an analysis of a few incidents needs only
// the claims of documents published, or with a claim dated, within theirs.
Interval ClaimReach(const Incident& incident, const ClusterOptions& options);

}  // namespace corroborate::correlate
