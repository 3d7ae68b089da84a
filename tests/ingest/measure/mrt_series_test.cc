// FeedMrtFile: route events of an MRT file into BGP series, here from the
// deprecated BGP type of 1999-2001 archives and a TABLE_DUMP entry whose
// prefix has bits set past its length.
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
using measure::testing::Bytes;
using measure::testing::MrtdHeader;
using measure::testing::Prefix;
using measure::testing::Record;
using measure::testing::Segment;
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
  auto evidence = nlohmann::json::parse(builder.Evidence(w));
  EXPECT_EQ(evidence["prefixes_lost"],
            (std::vector<std::string>{"175.45.176.0/24", "175.45.177.0/24"}));
  EXPECT_EQ(evidence["upstream_before"], 4837);
}

}  // namespace
}  // namespace corroborate::ingest
