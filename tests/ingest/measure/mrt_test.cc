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
using testing::MrtdHeader;
using testing::Prefix;
using testing::Record;
using testing::Segment;
using testing::Update;
using testing::UpdateBody;

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

// The deprecated BGP type 5 (MRTd; RIS and RouteViews archives until 2001).
// Expected lines follow bgpdump 1.6.2's process_bgpdump_mrtd_bgp: "BGP" as
// the type, announcements without the '|' between MED and communities, and a
// withdrawn prefix shown with the peer's address (its two inet_ntoa calls in
// one printf share a buffer).
TEST(MrtBgpType, UpdateAndStateChangeAsBgpdumpPrintsThem) {
  Bytes attrs = Basic({64500, 174}, 2);
  attrs.add(Attr(4, Bytes().u32(7), 0x80));                           // MED
  attrs.add(Attr(5, Bytes().u32(100)));                               // LOCAL_PREF
  attrs.add(Attr(6, Bytes()));                                        // ATOMIC_AGGREGATE
  attrs.add(Attr(7, Bytes().u16(64501).ip4("192.0.2.77"), 0xc0));     // AGGREGATOR
  attrs.add(Attr(8, Bytes().u32(0xFDE80064).u32(0xFFFFFF01), 0xc0));  // 65000:100 no-export
  Bytes update = MrtdHeader(64500, "192.0.2.10", 64999, "192.0.2.99");
  update.add(UpdateBody(Prefix("198.51.100.0", 24), attrs,
                        Bytes().add(Prefix("203.0.113.0", 24)).add(Prefix("10.0.0.0", 8))));
  Bytes plain = MrtdHeader(64500, "192.0.2.10", 64999, "192.0.2.99");
  plain.add(UpdateBody(Bytes(), Basic({64500}, 2), Prefix("203.0.112.0", 23)));
  Bytes state;
  state.u16(64500).ip4("192.0.2.10").u16(1).u16(2);
  Bytes zero_peer;
  zero_peer.u16(0).ip4("0.0.0.0").u16(6).u16(1);
  auto data = Concat({Record(100, 5, 1, update), Record(101, 5, 1, plain), Record(102, 5, 3, state),
                      Record(103, 5, 3, zero_peer)});
  Decoded d = DecodeAll(data);
  ASSERT_EQ(d.error, "");
  EXPECT_EQ(d.counters.records, 4u);
  EXPECT_EQ(d.counters.malformed + d.counters.damaged + d.counters.ignored, 0u);
  EXPECT_EQ(
      d.text,
      "BGP|100|W|192.0.2.10|64500|192.0.2.10/24\n"
      "BGP|100|A|192.0.2.10|64500|203.0.113.0/24|64500 174|IGP|192.0.2.1|100|765000:100 "
      "no-export|AG|"
      "64501 192.0.2.77|\n"
      "BGP|100|A|192.0.2.10|64500|10.0.0.0/8|64500 174|IGP|192.0.2.1|100|765000:100 no-export|AG|"
      "64501 192.0.2.77|\n"
      "BGP|101|A|192.0.2.10|64500|203.0.112.0/23|64500|IGP|192.0.2.1|0|0|NAG||\n"
      "BGP|102|STATE|192.0.2.10|64500|1|2\n"
      "BGP|103|STATE|0.0.0.0|0|6|1\n");
  // The events hold what the record says, not bgpdump's printing accident.
  const MrtRecord& r = d.records[0];
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[0].kind, RouteEventKind::kWithdraw);
  EXPECT_EQ(Ip(r.events[0].prefix.address), "198.51.100.0");
  EXPECT_EQ(r.events[0].prefix.length, 24);
  EXPECT_EQ(r.events[1].kind, RouteEventKind::kAnnounce);
  EXPECT_EQ(Ip(r.events[1].peer_ip), "192.0.2.10");
  EXPECT_EQ(r.events[1].peer_as, 64500u);
  EXPECT_EQ(r.events[1].attributes->as_path_asns, (std::vector<uint32_t>{64500, 174}));
  EXPECT_EQ(Ip(r.events[1].next_hop), "192.0.2.1");
  EXPECT_EQ(Ip(r.local_ip), "192.0.2.99");
  EXPECT_EQ(r.local_as, 64999u);
  EXPECT_EQ(r.events[2].time, 100);
  EXPECT_EQ(d.records[2].events[0].kind, RouteEventKind::kStateChange);
  EXPECT_EQ(d.records[2].events[0].old_state, 1);
  EXPECT_EQ(d.records[2].events[0].new_state, 2);
}

