// What the tests of store/internal/ read of a database file through their
// own SQLite connections.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>

#include "store/internal/migrations.h"

namespace corroborate::store::internal {

// Whether the schema has a trigger named `name`.
inline bool TriggerExists(SQLite::Database& db, const std::string& name) {
  SQLite::Statement s(db, "SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?1");
  s.bind(1, name);
  return s.executeStep();
}

// Runs FTS5's integrity check of documents_fts against the documents table;
// throws when the index differs from what the tokenizer makes of the rows.
// For an external-content index `rank` 1 is what asks for the comparison
// with the content; without it the index is only checked against itself.
inline void CheckFtsAgainstContent(SQLite::Database& db) {
  db.exec("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)");
}

// Reads FTS5's stored configuration value `key` (empty when not set).
inline std::string FtsConfig(SQLite::Database& db, const std::string& key) {
  SQLite::Statement s(db, "SELECT v FROM documents_fts_config WHERE k = ?1");
  s.bind(1, key);
  return s.executeStep() ? s.getColumn(0).getString() : "";
}

// Gives `db` the schema of `version` (its first migrations), as an older
// corroborate left it.
inline void MakeSchema(SQLite::Database& db, int version) {
  for (int v = 0; v < version; ++v) db.exec(std::string(Migrations()[static_cast<size_t>(v)]));
  db.exec("PRAGMA user_version = " + std::to_string(version));
}

inline std::optional<std::int64_t> KeyColumn(SQLite::Database& db, const std::string& column,
                                             std::int64_t id) {
  SQLite::Statement s(db, "SELECT " + column + " FROM documents WHERE id = ?1");
  s.bind(1, id);
  if (!s.executeStep() || s.getColumn(0).isNull()) return std::nullopt;
  return s.getColumn(0).getInt64();
}

// Entries for (kind, key) in both levels of the identity tables, as
// "document_id,..." in id order.
inline std::string IdentityEntries(SQLite::Database& db, int kind, std::int64_t key) {
  SQLite::Statement s(db,
                      "SELECT group_concat(document_id) FROM (SELECT document_id FROM identities "
                      "WHERE kind = ?1 AND key = ?2 UNION ALL SELECT document_id FROM "
                      "identities_recent WHERE kind = ?1 AND key = ?2 ORDER BY 1)");
  s.bind(1, kind);
  s.bind(2, key);
  return s.executeStep() ? s.getColumn(0).getString() : "";
}

}  // namespace corroborate::store::internal
