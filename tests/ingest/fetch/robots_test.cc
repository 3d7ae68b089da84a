#include "ingest/fetch/robots.h"

#include <gtest/gtest.h>

#include <string>

namespace corroborate::ingest {
namespace {

TEST(RobotsTest, OurGroupWinsOverTheStarGroup) {
  const auto rules = RobotsRules::Parse(
      "User-agent: *\nDisallow: /\n\nUser-agent: Corroborate\nDisallow: /private/\n",
      "corroborate");
  EXPECT_TRUE(rules.Allowed("/news/story.html"));
  EXPECT_FALSE(rules.Allowed("/private/x"));
}

TEST(RobotsTest, StarGroupAppliesWhenNoGroupNamesUs) {
  const auto rules = RobotsRules::Parse(
      "User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /search\n", "corroborate");
  EXPECT_TRUE(rules.Allowed("/news/"));
  EXPECT_FALSE(rules.Allowed("/search?q=outage"));
}

TEST(RobotsTest, SeveralAgentLinesShareOneGroupAndGroupsForUsAreMerged) {
  const auto rules = RobotsRules::Parse(
      "User-agent: a\nUser-agent: corroborate/2.0\nDisallow: /one\n\n"
      "User-agent: b\nDisallow: /b-only\n\n"
      "User-agent: CORROBORATE\nDisallow: /two\n",
      "corroborate");
  EXPECT_FALSE(rules.Allowed("/one"));
  EXPECT_FALSE(rules.Allowed("/two/x"));
  EXPECT_TRUE(rules.Allowed("/b-only"));
}

TEST(RobotsTest, LongestMatchDecidesAndAllowWinsATie) {
  const auto rules = RobotsRules::Parse(
      "User-agent: *\nDisallow: /news/\nAllow: /news/public/\nDisallow: /x\nAllow: /x\n",
      "corroborate");
  EXPECT_FALSE(rules.Allowed("/news/secret.html"));
  EXPECT_TRUE(rules.Allowed("/news/public/a.html"));
  EXPECT_TRUE(rules.Allowed("/x/y"));  // equal length: the allow wins
  EXPECT_TRUE(rules.Allowed("/other"));
}

TEST(RobotsTest, WildcardsAndEndAnchor) {
  const auto rules = RobotsRules::Parse(
      "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*/print/*/page\nAllow: /docs/*.pdf$\n",
      "corroborate");
  EXPECT_FALSE(rules.Allowed("/a/b/report.pdf"));
  EXPECT_TRUE(rules.Allowed("/a/b/report.pdf?download=1"));  // "$" anchors the end
  EXPECT_TRUE(rules.Allowed("/docs/manual.pdf"));            // longer allow
  EXPECT_FALSE(rules.Allowed("/2014/print/12/page"));
  EXPECT_TRUE(rules.Allowed("/2014/print/12"));
}

TEST(RobotsTest, ManyStarsStayCheap) {
  std::string pattern = "/";
  for (int i = 0; i < 2000; ++i) pattern += "a*";
  pattern += "b";
  const auto rules =
      RobotsRules::Parse("User-agent: *\nDisallow: " + pattern + "\n", "corroborate");
  EXPECT_TRUE(rules.Allowed("/" + std::string(100000, 'a')));  // no "b": must not backtrack
}

TEST(RobotsTest, EmptyDisallowAndRobotsTxtItself) {
  EXPECT_TRUE(RobotsRules::Parse("User-agent: *\nDisallow:\n", "corroborate").Allowed("/any"));
  const auto all = RobotsRules::Parse("User-agent: *\nDisallow: /\n", "corroborate");
  EXPECT_FALSE(all.Allowed("/"));
  EXPECT_FALSE(all.Allowed(""));
  EXPECT_TRUE(all.Allowed("/robots.txt"));
  EXPECT_TRUE(RobotsRules::DisallowAll().Allowed("/robots.txt"));
  EXPECT_FALSE(RobotsRules::DisallowAll().Allowed("/a"));
  EXPECT_TRUE(RobotsRules::AllowAll().Allowed("/a"));
}

TEST(RobotsTest, PercentEncodingIsCompared) {
  const auto rules = RobotsRules::Parse("User-agent: *\nDisallow: /%7ejoe/\nDisallow: /caf%c3%a9\n",
                                        "corroborate");
  EXPECT_FALSE(rules.Allowed("/~joe/index.html"));
  EXPECT_FALSE(rules.Allowed("/caf\xC3\xA9/menu"));  // raw UTF-8 in the path
  EXPECT_TRUE(rules.Allowed("/joe/"));
}

TEST(RobotsTest, CommentsBomCaseAndCrawlDelay) {
  const auto rules = RobotsRules::Parse(
      "\xEF\xBB\xBF# site rules\r\nUSER-AGENT: * # everyone\r\nDISALLOW: /tmp # scratch\r\n"
      "Crawl-delay: 2.5\r\nnonsense line\r\nSitemap: https://example.org/sitemap.xml\r\n",
      "corroborate");
  EXPECT_FALSE(rules.Allowed("/tmp/x"));
  EXPECT_TRUE(rules.Allowed("/news"));
  ASSERT_TRUE(rules.crawl_delay().has_value());
  EXPECT_DOUBLE_EQ(*rules.crawl_delay(), 2.5);
  EXPECT_FALSE(
      RobotsRules::Parse("User-agent: *\nCrawl-delay: soon\n", "corroborate").crawl_delay());
}

TEST(RobotsTest, OnlyTheFirst500KiBAreRead) {
  std::string body = "User-agent: *\n";
  while (body.size() < 600 * 1024) body += "# padding padding padding padding padding\n";
  body += "Disallow: /late\n";
  EXPECT_TRUE(RobotsRules::Parse(body, "corroborate").Allowed("/late"));
}

TEST(RobotsTest, FetchOutcomes) {
  FetchResponse ok;
  ok.status = 200;
  ok.body = "User-agent: *\nDisallow: /a\n";
  EXPECT_FALSE(RobotsFromFetch(ok, "corroborate").Allowed("/a"));
  EXPECT_TRUE(RobotsFromFetch(ok, "corroborate").Allowed("/b"));

  const auto with_error = [](std::string message) {
    return Result<FetchResponse>(std::unexpected(Error{ErrorCode::kHttp, std::move(message)}));
  };
  EXPECT_TRUE(RobotsFromFetch(with_error("http://h/robots.txt: HTTP 404"), "c").Allowed("/a"));
  EXPECT_TRUE(RobotsFromFetch(with_error("http://h/robots.txt: HTTP 403"), "c").Allowed("/a"));
  EXPECT_FALSE(RobotsFromFetch(with_error("http://h/robots.txt: HTTP 503"), "c").Allowed("/a"));
  EXPECT_FALSE(RobotsFromFetch(with_error("http://h/robots.txt: HTTP 429"), "c").Allowed("/a"));
  const Result<FetchResponse> timeout =
      std::unexpected(Error{ErrorCode::kTimeout, "http://h/robots.txt: timed out after 300 ms"});
  EXPECT_FALSE(RobotsFromFetch(timeout, "c").Allowed("/a"));
}

TEST(RobotsTest, UrlsAndTokens) {
  EXPECT_EQ(RobotsUrlFor("https://News.Example.org:8443/a/b?c#d"),
            "https://news.example.org:8443/robots.txt");
  EXPECT_EQ(RobotsUrlFor("http://user@h.example/x"), "http://h.example/robots.txt");
  EXPECT_EQ(RobotsUrlFor("ftp://h.example/x"), std::nullopt);
  EXPECT_EQ(RobotsUrlFor("not a url"), std::nullopt);
  EXPECT_EQ(RobotsPathOf("https://h.example/a/b.html?x=1#top"), "/a/b.html?x=1");
  EXPECT_EQ(RobotsPathOf("https://h.example"), "/");
  EXPECT_EQ(RobotsPathOf("https://h.example?x=1"), "/?x=1");
  EXPECT_EQ(ProductToken("corroborate/0.1 (+https://example.invalid)"), "corroborate");
  EXPECT_EQ(ProductToken("  Bot "), "Bot");
}

}  // namespace
}  // namespace corroborate::ingest
