#include "store/internal/evidence_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace corroborate::store::internal {

namespace {

using Json = nlohmann::ordered_json;

// A detector's figure as it was printed: integral values as integers.
Json Figure(double v) {
  if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 1e15)
    return Json(static_cast<std::int64_t>(v));
  return Json(v);
}

template <class T>
void Read(const Json& j, const char* key, std::optional<T>& out) {
  auto it = j.find(key);
  if (it != j.end() && it->is_number()) out = it->get<T>();
}

template <class T>
void Read(const Json& j, const char* key, T& out) {
  std::optional<T> value;
  Read(j, key, value);
  if (value) out = *value;
}

}  // namespace

std::string EvidenceJson(const WindowEvidence& e) {
  if (e.empty()) return "";
  Json j = Json::object();
  if (e.baseline_median) j["baseline_median"] = Figure(*e.baseline_median);
  if (e.min_value) j["min_value"] = Figure(*e.min_value);
  if (e.peak_events_per_bin) j["peak_events_per_bin"] = Figure(*e.peak_events_per_bin);
  if (e.bins) j["bins"] = *e.bins;
  if (e.step) j["step"] = *e.step;
  if (const RoutingEvidence* r = e.routing ? &*e.routing : nullptr) {
    j["target"] = r->target;
    j["peers_total"] = r->peers_total;
    j["prefixes_visible_before"] = r->prefixes_visible_before;
    j["prefixes_visible_worst"] = r->prefixes_visible_worst;
    j["prefixes_visible_after"] = r->prefixes_visible_after;
    j["prefixes_lost"] = r->prefixes_lost;
    j["peers_with_routes_before"] = r->peers_with_routes_before;
    j["peers_with_routes_worst"] = r->peers_with_routes_worst;
    j["upstream_before"] = r->upstream_before;
    j["upstream_after"] = r->upstream_after;
    if (r->withdrawal_spread_seconds)
      j["withdrawal_spread_seconds"] = *r->withdrawal_spread_seconds;
  }
  return j.dump();
}

WindowEvidence ParseEvidence(std::string_view text) {
  WindowEvidence e;
  if (text.empty()) return e;
  const Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return e;
  Read(j, "baseline_median", e.baseline_median);
  Read(j, "min_value", e.min_value);
  Read(j, "peak_events_per_bin", e.peak_events_per_bin);
  Read(j, "bins", e.bins);
  Read(j, "step", e.step);
  if (j.contains("prefixes_visible_before") || j.contains("target")) {
    RoutingEvidence r;
    if (auto it = j.find("target"); it != j.end() && it->is_string())
      r.target = it->get<std::string>();
    Read(j, "peers_total", r.peers_total);
    Read(j, "prefixes_visible_before", r.prefixes_visible_before);
    Read(j, "prefixes_visible_worst", r.prefixes_visible_worst);
    Read(j, "prefixes_visible_after", r.prefixes_visible_after);
    if (auto it = j.find("prefixes_lost"); it != j.end() && it->is_array()) {
      for (const Json& p : *it) {
        if (p.is_string()) r.prefixes_lost.push_back(p.get<std::string>());
      }
    }
    Read(j, "peers_with_routes_before", r.peers_with_routes_before);
    Read(j, "peers_with_routes_worst", r.peers_with_routes_worst);
    Read(j, "upstream_before", r.upstream_before);
    Read(j, "upstream_after", r.upstream_after);
    Read(j, "withdrawal_spread_seconds", r.withdrawal_spread_seconds);
    e.routing = std::move(r);
  }
  return e;
}

}  // namespace corroborate::store::internal
