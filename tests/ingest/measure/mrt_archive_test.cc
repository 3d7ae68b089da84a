// RIS and RouteViews archives: file plans and listings, and the fetch of
// real MRT files (../shared/corpora/mrt) laid out in the archives'
// directory layouts on a server on 127.0.0.1: gaps, resume, cache, damaged
// files, and series checked against bgpdump's own reading of the files.
#include "ingest/measure/mrt_archive.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "correlate/windows/detect.h"
#include "tests/support/compression.h"
#include "tests/support/http_server.h"

namespace corroborate::ingest {
namespace {

namespace fs = std::filesystem;
using test::HttpRequest;
using test::HttpResponse;
using test::HttpServer;

const fs::path kCorpus = fs::path(CORROBORATE_SHARED_DIR) / "corpora/mrt/bgpdump";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

using test::Bzip2;
using test::Gunzip;

// What bgpdump's reading of the files says the series builder must count
// for origin `asn`: a route is the target's once announced (or in a RIB)
// with that origin, and its later announcements and withdrawals count too.
struct Expected {
  std::uint64_t announce = 0, withdraw = 0;
  std::set<std::string> peers;
};

void Simulate(const fs::path& bgpdump_gz, std::uint32_t asn, const std::string& collector,
              Expected& e, std::set<std::string>& tracked) {
  std::istringstream lines(Gunzip(bgpdump_gz));
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    std::stringstream fields(line);
    std::string field;
    while (std::getline(fields, field, '|')) f.push_back(field);
    if (f.size() < 6 || (f[2] != "A" && f[2] != "B" && f[2] != "W")) continue;
    const bool withdraw = f[2] == "W";
    bool ours = tracked.count(f[5]) > 0;
    if (!withdraw && f.size() > 6) {
      std::string last = f[6].substr(
          f[6].find_last_of(" ,{") == std::string::npos ? 0 : f[6].find_last_of(" ,{") + 1);
      if (!last.empty() && last.back() == '}') last.pop_back();
      if (last == std::to_string(asn)) ours = true;
    }
    if (!ours) continue;
    tracked.insert(f[5]);
    (withdraw ? e.withdraw : e.announce) += 1;
    e.peers.insert(collector + "|" + f[3]);
  }
}

double Sum(const MrtSeriesResult& bgp, const std::string& datasource) {
  for (const Series& s : bgp.series) {
    if (s.datasource != datasource) continue;
    double total = 0;
    for (double v : s.values) total += v;
    return total;
  }
  ADD_FAILURE() << "no " << datasource;
  return -1;
}

BgpTarget Asn(std::uint32_t asn) {
  BgpTarget t;
  t.entity = "asn:" + std::to_string(asn);
  t.origins = {asn};
  return t;
}

MrtCollector Collector(const char* name) { return *ParseMrtCollector(name); }

TEST(MrtArchiveLayoutTest, CollectorNames) {
  EXPECT_EQ(Collector("rrc00").project, MrtProject::kRis);
  EXPECT_EQ(Collector("RRC21").name, "rrc21");
  EXPECT_EQ(Collector("route-views2").project, MrtProject::kRouteViews);
  EXPECT_EQ(Collector("route-views.sg").project, MrtProject::kRouteViews);
  EXPECT_EQ(Collector("routeviews:crix.sjo").project, MrtProject::kRouteViews);
  EXPECT_EQ(Collector("ris:rrc26").name, "rrc26");
  for (const char* bad : {"", "crix.sjo", "rrc00/../x", "route views", "../etc"}) {
    auto got = ParseMrtCollector(bad);
    EXPECT_FALSE(got) << bad;
    if (!got) {
      EXPECT_EQ(got.error().code, ErrorCode::kInvalidArgument);
    }
  }
}

TEST(MrtArchiveLayoutTest, GridPlansFollowEachArchive) {
  const Instant from = 1470931320;  // 2016-08-11T16:02:00Z
  auto ris = PlanMrtFiles(Collector("rrc00"), "https://data.ris.ripe.net/", from, 1470931800, true);
  ASSERT_EQ(ris.size(), 3u);
  EXPECT_EQ(ris[0].url, "https://data.ris.ripe.net/rrc00/2016.08/bview.20160811.1600.gz");
  EXPECT_EQ(ris[0].kind, MrtFileKind::kRib);
  EXPECT_EQ(ris[1].url, "https://data.ris.ripe.net/rrc00/2016.08/updates.20160811.1600.gz");
  EXPECT_EQ(ris[2].url, "https://data.ris.ripe.net/rrc00/2016.08/updates.20160811.1605.gz");
  EXPECT_EQ(ris[2].cache_name, "ris/rrc00/2016.08/updates.20160811.1605.gz");
  EXPECT_EQ(ris[2].time, 1470931500);

  auto rv = PlanMrtFiles(Collector("route-views2"), "https://archive.routeviews.org", from,
                         1470933060, true);
  ASSERT_EQ(rv.size(), 4u);
  EXPECT_EQ(rv[0].url, "https://archive.routeviews.org/bgpdata/2016.08/RIBS/rib.20160811.1600.bz2");
  EXPECT_EQ(rv[1].url,
            "https://archive.routeviews.org/bgpdata/2016.08/UPDATES/updates.20160811.1600.bz2");
  EXPECT_EQ(rv[3].url,
            "https://archive.routeviews.org/bgpdata/2016.08/UPDATES/updates.20160811.1630.bz2");
  EXPECT_EQ(rv[3].cache_name, "routeviews/route-views2/2016.08/UPDATES/updates.20160811.1630.bz2");

  auto sg = PlanMrtFiles(Collector("route-views.sg"), "http://m", 1472687880, 1472688300,
                         false);  // 23:58 .. 00:05
  ASSERT_EQ(sg.size(), 2u);
  EXPECT_EQ(sg[0].url, "http://m/route-views.sg/bgpdata/2016.08/UPDATES/updates.20160831.2345.bz2");
  EXPECT_EQ(sg[1].url, "http://m/route-views.sg/bgpdata/2016.09/UPDATES/updates.20160901.0000.bz2");
  auto month = PlanMrtFiles(Collector("rrc03"), "http://m", 1472687880, 1472688300, false);
  ASSERT_EQ(month.size(), 2u);
  EXPECT_EQ(month[0].url, "http://m/rrc03/2016.08/updates.20160831.2355.gz");
  EXPECT_EQ(month[1].url, "http://m/rrc03/2016.09/updates.20160901.0000.gz");
  EXPECT_EQ(month[1].time, 1472688000);  // 2016-09-01T00:00:00Z
}

TEST(MrtArchiveLayoutTest, ListingsOfOldMonthsAreReadAndPicked) {
  // An Apache index of the kind both archives serve, with 2002's odd minutes.
  const std::string html =
      R"(<html><body><h1>Index of /rrc00/2002.07</h1><pre><a href="?C=N;O=D">Name</a> <a href="../">Parent</a>)"
      R"(<a href="bview.20020722.1537.gz">bview.20020722.1537.gz</a> 22-Jul-2002 15:40 1.1M)"
      R"(<a href="bview.20020722.2337.gz">bview.20020722.2337.gz</a>)"
      R"(<a href="updates.20020722.2223.gz">updates.20020722.2223.gz</a>)"
      R"(<a href='updates.20020722.2238.gz'>x</a><a href=updates.20020722.2253.gz>y</a>)"
      R"(<a href="/rrc00/2002.07/updates.20020722.2238.gz">dup</a><a href="README.txt">r</a>)"
      R"(<a href="updates.20020722.2261.gz">bad minute</a><a href="rib.20020722.2300.bz2">other archive</a>)"
      R"(</pre></body></html>)";
  MrtCollector rrc00 = Collector("rrc00");
  auto listed = ParseMrtListing(rrc00, "http://m", html);
  ASSERT_EQ(listed.size(), 5u);
  EXPECT_EQ(listed[3].url, "http://m/rrc00/2002.07/updates.20020722.2238.gz");
  EXPECT_EQ(listed[3].time, 1027377480);  // 2002-07-22T22:38:00Z

  auto picked = PickMrtFiles(listed, 1027377600, 1027378200, true);  // 22:40 .. 22:50
  ASSERT_EQ(picked.size(), 2u);
  EXPECT_EQ(picked[0].url, "http://m/rrc00/2002.07/bview.20020722.1537.gz");  // the last RIB before
  EXPECT_EQ(picked[1].url, "http://m/rrc00/2002.07/updates.20020722.2238.gz");  // covers 22:40
  auto later = PickMrtFiles(listed, 1027377600, 1027381800, false);             // 22:40 .. 23:50
  ASSERT_EQ(later.size(), 2u);
  EXPECT_EQ(later[1].url, "http://m/rrc00/2002.07/updates.20020722.2253.gz");

  auto urls = MrtListingUrls(Collector("route-views.sg"), "http://m/", MrtFileKind::kRib,
                             1470931320, 1472688300);
  EXPECT_EQ(urls, (std::vector<std::string>{"http://m/route-views.sg/bgpdata/2016.08/RIBS/",
                                            "http://m/route-views.sg/bgpdata/2016.09/RIBS/"}));
}

// A RIS and a RouteViews archive on 127.0.0.1 holding real MRT files.
class MrtArchiveFetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kCorpus / "test_data/updates.20160811.1600.gz")) {
      GTEST_SKIP() << "no MRT corpus at " << kCorpus
                   << " (../shared is absent): archive fetch tests skipped";
    }
    cache_ = fs::temp_directory_path() /
             ("corroborate_mrt_cache_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(cache_);
    services_.ris_url = server_.Url("/ris");
    services_.routeviews_url = server_.Url("/rv/");
  }
  void TearDown() override {
    if (!cache_.empty()) fs::remove_all(cache_);
  }

  void Serve(const std::string& path, std::string bytes) {
    files_[path] = std::move(bytes);
    server_.Handle(
        path, [this, path](const HttpRequest& r) { return test::ServeFile(r, files_.at(path)); });
  }

  MrtFetchRequest Request(std::vector<const char*> collectors, Instant from, Instant until,
                          bool rib, std::uint32_t asn) {
    MrtFetchRequest request;
    for (const char* c : collectors) request.collectors.push_back(Collector(c));
    request.from = from;
    request.until = until;
    request.with_rib = rib;
    request.targets = {Asn(asn)};
    request.download.cache_dir = cache_.string();
    return request;
  }

  Result<MrtFetchResult> Fetch(const MrtFetchRequest& request) {
    FetchOptions options;
    options.per_host_delay_ms = 0;
    options.per_host_limit = 2;
    CurlFetcher fetcher(options);
    return FetchMrtSeries(fetcher, services_, request, correlate::DetectSeriesWindows, kNow, {});
  }

  static constexpr Instant kNow = 1709287200;
  HttpServer server_;
  MeasureServices services_;
  fs::path cache_;
  std::map<std::string, std::string> files_;
};

