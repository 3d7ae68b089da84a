// MRT decoding on hand-built records; the expected values follow RFC 6396,
// RFC 4271/4760/6793/7911/8050 and bgpdump 1.6.2's `-m` line format.
#include "ingest/measure/mrt.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "tests/ingest/measure/mrt_builder.h"

namespace corroborate::measure {
namespace {

using testing::Attr;
using testing::Bgp4mpHeader;
using testing::Bytes;
using testing::Concat;
using testing::Prefix;
using testing::Record;
using testing::Segment;
using testing::Update;

struct Decoded {
  std::string text;  // bgpdump -m lines
  std::vector<MrtRecord> records;
  std::deque<BgpAttributes> attributes;  // copies: the reader's are reused by the next record
  MrtCounters counters;
  std::vector<std::string> warnings;
  std::string error;
};

Decoded DecodeAll(const std::vector<uint8_t>& data) {
  Decoded d;
  MrtOptions options;
  options.on_warning = [&d](const std::string& w) { d.warnings.push_back(w); };
  auto reader = MrtReader::FromMemory(data, options, "test.mrt");
  MrtRecord record;
  while (true) {
    auto more = reader->Next(record);
    if (!more) {
      d.error = more.error().message;
      break;
    }
    if (!*more) break;
    FormatBgpdump(record, d.text);
    d.records.push_back(record);
    for (RouteEvent& e : d.records.back().events) {
      if (e.attributes) e.attributes = &d.attributes.emplace_back(*e.attributes);
    }
  }
  d.counters = reader->counters();
  return d;
}

std::string Ip(const IpAddress& a) {
  char text[64] = "";
  if (a.family == 4) inet_ntop(AF_INET, a.bytes.data(), text, sizeof text);
  if (a.family == 6) inet_ntop(AF_INET6, a.bytes.data(), text, sizeof text);
  return text;
}

// ORIGIN IGP, AS_PATH, NEXT_HOP: the attributes most routes carry.
Bytes Basic(std::initializer_list<uint32_t> path, int asn_len, const char* next_hop = "192.0.2.1") {
  Bytes a;
  a.add(Attr(1, Bytes().u8(0)))
      .add(Attr(2, Segment(2, path, asn_len)))
      .add(Attr(3, Bytes().ip4(next_hop)));
  return a;
}

Bytes PeerIndexTable() {
  Bytes b;
  b.ip4("198.51.100.1").u16(4);
  b.b.insert(b.b.end(), {'v', 'i', 'e', 'w'});
  b.u16(3);
  b.u8(0).ip4("10.0.0.1").ip4("192.0.2.10").u16(64500);          // IPv4, 2-byte AS
  b.u8(3).ip4("10.0.0.2").ip6("2001:db8::10").u32(4200000000u);  // IPv6, 4-byte AS
  b.u8(2).ip4("10.0.0.3").ip4("192.0.2.30").u32(65550);          // IPv4, 4-byte AS
  return Record(1000, 13, 1, b);
}

Bytes RibRecord(unsigned subtype, const char* prefix, unsigned bits,
                std::vector<std::pair<unsigned, Bytes>> entries, bool addpath = false) {
  Bytes b;
  b.u32(7).add(Prefix(prefix, bits)).u16(static_cast<unsigned>(entries.size()));
  uint32_t path_id = 100;
  for (auto& [index, attrs] : entries) {
    b.u16(index).u32(900);
    if (addpath) b.u32(path_id++);
    b.u16(static_cast<unsigned>(attrs.size())).add(attrs);
  }
  return Record(1000, 13, subtype, b);
}

TEST(MrtTableDump, Ipv4EntryWithEveryCommonAttribute) {
  Bytes attrs = Basic({64500, 64501}, 2, "192.0.2.9");
  attrs.add(Attr(4, Bytes().u32(50), 0x80));                          // MED
  attrs.add(Attr(5, Bytes().u32(200)));                               // LOCAL_PREF
  attrs.add(Attr(6, Bytes()));                                        // ATOMIC_AGGREGATE
  attrs.add(Attr(7, Bytes().u16(64501).ip4("192.0.2.77"), 0xc0));     // AGGREGATOR
  attrs.add(Attr(8, Bytes().u32(0xFDE80064).u32(0xFFFFFF01), 0xc0));  // 65000:100 no-export
  Bytes body;
  body.u16(0).u16(1).ip4("203.0.113.0").u8(24).u8(1).u32(1234).ip4("192.0.2.10").u16(64500);
  body.u16(static_cast<unsigned>(attrs.size())).add(attrs);
  Decoded d = DecodeAll(Record(1700000000, 12, 1, body).b);
  ASSERT_EQ(d.error, "");
  ASSERT_EQ(d.records.size(), 1u);
  ASSERT_EQ(d.records[0].events.size(), 1u);
  const RouteEvent& e = d.records[0].events[0];
  EXPECT_EQ(e.kind, RouteEventKind::kRib);
  EXPECT_EQ(Ip(e.peer_ip), "192.0.2.10");
  EXPECT_EQ(e.peer_as, 64500u);
  EXPECT_EQ(Ip(e.prefix.address), "203.0.113.0");
  EXPECT_EQ(e.prefix.length, 24);
  EXPECT_EQ(e.originated_time, 1234u);
  ASSERT_NE(e.attributes, nullptr);
  EXPECT_EQ(e.attributes->as_path, "64500 64501");
  EXPECT_EQ(e.attributes->as_path_asns, (std::vector<uint32_t>{64500, 64501}));
  EXPECT_EQ(e.attributes->med, 50u);
  EXPECT_EQ(e.attributes->local_pref, 200u);
  EXPECT_TRUE(e.attributes->atomic_aggregate);
  EXPECT_EQ(e.attributes->aggregator_as, 64501u);
  EXPECT_EQ(e.attributes->communities, (std::vector<uint32_t>{0xFDE80064, 0xFFFFFF01}));
  EXPECT_EQ(
      d.text,
      "TABLE_DUMP|1700000000|B|192.0.2.10|64500|203.0.113.0/24|64500 64501|IGP|192.0.2.9|200|50|"
      "65000:100 no-export|AG|64501 192.0.2.77|\n");
}

TEST(MrtTableDump, Ipv6EntryTakesTheMpReachNextHop) {
  Bytes attrs = Basic({64500}, 2);
  attrs.add(Attr(14, Bytes().u16(2).u8(1).u8(16).ip6("2001:db8::1").u8(0), 0x80));
  Bytes body;
  body.u16(0).u16(1).ip6("2001:db8:100::").u8(40).u8(1).u32(0).ip6("2001:db8::10").u16(64500);
  body.u16(static_cast<unsigned>(attrs.size())).add(attrs);
  Decoded d = DecodeAll(Record(5, 12, 2, body).b);
  EXPECT_EQ(
      d.text,
      "TABLE_DUMP|5|B|2001:db8::10|64500|2001:db8:100::/40|64500|IGP|2001:db8::1|0|0||NAG||\n");
}

TEST(MrtTableDumpV2, PeerIndexThenIpv4AndIpv6Ribs) {
  Bytes abbreviated =
      Attr(14, Bytes().u8(32).ip6("2001:db8::1").ip6("fe80::1"), 0x80);  // RFC 6396 4.3.4
  auto data = Concat(
      {PeerIndexTable(),
       RibRecord(2, "203.0.113.0", 24, {{0, Basic({64500, 3356}, 4)}, {2, Basic({65550}, 4)}}),
       RibRecord(4, "2001:db8:200::", 48, {{1, Basic({4200000000u}, 4).add(abbreviated)}})});
  Decoded d = DecodeAll(data);
  ASSERT_EQ(d.error, "");
  EXPECT_EQ(d.counters.records, 3u);
  EXPECT_EQ(d.counters.malformed, 0u);
  EXPECT_EQ(
      d.text,
      "TABLE_DUMP2|1000|B|192.0.2.10|64500|203.0.113.0/24|64500 3356|IGP|192.0.2.1|0|0||NAG||\n"
      "TABLE_DUMP2|1000|B|192.0.2.30|65550|203.0.113.0/24|65550|IGP|192.0.2.1|0|0||NAG||\n"
      "TABLE_DUMP2|1000|B|2001:db8::10|4200000000|2001:db8:200::/"
      "48|4200000000|IGP|2001:db8::1|0|0||NAG||\n");
  const RouteEvent& v6 = d.records[2].events[0];
  EXPECT_EQ(Ip(v6.attributes->mp[1][0].link_local), "fe80::1");
  EXPECT_EQ(v6.originated_time, 900u);
}

TEST(MrtTableDumpV2, AddPathMulticastAndGeneric) {
  Bytes generic;
  generic.u32(9).u16(1).u8(1).add(Prefix("198.51.100.0", 24)).u16(1).u16(0).u32(900);
  Bytes attrs = Basic({64500}, 4);
  generic.u16(static_cast<unsigned>(attrs.size())).add(attrs);
  auto data = Concat(
      {PeerIndexTable(), RibRecord(8, "203.0.113.0", 24, {{0, Basic({64500}, 4)}}, true),
       RibRecord(3, "233.252.0.0", 24, {{0, Basic({64500}, 4)}}), Record(1000, 13, 6, generic)});
  Decoded d = DecodeAll(data);
  ASSERT_EQ(d.error, "");
  // bgpdump prints only the unicast RIBs; the path id follows the prefix.
  EXPECT_EQ(
      d.text,
      "TABLE_DUMP2_AP|1000|B|192.0.2.10|64500|203.0.113.0/24|100|64500|IGP|192.0.2.1|0|0||NAG||\n");
  ASSERT_EQ(d.records[2].events.size(), 1u);
  EXPECT_EQ(d.records[2].events[0].safi, 2);
  EXPECT_EQ(Ip(d.records[2].events[0].prefix.address), "233.252.0.0");
  ASSERT_EQ(d.records[3].events.size(), 1u);
  EXPECT_EQ(Ip(d.records[3].events[0].prefix.address), "198.51.100.0");
  EXPECT_EQ(d.records[1].events[0].path_id, 100u);
}

TEST(MrtTableDumpV2, PeerIndexOutOfRangeIsSkippedAndCounted) {
  auto data = Concat({PeerIndexTable(), RibRecord(2, "203.0.113.0", 24, {{7, Basic({1}, 4)}}),
                      RibRecord(2, "203.0.114.0", 24, {{0, Basic({1}, 4)}})});
  Decoded d = DecodeAll(data);
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.counters.malformed, 1u);
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_NE(d.warnings[0].find("peer index 7"), std::string::npos) << d.warnings[0];
  EXPECT_EQ(d.text,
            "TABLE_DUMP2|1000|B|192.0.2.10|64500|203.0.114.0/24|1|IGP|192.0.2.1|0|0||NAG||\n");
}

TEST(MrtBgp4mp, MessageWithWithdrawalsAndAnnouncements) {
  Bytes msg = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  msg.add(Update(Bytes().add(Prefix("198.51.100.0", 24)), Basic({64500, 174}, 2),
                 Bytes().add(Prefix("203.0.113.0", 24)).add(Prefix("203.0.112.0", 23))));
  Decoded d = DecodeAll(Record(1600000000, 16, 1, msg).b);
  ASSERT_EQ(d.error, "");
  EXPECT_EQ(
      d.text,
      "BGP4MP|1600000000|W|192.0.2.10|64500|198.51.100.0/24\n"
      "BGP4MP|1600000000|A|192.0.2.10|64500|203.0.113.0/24|64500 174|IGP|192.0.2.1|0|0||NAG||\n"
      "BGP4MP|1600000000|A|192.0.2.10|64500|203.0.112.0/23|64500 174|IGP|192.0.2.1|0|0||NAG||\n");
  EXPECT_EQ(d.records[0].events[0].kind, RouteEventKind::kWithdraw);
  EXPECT_EQ(Ip(d.records[0].local_ip), "192.0.2.99");
  EXPECT_EQ(d.records[0].local_as, 64999u);
}

TEST(MrtBgp4mp, As4PathIsMergedIntoATwoByteAsPath) {
  // AS_PATH 64500 23456 174 (AS_TRANS for 4200000001), AS4_PATH 4200000001 174.
  Bytes attrs;
  attrs.add(Attr(1, Bytes().u8(1))).add(Attr(2, Segment(2, {64500, 23456, 174}, 2)));
  attrs.add(Attr(3, Bytes().ip4("192.0.2.1")));
  attrs.add(Attr(7, Bytes().u16(23456).ip4("192.0.2.50"), 0xc0));
  attrs.add(Attr(17, Segment(2, {4200000001u, 174}, 4), 0xc0));
  attrs.add(Attr(18, Bytes().u32(4200000001u).ip4("192.0.2.51"), 0xc0));
  Bytes msg = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  msg.add(Update(Bytes(), attrs, Prefix("203.0.113.0", 24)));
  Decoded d = DecodeAll(Record(1, 16, 1, msg).b);
  EXPECT_EQ(
      d.text,
      "BGP4MP|1|A|192.0.2.10|64500|203.0.113.0/24|64500 4200000001 174|EGP|192.0.2.1|0|0||NAG|"
      "4200000001 192.0.2.51|\n");
  EXPECT_EQ(d.records[0].events[0].attributes->as_path_asns,
            (std::vector<uint32_t>{64500, 4200000001u, 174}));
}

TEST(MrtBgp4mp, As4PathIgnoredWhenAggregatorIsNotAsTrans) {
  Bytes attrs;
  attrs.add(Attr(1, Bytes().u8(0))).add(Attr(2, Segment(2, {64500, 23456}, 2)));
  attrs.add(Attr(3, Bytes().ip4("192.0.2.1")));
  attrs.add(Attr(7, Bytes().u16(64501).ip4("192.0.2.50"), 0xc0));
  attrs.add(Attr(17, Segment(2, {4200000001u}, 4), 0xc0));
  attrs.add(Attr(18, Bytes().u32(4200000001u).ip4("192.0.2.51"), 0xc0));
  Bytes msg = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  msg.add(Update(Bytes(), attrs, Prefix("203.0.113.0", 24)));
  Decoded d = DecodeAll(Record(1, 16, 1, msg).b);
  EXPECT_EQ(d.text,
            "BGP4MP|1|A|192.0.2.10|64500|203.0.113.0/24|64500 23456|IGP|192.0.2.1|0|0||NAG|64501 "
            "192.0.2.50|\n");
}

TEST(MrtBgp4mp, SetsConfederationsAndFourByteMessages) {
  Bytes path;
  path.add(Segment(3, {65001, 65002}, 4)).add(Segment(4, {65003, 65004}, 4));
  path.add(Segment(2, {64500, 4200000000u}, 4)).add(Segment(1, {1, 2}, 4));
  Bytes attrs;
  attrs.add(Attr(1, Bytes().u8(2))).add(Attr(2, path)).add(Attr(3, Bytes().ip4("192.0.2.1")));
  attrs.add(Attr(32, Bytes().u32(4200000000u).u32(1).u32(2), 0xc0));  // LARGE_COMMUNITIES
  Bytes msg = Bgp4mpHeader(4, 4200000000u, 64999, "192.0.2.10", "192.0.2.99");
  msg.add(Update(Bytes(), attrs, Prefix("203.0.113.0", 24)));
  Decoded d = DecodeAll(Record(1, 16, 4, msg).b);
  // bgpdump 1.6.2 does not print large communities.
  EXPECT_EQ(d.text,
            "BGP4MP|1|A|192.0.2.10|4200000000|203.0.113.0/24|(65001 65002) [65003,65004] 64500 "
            "4200000000 "
            "{1,2}|INCOMPLETE|192.0.2.1|0|0||NAG||\n");
  const BgpAttributes& a = *d.records[0].events[0].attributes;
  ASSERT_EQ(a.large_communities.size(), 1u);
  EXPECT_EQ(a.large_communities[0].global, 4200000000u);
  EXPECT_EQ(a.large_communities[0].local2, 2u);
  ASSERT_EQ(a.as_path_segments.size(), 4u);
  EXPECT_EQ(a.as_path_segments[1].type, AsSegmentType::kConfedSet);
}

TEST(MrtBgp4mp, MpReachAndUnreachIpv6) {
  Bytes reach;
  reach.u16(2).u8(1).u8(32).ip6("2001:db8::1").ip6("fe80::1").u8(0);
  reach.add(Prefix("2001:db8:1::", 48)).add(Prefix("2001:db8:2::", 47));
  Bytes unreach;
  unreach.u16(2).u8(1).add(Prefix("2001:db8:3::", 48));
  Bytes attrs;
  attrs.add(Attr(1, Bytes().u8(0))).add(Attr(2, Segment(2, {64500}, 4)));
  attrs.add(Attr(14, reach, 0x80)).add(Attr(15, unreach, 0x80));
  Bytes msg = Bgp4mpHeader(4, 64500, 64999, "2001:db8::10", "2001:db8::99");
  msg.add(Update(Bytes(), attrs, Bytes()));
  Decoded d = DecodeAll(Record(1, 16, 4, msg).b);
  EXPECT_EQ(d.text,
            "BGP4MP|1|W|2001:db8::10|64500|2001:db8:3::/48\n"
            "BGP4MP|1|A|2001:db8::10|64500|2001:db8:1::/48|64500|IGP|2001:db8::1|0|0||NAG||\n"
            "BGP4MP|1|A|2001:db8::10|64500|2001:db8:2::/47|64500|IGP|2001:db8::1|0|0||NAG||\n");
  EXPECT_EQ(Ip(d.records[0].events[1].attributes->mp[1][0].link_local), "fe80::1");
  EXPECT_TRUE(d.records[0].events[1].from_mp);
}

TEST(MrtBgp4mp, StateChangesLocalAddPathAndExtendedTime) {
  Bytes state = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  state.u16(3).u16(6);
  Bytes state4 = Bgp4mpHeader(4, 4200000000u, 64999, "2001:db8::10", "2001:db8::99");
  state4.u16(6).u16(1);
  Bytes local = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  local.add(Update(Bytes(), Basic({64999}, 2), Prefix("203.0.113.0", 24)));
  Bytes addpath = Bgp4mpHeader(4, 64500, 64999, "192.0.2.10", "192.0.2.99");
  addpath.add(
      Update(Prefix("198.51.100.0", 24, 5), Basic({64500}, 4), Prefix("203.0.113.0", 24, 6)));
  Bytes et;
  et.u32(42);  // microseconds
  et.add(state);
  auto data = Concat({Record(10, 16, 0, state), Record(11, 16, 5, state4), Record(12, 16, 6, local),
                      Record(13, 16, 9, addpath), Record(14, 17, 0, et)});
  Decoded d = DecodeAll(data);
  ASSERT_EQ(d.error, "");
  EXPECT_EQ(d.text,
            "BGP4MP|10|STATE|192.0.2.10|64500|3|6\n"
            "BGP4MP|11|STATE|2001:db8::10|4200000000|6|1\n"
            "BGP4MP_LOCAL|12|A|192.0.2.10|64500|203.0.113.0/24|64999|IGP|192.0.2.1|0|0||NAG||\n"
            "BGP4MP_AP|13|W|192.0.2.10|64500|198.51.100.0/24|5\n"
            "BGP4MP_AP|13|A|192.0.2.10|64500|203.0.113.0/24|6|64500|IGP|192.0.2.1|0|0||NAG||\n"
            "BGP4MP_ET|14.000042|STATE|192.0.2.10|64500|3|6\n");
  EXPECT_EQ(d.records[4].microseconds, 42u);
  EXPECT_EQ(d.records[4].events[0].microseconds, 42u);
  EXPECT_EQ(d.records[3].events[1].time, 13);
}

TEST(MrtBgp4mp, TrailingBitsAreMaskedAndMissingNextHopShowsAsUnset) {
  Bytes attrs;
  attrs.add(Attr(1, Bytes().u8(0))).add(Attr(2, Segment(2, {7018}, 2)));
  Bytes nlri;
  nlri.u8(13).u8(11).u8(13);  // 11.13.0.0/13: bit 13+ set, masks to 11.8.0.0/13
  Bytes msg = Bgp4mpHeader(2, 7018, 64999, "192.0.2.10", "192.0.2.99");
  msg.add(Update(Bytes(), attrs, nlri));
  Decoded d = DecodeAll(Record(1, 16, 1, msg).b);
  EXPECT_EQ(d.text, "BGP4MP|1|A|192.0.2.10|7018|11.8.0.0/13|7018|IGP|255.255.255.255|0|0||NAG||\n");
}

TEST(MrtMalformed, AttributeLengthOverrunIsSkippedCountedAndReadingGoesOn) {
  Bytes bad_attrs;
  bad_attrs.add(Attr(1, Bytes().u8(0)));
  bad_attrs.u8(0x40).u8(2).u8(200).u16(0x0201);  // AS_PATH claims 200 bytes, 2 follow
  Bytes bad = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  bad.add(Update(Bytes(), bad_attrs, Bytes()));
  Bytes good = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  good.add(Update(Prefix("198.51.100.0", 24), Bytes(), Bytes()));
  Decoded d = DecodeAll(Concat({Record(1, 16, 1, bad), Record(2, 16, 1, good)}));
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.counters.records, 2u);
  EXPECT_EQ(d.counters.malformed, 1u);
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_NE(d.warnings[0].find("malformed MRT record at offset 0"), std::string::npos)
      << d.warnings[0];
  EXPECT_EQ(d.text, "BGP4MP|2|W|192.0.2.10|64500|198.51.100.0/24\n");
}

