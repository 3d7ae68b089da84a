// MRT route events into BGP series: FeedMrtFile on the deprecated BGP type
// of 1999-2001 archives and a TABLE_DUMP entry whose prefix has bits set
// past its length; BuildMrtSeries with streams merged in time order,
// detection and evidence, and files that fail.
#include "ingest/measure/mrt_series.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/ingest/measure/mrt_builder.h"

namespace corroborate::ingest {
namespace {

namespace fs = std::filesystem;
using measure::testing::Attr;
using measure::testing::Bgp4mpHeader;
using measure::testing::Bytes;
using measure::testing::MrtdHeader;
using measure::testing::Prefix;
using measure::testing::Record;
using measure::testing::Segment;
using measure::testing::Update;
using measure::testing::UpdateBody;

Bytes Path(std::initializer_list<uint32_t> asns) {
  Bytes a;
  a.add(Attr(1, Bytes().u8(0)))
      .add(Attr(2, Segment(2, asns, 2)))
      .add(Attr(3, Bytes().ip4("192.0.2.1")));
  return a;
}

TEST(MrtSeries, OldBgpTypeRoutesMakeTheSeries) {
  fs::path dir = fs::temp_directory_path() / ("mrt_series_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  Bytes data;
  // t=10: peer A (type 5) announces both /24s of 175.45.176.0/22 and an
  // unrelated route; peer B has 175.45.176.0/24 from a type 5 UPDATE and
  // 175.45.177.0/24 from a TABLE_DUMP entry written 175.45.177.9/24.
  Bytes a = MrtdHeader(3333, "193.0.0.56", 12654, "193.0.4.28");
  a.add(UpdateBody(Bytes(), Path({3333, 4837, 131279}),
                   Bytes()
                       .add(Prefix("175.45.176.0", 24))
                       .add(Prefix("175.45.177.0", 24))
                       .add(Prefix("8.8.8.0", 24))));
  data.add(Record(10, 5, 1, a));
  Bytes b = MrtdHeader(1103, "193.0.0.57", 12654, "193.0.4.28");
  b.add(UpdateBody(Bytes(), Path({1103, 4837, 131279}), Prefix("175.45.176.0", 24)));
  data.add(Record(11, 5, 1, b));
  Bytes rib;
  Bytes rib_attrs = Path({1103, 4837, 131279});
  rib.u16(0).u16(1).ip4("175.45.177.9").u8(24).u8(1).u32(5).ip4("193.0.0.57").u16(1103);
  rib.u16(static_cast<unsigned>(rib_attrs.size())).add(rib_attrs);
  data.add(Record(12, 12, 1, rib));
  data.add(Record(300, 5, 3,
                  Bytes().u16(3333).ip4("193.0.0.56").u16(6).u16(1)));  // a state change: no route
  // t=610..620: both peers withdraw both prefixes.
  Bytes wa = MrtdHeader(3333, "193.0.0.56", 12654, "193.0.4.28");
  wa.add(UpdateBody(Bytes().add(Prefix("175.45.176.0", 24)).add(Prefix("175.45.177.0", 24)),
                    Bytes(), Bytes()));
  data.add(Record(610, 5, 1, wa));
  Bytes wb = MrtdHeader(1103, "193.0.0.57", 12654, "193.0.4.28");
  wb.add(UpdateBody(Bytes().add(Prefix("175.45.176.0", 24)).add(Prefix("175.45.177.0", 24)),
                    Bytes(), Bytes()));
  data.add(Record(620, 5, 1, wb));
  fs::path file = dir / "updates.20000101.0000";
  std::ofstream(file, std::ios::binary)
      .write(reinterpret_cast<const char*>(data.b.data()),
             static_cast<std::streamsize>(data.size()));

  auto target = ParseBgpTarget("country:KP=prefix:175.45.176.0/22");
  ASSERT_TRUE(target);
  BgpSeriesBuilder builder(*target, 300, "test");
  std::vector<std::string> warnings;
  auto fed =
      FeedMrtFile(file.string(), builder, [&](const std::string& w) { warnings.push_back(w); });
  fs::remove_all(dir);
  ASSERT_TRUE(fed) << fed.error().message;
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  EXPECT_EQ(fed->records, 6u);
  EXPECT_EQ(fed->events, 3u + 1 + 1 + 2 + 2);
  EXPECT_EQ(fed->matched, 2u + 1 + 1 + 2 + 2);
  BgpSeries s = builder.Finish();
  EXPECT_EQ(s.peers, 2);
  ASSERT_EQ(s.series.size(), 6u);
  EXPECT_EQ(s.series[0].values,
            (std::vector<double>{2, 2, 0}));  // both prefixes seen by both peers, then none
  EXPECT_EQ(s.series[3].values, (std::vector<double>{0, 0, 4}));  // withdrawals
  OutageWindow w;
  w.start = 600;
  w.end = 900;
  std::optional<RoutingEvidence> evidence = builder.Evidence(w);
  ASSERT_TRUE(evidence);
  EXPECT_EQ(evidence->prefixes_lost, (std::vector<std::string>{"175.45.176.0/24", "175.45.177.0/24"}));
  EXPECT_EQ(evidence->upstream_before, 4837);
  EXPECT_EQ(evidence->prefixes_visible_before, 2);
  EXPECT_EQ(evidence->prefixes_visible_worst, 0);
}

// A BGP4MP MESSAGE_AS4 record: `peer` announces `prefix` with `path`, or
// withdraws it when `path` is empty.
Bytes Message(uint32_t time, const char* peer, const char* prefix, unsigned bits,
              std::initializer_list<uint32_t> path) {
  Bytes msg = Bgp4mpHeader(4, 64496, 64999, peer, "192.0.2.99");
  if (path.size() == 0) {
    msg.add(Update(Prefix(prefix, bits), Bytes(), Bytes()));
  } else {
    Bytes attrs;
    attrs.add(Attr(1, Bytes().u8(0)))
        .add(Attr(2, Segment(2, path, 4)))
        .add(Attr(3, Bytes().ip4(peer)));
    msg.add(Update(Bytes(), attrs, Prefix(prefix, bits)));
  }
  return Record(time, 16, 4, msg);
}

class MrtSeriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("corroborate_mrt_series_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, std::initializer_list<Bytes> records) {
    Bytes all;
    for (const Bytes& r : records) all.add(r);
    std::string path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(all.b.data()),
              static_cast<std::streamsize>(all.size()));
    return path;
  }

