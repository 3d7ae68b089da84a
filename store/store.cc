#include "store/store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/core.h>
#include <sqlite3.h>
#include <xxhash.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/text.h"
#include "store/key_filter.h"
#include "store/migrations.h"
#include "store/token_replay.h"

namespace corroborate::store {
namespace {

// Raw bytes are stored as zstd frames at level 1: about 500 MB/s on HTML
// with a better ratio (~6x) than zlib's fastest level at a third of its
// cost. The raw bytes of a document usually contain its text (a feed item's
// HTML, a post's JSON, a plain text file is its text), so the frame is
// compressed with the row's text as a zstd prefix: what the text already
// holds costs a few bytes. Such a frame is preceded by a 12-byte zstd
// skippable frame that says so (kTextPrefixTag); reading passes the row's
// text back as the prefix. Rows written by earlier versions hold plain zstd
// frames or zlib streams, told apart by their magic.
constexpr int kRawCompressionLevel = 1;
// Skippable frame magic 0x184D2A5C (little-endian), 4 bytes of content, "text".
constexpr unsigned char kTextPrefixTag[12] = {0x5C, 0x2A, 0x4D, 0x18, 4, 0, 0, 0, 't', 'e', 'x', 't'};
// Below this size a text prefix is not worth the tag.
constexpr size_t kMinPrefix = 32;

struct ZstdCCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct ZstdDCtxDeleter {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

// `raw` compressed, with `text` (the row's text column) as prefix when it is
// long enough to help.
std::string Compress(std::string_view raw, std::string_view text) {
  thread_local std::unique_ptr<ZSTD_CCtx, ZstdCCtxDeleter> cctx(ZSTD_createCCtx());
  if (!cctx) throw std::runtime_error("zstd: out of memory");
  const bool prefixed = text.size() >= kMinPrefix;
  const size_t header = prefixed ? sizeof kTextPrefixTag : 0;
  std::string out(header + ZSTD_compressBound(raw.size()), '\0');
  std::memcpy(out.data(), kTextPrefixTag, header);
  ZSTD_CCtx_reset(cctx.get(), ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, kRawCompressionLevel);
  if (prefixed) ZSTD_CCtx_refPrefix(cctx.get(), text.data(), text.size());
  const size_t size = ZSTD_compress2(cctx.get(), out.data() + header, out.size() - header, raw.data(),
                                     raw.size());
  if (ZSTD_isError(size)) {
    throw std::runtime_error(fmt::format("zstd compress failed ({})", ZSTD_getErrorName(size)));
  }
  out.resize(header + size);
  return out;
}

bool IsZstdFrame(const void* data, size_t bytes) {
  static constexpr unsigned char kMagic[] = {0x28, 0xB5, 0x2F, 0xFD};  // ZSTD_MAGICNUMBER, LE
  return bytes >= 4 && std::memcmp(data, kMagic, 4) == 0;
}

// The stored raw column back to bytes; `text` is the row's text column.
std::string Decompress(const void* data, int stored, std::int64_t raw_size, std::string_view text) {
  if (raw_size < 0 || raw_size > (std::int64_t{1} << 32) || stored < 0) {
    throw std::runtime_error("stored raw size is out of range");
  }
  std::string out(static_cast<size_t>(raw_size), '\0');
  const auto* bytes = static_cast<const unsigned char*>(data);
  size_t n = static_cast<size_t>(stored);
  const bool prefixed = n >= sizeof kTextPrefixTag && std::memcmp(bytes, kTextPrefixTag, sizeof kTextPrefixTag) == 0;
  if (prefixed) {
    bytes += sizeof kTextPrefixTag;
    n -= sizeof kTextPrefixTag;
  }
  if (prefixed || IsZstdFrame(bytes, n)) {
    thread_local std::unique_ptr<ZSTD_DCtx, ZstdDCtxDeleter> dctx(ZSTD_createDCtx());
    if (!dctx) throw std::runtime_error("zstd: out of memory");
    ZSTD_DCtx_reset(dctx.get(), ZSTD_reset_session_and_parameters);
    if (prefixed) ZSTD_DCtx_refPrefix(dctx.get(), text.data(), text.size());
    const size_t size = ZSTD_decompressDCtx(dctx.get(), out.data(), out.size(), bytes, n);
    if (ZSTD_isError(size) || size != out.size()) {
      throw std::runtime_error(fmt::format("stored raw bytes do not decompress (zstd: {})",
                                           ZSTD_isError(size) ? ZSTD_getErrorName(size)
                                                              : "wrong size"));
    }
    return out;
  }
  uLongf size = out.size();
  int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &size, bytes, static_cast<uLong>(n));
  if (rc != Z_OK || size != out.size()) {
    throw std::runtime_error(fmt::format("stored raw bytes do not decompress (zlib {})", rc));
  }
  return out;
}

// Runs `f`, turning any exception into a kStore error "<path>: <what>: <why>".
template <class F>
auto Guard(const std::string& path, std::string_view what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    return Fail(ErrorCode::kStore, fmt::format("{}: {}: {}", path, what, e.what()));
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kStore, fmt::format("{}: {}: {}", path, what, e.what()));
  }
}

// Resets a cached statement when the use ends, however it ends.
struct ResetOnExit {
  SQLite::Statement& stmt;
  ~ResetOnExit() { stmt.tryReset(); }
};

// Runs a statement that returns no rows, leaving it reset for the next use.
void ExecAndReset(SQLite::Statement& s) {
  ResetOnExit reset{s};
  s.exec();
}

void BindText(SQLite::Statement& s, int i, const std::string& v) { s.bindNoCopy(i, v); }
void BindTextOrNull(SQLite::Statement& s, int i, const std::string& v) {
  if (v.empty()) {
    s.bind(i);
  } else {
    s.bindNoCopy(i, v);
  }
}
void BindInstant(SQLite::Statement& s, int i, const std::optional<Instant>& v) {
  if (v) {
    s.bind(i, static_cast<std::int64_t>(*v));
  } else {
    s.bind(i);
  }
}
std::optional<Instant> ColumnInstant(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

constexpr const char* kSourceColumns =
    "id, kind, url, title, reliability, etag, last_modified, next_poll, poll_interval, "
    "last_error, consecutive_failures";

Source ReadSource(const SQLite::Statement& s) {
  Source src;
  src.id = s.getColumn(0).getInt64();
  src.kind = SourceKindFromName(s.getColumn(1).getText()).value_or(SourceKind::kFeed);
  src.url = s.getColumn(2).getString();
  src.title = s.getColumn(3).getString();
  std::string grade = s.getColumn(4).getString();
  src.reliability = grade.empty() ? 'F' : grade[0];
  src.etag = s.getColumn(5).getString();
  src.last_modified = s.getColumn(6).getString();
  src.next_poll = s.getColumn(7).getInt64();
  src.poll_interval = s.getColumn(8).getInt64();
  src.last_error = s.getColumn(9).getString();
  src.consecutive_failures = s.getColumn(10).getInt();
  return src;
}

constexpr const char* kDocumentColumns =
    "id, source_id, kind, url, canonical_url, guid, title, author, published, "
    "published_precision, modified, fetched, language, text, content_hash, raw_type, "
    "parent_url, quote_of, duplicate_of, raw, raw_size, published_offset";

StoredDocument ReadDocument(const SQLite::Statement& s, bool with_raw) {
  StoredDocument out;
  Document& d = out.doc;
  d.id = s.getColumn(0).getInt64();
  d.source_id = s.getColumn(1).isNull() ? 0 : s.getColumn(1).getInt64();
  d.kind = DocumentKindFromName(s.getColumn(2).getText()).value_or(DocumentKind::kArticle);
  d.url = s.getColumn(3).getString();
  d.canonical_url = s.getColumn(4).getString();
  d.guid = s.getColumn(5).getString();
  d.title = s.getColumn(6).getString();
  d.author = s.getColumn(7).getString();
  d.published = ColumnInstant(s.getColumn(8));
  d.published_precision =
      GranularityFromName(s.getColumn(9).getText()).value_or(Granularity::kUnknown);
  d.modified = ColumnInstant(s.getColumn(10));
  d.fetched = s.getColumn(11).getInt64();
  d.language = s.getColumn(12).getString();
  d.text = s.getColumn(13).getString();
  d.content_hash = s.getColumn(14).getString();
  d.raw_type = s.getColumn(15).getString();
  d.parent_url = s.getColumn(16).getString();
  d.quote_of = s.getColumn(17).getString();
  out.duplicate_of = s.getColumn(18).isNull() ? 0 : s.getColumn(18).getInt64();
  if (with_raw && !s.getColumn(19).isNull()) {
    const SQLite::Column raw = s.getColumn(19);
    d.raw = Decompress(raw.getBlob(), raw.getBytes(), s.getColumn(20).getInt64(), d.text);
  }
  if (!s.getColumn(21).isNull()) d.published_offset = s.getColumn(21).getInt();
  return out;
}

// Applies the WHERE clause of `f` to a statement built by FilterSql.
std::string FilterSql(const DocumentFilter& f) {
  std::string sql = " WHERE id > ?1";
  if (f.source_id) sql += " AND source_id = ?2";
  if (f.kind) sql += " AND kind = ?3";
  if (f.published_from) sql += " AND published >= ?4";
  if (f.published_to) sql += " AND published < ?5";
  if (!f.include_duplicates) sql += " AND duplicate_of IS NULL";
  return sql;
}

void BindFilter(SQLite::Statement& s, const DocumentFilter& f) {
  s.bind(1, static_cast<std::int64_t>(f.after_id));
  if (f.source_id) s.bind(2, static_cast<std::int64_t>(*f.source_id));
  if (f.kind) s.bind(3, DocumentKindName(*f.kind));
  if (f.published_from) s.bind(4, static_cast<std::int64_t>(*f.published_from));
  if (f.published_to) s.bind(5, static_cast<std::int64_t>(*f.published_to));
}

bool ValidGrade(char c) { return c >= 'A' && c <= 'F'; }

// Columns of a new documents row, in the order InsertDocuments writes them.
constexpr const char* kInsertColumns =
    "id, source_id, kind, url, canonical_url, guid, title, author, published, "
    "published_precision, modified, fetched, language, text, content_hash, raw, raw_size, "
    "raw_type, parent_url, quote_of, duplicate_of, published_offset, canonical_key, guid_key, "
    "content_key";

}  // namespace

