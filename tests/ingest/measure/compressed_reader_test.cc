// Plain, gzip and bzip2 inputs of the same MRT bytes decode identically.
#include "ingest/measure/compressed_reader.h"

#include <bzlib.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ingest/measure/mrt.h"
#include "tests/ingest/measure/mrt_builder.h"

namespace corroborate::measure {
namespace {

std::vector<uint8_t> Gzip(const std::vector<uint8_t>& data) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::vector<uint8_t> out(deflateBound(&z, data.size()) + 64);
  z.next_in = const_cast<Bytef*>(data.data());
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::vector<uint8_t> Bzip2(const std::vector<uint8_t>& data) {
  std::vector<uint8_t> out(data.size() * 2 + 1024);
  unsigned size = static_cast<unsigned>(out.size());
  EXPECT_EQ(BZ2_bzBuffToBuffCompress(reinterpret_cast<char*>(out.data()), &size,
                                     reinterpret_cast<char*>(const_cast<uint8_t*>(data.data())),
                                     static_cast<unsigned>(data.size()), 9, 0, 0),
            BZ_OK);
  out.resize(size);
  return out;
}

// Many BGP4MP records (large enough to cross the reader's internal chunks).
std::vector<uint8_t> SampleMrt() {
  using namespace testing;
  Bytes all;
  for (uint32_t i = 0; i < 3000; ++i) {
    Bytes msg = Bgp4mpHeader(2, 64500 + i % 7, 64999, "192.0.2.10", "192.0.2.99");
    Bytes attrs;
    attrs.add(Attr(1, Bytes().u8(0))).add(Attr(2, Segment(2, {64500 + i % 7, 174, i}, 2)));
    attrs.add(Attr(3, Bytes().ip4("192.0.2.1")));
    Bytes nlri;
    nlri.u8(24).u8(10).u8(i >> 8).u8(i & 0xff);
    msg.add(Update(Bytes(), attrs, nlri));
    all.add(Record(1600000000 + i, 16, 1, msg));
  }
  return all.b;
}

std::string FormatAll(const std::vector<uint8_t>& data, std::string* error = nullptr) {
  auto reader = MrtReader::FromMemory(data);
  MrtRecord record;
  std::string text;
  while (true) {
    auto more = reader->Next(record);
    if (!more) {
      if (error) *error = more.error().message;
      break;
    }
    if (!*more) break;
    FormatBgpdump(record, text);
  }
  return text;
}

TEST(CompressedReader, DetectsCompressionByMagicBytes) {
  std::vector<uint8_t> plain = SampleMrt();
  EXPECT_EQ(CompressedReader::FromMemory(plain)->compression(), Compression::kNone);
  auto gz = Gzip(plain);
  EXPECT_EQ(CompressedReader::FromMemory(gz)->compression(), Compression::kGzip);
  auto bz = Bzip2(plain);
  EXPECT_EQ(CompressedReader::FromMemory(bz)->compression(), Compression::kBzip2);
}

TEST(CompressedReader, PlainGzipAndBzip2DecodeIdentically) {
  std::vector<uint8_t> plain = SampleMrt();
  std::string expected = FormatAll(plain);
  ASSERT_EQ(std::count(expected.begin(), expected.end(), '\n'), 3000);
  EXPECT_EQ(expected.substr(0, 86),
            "BGP4MP|1600000000|A|192.0.2.10|64500|10.0.0.0/24|64500 174 0|IGP|192.0.2.1|0|0||NAG||\n");
  EXPECT_EQ(FormatAll(Gzip(plain)), expected);
  EXPECT_EQ(FormatAll(Bzip2(plain)), expected);

  // Files too, under names that do not tell the compression.
  auto dir = std::filesystem::temp_directory_path() / ("mrt_cr_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::vector<std::pair<std::string, std::vector<uint8_t>>> files = {
      {"a.dat", plain}, {"b.dat", Gzip(plain)}, {"c.gz", Bzip2(plain)}};
  for (auto& [name, bytes] : files) {
    std::ofstream(dir / name, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                      static_cast<std::streamsize>(bytes.size()));
    auto reader = MrtReader::Open((dir / name).string());
    ASSERT_TRUE(reader) << reader.error().message;
    MrtRecord record;
    std::string text;
    while (true) {
      auto more = (*reader)->Next(record);
      ASSERT_TRUE(more) << more.error().message;
      if (!*more) break;
      FormatBgpdump(record, text);
    }
    EXPECT_EQ(text, expected) << name;
  }
  std::filesystem::remove_all(dir);
}

TEST(CompressedReader, ConcatenatedMembersAndStreamsAreAllRead) {
  std::vector<uint8_t> plain = SampleMrt();
  std::vector<uint8_t> half1(plain.begin(), plain.begin() + 1000), half2(plain.begin() + 1000, plain.end());
  std::string expected = FormatAll(plain);
  auto g1 = Gzip(half1), g2 = Gzip(half2);
  g1.insert(g1.end(), g2.begin(), g2.end());
  EXPECT_EQ(FormatAll(g1), expected);
  auto b1 = Bzip2(half1), b2 = Bzip2(half2);
  b1.insert(b1.end(), b2.begin(), b2.end());
  EXPECT_EQ(FormatAll(b1), expected);
}

TEST(CompressedReader, TruncatedCompressedDataIsAnError) {
  std::vector<uint8_t> plain = SampleMrt();
  auto gz = Gzip(plain);
  gz.resize(gz.size() / 2);
  std::string error;
  FormatAll(gz, &error);
  EXPECT_NE(error.find("truncated gzip data"), std::string::npos) << error;
  auto bz = Bzip2(plain);
  bz.resize(bz.size() / 2);
  error.clear();
  FormatAll(bz, &error);
  EXPECT_NE(error.find("bzip2"), std::string::npos) << error;
}

// The "in the future" bound is a day after the reader's clock, not the
// system's: a 2014 file is plausible today and not for a reader at 2010.
TEST(CompressedReader, FirstHeaderTimeIsCheckedAgainstTheGivenClock) {
  using namespace testing;
  const std::vector<uint8_t> plain = Record(1419264900, 16, 1, Bytes().u32(0).u32(0)).b;
  const std::vector<uint8_t> packed = Gzip(plain);
  FixedClock in_2010(1262304000);
  MrtOptions options;
  options.clock = &in_2010;
  MrtRecord record;
  auto early = MrtReader::FromMemory(packed, options, "in.mrt")->Next(record);
  ASSERT_FALSE(early);
  EXPECT_NE(early.error().message.find("timestamp 1419264900 is in the future"), std::string::npos)
      << early.error().message;
  FixedClock in_2015(1420070400);
  options.clock = &in_2015;
  auto later = MrtReader::FromMemory(packed, options, "in.mrt")->Next(record);
  if (!later) {
    EXPECT_EQ(later.error().message.find("is in the future"), std::string::npos)
        << later.error().message;
  }
}

// Issue 17: 2 GiB of zeros in gzip, given as MRT, were streamed for 7.6 s
// to a truncation error. Compressed input whose first decoded header cannot
// be MRT is refused before a second record is read.
TEST(CompressedReader, CompressedInputMustBeginWithAnMrtHeader) {
  using namespace testing;
  const Bytes body = Bytes().u32(0).u32(0);
  struct Case {
    std::vector<uint8_t> plain;
    std::string why;
  };
  const Case cases[] = {
      {std::vector<uint8_t>(1 << 20, 0), "timestamp 0 is before 1990"},
      {Record(4000000000u, 16, 1, body).b, "timestamp 4000000000 is in the future"},
      {Record(1600000000, 99, 0, body).b, "type 99 is no MRT type"},
      {Record(1600000000, 16, 16, body).b, "subtype 16 of type 16 is unknown"},
      {Bytes().u32(1600000000).u16(13).u16(2).u32(uint32_t{17} << 20).b,
       "length 17825792 is over 16 MB"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    for (bool gzip : {true, false}) {
      std::vector<uint8_t> packed = gzip ? Gzip(c.plain) : Bzip2(c.plain);
      auto reader = MrtReader::FromMemory(packed, {}, "in.mrt");
      MrtRecord record;
      auto next = reader->Next(record);
      ASSERT_FALSE(next);
      EXPECT_EQ(next.error().code, ErrorCode::kParse);
      EXPECT_EQ(next.error().message, std::string("in.mrt: not MRT: the ") +
                                          (gzip ? "gzip" : "bzip2") +
                                          " data decodes to a first record header whose " + c.why);
      EXPECT_EQ(reader->counters().records, 0u);
    }
    // Plain input is read as before: its size bounds the work.
    std::string error;
    FormatAll(c.plain, &error);
    EXPECT_EQ(error.find("not MRT"), std::string::npos) << error;
  }
  // The earliest and the latest plausible times, a deprecated type, subtype 15, 16 MB.
  const Bytes plausible[] = {Record(631152000, 16, 1, body),
                             Record(static_cast<uint32_t>(std::time(nullptr)), 5, 15, body),
                             Bytes().u32(1600000000).u16(13).u16(2).u32(uint32_t{16} << 20)};
  for (const Bytes& b : plausible) {
    auto packed = Gzip(b.b);
    auto reader = MrtReader::FromMemory(packed, {}, "in.mrt");
    MrtRecord record;
    auto next = reader->Next(record);
    const std::string error = next ? "" : next.error().message;
    EXPECT_EQ(error.find("not MRT"), std::string::npos) << error;
  }
}

TEST(CompressedReader, MissingFileIsNotFound) {
  auto reader = CompressedReader::Open("/nonexistent/x.mrt");
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::kNotFound);
  EXPECT_NE(reader.error().message.find("/nonexistent/x.mrt"), std::string::npos);
}

}  // namespace
}  // namespace corroborate::measure
