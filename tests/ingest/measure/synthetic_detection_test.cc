// Issue 4's bar on the bundled example: detection on the SYNTHETIC routing
// data recovers both outage windows to within one bin and the instability
// before the first (and none before the second), through the CLI.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/time.h"

namespace {

std::string Shell(const std::string& command, int* status) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen((command + " 2>/dev/null").c_str(), "r"), pclose);
  std::array<char, 65536> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
  *status = pclose(pipe.release());
  return out;
}

TEST(SyntheticDetectionTest, RecoversBothOutagesAndThePriorInstability) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("corroborate-synth-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string bin = std::string(CORROBORATE_BIN) + " -q --db " + (dir / "t.db").string() + " ";
  std::string mrt = (dir / "synthetic.mrt.gz").string();
  int status = 0;
  Shell(bin + "measure synthesize-mrt " + CORROBORATE_SOURCE_DIR + "/examples/nk-2014/routing-scenario.json -o " + mrt,
      &status);
  ASSERT_EQ(status, 0);
  Shell(bin + "measure import --target country:KP=asn:131279 " + mrt, &status);
  ASSERT_EQ(status, 0);
  std::string out = Shell(bin + "measure windows --json --target country:KP", &status);
  ASSERT_EQ(status, 0);
  fs::remove_all(dir);
  auto windows = nlohmann::json::parse(out)["windows"];
  auto at = [](const nlohmann::json& w, const char* key) {
    return corroborate::ParseIso8601(w[key].get<std::string>())->instant;
  };
  constexpr corroborate::Instant kBin = 300;
  const corroborate::Instant first_start = 1419264900, first_end = 1419299160;    // 12-22 16:15, 12-23 01:46
  const corroborate::Instant second_start = 1419676200, second_end = 1419683400;  // 12-27 10:30, 12:30
  bool first = false, second = false, before_first = false, before_second = false;
  for (const auto& w : windows) {
    corroborate::Instant s = at(w, "start"), e = at(w, "end");
    if (w["kind"] == "outage" && w["severity"] == "critical") {
      first |= std::llabs(s - first_start) <= kBin && std::llabs(e - first_end) <= kBin;
      second |= std::llabs(s - second_start) <= kBin && std::llabs(e - second_end) <= kBin;
    }
    if (w["kind"] == "instability") {
      // Flapping from late on the 19th up to the withdrawal.
      before_first |= s >= 1419019200 && s <= 1419051600 && e <= first_start + kBin && e >= first_start - 3600;
      before_second |= e > second_start - 3 * 86400 && s < second_start;
    }
  }
  EXPECT_TRUE(first) << out.substr(0, 4000);
  EXPECT_TRUE(second) << out.substr(0, 4000);
  EXPECT_TRUE(before_first) << out.substr(0, 4000);
  EXPECT_FALSE(before_second) << out.substr(0, 4000);
}

}  // namespace