std::int64_t IdentityKey(std::string_view value) {
  return std::bit_cast<std::int64_t>(XXH3_64bits(value.data(), value.size()));
}

// A new row of InsertDocuments: where it is in the input, the original it
// duplicates (0 for none) and its identity keys (nullopt: NULL, for an empty
// value or, for URL and GUID, a key another value already holds).
struct StagedRow {
  size_t at = 0;
  std::int64_t duplicate_of = 0;
  std::optional<std::int64_t> canonical_key, guid_key, content_key;
};

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

// --- the rows of one InsertDocuments call ------------------------------------

// The documents one InsertDocuments call writes, in id order, as SQLite reads
// them through the corroborate_batch virtual table (see InsertDocuments).
// Raw bytes are compressed by worker threads that start when the rows are
// set up and run while SQLite indexes the earlier rows, so on a multi-core
// machine compression is off the writing thread; reading a row's raw column
// waits for that row only. Small batches compress on the writing thread.
//
// The workers also tokenize each row's title and text for the FTS5 index,
// as the TokenReplay::Source of the documents_fts insert (see
// token_replay.h), keeping ahead of that insert; the writer starts on the
// index at once and tokenizes itself any text whose tokens are not ready.
class PendingRows final : public TokenReplay::Source {
 public:
  // `staged` holds the new rows; `ids` maps input index to the row id.
  // `replay` (may be null) makes the workers' tokenizers; `tokens` receives
  // the tokens: buffers kept from batch to batch, since tokenizing into
  // memory already allocated runs about twice as fast. All must outlive this
  // object.
  PendingRows(const std::vector<Document>& docs, const std::vector<StagedRow>& staged,
              const std::vector<std::int64_t>& ids, const TokenReplay* replay,
              std::vector<TokenReplay::Tokens>& tokens)
      : docs_(docs), staged_(staged), ids_(ids), tokens_(tokens), compressed_(staged.size()) {
    size_t total = 0;
    for (const StagedRow& row : staged) {
      const Document& d = docs[row.at];
      total += d.raw.size() + d.title.size() + d.text.size();
    }
    const unsigned hw = std::thread::hardware_concurrency();
    if (total >= (size_t{1} << 20) && hw >= 2) {
      workers_ = std::min<size_t>({hw - 1, 3, staged.size()});
    }
    if (workers_ > 0 && replay != nullptr) {
      for (size_t t = 0; t < workers_; ++t) {
        if (auto tokenizer = replay->NewTokenizer()) {
          tokenizers_.push_back(std::move(tokenizer));
        } else {
          tokenizers_.clear();
          break;
        }
      }
      if (!tokenizers_.empty()) {
        count_ = 2 * staged.size();
        if (tokens_.size() < count_) tokens_.resize(count_);
        tokens_ok_.assign(count_, 0);
      }
    }
    done_ = std::make_unique<std::atomic<size_t>[]>(workers_);
    tokenized_ = std::make_unique<std::atomic<size_t>[]>(workers_);
    errors_.resize(workers_);
    for (size_t t = 0; t < workers_; ++t) pool_.emplace_back([this, t] { Work(t); });
  }
  ~PendingRows() {
    stop_.store(true, std::memory_order_relaxed);
    pool_.clear();  // joins
  }
  PendingRows(const PendingRows&) = delete;
  PendingRows& operator=(const PendingRows&) = delete;

  size_t size() const { return staged_.size(); }

  // TokenReplay::Source: text 2k is row k's title, 2k + 1 its text.
  const std::vector<std::string>& Args() const override {
    static const std::vector<std::string> kNone;
    return tokenizers_.empty() ? kNone : tokenizers_.front()->args();
  }
  size_t Count() const override { return count_; }
  std::string_view Text(size_t i) const override {
    const Document& d = docs_[staged_[i / 2].at];
    return i % 2 == 0 ? d.title : d.text;
  }
  const TokenReplay::Tokens* Ready(size_t i) const override {
    const size_t k = i / 2;
    indexing_.store(k, std::memory_order_relaxed);
    if (tokenized_[k % workers_].load(std::memory_order_acquire) <= k / workers_) return nullptr;
    return tokens_ok_[i] ? &tokens_[i] : nullptr;
  }

