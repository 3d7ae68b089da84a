#include "store/sources.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/documents.h"
#include "tests/store/fixture.h"

namespace corroborate::store {
namespace {

class SourcesTest : public StoreTest {};

TEST_F(SourcesTest, SourcesCrud) {
  auto db = OpenOrDie();
  Documents documents(*db);
  Sources sources(*db);
  NewSource feed{.url = "https://a.example/feed.xml", .reliability = 'B'};
  auto added = sources.AddSource(feed, 1000);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_TRUE(added->created);
  NewSource again{.url = "https://a.example/feed.xml", .title = "A feed"};
  auto re = sources.AddSource(again, 2000);
  ASSERT_TRUE(re);
  EXPECT_FALSE(re->created);
  EXPECT_EQ(re->id, added->id);
  auto got = sources.GetSource("https://a.example/feed.xml");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->reliability, 'B');  // kept: not given the second time
  EXPECT_EQ(got->title, "A feed");
  EXPECT_EQ(got->next_poll, 1000);
  EXPECT_EQ(got->poll_interval, 3600);
  ASSERT_TRUE(sources.AddSource({.url = "https://a.example/feed.xml", .reliability = 'D'}, 0));
  EXPECT_EQ(sources.GetSource(added->id)->reliability, 'D');

  auto bad = sources.AddSource({.url = "https://b.example/", .reliability = 'G'}, 0);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);

  ASSERT_TRUE(
      sources.AddSource({.url = "https://m.example/tags/x", .kind = SourceKind::kMastodon}, 0));
  auto all = sources.ListSources();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].kind, SourceKind::kMastodon);
  EXPECT_EQ((*all)[1].reliability, 'F');

  // Removing a source keeps its documents, unlinked.
  Document d = Doc("https://a.example/1", "one", "h1");
  d.source_id = added->id;
  auto ids = documents.InsertDocuments({d});
  ASSERT_TRUE(ids) << ids.error().message;
  ASSERT_TRUE(sources.RemoveSource("https://a.example/feed.xml"));
  EXPECT_EQ(sources.GetSource("https://a.example/feed.xml").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(sources.RemoveSource("https://a.example/feed.xml").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(documents.GetDocument(ids->ids[0])->doc.source_id, 0);
}

TEST_F(SourcesTest, FetchBookkeepingAndDueOrder) {
  auto db = OpenOrDie();
  Sources sources(*db);
  auto a = sources.AddSource({.url = "https://a.example/feed"}, 100);
  auto b = sources.AddSource({.url = "https://b.example/feed"}, 50);
  auto c = sources.AddSource({.url = "https://c.example/feed"}, 500);
  ASSERT_TRUE(a && b && c);
  auto due = sources.DueSources(200);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].id, b->id);  // the most overdue first
  EXPECT_EQ((*due)[1].id, a->id);

  ASSERT_TRUE(sources.RecordFetchFailure(a->id, "HTTP 503", 300));
  ASSERT_TRUE(sources.RecordFetchFailure(a->id, "timeout", 400));
  auto failed = sources.GetSource(a->id);
  EXPECT_EQ(failed->consecutive_failures, 2);
  EXPECT_EQ(failed->last_error, "timeout");
  EXPECT_EQ(failed->next_poll, 400);

  ASSERT_TRUE(
      sources.RecordFetchSuccess(a->id, "\"etag-1\"", "Mon, 22 Dec 2014 21:00:00 GMT", 4000));
  auto ok = sources.GetSource(a->id);
  EXPECT_EQ(ok->consecutive_failures, 0);
  EXPECT_EQ(ok->last_error, "");
  EXPECT_EQ(ok->etag, "\"etag-1\"");
  EXPECT_EQ(ok->last_modified, "Mon, 22 Dec 2014 21:00:00 GMT");

  due = sources.DueSources(1000);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].id, b->id);
  EXPECT_EQ((*due)[1].id, c->id);
  EXPECT_EQ(sources.RecordFetchFailure(999, "x", 0).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace corroborate::store
