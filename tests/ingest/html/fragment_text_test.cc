#include "ingest/html/fragment_text.h"

#include <gtest/gtest.h>

#include <string>

namespace corroborate::ingest::html {
namespace {

TEST(HtmlFragmentToTextTest, ParagraphsBreaksLinksEntities) {
  struct Case {
    const char* html;
    const char* text;
  } cases[] = {
      {"<p>One</p><p>Two</p>", "One\nTwo"},
      {"<p>line 1<br>line 2<br/>line 3</p>", "line 1\nline 2\nline 3"},
      {"<p>AT&amp;T &lt;3 caf&eacute; it&#39;s &#x2014; &nbsp;x</p>", "AT&T <3 caf\xC3\xA9 it's \xE2\x80\x94 x"},
      {"<p>see <a href=\"https://x.example/a\"><span class=\"invisible\">https://</span>"
       "<span class=\"ellipsis\">x.example/</span><span class=\"invisible\">a</span></a> now</p>",
       "see https://x.example/a now"},
      {"plain text, no tags", "plain text, no tags"},
      {"<p>  spaced \n\t out  </p>", "spaced out"},
      {"<ul><li>a</li><li>b</li></ul>", "a\nb"},
      {"<pre>x = 1\ny = 2</pre>", "x = 1\ny = 2"},
      {"<p>a<script>alert(1)</script>b<style>p{}</style></p>", "ab"},
      {"<p>unclosed <b>bold<p>next", "unclosed bold\nnext"},
      {"", ""},
      {"<p></p><br><br>", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(HtmlFragmentToText(c.html), c.text) << c.html;
  }
}

// One rule for every caller (feed items, posts, comments): rows are lines,
// cells on a row are separated by a space, and elements that are never text
// (form controls, <head>, <svg>) are dropped.
TEST(HtmlFragmentToTextTest, TablesAndElementsThatAreNeverText) {
  EXPECT_EQ(HtmlFragmentToText("<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td>d</td></tr></table>"),
            "a b\nc d");
  EXPECT_EQ(HtmlFragmentToText("<p>Reply<button>Like</button></p><form><input value=x>"
                               "<textarea>draft</textarea><select><option>o</option></select></form>"),
            "Reply");
  EXPECT_EQ(HtmlFragmentToText("<svg><text>1</text></svg><p>kept</p>"), "kept");
  EXPECT_EQ(HtmlFragmentToText("<center>a</center>b<caption>c</caption>"), "a\nb\nc");
  // Text without markup is not parsed: whitespace is collapsed, nothing else.
  EXPECT_EQ(HtmlFragmentToText("  Title\n with  spaces "), "Title with spaces");
}

TEST(BlockElementTest, OneList) {
  for (std::string_view tag : {"p", "div", "li", "tr", "h1", "blockquote", "pre", "center", "legend"})
    EXPECT_TRUE(IsBlockElement(tag)) << tag;
  for (std::string_view tag : {"br", "td", "th", "a", "span", "b", "P"}) EXPECT_FALSE(IsBlockElement(tag)) << tag;
  for (std::string_view tag : {"script", "style", "template", "head", "svg", "button"})
    EXPECT_TRUE(IsNeverText(tag)) << tag;
  EXPECT_FALSE(IsNeverText("p"));
}

TEST(HtmlFragmentToTextTest, DropsHiddenClasses) {
  static constexpr std::string_view kHidden[] = {"quote-inline"};
  std::string html = "<p class=\"x quote-inline\">RE: <a href=\"u\">u</a></p><p>kept</p>";
  EXPECT_EQ(HtmlFragmentToText(html, kHidden), "kept");
  EXPECT_EQ(HtmlFragmentToText(html), "RE: u\nkept");
}

TEST(HtmlFragmentToTextTest, SurvivesDeepAndBrokenMarkup) {
  std::string nested;
  for (int i = 0; i < 100; ++i) nested += "<div><span>";
  EXPECT_EQ(HtmlFragmentToText(nested + "core"), "core");
  // Past libxml2's depth limit the content is dropped, without a crash.
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "<div><span>";
  (void)HtmlFragmentToText(deep + "core");
  static constexpr char kJunk[] = "<p>\0\xFF\xFE<</p>&#0;&#xD800;";
  std::string junk(kJunk, sizeof kJunk - 1);
  (void)HtmlFragmentToText(junk);  // must not crash
}

}  // namespace
}  // namespace corroborate::ingest::html
