// End-to-end: `corroborate extract claims --dct VALUE FILE...`.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

CliRun Corroborate(const std::string& args) {
  fs::path err_file = fs::temp_directory_path() / ("claims_cli_err_" + std::to_string(::getpid()));
  std::string cmd = std::string(CORROBORATE_BIN) + " " + args + " 2>" + err_file.string();
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  std::ifstream in(err_file);
  std::ostringstream s;
  s << in.rdbuf();
  r.err = s.str();
  fs::remove(err_file);
  return r;
}

class ClaimsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("claims_cli_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "a.txt")
        << "Ruritania's Internet was down on Monday. Its network is back online, according to "
           "Acme Research, a company that monitors Internet traffic.\n\n"
           "“It may have been a denial-of-service attack,” said Jane Roe, an analyst at Acme Research.\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ClaimsCliTest, PrintsOneJsonObjectPerFile) {
  CliRun r = Corroborate("extract claims --dct 2014-12-23T10:00-05:00 " + (dir_ / "a.txt").string());
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["path"], (dir_ / "a.txt").string());
  EXPECT_EQ(j["dct"], "2014-12-23T10:00-05:00");
  ASSERT_TRUE(j["claims"].is_array());
  bool end = false, cause = false;
  for (const auto& c : j["claims"]) {
    for (const char* key : {"type", "sentence", "start", "end", "quote", "speaker", "via", "subject", "state", "scope",
                            "cause", "actor", "time", "duration", "certainty", "certainty_label", "negated", "cues",
                            "mentions", "stance", "about_this_event", "source", "cue"}) {
      EXPECT_TRUE(c.contains(key)) << key;
    }
    if (c["type"] == "outage_end") {
      end = true;
      EXPECT_EQ(c["speaker"]["name"], "Acme Research");
      EXPECT_EQ(c["time"]["start"], "2014-12-23T05:00:00Z");  // the DCT's local day
      EXPECT_EQ(c["time"]["granularity"], "day");
    }
    if (c["type"] == "cause_assertion") {
      cause = true;
      EXPECT_EQ(c["cause"], "cyberattack");
      EXPECT_EQ(c["speaker"]["name"], "Jane Roe");
      EXPECT_EQ(c["speaker"]["role"], "analyst");
      EXPECT_EQ(c["speaker"]["organisation"], "Acme Research");
      EXPECT_TRUE(c["quote"].is_string());
      EXPECT_LT(c["certainty"].get<double>(), 0.5);
      EXPECT_EQ(c["stance"], "hedges");
      EXPECT_EQ(c["about_this_event"], true);
      // The source and cue spans name the words in the file.
      ASSERT_TRUE(c["source"].is_object()) << c.dump();
      EXPECT_EQ(c["source"]["text"], "Jane Roe");
      ASSERT_TRUE(c["cue"].is_object()) << c.dump();
      EXPECT_EQ(c["cue"]["text"], "said");
      std::size_t start = c["cue"]["start"], stop = c["cue"]["end"];
      EXPECT_EQ(stop - start, 4u);
    }
  }
  EXPECT_TRUE(end);
  EXPECT_TRUE(cause);
}

TEST_F(ClaimsCliTest, BadFilesAreReportedAndTheRestProcessed) {
  std::string missing = (dir_ / "missing.txt").string();
  CliRun r = Corroborate("extract claims --dct 2014-12-23 " + missing + " " + (dir_ / "a.txt").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("\"claims\""), std::string::npos);  // a.txt still printed
}

TEST_F(ClaimsCliTest, BadDctIsAUsageError) {
  CliRun r = Corroborate("extract claims --dct yesterday " + (dir_ / "a.txt").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--dct"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

}  // namespace
