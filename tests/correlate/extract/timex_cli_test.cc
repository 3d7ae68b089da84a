// End-to-end: `corroborate extract timex` prints one JSON line per file,
// byte offsets into the file, and fails cleanly on bad input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

namespace fs = std::filesystem;

struct CliRun {
  int status = -1;
  std::string out;
};

CliRun RunCli(const std::string& args) {
  std::string command = std::string(CORROBORATE_BIN) + " " + args + " 2>&1";
  CliRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) run.out.append(buf.data(), n);
  int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST(TimexCliTest, PrintsTimexesWithByteOffsets) {
  fs::path file = fs::path(CORROBORATE_SOURCE_DIR) / "tests" / "data" / "extract" / "timex_sample.txt";
  CliRun run = RunCli("extract timex --dct 2014-12-22T21:00-05:00 " + file.string());
  ASSERT_EQ(run.status, 0) << run.out;
  auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["path"], file.string());
  EXPECT_EQ(j["dct"], "2014-12-22T21:00-05:00");
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  bool duration = false, clock = false;
  for (const auto& t : j["timexes"]) {
    std::size_t start = t["start"].get<std::size_t>(), stop = t["end"].get<std::size_t>();
    EXPECT_EQ(text.substr(start, stop - start), t["text"].get<std::string>());
    if (t["value"] == "PT9H30M") {
      duration = true;
      EXPECT_EQ(t["type"], "DURATION");
      EXPECT_TRUE(t["utc_start"].is_null());
    }
    if (t["text"] == "16:15 UTC") {
      clock = true;
      EXPECT_EQ(t["value"], "2014-12-22T16:15");
      EXPECT_EQ(t["utc_start"], "2014-12-22T16:15:00Z");
      EXPECT_EQ(t["granularity"], "minute");
    }
  }
  EXPECT_TRUE(duration);
  EXPECT_TRUE(clock);
}

TEST(TimexCliTest, PrintsZonesAndRanges) {
  fs::path file = fs::temp_directory_path() /
                  ("corroborate-timex-range-" + std::to_string(::getpid()) + ".txt");
  std::ofstream(file)
      << "Routes were withdrawn between 15:40 and 22:45 UTC, and came back at 9 a.m. ET.\n";
  CliRun run = RunCli("extract timex --dct 2021-10-05 " + file.string());
  fs::remove(file);
  ASSERT_EQ(run.status, 0) << run.out;
  auto j = nlohmann::json::parse(run.out);
  ASSERT_EQ(j["timexes"].size(), 3u) << run.out;
  const auto& from = j["timexes"][0];
  EXPECT_EQ(from["text"], "15:40");
  EXPECT_EQ(from["zone"], "+00:00");  // the zone written after the range's end
  EXPECT_EQ(from["range_start"], "2021-10-05T15:40:00Z");
  EXPECT_EQ(from["range_end"], "2021-10-05T22:45:00Z");
  EXPECT_EQ(j["timexes"][1]["range_end"], "2021-10-05T22:45:00Z");
  const auto& et = j["timexes"][2];
  EXPECT_EQ(et["zone"], "America/New_York");
  EXPECT_EQ(et["utc_start"], "2021-10-05T13:00:00Z");  // EDT in October
  EXPECT_FALSE(et.contains("range_start"));
}

TEST(TimexCliTest, BadDctIsAUsageError) {
  fs::path file = fs::path(CORROBORATE_SOURCE_DIR) / "tests" / "data" / "extract" / "timex_sample.txt";
  CliRun run = RunCli("extract timex --dct not-a-date " + file.string());
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.out.find("--dct"), std::string::npos) << run.out;
}

TEST(TimexCliTest, MissingFileIsReportedAndOthersStillProcessed) {
  fs::path file = fs::path(CORROBORATE_SOURCE_DIR) / "tests" / "data" / "extract" / "timex_sample.txt";
  CliRun run = RunCli("extract timex --dct 2014-12-22 /nonexistent/story.txt " + file.string());
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.out.find("/nonexistent/story.txt"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("\"timexes\""), std::string::npos) << run.out;
}

}  // namespace
