#include "store/internal/identity_index.h"

#include <fmt/core.h>
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "store/internal/connection.h"

namespace corroborate::store::internal {
namespace {

// `select` run over each level of the identity tables, recent first ("{}"
// in it names the table), as one UNION ALL.
std::string OverBothLevels(std::string_view select) {
  return fmt::format(fmt::runtime(select), "identities_recent") + " UNION ALL " +
         fmt::format(fmt::runtime(select), "identities");
}

// The new rows' keys go to identities_recent: URL, GUID, and the content key
// of originals.
const char* const kRecordIdentitiesSql =
    "INSERT INTO identities_recent (kind, key, document_id) "
    "SELECT 0, canonical_key, id FROM corroborate_batch WHERE canonical_key IS NOT NULL "
    "UNION ALL SELECT 1, guid_key, id FROM corroborate_batch WHERE guid_key IS NOT NULL "
    "UNION ALL SELECT 2, content_key, id FROM corroborate_batch "
    "WHERE content_key IS NOT NULL AND duplicate_of IS NULL";

// Id of the row the first statement column names, or 0; ?1 is `value`
// and ?2, when given, its identity key.
std::int64_t LookupId(SQLite::Statement& s, const std::string& value,
                      std::optional<std::int64_t> key = std::nullopt) {
  ResetOnExit reset{s};
  s.bindNoCopy(1, value);
  if (key) s.bind(2, *key);
  return s.executeStep() ? s.getColumn(0).getInt64() : 0;
}

// The row a URL or GUID `value` identifies, by its key (kCanonicalLookupSql
// or kGuidLookupSql), and whether the key is taken by another value.
struct Keyed {
  std::int64_t id = 0;
  bool key_taken = false;
};
Keyed LookupKeyed(SQLite::Statement& s, const std::string& value, std::int64_t key) {
  ResetOnExit reset{s};
  s.bindNoCopy(1, value);
  s.bind(2, key);
  if (!s.executeStep()) return {};
  if (s.getColumn(1).getInt() != 0) return {s.getColumn(0).getInt64(), false};
  return {0, true};
}

}  // namespace

std::int64_t IdentityKey(std::string_view value) {
  return std::bit_cast<std::int64_t>(XXH3_64bits(value.data(), value.size()));
}

void RegisterIdentityKey(sqlite3* db) {
  auto fn = [](sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
      sqlite3_result_null(ctx);
      return;
    }
    const unsigned char* text = sqlite3_value_text(argv[0]);
    if (text == nullptr) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
    const auto bytes = static_cast<size_t>(sqlite3_value_bytes(argv[0]));
    sqlite3_result_int64(ctx, IdentityKey({reinterpret_cast<const char*>(text), bytes}));
  };
  if (sqlite3_create_function_v2(db, "corroborate_key", 1,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr, fn,
                                 nullptr, nullptr, nullptr) != SQLITE_OK) {
    throw std::runtime_error(sqlite3_errmsg(db));
  }
}

// Lookups by identity key (schema v8: identities and identities_recent).
// For URL and GUID a key names at most one row: the statement gives the row
// holding key ?2 and whether its value is ?1 (if not, the key is taken by
// another value). For a content hash, the oldest original (not itself a
// duplicate) with hash ?1.
const std::string kCanonicalLookupSql = OverBothLevels(
    "SELECT d.id, d.canonical_url = ?1 FROM {} i JOIN documents d ON d.id = i.document_id "
    "WHERE i.kind = 0 AND i.key = ?2");
const std::string kGuidLookupSql = OverBothLevels(
    "SELECT d.id, d.guid = ?1 FROM {} i JOIN documents d ON d.id = i.document_id "
    "WHERE i.kind = 1 AND i.key = ?2");
const std::string kContentHashLookupSql =
    "SELECT min(id) FROM (" +
    OverBothLevels(
        "SELECT d.id FROM {} i JOIN documents d ON d.id = i.document_id "
        "WHERE i.kind = 2 AND i.key = ?2 AND d.content_hash = ?1 "
        "AND d.duplicate_of IS NULL") +
    ")";

// The same lookups among rows without a key (a colliding value, or a row
// another program wrote), through the *_unkeyed indexes; run only when
// kAnyUnkeyedSql finds such rows, which it does through the same indexes.
const char* const kCanonicalUnkeyedSql =
    "SELECT id FROM documents WHERE canonical_key IS NULL AND canonical_url = ?1";
const char* const kGuidUnkeyedSql = "SELECT id FROM documents WHERE guid_key IS NULL AND guid = ?1";
const char* const kContentHashUnkeyedSql =
    "SELECT id FROM documents WHERE content_key IS NULL AND content_hash = ?1 "
    "AND content_hash <> '' AND duplicate_of IS NULL ORDER BY id LIMIT 1";
