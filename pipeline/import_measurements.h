// Measurements as use cases: importing files (CSV windows, IODA, Radar, MRT
// BGP dumps) into the store, and detecting windows on stored series.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/measure.h"
#include "ingest/measure/bgp_series.h"
#include "ingest/measure/import.h"
#include "pipeline/database.h"
#include "pipeline/notice.h"

namespace corroborate::pipeline {

struct MeasurementSettings {
  ingest::MeasureFormat format = ingest::MeasureFormat::kUnknown;  // kUnknown: told per file
  std::optional<ingest::BgpTarget> target;                         // what MRT files are read for
  Instant step = 300;                                              // MRT series bin, seconds
};

// The MRT part of an import.
struct MrtImportSummary {
  std::uint64_t records = 0, malformed = 0, matched = 0;
  std::string entity;
  int peers = 0;
  std::size_t windows = 0;  // detected
};

struct MeasurementImport {
  int failed = 0;  // inputs that could not be read, told apart or parsed
  int series_added = 0, windows_added = 0, unchanged = 0, replaced = 0;
  std::optional<MrtImportSummary>
      mrt;  // when MRT files were read (some records matched or none failed)
};

// Imports `files`: each file's format is settings.format or told from its
// first bytes; CSV, IODA and Radar files are read whole (at most 1 GiB) and
// stored one by one; MRT files are read together into the target's BGP
// series, whose windows correlate::DetectSeriesWindows detects (with the
// routing evidence of each), replacing the target's earlier detected
// windows. A file that fails is an error in `notices` and the others go on.
// Fails with kInvalidArgument when MRT files come without a target, and
// when the store fails.
[[nodiscard]] Result<MeasurementImport> ImportMeasurements(store::Database& db,
                                                           const std::vector<std::string>& files,
                                                           const MeasurementSettings& settings,
                                                           Clock& clock, const NoticeSink& notices);

// Detects windows on the stored series of `entity` ("" = every entity with
// series), keeping the routing evidence an MRT import attached to the same
// window, replaces each entity's detected windows, and returns the stored
// windows of `entity` (all when "").
[[nodiscard]] Result<std::vector<OutageWindow>> DetectStoredWindows(store::Database& db,
                                                                    const std::string& entity,
                                                                    Clock& clock);

}  // namespace corroborate::pipeline
