// The store as the pipeline's callers see it: an opaque handle. Only
// pipeline/ includes store headers (the build enforces it: store's headers
// need a definition that only targets linking store get), so the CLI and
// other front ends open a database here and pass it to the use cases.
#pragma once

#include <memory>
#include <string>

#include "core/error.h"

namespace corroborate::store {
class Database;
}  // namespace corroborate::store

namespace corroborate::pipeline {

struct DatabaseCloser {
  void operator()(store::Database* db) const;
};
using DatabaseHandle = std::unique_ptr<store::Database, DatabaseCloser>;

// Opens (creating when missing) the database at `path` and applies its
// migrations (store::Database::Open: kStore when it is not a database,
// kUnsupported when its schema is newer than this build).
[[nodiscard]] Result<DatabaseHandle> OpenDatabase(const std::string& path);
// Opens the database at `path` as OpenDatabase does, but only when the file
// exists: for commands that only read what is stored, which must not leave
// an empty database behind. kNotFound naming the path otherwise.
[[nodiscard]] Result<DatabaseHandle> OpenExistingDatabase(const std::string& path);
// A private, empty database in memory.
[[nodiscard]] Result<DatabaseHandle> OpenInMemoryDatabase();

}  // namespace corroborate::pipeline
