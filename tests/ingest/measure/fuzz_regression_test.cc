// Inputs found by the fuzz targets (tests/fuzz/) that once crashed or hit
// undefined behaviour in the measurement importers; each must now be a clean
// error or a clean skip.
#include <gtest/gtest.h>

#include "ingest/measure/import.h"
#include "ingest/measure/synthetic_mrt.h"

namespace corroborate::ingest {
namespace {

constexpr Instant kNow = 1735689600;  // 2025-01-01T00:00:00Z

// nlohmann throws out_of_range (not parse_error) for a number beyond a double.
TEST(FuzzRegressionTest, NumberBeyondDoubleIsAParseError) {
  for (auto import : {ImportIoda, ImportRadar}) {
    auto got = import(R"({"data":[{"value":1e49265500}]})", "big.json", kNow);
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().message, "big.json: invalid JSON: number out of range");
  }
  auto scenario = ParseRoutingScenario(R"({"origin_as":6E5104})", "s.json");
  ASSERT_FALSE(scenario);
  EXPECT_EQ(scenario.error().message, "s.json: invalid JSON: number out of range");
}

// start + duration and alert time + step once overflowed int64.
TEST(FuzzRegressionTest, HugeTimesAreSkippedNotOverflowed) {
  auto events = ImportIoda(
      R"({"data":[{"location":"country/KP","start":9223372036854775000,"duration":9223372036854775000},)"
      R"({"location":"country/KP","start":1419264900,"duration":600}]})",
      "e.json", kNow);
  ASSERT_TRUE(events) << events.error().message;
  ASSERT_EQ(events->windows.size(), 1u);  // the huge one is skipped with a warning
  EXPECT_EQ(events->windows[0].end, 1419264900 + 600);
  EXPECT_EQ(events->warnings.size(), 1u);

  auto alerts = ImportIoda(
      R"({"data":[{"entity":"country/KP","datasource":"bgp","level":"critical","time":-9223372036854775807},)"
      R"({"entity":"country/KP","datasource":"bgp","level":"critical","time":9223372036854775807}]})",
      "a.json", kNow);
  ASSERT_FALSE(alerts);  // nothing but skipped alerts
  EXPECT_EQ(alerts.error().message, "a.json: no IODA signals, events or alerts could be read");
}

// nlohmann's value(key, default) throws on a string and a double beyond int is UB.
TEST(FuzzRegressionTest, ScenarioNumbersAreTypeChecked) {
  const std::string base =
      R"({"origin_as":131279,"upstream_as":4837,"prefixes":["175.45.176.0/24"],)"
      R"("start":1419206400,"end":1419210000)";
  struct Case {
    const char* extra;
    const char* message;
  } cases[] = {
      {R"(,"peers":"8"})", "s.json: bad or missing 'peers (1..31)'"},
      {R"(,"peers":1e30})", "s.json: bad or missing 'peers (1..31)'"},
      {R"(,"peers":4294967304})", "s.json: bad or missing 'peers (1..31)'"},
      {R"(,"peers":8,"background_changes_per_hour":"2"})", "s.json: bad or missing 'background_changes_per_hour'"},
      {R"(,"peers":8,"seed":-1})", "s.json: bad or missing 'seed'"},
      {R"(,"peers":8,"phases":[{"kind":"flap","start":1419206400,"end":1419207000,"rate_start":"x"}]})",
       "s.json: bad or missing 'phases[].rate_start/rate_end'"},
  };
  for (const Case& c : cases) {
    auto got = ParseRoutingScenario(base + c.extra, "s.json");
    ASSERT_FALSE(got) << c.extra;
    EXPECT_EQ(got.error().message, c.message) << c.extra;
  }
  // origin_as beyond 32 bits was silently truncated (4294967297 -> 1).
  std::string wide = base;
  wide.replace(wide.find("131279"), 6, "4294967297");
  auto got = ParseRoutingScenario(wide + R"(,"peers":8})", "s.json");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().message, "s.json: bad or missing 'origin_as'");
  auto ok = ParseRoutingScenario(base + R"(,"peers":8,"seed":7,"background_changes_per_hour":0.5})", "s.json");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->peers, 8);
  EXPECT_EQ(ok->seed, 7u);
  EXPECT_DOUBLE_EQ(ok->background_changes_per_hour, 0.5);
}

}  // namespace
}  // namespace corroborate::ingest
