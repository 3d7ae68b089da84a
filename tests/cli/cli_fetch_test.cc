// End-to-end: `corroborate fetch` and `import-opml` run as the built binary
// in a temporary directory, fetching only from a scripted server on 127.0.0.1.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/time.h"
#include "tests/support/http_server.h"

namespace {

namespace fs = std::filesystem;
using corroborate::test::HttpRequest;
using corroborate::test::HttpResponse;
using corroborate::test::HttpServer;

struct Outcome {
  int exit_code = -1;
  std::string out, err;
};

// Two items; the text of each is unique so search can find it.
std::string Rss(const std::string& base, const std::string& tag) {
  return R"(<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Grid Watch</title><link>)" + base + R"(/</link>
<item><title>Substation fire )" + tag + R"(</title><link>)" + base + "/" + tag + R"(/1</link>
<guid>)" + base + "/" + tag + R"(/1</guid><pubDate>Wed, 20 Nov 2024 16:20:00 GMT</pubDate>
<description>A substation fire in Springfield cut power to the regional data center )" + tag +
         R"( on 20 November 2024, and DNS resolution failed for three hours.</description></item>
<item><title>Cable cut )" + tag + R"(</title><link>)" + base + "/" + tag + R"(/2</link>
<guid>)" + base + "/" + tag + R"(/2</guid><pubDate>Thu, 21 Nov 2024 08:00:00 GMT</pubDate>
<description>A submarine cable cut near Marseille degraded latency )" + tag +
         R"( for most of the day.</description></item>
</channel></rss>)";
}

std::string MastodonStatus(const std::string& id, const std::string& text) {
  return nlohmann::json{{"id", id},
                        {"created_at", "2024-11-20T16:21:05.000Z"},
                        {"uri", "https://social.example/users/alice/statuses/" + id},
                        {"url", "https://social.example/@alice/" + id},
                        {"content", "<p>" + text + "</p>"},
                        {"account",
                         {{"id", "42"},
                          {"username", "alice"},
                          {"acct", "alice"},
                          {"display_name", "Alice"},
                          {"url", "https://social.example/@alice"}}}}
      .dump();
}

class CliFetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corroborate_cli_fetch_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `corroborate --db test.db ARGS` in the temp dir.
  Outcome Corroborate(const std::string& args) {
    const std::string cmd = "cd '" + dir_.string() + "' && '" + CORROBORATE_BIN +
                            "' --db test.db " + args + " >out.txt 2>err.txt </dev/null";
    const int status = std::system(cmd.c_str());
    Outcome r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Read(dir_ / "out.txt");
    r.err = Read(dir_ / "err.txt");
    return r;
  }
  Outcome Fetch(const std::string& args = "") { return Corroborate("fetch --delay 0 " + args); }
  void Add(const std::string& url, const std::string& kind = "feed") {
    Outcome r = Corroborate("sources add '" + url + "' --kind " + kind);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // The registered sources by URL.
  std::map<std::string, nlohmann::json> Sources() {
    Outcome r = Corroborate("sources list --json");
    std::map<std::string, nlohmann::json> out;
    // No database yet: nothing was ever registered (and listing creates none).
    if (r.exit_code == 1 && Has(r.err, "no such database")) return out;
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const auto& s : nlohmann::json::parse(r.out)) out[s["url"].get<std::string>()] = s;
    return out;
  }
  static std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
  }
  static int Lines(const std::string& s) {
    int n = 0;
    for (char c : s) n += c == '\n';
    return n;
  }
  static bool Has(const std::string& s, const std::string& what) {
    return s.find(what) != std::string::npos;
  }
  static std::string Data(const std::string& name) {
    return std::string(CORROBORATE_SOURCE_DIR) + "/tests/data/cli_fetch/" + name;
  }

  fs::path dir_;
  HttpServer server_;
};

