// End-to-end: `corroborate extract attributions [--dct VALUE] [--model FILE] FILE...`
// (contract: ../shared/eval/README.md, "extract attributions").
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

CliRun Corroborate(const std::string& args) {
  fs::path err_file =
      fs::temp_directory_path() / ("attributions_cli_err_" + std::to_string(::getpid()));
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

std::vector<nlohmann::json> Lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

class AttributionsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("attributions_cli_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    a_ = (dir_ / "a.txt").string();
    b_ = (dir_ / "b.txt").string();
    // Multi-byte text before and inside the spans: offsets must be bytes.
    text_a_ =
        "Telecom minister Ana Silva said the outage began at 16:15. \xE2\x80\x9CIt was not an "
        "attack,\xE2\x80\x9D "
        "she said, \xE2\x80\x9C"
        "and service is back.\xE2\x80\x9D\n";
    std::ofstream(a_, std::ios::binary) << text_a_;
    std::ofstream(b_, std::ios::binary)
        << "Caf\xC3\xA9 owners said the network was down for a day.\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string a_, b_, text_a_;
};

TEST_F(AttributionsCliTest, OneObjectPerFileInInputOrderWithByteOffsets) {
  CliRun r = Corroborate("extract attributions --dct 2016-11-08 " + b_ + " " + a_);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<nlohmann::json> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["path"], b_);
  EXPECT_EQ(lines[1]["path"], a_);
  const nlohmann::json& all = lines[1]["attributions"];
  ASSERT_EQ(all.size(), 2u);
  for (const auto& at : all) {
    for (const char* key : {"source", "cue", "content", "kind", "speaker"})
      EXPECT_TRUE(at.contains(key)) << key;
    for (const char* key : {"name", "role", "organisation"})
      EXPECT_TRUE(at["speaker"].contains(key)) << key;
    for (const char* role : {"source", "cue"}) {
      const auto& s = at[role];
      ASSERT_TRUE(s.is_object());
      const std::size_t b = s["start"], e = s["end"];
      EXPECT_EQ(s["text"], text_a_.substr(b, e - b));  // byte offsets into the file
    }
    ASSERT_TRUE(at["content"].is_array());
    for (const auto& c : at["content"]) {
      const std::size_t b = c["start"], e = c["end"];
      EXPECT_LT(b, e);
      EXPECT_EQ(c["text"], text_a_.substr(b, e - b));
    }
  }
  // The second attribution starts after three 3-byte quotation marks' worth of bytes.
  EXPECT_EQ(all[1]["source"]["text"], "she");
  EXPECT_EQ(all[1]["source"]["start"], 87);
  EXPECT_EQ(all[1]["content"][0]["start"], 59);
  EXPECT_EQ(all[1]["content"][1]["end"], 123);
  EXPECT_EQ(all[1]["kind"], "direct");
  EXPECT_EQ(all[1]["speaker"]["name"], "Ana Silva");
  EXPECT_EQ(all[0]["speaker"]["organisation"], nullptr);
  EXPECT_EQ(lines[0]["attributions"][0]["source"]["text"], "Caf\xC3\xA9 owners");
}

TEST_F(AttributionsCliTest, WithoutDctAndWithTheModelFileGiven) {
  CliRun plain = Corroborate("extract attributions " + a_);
  ASSERT_EQ(plain.status, 0) << plain.err;
  const std::string model =
      std::string(CORROBORATE_SOURCE_DIR) + "/correlate/extract/models/attributions.model";
  CliRun with_model = Corroborate("extract attributions --model " + model + " " + a_);
  ASSERT_EQ(with_model.status, 0) << with_model.err;
  EXPECT_EQ(plain.out, with_model.out);
}

TEST_F(AttributionsCliTest, AMissingFileFailsAloneAndTheOthersArePrinted) {
  const std::string missing = (dir_ / "missing.txt").string();
  CliRun r = Corroborate("extract attributions " + a_ + " " + missing + " " + b_);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
  std::vector<nlohmann::json> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["path"], a_);
  EXPECT_EQ(lines[1]["path"], b_);
}

TEST_F(AttributionsCliTest, UsageErrors) {
  CliRun r = Corroborate("extract attributions --dct yesterday " + a_);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--dct"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  r = Corroborate("extract attributions --model " + a_ + " " + a_);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(a_), std::string::npos) << r.err;
  EXPECT_EQ(Corroborate("extract attributions").status, 2);
}

TEST_F(AttributionsCliTest, EmptyFileAndInvalidUtf8) {
  std::ofstream(dir_ / "empty.txt") << "";
  std::ofstream(dir_ / "bad.txt", std::ios::binary)
      << "\xFF\xFE Officials said \xC3 the link \x80was cut.\n";
  CliRun r = Corroborate("extract attributions " + (dir_ / "empty.txt").string() + " " +
                         (dir_ / "bad.txt").string());
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<nlohmann::json> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(lines[0]["attributions"].empty());
  const std::size_t size = fs::file_size(dir_ / "bad.txt");
  for (const auto& at : lines[1]["attributions"]) {
    for (const auto& c : at["content"]) EXPECT_LE(c["end"].get<std::size_t>(), size);
  }
}

TEST(AttributionsCliHelpTest, HelpNamesTheCommand) {
  CliRun r = Corroborate("extract --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("attributions"), std::string::npos) << r.out;
}

}  // namespace
