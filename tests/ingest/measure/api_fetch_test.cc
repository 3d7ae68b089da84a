// IODA and Cloudflare Radar fetchers against a server on 127.0.0.1 serving
// responses in the services' formats (tests/data/measure_fetch).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "ingest/measure/fetch.h"
#include "tests/support/http_server.h"

namespace corroborate::ingest {
namespace {

using test::HttpRequest;
using test::HttpResponse;
using test::HttpServer;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(CORROBORATE_SOURCE_DIR) + "/tests/data/measure_fetch/" + name,
                   std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  EXPECT_FALSE(out.str().empty()) << name;
  return out.str();
}

// The query parameters of a request target ("/p?a=1&b=2").
std::map<std::string, std::string> Query(const HttpRequest& request) {
  std::map<std::string, std::string> out;
  std::size_t q = request.target.find('?');
  if (q == std::string::npos) return out;
  std::stringstream rest(request.target.substr(q + 1));
  std::string pair;
  while (std::getline(rest, pair, '&')) {
    std::size_t eq = pair.find('=');
    out[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
  }
  return out;
}

FetchOptions Quick() {
  FetchOptions options;
  options.per_host_delay_ms = 0;
  options.total_timeout_ms = 3000;
  return options;
}

constexpr Instant kNow = 1709287200;    // 2024-03-01T10:00:00Z, the caller's clock
constexpr Instant kFrom = 1419206400;   // 2014-12-22T00:00:00Z
constexpr Instant kUntil = 1419379200;  // 2014-12-24T00:00:00Z

class IodaFetchTest : public ::testing::Test {
 protected:
  HttpServer server_;
  CurlFetcher fetcher_{Quick()};
  std::string base_ = server_.Url("/v2");
};

TEST_F(IodaFetchTest, RawSignalsForAnEntityAndRange) {
  server_.Route("/v2/signals/raw/country/KP",
                HttpResponse::Text(Fixture("ioda_signals_kp.json"), "application/json"));
  IodaQuery query{.entity = "country:KP", .from = kFrom, .until = kUntil, .max_points = 500};
  auto got = FetchIodaSignals(fetcher_, base_ + "/", query, kNow);
  ASSERT_TRUE(got) << got.error().message;

  auto requests = server_.RequestsTo("/v2/signals/raw/country/KP");
  ASSERT_EQ(requests.size(), 1u);
  auto params = Query(requests[0]);
  EXPECT_EQ(params["from"], "1419206400");
  EXPECT_EQ(params["until"], "1419379200");
  EXPECT_EQ(params["maxPoints"], "500");
  EXPECT_EQ(params.count("datasource"), 0u);  // every datasource

  ASSERT_EQ(got->series.size(), 3u);
  const Series& bgp = got->series[0];
  EXPECT_EQ(bgp.entity, "country:KP");
  EXPECT_EQ(bgp.datasource, "bgp");
  EXPECT_EQ(bgp.start, 1419249600);  // 2014-12-22T12:00:00Z
  EXPECT_EQ(bgp.step, 1800);
  ASSERT_EQ(bgp.values.size(), 32u);
  EXPECT_EQ(bgp.values[8], 4);
  EXPECT_EQ(bgp.values[9], 0);                                   // 16:30, gone
  EXPECT_EQ(bgp.provenance, base_ + "/signals/raw/country/KP");  // the endpoint, no query
  EXPECT_EQ(got->series[1].datasource, "ping-slash24");
  EXPECT_TRUE(std::isnan(got->series[1].values[2]));  // null: no value
  EXPECT_TRUE(std::isnan(got->series[2].values[0]));  // nested agg_values: not a scalar

  ASSERT_EQ(got->fetched.size(), 1u);
  EXPECT_EQ(got->fetched[0].url,
            base_ + "/signals/raw/country/KP?from=1419206400&until=1419379200&maxPoints=500");
  EXPECT_EQ(got->fetched[0].fetched_at, kNow);
  EXPECT_EQ(got->fetched[0].status, 200);
}

TEST_F(IodaFetchTest, DatasourceAndAsnEntity) {
  server_.Route("/v2/signals/raw/asn/131279",
                HttpResponse::Text(R"({"error":null,"data":[[]]})", "application/json"));
  IodaQuery query{
      .entity = "AS131279", .from = kFrom, .until = kUntil, .datasource = "ping-slash24"};
  auto got = FetchIodaSignals(fetcher_, base_, query, kNow);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_TRUE(got->series.empty());  // an old range: a valid envelope with no series
  EXPECT_EQ(Query(server_.RequestsTo("/v2/signals/raw/asn/131279").at(0))["datasource"],
            "ping-slash24");
}

TEST_F(IodaFetchTest, FailuresNameTheUrl) {
  server_.Route("/v2/signals/raw/country/KP", HttpResponse::Text("busy", "text/plain", 503));
  auto busy = FetchIodaSignals(fetcher_, base_,
                               IodaQuery{.entity = "KP", .from = kFrom, .until = kUntil}, kNow);
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code, ErrorCode::kHttp);
  EXPECT_NE(busy.error().message.find(base_ + "/signals/raw/country/KP?from="), std::string::npos);
  EXPECT_TRUE(IsTransient(busy.error()));

  server_.Route("/v2/signals/raw/country/KP",
                HttpResponse::Text(Fixture("ioda_error.json"), "application/json"));
  auto refused = FetchIodaSignals(fetcher_, base_,
                                  IodaQuery{.entity = "KP", .from = kFrom, .until = kUntil}, kNow);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("IODA reported an error"), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("'until' timestamp must be set"), std::string::npos);
}

