#include "store/measurements.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "tests/store/fixture.h"

namespace corroborate::store {
namespace {

class MeasurementsTest : public StoreTest {};

OutageWindow Window(std::string entity, Instant start, Instant end, std::string source) {
  OutageWindow w;
  w.entity = std::move(entity);
  w.start = start;
  w.end = end;
  w.source = std::move(source);
  w.signal = "bgp";
  return w;
}

TEST_F(MeasurementsTest, ImportIsIdempotentAndDetectedWindowsAreReplaced) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  Measurements m(*db);
  Series s;
  s.entity = "country:KP";
  s.datasource = "bgp";
  s.start = 1000;
  s.step = 300;
  s.values = {4, kMissing, 0};
  s.provenance = "a.json";
  std::vector<OutageWindow> w = {Window("country:KP", 100, 200, "csv"),
                                 Window("asn:131279", 100, 200, "csv")};
  auto first = m.SaveImport({s}, w, 5);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->series_added, 1);
  EXPECT_EQ(first->windows_added, 2);
  auto again = m.SaveImport({s}, w, 6);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->series_added, 0);
  EXPECT_EQ(again->windows_added, 0);
  EXPECT_EQ(again->unchanged, 3);

  auto series = m.ListSeries("country:KP");
  ASSERT_TRUE(series);
  ASSERT_EQ(series->size(), 1u);
  EXPECT_EQ((*series)[0].values[0], 4);
  EXPECT_TRUE(std::isnan((*series)[0].values[1]));

  OutageWindow d = Window("country:KP", 300, 400, "corroborate");
  d.evidence.baseline_median = 4;
  d.evidence.routing = RoutingEvidence{.target = "country:KP", .prefixes_visible_before = 4, .upstream_before = 4837};
  auto detected = m.SaveDetected("country:KP", {s}, {d}, 7);
  ASSERT_TRUE(detected);
  EXPECT_EQ(detected->series_added, 0);  // stored by the import above
  EXPECT_EQ(detected->windows_added, 1);
  EXPECT_EQ(detected->unchanged, 1);
  d.start = 310;
  auto replaced = m.SaveDetected("country:KP", {}, {d}, 8);
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->replaced, 1);
  EXPECT_EQ(replaced->windows_added, 1);
  auto kp = m.ListWindows(WindowFilter{"country:KP", std::nullopt, std::nullopt, std::nullopt});
  ASSERT_TRUE(kp);
  ASSERT_EQ(kp->size(), 2u);  // the imported one and the new detected one
  EXPECT_EQ((*kp)[1].start, 310);
  const WindowEvidence& e = (*kp)[1].evidence;  // back as it went in
  EXPECT_EQ(e.baseline_median, 4);
  EXPECT_FALSE(e.min_value);
  ASSERT_TRUE(e.routing);
  EXPECT_EQ(e.routing->target, "country:KP");
  EXPECT_EQ(e.routing->prefixes_visible_before, 4);
  EXPECT_EQ(e.routing->upstream_before, 4837);
  EXPECT_TRUE((*kp)[0].evidence.empty());
  auto entities = m.Entities();
  ASSERT_TRUE(entities);
  EXPECT_EQ(*entities, (std::vector<std::string>{"asn:131279", "country:KP"}));
}

TEST_F(MeasurementsTest, BadWindowRollsBackTheWholeImport) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  Measurements m(*db);
  std::vector<OutageWindow> w = {Window("country:KP", 100, 200, "csv"),
                                 Window("country:KP", 300, 200, "csv")};
  EXPECT_FALSE(m.SaveImport({}, w, 5));  // end < start violates the CHECK
  auto all = m.ListWindows();
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->empty());
}
}  // namespace
}  // namespace corroborate::store
