#include "ingest/html/article.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "core/text.h"
#include "core/time.h"
#include "ingest/limits.h"

namespace corroborate::ingest {
namespace {

std::string DataPath(const std::string& name) {
  return std::string(CORROBORATE_SOURCE_DIR) + "/tests/data/html/" + name;
}

std::string ReadData(const std::string& name) {
  std::ifstream in(DataPath(name), std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Article Extract(const std::string& name, ArticleOptions options = {}) {
  auto article = ExtractArticle(ReadData(name), options);
  EXPECT_TRUE(article.has_value()) << name << ": " << (article ? "" : article.error().message);
  return article ? *article : Article{};
}

Instant At(const char* iso) { return ParseIso8601(iso)->instant; }

bool Has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

TEST(ArticleTest, DropsBoilerplateAndKeepsBlocksInOrder) {
  Article a = Extract("boilerplate.html");
  for (const char* junk : {"NAVIGATION LINK", "SHARE BAR", "RELATED LINK", "ADVERTISEMENT", "COOKIE BANNER",
                           "HIDDEN TEXT", "SCRIPT TEXT", "STYLE TEXT", "FOOTER TEXT", "COMMENT FORM",
                           "FIRST COMMENT TEXT", "SECOND COMMENT TEXT", "By Jane Reporter"}) {
    EXPECT_FALSE(Has(a.text, junk)) << junk << " leaked into:\n" << a.text;
  }
  // Headings, list items, quotes and pre kept, in document order.
  std::vector<std::pair<BlockKind, std::string>> want = {
      {BlockKind::kParagraph, "The first paragraph explains"},
      {BlockKind::kHeading, "What the measurements show"},
      {BlockKind::kParagraph, "Routing data collected"},
      {BlockKind::kListItem, "Four prefixes were announced by a single network."},
      {BlockKind::kListItem, "The only upstream was"},
      {BlockKind::kQuote, "We cannot say who did this"},
      {BlockKind::kPre, "175.45.176.0/22  withdrawn 16:15 UTC"},
      {BlockKind::kParagraph, "Officials did not respond"},
  };
  ASSERT_EQ(a.blocks.size(), want.size()) << a.text;
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(a.blocks[i].kind, want[i].first) << i;
    EXPECT_TRUE(a.blocks[i].text.starts_with(want[i].second)) << a.blocks[i].text;
  }
  // The <h1> repeating the title is not part of the text.
  EXPECT_FALSE(a.text.starts_with("Routes Withdrawn"));
  // text = blocks joined by newlines.
  EXPECT_EQ(std::count(a.text.begin(), a.text.end(), '\n'), static_cast<long>(want.size()) - 1);
}

TEST(ArticleTest, MetadataFromMetaLinkAndJsonLd) {
  Article a = Extract("boilerplate.html");
  EXPECT_EQ(a.title, "Routes Withdrawn Across the Whole Country Overnight");  // " - Example Wire" stripped
  EXPECT_EQ(a.byline, "By Jane Reporter");
  EXPECT_EQ(a.language, "en-GB");
  // Relative canonical resolved against <base href>.
  EXPECT_EQ(a.canonical_url, "https://news.example.org/news/2014/outage-story");
  ASSERT_TRUE(a.published);
  EXPECT_EQ(*a.published, At("2014-12-23T02:00:00Z"));  // 21:00 at -05:00
  ASSERT_TRUE(a.modified);
  EXPECT_EQ(*a.modified, At("2014-12-23T08:30:00Z"));
}

TEST(ArticleTest, CommentsComeOutSeparately) {
  Article a = Extract("boilerplate.html");
  ASSERT_EQ(a.comments.size(), 2u);
  EXPECT_EQ(a.comments[0].author, "Alice Commenter");
  EXPECT_EQ(a.comments[0].text, "FIRST COMMENT TEXT: this looks like a DDoS to me.");
  ASSERT_TRUE(a.comments[0].published);
  EXPECT_EQ(*a.comments[0].published, At("2014-12-23T10:15:00Z"));
  EXPECT_EQ(a.comments[1].author, "Bob Replier");
  EXPECT_EQ(a.comments[1].text, "SECOND COMMENT TEXT: or a power failure.");
  ASSERT_TRUE(a.comments[1].published);
  EXPECT_EQ(*a.comments[1].published, At("2014-12-23T11:00:00Z"));
}

TEST(ArticleTest, PlainCommentList) {
  Article a = Extract("plain_comments.html");
  ASSERT_EQ(a.comments.size(), 2u);
  EXPECT_EQ(a.comments[0].author, "Carol");
  EXPECT_EQ(a.comments[0].text, "PLAIN COMMENT ONE: great write-up, thanks.");
  ASSERT_TRUE(a.comments[0].published);
  EXPECT_EQ(*a.comments[0].published, At("2008-02-25T15:10:00Z"));
  EXPECT_EQ(a.comments[1].author, "Dave");
  EXPECT_FALSE(Has(a.text, "PLAIN COMMENT"));
  EXPECT_TRUE(Has(a.text, "route filtering matters"));
}

TEST(ArticleTest, DocumentsForArticleAndComments) {
  Article a = Extract("boilerplate.html");
  std::vector<Document> docs = ArticleDocuments(a, "file:///tmp/page.html", "<html>raw</html>");
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].kind, DocumentKind::kArticle);
  EXPECT_EQ(docs[0].canonical_url, "https://news.example.org/news/2014/outage-story");
  EXPECT_EQ(docs[0].raw, "<html>raw</html>");
  EXPECT_FALSE(docs[0].content_hash.empty());
  EXPECT_EQ(docs[1].kind, DocumentKind::kComment);
  EXPECT_EQ(docs[1].parent_url, docs[0].canonical_url);
  EXPECT_EQ(docs[1].author, "Alice Commenter");
  EXPECT_EQ(docs[1].canonical_url, "https://news.example.org/news/2014/outage-story#comment-1");
  EXPECT_NE(docs[1].canonical_url, docs[2].canonical_url);
  EXPECT_TRUE(docs[2].raw.empty());
}

TEST(ArticleTest, JsonLdGraphGivesBylineDateAndSite) {
  Article a = Extract("jsonld.html");
  EXPECT_EQ(a.title, "Cable Cut Leaves Islands Offline");
  EXPECT_EQ(a.byline, "Ana Fifita, Tom Lee");
  EXPECT_EQ(a.site_name, "Pacific Daily");
  ASSERT_TRUE(a.published);
  EXPECT_EQ(*a.published, At("2022-01-15T20:30:00Z"));  // +13:00
}

TEST(ArticleTest, TimeElementAndUrlDates) {
  Article a = Extract("time_element.html");
  ASSERT_TRUE(a.published);
  EXPECT_EQ(*a.published, At("2011-01-28T08:00:00Z"));
  EXPECT_EQ(a.title, "Short");  // short <title>, one <h1> with the same text

  // No date in the markup: the URL path gives the day.
  std::string page = ReadData("plain_comments.html");
  auto b = ExtractArticle(page, {.url = "https://blog.example.net/2008/02/24/routing-anomaly/"});
  ASSERT_TRUE(b);
  ASSERT_TRUE(b->published);
  EXPECT_EQ(*b->published, At("2008-02-24"));
  EXPECT_EQ(b->published_precision, Granularity::kDay);
  EXPECT_EQ(b->canonical_url, "https://blog.example.net/2008/02/24/routing-anomaly/");
}

TEST(ArticleTest, TitleSiteNameStripping) {
  auto title_of = [](const std::string& title, const std::string& extra = "") {
    std::string page = "<html><head><title>" + title + "</title></head><body>" + extra +
                       "<div><p>Some article text that is long enough to count as a paragraph, with commas, "
                       "words, and more words.</p></div></body></html>";
    auto a = ExtractArticle(page, {});
    return a ? a->title : std::string("<error>");
  };
  EXPECT_EQ(title_of("Network Outage Hits Three Regions At Once | The Daily Site"),
                     "Network Outage Hits Three Regions At Once");
  EXPECT_EQ(title_of("Daily Site » Network Outage Hits Three Regions At Once"),
            "Network Outage Hits Three Regions At Once");
  EXPECT_EQ(title_of("The Daily Site: Network Outage Hits Three Regions At Once"),
            "Network Outage Hits Three Regions At Once");
  // Too few words left after stripping: the whole title stays.
  EXPECT_EQ(title_of("Outage - Site"), "Outage - Site");
  // og:title wins over <title>.
  EXPECT_EQ(title_of("Something | Site</title><meta property=\"og:title\" content=\"The OG Title\"><title>"),
            "The OG Title");
}

TEST(ArticleTest, BrokenMarkupIsRecovered) {
  Article a = Extract("broken.html");
  EXPECT_TRUE(Has(a.text, "An unclosed paragraph begins the story"));
  EXPECT_TRUE(Has(a.text, "nested italics, and then some junk &&& <<< >>> &bogus; entities"));
  EXPECT_TRUE(Has(a.text, "Final words of the page"));
  EXPECT_EQ(a.title, "Broken markup survives the parser well enough");
}

TEST(ArticleTest, Windows1252PageDecodes) {
  Article a = Extract("windows1252.html");
  EXPECT_TRUE(IsValidUtf8(a.text));
  EXPECT_TRUE(Has(a.text, "Le réseau du café a été coupé")) << a.text;
  EXPECT_TRUE(Has(a.text, "n’ont pas pu se connecter “du tout”")) << a.text;  // 0x92 0x93 0x94
  EXPECT_EQ(a.title, "Café réseau coupé – Le Journal");  // 0x96, four words: kept whole
  // The same bytes with the charset given by HTTP instead of the meta tag.
  std::string page = ReadData("windows1252.html");
  size_t meta = page.find("<meta");
  page.erase(meta, page.find('>', meta) + 1 - meta);
  auto b = ExtractArticle(page, {.url = "", .charset = "text/html; charset=windows-1252"});
  ASSERT_TRUE(b);
  EXPECT_TRUE(Has(b->text, "Le réseau du café")) << b->text;
}

TEST(ArticleTest, InvalidUtf8BecomesReplacementCharacters) {
  std::string page =
      "<html><head><meta charset=\"utf-8\"><title>Invalid bytes in an otherwise fine page</title></head><body>"
      "<div><p>Before the bad bytes \xFF\xFE\xC3 and after them, the text continues with enough words to be an "
      "article paragraph, commas included, more text, and more.</p></div></body></html>";
  auto a = ExtractArticle(page, {});
  ASSERT_TRUE(a);
  EXPECT_TRUE(IsValidUtf8(a->text));
  EXPECT_TRUE(Has(a->text, "Before the bad bytes"));
  EXPECT_TRUE(Has(a->text, "and after them"));
  EXPECT_TRUE(Has(a->text, "\uFFFD"));
}

TEST(ArticleTest, EmptyInputIsAClearError) {
  for (std::string input : {"", "   \n\t "}) {
    auto a = ExtractArticle(input, {});
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, ErrorCode::kParse);
    EXPECT_EQ(a.error().message, "empty input");
  }
  auto no_text = ExtractArticle("<html><body><div><p> </p></div><script>x()</script></body></html>", {});
  ASSERT_FALSE(no_text.has_value());
  EXPECT_EQ(no_text.error().message, "no text found in the page");
}

