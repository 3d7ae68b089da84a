#include "store/store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "store/key_filter.h"
#include "store/migrations.h"

namespace corroborate::store {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corroborate_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "test.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> OpenOrDie() {
    auto store = Store::Open(path_);
    EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().message);
    return store ? std::move(*store) : nullptr;
  }

  fs::path dir_;
  std::string path_;
};

Document Doc(std::string url, std::string text, std::string hash) {
  Document d;
  d.url = url;
  d.canonical_url = std::move(url);
  d.title = "Title of " + d.canonical_url;
  d.text = std::move(text);
  d.content_hash = std::move(hash);
  d.fetched = 1419300000;
  return d;
}

TEST_F(StoreTest, MigratesFromEmptyAndReopensIdempotently) {
  {
    auto store = OpenOrDie();
    ASSERT_TRUE(store);
    EXPECT_EQ(*store->UserVersion(), SchemaVersion());
    EXPECT_GE(SchemaVersion(), 1);
    ASSERT_TRUE(store->InsertDocuments({Doc("https://a.example/1", "hello", "h1")}));
  }
  auto store = OpenOrDie();
  ASSERT_TRUE(store);
  EXPECT_EQ(*store->UserVersion(), SchemaVersion());
  EXPECT_EQ(*store->CountDocuments(), 1);
  SQLite::Database db(path_);
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_TRUE(db.tableExists("documents_fts"));
}

bool TriggerExists(SQLite::Database& db, const std::string& name) {
  SQLite::Statement s(db, "SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?1");
  s.bind(1, name);
  return s.executeStep();
}

// Runs FTS5's integrity check of documents_fts against the documents table;
// throws when the index differs from what the tokenizer makes of the rows.
// For an external-content index `rank` 1 is what asks for the comparison
// with the content; without it the index is only checked against itself.
void CheckFtsAgainstContent(SQLite::Database& db) {
  db.exec("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)");
}

// Reads FTS5's stored configuration value `key` (empty when not set).
std::string FtsConfig(SQLite::Database& db, const std::string& key) {
  SQLite::Statement s(db, "SELECT v FROM documents_fts_config WHERE k = ?1");
  s.bind(1, key);
  return s.executeStep() ? s.getColumn(0).getString() : "";
}

// Gives `db` the schema of `version` (its first migrations), as an older
// corroborate left it.
void MakeSchema(SQLite::Database& db, int version) {
  for (int v = 0; v < version; ++v) db.exec(std::string(Migrations()[static_cast<size_t>(v)]));
  db.exec("PRAGMA user_version = " + std::to_string(version));
}

TEST_F(StoreTest, UpgradesVersion3DatabaseAndKeepsItsIndex) {
  ASSERT_GE(SchemaVersion(), 4);
  {
    // A v3 database whose document went in through v1's insert trigger.
    SQLite::Database db(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    MakeSchema(db, 3);
    db.exec("INSERT INTO documents (id, kind, canonical_url, title, text, content_hash, fetched) "
            "VALUES (7, 'article', 'https://old.example/1', 'Old story', "
            "'A denial of service attack hit the old network.', 'hold', 1419300000)");
    ASSERT_TRUE(TriggerExists(db, "documents_fts_insert"));
    EXPECT_EQ(FtsConfig(db, "automerge"), "");
  }
  {
    auto store = OpenOrDie();
    ASSERT_TRUE(store);
    EXPECT_EQ(*store->UserVersion(), SchemaVersion());
    auto old_hit = store->Search("\"denial of service\"");
    ASSERT_TRUE(old_hit) << old_hit.error().message;
    ASSERT_EQ(old_hit->size(), 1u);
    EXPECT_EQ((*old_hit)[0].id, 7);
    auto report = store->InsertDocuments(
        {Doc("https://new.example/1", "Another denial of service took the service down.", "hnew"),
         Doc("https://old.example/1", "changed text under a stored URL", "hother")});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->added, 1);
    EXPECT_EQ(report->unchanged, 1);
    auto both = store->Search("\"denial of service\"");
    ASSERT_TRUE(both);
    EXPECT_EQ(both->size(), 2u);
    EXPECT_TRUE(store->Search("changed")->empty());  // the unchanged row was not re-indexed
  }
  SQLite::Database db(path_, SQLite::OPEN_READWRITE);
  EXPECT_FALSE(TriggerExists(db, "documents_fts_insert"));
  EXPECT_TRUE(TriggerExists(db, "documents_fts_delete"));
  EXPECT_EQ(FtsConfig(db, "automerge"), "16");
  // The index matches the content table exactly, and still follows deletes.
  CheckFtsAgainstContent(db);
  db.exec("DELETE FROM documents WHERE id = 7");
  CheckFtsAgainstContent(db);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'old'")
                .getInt(),
            0);
}

TEST_F(StoreTest, RefusesNewerSchema) {
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA user_version = " + std::to_string(SchemaVersion() + 5));
  }
  auto store = Store::Open(path_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(store.error().message.find(path_), std::string::npos);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos);
}

TEST_F(StoreTest, RefusesFileThatIsNotADatabase) {
  std::ofstream(path_) << "this is a plain text file, not SQLite, long enough to have a header "
                          "that SQLite will read and reject as garbage............";
  auto store = Store::Open(path_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kStore);
  EXPECT_NE(store.error().message.find(path_), std::string::npos);
  EXPECT_NE(store.error().message.find("not a SQLite database"), std::string::npos);
}

TEST_F(StoreTest, RefusesDirectoryThatDoesNotExist) {
  auto store = Store::Open((dir_ / "missing" / "x.db").string());
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("missing/x.db"), std::string::npos);
}

TEST_F(StoreTest, ReinsertAddsNothing) {
  auto store = OpenOrDie();
  std::vector<Document> docs = {Doc("https://a.example/1", "one", "h1"),
                                Doc("https://a.example/2", "two", "h2")};
  auto first = store->InsertDocuments(docs);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->added, 2);
  EXPECT_EQ(first->unchanged, 0);
  auto second = store->InsertDocuments(docs);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->added, 0);
  EXPECT_EQ(second->unchanged, 2);
  EXPECT_EQ(second->ids, first->ids);
  EXPECT_EQ(*store->CountDocuments(), 2);
}

TEST_F(StoreTest, SameUrlTwiceInOneBatchIsStoredOnce) {
  auto store = OpenOrDie();
  auto report = store->InsertDocuments(
      {Doc("https://a.example/1", "one", "h1"), Doc("https://a.example/1", "changed", "h9")});
  ASSERT_TRUE(report);
  EXPECT_EQ(report->added, 1);
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(report->ids[0], report->ids[1]);
}

TEST_F(StoreTest, SameTextUnderAnotherUrlIsMarkedDuplicate) {
  auto store = OpenOrDie();
  auto a = store->InsertDocuments({Doc("https://wire.example/story", "AP text", "same")});
  ASSERT_TRUE(a);
  auto b = store->InsertDocuments({Doc("https://paper.example/copy", "AP text", "same"),
                                   Doc("https://other.example/copy", "AP text", "same")});
  ASSERT_TRUE(b);
  EXPECT_EQ(b->added, 0);
  EXPECT_EQ(b->duplicates, 2);
  // Both copies point at the first stored original, not at each other.
  for (std::int64_t id : b->ids) {
    auto doc = store->GetDocument(id);
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->duplicate_of, a->ids[0]);
  }
  DocumentFilter originals;
  originals.include_duplicates = false;
  EXPECT_EQ(*store->CountDocuments(originals), 1);
  EXPECT_EQ(*store->CountDocuments(), 3);
  // Re-ingesting the copies changes nothing.
  auto again = store->InsertDocuments({Doc("https://paper.example/copy", "AP text", "same")});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unchanged, 1);
  EXPECT_EQ(again->duplicates, 0);
}

