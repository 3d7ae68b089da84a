// Internal to store/: the identity index, which finds the stored row a new
// document's canonical URL, GUID or content hash names.
//
// Identities are looked up by 64-bit keys (schema v7): IdentityKey of the
// value. The keys live in two tables (schema v8): identities_recent, which
// each batch adds its keys to, and identities, which they are merged into
// in key order once the recent level holds about the square root of 6,000
// times the main level's entries, so a commit does not rewrite pages all
// over a large random index. A row whose key another value holds (a
// collision), or which another program wrote without keys, is found
// through small *_unkeyed indexes on documents.
//
// A Bloom filter of the stored keys (KeyFilter), built by a batch large
// enough to repay scanning them and dropped when another connection
// commits, lets a new document skip its lookups.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "store/documents.h"
#include "store/internal/key_filter.h"

namespace corroborate::store::internal {

// The identity key of a canonical URL, GUID or content hash: XXH3-64 (seed
// 0) of its UTF-8 bytes, as a signed 64-bit integer. SQL gets it as
// corroborate_key(text) on a Database's connection.
std::int64_t IdentityKey(std::string_view value);

// Registers corroborate_key(text) (IdentityKey; NULL for NULL) on `db`, as
// every Database does on its connection. Throws std::runtime_error on failure.
void RegisterIdentityKey(sqlite3* db);

// The statements a stored row is found with: by identity key (?2) and the
// value itself (?1); among rows without a key (?1); whether there are such
// rows. Here for the tests of their query plans.
extern const std::string kCanonicalLookupSql;
extern const std::string kGuidLookupSql;
extern const std::string kContentHashLookupSql;
extern const char* const kCanonicalUnkeyedSql;
extern const char* const kGuidUnkeyedSql;
extern const char* const kContentHashUnkeyedSql;
extern const char* const kAnyUnkeyedSql;

// A new row of a batch: where it is in the input, the original it
// duplicates (0 for none) and its identity keys (nullopt: NULL, for an empty
// value or, for URL and GUID, a key another value already holds).
struct StagedRow {
  std::size_t at = 0;
  std::int64_t duplicate_of = 0;
  std::optional<std::int64_t> canonical_key, guid_key, content_key;
};

// The identity index of one connection (its statements and key filter).
// Its functions run inside the batch's write transaction and throw
// SQLite::Exception.
class IdentityIndex {
 public:
  explicit IdentityIndex(SQLite::Database& db) : db_(db) {}

  // Resolves the documents of a batch, but those `skip` marks, against the
  // stored identities and each other (the identity rules of documents.h):
  // counts each in `report` (added, unchanged, duplicates) and appends its
  // row id to report.ids (0 for a skipped one), and stages each new row in
  // `staged`, with ids from `next_id` on in input order.
  void Resolve(const std::vector<Document>& docs, const std::vector<char>& skip,
               std::int64_t next_id, InsertReport& report, std::vector<StagedRow>& staged);

  // Records the keys of the rows just inserted (read from corroborate_batch,
  // which holds `staged`) and merges the levels when due.
  void Record(const std::vector<StagedRow>& staged);

  // Times the key filter was built.
  [[nodiscard]] std::int64_t filter_builds() const { return filter_builds_; }

 private:
  struct BatchSeen;
  // The row of kind 0 (URL) or 1 (GUID) `value` names among the staged and
  // stored rows, or 0; sets `key` unless another value holds it.
  std::int64_t FindUrlOrGuid(int kind, const std::string& value, BatchSeen& seen,
                             std::optional<std::int64_t>& key);
  // The oldest original holding content hash `hash` (key `key`), or 0.
  std::int64_t FindOriginal(const std::string& hash, std::int64_t key, const BatchSeen& seen);
  void RefreshKeyFilter(std::size_t batch_docs, std::int64_t stored_docs);
  void MergeIfDue();
  // False when the key filter rules out that a row holds `key` of `kind`.
  bool MayHold(int kind, std::int64_t key) const {
    return !key_filter_ || key_filter_->MayContain(kind, key);
  }

  SQLite::Database& db_;
  // Statements reused across batches (prepared once, on first use).
  std::unique_ptr<SQLite::Statement> by_canonical_, by_guid_, by_hash_, canonical_unkeyed_,
      guid_unkeyed_, hash_unkeyed_, any_unkeyed_, record_, count_recent_, count_identities_,
      data_version_, count_all_, scan_all_;
  // Whether rows without keys exist, per kind (URL, GUID, content), as the
  // batch began.
  bool unkeyed_[3] = {false, false, false};
  // The identity keys stored, while RefreshKeyFilter keeps one; the PRAGMA
  // data_version it is good for; how many times one was built.
  std::unique_ptr<KeyFilter> key_filter_;
  std::int64_t key_filter_version_ = 0;
  std::int64_t filter_builds_ = 0;
};

}  // namespace corroborate::store::internal
