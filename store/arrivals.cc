#include "store/arrivals.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>

#include "store/internal/connection.h"

namespace corroborate::store {

Result<std::int64_t> Arrivals::Latest() {
  internal::Connection& c = db_.connection();
  return internal::Guard(c.path, "reading arrivals", [&]() -> Result<std::int64_t> {
    return c.db.execAndGet("SELECT coalesce(max(seq), 0) FROM arrivals").getInt64();
  });
}

Result<ArrivedRows> Arrivals::Since(std::int64_t mark) {
  internal::Connection& c = db_.connection();
  return internal::Guard(c.path, "reading arrivals", [&]() -> Result<ArrivedRows> {
    SQLite::Statement q(
        c.db,
        "SELECT a.seq, a.kind, a.row_id, CASE a.kind WHEN 'claim' THEN EXISTS (SELECT 1 FROM "
        "claims WHERE id = a.row_id) ELSE EXISTS (SELECT 1 FROM windows WHERE id = a.row_id) END "
        "FROM arrivals a WHERE a.seq > ?1 ORDER BY a.seq");
    q.bind(1, static_cast<std::int64_t>(mark));
    ArrivedRows out;
    out.last = mark;
    while (q.executeStep()) {
      out.last = std::max(out.last, q.getColumn(0).getInt64());
      if (q.getColumn(3).getInt() == 0) continue;
      (q.getColumn(1).getString() == "claim" ? out.claim_ids : out.window_ids)
          .push_back(q.getColumn(2).getInt64());
    }
    for (auto* ids : {&out.claim_ids, &out.window_ids}) {
      std::sort(ids->begin(), ids->end());
      ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
    }
    return out;
  });
}

}  // namespace corroborate::store
