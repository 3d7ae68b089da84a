#include "store/internal/search_bounds.h"

#include <algorithm>
#include <memory>
#include <string>

#include "core/text.h"

namespace corroborate::store::internal {
namespace {

bool IsBarewordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
         c == 0x1A || c >= 0x80;
}

// The token FTS5 looks up for `prefix`: the last the index's tokenizer makes
// of it, or its ASCII lower case without a tokenizer.
std::string PrefixToken(TokenReplay::Tokenizer* tokenizer, std::string_view prefix,
                        TokenReplay::Tokens& tokens) {
  if (!tokenizer || !tokenizer->Tokenize(prefix, tokens)) return ToLowerAscii(prefix);
  if (tokens.list.empty()) return {};
  const TokenReplay::Token& last = tokens.list.back();
  return tokens.bytes.substr(last.offset, static_cast<std::size_t>(last.size));
}

}  // namespace

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

std::int64_t CountPrefixWords(SQLite::Database& db, const TokenReplay* replay,
                              const std::vector<std::string_view>& prefixes, std::int64_t limit) {
  db.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.corroborate_vocab "
      "USING fts5vocab(main, 'documents_fts', 'row')");
  SQLite::Statement count(db,
                          "SELECT count(*) FROM (SELECT 1 FROM temp.corroborate_vocab "
                          "WHERE term >= ?1 AND term < ?2 LIMIT ?3)");
  std::unique_ptr<TokenReplay::Tokenizer> tokenizer = replay ? replay->NewTokenizer() : nullptr;
  TokenReplay::Tokens tokens;
  std::int64_t words = 0;
  for (std::string_view prefix : prefixes) {
    const std::string token = PrefixToken(tokenizer.get(), prefix, tokens);
    if (token.empty()) continue;
    count.bind(1, token);
    count.bind(2, token + "\xFF");  // above every word that begins with it (UTF-8 has no 0xFF)
    count.bind(3, limit - words + 1);
    if (count.executeStep()) words += count.getColumn(0).getInt64();
    count.reset();
    if (words > limit) break;
  }
  return words;
}

SearchDeadline::SearchDeadline(sqlite3* db, double seconds) : db_(db) {
  at_ = std::chrono::steady_clock::now() +
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(std::max(seconds, 0.0)));
  // Every 100 virtual machine instructions; FTS5 reads its index through
  // statements of its own, which count too.
  sqlite3_progress_handler(db_, 100, &SearchDeadline::Check, this);
}

SearchDeadline::~SearchDeadline() { sqlite3_progress_handler(db_, 0, nullptr, nullptr); }

int SearchDeadline::Check(void* self) {
  return std::chrono::steady_clock::now() >= static_cast<SearchDeadline*>(self)->at_ ? 1 : 0;
}

}  // namespace corroborate::store::internal
