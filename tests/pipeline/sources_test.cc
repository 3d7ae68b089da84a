// The registry and search as use cases.
#include "pipeline/sources.h"

#include <gtest/gtest.h>

namespace corroborate::pipeline {
namespace {

TEST(SourcesTest, RegistersOpmlFeedsOnceAndSkipsWhatIsNotHttp) {
  auto db = OpenInMemoryDatabase();
  ASSERT_TRUE(db) << db.error().message;
  FixedClock clock(1'700'000'000);
  std::vector<ingest::OpmlOutline> outlines(4);
  outlines[0].xml_url = "https://a.example.org/feed.xml";
  outlines[0].title = "A";
  outlines[1].xml_url = "ftp://b.example.org/feed.xml";
  outlines[2].xml_url = "https://a.example.org/feed.xml";
  outlines[3].xml_url = "https://c.example.org/rss";
  SourceSettings defaults;
  defaults.reliability = 'B';
  Notices notices;
  auto first = RegisterOpmlFeeds(**db, "subs.opml", outlines, defaults, clock,
                                 [&](const Notice& n) { notices.push_back(n); });
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->added, 2);
  EXPECT_EQ(first->existing, 0);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].error.message,
            "subs.opml: skipping \"ftp://b.example.org/feed.xml\": not an http(s) URL");
  auto second = RegisterOpmlFeeds(**db, "subs.opml", outlines, defaults, clock, {});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->added, 0);
  EXPECT_EQ(second->existing, 2);
  auto a = FindSource(**db, "https://a.example.org/feed.xml");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->reliability, 'B');
  EXPECT_EQ(a->title, "A");
  EXPECT_EQ(a->next_poll, 1'700'000'000);
  EXPECT_EQ(FindSource(**db, "https://nowhere.example.org/").error().code, ErrorCode::kNotFound);
}

TEST(SourcesTest, SearchOnAnEmptyDatabaseFindsNothing) {
  auto db = OpenInMemoryDatabase();
  ASSERT_TRUE(db);
  auto hits = Search(**db, "outage", 10, SearchLimits{});
  ASSERT_TRUE(hits) << hits.error().message;
  EXPECT_TRUE(hits->empty());
}

}  // namespace
}  // namespace corroborate::pipeline