// --- end to end: the CLI

struct CliRun {
  int status = 0;
  std::string out, err;
};

CliRun RunCli(const std::string& args) {
  std::string err_path = std::filesystem::temp_directory_path() / ("article_test_err_" + std::to_string(getpid()));
  std::string command = std::string(CORROBORATE_BIN) + " " + args + " 2>" + err_path;
  CliRun run;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  run.status = pclose(pipe);
  std::ifstream err(err_path);
  std::ostringstream s;
  s << err.rdbuf();
  run.err = s.str();
  std::filesystem::remove(err_path);
  return run;
}

TEST(ParseArticleCliTest, BadFileGetsOneLineErrorOthersStillPrinted) {
  std::string empty = std::filesystem::temp_directory_path() / ("empty_" + std::to_string(getpid()) + ".html");
  { std::ofstream(empty) << ""; }
  CliRun run = RunCli("parse article " + DataPath("jsonld.html") + " " + empty + " /nonexistent/page.html " +
                   DataPath("time_element.html"));
  std::filesystem::remove(empty);
  EXPECT_NE(run.status, 0);
  // Two JSON lines on stdout, for the two good files.
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 2) << run.out;
  EXPECT_TRUE(Has(run.out, "\"title\":\"Cable Cut Leaves Islands Offline\""));
  EXPECT_TRUE(Has(run.out, "\"published\":\"2022-01-15T20:30:00Z\""));
  // One line per bad file, naming it, plus the summary line.
  std::istringstream lines(run.err);
  std::string line;
  int empty_lines = 0, missing_lines = 0, total = 0;
  while (std::getline(lines, line)) {
    ++total;
    empty_lines += Has(line, empty) && Has(line, "empty input");
    missing_lines += Has(line, "/nonexistent/page.html");
  }
  EXPECT_EQ(empty_lines, 1) << run.err;
  EXPECT_EQ(missing_lines, 1) << run.err;
  EXPECT_EQ(total, 3) << run.err;
}