// The plan SQLite picks for `sql` (EXPLAIN QUERY PLAN details, one a line).
std::string QueryPlan(SQLite::Database& db, const char* sql) {
  SQLite::Statement plan(db, std::string("EXPLAIN QUERY PLAN ") + sql);
  std::string steps;
  while (plan.executeStep()) steps += plan.getColumn(3).getString() + "\n";
  return steps;
}

// Identity lookups go through the primary keys of the two identity tables
// of schema v8 (and the unkeyed indexes); none may scan a table, which would
// make every batch cost as much as the whole database.
TEST_F(StoreTest, IdentityLookupsSearchTheirIndexes) {
  ASSERT_TRUE(OpenOrDie());
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  // Each keyed lookup probes both levels by (kind, key), then the row by id.
  const std::string keyed = "SEARCH i USING PRIMARY KEY (kind=? AND key=?)";
  const std::string row = "SEARCH d USING INTEGER PRIMARY KEY (rowid=?)";
  const std::pair<std::string, std::vector<std::string>> cases[] = {
      {kCanonicalLookupSql, {keyed, keyed, row, row}},
      {kGuidLookupSql, {keyed, keyed, row, row}},
      {kContentHashLookupSql, {keyed, keyed, row, row}},
      {kCanonicalUnkeyedSql, {"INDEX documents_canonical_unkeyed"}},
      {kGuidUnkeyedSql, {"INDEX documents_guid_unkeyed"}},
      {kContentHashUnkeyedSql, {"INDEX documents_content_unkeyed"}},
      {kAnyUnkeyedSql,
       {"INDEX documents_canonical_unkeyed", "INDEX documents_guid_unkeyed",
        "INDEX documents_content_unkeyed"}},
  };
  for (const auto& [sql, steps] : cases) {
    std::string plan = QueryPlan(db, sql.c_str());
    // No step reads a whole table (scanning a small partial index is fine).
    std::istringstream lines(plan);
    for (std::string line; std::getline(lines, line);) {
      const bool whole_table =
          line.starts_with("SCAN ") && line.find(" USING ") == std::string::npos &&
          line.find("(subquery") == std::string::npos && line != "SCAN CONSTANT ROW";
      EXPECT_FALSE(whole_table) << sql << "\n" << plan;
    }
    // Each expected step must appear, as often as it is listed.
    for (const std::string& step : steps) {
      const size_t at = plan.find(step);
      EXPECT_NE(at, std::string::npos) << step << " not in the plan of " << sql << "\n" << plan;
      if (at != std::string::npos) plan.erase(at, step.size());
    }
  }
}

// The delete trigger of schema v8 finds a row's identities by primary key:
// each of its statements, with the old row's values filled in, must not scan
// a table, or deleting documents would cost the whole table per row.
TEST_F(StoreTest, IdentityDeleteTriggerSearchesByPrimaryKey) {
  ASSERT_TRUE(OpenOrDie());
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  std::string body =
      db.execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'documents_identities_delete'")
          .getString();
  body = body.substr(body.find("BEGIN") + 5);
  body = body.substr(0, body.rfind("END"));
  for (const auto& [column, value] : {std::pair{"old.canonical_key", "11"},
                                      {"old.guid_key", "12"},
                                      {"old.content_key", "13"},
                                      {"old.id", "4"}}) {
    for (size_t at; (at = body.find(column)) != std::string::npos;) {
      body.replace(at, std::string_view(column).size(), value);
    }
  }
  int statements = 0;
  std::istringstream parts(body);
  for (std::string statement; std::getline(parts, statement, ';');) {
    if (statement.find("DELETE") == std::string::npos) continue;
    ++statements;
    const std::string plan = QueryPlan(db, statement.c_str());
    EXPECT_EQ(plan.find("SCAN"), std::string::npos) << statement << "\n" << plan;
    EXPECT_NE(plan.find("USING PRIMARY KEY (kind=? AND key=? AND document_id=?)"),
              std::string::npos)
        << statement << "\n"
        << plan;
  }
  EXPECT_EQ(statements, 2);
}

std::optional<std::int64_t> KeyColumn(SQLite::Database& db, const std::string& column,
                                      std::int64_t id) {
  SQLite::Statement s(db, "SELECT " + column + " FROM documents WHERE id = ?1");
  s.bind(1, id);
  if (!s.executeStep() || s.getColumn(0).isNull()) return std::nullopt;
  return s.getColumn(0).getInt64();
}

// Entries for (kind, key) in both levels of the identity tables, as
// "document_id,..." in id order.
std::string IdentityEntries(SQLite::Database& db, int kind, std::int64_t key) {
  SQLite::Statement s(db,
                      "SELECT group_concat(document_id) FROM (SELECT document_id FROM identities "
                      "WHERE kind = ?1 AND key = ?2 UNION ALL SELECT document_id FROM "
                      "identities_recent WHERE kind = ?1 AND key = ?2 ORDER BY 1)");
  s.bind(1, kind);
  s.bind(2, key);
  return s.executeStep() ? s.getColumn(0).getString() : "";
}

TEST_F(StoreTest, NewRowsCarryTheKeysOfTheirIdentities) {
  EXPECT_NE(IdentityKey("https://a.example/1"), IdentityKey("https://a.example/2"));
  auto store = OpenOrDie();
  Document d = Doc("https://a.example/1", "some text", "0123456789abcdef0123456789abcdef");
  d.guid = "tag:a.example,2014:1";
  Document no_guid = Doc("https://a.example/2", "other text", "h2");
  auto report = store->InsertDocuments({d, no_guid});
  ASSERT_TRUE(report) << report.error().message;
  store.reset();
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  EXPECT_EQ(KeyColumn(db, "canonical_key", report->ids[0]), IdentityKey(d.canonical_url));
  EXPECT_EQ(KeyColumn(db, "guid_key", report->ids[0]), IdentityKey(d.guid));
  EXPECT_EQ(KeyColumn(db, "content_key", report->ids[0]), IdentityKey(d.content_hash));
  EXPECT_EQ(KeyColumn(db, "guid_key", report->ids[1]), std::nullopt);
  const std::string first = std::to_string(report->ids[0]);
  EXPECT_EQ(IdentityEntries(db, 0, IdentityKey(d.canonical_url)), first);
  EXPECT_EQ(IdentityEntries(db, 1, IdentityKey(d.guid)), first);
  EXPECT_EQ(IdentityEntries(db, 2, IdentityKey(d.content_hash)), first);
}