TEST_F(CliFetchTest, FeedStoredThenNotModified) {
  const std::string base = server_.Url("");
  server_.Handle("/feed.xml", [&](const HttpRequest& req) {
    HttpResponse r = HttpResponse::Text(Rss(base, "alpha"), "application/rss+xml; charset=utf-8");
    if (req.Header("If-None-Match") == "\"v1\"") r = HttpResponse::Text("", "text/plain", 304);
    r.headers.push_back({"ETag", "\"v1\""});
    return r;
  });
  Add(server_.Url("/feed.xml"));

  Outcome first = Fetch();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(Has(first.out, "fetched 1 source (0 not modified, 0 failed); stored 2 new documents, "
                             "0 already present, 0 duplicates"))
      << first.out;
  EXPECT_TRUE(Has(first.out, "from 2 documents")) << first.out;  // the extractor ran on both
  EXPECT_EQ(first.err, "");  // not a TTY: no progress bar
  Outcome search = Corroborate("search Springfield");
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_TRUE(Has(search.out, "Substation fire alpha")) << search.out;
  EXPECT_EQ(Sources()[server_.Url("/feed.xml")]["etag"], "\"v1\"");

  // Polled a moment ago: not due again for an hour.
  Outcome due = Fetch();
  ASSERT_EQ(due.exit_code, 0) << due.err;
  EXPECT_TRUE(Has(due.out, "no sources due")) << due.out;
  ASSERT_EQ(server_.RequestsTo("/feed.xml").size(), 1u);

  Outcome second = Fetch("--all");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE(Has(second.out, "fetched 1 source (1 not modified, 0 failed); stored 0 new documents"))
      << second.out;
  const auto requests = server_.RequestsTo("/feed.xml");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].Header("If-None-Match"), std::nullopt);
  EXPECT_EQ(requests[1].Header("If-None-Match"), "\"v1\"");
  EXPECT_TRUE(Has(Corroborate("search Marseille").out, "Cable cut alpha"));
}

TEST_F(CliFetchTest, OneFailureRecordedOthersStored) {
  server_.Route("/broken", HttpResponse::Text("oops", "text/plain", 500));
  server_.Route("/good.xml", HttpResponse::Text(Rss(server_.Url(""), "beta"), "application/rss+xml"));
  Add(server_.Url("/broken"));
  Add(server_.Url("/good.xml"));

  Outcome r = Fetch();
  EXPECT_EQ(r.exit_code, 3);  // some failed, not all
  EXPECT_TRUE(Has(r.out, "fetched 2 sources (0 not modified, 1 failed); stored 2 new documents"))
      << r.out;
  EXPECT_TRUE(Has(r.err, "corroborate: error: " + server_.Url("/broken") + ": HTTP 500\n")) << r.err;
  EXPECT_TRUE(Has(r.err, "1 of 2 sources failed")) << r.err;
  EXPECT_EQ(Lines(r.err), 2) << r.err;  // the source's line and the summary

  auto sources = Sources();
  const auto& bad = sources[server_.Url("/broken")];
  EXPECT_EQ(bad["consecutive_failures"], 1);
  EXPECT_EQ(bad["last_error"], server_.Url("/broken") + ": HTTP 500");
  EXPECT_EQ(sources[server_.Url("/good.xml")]["consecutive_failures"], 0);
  EXPECT_EQ(sources[server_.Url("/good.xml")]["last_error"], "");
  EXPECT_TRUE(Has(Corroborate("search Springfield").out, "Substation fire beta"));

  // The failed source backs off (at least 2.5 minutes): nothing is due now.
  Outcome again = Fetch();
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(Has(again.out, "no sources due")) << again.out;
  // A forced second failure counts up.
  EXPECT_EQ(Fetch("--source " + server_.Url("/broken")).exit_code, 1);
  EXPECT_EQ(Sources()[server_.Url("/broken")]["consecutive_failures"], 2);
}

// The exit status tells cron a partial failure (3) from a total one (1).
TEST_F(CliFetchTest, ExitStatusTellsSomeFailedFromAllFailed) {
  server_.Route("/down1", HttpResponse::Text("oops", "text/plain", 500));
  server_.Route("/down2", HttpResponse::Text("gone", "text/plain", 404));
  server_.Route("/up.xml", HttpResponse::Text(Rss(server_.Url(""), "gamma"), "application/rss+xml"));
  Add(server_.Url("/down1"));
  Add(server_.Url("/down2"));
  Outcome all = Fetch("--all");
  EXPECT_EQ(all.exit_code, 1) << all.err;
  EXPECT_TRUE(Has(all.err, "corroborate: error: fetch: all 2 sources failed\n")) << all.err;
  EXPECT_EQ(Lines(all.err), 3) << all.err;  // each source, then the summary
  Add(server_.Url("/up.xml"));
  Outcome some = Fetch("--all");
  EXPECT_EQ(some.exit_code, 3) << some.err;
  EXPECT_TRUE(Has(some.err, "corroborate: error: fetch: 2 of 3 sources failed\n")) << some.err;
  EXPECT_TRUE(Has(some.out, "fetched 3 sources (0 not modified, 2 failed); stored 2 new documents"))
      << some.out;
  Outcome one = Fetch("--source " + server_.Url("/down1"));
  EXPECT_EQ(one.exit_code, 1) << one.err;
  EXPECT_TRUE(Has(one.err, "corroborate: error: fetch: the source failed\n")) << one.err;
}