TEST(ParseArticleCliTest, JsonShape) {
  CliRun run = RunCli("parse article " + DataPath("boilerplate.html"));
  EXPECT_EQ(run.status, 0) << run.err;
  for (const char* key : {"\"path\":", "\"text\":", "\"title\":", "\"byline\":", "\"published\":", "\"modified\":",
                          "\"language\":\"en-GB\"", "\"canonical\":", "\"comments\":[{\"author\":\"Alice Commenter\""}) {
    EXPECT_TRUE(Has(run.out, key)) << key << " in " << run.out;
  }
}

// --- retry rounds

// Readability re-runs the extraction with fewer rules while the text is
// short; ExtractArticle skips a round when the rule it turns off did nothing
// in the round before. Over real pages, the result must be what running
// every round gives.
TEST(ArticleRoundsTest, SkippedRoundsChangeNothing) {
  std::vector<std::filesystem::path> pages;
  const std::string own = std::string(CORROBORATE_SOURCE_DIR) + "/tests/data/html";
  for (const auto& e : std::filesystem::directory_iterator(own)) {
    if (e.path().extension() == ".html") pages.push_back(e.path());
  }
  const std::filesystem::path corpus =
      std::filesystem::path(CORROBORATE_SHARED_DIR) / "corpora/articles/readability-test-pages";
  if (!std::filesystem::exists(corpus)) GTEST_SKIP() << corpus << " not found";
  for (const auto& e : std::filesystem::directory_iterator(corpus)) {
    pages.push_back(e.path() / "source.html");
  }
  int short_texts = 0;
  for (const auto& path : pages) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    auto fast = ExtractArticle(buffer.str(), {});
    ArticleOptions every;
    every.every_round = true;
    auto full = ExtractArticle(buffer.str(), every);
    ASSERT_EQ(fast.has_value(), full.has_value()) << path;
    if (!fast) continue;
    EXPECT_EQ(fast->text, full->text) << path;
    EXPECT_EQ(fast->byline, full->byline) << path;
    EXPECT_EQ(fast->title, full->title) << path;
    ASSERT_EQ(fast->blocks.size(), full->blocks.size()) << path;
    for (size_t i = 0; i < fast->blocks.size(); ++i) {
      EXPECT_EQ(fast->blocks[i].kind, full->blocks[i].kind) << path;
    }
    // Under 500 characters every round ran or was skipped.
    if (fast->text.size() < 500) ++short_texts;
  }
  EXPECT_GE(short_texts, 5) << "of " << pages.size() << " pages";
}