const char* const kAnyUnkeyedSql =
    "SELECT EXISTS (SELECT 1 FROM documents WHERE canonical_key IS NULL "
    "AND canonical_url IS NOT NULL), "
    "EXISTS (SELECT 1 FROM documents WHERE guid_key IS NULL AND guid IS NOT NULL), "
    "EXISTS (SELECT 1 FROM documents WHERE content_key IS NULL AND content_hash <> '')";

// Identities (by kind: URL, GUID, content hash) of the rows staged so far
// in one batch, and the URL and GUID keys they hold.
struct IdentityIndex::BatchSeen {
  explicit BatchSeen(std::size_t n) {
    for (auto& map : ids) map.reserve(n);
    for (auto& set : keys) set.reserve(n);
  }
  std::int64_t Find(int kind, std::string_view value) const {
    auto it = ids[kind].find(value);
    return it == ids[kind].end() ? 0 : it->second;
  }
  std::unordered_map<std::string_view, std::int64_t> ids[3];
  std::unordered_set<std::int64_t> keys[2];
};

std::int64_t IdentityIndex::FindUrlOrGuid(int kind, const std::string& value, BatchSeen& seen,
                                          std::optional<std::int64_t>& key) {
  if (std::int64_t id = seen.Find(kind, value)) return id;
  const std::int64_t k = IdentityKey(value);
  SQLite::Statement& keyed = kind == 0 ? Prepare(db_, by_canonical_, kCanonicalLookupSql.c_str())
                                       : Prepare(db_, by_guid_, kGuidLookupSql.c_str());
  const Keyed found = MayHold(kind, k) ? LookupKeyed(keyed, value, k) : Keyed{};
  if (found.id) return found.id;
  if (unkeyed_[kind]) {
    SQLite::Statement& s = kind == 0 ? Prepare(db_, canonical_unkeyed_, kCanonicalUnkeyedSql)
                                     : Prepare(db_, guid_unkeyed_, kGuidUnkeyedSql);
    if (std::int64_t id = LookupId(s, value)) return id;
  }
  if (!found.key_taken && !seen.keys[kind].contains(k)) key = k;
  return 0;
}

std::int64_t IdentityIndex::FindOriginal(const std::string& hash, std::int64_t key,
                                         const BatchSeen& seen) {
  std::int64_t original = 0;
  if (MayHold(2, key)) {
    original = LookupId(Prepare(db_, by_hash_, kContentHashLookupSql.c_str()), hash, key);
  }
  if (unkeyed_[2]) {
    const std::int64_t other = LookupId(Prepare(db_, hash_unkeyed_, kContentHashUnkeyedSql), hash);
    if (other && (!original || other < original)) original = other;
  }
  if (!original) original = seen.Find(2, hash);
  return original;
}

void IdentityIndex::Resolve(const std::vector<Document>& docs, const std::vector<char>& skip,
                            std::int64_t next_id, InsertReport& report,
                            std::vector<StagedRow>& staged) {
  {
    SQLite::Statement& any = Prepare(db_, any_unkeyed_, kAnyUnkeyedSql);
    ResetOnExit reset{any};
    for (bool& b : unkeyed_) b = false;
    if (any.executeStep()) {
      for (int kind = 0; kind < 3; ++kind) unkeyed_[kind] = any.getColumn(kind).getInt() != 0;
    }
  }
  RefreshKeyFilter(docs.size(), next_id - 1);
  BatchSeen seen(docs.size());
  for (std::size_t at = 0; at < docs.size(); ++at) {
    if (skip[at]) {
      report.ids.push_back(0);
      continue;
    }
    const Document& d = docs[at];
    StagedRow row{.at = at};
    std::int64_t existing = 0;
    if (!d.canonical_url.empty())
      existing = FindUrlOrGuid(0, d.canonical_url, seen, row.canonical_key);
    if (!existing && !d.guid.empty()) existing = FindUrlOrGuid(1, d.guid, seen, row.guid_key);
    std::int64_t original = 0;
    if (!existing && !d.content_hash.empty()) {
      row.content_key = IdentityKey(d.content_hash);
      original = FindOriginal(d.content_hash, *row.content_key, seen);
    }
    // Without URL or GUID, the text is the identity.
    if (!existing && original && d.canonical_url.empty() && d.guid.empty()) existing = original;
    if (existing) {
      ++report.unchanged;
      report.ids.push_back(existing);
      continue;
    }
    const std::int64_t id = next_id++;
    if (!d.canonical_url.empty()) seen.ids[0].emplace(d.canonical_url, id);
    if (!d.guid.empty()) seen.ids[1].emplace(d.guid, id);
    if (row.canonical_key) seen.keys[0].insert(*row.canonical_key);
    if (row.guid_key) seen.keys[1].insert(*row.guid_key);
    if (!original && !d.content_hash.empty()) seen.ids[2].emplace(d.content_hash, id);
    row.duplicate_of = original;
    staged.push_back(row);
    report.ids.push_back(id);
    ++(original ? report.duplicates : report.added);
  }
}