// A batch's keys go to identities_recent; once that holds enough of them
// (here: two batches of 1,000 documents with 3 keys each, past the minimum
// of 4,096 entries, while identities is empty) they move to identities, and
// lookups find documents in either level. A duplicate records no content
// key (only originals are returned by the duplicate lookup).
TEST_F(StoreTest, IdentitiesMoveToTheMainLevelAndAreFoundInBoth) {
  auto store = OpenOrDie();
  auto batch = [](int from, const std::string& prefix) {
    std::vector<Document> docs;
    for (int i = from; i < from + 1000; ++i) {
      Document d = Doc(fmt::format("https://{}.example/{}", prefix, i), fmt::format("text {}", i),
                       fmt::format("hash{}", i));
      d.guid = fmt::format("urn:{}:{}", prefix, i);
      docs.push_back(std::move(d));
    }
    return docs;
  };
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  auto entries = [&db](const char* table) {
    return db.execAndGet(std::string("SELECT count(*) FROM ") + table).getInt();
  };
  ASSERT_TRUE(store->InsertDocuments(batch(0, "a")));
  EXPECT_EQ(entries("identities_recent"), 3000);
  EXPECT_EQ(entries("identities"), 0);
  ASSERT_TRUE(store->InsertDocuments(batch(1000, "a")));
  EXPECT_EQ(entries("identities_recent"), 0);
  EXPECT_EQ(entries("identities"), 6000);
  ASSERT_TRUE(store->InsertDocuments(batch(2000, "a")));
  EXPECT_EQ(entries("identities_recent"), 3000);
  EXPECT_EQ(entries("identities"), 6000);
  // Found again by URL (first document of each level), by GUID, and by text.
  std::vector<Document> again = {batch(0, "a")[0], batch(2000, "a")[999]};
  Document by_guid = batch(1000, "a")[5];
  by_guid.canonical_url = "https://moved.example/1005";
  again.push_back(by_guid);
  Document by_guid_recent = batch(2000, "a")[7];
  by_guid_recent.canonical_url = "https://moved.example/2007";
  again.push_back(by_guid_recent);
  auto report = store->InsertDocuments(again);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->unchanged, 4);
  EXPECT_EQ(report->ids, (std::vector<std::int64_t>{1, 3000, 1006, 2008}));
  // Copies of texts in both levels are duplicates of their originals.
  std::vector<Document> copies = batch(0, "copy");
  copies.resize(3);
  copies[1].text = "text 2500";
  copies[1].content_hash = "hash2500";
  auto dup = store->InsertDocuments(copies);
  ASSERT_TRUE(dup) << dup.error().message;
  EXPECT_EQ(dup->duplicates, 3);
  EXPECT_EQ(store->GetDocument(dup->ids[0])->duplicate_of, 1);
  EXPECT_EQ(store->GetDocument(dup->ids[1])->duplicate_of, 2501);
  EXPECT_EQ(store->GetDocument(dup->ids[2])->duplicate_of, 3);
  // The copies' URLs and GUIDs are identities; their texts are not recorded again.
  EXPECT_EQ(IdentityEntries(db, 0, IdentityKey("https://copy.example/1")),
            std::to_string(dup->ids[1]));
  EXPECT_EQ(IdentityEntries(db, 1, IdentityKey("urn:copy:1")), std::to_string(dup->ids[1]));
  EXPECT_EQ(IdentityEntries(db, 2, IdentityKey("hash2500")), "2501");
  EXPECT_EQ(entries("identities_recent") + entries("identities"), 9000 + 6);
}

// Deleting a document removes its identities from whichever level holds
// them, so its URL, GUID and text are new again.
TEST_F(StoreTest, DeletedDocumentsLeaveNoIdentities) {
  auto store = OpenOrDie();
  std::vector<Document> docs;
  for (int i = 0; i < 2000; ++i) {
    Document d = Doc(fmt::format("https://d.example/{}", i), fmt::format("text {}", i),
                     fmt::format("hash{}", i));
    d.guid = fmt::format("urn:d:{}", i);
    docs.push_back(std::move(d));
  }
  ASSERT_TRUE(store->InsertDocuments({docs.begin(), docs.begin() + 1000}));
  ASSERT_TRUE(store->InsertDocuments({docs.begin() + 1000, docs.end()}));  // merged
  Document recent = Doc("https://d.example/new", "new text", "hashnew");
  recent.guid = "urn:d:new";
  ASSERT_TRUE(store->InsertDocuments({recent}));  // id 2001, in identities_recent
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    ASSERT_EQ(db.execAndGet("SELECT count(*) FROM identities_recent").getInt(), 3);
    db.exec("DELETE FROM documents WHERE id IN (1, 2001)");
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM identities_recent").getInt(), 0);
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM identities").getInt(), 5997);
    EXPECT_EQ(IdentityEntries(db, 0, IdentityKey("https://d.example/0")), "");
    EXPECT_EQ(IdentityEntries(db, 2, IdentityKey("hash0")), "");
  }
  auto report = store->InsertDocuments({docs[0], recent, docs[1]});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->added, 2);
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(report->ids[2], 2);
}

// A 64-bit key held by another value (as after a hash collision, simulated
// by a row whose keys are the new document's, recorded in either level of
// the identity tables) is not an identity, nor the same text: the new
// document is stored as an original, without URL and GUID keys, and is found
// again through the unkeyed indexes.
TEST_F(StoreTest, KeyHeldByAnotherValueIsNotAnIdentity) {
  const std::string url = "https://b.example/story";
  const std::string guid = "urn:b:1";
  for (const std::string level : {"identities", "identities_recent"}) {
    SCOPED_TRACE(level);
    path_ = (dir_ / (level + ".db")).string();
    ASSERT_TRUE(OpenOrDie());
    {
      SQLite::Database db(path_, SQLite::OPEN_READWRITE);
      SQLite::Statement s(
          db,
          "INSERT INTO documents (id, kind, canonical_url, canonical_key, guid, guid_key, "
          "text, content_hash, content_key, fetched) VALUES (5, 'article', "
          "'https://a.example/other', ?1, 'urn:a:other', ?2, 'text a', 'ha', ?3, 0)");
      s.bind(1, IdentityKey(url));
      s.bind(2, IdentityKey(guid));
      s.bind(3, IdentityKey("hb"));  // and the key of the new text's hash
      s.exec();
      db.exec("INSERT INTO " + level +
              " (kind, key, document_id) SELECT 0, canonical_key, id FROM documents "
              "UNION ALL SELECT 1, guid_key, id FROM documents "
              "UNION ALL SELECT 2, content_key, id FROM documents");
    }
    auto store = OpenOrDie();
    Document b = Doc(url, "text b", "hb");
    b.guid = guid;
    auto report = store->InsertDocuments({b});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->added, 1);
    EXPECT_EQ(report->duplicates, 0);
    EXPECT_EQ(store->GetDocument(report->ids[0])->duplicate_of, 0);
    auto again = store->InsertDocuments({b});
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->unchanged, 1);
    EXPECT_EQ(again->ids[0], report->ids[0]);
    Document by_guid = Doc("https://b.example/moved", "text b edited", "hb2");
    by_guid.guid = guid;
    auto moved = store->InsertDocuments({by_guid});
    ASSERT_TRUE(moved);
    EXPECT_EQ(moved->unchanged, 1);
    EXPECT_EQ(moved->ids[0], report->ids[0]);
    EXPECT_EQ(*store->CountDocuments(), 2);
    store.reset();
    SQLite::Database db(path_, SQLite::OPEN_READONLY);
    EXPECT_EQ(KeyColumn(db, "canonical_key", report->ids[0]), std::nullopt);
    EXPECT_EQ(KeyColumn(db, "guid_key", report->ids[0]), std::nullopt);
    EXPECT_EQ(KeyColumn(db, "canonical_key", 5), IdentityKey(url));
    // The new original's content key is recorded beside the other row's.
    EXPECT_EQ(IdentityEntries(db, 2, IdentityKey("hb")), fmt::format("5,{}", report->ids[0]));
  }
}

