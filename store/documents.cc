#include "store/documents.h"

#include <fmt/core.h>
#include <sqlite3.h>

#include <algorithm>
#include <utility>

#include "core/text.h"
#include "store/internal/batch_insert.h"
#include "store/internal/connection.h"
#include "store/internal/raw_codec.h"
#include "store/internal/search_bounds.h"

namespace corroborate::store {
namespace {

using internal::ColumnInt64OrNull;
using internal::Guard;

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
  d.published = ColumnInt64OrNull(s.getColumn(8));
  d.published_precision =
      GranularityFromName(s.getColumn(9).getText()).value_or(Granularity::kUnknown);
  d.modified = ColumnInt64OrNull(s.getColumn(10));
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
    d.raw =
        internal::DecompressRaw(raw.getBlob(), raw.getBytes(), s.getColumn(20).getInt64(), d.text);
  }
  if (!s.getColumn(21).isNull()) d.published_offset = s.getColumn(21).getInt();
  return out;
}

// The WHERE clause of `f`, for BindFilter to fill in.
std::string FilterSql(const DocumentFilter& f) {
  std::string sql = " WHERE id > ?1";
  if (f.source_id) sql += " AND source_id = ?2";
  if (f.kind) sql += " AND kind = ?3";
  if (f.published_from) sql += " AND published >= ?4";
  if (f.published_to) sql += " AND published < ?5";
  if (!f.include_duplicates) sql += " AND duplicate_of IS NULL";
  return sql;
}

std::string WordCount(std::int64_t n, std::string_view what) {
  return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s");
}

// kTooLarge when `shape` has more terms or operators than `limits` allow.
Status CheckShape(const internal::QueryShape& shape, const SearchLimits& limits,
                  const std::string& quoted) {
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
  return {};
}

void BindFilter(SQLite::Statement& s, const DocumentFilter& f) {
  s.bind(1, static_cast<std::int64_t>(f.after_id));
  if (f.source_id) s.bind(2, static_cast<std::int64_t>(*f.source_id));
  if (f.kind) s.bind(3, DocumentKindName(*f.kind));
  if (f.published_from) s.bind(4, static_cast<std::int64_t>(*f.published_from));
  if (f.published_to) s.bind(5, static_cast<std::int64_t>(*f.published_to));
}

}  // namespace

Result<InsertReport> Documents::InsertDocuments(const std::vector<Document>& docs) {
  return db_.connection().batch->Insert(docs);
}

Result<StoredDocument> Documents::GetDocument(std::int64_t id) {
  internal::Connection& c = db_.connection();
  return Guard(c.path, fmt::format("reading document {}", id), [&]() -> Result<StoredDocument> {
    SQLite::Statement s(c.db,
                        fmt::format("SELECT {} FROM documents WHERE id = ?1", kDocumentColumns));
    s.bind(1, static_cast<std::int64_t>(id));
    if (!s.executeStep()) {
      return Fail(ErrorCode::kNotFound, fmt::format("document {}: no such document", id));
    }
    return ReadDocument(s, /*with_raw=*/true);
  });
}

Result<std::vector<StoredDocument>> Documents::GetDocuments(const std::vector<std::int64_t>& ids,
                                                            bool with_text) {
  internal::Connection& c = db_.connection();
  return Guard(c.path, "reading documents", [&]() -> Result<std::vector<StoredDocument>> {
    std::string columns = kDocumentColumns;
    if (!with_text) columns.replace(columns.find(" text,"), 6, " '' AS text,");
    SQLite::Statement s(c.db, fmt::format("SELECT {} FROM documents WHERE id = ?1", columns));
    std::vector<std::int64_t> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::vector<StoredDocument> out;
    for (std::int64_t id : sorted) {
      s.bind(1, id);
      if (s.executeStep()) out.push_back(ReadDocument(s, /*with_raw=*/false));
      s.reset();
    }
    return out;
  });
}

Result<std::vector<StoredDocument>> Documents::ListDocuments(const DocumentFilter& filter) {
  internal::Connection& c = db_.connection();
  return Guard(c.path, "listing documents", [&]() -> Result<std::vector<StoredDocument>> {
    std::string sql =
        fmt::format("SELECT {} FROM documents{} ORDER BY id", kDocumentColumns, FilterSql(filter));
    if (filter.limit > 0) sql += fmt::format(" LIMIT {}", filter.limit);
    SQLite::Statement s(c.db, sql);
    BindFilter(s, filter);
    std::vector<StoredDocument> out;
    while (s.executeStep()) out.push_back(ReadDocument(s, filter.with_raw));
    return out;
  });
}

Result<std::int64_t> Documents::CountDocuments(const DocumentFilter& filter) {
  internal::Connection& c = db_.connection();
  return Guard(c.path, "counting documents", [&]() -> Result<std::int64_t> {
    SQLite::Statement s(c.db, "SELECT count(*) FROM documents" + FilterSql(filter));
    BindFilter(s, filter);
    s.executeStep();
    return s.getColumn(0).getInt64();
  });
}

Result<std::vector<SearchHit>> Documents::Search(std::string_view query, int limit,
                                                 const SearchLimits& limits) {
  const std::string q(query);
  if (TrimAscii(q).empty()) return Fail(ErrorCode::kInvalidArgument, "search query is empty");
  const std::string quoted = QuoteForMessage(q);
  const internal::QueryShape shape = internal::ShapeOf(q);
  if (Status st = CheckShape(shape, limits, quoted); !st) return std::unexpected(st.error());
  internal::Connection& c = db_.connection();
  try {
    internal::SearchDeadline deadline(c.db.getHandle(), limits.max_seconds);
    SQLite::Statement s(
        c.db,
        "SELECT d.id, d.title, d.url, d.published, "
        "snippet(documents_fts, -1, '[', ']', '…', 16), bm25(documents_fts, 10.0, 1.0) AS r "
        "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
        "WHERE documents_fts MATCH ?1 AND d.duplicate_of IS NULL ORDER BY r LIMIT ?2");
    if (!shape.prefixes.empty() &&
        internal::CountPrefixWords(c.db, c.replay, shape.prefixes, limits.max_prefix_words) >
            limits.max_prefix_words) {
      return Fail(ErrorCode::kTooLarge,
                  fmt::format("search query {}: its prefix terms (word*) expand to more than "
                              "{} indexed words, the limit; use longer prefixes or fewer of them",
                              quoted, limits.max_prefix_words));
    }
    s.bind(1, q);
    s.bind(2, limit > 0 ? limit : -1);
    std::vector<SearchHit> out;
    while (s.executeStep()) {
      SearchHit hit;
      hit.id = s.getColumn(0).getInt64();
      hit.title = s.getColumn(1).getString();
      hit.url = s.getColumn(2).getString();
      hit.published = ColumnInt64OrNull(s.getColumn(3));
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
    return Fail(ErrorCode::kStore, fmt::format("{}: search failed: {}", c.path, e.what()));
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kStore, fmt::format("{}: search failed: {}", c.path, e.what()));
  }
}

}  // namespace corroborate::store