TEST_F(IodaFetchTest, BadQueriesAreRefusedBeforeAnyRequest) {
  auto prefix = FetchIodaSignals(
      fetcher_, base_, IodaQuery{.entity = "prefix:175.45.176.0/22", .from = 0, .until = 1}, kNow);
  ASSERT_FALSE(prefix);
  EXPECT_EQ(prefix.error().code, ErrorCode::kInvalidArgument);
  auto reversed =
      FetchIodaEvents(fetcher_, base_, IodaQuery{.entity = "KP", .from = kUntil, .until = kFrom},
                      IodaEventFormat::kCodf, kNow);
  ASSERT_FALSE(reversed);
  EXPECT_EQ(reversed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(server_.Requests().empty());
}

TEST_F(IodaFetchTest, EventsArePagedUntilAPageIsShort) {
  server_.Handle("/v2/outages/events", [](const HttpRequest& request) {
    std::string page = Query(request)["page"];
    return HttpResponse::Text(Fixture("ioda_events_codf_page" + page + ".json"),
                              "application/json");
  });
  IodaQuery query{.entity = "country:KP", .from = kFrom, .until = kUntil, .page_size = 2};
  auto got = FetchIodaEvents(fetcher_, base_, query, IodaEventFormat::kCodf, kNow);
  ASSERT_TRUE(got) << got.error().message;
  auto requests = server_.RequestsTo("/v2/outages/events");
  ASSERT_EQ(requests.size(), 2u);
  auto first = Query(requests[0]);
  EXPECT_EQ(first["entityType"], "country");
  EXPECT_EQ(first["entityCode"], "KP");
  EXPECT_EQ(first["format"], "codf");
  EXPECT_EQ(first["limit"], "2");
  EXPECT_EQ(first["page"], "0");
  EXPECT_EQ(Query(requests[1])["page"], "1");

  ASSERT_EQ(got->windows.size(), 3u);
  EXPECT_EQ(got->windows[0].entity, "country:KP");
  EXPECT_EQ(got->windows[0].start, 1419264900);  // 2014-12-22T16:15:00Z
  EXPECT_EQ(got->windows[0].end, 1419299160);    // + 9 h 31 min
  EXPECT_EQ(got->windows[0].source, "ioda");
  EXPECT_DOUBLE_EQ(got->windows[0].score, 1027800.0);
  EXPECT_EQ(got->windows[0].provenance, base_ + "/outages/events");
  EXPECT_EQ(got->windows[2].start, 1419348600);  // from the second page
  ASSERT_EQ(got->fetched.size(), 2u);
  EXPECT_NE(got->fetched[1].url.find("&page=1"), std::string::npos);
}

TEST_F(IodaFetchTest, EventsInIodaForm) {
  server_.Route("/v2/outages/events",
                HttpResponse::Text(Fixture("ioda_events_ioda.json"), "application/json"));
  auto got =
      FetchIodaEvents(fetcher_, base_, IodaQuery{.entity = "KP", .from = kFrom, .until = kUntil},
                      IodaEventFormat::kIoda, kNow);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(Query(server_.RequestsTo("/v2/outages/events").at(0))["format"], "ioda");
  ASSERT_EQ(got->windows.size(), 2u);
  EXPECT_EQ(got->windows[1].signal, "ping-slash24");
  EXPECT_EQ(got->windows[1].start, 1419265800);
  EXPECT_EQ(got->windows[1].end, 1419298200);
}

TEST_F(IodaFetchTest, AFailedLaterPageFailsTheFetch) {
  server_.Handle("/v2/outages/events", [](const HttpRequest& request) {
    if (Query(request)["page"] == "0") {
      return HttpResponse::Text(Fixture("ioda_events_codf_page0.json"), "application/json");
    }
    return HttpResponse::Text("{\"data\": [", "application/json");
  });
  IodaQuery query{.entity = "KP", .from = kFrom, .until = kUntil, .page_size = 2};
  auto got = FetchIodaEvents(fetcher_, base_, query, IodaEventFormat::kCodf, kNow);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kParse);
  EXPECT_NE(got.error().message.find("/outages/events: invalid JSON"), std::string::npos)
      << got.error().message;
}

