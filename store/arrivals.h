// The arrivals log: every claim and window in the order it was inserted,
// numbered by a sequence that never reuses a number, over a Database. A
// watch loop remembers the last number it saw and asks for what came after,
// so that it re-analyses only the incidents that got new data. Rows stored
// before schema v11 are not in the log; a row deleted since it arrived is
// left out of what Since returns.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.h"
#include "store/database.h"
#include "store/visibility.h"

namespace corroborate::store {

struct ArrivedRows {
  std::vector<std::int64_t> claim_ids;   // ascending, still stored
  std::vector<std::int64_t> window_ids;  // ascending, still stored
  std::int64_t last = 0;  // the latest arrival's number (deleted rows too), or the mark asked
};

class Arrivals {
 public:
  // A view over `db`, which must outlive it.
  explicit Arrivals(Database& db) : db_(db) {}

  // The number of the latest arrival, 0 when none.
  [[nodiscard]] Result<std::int64_t> Latest();
  // The claims and windows that arrived after `mark` and are still stored.
  [[nodiscard]] Result<ArrivedRows> Since(std::int64_t mark);

 private:
  Database& db_;
};

}  // namespace corroborate::store
