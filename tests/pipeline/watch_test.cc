// The watch cycle (pipeline::Watcher) on an in-memory database through a
// FakeFetcher at fixed times: the article behind each new entry (robots.txt
// honoured), which incidents are re-analysed, and which alerts each cycle
// records and sends.
#include "pipeline/watch.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "pipeline/import_measurements.h"
#include "pipeline/sources.h"
#include "tests/support/fake_fetcher.h"

namespace corroborate::pipeline {
namespace {

constexpr Instant kStart = 1'419'724'800;  // 2014-12-28T00:00:00Z
const std::string kFeed = "https://wire.example.org/feed.xml";

// Records what it is sent.
class RecordingChannel : public notify::AlertChannel {
 public:
  explicit RecordingChannel(std::vector<Alert>& sent) : sent_(sent) {}
  std::string Describe() const override { return "recording"; }
  Result<notify::Delivery> Send(const Alert& alert, Instant) override {
    sent_.push_back(alert);
    return notify::Delivery{.attempts = 1, .status = 200};
  }

 private:
  std::vector<Alert>& sent_;
};

std::string Item(const std::string& slug, const std::string& title, const std::string& text,
                 const std::string& date) {
  return "<item><title>" + title + "</title><link>https://wire.example.org/news/" + slug +
         "</link><guid>" + slug + "</guid><description>" + text + "</description><pubDate>" + date +
         "</pubDate></item>";
}

std::string Rss(const std::string& items) {
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>"
         "<link>https://wire.example.org/</link><description>d</description>" +
         items + "</channel></rss>";
}

std::string Page(const std::string& title, const std::string& paragraphs) {
  return "<html><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1>" +
         paragraphs + "</article></body></html>";
}

ingest::FetchResponse Body(std::string body, std::string type = "text/html") {
  ingest::FetchResponse r;
  r.body = std::move(body);
  r.content_type = std::move(type);
  return r;
}

const std::string kDarkItem = Item("kp-dark", "North Korea drops off the Internet",
                                   "North Korea is offline.", "Mon, 22 Dec 2014 21:00:00 GMT");
const std::string kDarkPage = Page(
    "North Korea drops off the Internet",
    "<p>North Korea's Internet went completely offline on Monday, according to a routing "
    "monitoring firm that watches global BGP announcements.</p>"
    "<p>The outage began at about 16:15 UTC, and all of the country's routes disappeared from the "
    "global routing table within minutes.</p><p>Engineers called the pattern zebracrossing.</p>");

class WatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenInMemoryDatabase();
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
    ASSERT_TRUE(
        AddSource(*db_, SourceSettings{kFeed, SourceKind::kFeed, "", std::nullopt, 600}, clock_));
    fetcher_.Set("https://wire.example.org/robots.txt",
                 Body("User-agent: *\nDisallow: /private/\n", "text/plain"));
    fetcher_.Set("https://wire.example.org/news/kp-dark", Body(kDarkPage));
    // The windows published at the time (Dyn Research: 16:15 to 01:46 UTC).
    Notices notices;
    auto imported = ImportMeasurements(
        *db_, {std::string(CORROBORATE_SOURCE_DIR) + "/examples/nk-2014/windows.csv"}, {}, clock_,
        [&](const Notice& n) { notices.push_back(n); });
    ASSERT_TRUE(imported) << imported.error().message;
    for (const Notice& n : notices) ADD_FAILURE() << n.error.message;
    ASSERT_GT(imported->windows_added, 0);
  }

  std::unique_ptr<Watcher> MakeWatcher() {
    WatchOptions options;
    options.entities = {"country:KP"};
    options.poll_measurements = false;
    options.jitter_seed = 7;
    std::vector<std::unique_ptr<notify::AlertChannel>> channels;
    channels.push_back(std::make_unique<RecordingChannel>(sent_));
    return std::make_unique<Watcher>(*db_, fetcher_, clock_, options, std::move(channels));
  }

  CycleSummary Cycle(Watcher& watcher) {
    auto summary =
        watcher.RunCycle([this](const Notice& n) { notices_.push_back(n.error.message); });
    EXPECT_TRUE(summary) << summary.error().message;
    return summary ? *summary : CycleSummary{};
  }

  DatabaseHandle db_;
  FixedClock clock_{kStart};
  test::FakeFetcher fetcher_;
  std::vector<Alert> sent_;
  std::vector<std::string> notices_;
};