// A valid feed without items is fetched, not failed.
TEST_F(CliFetchTest, AnEmptyFeedIsNoFailure) {
  server_.Route("/quiet.xml",
                HttpResponse::Text("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Q</title>"
                                   "<link>https://q.example/</link></channel></rss>",
                                   "application/rss+xml"));
  Add(server_.Url("/quiet.xml"));
  Outcome r = Fetch();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(Has(r.out, "fetched 1 source (0 not modified, 0 failed); stored 0 new documents"))
      << r.out;
  EXPECT_EQ(Sources()[server_.Url("/quiet.xml")]["last_error"], "");
}

TEST_F(CliFetchTest, RedirectToFileRefused) {
  server_.Route("/moved", HttpResponse::Redirect("file:///etc/passwd"));
  Add(server_.Url("/moved"));
  Outcome r = Fetch();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, server_.Url("/moved") +
                             ": redirect to file:///etc/passwd refused (only http and https)"))
      << r.err;
  EXPECT_TRUE(Has(r.out, "1 failed); stored 0 new documents")) << r.out;
  EXPECT_TRUE(Has(Sources()[server_.Url("/moved")]["last_error"].get<std::string>(), "refused"));
}

TEST_F(CliFetchTest, OversizedBodyRefused) {
  std::string feed = Rss(server_.Url(""), "gamma");
  ASSERT_GT(feed.size(), 500u);
  HttpResponse big = HttpResponse::Text(feed, "application/rss+xml");
  big.content_length = false;  // the cap must hold while streaming, not only on Content-Length
  server_.Route("/big.xml", big);
  Add(server_.Url("/big.xml"));
  Outcome r = Fetch("--max-body 500");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, server_.Url("/big.xml") + ": body larger than 500 bytes")) << r.err;
  EXPECT_EQ(Sources()[server_.Url("/big.xml")]["consecutive_failures"], 1);
  EXPECT_FALSE(Has(Corroborate("search Springfield").out, "gamma"));

  // With the default cap it goes through.
  Outcome ok = Fetch("--all");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(Has(ok.out, "stored 2 new documents")) << ok.out;
  EXPECT_EQ(Sources()[server_.Url("/big.xml")]["consecutive_failures"], 0);
}

TEST_F(CliFetchTest, BodyThatIsNotAFeedIsAFailure) {
  server_.Route("/page", HttpResponse::Text("<html><body><p>hello</p></body></html>", "text/html"));
  Add(server_.Url("/page"));
  Outcome r = Fetch();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "corroborate: error: " + server_.Url("/page") + ": ")) << r.err;
  EXPECT_EQ(Lines(r.err), 2) << r.err;
  EXPECT_EQ(Sources()[server_.Url("/page")]["consecutive_failures"], 1);
}

// Issue 17: a subscribed feed with an item that has no link, GUID or text
// no longer blocks storage for every source; its items get identities that
// hold from one fetch to the next.
TEST_F(CliFetchTest, ItemsWithoutLinkGuidOrTextAreStored) {
  server_.Route("/odd.xml", HttpResponse::Text(R"(<?xml version="1.0"?>
<rss version="2.0"><channel><title>Odd</title>
<item><title>Only a title</title></item>
<item><description>&lt;img src="http://odd.example/a.png"&gt;</description></item>
<item><title>Dated</title><link>http://odd.example/1</link><description>Text.</description></item>
</channel></rss>)",
                                               "application/rss+xml"));
  server_.Route("/good.xml",
                HttpResponse::Text(Rss(server_.Url(""), "gamma"), "application/rss+xml"));
  Add(server_.Url("/odd.xml"));
  Add(server_.Url("/good.xml"));
  Outcome first = Fetch();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(
      Has(first.out, "fetched 2 sources (0 not modified, 0 failed); stored 5 new documents"))
      << first.out;
  Outcome again = Fetch("--all");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(Has(again.out, "stored 0 new documents, 5 already present")) << again.out;
  EXPECT_TRUE(Has(Corroborate("search '\"Only a title\"'").out, "Only a title"));
}

