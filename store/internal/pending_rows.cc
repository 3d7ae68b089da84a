#include "store/internal/pending_rows.h"

#include <fmt/core.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <stdexcept>
#include <utility>

#include "store/internal/raw_codec.h"

namespace corroborate::store::internal {

const char* const kInsertColumns =
    "id, source_id, kind, url, canonical_url, guid, title, author, published, "
    "published_precision, modified, fetched, language, text, content_hash, raw, raw_size, "
    "raw_type, parent_url, quote_of, duplicate_of, published_offset, canonical_key, guid_key, "
    "content_key";

PendingRows::PendingRows(const std::vector<Document>& docs, const std::vector<StagedRow>& staged,
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

PendingRows::~PendingRows() {
  stop_.store(true, std::memory_order_relaxed);
  pool_.clear();  // joins
}

const std::vector<std::string>& PendingRows::Args() const {
  static const std::vector<std::string> kNone;
  return tokenizers_.empty() ? kNone : tokenizers_.front()->args();
}

std::string_view PendingRows::Text(size_t i) const {
  const Document& d = docs_[staged_[i / 2].at];
  return i % 2 == 0 ? d.title : d.text;
}

const TokenReplay::Tokens* PendingRows::Ready(size_t i) const {
  const size_t k = i / 2;
  indexing_.store(k, std::memory_order_relaxed);
  if (tokenized_[k % workers_].load(std::memory_order_acquire) <= k / workers_) return nullptr;
  return tokens_ok_[i] ? &tokens_[i] : nullptr;
}

void PendingRows::Column(sqlite3_context* ctx, size_t k, int col) {
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

// Worker t takes rows t, t + T, t + 2T, ...: tokenizes each (counted in
// tokenized_[t]) unless the writer's index insert has passed it, and
// compresses each (counted in done_[t]). The index insert needs the tokens
// first and the documents insert after it the compressed bytes, so the
// worker tokenizes while it is less than kLead rows ahead of the index
// insert, and compresses otherwise. Per row, both together cost a worker
// less than indexing the row costs the writer.
void PendingRows::Work(size_t t) {
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
        if (!d.raw.empty()) compressed_[ck] = CompressRaw(d.raw, d.text);
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
const std::string* PendingRows::Compressed(size_t k) {
  try {
    if (workers_ == 0) {
      if (compressed_[k].empty()) {
        const Document& d = docs_[staged_[k].at];
        compressed_[k] = CompressRaw(d.raw, d.text);
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

namespace {

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

}  // namespace

void RegisterBatchTable(sqlite3* db, PendingRows** rows) {
  if (sqlite3_create_module_v2(db, "corroborate_batch", &kBatchModule, rows, nullptr) !=
      SQLITE_OK) {
    throw std::runtime_error(sqlite3_errmsg(db));
  }
}

}  // namespace corroborate::store::internal
