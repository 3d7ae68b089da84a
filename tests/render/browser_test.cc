// Opens the briefing report in headless Chromium (Debian's `chromium`,
// installed by scripts/run test) at a phone's width (390 px) and a laptop's
// (1280 px): it renders without errors, the page never scrolls sideways, the
// chart and every table box lie inside the viewport (a wide table scrolls in
// its own box), and screenshots of both widths are written to
// build/<preset>/tests/render/browser_test_output/ for a person to look at.
//
// The measurements come from a copy of the page, framed at the width under
// test, with a script appended that writes them into the DOM around the
// frame, read back with chromium's --dump-dom.
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "render/escape.h"
#include "render/report.h"
#include "tests/render/sample_report.h"

namespace corroborate::render {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool HaveChromium() { return std::system("command -v chromium > /dev/null 2>&1") == 0; }

const fs::path kOutput = BROWSER_TEST_OUTPUT_DIR;

class Browser {
 public:
  Browser()
      : dir_(fs::temp_directory_path() / ("corroborate-browser-" + std::to_string(getpid()))) {
    fs::create_directories(dir_);
  }
  ~Browser() { fs::remove_all(dir_); }

  // chromium --headless with `args` on the page `html` (written to a file);
  // returns the exit status, standard output in `out`, standard error in `log`.
  int Run(const std::string& html, const std::string& args, std::string* out = nullptr,
          std::string* log = nullptr) {
    std::ofstream(dir_ / "page.html") << html;
    std::string cmd =
        "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
        "--disable-background-networking --disable-component-update --disable-sync "
        "--hide-scrollbars --enable-logging=stderr --v=0 --user-data-dir=" +
        (dir_ / "profile").string() + " " + args + " file://" + (dir_ / "page.html").string() +
        " > " + (dir_ / "out").string() + " 2> " + (dir_ / "log").string();
    int status = std::system(cmd.c_str());
    if (out) *out = Slurp(dir_ / "out");
    if (log) *log = Slurp(dir_ / "log");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // `html` in a frame `width` x `height` px: headless chromium keeps its
  // window at least 500 px wide, so narrower viewports are frames (srcdoc,
  // same origin as the page around it).
  static std::string Framed(const std::string& html, int width, int height) {
    return fmt::format(
        "<!DOCTYPE "
        "html><html><head><style>body{{margin:0}}iframe{{border:0;display:block}}</style></head>"
        "<body><iframe width=\"{}\" height=\"{}\" srcdoc=\"{}\"></iframe></body></html>",
        width, height, HtmlEscape(html));
  }

  // Layout of `html` in a viewport `width` px wide: the page's widths and the
  // boxes of the chart and the tables, as JSON.
  json Measure(const std::string& html, int width) {
    static constexpr const char* kScript = R"(<script>
(function () {
  var doc = document.documentElement;
  var m = {innerWidth: window.innerWidth, clientWidth: doc.clientWidth, scrollWidth: doc.scrollWidth,
           bodyScrollWidth: document.body.scrollWidth, scrollHeight: doc.scrollHeight, boxes: []};
  function box(kind, el) {
    var r = el.getBoundingClientRect();
    m.boxes.push({kind: kind, id: el.id || '', left: r.left, right: r.right, width: r.width,
                  inBox: !!(el.parentElement && el.parentElement.classList.contains('table-box'))});
  }
  document.querySelectorAll('figure svg').forEach(function (e) { box('chart', e); });
  document.querySelectorAll('.table-box').forEach(function (e) { box('table-box', e); });
  document.querySelectorAll('table').forEach(function (e) { box('table', e); });
  document.querySelectorAll('h1').forEach(function (e) { box('h1', e); m.h1Height = e.getBoundingClientRect().height; });
  var host = window.parent.document;
  var pre = host.createElement('pre');
  pre.id = 'measurements';
  pre.textContent = JSON.stringify(m);
  host.body.appendChild(pre);
})();
</script>)";
    std::string page = html;
    size_t end = page.rfind("</body>");
    page.insert(end == std::string::npos ? page.size() : end, kScript);
    std::string dom;
    Run(Framed(page, width, 900),
        "--window-size=" + std::to_string(std::max(width, 500)) + ",900 --dump-dom", &dom);
    size_t a = dom.find("<pre id=\"measurements\">"), b = dom.find("</pre>", a);
    if (a == std::string::npos || b == std::string::npos) return json();
    a += 23;
    std::string text = dom.substr(a, b - a);
    for (auto [from, to] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}) {
      for (size_t at; (at = text.find(from)) != std::string::npos;)
        text.replace(at, std::string(from).size(), to);
    }
    return json::parse(text, nullptr, false);
  }

  // Writes screenshots of `html` at `width`: the first screen and the whole page.
  void Screenshots(const std::string& html, int width, int full_height, const std::string& name) {
    fs::create_directories(kOutput);
    Run(html, "--window-size=" + std::to_string(width) + ",844 --screenshot=" +
                  (kOutput / (name + "-" + std::to_string(width) + ".png")).string());
    Run(html, "--window-size=" + std::to_string(width) + "," +
                  std::to_string(std::min(full_height, 16000)) + " --screenshot=" +
                  (kOutput / (name + "-" + std::to_string(width) + "-full.png")).string());
  }

 private:
  fs::path dir_;
};

