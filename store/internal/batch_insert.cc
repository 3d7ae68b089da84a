#include "store/internal/batch_insert.h"

#include <fmt/core.h>
#include <sqlite3.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <unordered_set>
#include <utility>

#include "store/internal/connection.h"
#include "store/internal/pending_rows.h"
#include "store/internal/raw_codec.h"

namespace corroborate::store::internal {
namespace {

// Binds one new row (with its explicit id) to an INSERT with the
// kInsertColumns order. `compressed` must outlive the execution.
void BindDocument(SQLite::Statement& s, const Document& d, std::int64_t id, const StagedRow& row,
                  const std::string& compressed) {
  s.bind(1, static_cast<std::int64_t>(id));
  BindInt64OrNull(s, 2, d.source_id ? std::optional<std::int64_t>(d.source_id) : std::nullopt);
  s.bind(3, DocumentKindName(d.kind));
  BindText(s, 4, d.url);
  BindTextOrNull(s, 5, d.canonical_url);
  BindTextOrNull(s, 6, d.guid);
  BindText(s, 7, d.title);
  BindText(s, 8, d.author);
  BindInstant(s, 9, d.published);
  s.bind(10, GranularityName(d.published_precision));
  BindInstant(s, 11, d.modified);
  s.bind(12, static_cast<std::int64_t>(d.fetched));
  BindText(s, 13, d.language);
  BindText(s, 14, d.text);
  BindText(s, 15, d.content_hash);
  if (d.raw.empty()) {
    s.bind(16);
  } else {
    s.bindNoCopy(16, compressed.data(), static_cast<int>(compressed.size()));
  }
  s.bind(17, static_cast<std::int64_t>(d.raw.size()));
  BindText(s, 18, d.raw_type);
  BindText(s, 19, d.parent_url);
  BindText(s, 20, d.quote_of);
  BindInt64OrNull(s, 21,
                  row.duplicate_of ? std::optional<std::int64_t>(row.duplicate_of) : std::nullopt);
  BindInt64OrNull(s, 22, d.published_offset);
  BindInt64OrNull(s, 23, row.canonical_key);
  BindInt64OrNull(s, 24, row.guid_key);
  BindInt64OrNull(s, 25, row.content_key);
}

// Whether SQLite refused a statement for a row's sake.
bool BlamesARow(int code) {
  return code == SQLITE_CONSTRAINT || code == SQLITE_TOOBIG || code == SQLITE_MISMATCH;
}

std::int64_t NextDocumentId(SQLite::Database& db) {
  return db.execAndGet("SELECT COALESCE(max(id), 0) + 1 FROM documents").getInt64();
}

}  // namespace

BatchInsert::BatchInsert(SQLite::Database& db, const std::string& path, TokenReplay* replay)
    : db_(db), path_(path), replay_(replay), identities_(db) {
  RegisterBatchTable(db.getHandle(), &pending_);
}

BatchInsert::~BatchInsert() = default;

Result<InsertReport> BatchInsert::Insert(const std::vector<Document>& docs) {
  std::vector<char> skip(docs.size(), 0);
  std::vector<RejectedDocument> rejected;
  for (size_t i = 0; i < docs.size(); ++i) {
    const Document& d = docs[i];
    if (d.canonical_url.empty() && d.guid.empty() && d.content_hash.empty()) {
      skip[i] = 1;
      rejected.push_back({i, "no canonical URL, GUID or content to identify it"});
    }
  }
  // Each round leaves out at least one more document; a few rounds cover a
  // refused original whose duplicates then stand on their own.
  constexpr int kAttempts = 4;
  for (int attempt = 1;; ++attempt) {
    std::vector<RejectedDocument> refused;
    auto report = WriteBatch(docs, skip, refused);
    if (report) {
      report->rejected = std::move(rejected);
      std::sort(
          report->rejected.begin(), report->rejected.end(),
          [](const RejectedDocument& a, const RejectedDocument& b) { return a.index < b.index; });
      return report;
    }
    if (refused.empty() || attempt == kAttempts) return report;
    for (RejectedDocument& r : refused) {
      skip[r.index] = 1;
      rejected.push_back(std::move(r));
    }
  }
}

Result<InsertReport> BatchInsert::WriteBatch(const std::vector<Document>& docs,
                                             const std::vector<char>& skip,
                                             std::vector<RejectedDocument>& refused) {
  InsertReport report;
  report.ids.reserve(docs.size());
  std::vector<StagedRow> staged;
  try {
    WriteTransaction tx(db_);
    identities_.Resolve(docs, skip, NextDocumentId(db_), report, staged);
    if (!staged.empty()) WriteRows(docs, staged, report.ids);
    TrimTokenBuffers();
    tx.Commit();
  } catch (const std::exception& e) {
    const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&e);
    if (BlamesARow(sqlite ? sqlite->getErrorCode() : SQLITE_ERROR)) {
      refused = FindBadDocuments(docs, staged);
    }
    return Fail(ErrorCode::kStore,
                fmt::format("{}: storing documents failed, nothing stored: {}", path_, e.what()));
  }
  return report;
}

