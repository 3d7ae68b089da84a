#include "ingest/follow.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/identity.h"
#include "tests/support/fake_fetcher.h"
#include "tests/support/http_server.h"

namespace corroborate::ingest {
namespace {

std::string Page(const std::string& title, int paragraphs) {
  std::string html =
      "<html><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1>";
  for (int i = 0; i < paragraphs; ++i) {
    html += "<p>Paragraph " + std::to_string(i) +
            " of the full story: the national network went dark for several hours on Monday, "
            "monitoring firms said, and service returned in the evening.</p>";
  }
  return html + "</article></body></html>";
}

Document Entry(const std::string& link, const std::string& teaser) {
  Document doc;
  doc.url = link;
  doc.canonical_url = link;
  doc.guid = "tag:feed.example,2014:" + link;
  doc.title = "Feed title for " + link;
  doc.author = "Feed Author";
  doc.published = 1419262800;  // 2014-12-22T15:40:00Z
  doc.published_precision = Granularity::kMinute;
  doc.text = teaser;
  FillIdentity(doc);
  return doc;
}

FetchResponse Html(std::string body) {
  FetchResponse response;
  response.status = 200;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(body);
  response.etag = "\"v1\"";
  return response;
}

TEST(FollowTest, MergesTheArticleKeepingTheFeedsIdentityAndMetadata) {
  test::FakeFetcher fetcher;
  fetcher.Set("https://news.example/robots.txt",
              FetchResponse{.status = 200, .body = "User-agent: *\nDisallow: /private/\n"});
  fetcher.Set("https://news.example/a", Html(Page("Page title", 6)));
  std::vector<Document> entries{Entry("https://news.example/a", "A short teaser.")};
  const Document before = entries[0];
  RobotsCache robots("corroborate");

  const auto links = FollowArticleLinks(entries, fetcher, robots, 1419300000);

  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].outcome, FollowOutcome::kMerged);
  EXPECT_EQ(links[0].validators.etag, "\"v1\"");
  const Document& doc = entries[0];
  EXPECT_EQ(doc.url, before.url);
  EXPECT_EQ(doc.canonical_url, before.canonical_url);
  EXPECT_EQ(doc.guid, before.guid);
  EXPECT_EQ(doc.title, before.title);  // the feed's title wins over the page's
  EXPECT_EQ(doc.author, "Feed Author");
  EXPECT_EQ(doc.published, before.published);
  EXPECT_NE(doc.text.find("Paragraph 5 of the full story"), std::string::npos);
  EXPECT_EQ(doc.raw_type, "text/html");
  EXPECT_EQ(doc.content_hash, ContentHash(doc.text));
  EXPECT_NE(doc.content_hash, before.content_hash);
}

TEST(FollowTest, RobotsDisallowAndFailuresCostOnlyTheirOwnLink) {
  test::FakeFetcher fetcher;
  fetcher.Set("https://news.example/robots.txt",
              FetchResponse{.status = 200, .body = "User-agent: *\nDisallow: /private/\n"});
  fetcher.Set("https://news.example/ok", Html(Page("Ok", 5)));
  fetcher.SetError("https://news.example/gone",
                   Error{ErrorCode::kHttp, "https://news.example/gone: HTTP 404"});
  fetcher.Set("https://news.example/empty", Html("<html><body></body></html>"));
  // No robots.txt on this host (an error the fake gives for unknown URLs is a
  // network failure, which must read as "disallow everything").
  fetcher.Set("https://down.example/story", Html(Page("Down", 5)));
  std::vector<Document> entries{Entry("https://news.example/private/x", "teaser one"),
                                Entry("https://news.example/gone", "teaser two"),
                                Entry("https://news.example/ok", "teaser three"),
                                Entry("https://news.example/empty", "teaser four"),
                                Entry("https://down.example/story", "teaser five")};
  RobotsCache robots("corroborate");

  const auto links = FollowArticleLinks(entries, fetcher, robots, 1419300000);

  ASSERT_EQ(links.size(), 5u);
  EXPECT_EQ(links[0].outcome, FollowOutcome::kRobotsDisallowed);
  EXPECT_EQ(links[1].outcome, FollowOutcome::kFailed);
  EXPECT_NE(links[1].error.find("https://news.example/gone"), std::string::npos);
  EXPECT_EQ(links[2].outcome, FollowOutcome::kMerged);
  EXPECT_EQ(links[3].outcome, FollowOutcome::kFailed);
  EXPECT_NE(links[3].error.find("https://news.example/empty"), std::string::npos);
  EXPECT_EQ(links[4].outcome, FollowOutcome::kRobotsDisallowed);
  EXPECT_EQ(entries[0].text, "teaser one");
  EXPECT_EQ(entries[1].text, "teaser two");
  EXPECT_EQ(entries[3].text, "teaser four");
  EXPECT_EQ(entries[4].text, "teaser five");
  // Neither the disallowed pages nor the host whose robots.txt failed were asked for.
  for (const FetchRequest& request : fetcher.requests()) {
    EXPECT_NE(request.url, "https://news.example/private/x");
    EXPECT_NE(request.url, "https://down.example/story");
  }
}

