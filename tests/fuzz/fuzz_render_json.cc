// libFuzzer target: the JSON renderers (TimelineJS, timeline, check,
// ClaimReview, STIX, rank) and the text ones on a report whose every string
// comes from the input (render_input.h). Every output must parse as JSON,
// every url member must be "" or http(s), and TimelineJS's headline and
// text, which TimelineJS shows as HTML, must hold no markup from the data.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "tests/fuzz/render_check.h"
#include "tests/fuzz/render_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace corroborate;
  using fuzz::FailOutput;
  using fuzz::JsonProblem;
  render::Report r = fuzz::ReportFromInput(data, size);
  auto entries = render::BuildTimeline(r);
  auto parse = [](const char* what, const std::string& text) {
    auto j = nlohmann::ordered_json::parse(text, nullptr, false);
    if (j.is_discarded()) FailOutput(what, "not JSON");
    return j;
  };
  if (auto p =
          JsonProblem(parse("timelinejs", render::TimelineJs(r.title, entries, r.windows)), true);
      !p.empty()) {
    FailOutput("timelinejs", p);
  }
  if (auto p = JsonProblem(parse("timeline", render::TimelineJson(entries)), false); !p.empty()) {
    FailOutput("timeline json", p);
  }
  if (auto p = JsonProblem(parse("check", render::CheckJson(r)), false); !p.empty())
    FailOutput("check json", p);
  if (auto p =
          JsonProblem(parse("claimreview", render::ClaimReviewJsonLd(r, {r.title, r.title, r.title})), false);
      !p.empty()) {
    FailOutput("claimreview", p);
  }
  if (auto p = JsonProblem(parse("stix", render::StixBundle(r)), false); !p.empty())
    FailOutput("stix", p);
  (void)parse("rank", render::RankJson(r.assessment));
  (void)parse("events", render::EventsJson({r.incident}));
  (void)render::TimelineText(entries);
  (void)render::CheckText(r);
  (void)render::RankText(r.assessment);
  return 0;
}
