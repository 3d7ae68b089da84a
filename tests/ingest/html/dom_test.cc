// PrepareHtml's shrinking of indentation, and ParseArena: libxml2 memory
// carved from a per-page arena must never be handed to free(), and memory
// from outside the arena must still be freed normally, on this thread and on
// others.
#include "ingest/html/dom.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>

#include <atomic>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "ingest/html/article.h"

namespace corroborate::ingest::html {
namespace {

std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(CORROBORATE_SOURCE_DIR) + "/tests/data/html/" + name,
                   std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

xmlDoc* ParseBrokenXml(const std::string& xml) {
  return xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "broken.xml", nullptr,
                       XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

// The arena is a pass-through under AddressSanitizer.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kArena = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kArena = false;
#else
constexpr bool kArena = true;
#endif
#else
constexpr bool kArena = true;
#endif

TEST(PrepareHtml, ShrinksBlankRunsBetweenTags) {
  EXPECT_EQ(
      PrepareHtml("<div>\n    <p>a  b</p>\n\n   <p>c</p>   <span>d</span> <i>e</i></div>", "UTF-8")
          .bytes,
      "<div>\n<p>a  b</p>\n<p>c</p> <span>d</span> <i>e</i></div>");
}

TEST(PrepareHtml, KeepsPreformattedTextAndComments) {
  const std::string html =
      "<pre>\n   x\n   <b>y</b>   <i>z</i></pre><!-- <p>   <p> --><textarea>  <b>  </b></textarea>";
  EXPECT_EQ(PrepareHtml(html, "UTF-8").bytes, html);
}

TEST(PrepareHtml, KeepsTheRawTextOfBylineCandidatesAndHeadings) {
  // Readability's byline rule measures the raw text: runs inside a candidate
  // stay; the blank run before its first text is trimmed anyway.
  EXPECT_EQ(
      PrepareHtml("<div class=\"ByLine\">\n    <span>By</span>\n    <a>Jane</a>\n  </div>", "UTF-8")
          .bytes,
      "<div class=\"ByLine\">\n<span>By</span>\n    <a>Jane</a>\n  </div>");
  EXPECT_EQ(PrepareHtml("<h2><b>A:</b>   <b>B</b></h2>", "UTF-8").bytes,
            "<h2><b>A:</b>   <b>B</b></h2>");
  // Past 400 bytes of its text, shrinking resumes.
  const std::string long_text(400, 'x');
  EXPECT_EQ(PrepareHtml("<p rel=author>" + long_text + "<b>1</b>   <b>2</b></p>", "UTF-8").bytes,
            "<p rel=author>" + long_text + "<b>1</b> <b>2</b></p>");
  // The rule reads class, id, rel and itemprop (names in any case; a value may
  // spell a letter as a character reference), not other attributes.
  EXPECT_EQ(PrepareHtml("<DIV ID='Dateline'>\n   <b>J</b>\n   <b>K</b></DIV>", "UTF-8").bytes,
            "<DIV ID='Dateline'>\n<b>J</b>\n   <b>K</b></DIV>");
  EXPECT_EQ(
      PrepareHtml("<span itemprop=\"creator author\">\n <b>J</b>\n <b>K</b></span>", "UTF-8").bytes,
      "<span itemprop=\"creator author\">\n<b>J</b>\n <b>K</b></span>");
  EXPECT_EQ(PrepareHtml("<span class=\"&#97;uthor\">\n <b>J</b>\n <b>K</b></span>", "UTF-8").bytes,
            "<span class=\"&#97;uthor\">\n<b>J</b>\n <b>K</b></span>");
  EXPECT_EQ(
      PrepareHtml("<a href=\"/author/jane\" title=byline>\n   <b>J</b>\n   <b>K</b></a>", "UTF-8")
          .bytes,
      "<a href=\"/\" title=byline>\n<b>J</b>\n<b>K</b></a>");
  // A tag the attribute walk gives up on is looked at whole.
  EXPECT_EQ(PrepareHtml("<p x=\"1\"class=\"byline\">\n <b>J</b>\n <b>K</b></p>", "UTF-8").bytes,
            "<p x=\"1\"class=\"byline\">\n<b>J</b>\n <b>K</b></p>");
}

TEST(PrepareHtml, DropsAttributesNothingReads) {
  EXPECT_EQ(
      PrepareHtml(
          "<img src=\"a.jpg\" data-x='1 > 2' class=photo alt=\"A\" aria-label=x aria-hidden=true "
          "onclick=\"f()\"/><p>t</p>",
          "UTF-8")
          .bytes,
      "<img class=photo aria-hidden=true/><p>t</p>");
  // Tags the walk does not understand are left whole.
  const std::string odd = "<a href=\"x\"data-y=\"1\">t</a><b data-z=\"unclosed>u</b>";
  EXPECT_EQ(PrepareHtml(odd, "UTF-8").bytes, odd);
}

TEST(PrepareHtml, KeepsOnlyTheFirstCharacterOfAnAnchorsHref) {
  EXPECT_EQ(
      PrepareHtml(
          "<a href=\"https://example.org/a/b?c=d\">t</a><A HREF='#top'>u</A><a href=x/y>v</a>",
          "UTF-8")
          .bytes,
      "<a href=\"h\">t</a><A HREF='#'>u</A><a href=x>v</a>");
  // Other tags' hrefs are read whole (the canonical URL, the base URL), and so
  // is a value that starts with a character reference or a non-ASCII byte.
  const std::string kept =
      "<link rel=canonical href=\"https://example.org/x\"><base href=\"https://example.org/\">"
      "<abbr href=\"/x/y\">a</abbr><a href=\"&#35;top\">b</a><a href=\"\xC3\xA9t\xC3\xA9\">c</a><a "
      "href=\"\">d</a>";
  EXPECT_EQ(PrepareHtml(kept, "UTF-8").bytes, kept);
}

TEST(PrepareHtml, ShortHrefsLeaveTheLinkDensityAsItWas) {
  // A '#' link's text weighs 0.3, any other link's 1: 4 * 0.3 + 2 * 1 of 10 characters.
  const std::string html =
      "<html><body><p id=p>abcd<a href=\"#section-2\">efgh</a><a "
      "href=\"https://example.org/\">ij</a></p></body></html>";
  DocPtr doc = ParseHtml(PrepareHtml(html, "UTF-8"));
  xmlNode* p = FindFirst(xmlDocGetRootElement(doc.get()), "p");
  ASSERT_NE(p, nullptr);
  TextStats stats = Measure(p);
  EXPECT_EQ(stats.length, 10);
  EXPECT_NEAR(stats.link_length, 4 * 0.3 + 2, 1e-9);
}

TEST(NeedleSet, FindsWhatFindFinds) {
  const NeedleSet set{"-ad-", "com-", "comment", "combx", "ad", "x", "\xC3\xA9t"};
  EXPECT_TRUE(set.FoundIn("nav comment-list"));
  EXPECT_TRUE(set.FoundIn("my-ad-slot"));
  EXPECT_TRUE(set.FoundIn("combx"));  // at the very end
  EXPECT_TRUE(set.FoundIn("\xC3\xA9t\xC3\xA9"));
  EXPECT_FALSE(set.FoundIn("commen"));  // a needle cut off by the end
  EXPECT_FALSE(set.FoundIn("COMMENT body"));
  EXPECT_FALSE(set.FoundIn(""));
  // Against one find() per needle, on random haystacks over a small alphabet
  // so that partial and overlapping matches are frequent.
  const std::vector<std::string_view> needles = {"ab", "abc", "bca", "cab", "aab", "c-a", "-"};
  const NeedleSet random_set{"ab", "abc", "bca", "cab", "aab", "c-a", "-"};
  std::uint32_t state = 12345;
  int found = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string haystack;
    for (int i = 0, n = round % 9; i < n; ++i) {
      state = state * 1664525u + 1013904223u;
      haystack += "abc-"[(state >> 16) % 4];
    }
    bool expected = false;
    for (std::string_view needle : needles) expected |= haystack.find(needle) != std::string::npos;
    EXPECT_EQ(random_set.FoundIn(haystack), expected) << haystack;
    found += expected;
  }
  EXPECT_GT(found, 200);
  EXPECT_LT(found, 1800);
}

constexpr std::string_view kLetters =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:;";

template <size_t... I>
NeedleSet LetterSet(std::index_sequence<I...>) {
  return NeedleSet{kLetters.substr(I, 1)...};
}

TEST(NeedleSet, RefusesWhatItCannotHold) {
  EXPECT_THROW(NeedleSet({"a", ""}), std::invalid_argument);
  EXPECT_TRUE(LetterSet(std::make_index_sequence<64>()).FoundIn("xx:"));
  EXPECT_THROW(LetterSet(std::make_index_sequence<65>()), std::invalid_argument);
}

TEST(ParseArena, OwnsOnlyWhatWasAllocatedUnderIt) {
  if (!kArena) GTEST_SKIP() << "arena disabled under AddressSanitizer";
  xmlChar* before = xmlStrdup(reinterpret_cast<const xmlChar*>("outside"));
  {
    ParseArena arena;
    EXPECT_FALSE(ArenaOwns(before));
    xmlChar* inside = xmlStrdup(reinterpret_cast<const xmlChar*>("inside"));
    EXPECT_TRUE(ArenaOwns(inside));
    EXPECT_STREQ(reinterpret_cast<char*>(inside), "inside");
    // Growing the latest allocation keeps its bytes.
    inside = static_cast<xmlChar*>(xmlRealloc(inside, 100000));
    EXPECT_TRUE(ArenaOwns(inside));
    EXPECT_STREQ(reinterpret_cast<char*>(inside), "inside");
    // Realloc of memory from outside stays outside.
    before = static_cast<xmlChar*>(xmlRealloc(before, 64));
    EXPECT_FALSE(ArenaOwns(before));
    EXPECT_STREQ(reinterpret_cast<char*>(before), "outside");
    xmlFree(inside);  // a no-op
  }
  EXPECT_FALSE(ArenaOwns(before));
  xmlFree(before);
}

TEST(ParseArena, DocumentsCrossTheArenaBoundarySafely) {
  const std::string html = ReadData("boilerplate.html");
  ASSERT_FALSE(html.empty());
  PreparedHtml input = PrepareHtml(html, "");
  DocPtr outside = ParseHtml(input);  // malloc'd, freed inside the arena below
  xmlDoc* outer_xml = ParseBrokenXml("<a><b></a>");
  {
    ParseArena arena;
    DocPtr inside = ParseHtml(input);
    EXPECT_EQ(ArenaOwns(inside.get()), kArena);
    EXPECT_FALSE(ArenaOwns(outside.get()));
    outside.reset();
    xmlFreeDoc(outer_xml);
    // An error recorded under the arena: libxml2 keeps a copy per thread,
    // which must not point into the arena once it is gone.
    xmlDoc* broken = ParseBrokenXml("<root><unclosed></root>&bad;");
    ASSERT_NE(broken, nullptr);
    xmlFreeDoc(broken);
    EXPECT_NE(xmlGetLastError(), nullptr);
  }
  // Raising the next error frees the previous copy.
  xmlDoc* after = ParseBrokenXml("<x><y></x>");
  ASSERT_NE(after, nullptr);
  EXPECT_NE(xmlGetLastError(), nullptr);
  xmlFreeDoc(after);
}

TEST(ParseArena, NestedArenas) {
  if (!kArena) GTEST_SKIP() << "arena disabled under AddressSanitizer";
  ParseArena outer;
  xmlChar* a = xmlStrdup(reinterpret_cast<const xmlChar*>("outer"));
  {
    ParseArena inner;
    EXPECT_TRUE(ArenaOwns(a));                                // still active below the inner one
    xmlChar* b = static_cast<xmlChar*>(xmlRealloc(a, 4096));  // moves into the inner arena
    EXPECT_STREQ(reinterpret_cast<char*>(b), "outer");
    xmlFree(a);
    xmlFree(b);
  }
}

TEST(ParseArena, ThreadsExtractingAndParsingFeedsAtOnce) {
  const std::vector<std::string> pages = {ReadData("boilerplate.html"), ReadData("jsonld.html"),
                                          ReadData("windows1252.html"), ReadData("broken.html"),
                                          ReadData("plain_comments.html")};
  std::vector<std::string> expected;
  for (const std::string& page : pages) {
    auto article = ExtractArticle(page, {});
    ASSERT_TRUE(article.has_value());
    expected.push_back(article->title + "\n" + article->text);
  }
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 20; ++round) {
        for (size_t i = 0; i < pages.size(); ++i) {
          auto article = ExtractArticle(pages[i], {});
          if (!article || article->title + "\n" + article->text != expected[i]) ++mismatches;
        }
      }
    });
  }
  // A libxml2 user without an arena (like the feed parser) on another thread.
  threads.emplace_back([&] {
    for (int round = 0; round < 200; ++round) {
      xmlDoc* doc = ParseBrokenXml("<rss><channel><title>T &amp; U</title><item></channel>");
      if (!doc) ++mismatches;
      xmlFreeDoc(doc);
    }
  });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace corroborate::ingest::html
