// Measurement vocabulary: time series of a signal about an entity, and the
// outage or instability windows imported or detected from them.
//
// Entities are written "type:code": "country:KP", "asn:131279",
// "prefix:175.45.176.0/22".
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace corroborate {

// A regularly sampled signal: values[i] is the value of bin
// [start + i*step, start + (i+1)*step). Missing values are NaN.
struct Series {
  std::string entity;
  std::string datasource;  // "bgp", "ping-slash24", "merit-nt", "bgp-prefixes", "bgp-churn", ...
  Instant start = 0;
  Instant step = 300;
  std::vector<double> values;
  std::string provenance;  // the file or URL it came from
};

inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

enum class WindowKind { kOutage, kInstability };

const char* WindowKindName(WindowKind kind);  // "outage", "instability"

// How a window's routes went, from the BGP series of MRT data
// (ingest/measure/bgp_series.h): the target's prefixes visible before the
// window, at its worst bin and after it, the prefixes lost, the peers
// carrying routes, the upstream AS before and after, and how quickly the
// routes were withdrawn.
struct RoutingEvidence {
  std::string target;
  std::int64_t peers_total = 0;
  double prefixes_visible_before = 0;
  double prefixes_visible_worst = 0;
  double prefixes_visible_after = 0;
  std::vector<std::string> prefixes_lost;
  std::int64_t peers_with_routes_before = 0;
  std::int64_t peers_with_routes_worst = 0;
  std::int64_t upstream_before = 0;  // ASN; 0: unknown
  std::int64_t upstream_after = 0;
  std::optional<Instant> withdrawal_spread_seconds;  // first to last withdrawal in the first bins
};

// What a window's measurements showed, as detection and the routing
// analysis found it; from detection to ranking as this struct, turned into
// JSON only where it is stored (store/) and printed (render/).
struct WindowEvidence {
  std::optional<double> baseline_median;      // the detector's baseline
  std::optional<double> min_value;            // outages: the lowest value in the window
  std::optional<double> peak_events_per_bin;  // instability: the highest churn
  std::optional<std::int64_t> bins;           // outages: the window's length in bins
  std::optional<Instant> step;                // the series' bin, seconds
  std::optional<RoutingEvidence> routing;     // windows over MRT data

  bool empty() const {
    return !baseline_median && !min_value && !peak_events_per_bin && !bins && !step && !routing;
  }
};

// `newer`'s fields where it has them, else `older`'s: a detection run again
// keeps the routing evidence an import attached to the same window.
[[nodiscard]] WindowEvidence MergeEvidence(const WindowEvidence& older,
                                           const WindowEvidence& newer);

// A span of time during which a signal says an entity was down (outage) or
// unstable (instability), as imported from a service or detected here.
struct OutageWindow {
  std::int64_t id = 0;
  std::string entity;
  WindowKind kind = WindowKind::kOutage;
  Instant start = 0;
  Instant end = 0;          // exclusive; equal to start when unknown
  std::string source;       // "csv", "ioda", "radar", "corroborate" (detected here)
  std::string signal;       // datasource / signal name
  std::string severity;     // "warning", "critical", or the importer's own level
  double score = 0;         // IODA-style: sum of drop % x minutes
  std::string cause;        // Radar vocabulary when known: "GOVERNMENT_DIRECTED", ...
  std::string outage_type;  // "NATIONWIDE", "REGIONAL", "NETWORK"
  std::string scope;        // free text scope from the source
  std::string description;
  std::string url;  // linked URL of the source's record
  WindowEvidence evidence;
  std::string provenance;  // file or URL the window was read from or computed on
};

}  // namespace corroborate

namespace corroborate {

// Normalizes an entity reference to "type:code": "country:kp" and "KP" ->
// "country:KP"; "AS131279", "asn:131279" -> "asn:131279";
// "175.45.176.0/22" -> "prefix:175.45.176.0/22"; "region:1234" kept.
// Returns "" for text that is none of these.
std::string NormalizeEntity(std::string_view text);

}  // namespace corroborate