// Rows another program wrote without keys are still identities and originals.
TEST_F(StoreTest, RowsWithoutKeysAreStillFound) {
  ASSERT_TRUE(OpenOrDie());
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec(
        "INSERT INTO documents (id, kind, canonical_url, guid, text, content_hash, fetched) "
        "VALUES (3, 'article', 'https://x.example/1', 'urn:x:1', 'wire text', 'hx', 0)");
  }
  auto store = OpenOrDie();
  Document same_url = Doc("https://x.example/1", "edited", "hy");
  Document same_guid = Doc("https://x.example/moved", "edited", "hz");
  same_guid.guid = "urn:x:1";
  Document same_text = Doc("https://paper.example/1", "wire text", "hx");
  auto report = store->InsertDocuments({same_url, same_guid, same_text});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->unchanged, 2);
  EXPECT_EQ(report->ids[0], 3);
  EXPECT_EQ(report->ids[1], 3);
  EXPECT_EQ(report->duplicates, 1);
  EXPECT_EQ(store->GetDocument(report->ids[2])->duplicate_of, 3);
}

// The filter of stored identity keys never hides a key it holds, and rules
// out most others: at capacity (16 bits per key, 4 probes in a 512-bit
// block) about 0.3% of other keys pass, and a key given under one kind is
// not taken for another.
TEST(KeyFilterTest, HoldsEveryKeyAndRulesOutMostOthers) {
  constexpr int kKeys = 30000;
  KeyFilter filter(kKeys);
  std::mt19937_64 rng(20141222);
  std::vector<std::int64_t> keys(kKeys);
  for (std::int64_t& k : keys) k = static_cast<std::int64_t>(rng());
  for (int i = 0; i < kKeys; ++i) filter.Add(i % 3, keys[static_cast<size_t>(i)]);
  EXPECT_EQ(filter.size(), static_cast<size_t>(kKeys));
  int missing = 0, fresh = 0, other_kind = 0;
  for (int i = 0; i < kKeys; ++i)
    missing += !filter.MayContain(i % 3, keys[static_cast<size_t>(i)]);
  for (int i = 0; i < 100000; ++i)
    fresh += filter.MayContain(i % 3, static_cast<std::int64_t>(rng()));
  for (int i = 0; i < kKeys; ++i) {
    other_kind += filter.MayContain((i + 1) % 3, keys[static_cast<size_t>(i)]);
  }
  EXPECT_EQ(missing, 0);
  EXPECT_LT(fresh, 1000);  // under 1%
  EXPECT_LT(other_kind, 300);
}

Document KeyedDoc(const std::string& prefix, int i) {
  Document d = Doc(fmt::format("https://{}.example/{}", prefix, i),
                   fmt::format("{} text {}", prefix, i), fmt::format("{}hash{}", prefix, i));
  d.guid = fmt::format("urn:{}:{}", prefix, i);
  return d;
}

// Rows another connection commits are found after this connection built its
// key filter: their commit changes PRAGMA data_version, and the filter is
// dropped, then rebuilt when the batch pays for the scan (a 32nd of the
// stored documents) or else left out.
TEST_F(StoreTest, KeyFilterSeesRowsOtherConnectionsWrite) {
  auto a = OpenOrDie();
  auto b = OpenOrDie();
  ASSERT_TRUE(a->InsertDocuments({KeyedDoc("a", 0)}));
  EXPECT_EQ(a->KeyFilterBuilds(), 1);  // into an empty table
  std::vector<Document> others;
  for (int i = 0; i < 40; ++i) others.push_back(KeyedDoc("b", i));
  ASSERT_TRUE(b->InsertDocuments(others));
  // 2 documents into 41: 64 >= 41, rebuilt.
  Document copy = KeyedDoc("copy", 0);
  copy.text = others[5].text;
  copy.content_hash = others[5].content_hash;
  auto report = a->InsertDocuments({others[3], copy});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(report->ids[0], 5);
  EXPECT_EQ(report->duplicates, 1);
  EXPECT_EQ(a->GetDocument(report->ids[1])->duplicate_of, 7);
  EXPECT_EQ(a->KeyFilterBuilds(), 2);
  // 1 document into 43: 32 < 43, no filter; found by lookup.
  ASSERT_TRUE(b->InsertDocuments({KeyedDoc("b", 40)}));
  Document by_guid = KeyedDoc("b", 40);
  by_guid.canonical_url = "https://b.example/moved";
  report = a->InsertDocuments({by_guid});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(report->ids[0], 43);
  EXPECT_EQ(a->KeyFilterBuilds(), 2);
}

// The filter grows with the table: 5,000 documents (15,000 keys) in batches
// of 250 build it three times: into the empty table (room for the minimum,
// 4,096 keys), at the 6th batch (3,750 stored + 750 > 4,096; room for
// 9,000), at the 13th (9,000 + 750 > 9,000; room for 19,500). Every stored
// URL is then found again (a batch that may bring 15,000 keys: rebuilt with
// room for 60,000), and every text is a duplicate under a new URL.
TEST_F(StoreTest, KeyFilterGrowsAndHidesNoStoredKey) {
  auto store = OpenOrDie();
  std::vector<Document> docs;
  for (int i = 0; i < 5000; ++i) docs.push_back(KeyedDoc("g", i));
  for (size_t from = 0; from < docs.size(); from += 250) {
    ASSERT_TRUE(store->InsertDocuments(
        {docs.begin() + static_cast<long>(from), docs.begin() + static_cast<long>(from + 250)}));
  }
  EXPECT_EQ(store->KeyFilterBuilds(), 3);
  auto again = store->InsertDocuments(docs);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->unchanged, 5000);
  EXPECT_EQ(store->KeyFilterBuilds(), 4);
  std::vector<Document> copies = docs;
  for (Document& d : copies) {
    d.canonical_url += "/copy";
    d.guid += ":copy";
  }
  auto dup = store->InsertDocuments(copies);
  ASSERT_TRUE(dup) << dup.error().message;
  EXPECT_EQ(dup->duplicates, 5000);
  EXPECT_EQ(store->GetDocument(dup->ids[4999])->duplicate_of, 5000);
  EXPECT_EQ(store->KeyFilterBuilds(), 4);
}

// Building the filter scans every stored key, so a small batch into a large
// table builds none and looks its keys up; a batch of a 32nd of the table
// builds one.
TEST_F(StoreTest, SmallBatchIntoLargeTableBuildsNoKeyFilter) {
  std::vector<Document> docs;
  for (int i = 0; i < 100; ++i) docs.push_back(KeyedDoc("s", i));
  {
    auto bulk = OpenOrDie();
    ASSERT_TRUE(bulk->InsertDocuments(docs));
  }
  auto store = OpenOrDie();
  auto report = store->InsertDocuments({docs[7], KeyedDoc("s", 100)});  // 64 < 100
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(report->added, 1);
  EXPECT_EQ(store->KeyFilterBuilds(), 0);
  report = store->InsertDocuments(
      {docs[9], KeyedDoc("s", 101), KeyedDoc("s", 102), KeyedDoc("s", 103)});  // 128 >= 101
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(report->added, 3);
  EXPECT_EQ(store->KeyFilterBuilds(), 1);
}