TEST(MrtMalformed, PrefixLongerThanItsAddressIsSkipped) {
  Bytes nlri;
  nlri.u8(33).u32(0x01020304).u8(5);
  Bytes msg = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  msg.add(Update(Bytes(), Basic({1}, 2), nlri));
  Decoded d = DecodeAll(Record(1, 16, 1, msg).b);
  EXPECT_EQ(d.counters.malformed, 1u);
  EXPECT_EQ(d.text, "");
}

TEST(MrtMalformed, TruncatedFileEndsWithAnError) {
  Bytes msg = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  msg.add(Update(Prefix("198.51.100.0", 24), Bytes(), Bytes()));
  std::vector<uint8_t> whole = Concat({Record(1, 16, 1, msg), Record(2, 16, 1, msg)});
  size_t first = whole.size() / 2;
  for (size_t cut : {first + 5, first + 12, whole.size() - 1}) {
    std::vector<uint8_t> data(whole.begin(), whole.begin() + static_cast<long>(cut));
    Decoded d = DecodeAll(data);
    EXPECT_EQ(d.error, "test.mrt: truncated MRT record at offset " + std::to_string(first)) << cut;
    EXPECT_EQ(d.text, "BGP4MP|1|W|192.0.2.10|64500|198.51.100.0/24\n");
  }
  // A huge length in a short file: an error, not an allocation of 4 GiB.
  Bytes huge;
  huge.u32(1).u16(16).u16(1).u32(0xFFFFFFF0u).u32(0);
  EXPECT_EQ(DecodeAll(huge.b).error, "test.mrt: truncated MRT record at offset 0");
}

