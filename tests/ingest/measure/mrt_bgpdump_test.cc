// `corroborate parse mrt --format bgpdump` on one file of the old and rare
// record forms (the deprecated BGP type, BGP4MP state changes of every length
// bgpdump accepts, TABLE_DUMP's four AFI subtypes, damaged updates, an empty
// record), checked twice: against lines verified by hand from RFC 6396 and
// bgpdump 1.6.2's source, and byte for byte against the installed
// `bgpdump -m` (Debian package bgpdump) when there is one.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/ingest/measure/mrt_builder.h"

namespace corroborate::measure {
namespace {

namespace fs = std::filesystem;
using testing::Attr;
using testing::Bgp4mpHeader;
using testing::Bytes;
using testing::MrtdHeader;
using testing::Prefix;
using testing::Record;
using testing::Segment;
using testing::Update;
using testing::UpdateBody;

Bytes Basic(std::initializer_list<uint32_t> path, int asn_len) {
  Bytes a;
  a.add(Attr(1, Bytes().u8(0)))
      .add(Attr(2, Segment(2, path, asn_len)))
      .add(Attr(3, Bytes().ip4("192.0.2.1")));
  return a;
}

Bytes TableDump(unsigned subtype, uint32_t time, const char* prefix, unsigned bits,
                const char* peer, uint32_t peer_as, const Bytes& attrs) {
  const bool v6 = subtype == 2 || subtype == 4;
  Bytes b;
  b.u16(0).u16(1);
  v6 ? b.ip6(prefix) : b.ip4(prefix);
  b.u8(bits).u8(1).u32(77);
  v6 ? b.ip6(peer) : b.ip4(peer);
  subtype <= 2 ? b.u16(peer_as) : b.u32(peer_as);
  b.u16(static_cast<unsigned>(attrs.size())).add(attrs);
  return Record(time, 12, subtype, b);
}

// The records and, beside each, the lines bgpdump -m prints for it.
struct Sample {
  Bytes data;
  std::string expected;
  void Add(const Bytes& record, const std::string& lines) {
    data.add(record);
    expected += lines;
  }
};

Sample BuildSample() {
  Sample s;
  // The deprecated BGP type: UPDATE (MED glued to the communities, the
  // withdrawn prefix shown with the peer's address), STATE_CHANGE, and the
  // subtypes bgpdump reads but does not print.
  Bytes attrs = Basic({64500, 174}, 2);
  attrs.add(Attr(4, Bytes().u32(7), 0x80)).add(Attr(5, Bytes().u32(100))).add(Attr(6, Bytes()));
  attrs.add(Attr(7, Bytes().u16(64501).ip4("192.0.2.77"), 0xc0));
  attrs.add(Attr(8, Bytes().u32(0xFDE80064).u32(0xFFFFFF01), 0xc0));
  Bytes update = MrtdHeader(64500, "192.0.2.10", 64999, "192.0.2.99");
  update.add(UpdateBody(Prefix("198.51.100.0", 24), attrs, Prefix("203.0.113.0", 24)));
  s.Add(Record(100, 5, 1, update),
        "BGP|100|W|192.0.2.10|64500|192.0.2.10/24\n"
        "BGP|100|A|192.0.2.10|64500|203.0.113.0/24|64500 174|IGP|192.0.2.1|100|765000:100 "
        "no-export|AG|"
        "64501 192.0.2.77|\n");
  Bytes plain = MrtdHeader(3333, "193.0.0.56", 12654, "193.0.4.28");
  plain.add(UpdateBody(Bytes(), Basic({3333, 1103}, 2),
                       Bytes().add(Prefix("192.16.0.0", 16)).add(Prefix("0.0.0.0", 0))));
  s.Add(Record(101, 5, 1, plain),
        "BGP|101|A|193.0.0.56|3333|192.16.0.0/16|3333 1103|IGP|192.0.2.1|0|0|NAG||\n"
        "BGP|101|A|193.0.0.56|3333|0.0.0.0/0|3333 1103|IGP|192.0.2.1|0|0|NAG||\n");
  Bytes no_attrs = MrtdHeader(3333, "193.0.0.56", 12654, "193.0.4.28");
  no_attrs.add(UpdateBody(Bytes(), Bytes(), Prefix("192.16.0.0", 16)));
  s.Add(Record(102, 5, 1, no_attrs),
        "BGP|102|A|193.0.0.56|3333|192.16.0.0/16||INCOMPLETE|255.255.255.255|0|0|NAG||\n");
  s.Add(Record(103, 5, 3, Bytes().u16(3333).ip4("193.0.0.56").u16(6).u16(1)),
        "BGP|103|STATE|193.0.0.56|3333|6|1\n");
  s.Add(Record(104, 5, 3, Bytes().u16(0).ip4("0.0.0.0").u16(1).u16(2)),
        "BGP|104|STATE|0.0.0.0|0|1|2\n");
  s.Add(Record(105, 5, 3, Bytes().u16(7).u8(1).u8(2).u8(3)), "BGP|105|STATE|1.2.3.0|7|0|0\n");
  s.Add(Record(106, 5, 7, MrtdHeader(3333, "193.0.0.56", 12654, "193.0.4.28")), "");
  s.Add(Record(107, 5, 5,
               MrtdHeader(3333, "193.0.0.56", 12654, "193.0.4.28")
                   .u8(4)
                   .u16(3333)
                   .u16(180)
                   .ip4("193.0.0.56")
                   .u8(0)),
        "");
  s.Add(Record(108, 5, 6, MrtdHeader(3333, "193.0.0.56", 12654, "193.0.4.28").u8(6).u8(2)), "");
  s.Add(Record(109, 5, 4, Bytes().u16(0).u8('x').u8(0)), "");
  s.Add(Record(110, 5, 0, Bytes().u8(0)), "");
  // BGP4MP state changes: zebra's 8-byte form, the lengths and families bgpdump
  // accepts (and two it refuses), ET.
  s.Add(Record(200, 16, 0, Bytes().u16(64500).u16(64999).u16(3).u16(6)),
        "BGP4MP|200|STATE|0.0.0.0|64500|3|6\n");
  s.Add(Record(201, 16, 5, Bytes().u32(4200000000u).u32(64999)),
        "BGP4MP|201|STATE|0.0.0.0|4200000000|0|0\n");
  s.Add(Record(202, 16, 5, Bgp4mpHeader(4, 4200000000u, 64999, "192.0.2.10", "192.0.2.99")),
        "BGP4MP|202|STATE|192.0.2.10|4200000000|0|0\n");
  s.Add(
      Record(
          203, 16, 0,
          Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99").u16(1).u16(2).u32(0x09090909)),
      "BGP4MP|203|STATE|192.0.2.10|64500|1|2\n");
  s.Add(Record(204, 16, 0,
               Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99").u16(1).u16(2).u16(9)),
        "");
  s.Add(Record(205, 16, 0, Bgp4mpHeader(2, 0, 0, "0.0.0.0", "0.0.0.0").u16(0).u16(0)),
        "BGP4MP|205|STATE|0.0.0.0|0|0|0\n");
  s.Add(Record(206, 16, 0, Bgp4mpHeader(2, 0, 64999, "::", "::").u16(7).u16(8)),
        "BGP4MP|206|STATE|::|0|7|8\n");
  s.Add(Record(207, 16, 5,
               Bgp4mpHeader(4, 4200000000u, 64999, "2001:db8::10", "::1").u16(65535).u16(9)),
        "BGP4MP|207|STATE|2001:db8::10|4200000000|65535|9\n");
  s.Add(Record(208, 16, 0,
               Bgp4mpHeader(2, 1, 64999, "::ffff:1.2.3.4", "::1").u16(1).u16(2).u16(3).u16(4)),
        "BGP4MP|208|STATE|::ffff:1.2.3.4|1|1|2\n");
  s.Add(Record(209, 16, 5, Bgp4mpHeader(4, 1, 64999, "::1.2.3.4", "::1")),
        "BGP4MP|209|STATE|::1.2.3.4|1|0|0\n");
  s.Add(Record(210, 16, 0,
               Bytes().u16(1).u16(2).u16(0).u16(3).ip4("1.2.3.4").ip4("1.2.3.4").u16(1).u16(2)),
        "");
  s.Add(Record(211, 17, 0, Bytes().u32(5).u16(64500).u16(64999).u16(3).u16(6)),
        "BGP4MP_ET|211.000005|STATE|0.0.0.0|64500|3|6\n");
  s.Add(Record(212, 17, 5,
               Bytes().u32(999999).add(Bgp4mpHeader(4, 1, 2, "fe80::1", "::").u16(2).u16(3))),
        "BGP4MP_ET|212.999999|STATE|fe80::1|1|2|3\n");
  for (unsigned state = 0; state <= 8; ++state) {
    s.Add(
        Record(220 + state, 16, 0,
               Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99").u16(state).u16(state + 1)),
        "BGP4MP|" + std::to_string(220 + state) + "|STATE|192.0.2.10|64500|" +
            std::to_string(state) + "|" + std::to_string(state + 1) + "\n");
  }
  // TABLE_DUMP's AFI subtypes; bgpdump prints subtype 4 (IPv6, 4-byte AS) as IPv4.
  s.Add(TableDump(1, 300, "203.0.113.0", 24, "192.0.2.10", 64500, Basic({64500, 174}, 2)),
        "TABLE_DUMP|300|B|192.0.2.10|64500|203.0.113.0/24|64500 174|IGP|192.0.2.1|0|0||NAG||\n");
  s.Add(TableDump(2, 301, "2001:db8::", 32, "2001:db8::10", 64500, Basic({64500, 174}, 2)),
        "TABLE_DUMP|301|B|2001:db8::10|64500|2001:db8::/32|64500 174|IGP|192.0.2.1|0|0||NAG||\n");
  s.Add(
      TableDump(3, 302, "203.0.113.0", 24, "192.0.2.10", 4200000000u, Basic({4200000000u, 174}, 4)),
      "TABLE_DUMP|302|B|192.0.2.10|4200000000|203.0.113.0/24|4200000000 "
      "174|IGP|192.0.2.1|0|0||NAG||\n");
  s.Add(TableDump(4, 303, "2001:db8::", 32, "2001:db8::10", 4200000000u,
                  Basic({4200000000u, 174}, 4)),
        "TABLE_DUMP|303|B|32.1.13.184|4200000000|32.1.13.184/32|4200000000 "
        "174|IGP|192.0.2.1|0|0||NAG||\n");
  s.Add(TableDump(5, 304, "203.0.113.0", 24, "192.0.2.10", 64500, Basic({64500}, 2)), "");
  // A damaged BGP4MP UPDATE: the overrunning AS_PATH is dropped, the route kept.
  Bytes damaged;
  damaged.add(Attr(1, Bytes().u8(0))).u8(0x40).u8(2).u8(200).u16(0x0201);
  s.Add(Record(400, 16, 1,
               Bgp4mpHeader(2, 64500, 64999, "192.0.2.10", "192.0.2.99")
                   .add(Update(Bytes(), damaged, Prefix("203.0.113.0", 24)))),
        "BGP4MP|400|A|192.0.2.10|64500|203.0.113.0/24||IGP|255.255.255.255|0|0||NAG||\n");
  // bgpdump stops at an empty record: nothing after it is printed.
  s.Add(Record(500, 5, 3, Bytes()), "");
  s.Add(Record(501, 5, 3, Bytes().u16(3333).ip4("193.0.0.56").u16(1).u16(2)), "");
  return s;
}

struct CommandRun {
  int status = -1;
  std::string out, err;
};

CommandRun RunCommand(const std::string& command, const fs::path& dir) {
  CommandRun run;
  std::string full = command + " >" + (dir / "out").string() + " 2>" + (dir / "err").string();
  int status = std::system(full.c_str());
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream out(dir / "out", std::ios::binary), err(dir / "err", std::ios::binary);
  run.out.assign(std::istreambuf_iterator<char>(out), {});
  run.err.assign(std::istreambuf_iterator<char>(err), {});
  return run;
}

class MrtBgpdumpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mrt_bgpdump_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    sample_ = BuildSample();
    file_ = dir_ / "old-forms.mrt";
    std::ofstream(file_, std::ios::binary)
        .write(reinterpret_cast<const char*>(sample_.data.b.data()),
               static_cast<std::streamsize>(sample_.data.size()));
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_, file_;
  Sample sample_;
};

TEST_F(MrtBgpdumpTest, OurLinesAreTheHandCheckedOnes) {
  CommandRun ours = RunCommand(
      std::string(CORROBORATE_BIN) + " parse mrt --format bgpdump " + file_.string(), dir_);
  EXPECT_EQ(ours.status, 0) << ours.err;
  EXPECT_EQ(ours.out, sample_.expected);
  EXPECT_NE(ours.err.find("old-forms.mrt: empty MRT record at offset "), std::string::npos)
      << ours.err;
  EXPECT_NE(ours.err.find("bgpdump -m stops reading there"), std::string::npos) << ours.err;
}

TEST_F(MrtBgpdumpTest, OurLinesAreBgpdumpsByteForByte) {
  if (std::system("command -v bgpdump >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "bgpdump is not installed (apt-get install bgpdump); compared with "
                    "hand-checked lines only";
  }
  CommandRun theirs = RunCommand("bgpdump -m " + file_.string(), dir_);
  CommandRun ours = RunCommand(
      std::string(CORROBORATE_BIN) + " parse mrt --format bgpdump " + file_.string(), dir_);
  ASSERT_EQ(theirs.status, 0) << theirs.err;
  EXPECT_EQ(ours.out, theirs.out);
  EXPECT_EQ(theirs.out, sample_.expected);
}

}  // namespace
}  // namespace corroborate::measure
