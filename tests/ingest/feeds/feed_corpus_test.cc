// Every file of the shared feed corpora parses without a crash; most real
// feeds yield entries. Prints the totals.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "ingest/feeds/feed.h"

namespace corroborate::ingest {
namespace {

namespace fs = std::filesystem;

struct Totals {
  size_t files = 0, parsed = 0, with_entries = 0, entries = 0, recovered = 0, errors = 0;
  size_t documents = 0, with_text = 0, with_url = 0, with_time = 0;
};

Totals ParseTree(const fs::path& dir) {
  Totals t;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().string().ends_with(".serde.json")) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    ++t.files;
    auto feed = ParseFeed(buf.str());
    if (!feed) {
      ++t.errors;
      std::printf("  error %s: %s\n", e.path().filename().c_str(), feed.error().message.c_str());
      continue;
    }
    ++t.parsed;
    t.entries += feed->items.size();
    t.with_entries += feed->items.empty() ? 0 : 1;
    t.recovered += feed->recovered ? 1 : 0;
    for (const Document& d : FeedToDocuments(*feed)) {
      ++t.documents;
      t.with_text += d.text.empty() ? 0 : 1;
      t.with_url += d.url.empty() ? 0 : 1;
      t.with_time += d.published ? 1 : 0;
    }
  }
  std::printf("%s: %zu files, %zu parsed (%zu recovered), %zu errors, %zu with entries, %zu entries\n",
              dir.filename().c_str(), t.files, t.parsed, t.recovered, t.errors, t.with_entries, t.entries);
  std::printf("%s: %zu documents, %zu with text, %zu with url, %zu with a time\n", dir.filename().c_str(),
              t.documents, t.with_text, t.with_url, t.with_time);
  return t;
}

fs::path Corpus(const char* name) { return fs::path(CORROBORATE_SHARED_DIR) / "corpora" / "feeds" / name; }

TEST(FeedCorpus, FeedRsFixtures) {
  if (!fs::is_directory(Corpus("feed-rs-fixtures"))) GTEST_SKIP() << "no corpus at " << Corpus("feed-rs-fixtures");
  Totals t = ParseTree(Corpus("feed-rs-fixtures"));
  EXPECT_GT(t.files, 50u);
  // Only the generic XML samples in xml/ are not feeds.
  EXPECT_LE(t.errors, 3u);
  EXPECT_GT(t.entries, 90u);
}

TEST(FeedCorpus, RealFeeds) {
  if (!fs::is_directory(Corpus("real-feeds"))) GTEST_SKIP() << "no corpus at " << Corpus("real-feeds");
  Totals t = ParseTree(Corpus("real-feeds"));
  EXPECT_EQ(t.files, 200u);
  EXPECT_GE(t.with_entries * 100, t.files * 95) << "most real feeds should yield entries";
  EXPECT_GT(t.entries, 5000u);
  EXPECT_GE(t.documents * 100, t.entries * 95);
  // One feed of the corpus (1,046 items) has no links at all.
  EXPECT_GE(t.with_url * 100, t.documents * 80);
  EXPECT_GE(t.with_time * 100, t.documents * 90);
}

}  // namespace
}  // namespace corroborate::ingest