  // Sets column `col` (kInsertColumns order) of row `k` as the result of `ctx`.
  // Text and blobs are handed over without a copy (they outlive the statement).
  void Column(sqlite3_context* ctx, size_t k, int col) {
    const Document& d = docs_[staged_[k].at];
    auto text = [ctx](const std::string& v) {
      sqlite3_result_text(ctx, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    };
    auto text_or_null = [&](const std::string& v) {
      if (v.empty()) {
        sqlite3_result_null(ctx);
      } else {
        text(v);
      }
    };
    auto int_or_null = [ctx](std::optional<std::int64_t> v) {
      if (v) {
        sqlite3_result_int64(ctx, *v);
      } else {
        sqlite3_result_null(ctx);
      }
    };
    switch (col) {
      case 0:
        sqlite3_result_int64(ctx, ids_[staged_[k].at]);
        break;
      case 1:
        int_or_null(d.source_id ? std::optional<std::int64_t>(d.source_id) : std::nullopt);
        break;
      case 2:
        sqlite3_result_text(ctx, DocumentKindName(d.kind), -1, SQLITE_STATIC);
        break;
      case 3:
        text(d.url);
        break;
      case 4:
        text_or_null(d.canonical_url);
        break;
      case 5:
        text_or_null(d.guid);
        break;
      case 6:
        text(d.title);
        break;
      case 7:
        text(d.author);
        break;
      case 8:
        int_or_null(d.published);
        break;
      case 9:
        sqlite3_result_text(ctx, GranularityName(d.published_precision), -1, SQLITE_STATIC);
        break;
      case 10:
        int_or_null(d.modified);
        break;
      case 11:
        sqlite3_result_int64(ctx, d.fetched);
        break;
      case 12:
        text(d.language);
        break;
      case 13:
        text(d.text);
        break;
      case 14:
        text(d.content_hash);
        break;
      case 15: {
        if (d.raw.empty()) {
          sqlite3_result_null(ctx);
        } else if (const std::string* z = Compressed(k)) {
          sqlite3_result_blob(ctx, z->data(), static_cast<int>(z->size()), SQLITE_STATIC);
        } else {
          sqlite3_result_error(ctx, error_.c_str(), -1);
        }
        break;
      }
      case 16:
        sqlite3_result_int64(ctx, static_cast<std::int64_t>(d.raw.size()));
        break;
      case 17:
        text(d.raw_type);
        break;
      case 18:
        text(d.parent_url);
        break;
      case 19:
        text(d.quote_of);
        break;
      case 20:
        int_or_null(staged_[k].duplicate_of ? std::optional<std::int64_t>(staged_[k].duplicate_of)
                                            : std::nullopt);
        break;
      case 21:
        int_or_null(d.published_offset);
        break;
      case 22:
        int_or_null(staged_[k].canonical_key);
        break;
      case 23:
        int_or_null(staged_[k].guid_key);
        break;
      case 24:
        int_or_null(staged_[k].content_key);
        break;
      default:
        sqlite3_result_null(ctx);
    }
  }

 private:
  // Worker t takes rows t, t + T, t + 2T, ...: tokenizes each (counted in
  // tokenized_[t]) unless the writer's index insert has passed it, and
  // compresses each (counted in done_[t]). The index insert needs the tokens
  // first and the documents insert after it the compressed bytes, so the
  // worker tokenizes while it is less than kLead rows ahead of the index
  // insert, and compresses otherwise. Per row, both together cost a worker
  // less than indexing the row costs the writer.
  void Work(size_t t) {
    constexpr size_t kLead = 64;
    const size_t n = staged_.size();
    try {
      // The next rows to tokenize (none without tokenizers) and to compress.
      size_t tk = tokenizers_.empty() ? n : t, ck = t, tokenized = 0, compressed = 0;
      while ((tk < n || ck < n) && !stop_.load(std::memory_order_relaxed)) {
        const size_t at = indexing_.load(std::memory_order_relaxed);
        if (tk < n && (ck >= n || tk < at + kLead)) {
          if (at <= tk) {
            for (size_t i : {2 * tk, 2 * tk + 1}) {
              tokens_ok_[i] = tokenizers_[t]->Tokenize(Text(i), tokens_[i]) ? 1 : 0;
            }
          }
          tokenized_[t].store(++tokenized, std::memory_order_release);
          tk += workers_;
        } else {
          const Document& d = docs_[staged_[ck].at];
          if (!d.raw.empty()) compressed_[ck] = Compress(d.raw, d.text);
          done_[t].store(++compressed, std::memory_order_release);
          done_[t].notify_one();
          ck += workers_;
        }
      }
    } catch (...) {
      errors_[t] = std::current_exception();
    }
    // Whatever happened, nothing more will come: release the reader.
    tokenized_[t].store(std::numeric_limits<size_t>::max(), std::memory_order_release);
    done_[t].store(std::numeric_limits<size_t>::max(), std::memory_order_release);
    done_[t].notify_one();
  }

  // The compressed raw bytes of row k, or null (error_ set) when compressing failed.
  const std::string* Compressed(size_t k) {
    try {
      if (workers_ == 0) {
        if (compressed_[k].empty()) {
          const Document& d = docs_[staged_[k].at];
          compressed_[k] = Compress(d.raw, d.text);
        }
        return &compressed_[k];
      }
      const size_t t = k % workers_, need = k / workers_ + 1;
      for (size_t seen = done_[t].load(std::memory_order_acquire); seen < need;
           seen = done_[t].load(std::memory_order_acquire)) {
        done_[t].wait(seen, std::memory_order_acquire);
      }
      if (errors_[t]) std::rethrow_exception(errors_[t]);
      return &compressed_[k];
    } catch (const std::exception& e) {
      error_ = e.what();
      return nullptr;
    }
  }

  const std::vector<Document>& docs_;
  const std::vector<StagedRow>& staged_;
  const std::vector<std::int64_t>& ids_;
  std::vector<TokenReplay::Tokens>& tokens_;  // per text, see Text(); the first count_
  std::vector<std::string> compressed_;
  size_t workers_ = 0;
  std::vector<std::unique_ptr<TokenReplay::Tokenizer>> tokenizers_;  // one per worker, or none
  size_t count_ = 0;                      // texts tokenized: 2 per row, or none
  std::vector<unsigned char> tokens_ok_;  // tokens_[i] is complete
  std::unique_ptr<std::atomic<size_t>[]> tokenized_;
  mutable std::atomic<size_t> indexing_{0};  // the row the index insert is at
  std::unique_ptr<std::atomic<size_t>[]> done_;
  std::vector<std::exception_ptr> errors_;
  std::atomic<bool> stop_{false};
  std::string error_;
  std::vector<std::jthread> pool_;  // last: joined before the rest is destroyed
};

namespace {

// corroborate_batch: an eponymous, read-only virtual table over the
// PendingRows of the running InsertDocuments call (empty outside it), so the
// new rows reach `documents` in ONE INSERT ... SELECT without being copied
// into a staging table first. Not usable from the schema (DIRECTONLY).
struct BatchTable {
  sqlite3_vtab base{};
  PendingRows** rows = nullptr;
};
struct BatchCursor {
  sqlite3_vtab_cursor base{};
  size_t k = 0;
};

PendingRows* RowsOf(sqlite3_vtab_cursor* c) {
  return *reinterpret_cast<BatchTable*>(c->pVtab)->rows;
}

int BatchConnect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**) {
  int rc = sqlite3_declare_vtab(db, fmt::format("CREATE TABLE x({})", kInsertColumns).c_str());
  if (rc != SQLITE_OK) return rc;
  sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
  auto* table = new BatchTable;
  table->rows = static_cast<PendingRows**>(aux);
  *out = &table->base;
  return SQLITE_OK;
}
int BatchDisconnect(sqlite3_vtab* v) {
  delete reinterpret_cast<BatchTable*>(v);
  return SQLITE_OK;
}
int BatchBestIndex(sqlite3_vtab*, sqlite3_index_info* info) {
  info->estimatedCost = 1000;
  info->estimatedRows = 1000;
  return SQLITE_OK;
}
int BatchOpen(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  *out = &(new BatchCursor)->base;
  return SQLITE_OK;
}
int BatchClose(sqlite3_vtab_cursor* c) {
  delete reinterpret_cast<BatchCursor*>(c);
  return SQLITE_OK;
}
int BatchFilter(sqlite3_vtab_cursor* c, int, const char*, int, sqlite3_value**) {
  reinterpret_cast<BatchCursor*>(c)->k = 0;
  return SQLITE_OK;
}
int BatchNext(sqlite3_vtab_cursor* c) {
  ++reinterpret_cast<BatchCursor*>(c)->k;
  return SQLITE_OK;
}
int BatchEof(sqlite3_vtab_cursor* c) {
  const PendingRows* rows = RowsOf(c);
  return rows == nullptr || reinterpret_cast<BatchCursor*>(c)->k >= rows->size();
}
int BatchColumn(sqlite3_vtab_cursor* c, sqlite3_context* ctx, int col) {
  RowsOf(c)->Column(ctx, reinterpret_cast<BatchCursor*>(c)->k, col);
  return SQLITE_OK;
}
int BatchRowid(sqlite3_vtab_cursor* c, sqlite3_int64* rowid) {
  *rowid = static_cast<sqlite3_int64>(reinterpret_cast<BatchCursor*>(c)->k) + 1;
  return SQLITE_OK;
}

const sqlite3_module kBatchModule = {
    .iVersion = 0,
    .xCreate = nullptr,  // eponymous only: exists without CREATE VIRTUAL TABLE
    .xConnect = BatchConnect,
    .xBestIndex = BatchBestIndex,
    .xDisconnect = BatchDisconnect,
    .xDestroy = BatchDisconnect,
    .xOpen = BatchOpen,
    .xClose = BatchClose,
    .xFilter = BatchFilter,
    .xNext = BatchNext,
    .xEof = BatchEof,
    .xColumn = BatchColumn,
    .xRowid = BatchRowid,
    .xUpdate = nullptr,
    .xBegin = nullptr,
    .xSync = nullptr,
    .xCommit = nullptr,
    .xRollback = nullptr,
    .xFindFunction = nullptr,
    .xRename = nullptr,
    .xSavepoint = nullptr,
    .xRelease = nullptr,
    .xRollbackTo = nullptr,
    .xShadowName = nullptr,
};

void RegisterBatchTable(sqlite3* db, PendingRows** rows) {
  if (sqlite3_create_module_v2(db, "corroborate_batch", &kBatchModule, rows, nullptr) !=
      SQLITE_OK) {
    throw std::runtime_error(sqlite3_errmsg(db));
  }
}

}  // namespace