void IdentityIndex::Record(const std::vector<StagedRow>& staged) {
  ExecAndReset(Prepare(db_, record_, kRecordIdentitiesSql));
  if (key_filter_) {  // the keys kRecordIdentitiesSql recorded
    for (const StagedRow& r : staged) {
      if (r.canonical_key) key_filter_->Add(0, *r.canonical_key);
      if (r.guid_key) key_filter_->Add(1, *r.guid_key);
      if (r.content_key && !r.duplicate_of) key_filter_->Add(2, *r.content_key);
    }
  }
  MergeIfDue();  // only new keys can make a merge due
}

// Moves the entries of identities_recent into identities, in key order,
// once it holds at least sqrt(kMergeFactor * entries in identities) and
// at least kMinRecent. Each batch rewrites the pages of identities_recent it
// touches, about all of them, and a merge rewrites every page of
// identities once; with a batch of e entries, a threshold of sqrt(2 e N)
// for N entries in identities minimises the pages written per batch.
// kMergeFactor is 2 e for batches of 1,000 documents of 3 keys each.
void IdentityIndex::MergeIfDue() {
  constexpr std::int64_t kMinRecent = 4096, kMergeFactor = 6000;
  const std::int64_t recent =
      QueryInt64(db_, count_recent_, "SELECT count(*) FROM identities_recent");
  if (recent < kMinRecent) return;
  const std::int64_t merged = QueryInt64(db_, count_identities_, "SELECT count(*) FROM identities");
  const auto threshold = static_cast<std::int64_t>(
      std::sqrt(static_cast<double>(kMergeFactor) * static_cast<double>(merged)));
  if (recent < threshold) return;
  db_.exec(
      "INSERT INTO identities (kind, key, document_id) SELECT kind, key, document_id "
      "FROM identities_recent ORDER BY kind, key, document_id");
  db_.exec("DELETE FROM identities_recent");
}

// Makes `key_filter_` hold every identity key stored, or drops it, at the
// start of a batch of `batch_docs` documents into a table of about
// `stored_docs`; called inside the batch's write transaction, so no other
// connection can commit until the batch is done.
// * Another connection's commit changes PRAGMA data_version (this
//   connection's own do not); the filter is then dropped, as it may lack the
//   keys of rows written there.
// * Building it scans both identity tables: about 3 entries per stored
//   document, at some 0.1 us each (300,000 in 0.03 s). A new document it
//   lets skip its three lookups saves six B-tree searches, about 21,000
//   instructions (callgrind, bench_store's documents), several us. So a
//   filter is built only for a batch of at least 1/kBuildRatio of the
//   stored documents, where it repays the scan even if later batches never
//   come; once built it is kept, and later batches add their keys to it.
// * When a batch would fill it beyond its capacity, it is rebuilt at twice
//   the keys it will hold (each key is scanned O(1) times on average). It
//   takes 2 bytes per key of capacity: 6 to 12 bytes per stored document,
//   small beside the batch of a 32nd of them that builds it.
void IdentityIndex::RefreshKeyFilter(std::size_t batch_docs, std::int64_t stored_docs) {
  constexpr std::int64_t kBuildRatio = 32;
  constexpr std::size_t kMinFilterKeys = 4096, kKeysPerDocument = 3;
  const std::int64_t version = QueryInt64(db_, data_version_, "PRAGMA data_version");
  if (key_filter_ && version != key_filter_version_) key_filter_.reset();
  const std::size_t incoming = kKeysPerDocument * batch_docs;
  if (key_filter_ && key_filter_->size() + incoming <= key_filter_->capacity()) return;
  if (!key_filter_ && static_cast<std::int64_t>(batch_docs) * kBuildRatio < stored_docs) return;
  const auto stored_keys = static_cast<std::size_t>(QueryInt64(
      db_, count_all_,
      "SELECT (SELECT count(*) FROM identities) + (SELECT count(*) FROM identities_recent)"));
  auto filter = std::make_unique<KeyFilter>(std::max(kMinFilterKeys, 2 * (stored_keys + incoming)));
  SQLite::Statement& scan =
      Prepare(db_, scan_all_,
              "SELECT kind, key FROM identities UNION ALL SELECT kind, key FROM identities_recent");
  ResetOnExit reset{scan};
  while (scan.executeStep()) filter->Add(scan.getColumn(0).getInt(), scan.getColumn(1).getInt64());
  key_filter_ = std::move(filter);
  key_filter_version_ = version;
  ++filter_builds_;
}

}  // namespace corroborate::store::internal
