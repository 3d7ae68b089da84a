// Hostile data through every renderer (issue 17, failures 6 and 7): only
// http(s) URLs become links, no markup passes from the data into HTML,
// Markdown or TimelineJS, and the chart stays small whatever the span.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "render/escape.h"
#include "render/report.h"
#include "correlate/rank/ach.h"
#include "tests/fuzz/render_check.h"

namespace corroborate::render {
namespace {

using nlohmann::ordered_json;

const std::vector<std::string> kUnsafeUrls = {
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "/relative/path",
    "evil.example/page",
    "https:",
    "https://",
    "http:/evil.example",
    "https:///evil.example",
    "https://exa mple.org/",
    "https://example.org/\"onmouseover=\"alert(1)",
    "https://example.org/<script>",
    "https://example.org/\\evil",
};

const std::vector<std::string> kHostileTexts = {
    "<script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "</td></tr></table><img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "\\<script>alert(1)\\</script>",
    "<javascript:alert(1)>",
    "a | b || c",
    "line one\n\n| injected | row |\n# heading",
    "`code` *em* _em_ ~~strike~~",
};

Report HostileReport(const std::string& text, const std::string& url) {
  Report r;
  r.title = text;
  r.generated = 1419400000;
  r.incident = Incident{1, "country:KP", 1419264900, 1419299160, text, {3}, {12}, {4}};
  OutageWindow w;
  w.id = 3;
  w.entity = "country:KP";
  w.start = 1419264900;
  w.end = 1419299160;
  w.source = text;
  w.severity = text;
  w.description = text;
  w.url = url;
  r.windows.push_back(w);
  ClaimView c;
  c.id = 12;
  c.type = "cause_assertion";
  c.text = text;
  c.quote = text;
  c.speaker = text;
  c.outlet = text;
  c.when = Interval{1419206400, 1419292800, Granularity::kDay};
  c.document_url = url;
  c.document_title = text;
  c.published = 1419292800;
  r.claims.push_back(c);
  Alignment a;
  a.claim_id = 12;
  a.window_id = 3;
  a.verdict = Verdict::kConsistent;
  a.aspect = text;
  a.claimed = text;
  a.measured = text;
  a.explanation = text;
  r.alignments.push_back(a);
  auto hs =
      correlate::InstantiateHypotheses(correlate::DefaultTaxonomy(), {"foreign_state:" + text});
  correlate::ClaimEvidence e{
      "claim:12", text, text, "cause_assertion", "cyberattack", "foreign_state:" + text, 0.7, false,
      'C',        text, false};
  r.assessment = correlate::Rank("country:KP", hs, {correlate::RateClaim(e, hs)});
  r.notes.push_back(text);
  return r;
}

// Every output of one report, checked by the fuzz targets' checks; "" when clean.
std::string Problems(const Report& r) {
  std::string out;
  auto add = [&out](const char* what, const std::string& problem) {
    if (!problem.empty()) out += std::string(what) + ": " + problem + "\n";
  };
  add("brief.html", fuzz::HtmlProblem(BriefHtml(r)));
  add("brief.svg", fuzz::HtmlProblem(SignalSvg(r)));
  add("brief.md", fuzz::MarkdownProblem(BriefMarkdown(r)));
  auto entries = BuildTimeline(r);
  add("timeline markdown", fuzz::MarkdownProblem(TimelineMarkdown(entries)));
  add("timelinejs",
      fuzz::JsonProblem(ordered_json::parse(TimelineJs(r.title, entries, r.windows)), true));
  add("timeline json", fuzz::JsonProblem(ordered_json::parse(TimelineJson(entries)), false));
  add("check json", fuzz::JsonProblem(ordered_json::parse(CheckJson(r)), false));
  add("claimreview",
      fuzz::JsonProblem(ordered_json::parse(ClaimReviewJsonLd(r, {r.title, r.title, r.title})),
                        false));
  add("stix", fuzz::JsonProblem(ordered_json::parse(StixBundle(r)), false));
  return out;
}

TEST(LinkUrlTest, OnlyHttpAndHttpsBecomeLinks) {
  for (const std::string& url : kUnsafeUrls) EXPECT_FALSE(LinkUrl(url)) << url;
  EXPECT_EQ(LinkUrl("https://example.org/a?b=c&d=e#f"), "https://example.org/a?b=c&d=e#f");
  EXPECT_EQ(LinkUrl("  HTTP://Example.org/ "), "HTTP://Example.org/");
  EXPECT_EQ(LinkUrl("https://example.org/wiki/Kim_(name)|x"),
            "https://example.org/wiki/Kim_(name)|x");
  EXPECT_EQ(MarkdownLink("Kim", "https://example.org/wiki/Kim_(name)|x"),
            "[Kim](https://example.org/wiki/Kim_%28name%29%7Cx)");
  EXPECT_EQ(MarkdownLink("a [b]", "javascript:alert(1)"), "a \\[b\\]");
}

TEST(MarkdownTextTest, EscapesMarkupAndLinkSyntax) {
  EXPECT_EQ(MarkdownText("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(MarkdownText("[x](javascript:alert(1))"), "\\[x\\](javascript:alert(1))");
  EXPECT_EQ(MarkdownText("\\<b> & |"), "\\\\&lt;b&gt; &amp; \\|");
  EXPECT_EQ(MarkdownText("two\n\nlines"), "two lines");
}

// Fails on the old code: brief.html linked javascript: and data: URLs, and
// the Markdown timeline passed <script>, <svg onload> and [x](javascript:)
// through raw.
TEST(SafeOutputTest, HostileUrlsAndTextsNeverBecomeMarkupOrLinks) {
  for (const std::string& url : kUnsafeUrls) {
    for (const std::string& text : kHostileTexts) {
      Report r = HostileReport(text, url);
      EXPECT_EQ(Problems(r), "") << "text " << text << "\nurl " << url;
      std::string html = BriefHtml(r);
      EXPECT_EQ(html.find("<a "), std::string::npos) << url;
      auto review = ordered_json::parse(ClaimReviewJsonLd(r, {url, text, url}))[0];
      EXPECT_EQ(review["url"], "") << url;
      EXPECT_EQ(review["itemReviewed"]["appearance"]["url"], "") << url;
      EXPECT_FALSE(review["author"].contains("url")) << url;
    }
  }
}

TEST(SafeOutputTest, HttpUrlsAreLinksInEveryOutput) {
  Report r = HostileReport("<b>Outage</b>", "https://example.org/a?b=1&c=2");
  EXPECT_EQ(Problems(r), "");
  EXPECT_NE(BriefHtml(r).find("<a href=\"https://example.org/a?b=1&amp;c=2\">"), std::string::npos);
  std::string md = TimelineMarkdown(BuildTimeline(r));
  EXPECT_NE(md.find("](https://example.org/a?b=1&c=2) |"), std::string::npos) << md;
  EXPECT_NE(md.find("&lt;b&gt;Outage&lt;/b&gt;"), std::string::npos) << md;
  auto js = ordered_json::parse(TimelineJs(r.title, BuildTimeline(r), r.windows));
  EXPECT_EQ(js["title"]["text"]["headline"], "&lt;b&gt;Outage&lt;/b&gt;");
  EXPECT_NE(js["events"][0]["text"]["text"].get<std::string>().find(
                "<a href=\"https://example.org/a?b=1&amp;c=2\">"),
            std::string::npos);
  auto review =
      ordered_json::parse(ClaimReviewJsonLd(r, {"https://check.example/r/{claim}", "", ""}))[0];
  EXPECT_EQ(review["itemReviewed"]["appearance"]["url"], "https://example.org/a?b=1&c=2");
  EXPECT_EQ(review["url"], "https://check.example/r/12");
}

// Fails on the old code: a window from year 0 to 9999 drew a tick per day
// or two, 1.83 million of them, and made a 215 MB brief.svg.
TEST(ChartTest, TicksAreBoundedWhateverTheSpan) {
  Report r = HostileReport("wide", "https://example.org/");
  r.windows[0].start = -62167219200;  // 0000-01-01
  r.windows[0].end = 253402300799;    // 9999-12-31T23:59:59
  r.incident.start = r.windows[0].start;
  r.incident.end = r.windows[0].end;
  std::string svg = SignalSvg(r);
  EXPECT_LT(svg.size(), 20000u);
  size_t ticks = 0;
  for (size_t at = 0; (at = svg.find("stroke=\"#ddd\"", at)) != std::string::npos; ++at) ++ticks;
  EXPECT_GE(ticks, 3u);
  EXPECT_LE(ticks, 10u);
  EXPECT_NE(svg.find(">2000<"), std::string::npos) << "year ticks, labelled by year";
  EXPECT_LT(BriefHtml(r).size(), 60000u);
}

TEST(ChartTest, TickUnitFollowsTheSpan) {
  struct Case {
    Instant span;
    const char* label;     // one tick label expected
    const char* sublabel;  // the date or year under a tick, where it changes
  };
  const Instant start = 1419264900;  // 2014-12-22T16:15:00Z
  for (const Case& c : std::vector<Case>{
           {20 * kHour, ">00:00<", ">23 Dec 2014<"},  // every 3 hours, the day where it changes
           {5 * kDay, ">23 Dec<", ">2014<"},          // every day
           {60 * kDay, ">13 Jan<", ">2015<"},         // every week from 23 Dec
           {400 * kDay, ">Mar<", ">2015<"},           // every 2 months
           {30 * 365 * kDay, ">2020<", ">2020<"}}) {  // every 5 years
    Report r = HostileReport("span", "https://example.org/");
    // A series over exactly the span sets the chart's range.
    Series s;
    s.entity = "country:KP";
    s.datasource = "bgp-prefixes";
    s.start = start;
    s.step = c.span / 10;
    s.values.assign(10, 1);
    r.series = {s};
    r.incident.start = r.windows[0].start = start;
    r.incident.end = r.windows[0].end = start + c.span;
    r.claims.clear();
    std::string svg = SignalSvg(r);
    size_t ticks = 0;
    for (size_t at = 0; (at = svg.find("stroke=\"#ddd\"", at)) != std::string::npos; ++at) ++ticks;
    EXPECT_LE(ticks, 10u) << c.label;
    EXPECT_NE(svg.find(c.label), std::string::npos) << c.label << "\n" << svg;
    EXPECT_NE(svg.find(c.sublabel), std::string::npos) << c.sublabel << "\n" << svg;
  }
}

}  // namespace
}  // namespace corroborate::render