int SchemaVersion() { return static_cast<int>(Migrations().size()); }

// Copies WAL frames into the database file on a helper thread with its own
// connection, so the thread that writes batches does not stall on checkpoint
// I/O and fsync. It takes the place of SQLite's auto-checkpoint on the
// writing connection (both use the WAL hook) and starts at the same size,
// 1000 pages. A PASSIVE checkpoint never blocks the writer.
// The WAL restarts from its beginning only when a write transaction begins
// with every frame copied, which a writer that commits batch after batch
// never gives the helper time for; so at kForcePages the writer checkpoints
// itself after its commit, which leaves it only the frames of the batches
// since the helper's last run, and its next transaction restarts the WAL.
class Checkpointer {
 public:
  static constexpr int kStartPages = 1000;
  static constexpr int kForcePages = 4000;

  Checkpointer(sqlite3* writer, const std::string& path) : writer_(writer) {
    sqlite3* conn = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    conn_.reset(conn);
    if (rc != SQLITE_OK) throw std::runtime_error(sqlite3_errstr(rc));
    sqlite3_busy_timeout(conn, 5000);
    // A connection opens the WAL when it first reads; until then a checkpoint
    // through it copies nothing (SQLITE_OK, with -1 frames).
    if (sqlite3_exec(conn, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) !=
        SQLITE_OK) {
      throw std::runtime_error(sqlite3_errmsg(conn));
    }
    thread_ = std::jthread([this] { Run(); });
    sqlite3_wal_hook(writer_, &Checkpointer::Hook, this);
  }
  ~Checkpointer() {
    sqlite3_wal_hook(writer_, nullptr, nullptr);
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  CheckpointCounts Counts() const {
    return {.helper = helper_runs_.load(std::memory_order_relaxed),
            .writer = writer_runs_.load(std::memory_order_relaxed)};
  }

 private:
  struct Close {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };

  // Called by SQLite on the writing thread after each commit, with the WAL size.
  static int Hook(void* self, sqlite3* db, const char* schema, int pages) {
    auto* c = static_cast<Checkpointer*>(self);
    if (pages >= kForcePages) {
      sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      c->writer_runs_.fetch_add(1, std::memory_order_relaxed);
    } else if (pages >= kStartPages && std::string_view(schema) == "main") {
      {
        std::lock_guard lock(c->mu_);
        c->due_ = true;
      }
      c->cv_.notify_one();
    }
    return SQLITE_OK;
  }

  void Run() {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return due_ || stop_; });
      if (stop_) return;
      due_ = false;
      lock.unlock();
      // A failure (busy, I/O) leaves the frames in the WAL for the next
      // checkpoint; closing the last connection checkpoints too.
      int log = 0, copied = 0;
      if (sqlite3_wal_checkpoint_v2(conn_.get(), "main", SQLITE_CHECKPOINT_PASSIVE, &log,
                                    &copied) == SQLITE_OK &&
          copied > 0) {
        helper_runs_.fetch_add(1, std::memory_order_relaxed);
      }
      lock.lock();
    }
  }

  sqlite3* writer_;
  std::unique_ptr<sqlite3, Close> conn_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool due_ = false;
  bool stop_ = false;
  std::atomic<std::int64_t> helper_runs_{0}, writer_runs_{0};
  std::jthread thread_;
};

struct Store::Impl {
  explicit Impl(const std::string& path)
      : db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX) {}

  // Statements reused across calls (prepared once, on first use). Declared
  // after `db` so they are finalized before the connection closes.
  SQLite::Database db;
  std::unique_ptr<SQLite::Statement> by_canonical, by_guid, by_hash, canonical_unkeyed,
      guid_unkeyed, hash_unkeyed, any_unkeyed, insert_doc, insert_fts, record_identities,
      count_recent, count_identities, data_version, count_all_identities, all_identities;
  // The rows InsertDocuments is writing, read by the corroborate_batch
  // virtual table (null outside InsertDocuments).
  PendingRows* pending = nullptr;
  // The "unicode61" wrapper registered on `db` (owned by the connection), or
  // null without FTS5.
  TokenReplay* replay = nullptr;
  // PendingRows' token buffers, kept for the next batch unless they grew
  // past kMaxTokenBuffers bytes.
  std::vector<TokenReplay::Tokens> token_buffers;
  static constexpr size_t kMaxTokenBuffers = size_t{64} << 20;
  // The identity keys stored, while RefreshKeyFilter keeps one; the PRAGMA
  // data_version it is good for; how many times one was built.
  std::unique_ptr<KeyFilter> key_filter;
  std::int64_t key_filter_version = 0;
  std::int64_t key_filter_builds = 0;
  // Null for in-memory databases. Last member: stopped before the statements
  // and the connection go, so closing still checkpoints the WAL.
  std::unique_ptr<Checkpointer> checkpointer;

  SQLite::Statement& Prepare(std::unique_ptr<SQLite::Statement>& slot, const char* sql) {
    if (!slot) slot = std::make_unique<SQLite::Statement>(db, sql);
    return *slot;
  }

  void TrimTokenBuffers() {
    size_t held = 0;
    for (const TokenReplay::Tokens& t : token_buffers) {
      held += t.bytes.capacity() + t.list.capacity() * sizeof(TokenReplay::Token);
    }
    if (held > kMaxTokenBuffers) std::vector<TokenReplay::Tokens>().swap(token_buffers);
  }

  // The first column of the first row `sql` gives (prepared in `slot`), or 0.
  std::int64_t QueryInt64(std::unique_ptr<SQLite::Statement>& slot, const char* sql) {
    SQLite::Statement& s = Prepare(slot, sql);
    ResetOnExit reset{s};
    return s.executeStep() ? s.getColumn(0).getInt64() : 0;
  }

  // Moves the entries of identities_recent into identities, in key order,
  // once it holds at least sqrt(kMergeFactor * entries in identities) and
  // at least kMinRecent. Each batch rewrites the pages of identities_recent it
  // touches, about all of them, and a merge rewrites every page of
  // identities once; with a batch of e entries, a threshold of sqrt(2 e N)
  // for N entries in identities minimises the pages written per batch.
  // kMergeFactor is 2 e for batches of 1,000 documents of 3 keys each.
  static constexpr std::int64_t kMinRecent = 4096, kMergeFactor = 6000;
  void MergeIdentitiesIfDue() {
    const std::int64_t recent = QueryInt64(count_recent, "SELECT count(*) FROM identities_recent");
    if (recent < kMinRecent) return;
    const std::int64_t merged = QueryInt64(count_identities, "SELECT count(*) FROM identities");
    const auto threshold = static_cast<std::int64_t>(
        std::sqrt(static_cast<double>(kMergeFactor) * static_cast<double>(merged)));
    if (recent < threshold) return;
    db.exec(
        "INSERT INTO identities (kind, key, document_id) SELECT kind, key, document_id "
        "FROM identities_recent ORDER BY kind, key, document_id");
    db.exec("DELETE FROM identities_recent");
  }

  // Makes `key_filter` hold every identity key stored, or drops it, at the
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
  static constexpr std::int64_t kBuildRatio = 32;
  static constexpr std::size_t kMinFilterKeys = 4096, kKeysPerDocument = 3;
  void RefreshKeyFilter(std::size_t batch_docs, std::int64_t stored_docs) {
    const std::int64_t version = QueryInt64(data_version, "PRAGMA data_version");
    if (key_filter && version != key_filter_version) key_filter.reset();
    const std::size_t incoming = kKeysPerDocument * batch_docs;
    if (key_filter && key_filter->size() + incoming <= key_filter->capacity()) return;
    if (!key_filter && static_cast<std::int64_t>(batch_docs) * kBuildRatio < stored_docs) return;
    const auto stored_keys = static_cast<std::size_t>(QueryInt64(
        count_all_identities,
        "SELECT (SELECT count(*) FROM identities) + (SELECT count(*) FROM identities_recent)"));
    auto filter =
        std::make_unique<KeyFilter>(std::max(kMinFilterKeys, 2 * (stored_keys + incoming)));
    SQLite::Statement& scan = Prepare(
        all_identities,
        "SELECT kind, key FROM identities UNION ALL SELECT kind, key FROM identities_recent");
    ResetOnExit reset{scan};
    while (scan.executeStep())
      filter->Add(scan.getColumn(0).getInt(), scan.getColumn(1).getInt64());
    key_filter = std::move(filter);
    key_filter_version = version;
    ++key_filter_builds;
  }

  // False when the key filter rules out that a row holds `key` of `kind`.
  bool MayHold(int kind, std::int64_t key) const {
    return !key_filter || key_filter->MayContain(kind, key);
  }

  // Id of the row the first statement column names, or 0; ?1 is `value`
  // and ?2, when given, its identity key.
  static std::int64_t LookupId(SQLite::Statement& s, const std::string& value,
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
  static Keyed LookupKeyed(SQLite::Statement& s, const std::string& value, std::int64_t key) {
    ResetOnExit reset{s};
    s.bindNoCopy(1, value);
    s.bind(2, key);
    if (!s.executeStep()) return {};
    if (s.getColumn(1).getInt() != 0) return {s.getColumn(0).getInt64(), false};
    return {0, true};
  }
};

