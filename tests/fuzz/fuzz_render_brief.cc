// libFuzzer target: the briefing report (HTML, Markdown, SVG chart) and the
// Markdown timeline of a report whose every string comes from the input
// (render_input.h). Aborts when an output holds markup, an attribute or a
// link that came from the data (render_check.h), or when the chart grows
// with the span of time rather than with the data.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/render_check.h"
#include "tests/fuzz/render_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace corroborate;
  using fuzz::FailOutput;
  render::Report r = fuzz::ReportFromInput(data, size);
  if (std::string p = fuzz::HtmlProblem(render::BriefHtml(r)); !p.empty())
    FailOutput("brief.html", p);
  std::string svg = render::SignalSvg(r);
  if (std::string p = fuzz::HtmlProblem(svg); !p.empty()) FailOutput("brief.svg", p);
  // A bounded number of ticks, and a mark (whose title holds the escaped
  // text) per window and claim.
  if (svg.size() > 8192 + 1024 * (r.windows.size() + r.claims.size()) + 8 * size) {
    FailOutput("brief.svg", std::to_string(svg.size()) + " bytes");
  }
  if (std::string p = fuzz::MarkdownProblem(render::BriefMarkdown(r)); !p.empty())
    FailOutput("brief.md", p);
  auto entries = render::BuildTimeline(r);
  if (std::string p = fuzz::MarkdownProblem(render::TimelineMarkdown(entries)); !p.empty()) {
    FailOutput("timeline markdown", p);
  }
  return 0;
}
