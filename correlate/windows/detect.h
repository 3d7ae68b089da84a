// Outage and instability windows detected from measured series.
//
// Outages follow IODA's method: each bin's value is compared with the median
// of a sliding history window before it; below `warning_fraction` of that
// median is a warning, below `critical_fraction` critical. Consecutive
// non-normal bins form one window whose score is the sum over its bins of
// drop % x minutes. Instability windows come from a churn series
// (announcements + withdrawals + path changes per bin): bins whose churn is
// far above the median of their own history window, merged across short gaps.
#pragma once

#include <vector>

#include "core/measure.h"

namespace corroborate::correlate {

struct OutageDetectOptions {
  Instant history = 24 * kHour;     // BGP: 24 h; active probing / telescope: 7 days
  double warning_fraction = 0.99;   // BGP 0.99, probing 0.80, telescope 0.25
  double critical_fraction = 0.50;  // BGP 0.50, probing 0.50, telescope 0.10
  int min_history_bins = 6;         // fewer known bins before t: no verdict for t
};

// Defaults for an IODA datasource name ("bgp", "ping-slash24", "merit-nt",
// "ucsd-nt"; anything else gets the BGP values).
OutageDetectOptions OutageOptionsFor(std::string_view datasource);

// Returns the outage windows of `series` (entity, signal, provenance copied
// from it; source "corroborate"; evidence: the baseline median, the lowest
// value seen, the bins and the step). Empty series: no windows.
std::vector<OutageWindow> DetectOutages(const Series& series, const OutageDetectOptions& options);

struct InstabilityDetectOptions {
  Instant history = 7 * kDay;   // baseline window
  double factor = 5.0;          // churn above factor x baseline median ...
  double min_events = 10;       // ... and above this many events per bin
  Instant merge_gap = 2 * kHour;  // unstable bins this close together form one window
  Instant min_length = 30 * kMinute;
};

// Returns instability windows of a churn series.
std::vector<OutageWindow> DetectInstability(const Series& churn, const InstabilityDetectOptions& options);

// Which detector runs on which series, for the series of one or more
// entities: outage detection on each series with its datasource's
// thresholds (OutageOptionsFor), except the BGP series other than
// bgp-prefixes (bgp-slash24 is the same signal in /24s; the event counts are
// not visibility); then instability detection on each bgp-churn series with
// the bins where a critical outage of its entity begins or ends left out
// (the mass withdrawal and the return are the outage itself). Outage windows
// first, in series order, then instability windows.
std::vector<OutageWindow> DetectSeriesWindows(const std::vector<Series>& series);

}  // namespace corroborate::correlate