// v7 gives the rows of an older database their keys; should two values
// share one, only the oldest row keeps it (simulated with a constant key
// function), so the unique indexes can be built.
TEST_F(StoreTest, Version7KeysExistingRows) {
  ASSERT_GE(SchemaVersion(), 7);
  auto make_v6 = [](SQLite::Database& db) {
    MakeSchema(db, 6);
    db.exec(
        "INSERT INTO documents (id, kind, canonical_url, guid, text, content_hash, fetched) VALUES "
        "(1, 'article', 'https://o.example/1', 'urn:o:1', 'one', 'h1', 0), "
        "(2, 'article', 'https://o.example/2', NULL, 'two', 'h2', 0), "
        "(3, 'article', 'https://o.example/3', 'urn:o:3', 'three', '', 0)");
  };
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    make_v6(db);
  }
  {
    auto store = OpenOrDie();
    ASSERT_TRUE(store);
    auto report = store->InsertDocuments(
        {Doc("https://o.example/2", "two again", "hq"), Doc("https://n.example/1", "one", "h1")});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->unchanged, 1);
    EXPECT_EQ(report->ids[0], 2);
    EXPECT_EQ(report->duplicates, 1);
    EXPECT_EQ(store->GetDocument(report->ids[1])->duplicate_of, 1);
  }
  {
    SQLite::Database db(path_, SQLite::OPEN_READONLY);
    EXPECT_EQ(KeyColumn(db, "canonical_key", 1), IdentityKey("https://o.example/1"));
    EXPECT_EQ(KeyColumn(db, "guid_key", 3), IdentityKey("urn:o:3"));
    EXPECT_EQ(KeyColumn(db, "guid_key", 2), std::nullopt);
    EXPECT_EQ(KeyColumn(db, "content_key", 2), IdentityKey("h2"));
    EXPECT_EQ(KeyColumn(db, "content_key", 3), std::nullopt);
  }
  const fs::path colliding = dir_ / "colliding.db";
  SQLite::Database db(colliding.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  make_v6(db);
  auto constant = [](sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
      sqlite3_result_null(ctx);
    } else {
      sqlite3_result_int64(ctx, 42);
    }
  };
  ASSERT_EQ(sqlite3_create_function_v2(db.getHandle(), "corroborate_key", 1, SQLITE_UTF8, nullptr,
                                       constant, nullptr, nullptr, nullptr),
            SQLITE_OK);
  ASSERT_NO_THROW(db.exec(std::string(Migrations()[6])));
  EXPECT_EQ(
      db.execAndGet("SELECT group_concat(id) FROM documents WHERE canonical_key = 42").getString(),
      "1");
  EXPECT_EQ(db.execAndGet("SELECT group_concat(id) FROM documents WHERE guid_key = 42").getString(),
            "1");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM documents WHERE content_key = 42").getInt(), 2);
}

// v8 records the keys of an older database's rows in identities (content
// keys of originals only) and drops the key indexes; the rows are found
// again by URL, GUID and text.
TEST_F(StoreTest, Version8RecordsTheKeysOfExistingRows) {
  ASSERT_GE(SchemaVersion(), 8);
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    RegisterIdentityKey(db.getHandle());  // the v7 migration computes keys
    MakeSchema(db, 7);
    db.exec(
        "INSERT INTO documents (id, kind, canonical_url, canonical_key, guid, guid_key, text, "
        "content_hash, content_key, duplicate_of, fetched) VALUES "
        "(1, 'article', 'https://o.example/1', corroborate_key('https://o.example/1'), "
        "'urn:o:1', corroborate_key('urn:o:1'), 'one', 'h1', corroborate_key('h1'), NULL, 0), "
        "(2, 'article', 'https://o.example/2', corroborate_key('https://o.example/2'), NULL, NULL, "
        "'one', 'h1', corroborate_key('h1'), 1, 0), "
        "(3, 'post', NULL, NULL, 'urn:o:3', corroborate_key('urn:o:3'), 'three', '', NULL, NULL, "
        "0)");
  }
  {
    auto store = OpenOrDie();
    ASSERT_TRUE(store);
    Document by_guid = Doc("https://o.example/3", "three edited", "h3");
    by_guid.guid = "urn:o:3";
    auto report = store->InsertDocuments({Doc("https://o.example/2", "two again", "hq"), by_guid,
                                          Doc("https://n.example/1", "one", "h1")});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->unchanged, 2);
    EXPECT_EQ(report->ids[0], 2);
    EXPECT_EQ(report->ids[1], 3);
    EXPECT_EQ(report->duplicates, 1);
    EXPECT_EQ(store->GetDocument(report->ids[2])->duplicate_of, 1);
  }
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT group_concat(kind || ':' || document_id, ' ') FROM "
                          "(SELECT * FROM identities ORDER BY document_id, kind)")
                .getString(),
            "0:1 1:1 2:1 0:2 1:3");
  EXPECT_EQ(IdentityEntries(db, 0, IdentityKey("https://o.example/2")), "2");
  EXPECT_EQ(IdentityEntries(db, 2, IdentityKey("h1")), "1");
  EXPECT_EQ(
      db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name IN "
                    "('documents_canonical_key', 'documents_guid_key', 'documents_content_key')")
          .getInt(),
      0);
}

TEST_F(StoreTest, DuplicatesWithinOneBatch) {
  auto store = OpenOrDie();
  Document no_url;
  no_url.text = "AP text";
  no_url.content_hash = "same";
  auto report = store->InsertDocuments({Doc("https://wire.example/a", "AP text", "same"),
                                        Doc("https://paper.example/b", "AP text", "same"), no_url});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->added, 1);
  EXPECT_EQ(report->duplicates, 1);
  EXPECT_EQ(report->unchanged, 1);  // no URL or GUID: identified by its text
  EXPECT_EQ(report->ids[2], report->ids[0]);
  EXPECT_EQ(store->GetDocument(report->ids[1])->duplicate_of, report->ids[0]);
}

TEST_F(StoreTest, LargeBatchIsIndexedAndIdsFollowInputOrder) {
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
    auto store = OpenOrDie();
    ASSERT_TRUE(store->InsertDocuments({Doc("https://first.example/", "first", "hf")}));
  }
  auto store = OpenOrDie();  // re-opened: the batch virtual table is per connection
  auto report = store->InsertDocuments(docs);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->added, 500);
  for (size_t i = 0; i < docs.size(); i += 97) {
    auto got = store->GetDocument(report->ids[i]);
    EXPECT_EQ(got->doc.url, docs[i].url);
    EXPECT_EQ(got->doc.raw, docs[i].raw);
  }
  EXPECT_EQ(store->Search("blackout", 1000)->size(), 100u);
  auto one = store->Search("w137");
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].id, report->ids[137]);
  EXPECT_EQ(*store->CountDocuments(), 501);
  EXPECT_EQ(store->Search("acces AND ete", 1000)->size(), 500u);
  // Each title and text was tokenized once, by a worker or by the writer.
  const TokenCounts tokens = store->Tokenizing();
  EXPECT_EQ(tokens.replayed + tokens.tokenized, 1000);
  // The FTS index holds exactly what the built-in tokenizer makes of the
  // documents table (checked on a connection without TokenReplay).
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    EXPECT_NO_THROW(CheckFtsAgainstContent(db));
  }
  // Closing stops the checkpoint helper first, so the last connection
  // checkpoints everything and removes the WAL.
  store.reset();
  EXPECT_FALSE(fs::exists(path_ + "-wal"));
}

