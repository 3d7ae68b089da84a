#include "store/internal/connection.h"

#include <sqlite3.h>

#include "store/internal/batch_insert.h"
#include "store/internal/checkpointer.h"

namespace corroborate::store::internal {

Connection::Connection(const std::string& p)
    : path(p), db(p, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX) {}

Connection::~Connection() = default;

WriteTransaction::WriteTransaction(SQLite::Database& db)
    : db_(db), nested_(sqlite3_get_autocommit(db.getHandle()) == 0) {
  db_.exec(nested_ ? "SAVEPOINT corroborate_write" : "BEGIN IMMEDIATE");
}

WriteTransaction::~WriteTransaction() {
  if (done_) return;
  if (nested_) {
    db_.tryExec("ROLLBACK TO corroborate_write");
    db_.tryExec("RELEASE corroborate_write");
  } else {
    db_.tryExec("ROLLBACK");
  }
}

void WriteTransaction::Commit() {
  db_.exec(nested_ ? "RELEASE corroborate_write" : "COMMIT");
  done_ = true;
}

}  // namespace corroborate::store::internal
