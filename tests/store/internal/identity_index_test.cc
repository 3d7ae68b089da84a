#include "store/internal/identity_index.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "store/documents.h"
#include "store/internal/testing.h"
#include "tests/store/fixture.h"
#include "tests/store/internal/inspect.h"

namespace corroborate::store::internal {
namespace {

class IdentityIndexTest : public StoreTest {};

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
TEST_F(IdentityIndexTest, IdentityLookupsSearchTheirIndexes) {
  ASSERT_TRUE(OpenOrDie());
  SQLite::Database file(path_, SQLite::OPEN_READONLY);
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
    std::string plan = QueryPlan(file, sql.c_str());
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
TEST_F(IdentityIndexTest, IdentityDeleteTriggerSearchesByPrimaryKey) {
  ASSERT_TRUE(OpenOrDie());
  SQLite::Database file(path_, SQLite::OPEN_READONLY);
  std::string body =
      file.execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'documents_identities_delete'")
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
    const std::string plan = QueryPlan(file, statement.c_str());
    EXPECT_EQ(plan.find("SCAN"), std::string::npos) << statement << "\n" << plan;
    EXPECT_NE(plan.find("USING PRIMARY KEY (kind=? AND key=? AND document_id=?)"),
              std::string::npos)
        << statement << "\n"
        << plan;
  }
  EXPECT_EQ(statements, 2);
}

TEST_F(IdentityIndexTest, NewRowsCarryTheKeysOfTheirIdentities) {
  EXPECT_NE(IdentityKey("https://a.example/1"), IdentityKey("https://a.example/2"));
  auto db = OpenOrDie();
  Documents documents(*db);
  Document d = Doc("https://a.example/1", "some text", "0123456789abcdef0123456789abcdef");
  d.guid = "tag:a.example,2014:1";
  Document no_guid = Doc("https://a.example/2", "other text", "h2");
  auto report = documents.InsertDocuments({d, no_guid});
  ASSERT_TRUE(report) << report.error().message;
  db.reset();
  SQLite::Database file(path_, SQLite::OPEN_READONLY);
  EXPECT_EQ(KeyColumn(file, "canonical_key", report->ids[0]), IdentityKey(d.canonical_url));
  EXPECT_EQ(KeyColumn(file, "guid_key", report->ids[0]), IdentityKey(d.guid));
  EXPECT_EQ(KeyColumn(file, "content_key", report->ids[0]), IdentityKey(d.content_hash));
  EXPECT_EQ(KeyColumn(file, "guid_key", report->ids[1]), std::nullopt);
  const std::string first = std::to_string(report->ids[0]);
  EXPECT_EQ(IdentityEntries(file, 0, IdentityKey(d.canonical_url)), first);
  EXPECT_EQ(IdentityEntries(file, 1, IdentityKey(d.guid)), first);
  EXPECT_EQ(IdentityEntries(file, 2, IdentityKey(d.content_hash)), first);
}

// A batch's keys go to identities_recent; once that holds enough of them
// (here: two batches of 1,000 documents with 3 keys each, past the minimum
// of 4,096 entries, while identities is empty) they move to identities, and
// lookups find documents in either level. A duplicate records no content
// key (only originals are returned by the duplicate lookup).
TEST_F(IdentityIndexTest, IdentitiesMoveToTheMainLevelAndAreFoundInBoth) {
  auto db = OpenOrDie();
  Documents documents(*db);
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
  SQLite::Database file(path_, SQLite::OPEN_READONLY);
  auto entries = [&file](const char* table) {
    return file.execAndGet(std::string("SELECT count(*) FROM ") + table).getInt();
  };
  ASSERT_TRUE(documents.InsertDocuments(batch(0, "a")));
  EXPECT_EQ(entries("identities_recent"), 3000);
  EXPECT_EQ(entries("identities"), 0);
  ASSERT_TRUE(documents.InsertDocuments(batch(1000, "a")));
  EXPECT_EQ(entries("identities_recent"), 0);
  EXPECT_EQ(entries("identities"), 6000);
  ASSERT_TRUE(documents.InsertDocuments(batch(2000, "a")));
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
  auto report = documents.InsertDocuments(again);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->unchanged, 4);
  EXPECT_EQ(report->ids, (std::vector<std::int64_t>{1, 3000, 1006, 2008}));
  // Copies of texts in both levels are duplicates of their originals.
  std::vector<Document> copies = batch(0, "copy");
  copies.resize(3);
  copies[1].text = "text 2500";
  copies[1].content_hash = "hash2500";
  auto dup = documents.InsertDocuments(copies);
  ASSERT_TRUE(dup) << dup.error().message;
  EXPECT_EQ(dup->duplicates, 3);
  EXPECT_EQ(documents.GetDocument(dup->ids[0])->duplicate_of, 1);
  EXPECT_EQ(documents.GetDocument(dup->ids[1])->duplicate_of, 2501);
  EXPECT_EQ(documents.GetDocument(dup->ids[2])->duplicate_of, 3);
  // The copies' URLs and GUIDs are identities; their texts are not recorded again.
  EXPECT_EQ(IdentityEntries(file, 0, IdentityKey("https://copy.example/1")),
            std::to_string(dup->ids[1]));
  EXPECT_EQ(IdentityEntries(file, 1, IdentityKey("urn:copy:1")), std::to_string(dup->ids[1]));
  EXPECT_EQ(IdentityEntries(file, 2, IdentityKey("hash2500")), "2501");
  EXPECT_EQ(entries("identities_recent") + entries("identities"), 9000 + 6);
}

// Deleting a document removes its identities from whichever level holds
// them, so its URL, GUID and text are new again.
TEST_F(IdentityIndexTest, DeletedDocumentsLeaveNoIdentities) {
  auto db = OpenOrDie();
  Documents documents(*db);
  std::vector<Document> docs;
  for (int i = 0; i < 2000; ++i) {
    Document d = Doc(fmt::format("https://d.example/{}", i), fmt::format("text {}", i),
                     fmt::format("hash{}", i));
    d.guid = fmt::format("urn:d:{}", i);
    docs.push_back(std::move(d));
  }
  ASSERT_TRUE(documents.InsertDocuments({docs.begin(), docs.begin() + 1000}));
  ASSERT_TRUE(documents.InsertDocuments({docs.begin() + 1000, docs.end()}));  // merged
  Document recent = Doc("https://d.example/new", "new text", "hashnew");
  recent.guid = "urn:d:new";
  ASSERT_TRUE(documents.InsertDocuments({recent}));  // id 2001, in identities_recent
  {
    SQLite::Database file(path_, SQLite::OPEN_READWRITE);
    ASSERT_EQ(file.execAndGet("SELECT count(*) FROM identities_recent").getInt(), 3);
    file.exec("DELETE FROM documents WHERE id IN (1, 2001)");
    EXPECT_EQ(file.execAndGet("SELECT count(*) FROM identities_recent").getInt(), 0);
    EXPECT_EQ(file.execAndGet("SELECT count(*) FROM identities").getInt(), 5997);
    EXPECT_EQ(IdentityEntries(file, 0, IdentityKey("https://d.example/0")), "");
    EXPECT_EQ(IdentityEntries(file, 2, IdentityKey("hash0")), "");
  }
  auto report = documents.InsertDocuments({docs[0], recent, docs[1]});
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
TEST_F(IdentityIndexTest, KeyHeldByAnotherValueIsNotAnIdentity) {
  const std::string url = "https://b.example/story";
  const std::string guid = "urn:b:1";
  for (const std::string level : {"identities", "identities_recent"}) {
    SCOPED_TRACE(level);
    path_ = (dir_ / (level + ".db")).string();
    ASSERT_TRUE(OpenOrDie());
    {
      SQLite::Database file(path_, SQLite::OPEN_READWRITE);
      SQLite::Statement s(
          file,
          "INSERT INTO documents (id, kind, canonical_url, canonical_key, guid, guid_key, "
          "text, content_hash, content_key, fetched) VALUES (5, 'article', "
          "'https://a.example/other', ?1, 'urn:a:other', ?2, 'text a', 'ha', ?3, 0)");
      s.bind(1, IdentityKey(url));
      s.bind(2, IdentityKey(guid));
      s.bind(3, IdentityKey("hb"));  // and the key of the new text's hash
      s.exec();
      file.exec("INSERT INTO " + level +
                " (kind, key, document_id) SELECT 0, canonical_key, id FROM documents "
                "UNION ALL SELECT 1, guid_key, id FROM documents "
                "UNION ALL SELECT 2, content_key, id FROM documents");
    }
    auto db = OpenOrDie();
    Documents documents(*db);
    Document b = Doc(url, "text b", "hb");
    b.guid = guid;
    auto report = documents.InsertDocuments({b});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->added, 1);
    EXPECT_EQ(report->duplicates, 0);
    EXPECT_EQ(documents.GetDocument(report->ids[0])->duplicate_of, 0);
    auto again = documents.InsertDocuments({b});
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->unchanged, 1);
    EXPECT_EQ(again->ids[0], report->ids[0]);
    Document by_guid = Doc("https://b.example/moved", "text b edited", "hb2");
    by_guid.guid = guid;
    auto moved = documents.InsertDocuments({by_guid});
    ASSERT_TRUE(moved);
    EXPECT_EQ(moved->unchanged, 1);
    EXPECT_EQ(moved->ids[0], report->ids[0]);
    EXPECT_EQ(*documents.CountDocuments(), 2);
    db.reset();
    SQLite::Database file(path_, SQLite::OPEN_READONLY);
    EXPECT_EQ(KeyColumn(file, "canonical_key", report->ids[0]), std::nullopt);
    EXPECT_EQ(KeyColumn(file, "guid_key", report->ids[0]), std::nullopt);
    EXPECT_EQ(KeyColumn(file, "canonical_key", 5), IdentityKey(url));
    // The new original's content key is recorded beside the other row's.
    EXPECT_EQ(IdentityEntries(file, 2, IdentityKey("hb")), fmt::format("5,{}", report->ids[0]));
  }
}