TEST(MrtBgpType, SubtypesWithoutRoutesAreIgnored) {
  Bytes keepalive = MrtdHeader(64500, "192.0.2.10", 64999, "192.0.2.99");
  Bytes open = MrtdHeader(64500, "192.0.2.10", 64999, "192.0.2.99");
  open.u8(4).u16(64500).u16(180).ip4("192.0.2.10").u8(0);  // version, AS, hold time, id, no options
  Bytes notify = MrtdHeader(64500, "192.0.2.10", 64999, "192.0.2.99");
  notify.u8(6).u8(2);  // Cease
  Bytes sync;
  sync.u16(0);
  sync.b.insert(sync.b.end(), {'r', 'i', 'b', 0});
  Bytes pref = MrtdHeader(64500, "192.0.2.10", 64999, "192.0.2.99");
  pref.add(UpdateBody(Bytes(), Basic({64500}, 2), Prefix("203.0.113.0", 24)));
  auto data = Concat({Record(1, 5, 0, Bytes().u8(0)), Record(2, 5, 2, pref), Record(3, 5, 4, sync),
                      Record(4, 5, 5, open), Record(5, 5, 6, notify), Record(6, 5, 7, keepalive),
                      Record(7, 5, 8, keepalive)});
  Decoded d = DecodeAll(data);
  ASSERT_EQ(d.error, "");
  EXPECT_EQ(d.counters.records, 7u);
  EXPECT_EQ(d.counters.ignored, 7u);
  EXPECT_EQ(d.counters.events, 0u);
  EXPECT_EQ(d.text, "");
}

TEST(MrtBgpType, ShortRecordsReadAsZerosAndAreCountedAsDamaged) {
  // bgpdump's stream reads missing bytes as zero; a state change cut inside
  // the peer address still prints. An UPDATE of its header alone has no routes.
  Bytes state;
  state.u16(7).u8(1).u8(2).u8(3);
  Bytes bare = MrtdHeader(64500, "192.0.2.10", 64999, "192.0.2.99");
  Decoded d = DecodeAll(Concat({Record(13, 5, 3, state), Record(14, 5, 1, bare)}));
  ASSERT_EQ(d.error, "");
  EXPECT_EQ(d.text, "BGP|13|STATE|1.2.3.0|7|0|0\n");
  EXPECT_EQ(d.counters.damaged, 2u);
  ASSERT_EQ(d.warnings.size(), 2u);
  EXPECT_EQ(d.warnings[0],
            "damaged MRT record at offset 0 (type 5/3): record of 5 bytes shorter than its 10-byte "
            "header; read as far "
            "as it goes");
  EXPECT_NE(d.warnings[1].find("UPDATE of 0 bytes"), std::string::npos) << d.warnings[1];
}

TEST(MrtBgpType, MpReachIsDecodedButNotPrinted) {
  // bgpdump prints only the UPDATE's own NLRI for this type; the series path
  // still gets the IPv6 route.
  Bytes reach;
  reach.u16(2).u8(1).u8(16).ip6("2001:db8::1").u8(0).add(Prefix("2001:db8:1::", 48));
  Bytes attrs = Basic({64500}, 2);
  attrs.add(Attr(14, reach, 0x80));
  Bytes update = MrtdHeader(64500, "192.0.2.10", 64999, "192.0.2.99");
  update.add(UpdateBody(Bytes(), attrs, Prefix("203.0.113.0", 24)));
  Decoded d = DecodeAll(Record(8, 5, 1, update).b);
  EXPECT_EQ(d.text, "BGP|8|A|192.0.2.10|64500|203.0.113.0/24|64500|IGP|192.0.2.1|0|0|NAG||\n");
  ASSERT_EQ(d.records[0].events.size(), 2u);
  EXPECT_TRUE(d.records[0].events[1].from_mp);
  EXPECT_EQ(Ip(d.records[0].events[1].prefix.address), "2001:db8:1::");
  EXPECT_EQ(Ip(d.records[0].events[1].next_hop), "2001:db8::1");
}