Store::Store(std::unique_ptr<Impl> impl, std::string path)
    : impl_(std::move(impl)), path_(std::move(path)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const std::string& path) {
  std::unique_ptr<Impl> impl;
  try {
    impl = std::make_unique<Impl>(path);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kStore, fmt::format("{}: cannot open database: {}", path, e.what()));
  }
  SQLite::Database& db = impl->db;
  int version = 0;
  try {
    db.setBusyTimeout(5000);
    // The first read of the header: a file that is not a database fails here.
    version = db.execAndGet("PRAGMA user_version").getInt();
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_NOTADB) {
      return Fail(ErrorCode::kStore, fmt::format("{}: not a SQLite database", path));
    }
    return Fail(ErrorCode::kStore, fmt::format("{}: cannot open database: {}", path, e.what()));
  }
  const int known = SchemaVersion();
  if (version > known) {
    return Fail(ErrorCode::kUnsupported,
                fmt::format("{}: database schema version {} is newer than this corroborate "
                            "understands ({}); use a newer corroborate",
                            path, version, known));
  }
  Status setup = Guard(path, "setting up", [&]() -> Status {
    // Page size only takes effect on a new, empty file (before WAL is on):
    // 16 KiB pages suit rows of a few KB and the FTS5 segments.
    if (version == 0) db.exec("PRAGMA page_size = 16384");
    const bool wal = db.execAndGet("PRAGMA journal_mode = WAL").getString() == "wal";
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA temp_store = MEMORY");
    db.exec("PRAGMA cache_size = -65536");  // 64 MiB
    // Debian builds SQLite with secure_delete on (upstream's default is
    // off): every page FTS5's segment merges free is zeroed and written to
    // the WAL again, and every page a B-tree takes is zeroed in full. The
    // store holds fetched public texts and never deletes documents (only
    // sources, extractions and detected windows, which are re-derived), so
    // nothing asks for that. Measured with bench_store: 5% less CPU and 3%
    // fewer bytes written per run.
    db.exec("PRAGMA secure_delete = OFF");
    RegisterIdentityKey(db.getHandle());    // schema v7 computes keys of existing rows
    // Before any statement connects documents_fts, so that its tokenizer is
    // the wrapper.
    impl->replay = TokenReplay::Register(db.getHandle());
    const auto migrations = Migrations();
    for (int v = version; v < known; ++v) {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      // Another process may have migrated while we waited for the lock.
      if (db.execAndGet("PRAGMA user_version").getInt() > v) continue;
      db.exec(std::string(migrations[static_cast<size_t>(v)]));
      db.exec(fmt::format("PRAGMA user_version = {}", v + 1));
      tx.commit();
    }
    RegisterBatchTable(db.getHandle(), &impl->pending);
    if (wal) impl->checkpointer = std::make_unique<Checkpointer>(db.getHandle(), path);
    return {};
  });
  if (!setup) return std::unexpected(setup.error());
  return std::unique_ptr<Store>(new Store(std::move(impl), path));
}

CheckpointCounts Store::Checkpoints() const {
  return impl_->checkpointer ? impl_->checkpointer->Counts() : CheckpointCounts{};
}

std::int64_t Store::KeyFilterBuilds() const { return impl_->key_filter_builds; }

TokenCounts Store::Tokenizing() const {
  if (!impl_->replay) return {};
  return {impl_->replay->replayed(), impl_->replay->tokenized()};
}

Result<int> Store::UserVersion() {
  return Guard(path_, "reading schema version", [&]() -> Result<int> {
    return impl_->db.execAndGet("PRAGMA user_version").getInt();
  });
}

// --- sources ---------------------------------------------------------------

Result<AddSourceResult> Store::AddSource(const NewSource& source, Instant now) {
  if (source.url.empty()) return Fail(ErrorCode::kInvalidArgument, "source URL is empty");
  if (source.reliability && !ValidGrade(*source.reliability)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: reliability must be a grade A..F", source.url));
  }
  if (source.poll_interval && *source.poll_interval <= 0) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: poll interval must be positive", source.url));
  }
  return Guard(path_, fmt::format("adding source {}", source.url), [&]() -> Result<AddSourceResult> {
    SQLite::Database& db = impl_->db;
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement find(db, "SELECT id FROM sources WHERE url = ?1");
    find.bind(1, source.url);
    AddSourceResult result;
    const std::string kind = SourceKindName(source.kind);
    if (find.executeStep()) {
      result.id = find.getColumn(0).getInt64();
      SQLite::Statement update(db,
                               "UPDATE sources SET kind = ?2, "
                               "title = COALESCE(?3, title), "
                               "reliability = COALESCE(?4, reliability), "
                               "poll_interval = COALESCE(?5, poll_interval) WHERE id = ?1");
      update.bind(1, static_cast<std::int64_t>(result.id));
      update.bind(2, kind);
      BindTextOrNull(update, 3, source.title);
      if (source.reliability) {
        update.bind(4, std::string(1, *source.reliability));
      } else {
        update.bind(4);
      }
      BindInstant(update, 5, source.poll_interval);
      update.exec();
    } else {
      SQLite::Statement insert(db,
                               "INSERT INTO sources (kind, url, title, reliability, next_poll, "
                               "poll_interval, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)");
      insert.bind(1, kind);
      insert.bind(2, source.url);
      insert.bind(3, source.title);
      insert.bind(4, std::string(1, source.reliability.value_or('F')));
      insert.bind(5, static_cast<std::int64_t>(now));
      insert.bind(6, static_cast<std::int64_t>(source.poll_interval.value_or(3600)));
      insert.exec();
      result.id = db.getLastInsertRowid();
      result.created = true;
    }
    tx.commit();
    return result;
  });
}

Result<std::vector<Source>> Store::ListSources() {
  return Guard(path_, "listing sources", [&]() -> Result<std::vector<Source>> {
    SQLite::Statement s(impl_->db, fmt::format("SELECT {} FROM sources ORDER BY id", kSourceColumns));
    std::vector<Source> out;
    while (s.executeStep()) out.push_back(ReadSource(s));
    return out;
  });
}

Status Store::RemoveSource(std::string_view url) {
  const std::string key(url);
  return Guard(path_, fmt::format("removing source {}", key), [&]() -> Status {
    SQLite::Statement s(impl_->db, "DELETE FROM sources WHERE url = ?1");
    s.bind(1, key);
    if (s.exec() == 0) return Fail(ErrorCode::kNotFound, fmt::format("{}: no such source", key));
    return {};
  });
}

