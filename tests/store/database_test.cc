#include "store/database.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "store/documents.h"
#include "store/extractions.h"
#include "store/measurements.h"
#include "store/sources.h"
#include "tests/store/fixture.h"

namespace corroborate::store {
namespace {

namespace fs = std::filesystem;

class DatabaseTest : public StoreTest {};

OutageWindow Window() {
  OutageWindow w;
  w.entity = "country:KP";
  w.start = 1419265800;
  w.end = 1419299160;
  w.source = "csv";
  w.signal = "bgp";
  return w;
}

// Rows of sources, documents, extractions and windows, as "s d e w".
std::string RowCounts(SQLite::Database& file) {
  return file
      .execAndGet(
          "SELECT (SELECT count(*) FROM sources) || ' ' || (SELECT count(*) FROM documents) || ' ' "
          "|| (SELECT count(*) FROM extractions) || ' ' || (SELECT count(*) FROM windows)")
      .getString();
}

TEST_F(DatabaseTest, MigratesFromEmptyAndReopensIdempotently) {
  {
    auto db = OpenOrDie();
    ASSERT_TRUE(db);
    Documents documents(*db);
    EXPECT_EQ(*db->UserVersion(), SchemaVersion());
    EXPECT_GE(SchemaVersion(), 1);
    ASSERT_TRUE(documents.InsertDocuments({Doc("https://a.example/1", "hello", "h1")}));
  }
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  Documents documents(*db);
  EXPECT_EQ(*db->UserVersion(), SchemaVersion());
  EXPECT_EQ(*documents.CountDocuments(), 1);
  SQLite::Database file(path_);
  EXPECT_EQ(file.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_TRUE(file.tableExists("documents_fts"));
}

TEST_F(DatabaseTest, RefusesNewerSchema) {
  {
    SQLite::Database file(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    file.exec("PRAGMA user_version = " + std::to_string(SchemaVersion() + 5));
  }
  auto db = Database::Open(path_);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(db.error().message.find(path_), std::string::npos);
  EXPECT_NE(db.error().message.find("newer"), std::string::npos);
}

TEST_F(DatabaseTest, RefusesFileThatIsNotADatabase) {
  std::ofstream(path_) << "this is a plain text file, not SQLite, long enough to have a header "
                          "that SQLite will read and reject as garbage............";
  auto db = Database::Open(path_);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kStore);
  EXPECT_NE(db.error().message.find(path_), std::string::npos);
  EXPECT_NE(db.error().message.find("not a SQLite database"), std::string::npos);
}

TEST_F(DatabaseTest, RefusesDirectoryThatDoesNotExist) {
  auto db = Database::Open((dir_ / "missing" / "x.db").string());
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("missing/x.db"), std::string::npos);
}

// The store turns Debian's secure_delete default off (see Database::Open): the
// bytes of a deleted row stay in the page's free space instead of being
// zeroed, so they are still in the file once the WAL is checkpointed.
TEST_F(DatabaseTest, SecureDeleteIsOff) {
  const std::string url = "https://gone.example/feed-7f3a9c.xml";
  {
    auto db = OpenOrDie();
    Sources sources(*db);
    ASSERT_TRUE(sources.AddSource({.url = "https://kept.example/feed.xml"}, 0));
    ASSERT_TRUE(sources.AddSource({.url = url}, 0));
    ASSERT_TRUE(sources.RemoveSource(url));
    EXPECT_EQ(sources.ListSources()->size(), 1u);
  }  // closing checkpoints the WAL into the file
  ASSERT_FALSE(fs::exists(path_ + "-wal"));
  std::ifstream in(path_, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(bytes.find(url), std::string::npos);
}

// An in-memory database has the whole schema and serves every repository,
// and is gone when closed.
TEST_F(DatabaseTest, InMemoryDatabaseServesTheRepositories) {
  for (int round = 0; round < 2; ++round) {
    auto db = Database::OpenInMemory();
    ASSERT_TRUE(db) << db.error().message;
    EXPECT_EQ(*(*db)->UserVersion(), SchemaVersion());
    Documents documents(**db);
    EXPECT_EQ(*documents.CountDocuments(), 0);  // nothing left from the first round
    auto added = Sources(**db).AddSource({.url = "https://a.example/feed"}, 5);
    ASSERT_TRUE(added) << added.error().message;
    Document d = Doc("https://a.example/1", "The network went down.", "h1");
    d.source_id = added->id;
    auto report = documents.InsertDocuments({d});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->added, 1);
    EXPECT_EQ(documents.Search("network")->size(), 1u);
    ASSERT_TRUE(Extractions(**db).Save({{report->ids[0], {}, {}}}, 1, 6));
    EXPECT_TRUE(Extractions(**db).Pending(1)->empty());
    ASSERT_TRUE(Measurements(**db).SaveImport({}, {Window()}, 7));
    EXPECT_EQ(Measurements(**db).ListWindows()->size(), 1u);
  }
}

// What every repository writes inside one Database::Transaction is
// committed together: another connection sees none of it before Commit and
// all of it after.
TEST_F(DatabaseTest, TransactionCommitsTheWorkOfEveryRepository) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  SQLite::Database other(path_, SQLite::OPEN_READONLY);
  {
    auto tx = db->Begin();
    ASSERT_TRUE(tx) << tx.error().message;
    auto added = Sources(*db).AddSource({.url = "https://a.example/feed"}, 5);
    ASSERT_TRUE(added) << added.error().message;
    Document d = Doc("https://a.example/1", "The network went down.", "h1");
    d.source_id = added->id;
    auto report = Documents(*db).InsertDocuments({d});
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_TRUE(Extractions(*db).Save({{report->ids[0], {}, {}}}, 1, 6));
    ASSERT_TRUE(Measurements(*db).SaveImport({}, {Window()}, 7));
    // The same connection reads what it wrote; another one does not.
    EXPECT_EQ(*Documents(*db).CountDocuments(), 1);
    EXPECT_EQ(RowCounts(other), "0 0 0 0");
    ASSERT_TRUE(tx->Commit());
  }
  EXPECT_EQ(RowCounts(other), "1 1 1 1");
}

// A Transaction that goes without Commit leaves nothing of what the
// repositories wrote in it, and the Database goes on working.
TEST_F(DatabaseTest, TransactionWithoutCommitRollsBack) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  {
    auto tx = db->Begin();
    ASSERT_TRUE(tx) << tx.error().message;
    ASSERT_TRUE(Sources(*db).AddSource({.url = "https://a.example/feed"}, 5));
    ASSERT_TRUE(Documents(*db).InsertDocuments({Doc("https://a.example/1", "one", "h1")}));
    ASSERT_TRUE(Measurements(*db).SaveImport({}, {Window()}, 7));
  }
  SQLite::Database other(path_, SQLite::OPEN_READONLY);
  EXPECT_EQ(RowCounts(other), "0 0 0 0");
  // The identities of the rolled-back rows are gone with them.
  auto again = Documents(*db).InsertDocuments({Doc("https://a.example/1", "one", "h1")});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->added, 1);
  EXPECT_EQ(RowCounts(other), "0 1 0 0");
}