TEST_F(MrtArchiveFetchTest, UpdatesFromBothArchivesWithAGapBecomeSeries) {
  const std::string gz = ReadFile(kCorpus / "test_data/updates.20160811.1600.gz");
  Serve("/ris/rrc00/2016.08/updates.20160811.1600.gz", gz);  // 16:05 is not there: a gap
  Serve("/rv/bgpdata/2016.08/UPDATES/updates.20160811.1600.bz2",
        Bzip2(Gunzip(kCorpus / "test_data/updates.20160811.1600.gz")));
  auto got = Fetch(
      Request({"rrc00", "route-views2"}, 1470931200, 1470931800, false, 28573));  // 16:00 .. 16:10
  ASSERT_TRUE(got) << got.error().message;

  ASSERT_EQ(got->files.size(), 3u);
  EXPECT_EQ(got->files[0].state, MrtFileState::kDownloaded);
  EXPECT_EQ(got->files[0].bytes, gz.size());
  EXPECT_EQ(got->files[1].state, MrtFileState::kMissing);
  EXPECT_EQ(got->files[1].file.url, server_.Url("/ris/rrc00/2016.08/updates.20160811.1605.gz"));
  EXPECT_EQ(got->files[2].state, MrtFileState::kDownloaded);
  EXPECT_EQ(got->missing(), 1u);
  EXPECT_EQ(got->failed(), 0u);
  ASSERT_EQ(got->warnings.size(), 1u);
  EXPECT_NE(got->warnings[0].find("updates.20160811.1605.gz: not in the archive"),
            std::string::npos);
  EXPECT_EQ(ReadFile(cache_ / "ris/rrc00/2016.08/updates.20160811.1600.gz"), gz);
  EXPECT_FALSE(fs::exists(cache_ / "ris/rrc00/2016.08/updates.20160811.1605.gz.part"));
  ASSERT_EQ(got->fetched.size(), 3u);
  EXPECT_EQ(got->fetched[1].status, 404);
  EXPECT_EQ(got->fetched[0].fetched_at, kNow);

  // The same file through both archives: every event twice, each collector's peers apart.
  Expected e;
  std::set<std::string> tracked;
  Simulate(kCorpus / "test_expect/updates.20160811.1600.gz.bgp.gz", 28573, "rrc00", e, tracked);
  ASSERT_GT(e.announce, 2000u);  // 2189 announcements originated by AS28573 alone
  Expected rv;
  tracked.clear();
  Simulate(kCorpus / "test_expect/updates.20160811.1600.gz.bgp.gz", 28573, "route-views2", rv,
           tracked);
  EXPECT_EQ(Sum(got->bgp, "bgp-announce"), static_cast<double>(2 * e.announce));
  EXPECT_EQ(Sum(got->bgp, "bgp-withdraw"), static_cast<double>(2 * e.withdraw));
  ASSERT_EQ(got->bgp.targets.size(), 1u);
  EXPECT_EQ(got->bgp.targets[0].peers, static_cast<int>(e.peers.size() + rv.peers.size()));
  EXPECT_EQ(got->bgp.series[0].start, 1470931200);
  EXPECT_EQ(got->bgp.series[0].provenance, server_.Url("/ris/rrc00") + " " +
                                               server_.Url("/rv/bgpdata") +
                                               " 2016-08-11T16:00:00Z/2016-08-11T16:10:00Z");
}

