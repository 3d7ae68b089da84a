#include "core/alert.h"

#include <gtest/gtest.h>

namespace corroborate {
namespace {

Alert Verdict() {
  Alert a;
  a.kind = AlertKind::kVerdictChanged;
  a.entity = "country:KP";
  a.subject = "incident:country:KP@1419264900";
  a.previous = "unverified";
  a.state = "confirmed";
  a.summary = "North Korea: outage claims now confirmed by BGP";
  a.time = 1419300000;
  return a;
}

TEST(AlertKeyTest, NamesKindEntitySubjectAndTheChange) {
  EXPECT_EQ(AlertKey(Verdict()),
            "verdict-changed|country:KP|incident:country:KP@1419264900|unverified|confirmed");
  Alert claim;
  claim.kind = AlertKind::kNewClaim;
  claim.entity = "asn:131279";
  claim.subject = "claim:42";
  EXPECT_EQ(AlertKey(claim), "new-claim|asn:131279|claim:42||");
  EXPECT_STREQ(AlertKindName(AlertKind::kLeaderChanged), "leader-changed");
  EXPECT_STREQ(AlertKindName(AlertKind::kNewIncident), "new-incident");
}

TEST(AlertKeyTest, StableAcrossWordingAndTimeButNotAcrossTheChange) {
  Alert a = Verdict(), b = Verdict();
  b.summary = "reworded";
  b.time += 3600;
  b.details_json = R"({"n":2})";
  EXPECT_EQ(AlertKey(a), AlertKey(b));
  Alert back = Verdict();
  std::swap(back.previous, back.state);  // confirmed -> unverified: its own alert
  EXPECT_NE(AlertKey(a), AlertKey(back));
}

TEST(AlertKeyTest, SeparatorsInsideFieldsCannotForgeAnotherKey) {
  Alert a, b;
  a.entity = "x|y";
  a.subject = "z";
  b.entity = "x";
  b.subject = "y|z";
  EXPECT_NE(AlertKey(a), AlertKey(b));
  EXPECT_EQ(AlertKey(a), "new-incident|x%7Cy|z||");
  Alert percent;
  percent.entity = "%7C";
  EXPECT_EQ(AlertKey(percent), "new-incident|%257C|||");
}

}  // namespace
}  // namespace corroborate
