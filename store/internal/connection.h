// Internal to store/: the one SQLite connection of a Database and the state
// kept on it, which the repositories share, and the helpers every
// repository uses to run statements on it.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/core.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/time.h"

namespace corroborate::store::internal {

class BatchInsert;
class Checkpointer;
class TokenReplay;

struct Connection {
  // Opens (creating) the file; throws SQLite::Exception. Database::Open
  // does the rest of the setup.
  explicit Connection(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  std::string path;
  SQLite::Database db;
  // The "unicode61" wrapper registered on `db` (owned by the connection),
  // or null without FTS5.
  TokenReplay* replay = nullptr;
  // Documents::InsertDocuments' state on this connection. After `db`, so
  // its statements are finalized before the connection closes.
  std::unique_ptr<BatchInsert> batch;
  // Null for in-memory databases. Last: stopped before the statements and
  // the connection go, so closing still checkpoints the WAL.
  std::unique_ptr<Checkpointer> checkpointer;
};

// Runs `f`, turning any exception (SQLiteCpp's included) into a kStore error
// "<path>: <what>: <why>".
template <class F>
auto Guard(const std::string& path, std::string_view what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kStore, fmt::format("{}: {}: {}", path, what, e.what()));
  }
}

// The writes of one repository call, all or nothing: a write transaction
// (BEGIN IMMEDIATE) of its own, or, inside a Database::Transaction, a
// savepoint of that one. Throws SQLite::Exception from the constructor and
// Commit; going without Commit rolls back and never throws.
class WriteTransaction {
 public:
  explicit WriteTransaction(SQLite::Database& db);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void Commit();

 private:
  SQLite::Database& db_;
  bool nested_;
  bool done_ = false;
};

// Resets a cached statement when the use ends, however it ends.
struct ResetOnExit {
  SQLite::Statement& stmt;
  ~ResetOnExit() { stmt.tryReset(); }
};

// Runs a statement that returns no rows, leaving it reset for the next use.
inline void ExecAndReset(SQLite::Statement& s) {
  ResetOnExit reset{s};
  s.exec();
}

// The statement in `slot`, prepared on first use.
inline SQLite::Statement& Prepare(SQLite::Database& db, std::unique_ptr<SQLite::Statement>& slot,
                                  const char* sql) {
  if (!slot) slot = std::make_unique<SQLite::Statement>(db, sql);
  return *slot;
}

// The first column of the first row of the statement in `slot` (prepared
// from `sql` on first use), or 0.
inline std::int64_t QueryInt64(SQLite::Database& db, std::unique_ptr<SQLite::Statement>& slot,
                               const char* sql) {
  SQLite::Statement& s = Prepare(db, slot, sql);
  ResetOnExit reset{s};
  return s.executeStep() ? s.getColumn(0).getInt64() : 0;
}

// Binds `v` without a copy; it must outlive the execution.
inline void BindText(SQLite::Statement& s, int i, const std::string& v) { s.bindNoCopy(i, v); }
// As BindText, NULL for an empty string.
inline void BindTextOrNull(SQLite::Statement& s, int i, const std::string& v) {
  if (v.empty()) {
    s.bind(i);
  } else {
    s.bindNoCopy(i, v);
  }
}
inline void BindInt64OrNull(SQLite::Statement& s, int i, std::optional<std::int64_t> v) {
  if (v) {
    s.bind(i, *v);
  } else {
    s.bind(i);
  }
}
inline void BindInstant(SQLite::Statement& s, int i, const std::optional<Instant>& v) {
  BindInt64OrNull(s, i, v ? std::optional<std::int64_t>(*v) : std::nullopt);
}
inline std::optional<std::int64_t> ColumnInt64OrNull(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

}  // namespace corroborate::store::internal
