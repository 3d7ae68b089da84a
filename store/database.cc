#include "store/database.h"

#include <fmt/core.h>
#include <sqlite3.h>

#include <exception>
#include <utility>

#include "store/internal/batch_insert.h"
#include "store/internal/checkpointer.h"
#include "store/internal/connection.h"
#include "store/internal/identity_index.h"
#include "store/internal/migrations.h"
#include "store/internal/testing.h"
#include "store/internal/token_replay.h"

namespace corroborate::store {
namespace {

using internal::Connection;
using internal::Guard;

// The connection's settings, and what it registers, before any statement
// touches the schema. `fresh`: the file is new (user_version 0).
// Returns whether the database is in WAL mode.
bool Configure(Connection& c, bool fresh) {
  SQLite::Database& db = c.db;
  // Page size only takes effect on a new, empty file (before WAL is on):
  // 16 KiB pages suit rows of a few KB and the FTS5 segments.
  if (fresh) db.exec("PRAGMA page_size = 16384");
  const bool wal = db.execAndGet("PRAGMA journal_mode = WAL").getString() == "wal";
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA temp_store = MEMORY");
  db.exec("PRAGMA cache_size = -65536");  // 64 MiB
  // Debian builds SQLite with secure_delete on (upstream's default is
  // off): every page FTS5's segment merges free is zeroed and written to
  // the WAL again, and every page a B-tree takes is zeroed in full. The
  // store holds fetched public texts and never deletes documents (only
  // sources, extractions and detected windows, which are re-derived), so
  // nothing asks for that. Measured with bench_store: 5% less CPU and 3%
  // fewer bytes written per run.
  db.exec("PRAGMA secure_delete = OFF");
  internal::RegisterIdentityKey(db.getHandle());  // schema v7 computes keys of existing rows
  // Before any statement connects documents_fts, so that its tokenizer is
  // the wrapper.
  c.replay = internal::TokenReplay::Register(db.getHandle());
  return wal;
}

// Applies the migrations from `version` on, each in its own transaction.
void Migrate(SQLite::Database& db, int version) {
  const auto migrations = internal::Migrations();
  for (int v = version; v < SchemaVersion(); ++v) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Another process may have migrated while we waited for the lock.
    if (db.execAndGet("PRAGMA user_version").getInt() > v) continue;
    db.exec(std::string(migrations[static_cast<size_t>(v)]));
    db.exec(fmt::format("PRAGMA user_version = {}", v + 1));
    tx.commit();
  }
}

}  // namespace

int SchemaVersion() { return static_cast<int>(internal::Migrations().size()); }

Database::Database(std::unique_ptr<Connection> connection) : connection_(std::move(connection)) {}
Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  std::unique_ptr<Connection> c;
  try {
    c = std::make_unique<Connection>(path);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kStore, fmt::format("{}: cannot open database: {}", path, e.what()));
  }
  int version = 0;
  try {
    c->db.setBusyTimeout(5000);
    // The first read of the header: a file that is not a database fails here.
    version = c->db.execAndGet("PRAGMA user_version").getInt();
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_NOTADB) {
      return Fail(ErrorCode::kStore, fmt::format("{}: not a SQLite database", path));
    }
    return Fail(ErrorCode::kStore, fmt::format("{}: cannot open database: {}", path, e.what()));
  }
  const int known = SchemaVersion();
  if (version > known) {
    return Fail(ErrorCode::kUnsupported,
                fmt::format("{}: database schema version {} is newer than this corroborate "
                            "understands ({}); use a newer corroborate",
                            path, version, known));
  }
  Status setup = Guard(path, "setting up", [&]() -> Status {
    const bool wal = Configure(*c, version == 0);
    Migrate(c->db, version);
    c->batch = std::make_unique<internal::BatchInsert>(c->db, c->path, c->replay);
    if (wal) c->checkpointer = std::make_unique<internal::Checkpointer>(c->db.getHandle(), path);
    return {};
  });
  if (!setup) return std::unexpected(setup.error());
  return std::unique_ptr<Database>(new Database(std::move(c)));
}

Result<std::unique_ptr<Database>> Database::OpenInMemory() { return Open(":memory:"); }

const std::string& Database::path() const { return connection_->path; }

Result<int> Database::UserVersion() {
  return Guard(connection_->path, "reading schema version", [&]() -> Result<int> {
    return connection_->db.execAndGet("PRAGMA user_version").getInt();
  });
}

Result<Database::Transaction> Database::Begin() {
  Connection& c = *connection_;
  if (sqlite3_get_autocommit(c.db.getHandle()) == 0) {
    return Fail(ErrorCode::kStore,
                fmt::format("{}: beginning a transaction: one is already open", c.path));
  }
  Status begun = Guard(c.path, "beginning a transaction", [&]() -> Status {
    c.db.exec("BEGIN IMMEDIATE");
    return {};
  });
  if (!begun) return std::unexpected(begun.error());
  return Transaction(&c);
}

Database::Transaction::Transaction(Transaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

Database::Transaction::~Transaction() {
  if (connection_ != nullptr) connection_->db.tryExec("ROLLBACK");
}

Status Database::Transaction::Commit() {
  if (connection_ == nullptr) {
    return Fail(ErrorCode::kStore, "committing a transaction: it is no longer open");
  }
  Connection& c = *connection_;
  Status committed = Guard(c.path, "committing", [&]() -> Status {
    c.db.exec("COMMIT");
    return {};
  });
  if (committed) connection_ = nullptr;
  return committed;
}

namespace internal {

CheckpointCounts Checkpoints(Database& db) {
  const Connection& c = db.connection();
  if (!c.checkpointer) return {};
  return {.helper = c.checkpointer->helper_runs(), .writer = c.checkpointer->writer_runs()};
}

std::int64_t KeyFilterBuilds(Database& db) { return db.connection().batch->key_filter_builds(); }

TokenCounts Tokenizing(Database& db) {
  const Connection& c = db.connection();
  if (!c.replay) return {};
  return {c.replay->replayed(), c.replay->tokenized()};
}

}  // namespace internal
}  // namespace corroborate::store