  static BgpTarget Asn(std::uint32_t asn) {
    BgpTarget t;
    t.entity = "asn:" + std::to_string(asn);
    t.origins = {asn};
    return t;
  }

  static const Series& Find(const MrtSeriesResult& r, const std::string& entity,
                            const std::string& ds) {
    for (const Series& s : r.series) {
      if (s.entity == entity && s.datasource == ds) return s;
    }
    static const Series none;
    ADD_FAILURE() << "no series " << entity << " " << ds;
    return none;
  }

  std::filesystem::path dir_;
};

TEST_F(MrtSeriesTest, StreamsAreMergedByTimeAndPeersToldApartByStream) {
  // Two collectors see the same peer address. Read one after the other, the
  // second collector's events at 1200 and 1500 would land in the bin of 1900.
  std::string a = Write("rrc00.mrt", {Message(900, "192.0.2.10", "203.0.113.0", 24, {64496, 64511}),
                                      Message(1900, "192.0.2.10", "203.0.113.0", 24, {})});
  std::string b =
      Write("rv2.mrt", {Message(1200, "192.0.2.10", "203.0.113.0", 24, {64496, 64511}),
                        Message(1500, "192.0.2.10", "203.0.113.0", 24, {64496, 64497, 64511})});
  MrtSeriesResult r = BuildMrtSeries({MrtStream{"rrc00", {a}}, MrtStream{"route-views2", {b}}},
                                     {Asn(64511)}, 300, "test", {}, {});
  EXPECT_FALSE(r.failed());
  ASSERT_EQ(r.targets.size(), 1u);
  EXPECT_EQ(r.targets[0].peers, 2);  // one address, two vantage points
  EXPECT_EQ(r.targets[0].updates, 4u);
  EXPECT_EQ(r.matched, 4u);
  EXPECT_EQ(r.records, 4u);
  const Series& announce = Find(r, "asn:64511", "bgp-announce");
  EXPECT_EQ(announce.start, 900);
  EXPECT_EQ(announce.values, (std::vector<double>{1, 1, 1, 0}));
  EXPECT_EQ(Find(r, "asn:64511", "bgp-withdraw").values, (std::vector<double>{0, 0, 0, 1}));
  EXPECT_EQ(Find(r, "asn:64511", "bgp-pathchange").values, (std::vector<double>{0, 0, 1, 0}));
  // Visible to more than half the peers: 1 of 1, 2 of 2, 2 of 2, 1 of 2.
  EXPECT_EQ(Find(r, "asn:64511", "bgp-prefixes").values, (std::vector<double>{1, 1, 1, 0}));
  EXPECT_EQ(announce.provenance, "test");
}

TEST_F(MrtSeriesTest, ABadFileIsRecordedAndTheStreamGoesOn) {
  std::string good =
      Write("good.mrt", {Message(600, "192.0.2.10", "203.0.113.0", 24, {64496, 64511})});
  Bytes cut = Message(900, "192.0.2.10", "203.0.113.0", 24, {});
  cut.b.resize(cut.b.size() - 3);  // ends inside the record
  std::string truncated =
      Write("cut.mrt", {Message(700, "192.0.2.11", "203.0.113.0", 24, {64496, 64511}), cut});
  std::string missing = (dir_ / "missing.mrt").string();
  std::string later = Write("later.mrt", {Message(1200, "192.0.2.10", "203.0.113.0", 24, {})});
  MrtSeriesResult r =
      BuildMrtSeries({MrtStream{"", {missing, good}}, MrtStream{"", {truncated, later}}},
                     {Asn(64511)}, 300, "", {}, {});
  EXPECT_TRUE(r.failed());
  ASSERT_EQ(r.files.size(), 4u);
  auto find = [&](const std::string& path) -> const MrtFileRead& {
    for (const MrtFileRead& f : r.files) {
      if (f.path == path) return f;
    }
    static const MrtFileRead none;
    ADD_FAILURE() << "no file " << path;
    return none;
  };
  ASSERT_TRUE(find(missing).error);
  EXPECT_NE(find(missing).error->message.find("missing.mrt"), std::string::npos);
  ASSERT_TRUE(find(truncated).error);
  EXPECT_EQ(find(truncated).counts.matched, 1u);  // the event before the cut counted
  EXPECT_FALSE(find(good).error);
  EXPECT_FALSE(find(later).error);
  EXPECT_EQ(r.targets[0].updates, 3u);  // good, the one before the cut, later
}

TEST_F(MrtSeriesTest, EveryTargetGetsItsSeriesItsWindowsAndItsEvidence) {
  std::string a = Write("a.mrt", {Message(600, "192.0.2.10", "203.0.113.0", 24, {64496, 64511}),
                                  Message(600, "192.0.2.10", "198.51.100.0", 24, {64496, 64512}),
                                  Message(1500, "192.0.2.10", "198.51.100.0", 24, {})});
  BgpTarget prefix;
  prefix.entity = "prefix:198.51.100.0/22";
  prefix.prefixes = {"198.51.100.0/22"};
  std::vector<std::string> seen;
  WindowDetector detect = [&](const std::vector<Series>& series) {
    seen.push_back(series.front().entity);
    OutageWindow w;
    w.entity = series.front().entity;
    w.start = 900;
    w.end = 1800;
    w.evidence.baseline_median = 1;
    w.evidence.routing = RoutingEvidence{.target = "overwritten"};
    return std::vector<OutageWindow>{w};
  };
  MrtSeriesResult r =
      BuildMrtSeries({MrtStream{"", {a}}}, {Asn(64511), prefix}, 300, "", detect, {});
  EXPECT_EQ(seen, (std::vector<std::string>{"asn:64511", "prefix:198.51.100.0/22"}));
  ASSERT_EQ(r.series.size(), 12u);
  EXPECT_EQ(r.series[0].entity, "asn:64511");
  EXPECT_EQ(r.series[6].entity, "prefix:198.51.100.0/22");
  EXPECT_EQ(r.targets[0].updates, 1u);
  EXPECT_EQ(r.targets[1].updates, 2u);
  EXPECT_EQ(r.matched, 3u);
  ASSERT_EQ(r.windows.size(), 2u);
  // The detector's figures stay, the builder's routing evidence is added and wins.
  const WindowEvidence& e = r.windows[1].evidence;
  EXPECT_EQ(e.baseline_median, 1);
  ASSERT_TRUE(e.routing);
  EXPECT_EQ(e.routing->target, "prefix:198.51.100.0/22");
  EXPECT_EQ(e.routing->prefixes_lost, (std::vector<std::string>{"198.51.100.0/24"}));
}

TEST(MergeEvidenceTest, TheNewerFiguresWinAndTheOlderRoutingStays) {
  WindowEvidence older;
  older.baseline_median = 4;
  older.min_value = 0;
  older.routing = RoutingEvidence{.target = "country:KP", .prefixes_visible_before = 4};
  WindowEvidence newer;
  newer.baseline_median = 5;
  newer.step = 300;
  WindowEvidence merged = MergeEvidence(older, newer);
  EXPECT_EQ(merged.baseline_median, 5);
  EXPECT_EQ(merged.min_value, 0);
  EXPECT_EQ(merged.step, 300);
  ASSERT_TRUE(merged.routing);
  EXPECT_EQ(merged.routing->target, "country:KP");
  EXPECT_TRUE(MergeEvidence({}, {}).empty());
}

}  // namespace
}  // namespace corroborate::ingest