void BatchInsert::WriteRows(const std::vector<Document>& docs, const std::vector<StagedRow>& staged,
                            const std::vector<std::int64_t>& ids) {
  SQLite::Statement& index = Prepare(db_, insert_fts_,
                                     "INSERT INTO documents_fts (rowid, title, text) SELECT id, "
                                     "title, text FROM corroborate_batch");
  SQLite::Statement& insert = Prepare(
      db_, insert_doc_,
      fmt::format("INSERT INTO documents ({0}) SELECT {0} FROM corroborate_batch", kInsertColumns)
          .c_str());
  PendingRows rows(docs, staged, ids, replay_, token_buffers_);
  pending_ = &rows;
  if (replay_) replay_->SetSource(&rows);
  struct Unset {
    BatchInsert& self;
    ~Unset() {
      self.pending_ = nullptr;
      if (self.replay_) self.replay_->SetSource(nullptr);
    }
  } unset{*this};
  ExecAndReset(index);
  ExecAndReset(insert);
  identities_.Record(staged);
  // `rows` goes here, joining its workers before the buffers are trimmed.
}

// After a batch SQLite refused for a row's sake: replays the staged rows one
// by one in a transaction that is always rolled back, and gives those it
// refuses (a duplicate of a refused row is tried as an original). Empty when
// the replay itself fails or refuses none.
std::vector<RejectedDocument> BatchInsert::FindBadDocuments(const std::vector<Document>& docs,
                                                            const std::vector<StagedRow>& staged) {
  std::vector<RejectedDocument> bad;
  try {
    WriteTransaction tx(db_);
    SQLite::Statement insert(db_, fmt::format("INSERT INTO documents ({}) VALUES (?1, ?2, ?3, ?4, "
                                              "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                                              "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
                                              kInsertColumns));
    std::int64_t next_id = NextDocumentId(db_);
    std::unordered_set<std::int64_t> refused_ids;
    std::string compressed;
    for (StagedRow row : staged) {
      const Document& d = docs[row.at];
      const std::int64_t id = next_id++;
      if (refused_ids.contains(row.duplicate_of)) row.duplicate_of = 0;
      try {
        insert.tryReset();  // reset() would throw the last row's error again
        compressed = d.raw.empty() ? std::string() : CompressRaw(d.raw, d.text);
        BindDocument(insert, d, id, row, compressed);
        insert.exec();
      } catch (const SQLite::Exception& e) {
        if (!BlamesARow(e.getErrorCode())) return {};
        refused_ids.insert(id);
        bad.push_back({row.at, e.what()});
      }
    }
  } catch (const std::exception&) {
    return {};
  }
  return bad;
}

void BatchInsert::TrimTokenBuffers() {
  size_t held = 0;
  for (const TokenReplay::Tokens& t : token_buffers_) {
    held += t.bytes.capacity() + t.list.capacity() * sizeof(TokenReplay::Token);
  }
  if (held > kMaxTokenBuffers) std::vector<TokenReplay::Tokens>().swap(token_buffers_);
}

}  // namespace corroborate::store::internal
