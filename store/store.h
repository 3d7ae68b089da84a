// The store: one SQLite database (WAL mode) holding sources, documents and
// their full-text index, behind typed repository functions.
//
// Every function returns Result/Status; no SQLite exception leaves store/.
// Times are UTC Instants; "now" is always a parameter, never read inside.
//
// Document identity (see InsertDocuments):
//   * the canonical URL and the GUID are identities: a document whose
//     canonical URL or GUID is already stored is "unchanged" (nothing written);
//   * a new document whose content hash equals a stored document's is stored
//     with duplicate_of pointing at the first stored copy (the original), so
//     syndicated wire copy is kept but counts once;
//   * a document with neither canonical URL nor GUID is identified by its
//     content hash alone: if that text is stored, it is "unchanged" (a feed
//     item without text carries ingest::ItemHash there instead).
// A Store is not thread-safe; open one per thread (WAL lets them coexist).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "core/time.h"

struct sqlite3;  // <sqlite3.h>

namespace corroborate::store {

// The schema version this build creates and understands (number of migrations).
int SchemaVersion();

struct StagedRow;  // a new row of InsertDocuments (store.cc)

// The identity key of a canonical URL, GUID or content hash (schema v7):
// XXH3-64 (seed 0) of its UTF-8 bytes, as a signed 64-bit integer. SQL
// gets it as corroborate_key(text) on connections a Store opens.
std::int64_t IdentityKey(std::string_view value);

// Registers corroborate_key(text) (IdentityKey; NULL for NULL) on `db`, as
// every Store does on its connection. Throws std::runtime_error on failure.
void RegisterIdentityKey(sqlite3* db);

// The statements InsertDocuments finds a stored row with: by identity key
// (?2) and the value itself (?1); among rows without a key (?1); whether
// there are such rows. Public for the tests of their query plans.
extern const std::string kCanonicalLookupSql;
extern const std::string kGuidLookupSql;
extern const std::string kContentHashLookupSql;
extern const char* const kCanonicalUnkeyedSql;
extern const char* const kGuidUnkeyedSql;
extern const char* const kContentHashUnkeyedSql;
extern const char* const kAnyUnkeyedSql;

// What `sources add` asks for. Optional fields left empty keep the stored
// value of an existing source and take the default for a new one.
struct NewSource {
  std::string url;
  SourceKind kind = SourceKind::kFeed;
  std::string title;                     // empty: keep / none
  std::optional<char> reliability;       // 'A'..'F'; new default 'F'
  std::optional<Instant> poll_interval;  // seconds; new default 3600
};

struct AddSourceResult {
  std::int64_t id = 0;
  bool created = false;  // false: the URL was already registered (and got updated)
};

// Which documents ListDocuments/CountDocuments return. Unset fields do not filter.
struct DocumentFilter {
  std::optional<std::int64_t> source_id;
  std::optional<DocumentKind> kind;
  std::optional<Instant> published_from;  // published >= this
  std::optional<Instant> published_to;    // published < this
  bool include_duplicates = true;         // false: only originals (duplicate_of is NULL)
  bool with_raw = false;                  // ListDocuments: decompress and fill `raw`
  std::int64_t after_id = 0;              // id > after_id (for paging)
  int limit = 0;                          // 0: no limit
};

// A stored document with the store's own bookkeeping.
struct StoredDocument {
  Document doc;
  std::int64_t duplicate_of = 0;  // 0: this is an original
};

// A document InsertDocuments refused while storing the others.
struct RejectedDocument {
  size_t index = 0;    // its position in the input
  std::string reason;  // one line, e.g. "FOREIGN KEY constraint failed"
};

struct InsertReport {
  int added = 0;       // new originals
  int unchanged = 0;   // already stored (same canonical URL or GUID, or same text without either)
  int duplicates = 0;  // new rows whose text equals a stored original (duplicate_of set)
  // Parallel to the input: the id of the row that now holds each document
  // (the new row, or the existing one for an unchanged document; 0 for a
  // rejected one).
  std::vector<std::int64_t> ids;
  std::vector<RejectedDocument> rejected;  // in input order
};

struct SearchHit {
  std::int64_t id = 0;
  std::string title;
  std::string url;
  std::optional<Instant> published;
  std::string snippet;  // matched terms wrapped in [ ], elisions as "…"
  double rank = 0;      // bm25 (title weighted 10x); lower is better
};

// Bounds on one search, so that no query takes unbounded time or memory:
// FTS5 expands a prefix term ("t*") to every indexed word it begins and
// merges their documents, once per term of the query.
struct SearchLimits {
  int max_terms = 32;      // words (also inside phrases) and prefixes
  int max_operators = 32;  // AND, OR, NOT, NEAR and parentheses
  // Indexed words that the query's prefix terms may expand to, together.
  std::int64_t max_prefix_words = 10000;
  double max_seconds = 10;  // the time limit, checked as SQLite runs the query
};

// Checkpoints of a Store's write-ahead log so far: runs of the helper
// thread that found frames to copy, and checkpoints the writing thread ran
// itself.
struct CheckpointCounts {
  std::int64_t helper = 0;
  std::int64_t writer = 0;
};

// Document texts the FTS5 index was given as tokens worker threads had
// already made (`replayed`, see token_replay.h), and texts the writing
// thread tokenized itself (`tokenized`), on this connection.
struct TokenCounts {
  std::int64_t replayed = 0;
  std::int64_t tokenized = 0;
};

class Store {
 public:
  // Opens (creating when missing) the database at `path`, switches it to WAL,
  // turns foreign keys on, sets a busy timeout and applies the pending
  // migrations, each in its own transaction. ":memory:" gives a private
  // in-memory database. Fails (kStore) naming `path` when it is not a SQLite
  // database, and (kUnsupported) when its schema is newer than this build.
  [[nodiscard]] static Result<std::unique_ptr<Store>> Open(const std::string& path);

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return path_; }
  // PRAGMA user_version of the open database.
  [[nodiscard]] Result<int> UserVersion();
  // Checkpoints so far on this connection (none for an in-memory database).
  [[nodiscard]] CheckpointCounts Checkpoints() const;
  // Times InsertDocuments built its filter of the stored identity keys, which
  // lets a new document skip the lookups (store.cc, RefreshKeyFilter).
  [[nodiscard]] std::int64_t KeyFilterBuilds() const;
  [[nodiscard]] TokenCounts Tokenizing() const;