// Rows another program wrote without keys are still identities and originals.
TEST_F(IdentityIndexTest, RowsWithoutKeysAreStillFound) {
  ASSERT_TRUE(OpenOrDie());
  {
    SQLite::Database file(path_, SQLite::OPEN_READWRITE);
    file.exec(
        "INSERT INTO documents (id, kind, canonical_url, guid, text, content_hash, fetched) "
        "VALUES (3, 'article', 'https://x.example/1', 'urn:x:1', 'wire text', 'hx', 0)");
  }
  auto db = OpenOrDie();
  Documents documents(*db);
  Document same_url = Doc("https://x.example/1", "edited", "hy");
  Document same_guid = Doc("https://x.example/moved", "edited", "hz");
  same_guid.guid = "urn:x:1";
  Document same_text = Doc("https://paper.example/1", "wire text", "hx");
  auto report = documents.InsertDocuments({same_url, same_guid, same_text});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->unchanged, 2);
  EXPECT_EQ(report->ids[0], 3);
  EXPECT_EQ(report->ids[1], 3);
  EXPECT_EQ(report->duplicates, 1);
  EXPECT_EQ(documents.GetDocument(report->ids[2])->duplicate_of, 3);
}

// Rows another connection commits are found after this connection built its
// key filter: their commit changes PRAGMA data_version, and the filter is
// dropped, then rebuilt when the batch pays for the scan (a 32nd of the
// stored documents) or else left out.
TEST_F(IdentityIndexTest, KeyFilterSeesRowsOtherConnectionsWrite) {
  auto db_a = OpenOrDie();
  auto db_b = OpenOrDie();
  Documents a(*db_a), b(*db_b);
  ASSERT_TRUE(a.InsertDocuments({KeyedDoc("a", 0)}));
  EXPECT_EQ(KeyFilterBuilds(*db_a), 1);  // into an empty table
  std::vector<Document> others;
  for (int i = 0; i < 40; ++i) others.push_back(KeyedDoc("b", i));
  ASSERT_TRUE(b.InsertDocuments(others));
  // 2 documents into 41: 64 >= 41, rebuilt.
  Document copy = KeyedDoc("copy", 0);
  copy.text = others[5].text;
  copy.content_hash = others[5].content_hash;
  auto report = a.InsertDocuments({others[3], copy});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(report->ids[0], 5);
  EXPECT_EQ(report->duplicates, 1);
  EXPECT_EQ(a.GetDocument(report->ids[1])->duplicate_of, 7);
  EXPECT_EQ(KeyFilterBuilds(*db_a), 2);
  // 1 document into 43: 32 < 43, no filter; found by lookup.
  ASSERT_TRUE(b.InsertDocuments({KeyedDoc("b", 40)}));
  Document by_guid = KeyedDoc("b", 40);
  by_guid.canonical_url = "https://b.example/moved";
  report = a.InsertDocuments({by_guid});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(report->ids[0], 43);
  EXPECT_EQ(KeyFilterBuilds(*db_a), 2);
}