TEST(MrtBgpType, FourByteAsPathIsMergedAndAnUnsetAggregatorIsNotShown) {
  Bytes attrs;
  attrs.add(Attr(1, Bytes().u8(0))).add(Attr(2, Segment(2, {64500, 23456, 174}, 2)));
  attrs.add(Attr(3, Bytes().ip4("192.0.2.1")))
      .add(Attr(17, Segment(2, {4200000001u, 174}, 4), 0xc0));
  attrs.add(Attr(7, Bytes().u16(23456).ip4("255.255.255.255"), 0xc0));
  Bytes update = MrtdHeader(64500, "192.0.2.10", 64999, "192.0.2.99");
  update.add(UpdateBody(Bytes(), attrs, Prefix("203.0.113.0", 24)));
  Decoded d = DecodeAll(Record(9, 5, 1, update).b);
  EXPECT_EQ(
      d.text,
      "BGP|9|A|192.0.2.10|64500|203.0.113.0/24|64500 4200000001 174|IGP|192.0.2.1|0|0|NAG||\n");
}

// BGP4MP STATE_CHANGE in every form bgpdump 1.6.2 accepts or refuses
// (process_zebra_bgp_state_change): the line is "peer|peer AS|old|new".
TEST(MrtBgp4mpStateChange, EveryLengthFamilyAndAsSize) {
  struct Case {
    unsigned type, subtype;
    Bytes body;
    std::string line;  // empty: refused
  };
  auto v4 = [](int asn_len, uint32_t peer_as, const char* peer) {
    return Bgp4mpHeader(asn_len, peer_as, 64999, peer, "192.0.2.99");
  };
  std::vector<Case> cases;
  // zebra's 8-byte form: two 2-byte ASes and the states; the peer shows as 0.0.0.0.
  cases.push_back(
      {16, 0, Bytes().u16(64500).u16(64999).u16(3).u16(6), "BGP4MP|1|STATE|0.0.0.0|64500|3|6"});
  // 8 bytes with 4-byte ASes: the ASes fill them, the states read as 0.
  cases.push_back(
      {16, 5, Bytes().u32(4200000000u).u32(64999), "BGP4MP|2|STATE|0.0.0.0|4200000000|0|0"});
  // IPv4, 20 bytes with 4-byte ASes (no room for the states), 24 with 2-byte ones.
  cases.push_back(
      {16, 5, v4(4, 4200000000u, "192.0.2.10"), "BGP4MP|3|STATE|192.0.2.10|4200000000|0|0"});
  cases.push_back({16, 0, v4(2, 64500, "192.0.2.10").u16(1).u16(2).u16(9).u16(9),
                   "BGP4MP|4|STATE|192.0.2.10|64500|1|2"});
  cases.push_back({16, 0, v4(2, 64500, "192.0.2.10").u16(1).u16(2).u16(9), ""});  // 22 bytes
  cases.push_back({16, 0, v4(2, 0, "0.0.0.0").u16(0).u16(0), "BGP4MP|6|STATE|0.0.0.0|0|0|0"});
  // IPv6: 44 or 48 bytes, any AS size; every state value printed as a number.
  cases.push_back(
      {16, 0, Bgp4mpHeader(2, 0, 64999, "::", "::").u16(7).u16(8), "BGP4MP|7|STATE|::|0|7|8"});
  cases.push_back({16, 5,
                   Bgp4mpHeader(4, 4200000000u, 64999, "2001:db8::10", "::1").u16(65535).u16(9),
                   "BGP4MP|8|STATE|2001:db8::10|4200000000|65535|9"});
  cases.push_back({16, 0,
                   Bgp4mpHeader(2, 1, 64999, "::ffff:1.2.3.4", "::1").u16(1).u16(2).u16(3).u16(4),
                   "BGP4MP|9|STATE|::ffff:1.2.3.4|1|1|2"});
  cases.push_back(
      {16, 5, Bgp4mpHeader(4, 1, 64999, "::1.2.3.4", "::1"), "BGP4MP|10|STATE|::1.2.3.4|1|0|0"});
  cases.push_back({16, 0, Bgp4mpHeader(2, 1, 64999, "2001:db8::1", "::1").u16(1), ""});  // 42 bytes
  // An unknown address family, and a record too short to hold one.
  Bytes afi3;
  afi3.u16(1).u16(2).u16(0).u16(3).ip4("1.2.3.4").ip4("1.2.3.4").u16(1).u16(2);
  cases.push_back({16, 0, afi3, ""});
  cases.push_back({16, 0, Bytes().u16(5).u16(6), ""});
  // BGP4MP_ET: the microseconds do not count in the length.
  cases.push_back({17, 0, Bytes().u32(5).u16(64500).u16(64999).u16(3).u16(6),
                   "BGP4MP_ET|14.000005|STATE|0.0.0.0|64500|3|6"});
  cases.push_back({17, 5,
                   Bytes().u32(999999).add(Bgp4mpHeader(4, 1, 2, "fe80::1", "::").u16(2).u16(3)),
                   "BGP4MP_ET|15.999999|STATE|fe80::1|1|2|3"});
  uint32_t time = 1;
  for (Case& c : cases) {
    Decoded d = DecodeAll(Record(time, c.type, c.subtype, c.body).b);
    EXPECT_EQ(d.error, "") << time;
    EXPECT_EQ(d.text, c.line.empty() ? "" : c.line + "\n") << "case at time " << time;
    EXPECT_EQ(d.counters.malformed, c.line.empty() ? 1u : 0u) << "case at time " << time;
    ++time;
  }
}

