// The documents repository: stored documents, their identities and their
// full-text index, over a Database.
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
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "core/time.h"
#include "store/database.h"
#include "store/visibility.h"

namespace corroborate::store {

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
  std::size_t index = 0;  // its position in the input
  std::string reason;     // one line, e.g. "FOREIGN KEY constraint failed"
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

class Documents {
 public:
  // A view over `db`, which must outlive it.
  explicit Documents(Database& db) : db_(db) {}

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
  // The stored documents among `ids`, by ascending id, without raw bytes
  // and, unless `with_text`, without text (ids not stored are skipped).
  [[nodiscard]] Result<std::vector<StoredDocument>> GetDocuments(
      const std::vector<std::int64_t>& ids, bool with_text);
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
  Database& db_;
};

}  // namespace corroborate::store
