// The store's database: one SQLite connection (WAL mode) that the
// repositories (Sources, Documents, Measurements, Extractions) share.
//
// Open creates the file when missing, applies the pending schema migrations
// once, and sets the connection up (pragmas, the tokenizer wrapper of the
// full-text index, the WAL checkpointer). A repository is a light view over
// a Database: make one where it is needed, e.g. `store::Documents(db)`.
//
// Every function returns Result/Status; no SQLite exception leaves store/.
// Times are UTC Instants; "now" is always a parameter, never read inside.
//
// Threads: a Database, and the repositories over it, are used by one thread
// at a time (the connection is opened without SQLite's mutex). The worker
// threads of Documents::InsertDocuments and the checkpointer's thread are
// internal. Several Databases, in threads or processes, may open the same
// file: WAL lets one writer and many readers coexist.
#pragma once

#include <memory>
#include <string>

#include "core/error.h"
#include "store/visibility.h"

namespace corroborate::store {

namespace internal {
struct Connection;
}

// The schema version this build creates and understands (number of migrations).
int SchemaVersion();

class Database {
 public:
  // Opens (creating when missing) the database at `path`, switches it to WAL,
  // turns foreign keys on, sets a busy timeout and applies the pending
  // migrations, each in its own transaction. ":memory:" gives a private
  // in-memory database. Fails (kStore) naming `path` when it is not a SQLite
  // database, and (kUnsupported) when its schema is newer than this build.
  [[nodiscard]] static Result<std::unique_ptr<Database>> Open(const std::string& path);
  // A private, empty database in memory, gone when closed.
  [[nodiscard]] static Result<std::unique_ptr<Database>> OpenInMemory();

  // Closes the connection, which checkpoints the write-ahead log.
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& path() const;
  // PRAGMA user_version of the open database.
  [[nodiscard]] Result<int> UserVersion();

  // One write transaction over every repository of this Database: what the
  // repositories write while it is open is committed together by Commit,
  // or rolled back when the Transaction goes without a Commit. Each
  // repository call stays atomic on its own (a failed call leaves nothing,
  // and the transaction goes on). While it is open, other connections
  // cannot write the database.
  class Transaction {
   public:
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    // Commits; kStore naming the database on failure, after which the
    // transaction is rolled back when it goes.
    [[nodiscard]] Status Commit();

   private:
    friend class Database;
    explicit Transaction(internal::Connection* connection) : connection_(connection) {}
    internal::Connection* connection_;  // null once committed or moved from
  };
  // Begins a Transaction; it must go before the Database. kStore when one is
  // already open on this Database or the database is locked.
  [[nodiscard]] Result<Transaction> Begin();

  // For the repositories (store/internal/connection.h).
  internal::Connection& connection() { return *connection_; }

 private:
  explicit Database(std::unique_ptr<internal::Connection> connection);
  std::unique_ptr<internal::Connection> connection_;
};

}  // namespace corroborate::store