// A source with a document the database refuses (here through a trigger
// another program added) records the failure and backs off like a network
// failure; its other documents and the other sources are stored; once the
// cause is gone, the next fetch of it stores the rest.
TEST_F(CliFetchTest, RefusedDocumentFailsOnlyItsSource) {
  const std::string bad_url = server_.Url("/poison.xml"), good_url = server_.Url("/good.xml");
  server_.Handle("/poison.xml", [&](const HttpRequest&) {
    HttpResponse r = HttpResponse::Text(R"(<rss version="2.0"><channel><title>P</title>
<item><title>Fine</title><link>http://p.example/1</link><description>Fine text.</description></item>
<item><title>Poison</title><link>http://p.example/2</link><description>Bad text.</description></item>
</channel></rss>)",
                                        "application/rss+xml");
    r.headers.push_back({"ETag", "\"p1\""});
    return r;
  });
  server_.Route("/good.xml",
                HttpResponse::Text(Rss(server_.Url(""), "delta"), "application/rss+xml"));
  Add(bad_url);
  Add(good_url);
  {
    SQLite::Database db((dir_ / "test.db").string(), SQLite::OPEN_READWRITE);
    db.exec(
        "CREATE TRIGGER poison BEFORE INSERT ON documents WHEN NEW.title = 'Poison' "
        "BEGIN SELECT RAISE(ABORT, 'poisoned document'); END");
  }
  Outcome r = Fetch();
  EXPECT_EQ(r.exit_code, 3);  // some failed, not all
  EXPECT_TRUE(Has(r.out, "fetched 2 sources (0 not modified, 1 failed); stored 3 new documents"))
      << r.out;
  const std::string message =
      bad_url + ": document 2 (http://p.example/2) not stored: poisoned document";
  EXPECT_TRUE(Has(r.err, "corroborate: error: " + message + "\n")) << r.err;
  EXPECT_TRUE(Has(r.err, "1 of 2 sources failed")) << r.err;
  auto sources = Sources();
  EXPECT_EQ(sources[bad_url]["consecutive_failures"], 1);
  EXPECT_EQ(sources[bad_url]["last_error"], message);
  EXPECT_EQ(sources[bad_url]["etag"], "");  // fetched in full next time
  EXPECT_EQ(sources[good_url]["consecutive_failures"], 0);
  EXPECT_TRUE(Has(Corroborate("search 'Fine text'").out, "Fine"));
  EXPECT_TRUE(Has(Corroborate("search Marseille").out, "Cable cut delta"));

  // Backed off: nothing is due now.
  Outcome due = Fetch();
  EXPECT_EQ(due.exit_code, 0) << due.err;
  EXPECT_TRUE(Has(due.out, "no sources due")) << due.out;
  {
    SQLite::Database db((dir_ / "test.db").string(), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER poison");
  }
  Outcome retry = Fetch("--source " + bad_url);
  EXPECT_EQ(retry.exit_code, 0) << retry.err;
  EXPECT_TRUE(Has(retry.out, "stored 1 new document, 1 already present")) << retry.out;
  EXPECT_TRUE(server_.RequestsTo("/poison.xml").back().Header("If-None-Match") == std::nullopt);
  sources = Sources();
  EXPECT_EQ(sources[bad_url]["consecutive_failures"], 0);
  EXPECT_EQ(sources[bad_url]["etag"], "\"p1\"");
}