TEST_F(MrtArchiveFetchTest, ACompleteFileIsNeverDownloadedTwice) {
  Serve("/ris/rrc00/2016.08/updates.20160811.1600.gz",
        ReadFile(kCorpus / "test_data/updates.20160811.1600.gz"));
  auto request = Request({"rrc00"}, 1470931200, 1470931500, false, 28573);
  auto first = Fetch(request);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(server_.Requests().size(), 1u);
  auto second = Fetch(request);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(server_.Requests().size(), 1u);  // no second request
  EXPECT_EQ(second->files[0].state, MrtFileState::kCached);
  EXPECT_EQ(second->files[0].requests, 0);
  EXPECT_TRUE(second->fetched.empty());
  EXPECT_EQ(Sum(second->bgp, "bgp-announce"), Sum(first->bgp, "bgp-announce"));
}

TEST_F(MrtArchiveFetchTest, ACutTransferIsResumedWithRange) {
  const std::string gz = ReadFile(kCorpus / "test_data/updates.20160811.1600.gz");
  files_["f"] = gz;
  int calls = 0;
  server_.Handle("/ris/rrc00/2016.08/updates.20160811.1600.gz", [&](const HttpRequest& r) {
    HttpResponse response = test::ServeFile(r, files_.at("f"));
    if (++calls == 1) response.truncate_at = 150000;  // the connection drops
    return response;
  });
  auto got = Fetch(Request({"rrc00"}, 1470931200, 1470931500, false, 28573));
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->files[0].state, MrtFileState::kDownloaded);
  EXPECT_EQ(got->files[0].requests, 2);
  auto requests = server_.RequestsTo("/ris/rrc00/2016.08/updates.20160811.1600.gz");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_FALSE(requests[0].Header("Range"));
  EXPECT_EQ(requests[1].Header("Range"), "bytes=150000-");
  EXPECT_EQ(ReadFile(cache_ / "ris/rrc00/2016.08/updates.20160811.1600.gz"), gz);
  EXPECT_GT(Sum(got->bgp, "bgp-announce"), 2000);
}

