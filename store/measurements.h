// The measurements repository: series and outage/instability windows, with
// the file or URL each came from, over a Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/measure.h"
#include "store/database.h"
#include "store/visibility.h"

namespace corroborate::store {

struct SaveReport {
  int series_added = 0;
  int windows_added = 0;
  int unchanged = 0;  // series and windows already stored
  int replaced = 0;   // detected windows removed before the new ones went in
};

struct WindowFilter {
  std::optional<std::string> entity;
  std::optional<WindowKind> kind;
  std::optional<Instant> from;  // end >= from
  std::optional<Instant> to;    // start < to
};

class Measurements {
 public:
  // A view over `db`, which must outlive it.
  explicit Measurements(Database& db) : db_(db) {}

  // Stores imported series and windows in ONE transaction (nothing on
  // failure); rows already stored are left as they are.
  [[nodiscard]] Result<SaveReport> SaveImport(const std::vector<Series>& series,
                                              const std::vector<OutageWindow>& windows,
                                              Instant now);
  // Replaces the detected windows of `entity` (all kinds) with `windows`,
  // and stores `series` (the series detection ran on), in one transaction.
  [[nodiscard]] Result<SaveReport> SaveDetected(const std::string& entity,
                                                const std::vector<Series>& series,
                                                const std::vector<OutageWindow>& windows,
                                                Instant now);
  [[nodiscard]] Result<std::vector<OutageWindow>> ListWindows(const WindowFilter& filter = {});
  // Series of `entity` ("" = all), values included.
  [[nodiscard]] Result<std::vector<Series>> ListSeries(const std::string& entity = "");
  // Distinct entities with windows or series.
  [[nodiscard]] Result<std::vector<std::string>> Entities();

 private:
  Database& db_;
};

}  // namespace corroborate::store