// --- the readability corpus through the eval script

TEST(ArticleCorpusTest, F1StaysAboveFloor) {
  std::filesystem::path shared(CORROBORATE_SHARED_DIR);
  std::filesystem::path script = shared / "eval/article_f1.py";
  if (!std::filesystem::exists(script) || !std::filesystem::exists(shared / "corpora/articles/readability-test-pages")) {
    GTEST_SKIP() << "shared corpus or eval script not found under " << shared;
  }
  std::string command = "/usr/bin/python3 " + script.string() + " --bin " + CORROBORATE_BIN + " --worst 0 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(F1 ([0-9.]+),.*title exact ([0-9.]+)%)"))) << out;
  // Measured: F1 0.996, title exact 100% (readability-lxml: 0.896).
  EXPECT_GE(std::stod(m[1]), 0.97) << out;
  EXPECT_GE(std::stod(m[2]), 90.0) << out;
}

// The plain comment list of plain_comments.html with `count` comments and
// `canonical` as the page's canonical URL.
std::string PageWithComments(const std::string& canonical, int count) {
  std::string page = "<html><head><title>An Outage Blog Post</title><link rel=\"canonical\" href=\"" + canonical +
                     "\"></head><body><div class=\"entry\"><p>This post looks at a routing anomaly observed last "
                     "week, when a small network briefly announced address space belonging to a much larger "
                     "video platform.</p><p>Within two hours the upstream provider withdrew the announcement, "
                     "and traffic returned to its normal paths.</p></div><div id=\"comments\"><h3>Responses</h3><ol>";
  for (int i = 0; i < count; ++i) {
    page += "<li><p>Carol on February 25, 2008 at 3:10 pm</p><p>Comment " + std::to_string(i) + ".</p></li>";
  }
  return page + "</ol></div></body></html>";
}

