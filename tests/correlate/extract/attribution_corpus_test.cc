// The attribution scorer on PolNeAR's dev split (../shared/eval/
// attribution_eval.py with this build's binary), when the shared folder is
// there. The floors are the figures this model reaches (source F1 0.734,
// cue F1 0.760, content F1 0.815, triple F1 0.725 at the commit that set
// them), less a little for the noise of retraining; the goal of issue 19
// (0.80, 0.85, 0.75, 0.75) is not met yet: see docs/measurements.md.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>

namespace {

namespace fs = std::filesystem;

TEST(AttributionCorpusTest, PolnearDevScores) {
  const fs::path shared = CORROBORATE_SHARED_DIR;
  const fs::path script = shared / "eval" / "attribution_eval.py";
  if (!fs::exists(script) || !fs::exists(shared / "corpora" / "polnear" / "dev")) {
    GTEST_SKIP() << "no scorer or PolNeAR dev split under " << shared;
  }
  const std::string cmd =
      "python3 " + script.string() + " --bin " + CORROBORATE_BIN + " --split dev 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  std::smatch m;
  const std::regex last(
      R"(attributions: source F1 ([0-9.]+), cue F1 ([0-9.]+), content F1 ([0-9.]+), triple F1 ([0-9.]+) over (\d+) gold)");
  ASSERT_TRUE(std::regex_search(out, m, last)) << out;
  const double source = std::stod(m[1]), cue = std::stod(m[2]), content = std::stod(m[3]),
               triple = std::stod(m[4]);
  EXPECT_EQ(m[5], "2192");
  EXPECT_GE(source, 0.72) << out;
  EXPECT_GE(cue, 0.75) << out;
  EXPECT_GE(content, 0.80) << out;
  EXPECT_GE(triple, 0.71) << out;
  EXPECT_EQ(out.find("program errors"), std::string::npos) << out;
  EXPECT_EQ(out.find("note:"), std::string::npos) << out;  // no contract problem in the output
}

}  // namespace