TEST_F(CliFetchTest, PageWithComments) {
  const std::string page = R"(<html><head><title>Routing Anomaly Takes Down Video Platform</title></head><body>
<div class="entry">
<p>This post looks at a routing anomaly observed last week, when a small network briefly announced address space belonging to a much larger video platform, and the announcement spread worldwide.</p>
<p>Within two hours the upstream provider withdrew the announcement, and traffic returned to its normal paths, but many users had been unable to reach the platform during that time.</p>
<p>The incident shows why route filtering matters, and why operators should validate the origin of every announcement they accept from their customers.</p>
</div>
<div id="comments"><h3>Responses</h3><ol>
<li><p>Carol on February 25, 2008 at 3:10 pm</p><p>Zanzibar comment: great write-up, thanks.</p></li>
<li><p>Dave on February 26, 2008 at 9:05 am</p><p>Zanzibar again: filtering would have stopped it.</p></li>
</ol></div></body></html>)";
  server_.Route("/2008/02/24/anomaly.html", HttpResponse::Text(page, "text/html; charset=utf-8"));
  Add(server_.Url("/2008/02/24/anomaly.html"), "page");
  Outcome r = Fetch();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The article and its two comments.
  EXPECT_TRUE(Has(r.out, "stored 3 new documents")) << r.out;
  EXPECT_TRUE(Has(Corroborate("search 'route filtering'").out, "Routing Anomaly Takes Down Video Platform"));
  Outcome comments = Corroborate("search Zanzibar --json");
  ASSERT_EQ(comments.exit_code, 0) << comments.err;
  EXPECT_EQ(nlohmann::json::parse(comments.out).size(), 2u) << comments.out;
}

TEST_F(CliFetchTest, MastodonHashtagTimeline) {
  server_.Route("/api/v1/timelines/tag/x",
                HttpResponse::Text("[" + MastodonStatus("1", "Power is out across Quahog since noon") + "," +
                                       MastodonStatus("2", "Quahog ISP confirms fiber damage") + "]",
                                   "application/json"));
  Add(server_.Url("/tags/x"), "mastodon");
  Outcome r = Fetch();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "stored 2 new documents")) << r.out;
  const auto requests = server_.RequestsTo("/api/v1/timelines/tag/x");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/api/v1/timelines/tag/x?limit=40");
  Outcome search = Corroborate("search Quahog --json");
  EXPECT_EQ(nlohmann::json::parse(search.out).size(), 2u) << search.out;
}

TEST_F(CliFetchTest, MastodonAccountTakesTwoRounds) {
  server_.Route("/api/v1/accounts/lookup",
                HttpResponse::Text(R"({"id": "42", "username": "alice", "acct": "alice"})",
                                   "application/json"));
  server_.Route("/api/v1/accounts/42/statuses",
                HttpResponse::Text("[" + MastodonStatus("7", "Tarragona exchange flooded") + "]",
                                   "application/json"));
  Add(server_.Url("/@alice"), "mastodon");
  Outcome r = Fetch();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "stored 1 new document,")) << r.out;
  ASSERT_EQ(server_.RequestsTo("/api/v1/accounts/lookup").size(), 1u);
  EXPECT_EQ(server_.RequestsTo("/api/v1/accounts/lookup")[0].target,
            "/api/v1/accounts/lookup?acct=alice");
  EXPECT_EQ(server_.RequestsTo("/api/v1/accounts/42/statuses").size(), 1u);
  EXPECT_TRUE(Has(Corroborate("search Tarragona").out, "Tarragona"));
}

TEST_F(CliFetchTest, BlueskyApiSource) {
  server_.Route("/xrpc/app.bsky.feed.getAuthorFeed",
                HttpResponse::Text(R"({"feed": [{"post": {"uri": "at://did:plc:bob/app.bsky.feed.post/3aaa",
      "cid": "c1", "author": {"did": "did:plc:bob", "handle": "bob.example.com", "displayName": "Bob"},
      "record": {"$type": "app.bsky.feed.post", "text": "Ljubljana exchange point is down",
                 "createdAt": "2024-11-20T10:00:00.000Z"},
      "indexedAt": "2024-11-20T10:00:01.000Z"}}]})",
                                   "application/json"));
  Add(server_.Url("/xrpc/app.bsky.feed.getAuthorFeed?actor=bob.example.com"), "bluesky");
  Outcome r = Fetch();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "stored 1 new document,")) << r.out;
  Outcome search = Corroborate("search Ljubljana --json");
  ASSERT_EQ(search.exit_code, 0) << search.err;
  const auto hits = nlohmann::json::parse(search.out);
  ASSERT_EQ(hits.size(), 1u) << search.out;
  EXPECT_EQ(hits[0]["url"], "https://bsky.app/profile/bob.example.com/post/3aaa");
}