// A repository call that fails inside a Transaction leaves nothing of its
// own, and the rest of the transaction still commits.
TEST_F(DatabaseTest, FailedCallInsideTransactionCostsOnlyItself) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  auto tx = db->Begin();
  ASSERT_TRUE(tx) << tx.error().message;
  ASSERT_TRUE(Sources(*db).AddSource({.url = "https://a.example/feed"}, 5));
  OutageWindow backwards = Window();
  backwards.start = backwards.end + 60;  // violates the windows table's CHECK
  auto failed = Measurements(*db).SaveImport({}, {Window(), backwards}, 7);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kStore);
  EXPECT_NE(failed.error().message.find(path_), std::string::npos) << failed.error().message;
  ASSERT_TRUE(Documents(*db).InsertDocuments({Doc("https://a.example/1", "one", "h1")}));
  ASSERT_TRUE(tx->Commit());
  SQLite::Database other(path_, SQLite::OPEN_READONLY);
  EXPECT_EQ(RowCounts(other), "1 1 0 0");
}

// One Transaction at a time; a second Begin is refused and the first goes on.
TEST_F(DatabaseTest, SecondBeginIsRefused) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  auto first = db->Begin();
  ASSERT_TRUE(first) << first.error().message;
  auto second = db->Begin();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kStore);
  EXPECT_NE(second.error().message.find("already open"), std::string::npos)
      << second.error().message;
  ASSERT_TRUE(Sources(*db).AddSource({.url = "https://a.example/feed"}, 5));
  ASSERT_TRUE(first->Commit());
  EXPECT_FALSE(first->Commit());  // committed once
  EXPECT_EQ(Sources(*db).ListSources()->size(), 1u);
  auto third = db->Begin();
  EXPECT_TRUE(third) << third.error().message;
}

// While a Transaction is open, another connection cannot write: its write
// waits for the lock (here: fails at once, with no busy timeout).
TEST_F(DatabaseTest, TransactionHoldsTheWriteLock) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  auto tx = db->Begin();
  ASSERT_TRUE(tx) << tx.error().message;
  SQLite::Database other(path_, SQLite::OPEN_READWRITE);
  EXPECT_THROW(other.exec("INSERT INTO sources (url, added_at) VALUES ('https://b.example/', 0)"),
               SQLite::Exception);
  ASSERT_TRUE(tx->Commit());
  EXPECT_NO_THROW(
      other.exec("INSERT INTO sources (url, added_at) VALUES ('https://b.example/', 0)"));
}

}  // namespace
}  // namespace corroborate::store
