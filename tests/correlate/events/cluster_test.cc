#include "correlate/events/cluster.h"

#include <gtest/gtest.h>

namespace corroborate::correlate {
namespace {

constexpr Instant kDec22 = 1419206400;  // 2014-12-22T00:00:00Z

OutageWindow W(std::int64_t id, std::string entity, Instant start, Instant end,
               WindowKind kind = WindowKind::kOutage) {
  OutageWindow w;
  w.id = id;
  w.entity = std::move(entity);
  w.start = start;
  w.end = end;
  w.kind = kind;
  return w;
}

TEST(ClusterTest, WindowsClaimsAndDocumentsJoinByEntityAndTime) {
  ClusterOptions o;
  o.aliases["asn:131279"] = "country:KP";
  std::vector<OutageWindow> windows = {
      W(1, "country:KP", kDec22 + 16 * kHour + 15 * kMinute, kDec22 + kDay + kHour + 46 * kMinute),
      W(2, "asn:131279", kDec22 + 16 * kHour + 15 * kMinute, kDec22 + kDay + kHour + 46 * kMinute),
      W(3, "country:KP", kDec22 + 5 * kDay + 10 * kHour + 30 * kMinute, kDec22 + 5 * kDay + 12 * kHour + 30 * kMinute),
      W(4, "country:KP", kDec22 - 2 * kDay - 3 * kHour, kDec22 + 16 * kHour, WindowKind::kInstability),
      W(5, "country:CU", kDec22, kDec22 + kHour),
  };
  std::vector<ClaimRef> claims = {
      // "down for 9 hours and 30 minutes today" (a day-granular time on the 22nd).
      {10, 100, "country:KP", Interval{kDec22, kDec22 + kDay, Granularity::kDay}, kDec22 + 26 * kHour},
      // A vow dated the week before: no incident then; follows its document.
      {11, 100, "country:US", Interval{kDec22 - 7 * kDay, kDec22, Granularity::kWeek}, kDec22 + 26 * kHour},
      // No entity, no time: follows its document.
      {12, 100, "", std::nullopt, kDec22 + 26 * kHour},
      // Undated claim about KP published on the 28th: the second incident.
      {13, 200, "country:KP", std::nullopt, kDec22 + 6 * kDay},
  };
  auto got = ClusterIncidents(windows, claims, o);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].entity, "country:CU");
  const Incident& first = got[1];
  EXPECT_EQ(first.entity, "country:KP");
  EXPECT_EQ(first.id, 2);
  EXPECT_EQ(first.start, kDec22 + 16 * kHour + 15 * kMinute);
  EXPECT_EQ(first.window_ids, (std::vector<std::int64_t>{1, 2, 4}));
  EXPECT_EQ(first.claim_ids, (std::vector<std::int64_t>{10, 12}));
  EXPECT_EQ(first.document_ids, (std::vector<std::int64_t>{100}));
  const Incident& second = got[2];
  EXPECT_EQ(second.window_ids, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(second.claim_ids, (std::vector<std::int64_t>{13}));
  // Claim 11 is about the US, not KP: it stays out.
  for (const Incident& inc : got) {
    EXPECT_EQ(std::count(inc.claim_ids.begin(), inc.claim_ids.end(), 11), 0);
  }
}

TEST(ClusterTest, ExplanatoryClaimsWithoutOutageClaimsUseTheirContextEntity) {
  std::vector<OutageWindow> windows = {W(1, "country:KP", kDec22, kDec22 + 10 * kHour)};
  correlate::ClaimRef lone{20, 300, "", std::nullopt, kDec22 + kDay, "country:KP"};
  correlate::ClaimRef elsewhere{21, 301, "", std::nullopt, kDec22 + kDay, "country:CU"};
  auto got = ClusterIncidents(windows, {lone, elsewhere}, ClusterOptions{});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].claim_ids, std::vector<std::int64_t>{20});
  EXPECT_EQ(got[0].document_ids, std::vector<std::int64_t>{300});
}

TEST(ClusterTest, FarApartOutagesStaySeparateAndNearOnesMerge) {
  std::vector<OutageWindow> windows = {W(1, "country:KP", 0, kHour), W(2, "country:KP", 3 * kHour, 4 * kHour),
                                       W(3, "country:KP", 3 * kDay, 3 * kDay + kHour)};
  auto got = ClusterIncidents(windows, {}, ClusterOptions{});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].window_ids, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(got[0].end, 4 * kHour);
}

}  // namespace
}  // namespace corroborate::correlate

namespace corroborate::correlate {
namespace {

TEST(ClusterTest, DocumentsAboutANetworkJoinItsIncidentAndLateCauseStatementsToo) {
  constexpr Instant kNov7 = 1699315200;  // 2023-11-07T00:00:00Z
  std::vector<OutageWindow> windows = {W(1, "asn:4804", kNov7 + 17 * kHour, kNov7 + 23 * kHour)};
  ClaimRef outage{10, 100, "country:AU", Interval{kNov7 + 17 * kHour, kNov7 + 17 * kHour + kMinute, Granularity::kMinute},
                  kNov7 + 20 * kHour};
  outage.networks = {"asn:4804"};
  // The operator's root-cause statement, undated, published two days after the end.
  ClaimRef cause{11, 200, "", std::nullopt, kNov7 + 2 * kDay + 23 * kHour};
  cause.networks = {"asn:4804"};
  // The same network named, but published a month later: another matter.
  ClaimRef late{12, 300, "", std::nullopt, kNov7 + 30 * kDay};
  late.networks = {"asn:4804"};
  // A document about another network.
  ClaimRef other{13, 400, "", std::nullopt, kNov7 + 20 * kHour};
  other.networks = {"asn:7018"};
  auto incidents = ClusterIncidents(windows, {outage, cause, late, other}, ClusterOptions{});
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0].claim_ids, (std::vector<std::int64_t>{10, 11}));
  EXPECT_EQ(incidents[0].document_ids, (std::vector<std::int64_t>{100, 200}));
  // Without the network link, neither joins (the old behaviour this fixes).
  outage.networks.clear();
  cause.networks.clear();
  incidents = ClusterIncidents(windows, {outage, cause}, ClusterOptions{});
  EXPECT_TRUE(incidents[0].claim_ids.empty());
}

}  // namespace
}  // namespace corroborate::correlate