Result<Source> Store::GetSource(std::int64_t id) {
  return Guard(path_, "reading source", [&]() -> Result<Source> {
    SQLite::Statement s(impl_->db,
                        fmt::format("SELECT {} FROM sources WHERE id = ?1", kSourceColumns));
    s.bind(1, static_cast<std::int64_t>(id));
    if (!s.executeStep()) return Fail(ErrorCode::kNotFound, fmt::format("source {}: no such source", id));
    return ReadSource(s);
  });
}

Result<Source> Store::GetSource(std::string_view url) {
  const std::string key(url);
  return Guard(path_, "reading source", [&]() -> Result<Source> {
    SQLite::Statement s(impl_->db,
                        fmt::format("SELECT {} FROM sources WHERE url = ?1", kSourceColumns));
    s.bind(1, key);
    if (!s.executeStep()) return Fail(ErrorCode::kNotFound, fmt::format("{}: no such source", key));
    return ReadSource(s);
  });
}

Result<std::vector<Source>> Store::DueSources(Instant now) {
  return Guard(path_, "listing due sources", [&]() -> Result<std::vector<Source>> {
    SQLite::Statement s(impl_->db, fmt::format("SELECT {} FROM sources WHERE next_poll <= ?1 "
                                               "ORDER BY next_poll, id",
                                               kSourceColumns));
    s.bind(1, static_cast<std::int64_t>(now));
    std::vector<Source> out;
    while (s.executeStep()) out.push_back(ReadSource(s));
    return out;
  });
}

Status Store::RecordFetchSuccess(std::int64_t source_id, std::string_view etag,
                                 std::string_view last_modified, Instant next_poll) {
  return Guard(path_, "recording fetch", [&]() -> Status {
    SQLite::Statement s(impl_->db,
                        "UPDATE sources SET etag = ?2, last_modified = ?3, next_poll = ?4, "
                        "last_error = '', consecutive_failures = 0 WHERE id = ?1");
    s.bind(1, static_cast<std::int64_t>(source_id));
    s.bind(2, std::string(etag));
    s.bind(3, std::string(last_modified));
    s.bind(4, static_cast<std::int64_t>(next_poll));
    if (s.exec() == 0) {
      return Fail(ErrorCode::kNotFound, fmt::format("source {}: no such source", source_id));
    }
    return {};
  });
}

Status Store::RecordFetchFailure(std::int64_t source_id, std::string_view error,
                                 Instant next_poll) {
  return Guard(path_, "recording fetch failure", [&]() -> Status {
    SQLite::Statement s(impl_->db,
                        "UPDATE sources SET last_error = ?2, next_poll = ?3, "
                        "consecutive_failures = consecutive_failures + 1 WHERE id = ?1");
    s.bind(1, static_cast<std::int64_t>(source_id));
    s.bind(2, std::string(error));
    s.bind(3, static_cast<std::int64_t>(next_poll));
    if (s.exec() == 0) {
      return Fail(ErrorCode::kNotFound, fmt::format("source {}: no such source", source_id));
    }
    return {};
  });
}

// --- documents -------------------------------------------------------------

