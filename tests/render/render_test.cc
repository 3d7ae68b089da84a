#include <gtest/gtest.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "render/report.h"
#include "correlate/rank/ach.h"
#include "tests/render/sample_report.h"

namespace corroborate::render {
namespace {

constexpr Instant kStart = 1419264900;  // 2014-12-22T16:15:00Z
constexpr Instant kEnd = 1419299160;    // 2014-12-23T01:46:00Z

Report Sample() {
  Report r;
  r.title = "Outage of country:KP <test & check>";
  r.generated = 1419400000;
  r.incident.id = 1;
  r.incident.entity = "country:KP";
  r.incident.start = kStart;
  r.incident.end = kEnd;
  r.incident.title = "country:KP outage";
  OutageWindow w;
  w.id = 3;
  w.entity = "country:KP";
  w.start = kStart;
  w.end = kEnd;
  w.source = "csv";
  w.severity = "critical";
  r.windows.push_back(w);
  Series s;
  s.entity = "country:KP";
  s.datasource = "bgp-prefixes";
  s.start = kStart - kDay;
  s.step = 300;
  s.values.assign(2 * 288, 4);
  for (size_t i = 288; i < 288 + 114; ++i) s.values[i] = 0;
  s.provenance = "synthetic.mrt";
  r.series.push_back(s);
  ClaimView c;
  c.id = 12;
  c.type = "outage_duration";
  c.text = "North Korea's Internet was down for 9 hours and 30 minutes today.";
  c.subject = "country:KP";
  c.when = Interval{1419206400, 1419292800, Granularity::kDay};
  c.duration = 34200;
  c.document_url = "https://example.org/a";
  c.document_title = "Article";
  c.outlet = "Example News";
  c.published = 1419292800;
  r.claims.push_back(c);
  Alignment a;
  a.claim_id = 12;
  a.window_id = 3;
  a.verdict = Verdict::kConsistent;
  a.aspect = "duration";
  a.explanation = "claimed 9h30m against measured 9h31m";
  r.alignments.push_back(a);
  auto hs = correlate::InstantiateHypotheses(correlate::DefaultTaxonomy(), {"foreign_state:US"});
  correlate::ClaimEvidence e{"claim:13",
                             "believed to be a denial-of-service attack",
                             "Example News",
                             "cause_assertion",
                             "cyberattack",
                             "hacktivist",
                             0.35,
                             false,
                             'C',
                             "",
                             false};
  r.assessment = correlate::Rank("country:KP", hs, {correlate::RateClaim(e, hs)});
  r.notes.push_back("routing data is SYNTHETIC");
  return r;
}

TEST(TimelineTest, MergesMeasuredAndReportedInTimeOrder) {
  auto entries = BuildTimeline(Sample());
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].id, "claim:12");  // the claim's day starts at 00:00, before the window
  EXPECT_EQ(entries[0].kind, "reported");
  EXPECT_EQ(entries[1].id, "window:3");
  auto js = nlohmann::json::parse(TimelineJs("t", entries, Sample().windows));
  ASSERT_EQ(js["events"].size(), 2u);
  EXPECT_EQ(js["events"][1]["start_date"]["hour"], 16);
  EXPECT_EQ(js["events"][1]["start_date"]["minute"], 15);
  EXPECT_EQ(js["events"][0]["start_date"].contains("hour"), false);  // day precision
  EXPECT_EQ(js["eras"].size(), 1u);
  EXPECT_EQ(js["events"][1]["unique_id"], "window:3");
  EXPECT_NE(TimelineMarkdown(entries).find("| 2014-12-22 | reported |"), std::string::npos);
}