// The filter grows with the table: 5,000 documents (15,000 keys) in batches
// of 250 build it three times: into the empty table (room for the minimum,
// 4,096 keys), at the 6th batch (3,750 stored + 750 > 4,096; room for
// 9,000), at the 13th (9,000 + 750 > 9,000; room for 19,500). Every stored
// URL is then found again (a batch that may bring 15,000 keys: rebuilt with
// room for 60,000), and every text is a duplicate under a new URL.
TEST_F(IdentityIndexTest, KeyFilterGrowsAndHidesNoStoredKey) {
  auto db = OpenOrDie();
  Documents documents(*db);
  std::vector<Document> docs;
  for (int i = 0; i < 5000; ++i) docs.push_back(KeyedDoc("g", i));
  for (size_t from = 0; from < docs.size(); from += 250) {
    ASSERT_TRUE(documents.InsertDocuments(
        {docs.begin() + static_cast<long>(from), docs.begin() + static_cast<long>(from + 250)}));
  }
  EXPECT_EQ(KeyFilterBuilds(*db), 3);
  auto again = documents.InsertDocuments(docs);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->unchanged, 5000);
  EXPECT_EQ(KeyFilterBuilds(*db), 4);
  std::vector<Document> copies = docs;
  for (Document& d : copies) {
    d.canonical_url += "/copy";
    d.guid += ":copy";
  }
  auto dup = documents.InsertDocuments(copies);
  ASSERT_TRUE(dup) << dup.error().message;
  EXPECT_EQ(dup->duplicates, 5000);
  EXPECT_EQ(documents.GetDocument(dup->ids[4999])->duplicate_of, 5000);
  EXPECT_EQ(KeyFilterBuilds(*db), 4);
}

// Building the filter scans every stored key, so a small batch into a large
// table builds none and looks its keys up; a batch of a 32nd of the table
// builds one.
TEST_F(IdentityIndexTest, SmallBatchIntoLargeTableBuildsNoKeyFilter) {
  std::vector<Document> docs;
  for (int i = 0; i < 100; ++i) docs.push_back(KeyedDoc("s", i));
  {
    auto bulk = OpenOrDie();
    ASSERT_TRUE(Documents(*bulk).InsertDocuments(docs));
  }
  auto db = OpenOrDie();
  Documents documents(*db);
  auto report = documents.InsertDocuments({docs[7], KeyedDoc("s", 100)});  // 64 < 100
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(report->added, 1);
  EXPECT_EQ(KeyFilterBuilds(*db), 0);
  report = documents.InsertDocuments(
      {docs[9], KeyedDoc("s", 101), KeyedDoc("s", 102), KeyedDoc("s", 103)});  // 128 >= 101
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(report->added, 3);
  EXPECT_EQ(KeyFilterBuilds(*db), 1);
}

}  // namespace
}  // namespace corroborate::store::internal
