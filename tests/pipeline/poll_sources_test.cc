// One fetch cycle on an in-memory database through a FakeFetcher, at fixed
// times: what is fetched, stored, recorded on each source, and when each is
// polled again.
#include "pipeline/poll_sources.h"

#include <gtest/gtest.h>

#include "pipeline/sources.h"
#include "tests/support/fake_fetcher.h"

namespace corroborate::pipeline {
namespace {

constexpr Instant kStart = 1'419'264'000;  // 2014-12-22T16:00:00Z

std::string Rss(const std::string& items) {
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>"
         "<link>https://wire.example.org/</link>" +
         items + "</channel></rss>";
}

std::string Item(const std::string& slug, const std::string& text) {
  return "<item><title>" + slug + "</title><link>https://wire.example.org/" + slug +
         "</link><description>" + text +
         "</description><pubDate>Mon, 22 Dec 2014 15:00:00 GMT</pubDate></item>";
}

class PollSourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenInMemoryDatabase();
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
  }

  std::int64_t Add(const std::string& url, SourceKind kind = SourceKind::kFeed) {
    auto added = AddSource(*db_, SourceSettings{url, kind, "", std::nullopt, std::nullopt}, clock_);
    EXPECT_TRUE(added) << added.error().message;
    return added ? added->id : 0;
  }

  Source Get(const std::string& url) {
    auto s = FindSource(*db_, url);
    EXPECT_TRUE(s) << s.error().message;
    return s ? *s : Source{};
  }

  Result<PollResult> Poll(Notices* notices = nullptr) {
    PollOptions options;
    options.jitter_seed = 42;
    return PollSources(*db_, fetcher_, clock_, options, [notices](const Notice& n) {
      if (notices) notices->push_back(n);
    });
  }

  DatabaseHandle db_;
  FixedClock clock_{kStart};
  test::FakeFetcher fetcher_;
};

TEST_F(PollSourcesTest, AFailingSourceBacksOffAndCostsTheOthersNothing) {
  Add("https://wire.example.org/feed.xml");
  Add("https://down.example.org/feed.xml");
  Add("https://garbled.example.org/feed.xml");
  ingest::FetchResponse good;
  good.body = Rss(Item("a", "North Korea went offline at 16:15 UTC.") +
                  Item("b", "Routes came back at 01:46 UTC."));
  good.etag = "\"v1\"";
  fetcher_.Set("https://wire.example.org/feed.xml", good);
  fetcher_.SetError("https://down.example.org/feed.xml",
                    Error{ErrorCode::kHttp, "https://down.example.org/feed.xml: HTTP 503"});
  ingest::FetchResponse garbled;
  garbled.body = "this is not a feed";
  fetcher_.Set("https://garbled.example.org/feed.xml", garbled);

  Notices notices;
  auto r = Poll(&notices);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->sources.size(), 3u);
  EXPECT_EQ(r->failed, 2);
  EXPECT_EQ(r->stored.added, 2);
  EXPECT_EQ(r->sources[0].outcome, SourcePoll::Outcome::kStored);
  EXPECT_EQ(r->sources[0].documents, 2u);
  EXPECT_EQ(r->sources[1].outcome, SourcePoll::Outcome::kFailed);
  EXPECT_EQ(r->sources[2].outcome, SourcePoll::Outcome::kFailed);
  ASSERT_TRUE(r->extracted);
  EXPECT_EQ(r->extracted->documents, 2);
  // One error per failed source, each naming it.
  int errors = 0;
  for (const Notice& n : notices) {
    if (n.level != Notice::Level::kError) continue;
    ++errors;
    EXPECT_TRUE(n.error.message.starts_with("https://down.example.org/") ||
                n.error.message.starts_with("https://garbled.example.org/"))
        << n.error.message;
  }
  EXPECT_EQ(errors, 2);

  const Source wire = Get("https://wire.example.org/feed.xml");
  EXPECT_EQ(wire.consecutive_failures, 0);
  EXPECT_EQ(wire.etag, "\"v1\"");
  EXPECT_EQ(wire.next_poll, kStart + 3600);
  const Source down = Get("https://down.example.org/feed.xml");
  EXPECT_EQ(down.consecutive_failures, 1);
  EXPECT_EQ(down.last_error, "https://down.example.org/feed.xml: HTTP 503");
  // Back-off after a first failure: 5 min with equal jitter, [2.5 min, 5 min].
  EXPECT_GE(down.next_poll, kStart + 150);
  EXPECT_LE(down.next_poll, kStart + 300);
  EXPECT_EQ(down.next_poll, r->sources[1].next_poll);
  EXPECT_EQ(Get("https://garbled.example.org/feed.xml").consecutive_failures, 1);
}

