#include "ingest/measure/import.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace corroborate::ingest {
namespace {

constexpr Instant kNow = 1735689600;  // 2025-01-01T00:00:00Z

TEST(CsvWindowsTest, ReadsRowsInAnyColumnOrder) {
  const char* csv =
      "# published windows, with commas, in a comment\n"
      "source,entity,start,end,signal,severity,description\n"
      "dyn,country:KP,2014-12-22T16:15:00Z,2014-12-23T01:46:00Z,bgp,critical,\"full outage, all routes\"\n"
      "xinhua,KP,1419676200,1419683400,bgp,warning,\n";
  auto got = ImportCsvWindows(csv, "w.csv", kNow);
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_EQ(got->windows.size(), 2u);
  const OutageWindow& a = got->windows[0];
  EXPECT_EQ(a.entity, "country:KP");
  EXPECT_EQ(a.start, 1419264900);  // date -d 2014-12-22T16:15:00Z +%s
  EXPECT_EQ(a.end - a.start, 9 * 3600 + 31 * 60);
  EXPECT_EQ(a.source, "dyn");
  EXPECT_EQ(a.description, "full outage, all routes");
  EXPECT_EQ(got->windows[1].entity, "country:KP");
  EXPECT_EQ(got->windows[1].start, 1419676200);  // 2014-12-27T10:30:00Z
}

TEST(CsvWindowsTest, BadRowsNameTheLine) {
  struct Case {
    const char* csv;
    const char* want;
  };
  const Case cases[] = {
      {"entity,start,end,source,signal\n", "w.csv:1: missing column 'severity'"},
      {"entity,start,end,source,signal,severity\nKP,yesterday,2014-12-23,x,bgp,critical\n",
       "w.csv:2: bad start time 'yesterday'"},
      {"entity,start,end,source,signal,severity\nKP,2014-12-22,2014-12-23,x,bgp,critical\n"
       "Atlantis,2014-12-22,2014-12-23,x,bgp,critical\n",
       "w.csv:3: bad entity 'Atlantis'"},
      {"entity,start,end,source,signal,severity\nKP,2014-12-23,2014-12-22,x,bgp,critical\n",
       "w.csv:2: end 2014-12-22 is before start"},
      {"entity,start,end,source,signal,severity\nKP,2014-12-22,2014-12-23,x,bgp\n", "w.csv:2: 5 fields"},
      {"entity,start,end,source,signal,severity\nKP,2014-12-22,2014-12-23,\"x,bgp,critical\n",
       "w.csv:2: unterminated quote"},
      {"entity,start,end,source,signal,severity\n\xff\n", "w.csv: not valid UTF-8"},
  };
  for (const Case& c : cases) {
    auto got = ImportCsvWindows(c.csv, "w.csv", kNow);
    ASSERT_FALSE(got) << c.csv;
    EXPECT_NE(got.error().message.find(c.want), std::string::npos) << got.error().message;
  }
}

TEST(IodaTest, ReadsRawSignals) {
  const char* json = R"({"type":"signals","metadata":{},"requestParameters":{},"error":null,"perf":null,
    "data":[[{"entityType":"country","entityCode":"KP","entityName":"North Korea","datasource":"bgp",
              "from":1419206400,"until":1419207300,"step":300,"nativeStep":300,"values":[4,null,0]},
             {"entityType":"country","entityCode":"KP","datasource":"ping-slash24",
              "from":1419206400,"until":1419207000,"step":600,"nativeStep":600,"values":[12,11]}]],
    "copyright":"IODA"})";
  auto got = ImportIoda(json, "s.json", kNow);
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_EQ(got->series.size(), 2u);
  EXPECT_EQ(got->series[0].entity, "country:KP");
  EXPECT_EQ(got->series[0].datasource, "bgp");
  EXPECT_EQ(got->series[0].step, 300);
  ASSERT_EQ(got->series[0].values.size(), 3u);
  EXPECT_TRUE(std::isnan(got->series[0].values[1]));
  EXPECT_EQ(got->series[1].values[1], 11);
}

TEST(IodaTest, ReadsEventsInBothForms) {
  const char* codf = R"({"data":[{"location":"country/KP","location_name":"North Korea","start":1419264900,
      "duration":34260,"uncertainty":null,"status":0,"fraction":null,"score":5000,"overlaps_window":false}]})";
  auto a = ImportIoda(codf, "codf.json", kNow);
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_EQ(a->windows.size(), 1u);
  EXPECT_EQ(a->windows[0].entity, "country:KP");
  EXPECT_EQ(a->windows[0].end, 1419264900 + 34260);
  EXPECT_EQ(a->windows[0].score, 5000);

  const char* ioda = R"({"data":[{"entity":{"type":"asn","code":"131279","name":"Star JV"},
      "from":1419264900,"until":1419299160,"score":12.5,"datasource":"bgp","method":"median"}]})";
  auto b = ImportIoda(ioda, "ioda.json", kNow);
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_EQ(b->windows.size(), 1u);
  EXPECT_EQ(b->windows[0].entity, "asn:131279");
  EXPECT_EQ(b->windows[0].signal, "bgp");
  EXPECT_EQ(b->windows[0].end, 1419299160);
}

