#include "store/internal/batch_insert.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/documents.h"
#include "store/internal/testing.h"
#include "tests/store/fixture.h"
#include "tests/store/internal/inspect.h"

namespace corroborate::store::internal {
namespace {

namespace fs = std::filesystem;

class BatchInsertTest : public StoreTest {};

TEST_F(BatchInsertTest, LargeBatchIsIndexedAndIdsFollowInputOrder) {
  std::vector<Document> docs;
  for (int i = 0; i < 500; ++i) {
    docs.push_back(Doc("https://a.example/" + std::to_string(i),
                       "Story number w" + std::to_string(i) + (i % 5 == 0 ? " blackout" : "") +
                           " — l'accès coupé, ÉTÉ 2014, 日本語",
                       "h" + std::to_string(i)));
    // Over 1 MB of raw bytes in the batch: compressed on several threads.
    docs.back().raw = std::string(4000, static_cast<char>('a' + i % 26)) + std::to_string(i);
  }
  {
    auto db = OpenOrDie();
    Documents documents(*db);
    ASSERT_TRUE(documents.InsertDocuments({Doc("https://first.example/", "first", "hf")}));
  }
  auto db = OpenOrDie();
  Documents documents(*db);  // re-opened: the batch virtual table is per connection
  auto report = documents.InsertDocuments(docs);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->added, 500);
  for (size_t i = 0; i < docs.size(); i += 97) {
    auto got = documents.GetDocument(report->ids[i]);
    EXPECT_EQ(got->doc.url, docs[i].url);
    EXPECT_EQ(got->doc.raw, docs[i].raw);
  }
  EXPECT_EQ(documents.Search("blackout", 1000)->size(), 100u);
  auto one = documents.Search("w137");
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].id, report->ids[137]);
  EXPECT_EQ(*documents.CountDocuments(), 501);
  EXPECT_EQ(documents.Search("acces AND ete", 1000)->size(), 500u);
  // Each title and text was tokenized once, by a worker or by the writer.
  const TokenCounts tokens = Tokenizing(*db);
  EXPECT_EQ(tokens.replayed + tokens.tokenized, 1000);
  // The FTS index holds exactly what the built-in tokenizer makes of the
  // documents table (checked on a connection without TokenReplay).
  {
    SQLite::Database file(path_, SQLite::OPEN_READWRITE);
    EXPECT_NO_THROW(CheckFtsAgainstContent(file));
  }
  // Closing stops the checkpoint helper first, so the last connection
  // checkpoints everything and removes the WAL.
  db.reset();
  EXPECT_FALSE(fs::exists(path_ + "-wal"));
}

// Inside a Database::Transaction each attempt at a batch is a savepoint: a
// row SQLite refuses still costs only itself, the rest of the batch and of
// the transaction commits, and a batch that fails as a whole leaves nothing
// of its own.
TEST_F(BatchInsertTest, RefusedRowInsideATransactionCostsOnlyItself) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  Documents documents(*db);
  {  // a batch holding "three" fails as a whole (SQLITE_ERROR)
    SQLite::Database other(path_, SQLite::OPEN_READWRITE);
    other.exec(
        "CREATE TRIGGER fail_three AFTER INSERT ON documents WHEN NEW.text = 'three' "
        "BEGIN SELECT json('not json'); END");
  }
  auto tx = db->Begin();
  ASSERT_TRUE(tx) << tx.error().message;
  ASSERT_TRUE(documents.InsertDocuments({Doc("https://a.example/0", "zero", "h0")}));
  Document bad = Doc("https://a.example/bad", "bad", "hbad");
  bad.source_id = 4242;  // no such source: the foreign key fails
  auto report = documents.InsertDocuments(
      {Doc("https://a.example/1", "one", "h1"), bad, Doc("https://a.example/2", "two", "h2")});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->added, 2);
  ASSERT_EQ(report->rejected.size(), 1u);
  EXPECT_EQ(report->rejected[0].index, 1u);
  auto failed = documents.InsertDocuments(
      {Doc("https://a.example/4", "four", "h4"), Doc("https://a.example/3", "three", "h3")});
  EXPECT_FALSE(failed);
  ASSERT_TRUE(tx->Commit());
  EXPECT_EQ(*documents.CountDocuments(), 3);
  EXPECT_EQ(documents.Search("zero OR one OR two")->size(), 3u);
  EXPECT_TRUE(documents.Search("four")->empty());
  SQLite::Database file(path_, SQLite::OPEN_READWRITE);
  // URL and content keys of the three stored rows, none of the others'.
  EXPECT_EQ(file.execAndGet("SELECT count(*) FROM identities_recent").getInt(), 6);
  EXPECT_NO_THROW(CheckFtsAgainstContent(file));
}

}  // namespace
}  // namespace corroborate::store::internal