TEST_F(CliFetchTest, RetryAfterSchedulesTheNextPoll) {
  HttpResponse busy = HttpResponse::Text("slow down", "text/plain", 429);
  busy.headers.push_back({"Retry-After", "120"});
  server_.Route("/busy.xml", busy);
  Add(server_.Url("/busy.xml"));
  const std::int64_t before = std::time(nullptr);
  Outcome r = Fetch();
  const std::int64_t after = std::time(nullptr);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, server_.Url("/busy.xml") + ": HTTP 429 (retry after 120 s)")) << r.err;
  auto source = Sources()[server_.Url("/busy.xml")];
  auto next = corroborate::ParseIso8601(source["next_poll"].get<std::string>());
  ASSERT_TRUE(next) << source.dump();
  EXPECT_GE(next->instant, before + 120);
  EXPECT_LE(next->instant, after + 120);
}

TEST_F(CliFetchTest, SourcesAreFetchedConcurrentlyWithinThePerHostLimit) {
  for (int i = 0; i < 4; ++i) {
    const std::string path = "/slow" + std::to_string(i) + ".xml";
    HttpResponse r = HttpResponse::Text(Rss(server_.Url(""), "slow" + std::to_string(i)),
                                        "application/rss+xml");
    r.delay = std::chrono::milliseconds(300);
    server_.Route(path, r);
    Add(server_.Url(path));
  }
  Outcome serial = Fetch("--per-host 1");
  ASSERT_EQ(serial.exit_code, 0) << serial.err;
  EXPECT_TRUE(Has(serial.out, "fetched 4 sources (0 not modified, 0 failed); stored 8 new documents"))
      << serial.out;
  EXPECT_EQ(server_.max_concurrent(), 1);
  Outcome parallel = Fetch("--all --per-host 4");
  ASSERT_EQ(parallel.exit_code, 0) << parallel.err;
  EXPECT_TRUE(Has(parallel.out, "stored 0 new documents, 8 already present")) << parallel.out;
  EXPECT_GE(server_.max_concurrent(), 2);
}

TEST_F(CliFetchTest, UnknownSourceIsAnError) {
  Outcome r = Fetch("--source https://nowhere.example/feed");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_TRUE(Has(r.err, "https://nowhere.example/feed")) << r.err;
  EXPECT_EQ(server_.Requests().size(), 0u);
}

TEST_F(CliFetchTest, ImportOpmlIsIdempotent) {
  Outcome first = Corroborate("import-opml '" + Data("feeds.opml") + "' --reliability b");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "added 3 sources, 0 already registered\n");
  auto sources = Sources();
  ASSERT_EQ(sources.size(), 3u);
  EXPECT_EQ(sources["https://status.example.org/feed.xml"]["title"], "Network Status Blog");
  EXPECT_EQ(sources["https://backbone.example.net/atom.xml"]["title"], "Backbone Notes");
  EXPECT_EQ(sources["http://peering.example.com/rss"]["kind"], "feed");
  EXPECT_EQ(sources["http://peering.example.com/rss"]["reliability"], "B");

  Outcome second = Corroborate("import-opml '" + Data("feeds.opml") + "'");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, "added 0 sources, 3 already registered\n");
  EXPECT_EQ(Sources().size(), 3u);
}

TEST_F(CliFetchTest, BadOpmlAddsNothing) {
  for (const std::string name : {"malformed.opml", "truncated.opml", "not_opml.opml", "missing.opml"}) {
    Outcome r = Corroborate("import-opml '" + Data(name) + "'");
    EXPECT_EQ(r.exit_code, 1) << name;
    EXPECT_EQ(Lines(r.err), 1) << r.err;
    EXPECT_TRUE(Has(r.err, "corroborate: error: " + Data(name) + ": ")) << r.err;
    EXPECT_EQ(r.out, "");
  }
  EXPECT_EQ(Sources().size(), 0u);
  EXPECT_EQ(Corroborate("import-opml '" + Data("feeds.opml") + "' --reliability Q").exit_code, 2);
  EXPECT_EQ(Sources().size(), 0u);
}

}  // namespace
