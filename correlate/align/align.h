// Each checkable claim against its incident's measured windows.
//
// The tolerance follows the claim's own precision: "9 hours and 30 minutes"
// is read as rounded to the half hour (+-15 min), "16:15 UTC" to the minute,
// "on Monday" to the day, "more than 9 hours" as a lower bound; the
// measurement's own resolution (the window's bin) is added. Verdicts:
// consistent (within tolerance), partly consistent (within three times it,
// or only part of a claimed span matches), inconsistent, not checkable (no
// measurement bears on it). Each verdict carries the numbers behind it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/assessment.h"
#include "core/claim.h"
#include "core/measure.h"

namespace corroborate::correlate {

struct CheckableClaim {
  std::int64_t id = 0;
  ClaimType type = ClaimType::kOutageState;  // outage duration, start, end, state or scope
  std::string state;  // outage_state: "down", "offline", "back", "restored", "unstable"
  std::string scope;  // outage_scope: "all_routes", "state_sites", "mobile_network", "foreign_hosted", ...
  std::optional<Interval> when;            // the time the claim is about
  std::optional<std::int64_t> duration;    // seconds
  std::string duration_mod;                // TIMEX3 mod: "", "MORE_THAN", "LESS_THAN", "APPROX", ...
  std::optional<Instant> published;        // document time, for claims with no time of their own
};

// `windows` are the incident's windows (outage and instability). Returns one
// Alignment per claim, in order.
std::vector<Alignment> AlignClaims(const std::vector<CheckableClaim>& claims, const std::vector<OutageWindow>& windows);

// Half the rounding step a stated duration implies, in seconds:
// 34200 (9 h 30 min) -> 900; 32400 (9 h) -> 1800; 34260 (9 h 31 min) -> 30.
std::int64_t DurationTolerance(std::int64_t seconds);

// A claimed state as alignment reads it: "up", "back", "restored" and
// "online" are "back"; "degraded" and "unstable" are "unstable"; others as given.
[[nodiscard]] std::string AlignmentState(const std::string& state);

}  // namespace corroborate::correlate
