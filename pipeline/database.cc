#include "pipeline/database.h"

#include <sys/stat.h>

#include <cerrno>

#include "core/file.h"
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

Result<DatabaseHandle> OpenExistingDatabase(const std::string& path) {
  struct stat info;
  if (path != ":memory:" && ::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) {
      return Fail(ErrorCode::kNotFound,
                  path +
                      ": no such database (store something first: ingest, fetch, measure "
                      "import, sources add; or name another with --db)");
    }
    return Fail(ErrorCode::kStore, path + ": cannot open database: " + SystemErrorText(errno));
  }
  return OpenDatabase(path);
}

Result<DatabaseHandle> OpenInMemoryDatabase() { return Handle(store::Database::OpenInMemory()); }

}  // namespace corroborate::pipeline