TEST(MrtMalformed, UnknownTypesAndNonUpdateMessagesAreIgnored) {
  Bytes keepalive = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  for (int i = 0; i < 16; ++i) keepalive.u8(0xff);
  keepalive.u16(19).u8(4);
  Decoded d = DecodeAll(Concat({Record(1, 99, 0, Bytes().u8(1)), Record(2, 16, 1, keepalive)}));
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.counters.ignored, 2u);
  EXPECT_EQ(d.counters.malformed, 0u);
  EXPECT_EQ(d.text, "");
}

TEST(MrtFormat, AsPathTextKeepsBgpdumpSpacingAroundEmptySegments) {
  BgpAttributes a;
  a.present = uint64_t{1} << kAttrAsPath;
  a.as_path_asns = {1, 9, 3};
  a.as_path_segments = {{AsSegmentType::kSequence, 0, 1},
                        {AsSegmentType::kSet, 1, 0},
                        {AsSegmentType::kSequence, 1, 1},
                        {AsSegmentType::kSequence, 2, 0},
                        {AsSegmentType::kSet, 2, 1}};
  std::string text;
  AppendAsPathText(a, text);
  EXPECT_EQ(text, "1 {}9 {3}");
  a.as_path_error = true;
  text.clear();
  AppendAsPathText(a, text);
  EXPECT_EQ(text, "! Error !");
}

}  // namespace
}  // namespace corroborate::measure
