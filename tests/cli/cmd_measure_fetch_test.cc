// `measure fetch ioda|radar|ris|routeviews` end to end: the built binary
// against servers on 127.0.0.1 (IODA v2 JSON, Radar JSON, an MRT archive of
// real files from ../shared/corpora/mrt in the RIS and RouteViews layouts),
// what it stores, with which provenance, and its exit statuses.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/cli_dir.h"
#include "tests/support/compression.h"
#include "tests/support/http_server.h"

namespace corroborate::test {
namespace {

namespace fs = std::filesystem;

const fs::path kMrtCorpus = fs::path(CORROBORATE_SHARED_DIR) / "corpora/mrt/bgpdump/test_data";

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Data(const std::string& name) {
  return ReadBytes(fs::path(CORROBORATE_SOURCE_DIR) / "tests/data/measure_fetch" / name);
}


class MeasureFetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("CORROBORATE_IODA_URL", server.Url("/v2/").c_str(), 1);
    ::setenv("CORROBORATE_RADAR_URL", server.Url("").c_str(), 1);
    ::setenv("CORROBORATE_RIS_URL", server.Url("/ris").c_str(), 1);
    ::setenv("CORROBORATE_ROUTEVIEWS_URL", server.Url("/rv").c_str(), 1);
    ::unsetenv("CLOUDFLARE_API_TOKEN");
  }
  void TearDown() override {
    for (const char* name : {"CORROBORATE_IODA_URL", "CORROBORATE_RADAR_URL", "CORROBORATE_RIS_URL",
                             "CORROBORATE_ROUTEVIEWS_URL", "CLOUDFLARE_API_TOKEN"}) {
      ::unsetenv(name);
    }
  }
  void ServeFile(const std::string& path, std::string bytes) {
    files_[path] = std::move(bytes);
    server.Handle(
        path, [this, path](const HttpRequest& r) { return test::ServeFile(r, files_.at(path)); });
  }

  HttpServer server;
  CliDir dir;
  std::map<std::string, std::string> files_;
};

TEST_F(MeasureFetchTest, IodaSignalsAndEventsAreStoredWithTheirEndpointAndTime) {
  server.Route("/v2/signals/raw/country/KP",
               HttpResponse::Text(Data("ioda_signals_kp.json"), "application/json"));
  server.Route("/v2/outages/events",
               HttpResponse::Text(Data("ioda_events_codf_page1.json"), "application/json"));
  const std::time_t before = std::time(nullptr);
  CliOutcome r = dir.Run("measure fetch ioda --entity KP --from 2014-12-22 --until 2014-12-24");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(server.RequestsTo("/v2/signals/raw/country/KP").size(), 1u);
  // 2014-12-22T00:00Z and 2014-12-24T00:00Z as the API's Unix seconds.
  EXPECT_TRUE(Has(server.RequestsTo("/v2/signals/raw/country/KP")[0].target,
                  "from=1419206400&until=1419379200"))
      << server.RequestsTo("/v2/signals/raw/country/KP")[0].target;
  EXPECT_TRUE(Has(r.out, "2 requests;")) << r.out;

  SQLite::Database db(dir.db());
  const int series =
      db.execAndGet("SELECT COUNT(*) FROM series WHERE entity = 'country:KP'").getInt();
  EXPECT_GT(series, 0);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM series WHERE provenance = '" +
                          server.Url("/v2/signals/raw/country/KP") + "'")
                .getInt(),
            series);
  EXPECT_GE(db.execAndGet("SELECT MIN(imported_at) FROM series").getInt64(), before);
  const int imported = db.execAndGet("SELECT COUNT(*) FROM windows WHERE detected = 0").getInt();
  EXPECT_GT(imported, 0);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM windows WHERE detected = 0 AND provenance = '" +
                          server.Url("/v2/outages/events") + "'")
                .getInt(),
            imported);
  EXPECT_GT(db.execAndGet("SELECT COUNT(*) FROM windows WHERE detected = 1").getInt(), 0);

  // The same range again: nothing stored twice.
  CliOutcome again =
      dir.Run("measure fetch ioda --entity country:KP --from 2014-12-22 --until 2014-12-24");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(Has(again.out, "stored 0 series and 0 windows")) << again.out;
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM series").getInt(), series);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM windows WHERE detected = 0").getInt(), imported);
}

TEST_F(MeasureFetchTest, AFailingIodaRequestIsNamedAndTheOtherIsStored) {
  server.Route("/v2/signals/raw/country/KP", HttpResponse::Text("busy", "text/plain", 503));
  server.Route("/v2/outages/events",
               HttpResponse::Text(Data("ioda_events_codf_page1.json"), "application/json"));
  CliOutcome r =
      dir.Run("measure fetch ioda --entity country:KP --from 2014-12-22 --until 2014-12-24");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, server.Url("/v2/signals/raw/country/KP"))) << r.err;
  EXPECT_TRUE(Has(r.err, "503")) << r.err;
  SQLite::Database db(dir.db());
  EXPECT_GT(db.execAndGet("SELECT COUNT(*) FROM windows WHERE detected = 0").getInt(), 0);
}