// Fails on the old code: no display_date, "measurement_report:" and
// "country:KP" in headlines, a sentence extracted twice and an outage
// measured twice on two slides each, "Ledger Wire via Ledger Wire — Ledger
// Wire" as the source.
TEST(TimelineTest, TimelineJsSlidesReadInWordsOncePerEvent) {
  Report r = testing::SampleReport();
  auto js = nlohmann::json::parse(TimelineJs(ReportTitle(r), BuildTimeline(r), r.windows));
  EXPECT_EQ(js["title"]["text"]["headline"],
            "Internet outage: North Korea (AS131279), 22 Dec 2014 16:15 to 23 Dec 2014 01:46 UTC");
  const auto& events = js["events"];
  ASSERT_EQ(events.size(), 4u);  // one outage, one sentence (two claims), two claims of one article
  std::set<std::string> ids, headlines;
  for (const auto& e : events) {
    ids.insert(e["unique_id"].get<std::string>());
    std::string headline = e["text"]["headline"];
    headlines.insert(headline);
    EXPECT_EQ(headline.find('_'), std::string::npos) << headline;
    EXPECT_EQ(headline.find("country:"), std::string::npos) << headline;
    EXPECT_EQ(headline.find("asn:"), std::string::npos) << headline;
    EXPECT_TRUE(e.contains("display_date")) << e;
    EXPECT_EQ(e["start_date"]["display_date"], e["display_date"]);
    std::string text = e["text"]["text"];
    if (e["group"] != "Measured") {  // every article is linked
      EXPECT_NE(text.find("Source: <a href=\"https://"), std::string::npos) << text;
    }
    EXPECT_EQ(text.find("Ledger Wire via Ledger Wire"), std::string::npos) << text;
  }
  EXPECT_EQ(ids.size(), events.size());
  EXPECT_EQ(headlines.size(), events.size());
  const auto& outage = events[1];
  EXPECT_EQ(outage["display_date"], "22 Dec 2014 16:15 to 23 Dec 2014 01:46 UTC");
  EXPECT_EQ(outage["text"]["headline"], "North Korea and AS131279 offline, as measured");
  EXPECT_NE(outage["text"]["text"].get<std::string>().find(
                "dyn-research (bgp); corroborate (bgp-prefixes)"),
            std::string::npos);
  EXPECT_EQ(events[2]["display_date"], "22 Dec 2014 16:15 UTC");
  EXPECT_EQ(events[2]["text"]["headline"],
            "At 16:15 UTC today every North Korean route was withdrawn.");
  EXPECT_EQ(events[0]["display_date"], "22 Dec 2014");  // a day, no time
  EXPECT_EQ(js["eras"].size(), 1u);
  // The speaker, role and organisation once; the outlet once.
  auto entries = BuildTimeline(r);
  EXPECT_EQ(
      entries.back().source,
      "Dana Whitcombe (head of routing research, Meridian Routing Analytics) via Ledger Wire");
}