// Issue 17: each comment's identity carries the canonical URL, so a 2.6 MB
// page with a 1 MB canonical URL and 20,000 comments took `ingest` past
// 6 GB. A URL longer than kMaxUrlBytes is ignored, and a page yields at
// most kMaxCommentsPerPage comments.
TEST(ArticleTest, LongCanonicalUrlIsIgnored) {
  const std::string long_url = "https://example.org/" + std::string(kMaxUrlBytes, 'a');
  auto a = ExtractArticle(PageWithComments(long_url, 3), {.url = "https://example.org/post"});
  ASSERT_TRUE(a.has_value()) << a.error().message;
  EXPECT_EQ(a->canonical_url, "https://example.org/post");
  ASSERT_EQ(a->comments.size(), 3u);
  std::vector<Document> docs = ArticleDocuments(*a, "https://example.org/post", "");
  EXPECT_EQ(docs[1].canonical_url, "https://example.org/post#comment-1");

  const std::string fits = "https://example.org/" + std::string(kMaxUrlBytes - 20, 'a');
  auto b = ExtractArticle(PageWithComments(fits, 1), {});
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->canonical_url, fits);
}

TEST(ArticleTest, CommentsAreCappedPerPage) {
  auto a = ExtractArticle(PageWithComments("https://example.org/post", kMaxCommentsPerPage + 5), {});
  ASSERT_TRUE(a.has_value()) << a.error().message;
  ASSERT_EQ(a->comments.size(), kMaxCommentsPerPage);
  EXPECT_EQ(a->comments.front().text, "Comment 0.");
  EXPECT_EQ(a->comments.back().text, "Comment " + std::to_string(kMaxCommentsPerPage - 1) + ".");
}

}  // namespace
}  // namespace corroborate::ingest
