// End to end: `corroborate parse feed` on good and bad files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace {

struct CliRun {
  int status = -1;
  std::string out, err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

CliRun RunCli(const std::string& args) {
  // Per-process name: CTest runs test cases in parallel processes.
  std::string err_path = testing::TempDir() + "feeds_cli_err_" + std::to_string(getpid()) + ".txt";
  std::string cmd = std::string(CORROBORATE_BIN) + " " + args + " 2>" + err_path;
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = Slurp(err_path);
  return r;
}

size_t Lines(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

const std::string kData = std::string(CORROBORATE_SOURCE_DIR) + "/tests/data/feeds/";

TEST(ParseFeedCli, MalformedFileGivesOneLineErrorAndFailure) {
  CliRun r = RunCli("parse feed " + kData + "not_a_feed.txt");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(Lines(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("not_a_feed.txt"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("error"), std::string::npos) << r.err;
}

TEST(ParseFeedCli, GoodFilesStillPrintedAroundBadOnes) {
  CliRun r = RunCli("parse feed " + kData + "windows1252.xml " + kData + "not_a_feed.txt " + kData +
                 "missing.xml " + kData + "utf16.xml");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(Lines(r.out), 2u) << r.out;
  EXPECT_NE(r.out.find("\"path\":\"" + kData + "windows1252.xml\""), std::string::npos);
  EXPECT_NE(r.out.find("\"recovered\":false"), std::string::npos);
  EXPECT_NE(r.out.find("\"feedType\":\"atom\""), std::string::npos);
  EXPECT_EQ(Lines(r.err), 2u) << r.err;
  EXPECT_NE(r.err.find("missing.xml"), std::string::npos);
  EXPECT_NE(r.err.find("not_a_feed.txt"), std::string::npos);
}

TEST(ParseFeedCli, AllGoodExitsZero) {
  CliRun r = RunCli("parse feed " + kData + "windows1252.xml");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(Lines(r.out), 1u);
  EXPECT_EQ(r.err, "");
}

}  // namespace