TEST(MrtBgpdumpStop, EmptyRecordsAreWhereBgpdumpStops) {
  MrtRecord r;
  r.type = kMrtBgp4mp;
  EXPECT_TRUE(BgpdumpStopsAt(r));
  r.length = 1;
  EXPECT_FALSE(BgpdumpStopsAt(r));
  r.type = kMrtBgp4mpEt;
  r.length = 4;  // its microseconds and nothing else
  EXPECT_TRUE(BgpdumpStopsAt(r));
  r.length = 5;
  EXPECT_FALSE(BgpdumpStopsAt(r));
  Decoded d = DecodeAll(Record(1, 5, 3, Bytes()).b);
  EXPECT_EQ(d.counters.malformed, 1u);
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_EQ(d.warnings[0], "malformed MRT record at offset 0 (type 5/3): empty record");
}

TEST(MrtMalformed, AttributeOverrunDropsTheAttributeKeepsTheRoutesAndWarns) {
  // bgpdump drops an attribute longer than what is left of the block, keeps
  // those before it and still reads the NLRI after the block.
  Bytes bad_attrs;
  bad_attrs.add(Attr(1, Bytes().u8(0)));
  bad_attrs.u8(0x40).u8(2).u8(200).u16(0x0201);  // AS_PATH claims 200 bytes, 2 follow
  Bytes bad = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  bad.add(Update(Bytes(), bad_attrs, Prefix("203.0.113.0", 24)));
  Bytes good = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  good.add(Update(Prefix("198.51.100.0", 24), Bytes(), Bytes()));
  Decoded d = DecodeAll(Concat({Record(1, 16, 1, bad), Record(2, 16, 1, good)}));
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.counters.records, 2u);
  EXPECT_EQ(d.counters.malformed, 0u);
  EXPECT_EQ(d.counters.damaged, 1u);
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_EQ(d.warnings[0],
            "damaged MRT record at offset 0 (type 16/1): attribute 2 length 200 overruns the "
            "attribute block (2 bytes "
            "left); read as far as it goes");
  EXPECT_EQ(d.text,
            "BGP4MP|1|A|192.0.2.10|64500|203.0.113.0/24||IGP|255.255.255.255|0|0||NAG||\n"
            "BGP4MP|2|W|192.0.2.10|64500|198.51.100.0/24\n");
  EXPECT_FALSE(d.records[0].events[0].attributes->Has(kAttrAsPath));
}

