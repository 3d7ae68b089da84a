// Internal to store/: what keeps one full-text search bounded in time and
// memory (Documents::Search, SearchLimits). FTS5 expands a prefix term
// ("t*") to every indexed word it begins and merges their documents, once
// per term of the query, so a query is measured before it runs and stopped
// when it runs too long.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

#include "store/internal/token_replay.h"

namespace corroborate::store::internal {

// What a search query asks of FTS5, read without validating it (FTS5 does):
// its terms (barewords other than operators, and the words of phrases),
// operators (AND, OR, NOT, NEAR and opening parentheses) and the text of
// each term followed by '*' (a prefix), as views into the query.
struct QueryShape {
  int terms = 0;
  int operators = 0;
  std::vector<std::string_view> prefixes;
};
QueryShape ShapeOf(std::string_view query);

// How many indexed words of documents_fts the `prefixes` begin, together,
// each read as the index's tokenizer reads it ("T*" is "t*"; `replay` makes
// that tokenizer, ASCII lower case without it); counting stops once past
// `limit`. Throws SQLite::Exception.
std::int64_t CountPrefixWords(SQLite::Database& db, const TokenReplay* replay,
                              const std::vector<std::string_view>& prefixes, std::int64_t limit);

// Stops the statements run on `db` at a deadline `seconds` from now
// (SQLite's progress handler; they fail with SQLITE_INTERRUPT), and removes
// the handler when it goes.
class SearchDeadline {
 public:
  SearchDeadline(sqlite3* db, double seconds);
  ~SearchDeadline();
  SearchDeadline(const SearchDeadline&) = delete;
  SearchDeadline& operator=(const SearchDeadline&) = delete;

 private:
  static int Check(void* self);
  sqlite3* db_;
  std::chrono::steady_clock::time_point at_;
};

}  // namespace corroborate::store::internal