TEST_F(MrtArchiveFetchTest, APartialFileOfAnEarlierRunIsContinued) {
  const std::string gz = ReadFile(kCorpus / "test_data/updates.20160811.1600.gz");
  Serve("/ris/rrc00/2016.08/updates.20160811.1600.gz", gz);
  fs::create_directories(cache_ / "ris/rrc00/2016.08");
  std::ofstream(cache_ / "ris/rrc00/2016.08/updates.20160811.1600.gz.part", std::ios::binary)
      << gz.substr(0, 1000);
  auto got = Fetch(Request({"rrc00"}, 1470931200, 1470931500, false, 28573));
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(server_.Requests().at(0).Header("Range"), "bytes=1000-");
  EXPECT_EQ(ReadFile(cache_ / "ris/rrc00/2016.08/updates.20160811.1600.gz"), gz);
}

TEST_F(MrtArchiveFetchTest, ADamagedFileIsRetriedThenLeftOutOfTheCache) {
  std::string gz = ReadFile(kCorpus / "test_data/updates.20160811.1600.gz");
  Serve("/ris/rrc00/2016.08/updates.20160811.1600.gz",
        gz.substr(0, gz.size() / 2));                        // served whole, cut at the source
  Serve("/ris/rrc00/2016.08/updates.20160811.1605.gz", gz);  // stands in for the next interval
  auto got = Fetch(Request({"rrc00"}, 1470931200, 1470931800, false, 28573));
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->files[0].state, MrtFileState::kFailed);
  EXPECT_EQ(got->files[0].requests, 3);
  ASSERT_TRUE(got->files[0].error);
  EXPECT_NE(got->files[0].error->message.find("downloaded but damaged"), std::string::npos)
      << got->files[0].error->message;
  EXPECT_FALSE(fs::exists(cache_ / "ris/rrc00/2016.08/updates.20160811.1600.gz"));
  EXPECT_FALSE(fs::exists(cache_ / "ris/rrc00/2016.08/updates.20160811.1600.gz.part"));
  EXPECT_EQ(got->files[1].state, MrtFileState::kDownloaded);
  EXPECT_EQ(got->failed(), 1u);
  EXPECT_GT(Sum(got->bgp, "bgp-announce"), 2000);  // the good file still counts
}