TEST(MrtMalformed, LengthsOverrunningTheUpdateAreCutToWhatIsThere) {
  // Withdrawn-routes length 50 with 10 bytes left: both prefixes withdrawn,
  // nothing after them. Attribute length 100 with 20 bytes left: the
  // withdrawal stands, the attributes are read, no NLRI follows.
  Bytes wd;
  wd.add(Prefix("198.51.100.0", 24)).add(Prefix("198.51.101.0", 24));
  Bytes first = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  Bytes body1;
  body1.u16(50).add(wd);
  for (int i = 0; i < 16; ++i) first.u8(0xff);
  first.u16(static_cast<unsigned>(19 + body1.size())).u8(2).add(body1);
  Bytes second = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  Bytes body2;
  body2.u16(4).add(Prefix("198.51.100.0", 24)).u16(100).add(Basic({64500, 174}, 2));
  for (int i = 0; i < 16; ++i) second.u8(0xff);
  second.u16(static_cast<unsigned>(19 + body2.size())).u8(2).add(body2);
  Decoded d = DecodeAll(Concat({Record(1, 16, 1, first), Record(2, 16, 1, second)}));
  EXPECT_EQ(d.counters.damaged, 2u);
  ASSERT_EQ(d.warnings.size(), 2u);
  EXPECT_NE(d.warnings[0].find("withdrawn routes length 50 overruns the message (8 bytes left)"),
            std::string::npos)
      << d.warnings[0];
  EXPECT_NE(d.warnings[1].find("path attribute length 100 overruns the message (20 bytes left)"),
            std::string::npos)
      << d.warnings[1];
  EXPECT_EQ(d.text,
            "BGP4MP|1|W|192.0.2.10|64500|198.51.100.0/24\n"
            "BGP4MP|1|W|192.0.2.10|64500|198.51.101.0/24\n"
            "BGP4MP|2|W|192.0.2.10|64500|198.51.100.0/24\n");
  EXPECT_EQ(d.records[1].events[0].kind, RouteEventKind::kWithdraw);
}

TEST(MrtMalformed, OverlongPrefixesAreShownAsBgpdumpShowsThemOrSkipped) {
  // An IPv4 prefix of 33 to 128 bits fits bgpdump's 16-byte address: it
  // prints the first four bytes with the length, and reads on. Longer ones
  // overrun it; the record is skipped.
  Bytes nlri;
  nlri.u8(33).u32(0x01020304).u8(5).add(Prefix("10.0.0.0", 8));
  Bytes msg = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  msg.add(Update(Bytes(), Basic({1}, 2), nlri));
  Bytes worse;
  worse.u8(129);
  for (int i = 0; i < 17; ++i) worse.u8(1);
  Bytes bad = Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99");
  bad.add(Update(Bytes(), Basic({1}, 2), worse));
  Decoded d = DecodeAll(Concat({Record(1, 16, 1, msg), Record(2, 16, 1, bad)}));
  EXPECT_EQ(d.text,
            "BGP4MP|1|A|192.0.2.10|64500|1.2.3.4/33|1|IGP|192.0.2.1|0|0||NAG||\n"
            "BGP4MP|1|A|192.0.2.10|64500|10.0.0.0/8|1|IGP|192.0.2.1|0|0||NAG||\n");
  EXPECT_EQ(d.counters.damaged, 1u);
  EXPECT_EQ(d.counters.malformed, 1u);
  ASSERT_EQ(d.warnings.size(), 2u);
  EXPECT_NE(d.warnings[0].find("prefix length 33 exceeds 32"), std::string::npos) << d.warnings[0];
  EXPECT_NE(d.warnings[1].find("prefix length 129 exceeds 32"), std::string::npos) << d.warnings[1];
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
