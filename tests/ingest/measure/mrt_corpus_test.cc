// The 12 bgpdump test dumps decode to exactly bgpdump's expected `-m` output,
// and the CLI reports a truncated file with one error line and exit code 1.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ingest/measure/compressed_reader.h"
#include "ingest/measure/mrt.h"

namespace corroborate::measure {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& path) {
  auto reader = CompressedReader::Open(path.string());
  EXPECT_TRUE(reader);
  if (!reader) return {};
  std::string text;
  char buf[65536];
  while (true) {
    auto n = (*reader)->Read(reinterpret_cast<uint8_t*>(buf), sizeof buf);
    EXPECT_TRUE(n);
    if (!n || *n == 0) break;
    text.append(buf, *n);
  }
  return text;
}

TEST(MrtCorpus, BgpdumpTestDataMatchesExpectedOutput) {
  fs::path base = fs::path(CORROBORATE_SHARED_DIR) / "corpora/mrt/bgpdump";
  if (!fs::is_directory(base / "test_data")) GTEST_SKIP() << "no MRT corpus at " << base << " (shared folder missing)";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(base / "test_data")) {
    fs::path expected_path = base / "test_expect" / (entry.path().filename().string() + ".bgp.gz");
    if (!fs::exists(expected_path)) continue;
    ++files;
    MrtOptions options;
    options.as_path_text = false;
    auto reader = MrtReader::Open(entry.path().string(), options);
    ASSERT_TRUE(reader) << reader.error().message;
    std::string text;
    MrtRecord record;
    while (true) {
      auto more = (*reader)->Next(record);
      ASSERT_TRUE(more) << more.error().message;
      if (!*more) break;
      FormatBgpdump(record, text);
    }
    std::string expected = ReadAll(expected_path);
    if (text != expected) {
      size_t at = 0;
      while (at < text.size() && at < expected.size() && text[at] == expected[at]) ++at;
      size_t line_start = expected.rfind('\n', at);
      line_start = line_start == std::string::npos ? 0 : line_start + 1;
      ADD_FAILURE() << entry.path().filename() << " differs at byte " << at << ": want \""
                    << expected.substr(line_start, expected.find('\n', at) - line_start) << "\"";
    }
    EXPECT_EQ((*reader)->counters().malformed, 0u) << entry.path().filename();
  }
  EXPECT_EQ(files, 12);
}

TEST(MrtCli, TruncatedFilePrintsWhatItCanThenOneErrorLine) {
  fs::path dir = fs::temp_directory_path() / ("mrt_cli_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // One STATE_CHANGE record (RFC 6396 4.4.1), then 7 bytes of a second header.
  const unsigned char state[] = {0, 0, 0, 10, 0, 16, 0, 0, 0, 0, 0, 20, 0xfb, 0xf4, 0xfd, 0xe7, 0, 0, 0, 1,
                                 192, 0, 2, 10, 192, 0, 2, 99, 0, 3, 0, 6, 0, 0, 0, 11, 0, 16, 0};
  {
    std::ofstream out(dir / "cut.mrt", std::ios::binary);
    out.write(reinterpret_cast<const char*>(state), sizeof state);
  }
  std::string command = std::string(CORROBORATE_BIN) + " parse mrt --format bgpdump " + (dir / "cut.mrt").string() +
                        " " + (dir / "missing.mrt").string() + " >" + (dir / "out").string() + " 2>" +
                        (dir / "err").string();
  int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  std::ifstream out(dir / "out"), err(dir / "err");
  std::string out_text((std::istreambuf_iterator<char>(out)), {}), err_text((std::istreambuf_iterator<char>(err)), {});
  EXPECT_EQ(out_text, "BGP4MP|10|STATE|192.0.2.10|64500|3|6\n");
  EXPECT_NE(err_text.find("cut.mrt: truncated MRT record at offset 32\n"), std::string::npos) << err_text;
  EXPECT_NE(err_text.find("missing.mrt: "), std::string::npos) << err_text;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace corroborate::measure