TEST(CheckTest, ClaimReviewHasGooglesRequiredAndRecommendedFields) {
  ClaimReviewOptions o{"https://check.example/reviews/{claim}.html", "Ledger Check",
                       "https://check.example/"};
  auto reviews = nlohmann::json::parse(ClaimReviewJsonLd(Sample(), o));
  ASSERT_EQ(reviews.size(), 1u);
  const auto& r = reviews[0];
  EXPECT_EQ(r["@context"], "https://schema.org");
  EXPECT_EQ(r["@type"], "ClaimReview");
  // Required: claimReviewed, reviewRating.alternateName, url (the review's page, not the claim's
  // article).
  EXPECT_EQ(r["claimReviewed"],
            "North Korea's Internet was down for 9 hours and 30 minutes today.");
  EXPECT_EQ(r["reviewRating"]["alternateName"], "Consistent with the measurements");
  EXPECT_EQ(r["url"], "https://check.example/reviews/12.html");
  // Recommended: author, datePublished, itemReviewed; the rating's name and scale.
  EXPECT_EQ(r["author"]["name"], "Ledger Check");
  EXPECT_EQ(r["author"]["url"], "https://check.example/");
  EXPECT_EQ(r["datePublished"], "2014-12-24");
  EXPECT_EQ(r["reviewRating"]["name"], "consistent");
  EXPECT_EQ(r["reviewRating"]["ratingValue"], 5);
  EXPECT_EQ(r["reviewRating"]["bestRating"], 5);
  EXPECT_EQ(r["reviewRating"]["worstRating"], 1);
  const auto& claim = r["itemReviewed"];
  EXPECT_EQ(claim["@type"], "Claim");
  EXPECT_EQ(claim["author"]["name"], "Example News");
  EXPECT_EQ(claim["datePublished"], "2014-12-23");
  EXPECT_EQ(claim["appearance"]["url"], "https://example.org/a");
  EXPECT_EQ(claim["firstAppearance"]["url"], "https://example.org/a");
  // One document per review, named by claim.
  auto docs = ClaimReviews(Sample(), o);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].file_name, "claimreview-12.jsonld");
  EXPECT_EQ(nlohmann::json::parse(docs[0].json), r);
  // Without a publisher, the review page's host publishes.
  auto plain =
      nlohmann::json::parse(ClaimReviewJsonLd(Sample(), {"https://check.example/all", "", ""}))[0];
  EXPECT_EQ(plain["author"]["name"], "check.example");
  EXPECT_EQ(plain["author"]["url"], "https://check.example/");
  EXPECT_EQ(plain["url"], "https://check.example/all");
  auto check = nlohmann::json::parse(CheckJson(Sample()));
  EXPECT_EQ(check["checks"][0]["verdict"], "consistent");
}

TEST(BriefTest, HtmlIsSelfContainedAndEscaped) {
  Report r = Sample();
  r.claims[0].outlet = "Example <News> & Co";
  std::string html = BriefHtml(r);
  EXPECT_NE(html.find("Example &lt;News&gt; &amp; Co"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);  // nothing fetched from elsewhere
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("class=\"outage\""), std::string::npos);
  EXPECT_NE(html.find("Bottom line up front"), std::string::npos);
  // Well-formed enough for a strict XML parser of the SVG part.
  size_t a = html.find("<svg"), b = html.find("</svg>");
  std::string svg = html.substr(a, b + 6 - a);
  xmlDocPtr doc = xmlReadMemory(svg.data(), static_cast<int>(svg.size()), "chart.svg", nullptr,
                                XML_PARSE_NONET);
  EXPECT_NE(doc, nullptr);
  xmlFreeDoc(doc);
}