// Checkpoints run on the helper thread once the WAL passes 1,000 pages
// (16 MB): its connection must have opened the WAL, or each of its runs
// would copy nothing and leave every checkpoint to the writer.
TEST_F(StoreTest, HelperThreadCheckpointsTheWal) {
  auto store = OpenOrDie();
  std::string text;
  for (int w = 0; text.size() < 20000; ++w)
    text += "word" + std::to_string(w * 7919 % 100003) + " ";
  for (int b = 0; b < 3; ++b) {
    std::vector<Document> docs;
    for (int i = 0; i < 400; ++i) {
      const std::string n = std::to_string(b * 1000 + i);
      docs.push_back(Doc("https://wal.example/" + n, n + " " + text, "h" + n));
    }
    auto report = store->InsertDocuments(docs);
    ASSERT_TRUE(report) << report.error().message;
  }
  for (int wait = 0; wait < 200 && store->Checkpoints().helper == 0; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GT(store->Checkpoints().helper, 0);
  EXPECT_GT(fs::file_size(path_), 20u << 20);  // the frames reached the database file
}

TEST_F(StoreTest, GuidIsAnIdentity) {
  auto store = OpenOrDie();
  Document a = Doc("https://a.example/old-link", "text a", "ha");
  a.guid = "urn:uuid:1234";
  ASSERT_TRUE(store->InsertDocuments({a}));
  Document b = Doc("https://a.example/new-link", "text b edited", "hb");
  b.guid = "urn:uuid:1234";
  auto report = store->InsertDocuments({b});
  ASSERT_TRUE(report);
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(report->added, 0);
  EXPECT_EQ(*store->CountDocuments(), 1);
}

TEST_F(StoreTest, TextWithoutUrlOrGuidIsIdentifiedByHash) {
  auto store = OpenOrDie();
  Document d;
  d.text = "notes";
  d.content_hash = "hn";
  ASSERT_EQ(store->InsertDocuments({d})->added, 1);
  EXPECT_EQ(store->InsertDocuments({d})->unchanged, 1);
}

// A document without identity is left out; the rest of its batch is stored.
TEST_F(StoreTest, DocumentWithoutIdentityIsRejectedAlone) {
  auto store = OpenOrDie();
  Document none;
  none.title = "nothing to identify";
  auto report = store->InsertDocuments(
      {Doc("https://a.example/1", "one", "h1"), none, Doc("https://a.example/3", "three", "h3")});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->added, 2);
  ASSERT_EQ(report->rejected.size(), 1u);
  EXPECT_EQ(report->rejected[0].index, 1u);
  EXPECT_NE(report->rejected[0].reason.find("no canonical URL, GUID or content"), std::string::npos)
      << report->rejected[0].reason;
  ASSERT_EQ(report->ids.size(), 3u);
  EXPECT_EQ(report->ids[1], 0);
  EXPECT_EQ(*store->CountDocuments(), 2);
}

// A row SQLite refuses costs only itself: the others of the batch are stored,
// in full (text, index, identities), and the refused one is named.
TEST_F(StoreTest, RefusedRowLeavesTheRestOfTheBatch) {
  auto store = OpenOrDie();
  Document bad = Doc("https://a.example/bad", "bad", "hbad");
  bad.source_id = 4242;  // no such source: the foreign key fails
  Document copy_of_bad = Doc("https://b.example/bad", "bad", "hbad");  // same text as `bad`
  auto report = store->InsertDocuments({Doc("https://a.example/1", "one", "h1"), bad,
                                        Doc("https://a.example/3", "three", "h3"), copy_of_bad});
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->rejected.size(), 1u);
  EXPECT_EQ(report->rejected[0].index, 1u);
  EXPECT_NE(report->rejected[0].reason.find("FOREIGN KEY"), std::string::npos)
      << report->rejected[0].reason;
  // The copy was staged as a duplicate of `bad`; it is stored as the original.
  EXPECT_EQ(report->added, 3);
  EXPECT_EQ(report->duplicates, 0);
  EXPECT_EQ(report->ids[1], 0);
  EXPECT_EQ(*store->CountDocuments(), 3);
  EXPECT_EQ(store->Search("three")->size(), 1u);
  EXPECT_EQ(store->Search("bad")->size(), 1u);
  auto copy = store->GetDocument(report->ids[3]);
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->duplicate_of, 0);
  // The identities went in: the same batch again adds nothing but `bad`,
  // which its source makes fail again.
  auto again = store->InsertDocuments(
      {Doc("https://a.example/1", "one", "h1"), bad, Doc("https://a.example/3", "three", "h3")});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->rejected.size(), 1u);
}

// A failure SQLite does not lay on a row (here a plain SQLITE_ERROR from a
// trigger another program added; the disk-full case is in
// store_crash_test) writes nothing of the batch and names the database.
TEST_F(StoreTest, FailedBatchLeavesNothing) {
  auto store = OpenOrDie();
  ASSERT_TRUE(store->InsertDocuments({Doc("https://a.example/0", "zero", "h0")}));
  {
    SQLite::Database other(path_, SQLite::OPEN_READWRITE);
    other.exec(
        "CREATE TRIGGER fail_three AFTER INSERT ON documents WHEN NEW.text = 'three' "
        "BEGIN SELECT json('not json'); END");
  }
  auto report = store->InsertDocuments(
      {Doc("https://a.example/1", "one", "h1"), Doc("https://a.example/3", "three", "h3")});
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kStore);
  EXPECT_NE(report.error().message.find(path_), std::string::npos) << report.error().message;
  EXPECT_NE(report.error().message.find("nothing stored"), std::string::npos);
  EXPECT_EQ(*store->CountDocuments(), 1);
  EXPECT_TRUE(store->Search("one")->empty());
  // The store is usable afterwards and the other documents go in.
  auto ok = store->InsertDocuments({Doc("https://a.example/1", "one", "h1")});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->added, 1);
}

TEST_F(StoreTest, RawBytesRoundTripCompressed) {
  auto store = OpenOrDie();
  Document d = Doc("https://a.example/page", "page text", "hp");
  for (int i = 0; i < 2000; ++i) d.raw += "<p>repeated markup " + std::to_string(i % 7) + "</p>\n";
  d.raw += std::string("\0\xff\x01binary", 9);
  d.raw_type = "text/html";
  d.published = 1419282000;
  d.published_precision = Granularity::kMinute;
  d.published_offset = -5 * 3600;
  d.author = "A. Reporter";
  d.guid = "g-1";
  Document no_zone = Doc("https://a.example/other", "other text", "ho");
  auto report = store->InsertDocuments({d, no_zone});
  ASSERT_TRUE(report);
  auto got = store->GetDocument(report->ids[0]);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->doc.raw, d.raw);
  EXPECT_EQ(got->doc.raw_type, "text/html");
  EXPECT_EQ(got->doc.published, d.published);
  EXPECT_EQ(got->doc.published_precision, Granularity::kMinute);
  EXPECT_EQ(got->doc.published_offset, -5 * 3600);
  EXPECT_FALSE(store->GetDocument(report->ids[1])->doc.published_offset.has_value());
  EXPECT_EQ(got->doc.author, "A. Reporter");
  EXPECT_EQ(got->doc.guid, "g-1");
  EXPECT_FALSE(got->doc.modified.has_value());
  SQLite::Database db(path_);
  const int stored = db.execAndGet("SELECT length(raw) FROM documents WHERE guid = 'g-1'").getInt();
  EXPECT_LT(stored, static_cast<int>(d.raw.size()) / 4);
  EXPECT_EQ(store->GetDocument(999).error().code, ErrorCode::kNotFound);
}