  // --- sources -----------------------------------------------------------
  // Registers `source.url` (stored as given); idempotent on the URL. When the
  // URL exists, updates kind, and title/reliability/interval when given.
  // A new source is due at `now`. kInvalidArgument for an empty URL or a
  // grade outside A..F.
  [[nodiscard]] Result<AddSourceResult> AddSource(const NewSource& source, Instant now);
  [[nodiscard]] Result<std::vector<Source>> ListSources();
  // kNotFound when no source has that URL. Its documents keep existing with
  // source_id cleared.
  [[nodiscard]] Status RemoveSource(std::string_view url);
  [[nodiscard]] Result<Source> GetSource(std::int64_t id);
  [[nodiscard]] Result<Source> GetSource(std::string_view url);
  // Sources whose next_poll <= now, the most overdue first (then by id).
  [[nodiscard]] Result<std::vector<Source>> DueSources(Instant now);
  // A fetch worked (or got 304): stores the validators, clears the error and
  // the failure count, schedules the next poll.
  [[nodiscard]] Status RecordFetchSuccess(std::int64_t source_id, std::string_view etag,
                                          std::string_view last_modified, Instant next_poll);
  // A fetch failed: stores the error text, increments consecutive_failures,
  // schedules the next poll (the caller computes the back-off).
  [[nodiscard]] Status RecordFetchFailure(std::int64_t source_id, std::string_view error,
                                          Instant next_poll);

  // --- documents ---------------------------------------------------------
  // Stores `docs` in ONE transaction with the identity rules above. Callers
  // fill canonical_url/content_hash first (ingest::FillIdentity). A document
  // the store cannot take is left out and listed in `rejected`, the others
  // are stored: one with no canonical URL, GUID or content hash (no
  // identity), or one whose row SQLite refuses (a constraint, such as a
  // source_id of a source since removed, or a value over SQLite's size
  // limit). Any other failure (disk full, I/O error, locked database)
  // writes nothing of the batch and is a kStore error naming the database.
  [[nodiscard]] Result<InsertReport> InsertDocuments(const std::vector<Document>& docs);
  // The document with its raw bytes decompressed; kNotFound when missing.
  [[nodiscard]] Result<StoredDocument> GetDocument(std::int64_t id);
  // Documents by ascending id.
  [[nodiscard]] Result<std::vector<StoredDocument>> ListDocuments(const DocumentFilter& filter);
  [[nodiscard]] Result<std::int64_t> CountDocuments(const DocumentFilter& filter = {});

  // Full-text search (FTS5 query syntax) over title and text of originals
  // (duplicates are left out), best first. kInvalidArgument, naming the
  // query, when the query is malformed; kTooLarge when it has more terms or
  // operators than `limits` allow or its prefixes expand to too many
  // indexed words; kTimeout when it runs past the time limit. Messages quote
  // the query's first 80 characters.
  [[nodiscard]] Result<std::vector<SearchHit>> Search(std::string_view query, int limit = 20,
                                                      const SearchLimits& limits = {});

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl, std::string path);
  // One attempt at the batch without the documents `skip` marks: all of it
  // or nothing. A failure SQLite blames on rows appends the rows it refuses
  // one by one to `refused`.
  Result<InsertReport> WriteBatch(const std::vector<Document>& docs, const std::vector<char>& skip,
                                  std::vector<RejectedDocument>& refused);
  std::vector<RejectedDocument> FindBadDocuments(const std::vector<Document>& docs,
                                                 const std::vector<StagedRow>& staged);
  std::unique_ptr<Impl> impl_;
  std::string path_;
};

}  // namespace corroborate::store
