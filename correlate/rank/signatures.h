// What the measurements of an incident say about its cause, as the named
// signatures of data/signatures.tsv that RateSignature rates: instability
// before the outage (or its absence), how the routes went (all at once,
// partly), which upstream they came back through, how long it lasted, and
// whether the entity had another outage within a week.
#pragma once

#include <string>
#include <vector>

#include "core/assessment.h"
#include "core/claim.h"
#include "core/measure.h"

namespace corroborate::correlate {

struct SignatureObservation {
  std::string signature;    // a name of signatures.tsv, e.g. "abrupt_full_withdrawal"
  std::string description;  // what was measured, in words
};

// The signatures of `incident` from its `windows`; `incidents` are all the
// incidents, for repeated outages of the same entity. The main window is the
// longest outage detected here (source "corroborate"), else the longest of
// another source.
[[nodiscard]] std::vector<SignatureObservation> MeasurementSignatures(
    const std::vector<OutageWindow>& windows, const std::vector<Incident>& incidents,
    const Incident& incident);

// Which claims count once together: one speaker counts once however often
// quoted; an unattributed claim once per original document (`document_id`,
// the original of a syndicated copy) and proposition.
[[nodiscard]] std::string IndependenceGroup(const Claim& claim, std::int64_t document_id);

}  // namespace corroborate::correlate
