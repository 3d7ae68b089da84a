// Internal to store/: the rows one InsertDocuments call writes, and the
// corroborate_batch virtual table through which SQLite reads them.
//
// The new rows reach documents_fts, documents and identities_recent in
// INSERT ... SELECT statements over corroborate_batch, an eponymous,
// read-only virtual table over the PendingRows of the running call (empty
// outside it), so they are never copied into a staging table.
//
// Raw bytes are compressed by worker threads that start when the rows are
// set up and run while SQLite indexes the earlier rows, so on a multi-core
// machine compression is off the writing thread; reading a row's raw column
// waits for that row only. Small batches compress on the writing thread.
// The workers also tokenize each row's title and text for the FTS5 index,
// as the TokenReplay::Source of the documents_fts insert (see
// token_replay.h), keeping ahead of that insert; the writer starts on the
// index at once and tokenizes itself any text whose tokens are not ready.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/document.h"
#include "store/internal/identity_index.h"
#include "store/internal/token_replay.h"

namespace corroborate::store::internal {

// Columns of a new documents row, in the order corroborate_batch gives them
// (and FindBadDocuments binds them).
extern const char* const kInsertColumns;

class PendingRows final : public TokenReplay::Source {
 public:
  // `staged` holds the new rows; `ids` maps input index to the row id.
  // `replay` (may be null) makes the workers' tokenizers; `tokens` receives
  // the tokens: buffers kept from batch to batch, since tokenizing into
  // memory already allocated runs about twice as fast. All must outlive this
  // object. Starts the workers.
  PendingRows(const std::vector<Document>& docs, const std::vector<StagedRow>& staged,
              const std::vector<std::int64_t>& ids, const TokenReplay* replay,
              std::vector<TokenReplay::Tokens>& tokens);
  // Stops and joins the workers.
  ~PendingRows();
  PendingRows(const PendingRows&) = delete;
  PendingRows& operator=(const PendingRows&) = delete;

  std::size_t size() const { return staged_.size(); }

  // TokenReplay::Source: text 2k is row k's title, 2k + 1 its text.
  const std::vector<std::string>& Args() const override;
  std::size_t Count() const override { return count_; }
  std::string_view Text(std::size_t i) const override;
  const TokenReplay::Tokens* Ready(std::size_t i) const override;

  // Sets column `col` (kInsertColumns order) of row `k` as the result of `ctx`.
  // Text and blobs are handed over without a copy (they outlive the statement).
  void Column(sqlite3_context* ctx, std::size_t k, int col);

 private:
  void Work(std::size_t t);
  const std::string* Compressed(std::size_t k);

  const std::vector<Document>& docs_;
  const std::vector<StagedRow>& staged_;
  const std::vector<std::int64_t>& ids_;
  std::vector<TokenReplay::Tokens>& tokens_;  // per text, see Text(); the first count_
  std::vector<std::string> compressed_;
  std::size_t workers_ = 0;
  std::vector<std::unique_ptr<TokenReplay::Tokenizer>> tokenizers_;  // one per worker, or none
  std::size_t count_ = 0;                 // texts tokenized: 2 per row, or none
  std::vector<unsigned char> tokens_ok_;  // tokens_[i] is complete
  std::unique_ptr<std::atomic<std::size_t>[]> tokenized_;
  mutable std::atomic<std::size_t> indexing_{0};  // the row the index insert is at
  std::unique_ptr<std::atomic<std::size_t>[]> done_;
  std::vector<std::exception_ptr> errors_;
  std::atomic<bool> stop_{false};
  std::string error_;
  std::vector<std::jthread> pool_;  // last: joined before the rest is destroyed
};

// Registers corroborate_batch on `db`, reading the PendingRows `*rows`
// points at (none while null). Not usable from the schema (DIRECTONLY).
// Throws std::runtime_error on failure.
void RegisterBatchTable(sqlite3* db, PendingRows** rows);

}  // namespace corroborate::store::internal