namespace {

void BindInt64OrNull(SQLite::Statement& s, int i, std::optional<std::int64_t> v) {
  if (v) {
    s.bind(i, *v);
  } else {
    s.bind(i);
  }
}

// Binds one new row (with its explicit id) to an INSERT with the
// kInsertColumns order. `compressed` must outlive the execution.
void BindDocument(SQLite::Statement& s, const Document& d, std::int64_t id, const StagedRow& row,
                  const std::string& compressed) {
  s.bind(1, static_cast<std::int64_t>(id));
  if (d.source_id) {
    s.bind(2, static_cast<std::int64_t>(d.source_id));
  } else {
    s.bind(2);
  }
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

}  // namespace

// Lookups by identity key (schema v8: identities and identities_recent).
// For URL and GUID a key names at most one row: the statement gives the row
// holding key ?2 and whether its value is ?1 (if not, the key is taken by
// another value). For a content hash, the oldest original (not itself a
// duplicate) with hash ?1.
namespace {

// `select` run over each level of the identity tables, recent first ("{}"
// in it names the table), as one UNION ALL.
std::string OverBothLevels(std::string_view select) {
  return fmt::format(fmt::runtime(select), "identities_recent") + " UNION ALL " +
         fmt::format(fmt::runtime(select), "identities");
}

}  // namespace

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

// The new rows' keys go to identities_recent: URL, GUID, and the content key
// of originals.
const char* const kRecordIdentitiesSql =
    "INSERT INTO identities_recent (kind, key, document_id) "
    "SELECT 0, canonical_key, id FROM corroborate_batch WHERE canonical_key IS NOT NULL "
    "UNION ALL SELECT 1, guid_key, id FROM corroborate_batch WHERE guid_key IS NOT NULL "
    "UNION ALL SELECT 2, content_key, id FROM corroborate_batch "
    "WHERE content_key IS NOT NULL AND duplicate_of IS NULL";

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

// How a batch is written: identities are resolved first (against both
// levels of the identity tables and, in memory, against the batch itself),
// giving the new rows explicit ids. Then three INSERT ... SELECT statements
// read the new rows from the corroborate_batch virtual table straight out of
// `docs` (no staging copy): first into documents_fts (schema v4 has no
// insert trigger), while worker threads compress the raw bytes, then into
// `documents`, whose raw column by then rarely waits, then their keys into
// identities_recent (see MergeIdentitiesIfDue). Whole-batch statements
// matter for speed: SQLite 3.40's FTS5 flushes its pending terms at every
// statement savepoint, so row-by-row inserts would write one index segment
// per document; here the batch's terms are flushed once, as one segment.
//
// A document without identity is rejected at once. When SQLite refuses the
// batch for a row's sake (a constraint, a value too big), the staged rows
// are replayed one by one to find the rows it refuses; the batch is then
// written again without them. Each attempt is one transaction, so a failure
// of any other kind leaves nothing of the batch behind.
Result<InsertReport> Store::InsertDocuments(const std::vector<Document>& docs) {
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

Result<InsertReport> Store::WriteBatch(const std::vector<Document>& docs,
                                       const std::vector<char>& skip,
                                       std::vector<RejectedDocument>& refused) {
  InsertReport report;
  report.ids.reserve(docs.size());
  std::vector<StagedRow> staged;
  try {
    Impl& im = *impl_;
    SQLite::Transaction tx(im.db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement& by_canonical = im.Prepare(im.by_canonical, kCanonicalLookupSql.c_str());
    SQLite::Statement& by_guid = im.Prepare(im.by_guid, kGuidLookupSql.c_str());
    SQLite::Statement& by_hash = im.Prepare(im.by_hash, kContentHashLookupSql.c_str());
    bool unkeyed_canonical = false, unkeyed_guid = false, unkeyed_hash = false;
    {
      SQLite::Statement& any = im.Prepare(im.any_unkeyed, kAnyUnkeyedSql);
      ResetOnExit reset{any};
      if (any.executeStep()) {
        unkeyed_canonical = any.getColumn(0).getInt() != 0;
        unkeyed_guid = any.getColumn(1).getInt() != 0;
        unkeyed_hash = any.getColumn(2).getInt() != 0;
      }
    }
    SQLite::Statement& insert = im.Prepare(
        im.insert_doc,
        fmt::format("INSERT INTO documents ({0}) SELECT {0} FROM corroborate_batch", kInsertColumns)
            .c_str());
    SQLite::Statement& index = im.Prepare(
        im.insert_fts,
        "INSERT INTO documents_fts (rowid, title, text) SELECT id, title, text FROM corroborate_batch");
    std::int64_t next_id = im.db.execAndGet("SELECT COALESCE(max(id), 0) + 1 FROM documents").getInt64();
    im.RefreshKeyFilter(docs.size(), next_id - 1);
    // Identities and URL/GUID keys of the rows staged so far in this batch.
    std::unordered_map<std::string_view, std::int64_t> batch_canonical, batch_guid, batch_hash;
    std::unordered_set<std::int64_t> batch_canonical_keys, batch_guid_keys;
    for (auto* map : {&batch_canonical, &batch_guid, &batch_hash}) map->reserve(docs.size());
    batch_canonical_keys.reserve(docs.size());
    batch_guid_keys.reserve(docs.size());
    auto find = [](const auto& map, std::string_view key) -> std::int64_t {
      auto it = map.find(key);
      return it == map.end() ? 0 : it->second;
    };
    // The stored or staged row a URL (kind 0) or GUID (kind 1) names, by
    // key, then among the unkeyed rows; `key` is left empty when another
    // value holds it.
    auto identify = [&](int kind, const std::string& value, auto& batch, auto& batch_keys,
                        SQLite::Statement& keyed, bool unkeyed,
                        std::unique_ptr<SQLite::Statement>& slot, const char* unkeyed_sql,
                        std::optional<std::int64_t>& key) -> std::int64_t {
      if (std::int64_t id = find(batch, value)) return id;
      const std::int64_t k = IdentityKey(value);
      const Impl::Keyed found =
          im.MayHold(kind, k) ? Impl::LookupKeyed(keyed, value, k) : Impl::Keyed{};
      if (found.id) return found.id;
      if (unkeyed) {
        if (std::int64_t id = Impl::LookupId(im.Prepare(slot, unkeyed_sql), value)) return id;
      }
      if (!found.key_taken && !batch_keys.contains(k)) key = k;
      return 0;
    };
    for (size_t at = 0; at < docs.size(); ++at) {
      if (skip[at]) {
        report.ids.push_back(0);
        continue;
      }
      const Document& d = docs[at];
      StagedRow row{.at = at};
      std::int64_t existing = 0;
      if (!d.canonical_url.empty()) {
        existing = identify(0, d.canonical_url, batch_canonical, batch_canonical_keys, by_canonical,
                            unkeyed_canonical, im.canonical_unkeyed, kCanonicalUnkeyedSql,
                            row.canonical_key);
      }
      if (!existing && !d.guid.empty()) {
        existing = identify(1, d.guid, batch_guid, batch_guid_keys, by_guid, unkeyed_guid,
                            im.guid_unkeyed, kGuidUnkeyedSql, row.guid_key);
      }
      std::int64_t original = 0;
      if (!existing && !d.content_hash.empty()) {
        row.content_key = IdentityKey(d.content_hash);
        if (im.MayHold(2, *row.content_key)) {
          original = Impl::LookupId(by_hash, d.content_hash, row.content_key);
        }
        if (unkeyed_hash) {
          const std::int64_t other =
              Impl::LookupId(im.Prepare(im.hash_unkeyed, kContentHashUnkeyedSql), d.content_hash);
          if (other && (!original || other < original)) original = other;
        }
        if (!original) original = find(batch_hash, d.content_hash);
      }
      if (!existing && original && d.canonical_url.empty() && d.guid.empty()) existing = original;
      if (existing) {
        ++report.unchanged;
        report.ids.push_back(existing);
        continue;
      }
      const std::int64_t id = next_id++;
      if (!d.canonical_url.empty()) batch_canonical.emplace(d.canonical_url, id);
      if (!d.guid.empty()) batch_guid.emplace(d.guid, id);
      if (row.canonical_key) batch_canonical_keys.insert(*row.canonical_key);
      if (row.guid_key) batch_guid_keys.insert(*row.guid_key);
      if (!original && !d.content_hash.empty()) batch_hash.emplace(d.content_hash, id);
      row.duplicate_of = original;
      staged.push_back(row);
      report.ids.push_back(id);
      ++(original ? report.duplicates : report.added);
    }
    if (!staged.empty()) {
      PendingRows rows(docs, staged, report.ids, im.replay, im.token_buffers);
      im.pending = &rows;
      if (im.replay) im.replay->SetSource(&rows);
      struct Unset {
        Impl& im;
        ~Unset() {
          im.pending = nullptr;
          if (im.replay) im.replay->SetSource(nullptr);
        }
      } unset{im};
      ExecAndReset(index);
      ExecAndReset(insert);
      ExecAndReset(im.Prepare(im.record_identities, kRecordIdentitiesSql));
      if (im.key_filter) {  // the keys kRecordIdentitiesSql recorded
        for (const StagedRow& r : staged) {
          if (r.canonical_key) im.key_filter->Add(0, *r.canonical_key);
          if (r.guid_key) im.key_filter->Add(1, *r.guid_key);
          if (r.content_key && !r.duplicate_of) im.key_filter->Add(2, *r.content_key);
        }
      }
      im.MergeIdentitiesIfDue();  // only new keys can make a merge due
      // `rows` goes here, joining its workers before the buffers are trimmed.
    }
    im.TrimTokenBuffers();
    tx.commit();
  } catch (const std::exception& e) {
    const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&e);
    const int code = sqlite ? sqlite->getErrorCode() : SQLITE_ERROR;
    if (code == SQLITE_CONSTRAINT || code == SQLITE_TOOBIG || code == SQLITE_MISMATCH) {
      refused = FindBadDocuments(docs, staged);
    }
    return Fail(ErrorCode::kStore,
                fmt::format("{}: storing documents failed, nothing stored: {}", path_, e.what()));
  }
  return report;
}

// After a batch SQLite refused for a row's sake: replays the staged rows one
// by one in a transaction that is always rolled back, and gives those it
// refuses (a duplicate of a refused row is tried as an original). Empty when
// the replay itself fails or refuses none.
std::vector<RejectedDocument> Store::FindBadDocuments(const std::vector<Document>& docs,
                                                      const std::vector<StagedRow>& staged) {
  std::vector<RejectedDocument> bad;
  try {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement insert(impl_->db,
                             fmt::format("INSERT INTO documents ({}) VALUES (?1, ?2, ?3, ?4, ?5, "
                                         "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
                                         "?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
                                         kInsertColumns));
    std::int64_t next_id =
        impl_->db.execAndGet("SELECT COALESCE(max(id), 0) + 1 FROM documents").getInt64();
    std::unordered_set<std::int64_t> refused_ids;
    std::string compressed;
    for (StagedRow row : staged) {
      const Document& d = docs[row.at];
      const std::int64_t id = next_id++;
      if (refused_ids.contains(row.duplicate_of)) row.duplicate_of = 0;
      try {
        insert.tryReset();  // reset() would throw the last row's error again
        compressed = d.raw.empty() ? std::string() : Compress(d.raw, d.text);
        BindDocument(insert, d, id, row, compressed);
        insert.exec();
      } catch (const SQLite::Exception& e) {
        const int code = e.getErrorCode();
        if (code != SQLITE_CONSTRAINT && code != SQLITE_TOOBIG && code != SQLITE_MISMATCH) {
          return {};
        }
        refused_ids.insert(id);
        bad.push_back({row.at, e.what()});
      }
    }
  } catch (const std::exception&) {
    return {};
  }
  return bad;
}

Result<StoredDocument> Store::GetDocument(std::int64_t id) {
  return Guard(path_, fmt::format("reading document {}", id), [&]() -> Result<StoredDocument> {
    SQLite::Statement s(impl_->db,
                        fmt::format("SELECT {} FROM documents WHERE id = ?1", kDocumentColumns));
    s.bind(1, static_cast<std::int64_t>(id));
    if (!s.executeStep()) {
      return Fail(ErrorCode::kNotFound, fmt::format("document {}: no such document", id));
    }
    return ReadDocument(s, /*with_raw=*/true);
  });
}

Result<std::vector<StoredDocument>> Store::ListDocuments(const DocumentFilter& filter) {
  return Guard(path_, "listing documents", [&]() -> Result<std::vector<StoredDocument>> {
    std::string sql = fmt::format("SELECT {} FROM documents{} ORDER BY id", kDocumentColumns,
                                  FilterSql(filter));
    if (filter.limit > 0) sql += fmt::format(" LIMIT {}", filter.limit);
    SQLite::Statement s(impl_->db, sql);
    BindFilter(s, filter);
    std::vector<StoredDocument> out;
    while (s.executeStep()) out.push_back(ReadDocument(s, filter.with_raw));
    return out;
  });
}

Result<std::int64_t> Store::CountDocuments(const DocumentFilter& filter) {
  return Guard(path_, "counting documents", [&]() -> Result<std::int64_t> {
    SQLite::Statement s(impl_->db, "SELECT count(*) FROM documents" + FilterSql(filter));
    BindFilter(s, filter);
    s.executeStep();
    return s.getColumn(0).getInt64();
  });
}

namespace {

// What a search query asks of FTS5, read without validating it (FTS5 does):
// its terms (barewords other than operators, and the words of phrases),
// operators (AND, OR, NOT, NEAR and opening parentheses) and the text of
// each term followed by '*' (a prefix).
struct QueryShape {
  int terms = 0;
  int operators = 0;
  std::vector<std::string_view> prefixes;
};

bool IsBarewordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
         c == 0x1A || c >= 0x80;
}

QueryShape ShapeOf(std::string_view q) {
  QueryShape shape;
  std::string_view last_term;  // the term just read, if the next token may make it a prefix
  std::size_t i = 0;
  while (i < q.size()) {
    const auto c = static_cast<unsigned char>(q[i]);
    if (c == '"') {
      // A string; "" inside it is a quotation mark.
      std::size_t j = i + 1;
      int words = 0;
      bool in_word = false;
      while (j < q.size()) {
        if (q[j] == '"') {
          if (j + 1 < q.size() && q[j + 1] == '"') {
            j += 2;
            in_word = false;
            continue;
          }
          break;
        }
        const bool word = IsBarewordByte(static_cast<unsigned char>(q[j]));
        if (word && !in_word) ++words;
        in_word = word;
        ++j;
      }
      shape.terms += std::max(words, 1);
      last_term = q.substr(i + 1, std::min(j, q.size()) - i - 1);
      i = j + 1;
    } else if (IsBarewordByte(c)) {
      std::size_t j = i;
      while (j < q.size() && IsBarewordByte(static_cast<unsigned char>(q[j]))) ++j;
      const std::string_view word = q.substr(i, j - i);
      if (word == "AND" || word == "OR" || word == "NOT" || word == "NEAR") {
        ++shape.operators;
        last_term = {};
      } else {
        ++shape.terms;
        last_term = word;
      }
      i = j;
    } else {
      if (c == '*' && !last_term.empty()) shape.prefixes.push_back(last_term);
      if (c == '(') ++shape.operators;
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') last_term = {};
      ++i;
    }
  }
  return shape;
}

// Stops the statements of a search at its deadline (SQLite's progress
// handler), and removes the handler when it goes.
class SearchDeadline {
 public:
  SearchDeadline(sqlite3* db, double seconds) : db_(db) {
    at_ = std::chrono::steady_clock::now() +
          std::chrono::duration_cast<std::chrono::steady_clock::duration>(
              std::chrono::duration<double>(std::max(seconds, 0.0)));
    // Every 100 virtual machine instructions; FTS5 reads its index through
    // statements of its own, which count too.
    sqlite3_progress_handler(db_, 100, &SearchDeadline::Check, this);
  }
  ~SearchDeadline() { sqlite3_progress_handler(db_, 0, nullptr, nullptr); }
  SearchDeadline(const SearchDeadline&) = delete;
  SearchDeadline& operator=(const SearchDeadline&) = delete;

 private:
  static int Check(void* self) {
    return std::chrono::steady_clock::now() >= static_cast<SearchDeadline*>(self)->at_ ? 1 : 0;
  }
  sqlite3* db_;
  std::chrono::steady_clock::time_point at_;
};

std::string WordCount(std::int64_t n, std::string_view what) {
  return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s");
}

}  // namespace

Result<std::vector<SearchHit>> Store::Search(std::string_view query, int limit,
                                             const SearchLimits& limits) {
  const std::string q(query);
  if (TrimAscii(q).empty()) return Fail(ErrorCode::kInvalidArgument, "search query is empty");
  const std::string quoted = QuoteForMessage(q);
  const QueryShape shape = ShapeOf(q);
  if (shape.terms > limits.max_terms) {
    return Fail(ErrorCode::kTooLarge,
                fmt::format("search query {}: {}, more than the limit of {}; search with fewer",
                            quoted, WordCount(shape.terms, "term"), limits.max_terms));
  }
  if (shape.operators > limits.max_operators) {
    return Fail(ErrorCode::kTooLarge,
                fmt::format("search query {}: {} (AND, OR, NOT, NEAR, parentheses), more than the "
                            "limit of {}; search with fewer",
                            quoted, WordCount(shape.operators, "operator"), limits.max_operators));
  }
  try {
    SearchDeadline deadline(impl_->db.getHandle(), limits.max_seconds);
    SQLite::Statement s(
        impl_->db,
        "SELECT d.id, d.title, d.url, d.published, "
        "snippet(documents_fts, -1, '[', ']', '…', 16), bm25(documents_fts, 10.0, 1.0) AS r "
        "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
        "WHERE documents_fts MATCH ?1 AND d.duplicate_of IS NULL ORDER BY r LIMIT ?2");
    if (!shape.prefixes.empty()) {
      // How many indexed words the prefixes begin (each read as the index's
      // tokenizer reads it: "T*" is "t*"), up to one more than the limit.
      impl_->db.exec(
          "CREATE VIRTUAL TABLE IF NOT EXISTS temp.corroborate_vocab "
          "USING fts5vocab(main, 'documents_fts', 'row')");
      SQLite::Statement count(impl_->db,
                              "SELECT count(*) FROM (SELECT 1 FROM temp.corroborate_vocab "
                              "WHERE term >= ?1 AND term < ?2 LIMIT ?3)");
      std::unique_ptr<TokenReplay::Tokenizer> tokenizer =
          impl_->replay ? impl_->replay->NewTokenizer() : nullptr;
      TokenReplay::Tokens tokens;
      std::int64_t words = 0;
      for (std::string_view prefix : shape.prefixes) {
        std::string token;
        if (tokenizer && tokenizer->Tokenize(prefix, tokens)) {
          if (!tokens.list.empty()) {
            const TokenReplay::Token& last = tokens.list.back();
            token = tokens.bytes.substr(last.offset, static_cast<std::size_t>(last.size));
          }
        } else {
          token = ToLowerAscii(prefix);
        }
        if (token.empty()) continue;
        count.bind(1, token);
        count.bind(2, token + "\xFF");  // above every word that begins with it (UTF-8 has no 0xFF)
        count.bind(3, limits.max_prefix_words - words + 1);
        if (count.executeStep()) words += count.getColumn(0).getInt64();
        count.reset();
        if (words > limits.max_prefix_words) {
          return Fail(
              ErrorCode::kTooLarge,
              fmt::format("search query {}: its prefix terms (word*) expand to more than "
                          "{} indexed words, the limit; use longer prefixes or fewer of them",
                          quoted, limits.max_prefix_words));
        }
      }
    }
    s.bind(1, q);
    s.bind(2, limit > 0 ? limit : -1);
    std::vector<SearchHit> out;
    while (s.executeStep()) {
      SearchHit hit;
      hit.id = s.getColumn(0).getInt64();
      hit.title = s.getColumn(1).getString();
      hit.url = s.getColumn(2).getString();
      hit.published = ColumnInstant(s.getColumn(3));
      hit.snippet = s.getColumn(4).getString();
      hit.rank = s.getColumn(5).getDouble();
      out.push_back(std::move(hit));
    }
    return out;
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_INTERRUPT) {
      return Fail(ErrorCode::kTimeout,
                  fmt::format("search query {}: stopped at the time limit of {:g} s; search with "
                              "fewer or more specific terms, or allow more time (search --timeout)",
                              quoted, limits.max_seconds));
    }
    // A malformed MATCH expression surfaces as a plain SQLITE_ERROR from FTS5.
    if (e.getErrorCode() == SQLITE_ERROR) {
      // SQLite's message may quote part of the query ("no such column: ...").
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("search query {}: {}", quoted, ClipForMessage(e.what(), 120)));
    }
    return Fail(ErrorCode::kStore, fmt::format("{}: search failed: {}", path_, e.what()));
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kStore, fmt::format("{}: search failed: {}", path_, e.what()));
  }
}

}  // namespace corroborate::store