TEST_F(PollSourcesTest, OnlyDueSourcesArePolledAndValidatorsAreSent) {
  Add("https://wire.example.org/feed.xml");
  Add("https://down.example.org/feed.xml");
  ingest::FetchResponse good;
  good.body = Rss(Item("a", "North Korea went offline."));
  good.etag = "\"v1\"";
  fetcher_.Set("https://wire.example.org/feed.xml", good);
  fetcher_.SetError(
      "https://down.example.org/feed.xml",
      Error{ErrorCode::kHttp, "https://down.example.org/feed.xml: HTTP 429 (retry after 120 s)"});
  ASSERT_TRUE(Poll());
  EXPECT_EQ(Get("https://down.example.org/feed.xml").next_poll,
            kStart + 120);  // Retry-After, exactly

  clock_.Advance(60);  // nothing due yet
  auto idle = Poll();
  ASSERT_TRUE(idle);
  EXPECT_TRUE(idle->sources.empty());
  EXPECT_EQ(fetcher_.requests().size(), 2u);

  clock_.Advance(3600);  // both due: the feed is asked with its validator
  ingest::FetchResponse same;
  same.not_modified = true;
  same.status = 304;
  same.etag = "\"v1\"";
  fetcher_.Set("https://wire.example.org/feed.xml", same);
  fetcher_.Set("https://down.example.org/feed.xml", good);
  auto r = Poll();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->sources.size(), 2u);
  EXPECT_EQ(r->not_modified, 1);
  EXPECT_EQ(r->failed, 0);
  ASSERT_EQ(fetcher_.requests().size(), 4u);
  for (size_t i = 2; i < 4; ++i) {
    const ingest::FetchRequest& req = fetcher_.requests()[i];
    EXPECT_EQ(req.etag, req.url == "https://wire.example.org/feed.xml" ? "\"v1\"" : "") << req.url;
  }
  EXPECT_EQ(Get("https://down.example.org/feed.xml").consecutive_failures, 0);
}

TEST_F(PollSourcesTest, ProgressCountsEverySourceOnce) {
  Add("https://wire.example.org/feed.xml");
  Add("https://down.example.org/feed.xml");
  fetcher_.SetError("https://down.example.org/feed.xml", Error{ErrorCode::kNetwork, "refused"});
  ingest::FetchResponse good;
  good.body = Rss(Item("a", "North Korea went offline."));
  fetcher_.Set("https://wire.example.org/feed.xml", good);
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  PollOptions options;
  options.progress = [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); };
  ASSERT_TRUE(PollSources(*db_, fetcher_, clock_, options, {}));
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls.front(), std::make_pair(std::size_t{0}, std::size_t{2}));
  EXPECT_EQ(calls.back(), std::make_pair(std::size_t{2}, std::size_t{2}));
}

TEST_F(PollSourcesTest, BeforeStoreSeesEveryParsedDocumentAndWhatItChangesIsStored) {
  Add("https://wire.example.org/feed.xml");
  ingest::FetchResponse good;
  good.body = Rss(Item("a", "North Korea went offline.") + Item("b", "Routes came back."));
  fetcher_.Set("https://wire.example.org/feed.xml", good);
  PollOptions options;
  std::vector<std::string> seen;
  options.before_store = [&](std::vector<Document>& docs) {
    for (Document& d : docs) {
      seen.push_back(d.url);
      d.text += " Engineers called it a zebracrossing outage.";
    }
  };
  auto r = PollSources(*db_, fetcher_, clock_, options, {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->stored.added, 2);
  EXPECT_EQ(seen,
            (std::vector<std::string>{"https://wire.example.org/a", "https://wire.example.org/b"}));
  auto hits = Search(*db_, "zebracrossing", 10, {});
  ASSERT_TRUE(hits) << hits.error().message;
  EXPECT_EQ(hits->hits.size(), 2u);
}

}  // namespace
}  // namespace corroborate::pipeline