TEST(FollowTest, ALongerEntryKeepsItsTextAndNonArticlesAreSkipped) {
  test::FakeFetcher fetcher;
  fetcher.Set("https://news.example/robots.txt", FetchResponse{.status = 200, .body = ""});
  fetcher.Set("https://news.example/short", Html(Page("Short", 1)));
  std::vector<Document> entries{Entry("https://news.example/short", std::string(5000, 'x')),
                                Entry("https://news.example/post", "a post")};
  entries[1].kind = DocumentKind::kPost;
  RobotsCache robots("corroborate");
  const auto links = FollowArticleLinks(entries, fetcher, robots, 1419300000);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].outcome, FollowOutcome::kKeptEntryText);
  EXPECT_EQ(entries[0].text, std::string(5000, 'x'));
}

TEST(FollowTest, RobotsAreReadOncePerHostADay) {
  test::FakeFetcher fetcher;
  fetcher.Set("https://news.example/robots.txt", FetchResponse{.status = 200, .body = ""});
  fetcher.Set("https://news.example/a", Html(Page("A", 3)));
  fetcher.Set("https://news.example/b", Html(Page("B", 3)));
  RobotsCache robots("corroborate");
  const auto count_robots = [&] {
    int n = 0;
    for (const FetchRequest& request : fetcher.requests())
      n += request.url.ends_with("/robots.txt");
    return n;
  };
  std::vector<Document> first{Entry("https://news.example/a", "t"),
                              Entry("https://news.example/b", "t")};
  (void)FollowArticleLinks(first, fetcher, robots, 1000000);
  EXPECT_EQ(count_robots(), 1);
  std::vector<Document> second{Entry("https://news.example/a", "t")};
  (void)FollowArticleLinks(second, fetcher, robots, 1000000 + 3600);
  EXPECT_EQ(count_robots(), 1);
  (void)FollowArticleLinks(second, fetcher, robots, 1000000 + 25 * 3600);
  EXPECT_EQ(count_robots(), 2);
}

// Over real HTTP: robots.txt honoured, conditional requests sent for known
// pages and a 304 leaves the entry alone.
TEST(FollowTest, OverHttpWithConditionalRequests) {
  test::HttpServer server;
  server.Route("/robots.txt",
               test::HttpResponse::Text("User-agent: corroborate\nDisallow: /no/\n"));
  server.Route("/story",
               test::HttpResponse{.status = 200,
                                  .headers = {{"Content-Type", "text/html"}, {"ETag", "\"e1\""}},
                                  .body = Page("Story", 4)});
  server.Handle("/seen", [](const test::HttpRequest& request) {
    if (request.Header("If-None-Match") == "\"e0\"") return test::HttpResponse{.status = 304};
    return test::HttpResponse::Text(Page("Seen", 4), "text/html");
  });
  server.Route("/no/secret", test::HttpResponse::Text(Page("Secret", 4), "text/html"));
  CurlFetcher fetcher(FetchOptions{.per_host_delay_ms = 0});
  RobotsCache robots(ProductToken(fetcher.options().user_agent));
  std::vector<Document> entries{Entry(server.Url("/story"), "teaser"),
                                Entry(server.Url("/seen"), "teaser"),
                                Entry(server.Url("/no/secret"), "teaser")};
  FollowOptions options;
  options.known[server.Url("/seen")] = PageValidators{"\"e0\"", ""};

  const auto links = FollowArticleLinks(entries, fetcher, robots, 1419300000, options);

  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].outcome, FollowOutcome::kMerged);
  EXPECT_EQ(links[0].validators.etag, "\"e1\"");
  EXPECT_EQ(links[1].outcome, FollowOutcome::kNotModified);
  EXPECT_EQ(entries[1].text, "teaser");
  EXPECT_EQ(links[2].outcome, FollowOutcome::kRobotsDisallowed);
  EXPECT_TRUE(server.RequestsTo("/no/secret").empty());
  EXPECT_EQ(server.RequestsTo("/robots.txt").size(), 1u);
}

}  // namespace
}  // namespace corroborate::ingest
