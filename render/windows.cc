#include "render/windows.h"

#include <fmt/core.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace corroborate::render {

namespace {

using Json = nlohmann::ordered_json;

// A detector's figure as it was always printed: integral values as integers.
Json Figure(double v) {
  if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 1e15)
    return Json(static_cast<std::int64_t>(v));
  return Json(v);
}

Json EvidenceObject(const WindowEvidence& e) {
  Json j = Json::object();
  if (e.baseline_median) j["baseline_median"] = Figure(*e.baseline_median);
  if (e.min_value) j["min_value"] = Figure(*e.min_value);
  if (e.peak_events_per_bin) j["peak_events_per_bin"] = Figure(*e.peak_events_per_bin);
  if (e.bins) j["bins"] = *e.bins;
  if (e.step) j["step"] = *e.step;
  if (e.routing) {
    const RoutingEvidence& r = *e.routing;
    j["target"] = r.target;
    j["peers_total"] = r.peers_total;
    j["prefixes_visible_before"] = r.prefixes_visible_before;
    j["prefixes_visible_worst"] = r.prefixes_visible_worst;
    j["prefixes_visible_after"] = r.prefixes_visible_after;
    j["prefixes_lost"] = r.prefixes_lost;
    j["peers_with_routes_before"] = r.peers_with_routes_before;
    j["peers_with_routes_worst"] = r.peers_with_routes_worst;
    j["upstream_before"] = r.upstream_before;
    j["upstream_after"] = r.upstream_after;
    if (r.withdrawal_spread_seconds) j["withdrawal_spread_seconds"] = *r.withdrawal_spread_seconds;
  }
  return j;
}

}  // namespace

std::string WindowsText(const std::vector<OutageWindow>& windows) {
  std::string table =
      fmt::format("{:<4} {:<12} {:<11} {:<17} {:<17} {:>7} {:<12} {:<9} {}\n", "id", "entity",
                  "kind", "start (UTC)", "end (UTC)", "minutes", "source", "severity", "signal");
  for (const OutageWindow& w : windows) {
    table += fmt::format("{:<4} {:<12} {:<11} {:<17} {:<17} {:>7} {:<12} {:<9} {}\n", w.id,
                         w.entity, WindowKindName(w.kind), FormatRfc3339(w.start).substr(0, 16),
                         FormatRfc3339(w.end).substr(0, 16), (w.end - w.start) / 60, w.source,
                         w.severity, w.signal);
  }
  return table;
}

std::string WindowsJson(const std::vector<OutageWindow>& windows) {
  Json a = Json::array();
  for (const OutageWindow& w : windows) {
    a.push_back({{"id", w.id},
                 {"entity", w.entity},
                 {"kind", WindowKindName(w.kind)},
                 {"start", FormatRfc3339(w.start)},
                 {"end", FormatRfc3339(w.end)},
                 {"source", w.source},
                 {"signal", w.signal},
                 {"severity", w.severity},
                 {"score", w.score},
                 {"cause", w.cause},
                 {"evidence", EvidenceObject(w.evidence)},
                 {"provenance", w.provenance}});
  }
  return Json{{"windows", a}}.dump(2) + "\n";
}

}  // namespace corroborate::render