TEST_F(WatchTest, TheFirstCycleReadsTheArticlesAndAlertsTheNewIncidentOnce) {
  // The note's link is under /private/: robots.txt forbids it.
  fetcher_.Set(
      kFeed,
      Body(Rss(kDarkItem + "<item><title>Note</title><link>https://wire.example.org/private/note"
                           "</link><guid>note</guid><description>Private.</description>"
                           "<pubDate>Mon, 22 Dec 2014 22:00:00 GMT</pubDate></item>"),
           "application/rss+xml"));
  auto watcher = MakeWatcher();
  const CycleSummary first = Cycle(*watcher);
  EXPECT_EQ(first.sources_polled, 1);
  EXPECT_EQ(first.documents_new, 2);
  EXPECT_EQ(first.articles_merged, 1);
  EXPECT_EQ(first.incidents_analysed, first.incidents);
  // windows.csv holds three windows: country:KP and asn:131279 on 22
  // December, country:KP on 27 December; each is an incident, told once.
  ASSERT_EQ(first.incidents, 3);
  ASSERT_EQ(sent_.size(), 3u);
  for (const Alert& a : sent_) EXPECT_EQ(a.kind, AlertKind::kNewIncident);
  EXPECT_EQ(sent_[0].subject, "incident:country:KP@2014-12-22T16:15:00Z");
  EXPECT_EQ(first.alerts, 3);
  EXPECT_EQ(first.alerts_delivered, 3);
  for (const auto& r : fetcher_.requests())
    EXPECT_EQ(r.url.find("/private/"), std::string::npos) << r.url;
  // The article's text is stored with the entry (its words are searchable).
  auto hits = Search(*db_, "zebracrossing", 10, {});
  ASSERT_TRUE(hits) << hits.error().message;
  ASSERT_EQ(hits->hits.size(), 1u);
  EXPECT_EQ(hits->hits.at(0).url, "https://wire.example.org/news/kp-dark");

  // Nothing due, nothing new: nothing re-analysed, nothing sent.
  clock_.Advance(60);
  const CycleSummary second = Cycle(*watcher);
  EXPECT_EQ(second.sources_polled, 0);
  EXPECT_EQ(second.incidents_analysed, 0);
  EXPECT_EQ(second.alerts, 0);
  EXPECT_EQ(sent_.size(), 3u);

  // A new watcher on the same store (a restart) repeats nothing.
  auto restarted = MakeWatcher();
  const CycleSummary third = Cycle(*restarted);
  EXPECT_EQ(third.incidents_analysed, 0);
  EXPECT_EQ(sent_.size(), 3u);
}

TEST_F(WatchTest, ANewClaimAboutAWatchedEntityIsAlertedAndOnlyItsIncidentReanalysed) {
  fetcher_.Set(kFeed, Body(Rss(kDarkItem), "application/rss+xml"));
  auto watcher = MakeWatcher();
  const CycleSummary first = Cycle(*watcher);
  const std::size_t before = sent_.size();
  ASSERT_EQ(before, 3u);
  ASSERT_GT(first.claims_new, 0);

  // The feed gains an entry whose article says more about North Korea.
  clock_.Advance(700);
  fetcher_.Set(kFeed, Body(Rss(Item("kp-back", "North Korea is back online", "It is back.",
                                    "Tue, 23 Dec 2014 08:00:00 GMT") +
                               kDarkItem),
                           "application/rss+xml"));
  fetcher_.Set(
      "https://wire.example.org/news/kp-back",
      Body(Page(
          "North Korea is back online",
          "<p>North Korea's Internet went completely offline at 16:15 UTC on Monday, a second "
          "monitoring firm confirmed, after all of the country's routes were withdrawn.</p>")));
  const CycleSummary second = Cycle(*watcher);
  EXPECT_EQ(second.documents_new, 1);
  EXPECT_EQ(second.articles_merged, 1);
  ASSERT_GT(second.claims_new, 0);
  EXPECT_EQ(second.incidents_analysed, 1);
  ASSERT_GT(sent_.size(), before);
  int new_claims = 0;
  for (std::size_t i = before; i < sent_.size(); ++i) {
    EXPECT_NE(sent_[i].kind, AlertKind::kNewIncident) << sent_[i].summary;
    if (sent_[i].kind == AlertKind::kNewClaim) {
      ++new_claims;
      EXPECT_EQ(sent_[i].entity, "country:KP");
    }
  }
  EXPECT_EQ(second.claims_new, 2);  // two claims in the article's one sentence
  EXPECT_EQ(new_claims, 1);         // told once
  EXPECT_NE(sent_.back().details_json.find("\"claim_id\":4"), std::string::npos)
      << sent_.back().details_json;
  // The earlier article was not read again.
  int dark_reads = 0;
  for (const auto& r : fetcher_.requests())
    dark_reads += r.url == "https://wire.example.org/news/kp-dark";
  EXPECT_EQ(dark_reads, 1);
}