TEST_F(MeasureFetchTest, RadarNeedsItsTokenAndSendsIt) {
  server.Route("/client/v4/radar/annotations/outages",
               HttpResponse::Text(Data("radar_outages_page1.json"), "application/json"));
  CliOutcome without =
      dir.Run("measure fetch radar --entity country:SY --from 2024-06-01 --until 2024-06-15");
  EXPECT_EQ(without.exit_code, 2) << without.err;
  EXPECT_TRUE(Has(without.err, "token")) << without.err;
  EXPECT_TRUE(server.Requests().empty());

  ::setenv("CLOUDFLARE_API_TOKEN", "secret-token", 1);
  CliOutcome with =
      dir.Run("measure fetch radar --entity country:SY --from 2024-06-01 --until 2024-06-15");
  ASSERT_EQ(with.exit_code, 0) << with.err;
  ASSERT_FALSE(server.RequestsTo("/client/v4/radar/annotations/outages").empty());
  EXPECT_EQ(server.RequestsTo("/client/v4/radar/annotations/outages")[0].Header("Authorization"),
            "Bearer secret-token");
  SQLite::Database db(dir.db());
  EXPECT_GT(db.execAndGet("SELECT COUNT(*) FROM windows WHERE source = 'radar'").getInt(), 0);
}

TEST_F(MeasureFetchTest, RisAndRouteViewsFilesBecomeSeriesOnceAndAreCached) {
  if (!fs::exists(kMrtCorpus))
    GTEST_SKIP() << kMrtCorpus << " is absent: ../shared holds the MRT corpus";
  const std::string gz = ReadBytes(kMrtCorpus / "updates.20160811.1600.gz");
  ServeFile("/ris/rrc00/2016.08/updates.20160811.1600.gz", gz);
  ServeFile("/rv/bgpdata/2016.08/UPDATES/updates.20160811.1600.bz2",
            Bzip2(Gunzip(kMrtCorpus / "updates.20160811.1600.gz")));
  const std::string range =
      " --target asn:28573 --from 2016-08-11T16:00Z --until 2016-08-11T16:05Z --no-rib";

  CliOutcome ris = dir.Run("measure fetch ris --collector rrc00 --cache cache" + range);
  ASSERT_EQ(ris.exit_code, 0) << ris.err;
  EXPECT_TRUE(Has(ris.out, "1 files downloaded, 0 cached, 0 missing")) << ris.out;
  EXPECT_EQ(ReadBytes(dir.path() / "cache/ris/rrc00/2016.08/updates.20160811.1600.gz"), gz);
  SQLite::Database db(dir.db());
  // Six BGP series of the target, naming the collector's archive and the range.
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM series WHERE entity = 'asn:28573'").getInt(), 6);
  EXPECT_EQ(db.execAndGet("SELECT DISTINCT provenance FROM series").getString(),
            server.Url("/ris/rrc00") + " 2016-08-11T16:00:00Z/2016-08-11T16:05:00Z");
  // Again: the file comes from the cache, no request.
  const std::size_t requests = server.Requests().size();
  CliOutcome cached = dir.Run("measure fetch ris --collector rrc00 --cache cache" + range);
  ASSERT_EQ(cached.exit_code, 0) << cached.err;
  EXPECT_TRUE(Has(cached.out, "0 files downloaded, 1 cached")) << cached.out;
  EXPECT_EQ(server.Requests().size(), requests);

  CliOutcome rv =
      dir.Run("measure fetch routeviews --collector route-views2 --cache cache" + range);
  ASSERT_EQ(rv.exit_code, 0) << rv.err;
  EXPECT_EQ(server.RequestsTo("/rv/bgpdata/2016.08/UPDATES/updates.20160811.1600.bz2").size(), 1u);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM series WHERE provenance LIKE '" +
                          server.Url("/rv/bgpdata") + "%'")
                .getInt(),
            6);
}

TEST_F(MeasureFetchTest, AnArchiveWithoutTheFilesFailsNamingTheGap) {
  CliOutcome r = dir.Run(
      "measure fetch ris --collector rrc00 --cache cache --target asn:28573 --from "
      "2016-08-11T16:00Z "
      "--until 2016-08-11T16:05Z --no-rib");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "updates.20160811.1600.gz")) << r.err;
}

TEST_F(MeasureFetchTest, BadFlagsAreUsageErrors) {
  EXPECT_EQ(
      dir.Run("measure fetch ris --target asn:1 --from 2016-08-11 --until 2016-08-12").exit_code,
      2);
  EXPECT_EQ(dir.Run("measure fetch ris --collector route-views2 --target asn:1 --from 2016-08-11 "
                    "--until 2016-08-12")
                .exit_code,
            2);
  CliOutcome reversed =
      dir.Run("measure fetch ioda --entity country:KP --from 2014-12-24 --until 2014-12-22");
  EXPECT_EQ(reversed.exit_code, 2);
  EXPECT_TRUE(Has(reversed.err, "--until")) << reversed.err;
  EXPECT_EQ(dir.Run("measure fetch ioda --entity country:KP --from yesterday --until 2014-12-22")
                .exit_code,
            2);
  EXPECT_TRUE(server.Requests().empty());
}

}  // namespace
}  // namespace corroborate::test