class RadarFetchTest : public ::testing::Test {
 protected:
  HttpServer server_;
  CurlFetcher fetcher_{Quick()};
  std::string base_ = server_.Url("");
  static constexpr Instant kFebruary20 = 1708387200;
  static constexpr Instant kMarch1 = 1709251200;
};

TEST_F(RadarFetchTest, OutageAnnotationsWithTokenAndPaging) {
  const std::string path = "/client/v4/radar/annotations/outages";
  server_.Handle(path, [](const HttpRequest& request) {
    if (request.Header("Authorization") != "Bearer s3cret") {
      return HttpResponse::Text(Fixture("radar_auth_error.json"), "application/json", 403);
    }
    std::string offset = Query(request)["offset"];
    return HttpResponse::Text(
        Fixture(offset == "0" ? "radar_outages_page0.json" : "radar_outages_page1.json"),
        "application/json");
  });
  RadarQuery query{.entity = "country:KP", .from = kFebruary20, .until = kMarch1, .page_size = 2};
  auto got = FetchRadarOutages(fetcher_, base_, "s3cret", query, kNow);
  ASSERT_TRUE(got) << got.error().message;

  auto requests = server_.RequestsTo(path);
  ASSERT_EQ(requests.size(), 2u);
  auto first = Query(requests[0]);
  EXPECT_EQ(first["dateStart"], "2024-02-20T00%3A00%3A00Z");
  EXPECT_EQ(first["dateEnd"], "2024-03-01T00%3A00%3A00Z");
  EXPECT_EQ(first["location"], "KP");
  EXPECT_EQ(first["format"], "json");
  EXPECT_EQ(first["limit"], "2");
  EXPECT_EQ(first["offset"], "0");
  EXPECT_EQ(Query(requests[1])["offset"], "2");

  // One window per location and per ASN: 1 + 2 + 1.
  ASSERT_EQ(got->windows.size(), 4u);
  const OutageWindow& shutdown = got->windows[0];
  EXPECT_EQ(shutdown.entity, "country:KP");
  EXPECT_EQ(shutdown.start, 1708877700);  // 2024-02-25T16:15:00Z
  EXPECT_EQ(shutdown.end, 1708911960);    // 2024-02-26T01:46:00Z
  EXPECT_EQ(shutdown.cause, "GOVERNMENT_DIRECTED");
  EXPECT_EQ(shutdown.outage_type, "NATIONWIDE");
  EXPECT_EQ(shutdown.source, "radar");
  EXPECT_EQ(shutdown.provenance, base_ + path + "#311");
  EXPECT_EQ(got->windows[1].entity, "country:KP");
  EXPECT_EQ(got->windows[2].entity, "asn:131279");
  EXPECT_EQ(got->windows[3].start, 1709107200);  // ongoing: no end date
  EXPECT_EQ(got->windows[3].end, got->windows[3].start);
  ASSERT_EQ(got->fetched.size(), 2u);
  EXPECT_EQ(got->fetched[0].fetched_at, kNow);
}