TEST_F(WatchTest, WindowsDetectedAfreshWithNewIdsAreNotNewData) {
  // IODA's signals for North Korea; windows detected on them, then more
  // windows stored after them, so that detecting again gives new row ids.
  ASSERT_TRUE(ImportMeasurements(
      *db_,
      {std::string(CORROBORATE_SOURCE_DIR) + "/tests/data/measure_fetch/ioda_signals_kp.json"}, {},
      clock_, {}));
  auto detected = DetectStoredWindows(*db_, "country:KP", clock_);
  ASSERT_TRUE(detected) << detected.error().message;
  ASSERT_GT(detected->size(), 3u);  // the three of windows.csv and the detected ones
  fetcher_.Set(kFeed, Body(Rss(kDarkItem), "application/rss+xml"));
  auto watcher = MakeWatcher();
  const CycleSummary first = Cycle(*watcher);
  ASSERT_GT(first.incidents_analysed, 0);
  const std::size_t sent = sent_.size();

  std::vector<std::int64_t> ids_before;
  for (const OutageWindow& w : *detected) ids_before.push_back(w.id);
  // A window of another country, stored after them.
  const std::string csv = ::testing::TempDir() + "watch_test_sy.csv";
  std::ofstream(csv)
      << "entity,start,end,source,signal,severity,kind,description\n"
         "country:SY,2014-12-20T00:00:00Z,2014-12-20T02:00:00Z,test,bgp,critical,outage,x\n";
  ASSERT_TRUE(ImportMeasurements(*db_, {csv}, {}, clock_, {}));
  std::filesystem::remove(csv);
  auto again = DetectStoredWindows(*db_, "country:KP", clock_);
  ASSERT_TRUE(again) << again.error().message;
  std::vector<std::int64_t> ids_after;
  for (const OutageWindow& w : *again) ids_after.push_back(w.id);
  ASSERT_NE(ids_before, ids_after);  // the detected windows are new rows

  clock_.Advance(60);
  const CycleSummary second = Cycle(*watcher);
  EXPECT_EQ(second.incidents_analysed, 1);  // Syria's, new; not North Korea's
  ASSERT_EQ(sent_.size(), sent + 1);
  EXPECT_EQ(sent_.back().entity, "country:SY");
}

TEST_F(WatchTest, AStopBeforeTheCycleLeavesEverythingForTheNext) {
  fetcher_.Set(kFeed, Body(Rss(kDarkItem), "application/rss+xml"));
  auto watcher = MakeWatcher();
  std::atomic<bool> stop{true};
  auto stopped = watcher->RunCycle({}, &stop);
  ASSERT_TRUE(stopped) << stopped.error().message;
  EXPECT_TRUE(stopped->stopped);
  EXPECT_EQ(stopped->sources_polled, 0);
  EXPECT_TRUE(sent_.empty());
  Cycle(*watcher);
  EXPECT_EQ(sent_.size(), 3u);
}

TEST(IncidentMatchTest, AnIncidentIsFoundAgainBySharedClaimOrOverlapOfTheSameEntity) {
  Incident incident{.id = 1, .entity = "country:KP", .start = 100, .end = 200, .claim_ids = {7}};
  std::vector<KnownIncident> known = {
      {.key = "country:SY@x", .entity = "country:SY", .start = 100, .end = 200, .claims = {7}},
      {.key = "country:KP@early", .entity = "country:KP", .start = 0, .end = 150, .claims = {}},
      {.key = "country:KP@claim",
       .entity = "country:KP",
       .start = 1000,
       .end = 2000,
       .claims = {3, 7}},
  };
  ASSERT_NE(MatchIncident(incident, known), nullptr);
  EXPECT_EQ(MatchIncident(incident, known)->key, "country:KP@claim");  // a shared claim first
  incident.claim_ids = {};
  EXPECT_EQ(MatchIncident(incident, known)->key, "country:KP@early");  // else overlap
  incident.start = 151;
  EXPECT_EQ(MatchIncident(incident, known), nullptr);
  EXPECT_EQ(IncidentKey(Incident{.entity = "asn:131279", .start = 1419264900}),
            "asn:131279@2014-12-22T16:15:00Z");
}

