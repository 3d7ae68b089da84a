#include "store/internal/token_replay.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace corroborate::store::internal {
namespace {

// An in-memory connection with TokenReplay registered and an FTS5 table
// made like documents_fts (title, text; unicode61 remove_diacritics 2).
class TokenReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    replay_ = TokenReplay::Register(db_);
    ASSERT_NE(replay_, nullptr);
    Exec(
        "CREATE VIRTUAL TABLE t USING fts5 (title, text, "
        "tokenize = 'unicode61 remove_diacritics 2')");
  }
  void TearDown() override { sqlite3_close(db_); }

  void Exec(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (error ? error : "");
    sqlite3_free(error);
  }
  // Runs `sql` with ?1..?N bound to `texts`; the SQLite result code.
  int Run(const std::string& sql, const std::vector<std::string>& texts = {}) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return SQLITE_ERROR;
    for (size_t i = 0; i < texts.size(); ++i) {
      sqlite3_bind_text(stmt, static_cast<int>(i + 1), texts[i].data(),
                        static_cast<int>(texts[i].size()), SQLITE_STATIC);
    }
    int rc = sqlite3_step(stmt);
    while (rc == SQLITE_ROW) rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  // Rows of FTS5 table `table` that `match` finds.
  int Count(const std::string& match, const std::string& table = "t") {
    const std::string sql = "SELECT count(*) FROM " + table + " WHERE " + table + " MATCH ?1";
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK);
    sqlite3_bind_text(stmt, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    const int n = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return n;
  }

  sqlite3* db_ = nullptr;
  TokenReplay* replay_ = nullptr;  // owned by db_
};

// A source over fixed texts whose tokens the test sets; text i is ready when
// ready[i].
class FixedSource final : public TokenReplay::Source {
 public:
  std::vector<std::string> args;
  std::vector<std::string> texts;
  std::vector<TokenReplay::Tokens> tokens;
  std::vector<bool> ready;

  const std::vector<std::string>& Args() const override { return args; }
  size_t Count() const override { return texts.size(); }
  std::string_view Text(size_t i) const override { return texts[i]; }
  const TokenReplay::Tokens* Ready(size_t i) const override {
    return ready[i] ? &tokens[i] : nullptr;
  }
};

// Worker-side tokenizers take the table's arguments: "Café" folds to "cafe"
// (remove_diacritics 2), with the byte offsets of the original text.
TEST_F(TokenReplayTest, WorkerTokenizerHasTheTableArguments) {
  auto tokenizer = replay_->NewTokenizer();
  ASSERT_NE(tokenizer, nullptr);  // the CREATE made the table's instance
  EXPECT_EQ(tokenizer->args(), (std::vector<std::string>{"remove_diacritics", "2"}));
  TokenReplay::Tokens out;
  ASSERT_TRUE(tokenizer->Tokenize("Le Café, ÉTÉ 2014!", out));
  std::vector<std::string> words;
  for (const TokenReplay::Token& t : out.list) words.push_back(out.bytes.substr(t.offset, t.size));
  EXPECT_EQ(words, (std::vector<std::string>{"le", "cafe", "ete", "2014"}));
  ASSERT_EQ(out.list.size(), 4u);
  EXPECT_EQ(out.list[1].start, 3);  // "Café" is bytes 3..8 (é is two bytes)
  EXPECT_EQ(out.list[1].end, 8);
}

// The index takes the source's tokens, not the text's: a token that the
// text does not contain is found, and the text's own words are not. So the
// replay really answers the tokenizer call.
TEST_F(TokenReplayTest, IndexTakesTheSourcesTokens) {
  FixedSource source;
  source.args = {"remove_diacritics", "2"};
  source.texts = {"Title one", "plain words here"};
  source.tokens.resize(2);
  source.tokens[0].bytes = "marker";
  source.tokens[0].list = {{0, 6, 0, 5, 0}};
  source.ready = {true, false};  // the text goes to the built-in tokenizer
  replay_->SetSource(&source);
  ASSERT_EQ(Run("INSERT INTO t (rowid, title, text) VALUES (1, ?1, ?2)", source.texts), SQLITE_OK);
  replay_->SetSource(nullptr);
  EXPECT_EQ(replay_->replayed(), 1);
  EXPECT_EQ(replay_->tokenized(), 1);
  EXPECT_EQ(Count("title: marker"), 1);
  EXPECT_EQ(Count("title: one"), 0);
  EXPECT_EQ(Count("text: words"), 1);
}

