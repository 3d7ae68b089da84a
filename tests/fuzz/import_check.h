// Checks shared by the measurement-import fuzz targets: whatever an importer
// returns must be self-consistent and within the plausible times, or the
// target aborts.
#pragma once

#include <algorithm>
#include <cstdlib>

#include "ingest/measure/import.h"

namespace corroborate::fuzz {

inline constexpr Instant kNow = 1735689600;  // 2025-01-01T00:00:00Z, the importers' "now"

inline void CheckImport(const Result<ingest::MeasureImport>& result) {
  if (!result) {
    if (result.error().message.empty()) std::abort();  // errors always say what went wrong
    return;
  }
  for (const OutageWindow& w : result->windows) {
    if (w.entity.empty() || w.end < w.start) std::abort();
    // An alert window ends one series step (300 s) after its last alert.
    if (!IsPlausibleTime(w.start, kNow) || !IsPlausibleTime(w.end - 300, kNow)) std::abort();
  }
  for (const Series& s : result->series) {
    if (s.entity.empty() || s.step <= 0) std::abort();
    if (!IsPlausibleTime(s.start, kNow)) std::abort();
    if (s.step >
        (kNow + kDay - s.start) / static_cast<Instant>(std::max<size_t>(s.values.size(), 1)))
      std::abort();
  }
}

}  // namespace corroborate::fuzz