// Raw bytes are written as zstd frames; rows written by earlier versions
// hold zlib streams and still read back.
TEST_F(StoreTest, RawBytesOfEarlierZlibRowsStillRead) {
  auto store = OpenOrDie();
  Document d = Doc("https://a.example/zlib", "zlib text", "hz");
  d.raw = "<html><body><p>" + std::string(5000, 'x') + "</p></body></html>";
  auto report = store->InsertDocuments({d});
  ASSERT_TRUE(report);
  SQLite::Database db(path_, SQLite::OPEN_READWRITE);
  {
    SQLite::Statement raw(db, "SELECT hex(substr(raw, 1, 4)) FROM documents");
    ASSERT_TRUE(raw.executeStep());
    EXPECT_EQ(raw.getColumn(0).getString(), "28B52FFD");  // zstd frame magic
  }
  uLongf size = compressBound(d.raw.size());
  std::string z(size, '\0');
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(z.data()), &size,
                      reinterpret_cast<const Bytef*>(d.raw.data()), d.raw.size(), 6),
            Z_OK);
  z.resize(size);
  SQLite::Statement update(db, "UPDATE documents SET raw = ?1");
  update.bind(1, z.data(), static_cast<int>(z.size()));
  ASSERT_EQ(update.exec(), 1);
  auto got = store->GetDocument(report->ids[0]);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->doc.raw, d.raw);
  // Bytes that are neither give an error naming the document, not a crash.
  SQLite::Statement junk(db, "UPDATE documents SET raw = x'00010203040506'");
  ASSERT_EQ(junk.exec(), 1);
  auto bad = store->GetDocument(report->ids[0]);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("do not decompress"), std::string::npos) << bad.error().message;
}

// Raw bytes that contain the document's text (a feed item's HTML, a post's
// JSON) are compressed with the text as a zstd prefix: the stored blob is a
// few dozen bytes where a plain frame needs about half of the text. Rows
// written before, as plain zstd frames, still read back.
TEST_F(StoreTest, RawBytesAreCompressedAgainstTheText) {
  auto store = OpenOrDie();
  std::string text;
  std::uint32_t state = 12345;
  while (text.size() < 3000) {
    state = state * 1103515245u + 12345u;
    text += "word" + std::to_string((state >> 8) % 5000) + ' ';
  }
  Document d = Doc("https://a.example/prefix", text, "hp");
  d.raw = "<html><head><title>A story</title></head><body><article><p>" + text +
          "</p></article></body></html>";
  auto report = store->InsertDocuments({d});
  ASSERT_TRUE(report) << report.error().message;
  SQLite::Database db(path_, SQLite::OPEN_READWRITE);
  {
    SQLite::Statement raw(db, "SELECT hex(substr(raw, 1, 12)), length(raw) FROM documents");
    ASSERT_TRUE(raw.executeStep());
    // A zstd skippable frame (magic 0x184D2A5C) holding "text".
    EXPECT_EQ(raw.getColumn(0).getString(), "5C2A4D180400000074657874");
    EXPECT_LT(raw.getColumn(1).getInt(), 120);
  }
  auto got = store->GetDocument(report->ids[0]);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->doc.raw, d.raw);
  EXPECT_EQ(got->doc.text, text);

  std::string plain(ZSTD_compressBound(d.raw.size()), '\0');
  const size_t size = ZSTD_compress(plain.data(), plain.size(), d.raw.data(), d.raw.size(), 3);
  ASSERT_FALSE(ZSTD_isError(size));
  plain.resize(size);
  EXPECT_GT(plain.size(), 500u);  // what the prefix saves
  SQLite::Statement update(db, "UPDATE documents SET raw = ?1");
  update.bind(1, plain.data(), static_cast<int>(plain.size()));
  ASSERT_EQ(update.exec(), 1);
  got = store->GetDocument(report->ids[0]);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->doc.raw, d.raw);
}

// The store turns Debian's secure_delete default off (see Store::Open): the
// bytes of a deleted row stay in the page's free space instead of being
// zeroed, so they are still in the file once the WAL is checkpointed.
TEST_F(StoreTest, SecureDeleteIsOff) {
  const std::string url = "https://gone.example/feed-7f3a9c.xml";
  {
    auto store = OpenOrDie();
    ASSERT_TRUE(store->AddSource({.url = "https://kept.example/feed.xml"}, 0));
    ASSERT_TRUE(store->AddSource({.url = url}, 0));
    ASSERT_TRUE(store->RemoveSource(url));
    EXPECT_EQ(store->ListSources()->size(), 1u);
  }  // closing checkpoints the WAL into the file
  ASSERT_FALSE(fs::exists(path_ + "-wal"));
  std::ifstream in(path_, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(bytes.find(url), std::string::npos);
}

TEST_F(StoreTest, SearchFindsRanksAndSnippets) {
  auto store = OpenOrDie();
  Document a = Doc("https://a.example/ddos", "The outage was a denial of service attack on the "
                                             "national network, officials said.", "ha");
  a.title = "North Korea internet down";
  Document b = Doc("https://a.example/other", "Weather was mild. Service resumed later.", "hb");
  b.title = "Weather";
  Document copy = Doc("https://b.example/copy", a.text, "ha");
  ASSERT_TRUE(store->InsertDocuments({a, b, copy}));
  auto hits = store->Search("\"denial of service\"");
  ASSERT_TRUE(hits) << hits.error().message;
  ASSERT_EQ(hits->size(), 1u);  // the duplicate copy is left out
  EXPECT_EQ((*hits)[0].title, "North Korea internet down");
  EXPECT_NE((*hits)[0].snippet.find("a [denial of service] attack"), std::string::npos)
      << (*hits)[0].snippet;
  auto service = store->Search("service");
  ASSERT_TRUE(service);
  EXPECT_EQ(service->size(), 2u);
  auto title_hit = store->Search("korea OR weather");
  ASSERT_TRUE(title_hit);
  EXPECT_EQ(title_hit->size(), 2u);
  auto limited = store->Search("service", 1);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->size(), 1u);
  for (const char* bad : {"\"unterminated", "AND OR", "service)", "nosuchcol:word"}) {
    auto r = store->Search(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_NE(r.error().message.find(bad), std::string::npos) << r.error().message;
  }
  EXPECT_FALSE(store->Search("   "));
}

// Issue 17, failure 4: "t* OR t* ..." took 56 s with 100 terms and 9.1 GB
// with 20,000. A query has at most 32 terms and 32 operators.
TEST_F(StoreTest, SearchRefusesTooManyTermsOrOperators) {
  auto store = OpenOrDie();
  ASSERT_TRUE(store->InsertDocuments({Doc("https://a.example/t", "the network went down", "ha")}));
  std::string terms = "t*";
  for (int i = 1; i < 1000; ++i) terms += " OR t*";
  std::string phrase = "\"";
  for (int i = 0; i < 40; ++i) phrase += "the ";
  phrase += "\"";
  for (const std::string& q : {terms, phrase}) {
    auto r = store->Search(q);
    ASSERT_FALSE(r) << q.substr(0, 40);
    EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
    EXPECT_NE(r.error().message.find("more than the limit of 32"), std::string::npos)
        << r.error().message;
  }
  std::string nested = std::string(40, '(') + "network" + std::string(40, ')');
  auto r = store->Search(nested);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(r.error().message.find("40 operators"), std::string::npos) << r.error().message;
  // At the limits the query runs.
  std::string most = "network";
  for (int i = 1; i < 32; ++i) most += " OR w" + std::to_string(i);
  auto ok = store->Search(most);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->size(), 1u);
  ok = store->Search(std::string(32, '(') + "network" + std::string(32, ')'));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->size(), 1u);
}