TEST(IodaTest, GroupsAlertsIntoWindows) {
  // warning at t0, critical at t0+300, normal at t0+600: one window [t0, t0+600).
  const char* json = R"({"data":[
    {"datasource":"bgp","entity":{"type":"country","code":"KP"},"time":1419265200,"level":"critical",
     "condition":"< 0.5","value":0,"historyValue":4,"method":"median"},
    {"datasource":"bgp","entity":{"type":"country","code":"KP"},"time":1419264900,"level":"warning",
     "condition":"< 0.99","value":3,"historyValue":4,"method":"median"},
    {"datasource":"bgp","entity":{"type":"country","code":"KP"},"time":1419265500,"level":"normal",
     "condition":"","value":4,"historyValue":4,"method":"median"}]})";
  auto got = ImportIoda(json, "alerts.json", kNow);
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_EQ(got->windows.size(), 1u);
  EXPECT_EQ(got->windows[0].start, 1419264900);
  EXPECT_EQ(got->windows[0].end, 1419265500);
  EXPECT_EQ(got->windows[0].severity, "critical");
  // 25 % drop for 5 minutes + 100 % drop for 5 minutes.
  EXPECT_DOUBLE_EQ(got->windows[0].score, 25 * 5 + 100 * 5);
}

TEST(IodaTest, Errors) {
  EXPECT_NE(ImportIoda("{\"data\": [", "x.json", kNow).error().message.find("x.json: invalid JSON"),
            std::string::npos);
  EXPECT_NE(ImportIoda(R"({"error":"rate limited","data":null})", "x.json", kNow)
                .error()
                .message.find("IODA reported"),
            std::string::npos);
  EXPECT_NE(ImportIoda(R"({"data":[1,2]})", "x.json", kNow)
                .error()
                .message.find("where an object was expected"),
            std::string::npos);
  std::string deep(200, '[');
  EXPECT_NE(ImportIoda(deep, "deep.json", kNow).error().message.find("deeper than"),
            std::string::npos);
}

TEST(RadarTest, ReadsAnnotationsKeepingCauseTypeScope) {
  const char* json = R"({"success":true,"errors":[],"result":{"annotations":[
    {"id":"a1","asns":[131279],"locations":["KP"],"dataSource":"ALL","eventType":"OUTAGE",
     "outage":{"outageCause":"GOVERNMENT_DIRECTED","outageType":"NATIONWIDE"},
     "startDate":"2014-12-22T16:15:00Z","endDate":"2014-12-23T01:46:00Z","scope":"Nationwide",
     "description":"Internet shut down","linkedUrl":"https://example.org/r"},
    {"id":"a2","locations":[],"startDate":"2014-12-27T10:30:00Z"}]}})";
  auto got = ImportRadar(json, "radar.json", kNow);
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_EQ(got->windows.size(), 2u);  // one per location and per ASN
  EXPECT_EQ(got->windows[0].entity, "country:KP");
  EXPECT_EQ(got->windows[1].entity, "asn:131279");
  EXPECT_EQ(got->windows[0].cause, "GOVERNMENT_DIRECTED");
  EXPECT_EQ(got->windows[0].outage_type, "NATIONWIDE");
  EXPECT_EQ(got->windows[0].scope, "Nationwide");
  EXPECT_EQ(got->windows[0].end - got->windows[0].start, 9 * 3600 + 31 * 60);
  ASSERT_EQ(got->warnings.size(), 1u);  // a2 has no location
  EXPECT_FALSE(ImportRadar(R"({"success":false,"errors":[{"code":10000}]})", "r.json", kNow));
  EXPECT_FALSE(ImportRadar(R"({"result":{"annotations":{}}})", "r.json", kNow));
}