TEST_F(WatchTest, ACauseReportedLaterChangesTheLeaderAndIsAlertedOnce) {
  fetcher_.Set(kFeed, Body(Rss(kDarkItem), "application/rss+xml"));
  auto watcher = MakeWatcher();
  Cycle(*watcher);
  const std::size_t before = sent_.size();
  clock_.Advance(700);
  fetcher_.Set(
      kFeed,
      Body(Rss(Item("kp-cause", "Cable cut blamed", "Cause.", "Tue, 23 Dec 2014 08:00:00 GMT") +
               kDarkItem),
           "application/rss+xml"));
  fetcher_.Set("https://wire.example.org/news/kp-cause",
               Body(Page("Cable cut blamed",
                         "<p>North Korea's Internet outage on Monday was caused by a cut fibre "
                         "cable, the operator "
                         "Star Joint Venture said.</p><p>Engineers confirmed that a damaged "
                         "submarine cable caused "
                         "the outage, and denied that a cyberattack was to blame.</p>")));
  Cycle(*watcher);
  std::vector<Alert> leader;
  int new_claims = 0;
  for (std::size_t i = before; i < sent_.size(); ++i) {
    if (sent_[i].kind == AlertKind::kLeaderChanged) leader.push_back(sent_[i]);
    new_claims += sent_[i].kind == AlertKind::kNewClaim;
  }
  ASSERT_EQ(leader.size(), 1u);
  EXPECT_EQ(leader[0].subject, "incident:country:KP@2014-12-22T16:15:00Z");
  EXPECT_EQ(leader[0].previous, "undetermined");
  EXPECT_EQ(leader[0].state, "cable_cut");
  EXPECT_EQ(new_claims, 2);  // one per sentence, however many claims each holds

  const std::size_t after = sent_.size();
  clock_.Advance(700);
  Cycle(*watcher);
  auto restarted = MakeWatcher();
  clock_.Advance(700);
  Cycle(*restarted);
  EXPECT_EQ(sent_.size(), after);
}

TEST_F(WatchTest, AWindowThatAgreesWithAClaimChangesItsVerdictAndIsAlertedOnce) {
  fetcher_.Set(
      kFeed, Body(Rss(Item("kp-short", "Short outage", "Short.", "Mon, 22 Dec 2014 21:00:00 GMT")),
                  "application/rss+xml"));
  fetcher_.Set(
      "https://wire.example.org/news/kp-short",
      Body(Page(
          "Short outage",
          "<p>North Korea's Internet went down at 16:15 UTC on Monday and was restored at 18:15 "
          "UTC, a monitoring firm said.</p>")));
  auto watcher = MakeWatcher();
  Cycle(*watcher);
  const std::size_t before = sent_.size();
  // Against 16:15 to 01:46 the claim's end is wrong; a window of 16:15 to
  // 18:15 from another source agrees with it.
  const std::string csv = ::testing::TempDir() + "watch_test_kp.csv";
  std::ofstream(csv)
      << "entity,start,end,source,signal,severity,kind,description\n"
         "country:KP,2014-12-22T16:15:00Z,2014-12-22T18:15:00Z,ioda,bgp,critical,outage,x\n";
  ASSERT_TRUE(ImportMeasurements(*db_, {csv}, {}, clock_, {}));
  std::filesystem::remove(csv);
  clock_.Advance(60);
  const CycleSummary second = Cycle(*watcher);
  EXPECT_EQ(second.incidents_analysed, 1);
  ASSERT_EQ(sent_.size(), before + 1);
  const Alert& changed = sent_.back();
  EXPECT_EQ(changed.kind, AlertKind::kVerdictChanged);
  EXPECT_EQ(changed.entity, "country:KP");
  EXPECT_EQ(changed.previous, "inconsistent");
  EXPECT_EQ(changed.state, "consistent");
  EXPECT_EQ(changed.subject.rfind("claim:", 0), 0u) << changed.subject;

  clock_.Advance(60);
  const CycleSummary third = Cycle(*watcher);
  EXPECT_EQ(third.incidents_analysed, 0);
  EXPECT_EQ(sent_.size(), before + 1);
}

}  // namespace
}  // namespace corroborate::pipeline
