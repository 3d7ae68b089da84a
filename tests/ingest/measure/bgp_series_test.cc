#include "ingest/measure/bgp_series.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace corroborate::ingest {
namespace {

RouteUpdate A(Instant t, std::string peer, std::string prefix, std::vector<std::uint32_t> path) {
  return RouteUpdate{t, std::move(peer), path.front(), false, std::move(prefix), std::move(path)};
}
RouteUpdate W(Instant t, std::string peer, std::string prefix) {
  return RouteUpdate{t, std::move(peer), 0, true, std::move(prefix), {}};
}

TEST(BgpTargetTest, Parses) {
  auto t = ParseBgpTarget("country:KP=asn:131279,prefix:175.45.176.0/22");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->entity, "country:KP");
  EXPECT_EQ(t->origins, std::vector<std::uint32_t>{131279});
  EXPECT_EQ(t->prefixes, std::vector<std::string>{"175.45.176.0/22"});
  auto asn = ParseBgpTarget("AS4837");
  ASSERT_TRUE(asn);
  EXPECT_EQ(asn->entity, "asn:4837");
  EXPECT_FALSE(ParseBgpTarget("country:KP"));  // which prefixes?
  EXPECT_FALSE(ParseBgpTarget("prefix:175.45.176.0/33"));
  EXPECT_FALSE(ParseBgpTarget("banana"));
}

TEST(BgpSeriesTest, VisibilityChurnAndEvidence) {
  auto target = ParseBgpTarget("country:KP=prefix:175.45.176.0/22");
  ASSERT_TRUE(target);
  BgpSeriesBuilder b(*target, 300, "test");
  const std::vector<std::string> peers = {"192.0.2.1", "192.0.2.2", "192.0.2.3"};
  const std::vector<std::string> nets = {"175.45.176.0/24", "175.45.177.0/24"};
  // Bin 0: every peer announces both prefixes via 4837; an unrelated route is ignored.
  for (const auto& p : peers) {
    for (const auto& n : nets) b.Add(A(10, p, n, {64496, 4837, 131279}));
  }
  b.Add(A(20, peers[0], "8.8.8.0/24", {64496, 15169}));
  // Bin 1: a path change at one peer.
  b.Add(A(310, peers[0], nets[0], {64496, 4837, 4837, 131279}));
  // Bin 2: all withdrawn within 40 s.
  for (const auto& p : peers) {
    for (const auto& n : nets) b.Add(W(600 + static_cast<Instant>(p.back() - '0') * 10, p, n));
  }
  // Bin 4: two of three peers bring back only the first prefix, via another upstream.
  b.Add(A(1210, peers[0], nets[0], {64496, 9808, 131279}));
  b.Add(A(1220, peers[1], nets[0], {64496, 9808, 131279}));
  BgpSeries s = b.Finish();
  ASSERT_EQ(s.series.size(), 6u);
  EXPECT_EQ(s.peers, 3);
  EXPECT_EQ(s.updates, 6u + 1 + 6 + 2);
  const Series& visible = s.series[0];
  EXPECT_EQ(visible.datasource, "bgp-prefixes");
  EXPECT_EQ(visible.entity, "country:KP");
  EXPECT_EQ(visible.values, (std::vector<double>{2, 2, 0, 0, 1}));
  EXPECT_EQ(s.series[1].values, (std::vector<double>{2, 2, 0, 0, 1}));  // /24 equivalents
  EXPECT_EQ(s.series[3].values, (std::vector<double>{0, 0, 6, 0, 0}));  // withdrawals
  EXPECT_EQ(s.series[4].values, (std::vector<double>{0, 1, 0, 0, 0}));  // path changes
  EXPECT_EQ(s.series[5].values, (std::vector<double>{6, 2, 6, 0, 2}));  // churn

  OutageWindow w;
  w.start = 600;
  w.end = 1200;
  std::optional<RoutingEvidence> e = b.Evidence(w);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->prefixes_lost, (std::vector<std::string>{"175.45.176.0/24", "175.45.177.0/24"}));
  EXPECT_EQ(e->prefixes_visible_before, 2);
  EXPECT_EQ(e->prefixes_visible_worst, 0);
  EXPECT_EQ(e->upstream_before, 4837);
  EXPECT_EQ(e->upstream_after, 9808);
  EXPECT_EQ(e->withdrawal_spread_seconds, 20);
}

}  // namespace
}  // namespace corroborate::ingest
