// Opens the briefing report in headless Chromium (Debian's `chromium`,
// installed by scripts/run test) and checks it renders without errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "render/report.h"
#include "correlate/rank/ach.h"

namespace corroborate::render {
namespace {

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Report SampleReport() {
  Report r;
  r.title = "Outage of country:KP";
  r.generated = 1419400000;
  r.incident = Incident{1, "country:KP", 1419264900, 1419299160, "country:KP outage", {3}, {}, {}};
  OutageWindow w;
  w.id = 3;
  w.entity = "country:KP";
  w.start = 1419264900;
  w.end = 1419299160;
  w.source = "csv";
  r.windows.push_back(w);
  Series s;
  s.entity = "country:KP";
  s.datasource = "bgp-prefixes";
  s.start = 1419264900 - kDay;
  s.values.assign(400, 4);
  r.series.push_back(s);
  auto hs = correlate::InstantiateHypotheses(correlate::DefaultTaxonomy(), {});
  r.assessment = correlate::Rank("country:KP", hs, {});
  return r;
}

// Runs chromium on `html`; returns false (and GTEST_SKIPs) when it is missing.
struct BrowserRun {
  int status = -1;
  std::string dom, log;
  std::uintmax_t screenshot_bytes = 0;
};

BrowserRun OpenInChromium(const std::string& html) {
  BrowserRun run;
  auto dir = std::filesystem::temp_directory_path() / ("corroborate-browser-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "brief.html") << html;
  std::string flags =
      "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
      "--disable-component-update --disable-sync --enable-logging=stderr --v=0 --user-data-dir=" +
      (dir / "profile").string();
  std::string url = "file://" + (dir / "brief.html").string();
  std::string dump = "timeout 120 chromium " + flags + " --dump-dom " + url + " > " + (dir / "dom.html").string() +
                     " 2> " + (dir / "log.txt").string();
  run.status = std::system(dump.c_str());
  std::string shot = "timeout 120 chromium " + flags + " --window-size=1200,2400 --screenshot=" +
                     (dir / "shot.png").string() + " " + url + " > /dev/null 2>&1";
  std::system(shot.c_str());
  run.dom = Slurp(dir / "dom.html");
  run.log = Slurp(dir / "log.txt");
  if (std::filesystem::exists(dir / "shot.png")) run.screenshot_bytes = std::filesystem::file_size(dir / "shot.png");
  std::filesystem::remove_all(dir);
  return run;
}

TEST(BrowserTest, BriefRendersInHeadlessChromiumWithoutErrors) {
  if (std::system("command -v chromium > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "chromium is not installed (scripts/run test installs it); browser check skipped";
  }
  BrowserRun run = OpenInChromium(BriefHtml(SampleReport()));
  ASSERT_EQ(run.status, 0) << run.log;
  // The DOM after load still holds the report's parts.
  EXPECT_NE(run.dom.find("<svg"), std::string::npos);
  EXPECT_NE(run.dom.find("id=\"ach\""), std::string::npos);
  EXPECT_NE(run.dom.find("Bottom line up front"), std::string::npos);
  // No console messages (the page has no scripts: any is an error) and no failed loads.
  EXPECT_EQ(run.log.find(":CONSOLE"), std::string::npos) << run.log;
  EXPECT_EQ(run.log.find("net::ERR"), std::string::npos) << run.log;
  EXPECT_GT(run.screenshot_bytes, 10000u);  // something was painted
}

TEST(BrowserTest, ConsoleErrorsAreCaught) {
  // The check above must be able to fail: a page that logs is flagged.
  if (std::system("command -v chromium > /dev/null 2>&1") != 0) GTEST_SKIP() << "chromium is not installed";
  BrowserRun run = OpenInChromium("<!DOCTYPE html><html><body><script>console.error('x')</script></body></html>");
  EXPECT_NE(run.log.find(":CONSOLE"), std::string::npos);
}

}  // namespace
}  // namespace corroborate::render