// The indexed words a query's prefix terms expand to, together, are bounded
// (10,000), counted as the index's tokenizer reads the prefix ("TW*" is
// "tw*").
TEST_F(StoreTest, SearchBoundsPrefixExpansions) {
  auto store = OpenOrDie();
  std::string words;
  for (int i = 0; i <= 10000; ++i) words += "tw" + std::to_string(i) + " ";
  ASSERT_TRUE(store->InsertDocuments({Doc("https://a.example/words", words, "ha")}));
  for (const char* q : {"tw*", "TW*", "\"tw\"*"}) {
    auto r = store->Search(q);
    ASSERT_FALSE(r) << q;
    EXPECT_EQ(r.error().code, ErrorCode::kTooLarge) << q;
    EXPECT_NE(r.error().message.find("more than 10000 indexed words"), std::string::npos)
        << r.error().message;
  }
  // tw1*: tw1, tw10..tw19, tw100..tw199, tw1000..tw1999, tw10000 (1,112);
  // tw2* .. tw9*: 1,111 each. Nine prefixes: 10,000 words; a tenth is one
  // too many.
  std::string nine = "tw1*";
  for (int d = 2; d <= 9; ++d) nine += " OR tw" + std::to_string(d) + "*";
  auto ok = store->Search(nine);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->size(), 1u);
  auto over = store->Search(nine + " OR tw0*");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kTooLarge);
  SearchLimits tight;
  tight.max_prefix_words = 12;
  EXPECT_TRUE(store->Search("tw100*", 20, tight));  // tw100, tw1000..tw1009, tw10000
  EXPECT_FALSE(store->Search("tw10*", 20, tight));
}

// A query that runs past its time limit is stopped (SQLite's progress
// handler) with a message that names the limit.
TEST_F(StoreTest, SearchStopsAtItsTimeLimit) {
  auto store = OpenOrDie();
  std::vector<Document> docs;
  for (int i = 0; i < 300; ++i) {
    docs.push_back(Doc("https://a.example/" + std::to_string(i),
                       "The network went down again, report " + std::to_string(i) + ".",
                       "h" + std::to_string(i)));
  }
  ASSERT_TRUE(store->InsertDocuments(docs));
  SearchLimits none;
  none.max_seconds = 0;
  auto r = store->Search("network OR report", 1000, none);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTimeout);
  EXPECT_NE(r.error().message.find("time limit of 0 s"), std::string::npos) << r.error().message;
  // The handler is gone afterwards: the next search runs to its end.
  auto all = store->Search("network OR report", 1000);
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->size(), 300u);
}

// Issue 17, failure 9: a syntax error echoed a 40 KB query. Messages quote
// its first 80 characters.
TEST_F(StoreTest, SearchMessagesQuoteAShortPrefixOfTheQuery) {
  auto store = OpenOrDie();
  ASSERT_TRUE(store->InsertDocuments({Doc("https://a.example/t", "the network went down", "ha")}));
  const std::string query = "\"" + std::string(40000, 'x');  // unterminated string
  auto r = store->Search(query);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_LT(r.error().message.size(), 200u) << r.error().message.substr(0, 300);
  EXPECT_NE(r.error().message.find("\"" + query.substr(0, 80) + "\xE2\x80\xA6\""),
            std::string::npos)
      << r.error().message;
  // Nor does SQLite's own message, which names an unknown column.
  r = store->Search(std::string(40000, 'c') + ":network");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_LT(r.error().message.size(), 400u) << r.error().message.substr(0, 500);
  EXPECT_NE(r.error().message.find("no such column"), std::string::npos) << r.error().message;
}

TEST_F(StoreTest, SourcesCrud) {
  auto store = OpenOrDie();
  NewSource feed{.url = "https://a.example/feed.xml", .reliability = 'B'};
  auto added = store->AddSource(feed, 1000);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_TRUE(added->created);
  NewSource again{.url = "https://a.example/feed.xml", .title = "A feed"};
  auto re = store->AddSource(again, 2000);
  ASSERT_TRUE(re);
  EXPECT_FALSE(re->created);
  EXPECT_EQ(re->id, added->id);
  auto got = store->GetSource("https://a.example/feed.xml");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->reliability, 'B');  // kept: not given the second time
  EXPECT_EQ(got->title, "A feed");
  EXPECT_EQ(got->next_poll, 1000);
  EXPECT_EQ(got->poll_interval, 3600);
  ASSERT_TRUE(store->AddSource({.url = "https://a.example/feed.xml", .reliability = 'D'}, 0));
  EXPECT_EQ(store->GetSource(added->id)->reliability, 'D');

  auto bad = store->AddSource({.url = "https://b.example/", .reliability = 'G'}, 0);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);

  ASSERT_TRUE(store->AddSource({.url = "https://m.example/tags/x", .kind = SourceKind::kMastodon}, 0));
  auto all = store->ListSources();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].kind, SourceKind::kMastodon);
  EXPECT_EQ((*all)[1].reliability, 'F');

  // Removing a source keeps its documents, unlinked.
  Document d = Doc("https://a.example/1", "one", "h1");
  d.source_id = added->id;
  auto ids = store->InsertDocuments({d});
  ASSERT_TRUE(ids) << ids.error().message;
  ASSERT_TRUE(store->RemoveSource("https://a.example/feed.xml"));
  EXPECT_EQ(store->GetSource("https://a.example/feed.xml").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store->RemoveSource("https://a.example/feed.xml").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store->GetDocument(ids->ids[0])->doc.source_id, 0);
}

TEST_F(StoreTest, FetchBookkeepingAndDueOrder) {
  auto store = OpenOrDie();
  auto a = store->AddSource({.url = "https://a.example/feed"}, 100);
  auto b = store->AddSource({.url = "https://b.example/feed"}, 50);
  auto c = store->AddSource({.url = "https://c.example/feed"}, 500);
  ASSERT_TRUE(a && b && c);
  auto due = store->DueSources(200);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].id, b->id);  // the most overdue first
  EXPECT_EQ((*due)[1].id, a->id);

  ASSERT_TRUE(store->RecordFetchFailure(a->id, "HTTP 503", 300));
  ASSERT_TRUE(store->RecordFetchFailure(a->id, "timeout", 400));
  auto failed = store->GetSource(a->id);
  EXPECT_EQ(failed->consecutive_failures, 2);
  EXPECT_EQ(failed->last_error, "timeout");
  EXPECT_EQ(failed->next_poll, 400);

  ASSERT_TRUE(store->RecordFetchSuccess(a->id, "\"etag-1\"", "Mon, 22 Dec 2014 21:00:00 GMT", 4000));
  auto ok = store->GetSource(a->id);
  EXPECT_EQ(ok->consecutive_failures, 0);
  EXPECT_EQ(ok->last_error, "");
  EXPECT_EQ(ok->etag, "\"etag-1\"");
  EXPECT_EQ(ok->last_modified, "Mon, 22 Dec 2014 21:00:00 GMT");

  due = store->DueSources(1000);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].id, b->id);
  EXPECT_EQ((*due)[1].id, c->id);
  EXPECT_EQ(store->RecordFetchFailure(999, "x", 0).error().code, ErrorCode::kNotFound);
}

TEST_F(StoreTest, ListDocumentsFilters) {
  auto store = OpenOrDie();
  Document a = Doc("https://a.example/1", "one", "h1");
  a.published = 1000;
  Document b = Doc("https://a.example/2", "two", "h2");
  b.published = 2000;
  b.kind = DocumentKind::kPost;
  Document c = Doc("https://a.example/3", "three", "h3");
  ASSERT_TRUE(store->InsertDocuments({a, b, c}));
  DocumentFilter posts;
  posts.kind = DocumentKind::kPost;
  auto got = store->ListDocuments(posts);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].doc.url, "https://a.example/2");
  DocumentFilter window;
  window.published_from = 500;
  window.published_to = 2000;
  EXPECT_EQ(*store->CountDocuments(window), 1);
  DocumentFilter page;
  page.limit = 2;
  got = store->ListDocuments(page);
  ASSERT_EQ(got->size(), 2u);
  page.after_id = (*got)[1].doc.id;
  got = store->ListDocuments(page);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].doc.text, "three");
}

}  // namespace
}  // namespace corroborate::store