// The demo's brief: every part filled from a realistic incident.
std::string DemoBrief() {
  fs::path out =
      fs::temp_directory_path() / ("corroborate-browser-demo-" + std::to_string(getpid()));
  std::string cmd =
      std::string(CORROBORATE_BIN) + " -q demo --out " + out.string() + " > /dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return "";
  std::string html = Slurp(out / "brief.html");
  fs::remove_all(out);
  return html;
}

// Overflow problems of one measured page, "" when none.
std::string LayoutProblems(const json& m, int width) {
  if (!m.is_object()) return "no measurements came back";
  std::string p;
  const double viewport = m["clientWidth"].get<double>();
  if (m["innerWidth"] != width)
    p += "window is " + m["innerWidth"].dump() + " px wide, not " + std::to_string(width) + "\n";
  if (m["scrollWidth"].get<double>() > viewport) {
    p += "the page scrolls sideways: " + m["scrollWidth"].dump() + " px in " +
         m["clientWidth"].dump() + "\n";
  }
  for (const json& b : m["boxes"]) {
    std::string kind = b["kind"];
    if (kind == "table" && !b["inBox"].get<bool>())
      p += "table " + b["id"].get<std::string>() + " outside a table box\n";
    if (kind == "table") continue;  // a table may be wider than its scrolling box
    if (b["left"].get<double>() < -0.5 || b["right"].get<double>() > viewport + 0.5) {
      p += kind + " " + b["id"].get<std::string>() + " from " + b["left"].dump() + " to " +
           b["right"].dump() + " px, outside the viewport\n";
    }
  }
  return p;
}

TEST(BrowserTest, BriefFitsPhoneAndLaptopWidthsWithScreenshots) {
  if (!HaveChromium())
    GTEST_SKIP()
        << "chromium is not installed (scripts/run test installs it): browser check skipped";
  std::string html = DemoBrief();
  ASSERT_FALSE(html.empty()) << "corroborate demo failed";
  Browser browser;
  std::string dom, log;
  ASSERT_EQ(browser.Run(html, "--dump-dom", &dom, &log), 0) << log;
  EXPECT_NE(dom.find("<svg"), std::string::npos);
  EXPECT_NE(dom.find("id=\"ach\""), std::string::npos);
  EXPECT_NE(dom.find("Bottom line up front"), std::string::npos);
  // No console messages (the page has no scripts: any is an error) and no failed loads.
  EXPECT_EQ(log.find(":CONSOLE"), std::string::npos) << log;
  EXPECT_EQ(log.find("net::ERR"), std::string::npos) << log;
  for (int width : {390, 1280}) {
    SCOPED_TRACE(width);
    json m = browser.Measure(html, width);
    EXPECT_EQ(LayoutProblems(m, width), "") << m.dump();
    if (!m.is_object()) continue;
    int charts = 0, boxes = 0;
    for (const json& b : m["boxes"])
      charts += b["kind"] == "chart", boxes += b["kind"] == "table-box";
    EXPECT_EQ(charts, 1);
    EXPECT_EQ(boxes, 4);  // hypotheses, ACH matrix, claim check, timeline
    if (width == 1280) {  // the whole ACH matrix in view, no scrolling needed to see a column
      for (const json& b : m["boxes"]) {
        if (b["kind"] == "table" && b["id"] == "ach") {
          EXPECT_LE(b["right"].get<double>(), m["clientWidth"].get<double>());
        }
      }
    }
    EXPECT_LT(m["h1Height"].get<double>(), 150) << "the title takes more than about three lines";
    browser.Screenshots(html, width, m["scrollHeight"].get<int>(), "brief");
    for (const char* suffix : {"", "-full"}) {
      fs::path shot = kOutput / ("brief-" + std::to_string(width) + suffix + ".png");
      ASSERT_TRUE(fs::exists(shot)) << shot;
      EXPECT_GT(fs::file_size(shot), 10000u) << shot;  // something was painted
    }
  }
}

TEST(BrowserTest, SampleBriefFitsBothWidths) {
  if (!HaveChromium())
    GTEST_SKIP()
        << "chromium is not installed (scripts/run test installs it): browser check skipped";
  Browser browser;
  std::string html = BriefHtml(testing::SampleReport());
  for (int width : {390, 1280}) {
    SCOPED_TRACE(width);
    EXPECT_EQ(LayoutProblems(browser.Measure(html, width), width), "");
  }
}

TEST(BrowserTest, TheChecksCanFail) {
  // A page that logs is flagged, and a page as wide as the old brief's ACH
  // matrix (a table not in a box) overflows at 390 px.
  if (!HaveChromium()) GTEST_SKIP() << "chromium is not installed";
  Browser browser;
  std::string log;
  browser.Run("<!DOCTYPE html><html><body><script>console.error('x')</script></body></html>",
              "--dump-dom", nullptr, &log);
  EXPECT_NE(log.find(":CONSOLE"), std::string::npos);
  std::string wide =
      "<!DOCTYPE html><html><head><meta name=\"viewport\" "
      "content=\"width=device-width\"></head><body>"
      "<figure><svg width=\"900\" height=\"100\"></svg></figure>"
      "<table id=\"ach\" style=\"width:1200px\"><tr><td>x</td></tr></table></body></html>";
  std::string problems = LayoutProblems(browser.Measure(wide, 390), 390);
  EXPECT_NE(problems.find("the page scrolls sideways"), std::string::npos) << problems;
  EXPECT_NE(problems.find("table ach outside a table box"), std::string::npos) << problems;
  EXPECT_NE(problems.find("chart "), std::string::npos) << problems;
}

}  // namespace
}  // namespace corroborate::render
