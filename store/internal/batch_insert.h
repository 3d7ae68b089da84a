// Internal to store/: Documents::InsertDocuments on one connection.
//
// How a batch is written: identities are resolved first (IdentityIndex,
// against both levels of the identity tables and, in memory, against the
// batch itself), giving the new rows explicit ids. Then three INSERT ...
// SELECT statements read the new rows from the corroborate_batch virtual
// table straight out of the caller's documents (PendingRows): first into
// documents_fts (schema v4 has no insert trigger), while worker threads
// compress the raw bytes, then into `documents`, whose raw column by then
// rarely waits, then their keys into identities_recent. Whole-batch
// statements matter for speed: SQLite 3.40's FTS5 flushes its pending terms
// at every statement savepoint, so row-by-row inserts would write one index
// segment per document; here the batch's terms are flushed once, as one
// segment.
//
// A document without identity is rejected at once. When SQLite refuses the
// batch for a row's sake (a constraint, a value too big), the staged rows
// are replayed one by one to find the rows it refuses; the batch is then
// written again without them. Each attempt is one transaction (or one
// savepoint of the caller's Database::Transaction), so a failure of any
// other kind leaves nothing of the batch behind.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "store/documents.h"
#include "store/internal/identity_index.h"
#include "store/internal/token_replay.h"

namespace corroborate::store::internal {

class PendingRows;

class BatchInsert {
 public:
  // Registers corroborate_batch on `db` (named `path` in errors); `replay`
  // (may be null) is the connection's tokenizer wrapper. Throws
  // std::runtime_error. `db` must outlive this object.
  BatchInsert(SQLite::Database& db, const std::string& path, TokenReplay* replay);
  ~BatchInsert();
  BatchInsert(const BatchInsert&) = delete;
  BatchInsert& operator=(const BatchInsert&) = delete;

  // Documents::InsertDocuments.
  [[nodiscard]] Result<InsertReport> Insert(const std::vector<Document>& docs);

  [[nodiscard]] std::int64_t key_filter_builds() const { return identities_.filter_builds(); }

 private:
  // One attempt at the batch without the documents `skip` marks: all of it
  // or nothing. A failure SQLite blames on rows appends the rows it refuses
  // one by one to `refused`.
  Result<InsertReport> WriteBatch(const std::vector<Document>& docs, const std::vector<char>& skip,
                                  std::vector<RejectedDocument>& refused);
  // Writes the staged rows (ids in `ids`) and records their identities.
  void WriteRows(const std::vector<Document>& docs, const std::vector<StagedRow>& staged,
                 const std::vector<std::int64_t>& ids);
  std::vector<RejectedDocument> FindBadDocuments(const std::vector<Document>& docs,
                                                 const std::vector<StagedRow>& staged);
  void TrimTokenBuffers();

  SQLite::Database& db_;
  std::string path_;
  TokenReplay* replay_;
  IdentityIndex identities_;
  // The rows being written, read by the corroborate_batch virtual table
  // (null outside WriteRows).
  PendingRows* pending_ = nullptr;
  std::unique_ptr<SQLite::Statement> insert_doc_, insert_fts_;
  // PendingRows' token buffers, kept for the next batch unless they grew
  // past kMaxTokenBuffers bytes.
  std::vector<TokenReplay::Tokens> token_buffers_;
  static constexpr std::size_t kMaxTokenBuffers = std::size_t{64} << 20;
};

}  // namespace corroborate::store::internal