TEST_F(RadarFetchTest, AnAsnFiltersByAsn) {
  server_.Route("/client/v4/radar/annotations/outages",
                HttpResponse::Text(R"({"success":true,"errors":[],"result":{"annotations":[]}})",
                                   "application/json"));
  auto got = FetchRadarOutages(fetcher_, base_, "t",
                               RadarQuery{.entity = "AS131279", .from = 0, .until = 10}, kNow);
  ASSERT_TRUE(got) << got.error().message;
  auto params = Query(server_.Requests().at(0));
  EXPECT_EQ(params["asn"], "131279");
  EXPECT_EQ(params.count("location"), 0u);
}

TEST_F(RadarFetchTest, RefusalsAndFailures) {
  auto no_token = FetchRadarOutages(fetcher_, base_, "", RadarQuery{.from = 0, .until = 10}, kNow);
  ASSERT_FALSE(no_token);
  EXPECT_EQ(no_token.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(no_token.error().message.find("CLOUDFLARE_API_TOKEN"), std::string::npos);
  auto region = FetchRadarOutages(
      fetcher_, base_, "t", RadarQuery{.entity = "region:1234", .from = 0, .until = 10}, kNow);
  ASSERT_FALSE(region);
  EXPECT_EQ(region.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(server_.Requests().empty());

  server_.Route("/client/v4/radar/annotations/outages",
                HttpResponse::Text(Fixture("radar_auth_error.json"), "application/json", 403));
  auto forbidden =
      FetchRadarOutages(fetcher_, base_, "wrong", RadarQuery{.from = 0, .until = 10}, kNow);
  ASSERT_FALSE(forbidden);
  EXPECT_EQ(HttpStatusOf(forbidden.error()), 403);
  // A 200 that says it failed.
  server_.Route("/client/v4/radar/annotations/outages",
                HttpResponse::Text(Fixture("radar_auth_error.json"), "application/json", 200));
  auto said_no =
      FetchRadarOutages(fetcher_, base_, "wrong", RadarQuery{.from = 0, .until = 10}, kNow);
  ASSERT_FALSE(said_no);
  EXPECT_NE(said_no.error().message.find("Authentication error"), std::string::npos)
      << said_no.error().message;
}

TEST(MeasureServicesTest, EnvironmentOverridesDefaultsInOnePlace) {
  std::map<std::string, std::string> env = {
      {"CORROBORATE_IODA_URL", "http://127.0.0.1:8080/ioda/v2/"},
      {"CORROBORATE_RIS_URL", ""},
      {"CLOUDFLARE_API_TOKEN", "tok"}};
  auto get = [&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  MeasureServices services = MeasureServicesFromEnvironment(get);
  EXPECT_EQ(services.ioda_url, "http://127.0.0.1:8080/ioda/v2");
  EXPECT_EQ(services.ris_url, MeasureServices().ris_url);  // empty: the default
  EXPECT_EQ(services.routeviews_url, "https://archive.routeviews.org");
  EXPECT_EQ(services.radar_url, "https://api.cloudflare.com");
  EXPECT_EQ(services.radar_token, "tok");
  EXPECT_EQ(PercentEncode("2014-12-22T00:00:00Z a/b"), "2014-12-22T00%3A00%3A00Z%20a%2Fb");
}

}  // namespace
}  // namespace corroborate::ingest
