#include "store/internal/raw_codec.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/documents.h"
#include "store/internal/testing.h"
#include "tests/store/fixture.h"
#include "tests/store/internal/inspect.h"

namespace corroborate::store::internal {
namespace {

class RawCodecTest : public StoreTest {};

// A text of 32 bytes or more is the prefix; a shorter one is not worth the
// 12-byte tag. Either way the bytes come back as they went in.
TEST(RawCodec, RoundTripsWithAndWithoutTheTextPrefix) {
  const std::string text = "North Korea dropped off the Internet on Monday.";
  const std::string raw = "<html><p>" + text + "</p><p>" + std::string(300, 'z') + "</p>" +
                          std::string("\0\xff\x01", 3) + "</html>";
  const std::string prefixed = CompressRaw(raw, text);
  EXPECT_EQ(prefixed.substr(0, 12), std::string("\x5C\x2A\x4D\x18\x04\0\0\0text", 12));
  EXPECT_EQ(DecompressRaw(prefixed.data(), static_cast<int>(prefixed.size()),
                          static_cast<std::int64_t>(raw.size()), text),
            raw);
  const std::string plain = CompressRaw(raw, "short");
  EXPECT_EQ(plain.substr(0, 4), "\x28\xB5\x2F\xFD");  // a zstd frame, no tag
  EXPECT_EQ(DecompressRaw(plain.data(), static_cast<int>(plain.size()),
                          static_cast<std::int64_t>(raw.size()), "short"),
            raw);
  const std::string empty = CompressRaw("", text);
  EXPECT_EQ(DecompressRaw(empty.data(), static_cast<int>(empty.size()), 0, text), "");
}

// Bytes that do not decompress to the stored size, or a size out of range,
// throw instead of returning something else.
TEST(RawCodec, RefusesBytesThatDoNotDecompress) {
  const std::string text = "North Korea dropped off the Internet on Monday.";
  const std::string raw = "<p>" + text + "</p>";
  const std::string z = CompressRaw(raw, text);
  auto decompress = [&](const std::string& bytes, std::int64_t size, std::string_view prefix) {
    return DecompressRaw(bytes.data(), static_cast<int>(bytes.size()), size, prefix);
  };
  EXPECT_THROW(decompress(z, static_cast<std::int64_t>(raw.size()) + 1, text), std::runtime_error);
  EXPECT_THROW(
      decompress(z, static_cast<std::int64_t>(raw.size()), "another text of more than 32 bytes"),
      std::runtime_error);
  EXPECT_THROW(decompress(z, -1, text), std::runtime_error);
  EXPECT_THROW(decompress(z, std::int64_t{1} << 40, text), std::runtime_error);
  EXPECT_THROW(decompress("\x01\x02\x03 not a stream", 10, text), std::runtime_error);
}

// Raw bytes are written as zstd frames; rows written by earlier versions
// hold zlib streams and still read back.
TEST_F(RawCodecTest, RawBytesOfEarlierZlibRowsStillRead) {
  auto db = OpenOrDie();
  Documents documents(*db);
  Document d = Doc("https://a.example/zlib", "zlib text", "hz");
  d.raw = "<html><body><p>" + std::string(5000, 'x') + "</p></body></html>";
  auto report = documents.InsertDocuments({d});
  ASSERT_TRUE(report);
  SQLite::Database file(path_, SQLite::OPEN_READWRITE);
  {
    SQLite::Statement raw(file, "SELECT hex(substr(raw, 1, 4)) FROM documents");
    ASSERT_TRUE(raw.executeStep());
    EXPECT_EQ(raw.getColumn(0).getString(), "28B52FFD");  // zstd frame magic
  }
  uLongf size = compressBound(d.raw.size());
  std::string z(size, '\0');
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(z.data()), &size,
                      reinterpret_cast<const Bytef*>(d.raw.data()), d.raw.size(), 6),
            Z_OK);
  z.resize(size);
  SQLite::Statement update(file, "UPDATE documents SET raw = ?1");
  update.bind(1, z.data(), static_cast<int>(z.size()));
  ASSERT_EQ(update.exec(), 1);
  auto got = documents.GetDocument(report->ids[0]);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->doc.raw, d.raw);
  // Bytes that are neither give an error naming the document, not a crash.
  SQLite::Statement junk(file, "UPDATE documents SET raw = x'00010203040506'");
  ASSERT_EQ(junk.exec(), 1);
  auto bad = documents.GetDocument(report->ids[0]);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("do not decompress"), std::string::npos)
      << bad.error().message;
}

// Raw bytes that contain the document's text (a feed item's HTML, a post's
// JSON) are compressed with the text as a zstd prefix: the stored blob is a
// few dozen bytes where a plain frame needs about half of the text. Rows
// written before, as plain zstd frames, still read back.
TEST_F(RawCodecTest, RawBytesAreCompressedAgainstTheText) {
  auto db = OpenOrDie();
  Documents documents(*db);
  std::string text;
  std::uint32_t state = 12345;
  while (text.size() < 3000) {
    state = state * 1103515245u + 12345u;
    text += "word" + std::to_string((state >> 8) % 5000) + ' ';
  }
  Document d = Doc("https://a.example/prefix", text, "hp");
  d.raw = "<html><head><title>A story</title></head><body><article><p>" + text +
          "</p></article></body></html>";
  auto report = documents.InsertDocuments({d});
  ASSERT_TRUE(report) << report.error().message;
  SQLite::Database file(path_, SQLite::OPEN_READWRITE);
  {
    SQLite::Statement raw(file, "SELECT hex(substr(raw, 1, 12)), length(raw) FROM documents");
    ASSERT_TRUE(raw.executeStep());
    // A zstd skippable frame (magic 0x184D2A5C) holding "text".
    EXPECT_EQ(raw.getColumn(0).getString(), "5C2A4D180400000074657874");
    EXPECT_LT(raw.getColumn(1).getInt(), 120);
  }
  auto got = documents.GetDocument(report->ids[0]);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->doc.raw, d.raw);
  EXPECT_EQ(got->doc.text, text);

  std::string plain(ZSTD_compressBound(d.raw.size()), '\0');
  const size_t size = ZSTD_compress(plain.data(), plain.size(), d.raw.data(), d.raw.size(), 3);
  ASSERT_FALSE(ZSTD_isError(size));
  plain.resize(size);
  EXPECT_GT(plain.size(), 500u);  // what the prefix saves
  SQLite::Statement update(file, "UPDATE documents SET raw = ?1");
  update.bind(1, plain.data(), static_cast<int>(plain.size()));
  ASSERT_EQ(update.exec(), 1);
  got = documents.GetDocument(report->ids[0]);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->doc.raw, d.raw);
}

}  // namespace
}  // namespace corroborate::store::internal