// Fails on the old code: "country:KP" in the title and the bottom line,
// snake_case column headings, ISO times, "claim:13:" row names, a file
// path as the chart's title, no axis titles, legend or marker numbers.
TEST(BriefTest, TitlesColumnsChartAndSourcesReadInWords) {
  Report r = testing::SampleReport();
  std::string html = BriefHtml(r);
  EXPECT_NE(html.find("<h1>Internet outage: North Korea (AS131279)</h1>"), std::string::npos);
  EXPECT_NE(
      html.find(
          "<title>Internet outage: North Korea (AS131279), 22 Dec 2014 16:15 to 23 Dec 2014 01:46 "
          "UTC</title>"),
      std::string::npos);
  EXPECT_NE(
      html.find(
          "North Korea (AS131279) was cut off from the Internet from 22 Dec 2014 16:15 to 23 Dec "
          "2014 01:46 UTC (9 h 31 min)"),
      std::string::npos);
  EXPECT_EQ(html.find("country:KP"), std::string::npos);
  EXPECT_EQ(html.find("Ledger Wire via Ledger Wire"), std::string::npos);
  EXPECT_EQ(html.find("<td class=\"when\">2014-"),
            std::string::npos);  // no ISO times in the timeline
  EXPECT_NE(html.find("<td class=\"when\">22 Dec 2014 16:15</td>"), std::string::npos);
  // Hypotheses in words, the foreign state named: as columns when a row
  // rates them, else in the sentence under the matrix that names the
  // hypotheses no row rates.
  EXPECT_NE(html.find("Cyberattack by a foreign state (United States)"), std::string::npos);
  EXPECT_NE(html.find("Technical failure"), std::string::npos);
  EXPECT_NE(html.find("<th class=\"h\">"), std::string::npos);
  for (const Hypothesis& h : r.assessment.hypotheses) {
    EXPECT_EQ(html.find("<th class=\"h\">" + h.id + "</th>"), std::string::npos) << h.id;
  }
  EXPECT_NE(html.find("1. believed to be a denial-of-service attack (Ledger Wire)"),
            std::string::npos);
  // The chart reads alone: title, legend, axis titles with the year, UTC, numbered claims and their
  // key.
  std::string svg = SignalSvg(r);
  EXPECT_NE(svg.find(">Announced prefixes, North Korea</text>"), std::string::npos);
  for (const char* legend :
       {">measured<", ">outage<", ">routing instability<", ">claims, numbered<"}) {
    EXPECT_NE(svg.find(legend), std::string::npos) << legend;
  }
  EXPECT_NE(svg.find("rotate(-90)\" text-anchor=\"middle\">Announced prefixes</text>"),
            std::string::npos);
  EXPECT_NE(svg.find(">Time (UTC), 20 Dec 2014 to 23 Dec 2014</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">2014</text>"), std::string::npos);
  EXPECT_EQ(svg.find("nk-2014-synthetic-routing.mrt.gz ("), std::string::npos);
  EXPECT_NE(svg.find("font-weight=\"bold\" fill=\"#fff\" text-anchor=\"middle\">1</text>"),
            std::string::npos);
  EXPECT_NE(svg.find("22 Dec 2014 16:15 UTC, Meridian Routing Analytics: At 16:15 UTC"),
            std::string::npos);
  // The Markdown brief likewise.
  std::string md = BriefMarkdown(r);
  EXPECT_NE(md.find("# Internet outage: North Korea (AS131279)\n"), std::string::npos);
  EXPECT_NE(md.find("| Cyberattack by a foreign state (United States) |"), std::string::npos);
}

TEST(BriefTest, LikelihoodAndConfidenceNeverShareASentence) {
  std::string md = BriefMarkdown(Sample());
  EXPECT_NE(md.find("## Key judgments"), std::string::npos);
  EXPECT_NE(md.find("![Measured signal"), std::string::npos);
  std::regex sentence(R"([^.!?\n]*[.!?])");
  for (auto it = std::sregex_iterator(md.begin(), md.end(), sentence); it != std::sregex_iterator();
       ++it) {
    std::string s = it->str();
    bool likelihood = s.find("likely") != std::string::npos ||
                      s.find("chance") != std::string::npos ||
                      s.find("almost certain") != std::string::npos;
    bool confidence = s.find("confidence") != std::string::npos;
    EXPECT_FALSE(likelihood && confidence) << s;
  }
}

TEST(StixTest, BundleHasOpinionsActorsAndNotes) {
  auto b = nlohmann::json::parse(StixBundle(Sample()));
  EXPECT_EQ(b["type"], "bundle");
  std::regex id(
      R"([a-z-]+--[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})");
  int opinions = 0, actors = 0, notes = 0;
  for (const auto& o : b["objects"]) {
    EXPECT_TRUE(std::regex_match(o["id"].get<std::string>(), id)) << o["id"];
    EXPECT_EQ(o["spec_version"], "2.1");  // the TLP marking's UUID is version 4
    std::string type = o["type"];
    opinions += type == "opinion";
    actors += type == "threat-actor";
    notes += type == "note";
  }
  EXPECT_EQ(opinions, 12);  // one per hypothesis
  EXPECT_EQ(actors, 3);    // hacktivist, foreign_state:US, own government
  EXPECT_EQ(notes, 12);    // one per hypothesis, stating it and its assessment
}

}  // namespace
}  // namespace corroborate::render