// Only the texts the source expects next, byte for byte, and made with the
// instance's arguments are replayed; queries never are.
TEST_F(TokenReplayTest, ReplaysOnlyTheExpectedTextWithTheSameArguments) {
  FixedSource source;
  source.args = {"remove_diacritics", "2"};
  source.texts = {"expected title", "expected text"};
  source.tokens.resize(2);
  for (auto& tokens : source.tokens) {
    tokens.bytes = "marker";
    tokens.list = {{0, 6, 0, 6, 0}};
  }
  source.ready = {true, true};
  replay_->SetSource(&source);
  // Other texts than the expected ones: both go to the built-in tokenizer,
  // and the source still expects its first text.
  ASSERT_EQ(Run("INSERT INTO t (rowid, title, text) VALUES (1, ?1, ?2)",
                {"expected titlf", "unexpected text"}),
            SQLITE_OK);
  EXPECT_EQ(replay_->replayed(), 0);
  // A query for the very text the source expects next is tokenized, not
  // replayed (its tokens would be "marker").
  EXPECT_EQ(Count("\"expected title\""), 0);
  EXPECT_EQ(replay_->replayed(), 0);
  ASSERT_EQ(Run("INSERT INTO t (rowid, title, text) VALUES (2, ?1, ?2)", source.texts), SQLITE_OK);
  EXPECT_EQ(replay_->replayed(), 2);
  EXPECT_EQ(Count("marker"), 1);
  EXPECT_EQ(Count("expected"), 1);  // row 1's title, from the built-in tokenizer

  // An instance made with other arguments does not replay this source.
  Exec("CREATE VIRTUAL TABLE u USING fts5 (title, text, tokenize = 'unicode61')");
  replay_->SetSource(&source);
  ASSERT_EQ(Run("INSERT INTO u (rowid, title, text) VALUES (1, ?1, ?2)", source.texts), SQLITE_OK);
  replay_->SetSource(nullptr);
  EXPECT_EQ(replay_->replayed(), 2);
  EXPECT_EQ(Count("expected", "u"), 1);
}

// Tokens a worker made with NewTokenizer give the index the built-in
// tokenizer gives: FTS5's integrity check against the content table (rank
// 1), which tokenizes the stored texts again with the built-in tokenizer (no
// source is set then), finds the index consistent.
TEST_F(TokenReplayTest, WorkerTokensIndexLikeTheBuiltinTokenizer) {
  Exec("CREATE TABLE c (id INTEGER PRIMARY KEY, title TEXT, text TEXT)");
  Exec(
      "CREATE VIRTUAL TABLE f USING fts5 (title, text, content = 'c', content_rowid = 'id', "
      "tokenize = 'unicode61 remove_diacritics 2')");
  auto tokenizer = replay_->NewTokenizer();
  ASSERT_NE(tokenizer, nullptr);
  FixedSource source;
  source.args = tokenizer->args();
  source.texts = {"Pyongyang's Internet",
                  "Ça a coupé: l'accès à l'Internet nord-coréen, 9 h 30 min. DDoS?", "",
                  "日本語のテキスト and Ελληνικά, ÅNGSTRÖM x2 — «quotes» e\xCC\x81t\xC3\xA9"};
  source.tokens.resize(source.texts.size());
  for (size_t i = 0; i < source.texts.size(); ++i) {
    ASSERT_TRUE(tokenizer->Tokenize(source.texts[i], source.tokens[i]));
  }
  source.ready.assign(source.texts.size(), true);
  Exec("BEGIN");
  ASSERT_EQ(Run("INSERT INTO c (id, title, text) VALUES (1, ?1, ?2), (2, ?3, ?4)", source.texts),
            SQLITE_OK);
  replay_->SetSource(&source);
  ASSERT_EQ(Run("INSERT INTO f (rowid, title, text) SELECT id, title, text FROM c"), SQLITE_OK);
  replay_->SetSource(nullptr);
  Exec("COMMIT");
  EXPECT_EQ(replay_->replayed(), 4);
  EXPECT_EQ(Run("INSERT INTO f (f, rank) VALUES ('integrity-check', 1)"), SQLITE_OK)
      << sqlite3_errmsg(db_);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db_, "SELECT rowid FROM f WHERE f MATCH 'acces AND coreen'", -1,
                               &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), 1);
  sqlite3_finalize(stmt);
}

}  // namespace
}  // namespace corroborate::store::internal
