#include "store/internal/migrations.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/arrivals.h"
#include "store/documents.h"
#include "store/extractions.h"
#include "store/internal/identity_index.h"
#include "store/internal/testing.h"
#include "tests/store/fixture.h"
#include "tests/store/internal/inspect.h"

namespace corroborate::store::internal {
namespace {

namespace fs = std::filesystem;

class MigrationsTest : public StoreTest {};

TEST_F(MigrationsTest, UpgradesVersion3DatabaseAndKeepsItsIndex) {
  ASSERT_GE(SchemaVersion(), 4);
  {
    // A v3 database whose document went in through v1's insert trigger.
    SQLite::Database file(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    MakeSchema(file, 3);
    file.exec(
        "INSERT INTO documents (id, kind, canonical_url, title, text, content_hash, fetched) "
        "VALUES (7, 'article', 'https://old.example/1', 'Old story', "
        "'A denial of service attack hit the old network.', 'hold', 1419300000)");
    ASSERT_TRUE(TriggerExists(file, "documents_fts_insert"));
    EXPECT_EQ(FtsConfig(file, "automerge"), "");
  }
  {
    auto db = OpenOrDie();
    ASSERT_TRUE(db);
    Documents documents(*db);
    EXPECT_EQ(*db->UserVersion(), SchemaVersion());
    auto old_hit = documents.Search("\"denial of service\"");
    ASSERT_TRUE(old_hit) << old_hit.error().message;
    ASSERT_EQ(old_hit->size(), 1u);
    EXPECT_EQ((*old_hit)[0].id, 7);
    auto report = documents.InsertDocuments(
        {Doc("https://new.example/1", "Another denial of service took the service down.", "hnew"),
         Doc("https://old.example/1", "changed text under a stored URL", "hother")});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->added, 1);
    EXPECT_EQ(report->unchanged, 1);
    auto both = documents.Search("\"denial of service\"");
    ASSERT_TRUE(both);
    EXPECT_EQ(both->size(), 2u);
    EXPECT_TRUE(documents.Search("changed")->empty());  // the unchanged row was not re-indexed
  }
  SQLite::Database file(path_, SQLite::OPEN_READWRITE);
  EXPECT_FALSE(TriggerExists(file, "documents_fts_insert"));
  EXPECT_TRUE(TriggerExists(file, "documents_fts_delete"));
  EXPECT_EQ(FtsConfig(file, "automerge"), "16");
  // The index matches the content table exactly, and still follows deletes.
  CheckFtsAgainstContent(file);
  file.exec("DELETE FROM documents WHERE id = 7");
  CheckFtsAgainstContent(file);
  EXPECT_EQ(file.execAndGet("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'old'")
                .getInt(),
            0);
}

// v7 gives the rows of an older database their keys; should two values
// share one, only the oldest row keeps it (simulated with a constant key
// function), so the unique indexes can be built.
TEST_F(MigrationsTest, Version7KeysExistingRows) {
  ASSERT_GE(SchemaVersion(), 7);
  auto make_v6 = [](SQLite::Database& file) {
    MakeSchema(file, 6);
    file.exec(
        "INSERT INTO documents (id, kind, canonical_url, guid, text, content_hash, fetched) VALUES "
        "(1, 'article', 'https://o.example/1', 'urn:o:1', 'one', 'h1', 0), "
        "(2, 'article', 'https://o.example/2', NULL, 'two', 'h2', 0), "
        "(3, 'article', 'https://o.example/3', 'urn:o:3', 'three', '', 0)");
  };
  {
    SQLite::Database file(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    make_v6(file);
  }
  {
    auto db = OpenOrDie();
    ASSERT_TRUE(db);
    Documents documents(*db);
    auto report = documents.InsertDocuments(
        {Doc("https://o.example/2", "two again", "hq"), Doc("https://n.example/1", "one", "h1")});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->unchanged, 1);
    EXPECT_EQ(report->ids[0], 2);
    EXPECT_EQ(report->duplicates, 1);
    EXPECT_EQ(documents.GetDocument(report->ids[1])->duplicate_of, 1);
  }
  {
    SQLite::Database file(path_, SQLite::OPEN_READONLY);
    EXPECT_EQ(KeyColumn(file, "canonical_key", 1), IdentityKey("https://o.example/1"));
    EXPECT_EQ(KeyColumn(file, "guid_key", 3), IdentityKey("urn:o:3"));
    EXPECT_EQ(KeyColumn(file, "guid_key", 2), std::nullopt);
    EXPECT_EQ(KeyColumn(file, "content_key", 2), IdentityKey("h2"));
    EXPECT_EQ(KeyColumn(file, "content_key", 3), std::nullopt);
  }
  const fs::path colliding = dir_ / "colliding.db";
  SQLite::Database file(colliding.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  make_v6(file);
  auto constant = [](sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
      sqlite3_result_null(ctx);
    } else {
      sqlite3_result_int64(ctx, 42);
    }
  };
  ASSERT_EQ(sqlite3_create_function_v2(file.getHandle(), "corroborate_key", 1, SQLITE_UTF8, nullptr,
                                       constant, nullptr, nullptr, nullptr),
            SQLITE_OK);
  ASSERT_NO_THROW(file.exec(std::string(Migrations()[6])));
  EXPECT_EQ(file.execAndGet("SELECT group_concat(id) FROM documents WHERE canonical_key = 42")
                .getString(),
            "1");
  EXPECT_EQ(
      file.execAndGet("SELECT group_concat(id) FROM documents WHERE guid_key = 42").getString(),
      "1");
  EXPECT_EQ(file.execAndGet("SELECT count(*) FROM documents WHERE content_key = 42").getInt(), 2);
}

// v8 records the keys of an older database's rows in identities (content
// keys of originals only) and drops the key indexes; the rows are found
// again by URL, GUID and text.
TEST_F(MigrationsTest, Version8RecordsTheKeysOfExistingRows) {
  ASSERT_GE(SchemaVersion(), 8);
  {
    SQLite::Database file(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    RegisterIdentityKey(file.getHandle());  // the v7 migration computes keys
    MakeSchema(file, 7);
    file.exec(
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
    auto db = OpenOrDie();
    ASSERT_TRUE(db);
    Documents documents(*db);
    Document by_guid = Doc("https://o.example/3", "three edited", "h3");
    by_guid.guid = "urn:o:3";
    auto report = documents.InsertDocuments({Doc("https://o.example/2", "two again", "hq"), by_guid,
                                             Doc("https://n.example/1", "one", "h1")});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->unchanged, 2);
    EXPECT_EQ(report->ids[0], 2);
    EXPECT_EQ(report->ids[1], 3);
    EXPECT_EQ(report->duplicates, 1);
    EXPECT_EQ(documents.GetDocument(report->ids[2])->duplicate_of, 1);
  }
  SQLite::Database file(path_, SQLite::OPEN_READONLY);
  EXPECT_EQ(file.execAndGet("SELECT group_concat(kind || ':' || document_id, ' ') FROM "
                            "(SELECT * FROM identities ORDER BY document_id, kind)")
                .getString(),
            "0:1 1:1 2:1 0:2 1:3");
  EXPECT_EQ(IdentityEntries(file, 0, IdentityKey("https://o.example/2")), "2");
  EXPECT_EQ(IdentityEntries(file, 2, IdentityKey("h1")), "1");
  EXPECT_EQ(
      file.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name IN "
                      "('documents_canonical_key', 'documents_guid_key', 'documents_content_key')")
          .getInt(),
      0);
}

// v11 copies each claim's document publication into claims.published and
// indexes the dated claims of a v10 database in claim_times, so ClaimsNear
// finds old claims; claims and windows stored from then on are logged as
// arrivals, the old ones not.
TEST_F(MigrationsTest, Version11IndexesTheClaimsOfAVersion10Database) {
  ASSERT_GE(SchemaVersion(), 11);
  constexpr std::int64_t kT = 1419264000;
  {
    SQLite::Database file(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    RegisterIdentityKey(file.getHandle());
    MakeSchema(file, 10);
    file.exec(fmt::format(
        "INSERT INTO documents (id, kind, canonical_url, text, content_hash, fetched, published) "
        "VALUES (1, 'article', 'https://o.example/1', 'one', 'h1', 0, {0}), "
        "(2, 'article', 'https://o.example/2', 'one', 'h1', 0, {1}), "
        "(3, 'article', 'https://o.example/3', 'three', 'h3', 0, NULL)",
        kT, kT - 100 * 86400));
    file.exec("UPDATE documents SET duplicate_of = 1 WHERE id = 2");
    file.exec(fmt::format(
        "INSERT INTO claims (id, document_id, type, sentence_begin, sentence_end, sentence, "
        "certainty, time_start, time_end, time_text) VALUES "
        "(10, 1, 'outage_state', 0, 3, 'one', 1, NULL, NULL, ''), "
        "(11, 2, 'outage_state', 0, 3, 'two', 1, {0}, {1}, 'on Monday'), "
        "(12, 3, 'outage_state', 0, 5, 'three', 1, {0}, {1}, '')",
        kT + 3600, kT + 7200));
    file.exec(
        "INSERT INTO windows (id, entity, kind, start, end, source, imported_at) "
        "VALUES (5, 'country:KP', 'outage', 0, 10, 'x', 0)");
  }
  {
    auto db = OpenOrDie();
    ASSERT_TRUE(db);
    EXPECT_EQ(*db->UserVersion(), SchemaVersion());
    Extractions x(*db);
    auto near = x.ClaimsNear({Interval{kT, kT + 86400, Granularity::kSecond}});
    ASSERT_TRUE(near) << near.error().message;
    std::vector<std::int64_t> ids;
    for (const StoredClaim& c : *near) ids.push_back(c.id);
    // 10 by its document's publication, 11 by its stated time; 12 states a
    // time without text, which clustering does not place it by.
    EXPECT_EQ(ids, (std::vector<std::int64_t>{10, 11}));
    EXPECT_EQ((*near)[0].published, kT);
    EXPECT_FALSE((*near)[0].duplicate);
    EXPECT_EQ((*near)[1].published, kT - 100 * 86400);
    EXPECT_TRUE((*near)[1].duplicate);  // document 2 is a copy of 1
    Arrivals arrivals(*db);
    EXPECT_EQ(*arrivals.Latest(), 0);
    Claim c;
    c.type = ClaimType::kOutageState;
    c.sentence = "three";
    c.certainty = 1;
    c.time = Interval{kT, kT + 60, Granularity::kMinute};
    c.time_text = "at noon";
    ASSERT_TRUE(x.Save({{3, {}, {c}}}, 2, kT));
    auto arrived = arrivals.Since(0);
    ASSERT_TRUE(arrived);
    ASSERT_EQ(arrived->claim_ids.size(), 1u);
    EXPECT_TRUE(arrived->window_ids.empty());
    near = x.ClaimsNear({Interval{kT, kT, Granularity::kSecond}});
    ASSERT_TRUE(near);
    ASSERT_EQ(near->size(), 2u);
    EXPECT_EQ((*near)[1].id, arrived->claim_ids[0]);
  }
  SQLite::Database file(path_, SQLite::OPEN_READONLY);
  EXPECT_EQ(file.execAndGet("SELECT published FROM claims WHERE id = 10").getInt64(), kT);
  EXPECT_TRUE(file.execAndGet("SELECT published FROM claims WHERE document_id = 3").isNull());
  EXPECT_EQ(file.execAndGet("SELECT count(*) FROM claim_times").getInt(), 2);
}

}  // namespace
}  // namespace corroborate::store::internal
