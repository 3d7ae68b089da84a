// The registry and search as use cases.
#include "pipeline/sources.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "pipeline/ingest_files.h"

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
  auto found = Search(**db, "outage", 10, SearchLimits{});
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_TRUE(found->hits.empty());
  EXPECT_EQ(found->not_fts5, "");
}

TEST(SourcesTest, QuoteWordsMakesEachWordAPhrase) {
  EXPECT_EQ(QuoteWords("north-korea AS131279:"), "\"north-korea\" \"AS131279:\"");
  EXPECT_EQ(QuoteWords("  say \"hi  "), "\"say\" \"\"\"hi\"");
  EXPECT_EQ(QuoteWords(" \t"), "");
}

// A query that is not FTS5 syntax is searched as plain words, saying why.
TEST(SourcesTest, AQueryThatIsNotFts5IsSearchedAsWords) {
  auto db = OpenInMemoryDatabase();
  ASSERT_TRUE(db);
  FixedClock clock(1'700'000'000);
  const auto dir =
      std::filesystem::temp_directory_path() / ("corroborate_search_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "n.txt") << "The outage hit North-Korea's AS131279 network (see "
                                  "www.example.org).\n";
  auto ingested = IngestFiles(**db, {(dir / "n.txt").string()}, IngestSettings{}, clock, {});
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(ingested) << ingested.error().message;
  for (const char* q : {"north-korea", "AS131279:", "www.example.org", "(network", "network)",
                        "\"outage", "NOT"}) {
    auto found = Search(**db, q, 10, SearchLimits{});
    ASSERT_TRUE(found) << q << ": " << found.error().message;
    EXPECT_NE(found->not_fts5, "") << q;
    EXPECT_EQ(found->words, QuoteWords(q));
    EXPECT_EQ(found->hits.size(), std::string_view(q) == "NOT" ? 0u : 1u) << q;
  }
  auto fts5 = Search(**db, "outage AND network", 10, SearchLimits{});
  ASSERT_TRUE(fts5);
  EXPECT_EQ(fts5->not_fts5, "");
  EXPECT_EQ(fts5->hits.size(), 1u);
  EXPECT_FALSE(Search(**db, "   ", 10, SearchLimits{}));
}

}  // namespace
}  // namespace corroborate::pipeline
