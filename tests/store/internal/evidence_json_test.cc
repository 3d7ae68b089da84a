// The windows.evidence column: the same text earlier builds wrote, and old
// rows read back.
#include "store/internal/evidence_json.h"

#include <gtest/gtest.h>

namespace corroborate::store::internal {
namespace {

TEST(EvidenceJsonTest, WritesTheKeysAndNumberFormsOfEarlierBuilds) {
  EXPECT_EQ(EvidenceJson(WindowEvidence{}), "");
  WindowEvidence e{.baseline_median = 4, .min_value = 0.5, .bins = 114, .step = 300};
  e.routing = RoutingEvidence{.target = "country:KP",
                              .peers_total = 3,
                              .prefixes_visible_before = 4,
                              .prefixes_visible_worst = 0,
                              .prefixes_visible_after = 4,
                              .prefixes_lost = {"175.45.176.0/24"},
                              .peers_with_routes_before = 3,
                              .peers_with_routes_worst = 0,
                              .upstream_before = 4837,
                              .upstream_after = 4837,
                              .withdrawal_spread_seconds = 49};
  // As the detector's fmt text merged with the builder's nlohmann object
  // gave it: figures as printed, prefix counts as doubles.
  EXPECT_EQ(
      EvidenceJson(e),
      R"({"baseline_median":4,"min_value":0.5,"bins":114,"step":300,"target":"country:KP","peers_total":3,)"
      R"("prefixes_visible_before":4.0,"prefixes_visible_worst":0.0,"prefixes_visible_after":4.0,)"
      R"("prefixes_lost":["175.45.176.0/24"],"peers_with_routes_before":3,"peers_with_routes_worst":0,)"
      R"("upstream_before":4837,"upstream_after":4837,"withdrawal_spread_seconds":49})");
  WindowEvidence back = ParseEvidence(EvidenceJson(e));
  EXPECT_EQ(EvidenceJson(back), EvidenceJson(e));
}

TEST(EvidenceJsonTest, ReadsOldRowsAndIgnoresWhatItDoesNotKnow) {
  WindowEvidence instability =
      ParseEvidence(R"({"baseline_median":2,"peak_events_per_bin":37,"step":300})");
  EXPECT_EQ(instability.peak_events_per_bin, 37);
  EXPECT_EQ(instability.step, 300);
  EXPECT_FALSE(instability.routing);
  EXPECT_TRUE(ParseEvidence("not json").empty());
  EXPECT_TRUE(ParseEvidence(R"({"x":1})").empty());
  EXPECT_TRUE(ParseEvidence(R"({"step":"300"})").empty());
}

}  // namespace
}  // namespace corroborate::store::internal
