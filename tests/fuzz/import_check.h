// Checks shared by the measurement-import fuzz targets: whatever an importer
// returns must be self-consistent, or the target aborts.
#pragma once

#include <cstdlib>

#include "ingest/measure/import.h"

namespace corroborate::fuzz {

inline void CheckImport(const Result<ingest::MeasureImport>& result) {
  if (!result) {
    if (result.error().message.empty()) std::abort();  // errors always say what went wrong
    return;
  }
  for (const OutageWindow& w : result->windows) {
    if (w.entity.empty() || w.end < w.start) std::abort();
  }
  for (const Series& s : result->series) {
    if (s.entity.empty() || s.step <= 0) std::abort();
  }
}

}  // namespace corroborate::fuzz
