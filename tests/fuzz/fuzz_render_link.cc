// libFuzzer target: the link rule of every renderer (render/escape.h) on
// arbitrary bytes taken as a URL and as text. An accepted URL must be an
// http(s) URL, and a link built from it, in HTML and in Markdown, must pass
// the output checks (render_check.h); escaped text must hold no markup.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "render/escape.h"
#include "tests/fuzz/render_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace corroborate;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string html = "<p>" + render::HtmlEscape(input) + "</p>";
  if (auto url = render::LinkUrl(input)) {
    if (!fuzz::IsWebUrl(*url)) fuzz::FailOutput("LinkUrl", "accepted \"" + *url + "\"");
    html =
        "<p><a href=\"" + render::HtmlEscape(*url) + "\">" + render::HtmlEscape(input) + "</a></p>";
  }
  if (std::string p = fuzz::HtmlProblem(html); !p.empty()) fuzz::FailOutput("html", p);
  std::string md = "| a | b |\n|---|---|\n| " + render::MarkdownLink(input, input) + " | " +
                   render::MarkdownText(input) + " |\n";
  if (std::string p = fuzz::MarkdownProblem(md); !p.empty()) fuzz::FailOutput("markdown", p);
  return 0;
}