// Issue 17, failure 7: a window from year 0 to 9999 was accepted, and the
// brief drew 1.83 million ticks for it.
TEST(PlausibleTimesTest, CsvRefusesTheRowByLine) {
  const std::string header = "entity,start,end,source,signal,severity\n";
  const std::string good =
      "country:KP,2014-12-22T16:15:00Z,2014-12-23T01:46:00Z,csv,bgp,critical\n";
  struct Case {
    std::string row, message;
  };
  for (const Case& c : std::vector<Case>{
           {"country:KP,0000-01-01T00:00:00Z,2014-12-23T00:00:00Z,csv,bgp,critical\n",
            "w.csv:3: start 0000-01-01T00:00:00Z is before 1969-01-01"},
           {"country:KP,1968-12-31T23:59:59Z,2014-12-23T00:00:00Z,csv,bgp,critical\n",
            "w.csv:3: start 1968-12-31T23:59:59Z is before 1969-01-01"},
           {"country:KP,2014-12-22T16:15:00Z,9999-12-31T00:00:00Z,csv,bgp,critical\n",
            "w.csv:3: end 9999-12-31T00:00:00Z is more than a day after now "
            "(2025-01-01T00:00:00Z)"},
           {"country:KP,1735862401,1735862401,csv,bgp,critical\n",
            "w.csv:3: start 2025-01-03T00:00:01Z is more than a day after now "
            "(2025-01-01T00:00:00Z)"},
       }) {
    auto got = ImportCsvWindows(header + good + c.row, "w.csv", kNow);
    ASSERT_FALSE(got) << c.row;
    EXPECT_EQ(got.error().message, c.message);
  }
  // The edges themselves are plausible.
  auto edges = ImportCsvWindows(
      header + "country:KP,1969-01-01T00:00:00Z,2025-01-02T00:00:00Z,csv,bgp,critical\n", "w.csv",
      kNow);
  ASSERT_TRUE(edges) << edges.error().message;
  EXPECT_EQ(edges->windows.size(), 1u);
}

TEST(PlausibleTimesTest, IodaNamesTheItem) {
  auto events = ImportIoda(R"({"data":[{"location":"country/KP","start":1419264900,"duration":600},
      {"location":"country/KP","start":-62167219200,"duration":600},
      {"entity":{"type":"country","code":"KP"},"from":1419264900,"until":253402300799}]})",
                           "e.json", kNow);
  ASSERT_TRUE(events) << events.error().message;
  ASSERT_EQ(events->windows.size(), 1u);
  ASSERT_EQ(events->warnings.size(), 2u);
  EXPECT_EQ(
      events->warnings[0],
      "e.json: skipped the event at data[1]: start 0000-01-01T00:00:00Z is before 1969-01-01");
  EXPECT_EQ(
      events->warnings[1],
      "e.json: skipped the event at data[2]: end 9999-12-31T23:59:59Z is more than a day after now "
      "(2025-01-01T00:00:00Z)");

  auto alerts = ImportIoda(
      R"({"data":[{"entity":"country/KP","datasource":"bgp","level":"critical","time":1419264900},
      {"entity":"country/KP","datasource":"bgp","level":"critical","time":"1900-01-01T00:00:00Z"}]})",
      "a.json", kNow);
  ASSERT_TRUE(alerts) << alerts.error().message;
  ASSERT_EQ(alerts->warnings.size(), 1u);
  EXPECT_EQ(alerts->warnings[0],
            "a.json: skipped the alert at data[1]: time 1900-01-01T00:00:00Z is before 1969-01-01");

  // A series is all or nothing: the import fails, naming it.
  auto series =
      ImportIoda(R"({"data":[[{"entityType":"country","entityCode":"KP","datasource":"bgp",
      "from":1419206400,"step":300,"values":[1]},{"entityType":"country","entityCode":"KP","datasource":"bgp",
      "from":1419206400,"step":10000000000,"values":[1,2,3]}]]})",
                 "s.json", kNow);
  ASSERT_FALSE(series);
  EXPECT_EQ(series.error().message,
            "s.json: data[0][1]: signal series from 2014-12-22T00:00:00Z with 3 steps of "
            "10000000000 s ends more "
            "than a day after now (2025-01-01T00:00:00Z)");
}

TEST(PlausibleTimesTest, RadarNamesTheAnnotation) {
  auto got = ImportRadar(R"({"result":{"annotations":[
      {"id":"ok","locations":["KP"],"startDate":"2014-12-22T16:15:00Z","endDate":"2014-12-23T01:46:00Z"},
      {"id":"far","locations":["KP"],"startDate":"2014-12-22T16:15:00Z","endDate":"9999-01-01T00:00:00Z"}]}})",
                         "r.json", kNow);
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_EQ(got->windows.size(), 1u);
  ASSERT_EQ(got->warnings.size(), 1u);
  EXPECT_EQ(got->warnings[0],
            "r.json: skipped annotations[1] ('far'): end 9999-01-01T00:00:00Z is more than a day "
            "after now "
            "(2025-01-01T00:00:00Z)");
}

TEST(DetectFormatTest, Sniffs) {
  EXPECT_EQ(DetectMeasureFormat("entity,start,end,source,signal,severity\n", "x"), MeasureFormat::kCsv);
  EXPECT_EQ(DetectMeasureFormat(R"({"result":{"annotations":[]}})", "x"), MeasureFormat::kRadar);
  EXPECT_EQ(DetectMeasureFormat(R"({"type":"signals","data":[]})", "x"), MeasureFormat::kIoda);
  EXPECT_EQ(DetectMeasureFormat("\x1f\x8b\x08", "updates.gz"), MeasureFormat::kMrt);
  EXPECT_EQ(DetectMeasureFormat("BZh91AY", "x"), MeasureFormat::kMrt);
}

}  // namespace
}  // namespace corroborate::ingest