TEST_F(MrtArchiveFetchTest, NothingToBeHadIsAnError) {
  auto got = Fetch(Request({"rrc00"}, 1470931200, 1470931800, false, 28573));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
  EXPECT_NE(got.error().message.find("2 missing"), std::string::npos) << got.error().message;
}

TEST_F(MrtArchiveFetchTest, An2002RangeIsReadFromTheMonthListingWithItsRib) {
  Serve("/ris/rrc00/2002.07/updates.20020722.2238.gz",
        ReadFile(kCorpus / "test_data/updates.20020722.2238.gz"));
  Serve("/ris/rrc00/2002.07/bview.20020722.2337.gz",
        ReadFile(kCorpus / "test_data/bview.20020722.2337.gz"));
  server_.Route(
      "/ris/rrc00/2002.07/",
      HttpResponse::Text(
          R"(<pre><a href="../">../</a><a href="bview.20020722.2337.gz">bview.20020722.2337.gz</a>)"
          R"(<a href="updates.20020722.2238.gz">updates.20020722.2238.gz</a></pre>)",
          "text/html"));
  // 22:40 .. 23:50: the update file from 22:38 covers the start; the only RIB is at 23:37.
  auto got = Fetch(Request({"rrc00"}, 1027377600, 1027381800, true, 8708));
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(server_.RequestsTo("/ris/rrc00/2002.07/").size(), 1u);
  ASSERT_EQ(got->files.size(), 2u);
  EXPECT_EQ(got->files[0].file.kind, MrtFileKind::kUpdates);
  EXPECT_EQ(got->files[1].file.kind, MrtFileKind::kRib);
  EXPECT_EQ(got->files[1].state, MrtFileState::kDownloaded);

  // In time order: the updates, then the table dump.
  Expected e;
  std::set<std::string> tracked;
  Simulate(kCorpus / "test_expect/updates.20020722.2238.gz.bgp.gz", 8708, "rrc00", e, tracked);
  Simulate(kCorpus / "test_expect/bview.20020722.2337.gz.bgp.gz", 8708, "rrc00", e, tracked);
  ASSERT_GT(e.announce, 200u);
  EXPECT_EQ(Sum(got->bgp, "bgp-announce"), static_cast<double>(e.announce));
  EXPECT_EQ(Sum(got->bgp, "bgp-withdraw"), static_cast<double>(e.withdraw));
  EXPECT_EQ(got->bgp.targets[0].peers, static_cast<int>(e.peers.size()));
}

}  // namespace
}  // namespace corroborate::ingest
