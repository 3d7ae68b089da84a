#include "pipeline/database.h"

#include "store/database.h"

namespace corroborate::pipeline {

void DatabaseCloser::operator()(store::Database* db) const { delete db; }

namespace {

Result<DatabaseHandle> Handle(Result<std::unique_ptr<store::Database>> db) {
  if (!db) return std::unexpected(db.error());
  return DatabaseHandle(db->release());
}

}  // namespace

Result<DatabaseHandle> OpenDatabase(const std::string& path) {
  return Handle(store::Database::Open(path));
}

Result<DatabaseHandle> OpenInMemoryDatabase() { return Handle(store::Database::OpenInMemory()); }

}  // namespace corroborate::pipeline
