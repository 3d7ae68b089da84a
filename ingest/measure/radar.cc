// Cloudflare Radar outage annotations.
#include <fmt/core.h>

#include "core/text.h"
#include "ingest/measure/import.h"
#include "ingest/measure/json_input.h"

namespace corroborate::ingest {

Result<MeasureImport> ImportRadar(std::string_view bytes, std::string_view name, Instant now) {
  using nlohmann::json;
  auto doc = ParseJsonInput(bytes, name);
  if (!doc) return std::unexpected(doc.error());
  const json* list = &*doc;
  if (doc->is_object()) {
    if (doc->contains("success") && (*doc)["success"].is_boolean() && !(*doc)["success"].get<bool>()) {
      return Fail(ErrorCode::kParse, fmt::format("{}: Radar reported failure: {}", name,
                                                 doc->value("errors", json::array()).dump()));
    }
    if (doc->contains("result")) list = &(*doc)["result"];
    if (list->is_object() && list->contains("annotations")) list = &(*list)["annotations"];
  }
  if (!list->is_array()) {
    return Fail(ErrorCode::kParse, fmt::format("{}: expected Radar annotations (result.annotations[])", name));
  }
  MeasureImport out;
  size_t index = 0;
  for (const json& a : *list) {
    const size_t at = index++;
    if (!a.is_object()) {
      return Fail(ErrorCode::kParse, fmt::format("{}: Radar annotation is not an object", name));
    }
    auto start = JsonInstant(a.value("startDate", json()));
    if (!start) {
      out.warnings.push_back(fmt::format("{}: skipped annotation '{}' without startDate", name, JsonString(a, "id")));
      continue;
    }
    OutageWindow base;
    base.start = *start;
    auto end = JsonInstant(a.value("endDate", json()));
    base.end = end && *end >= *start ? *end : *start;  // ongoing: open end
    if (std::string why = ImplausibleTimes(base.start, base.end, now); !why.empty()) {
      out.warnings.push_back(fmt::format("{}: skipped annotations[{}] ('{}'): {}", name, at,
                                         JsonString(a, "id"), why));
      continue;
    }
    base.source = "radar";
    base.signal = JsonString(a, "dataSource");
    base.severity = "critical";
    if (a.contains("outage") && a["outage"].is_object()) {
      base.cause = JsonString(a["outage"], "outageCause");
      base.outage_type = JsonString(a["outage"], "outageType");
    }
    base.scope = JsonString(a, "scope");
    base.description = JsonString(a, "description");
    base.url = JsonString(a, "linkedUrl");
    base.provenance = fmt::format("{}#{}", name, JsonString(a, "id"));
    std::vector<std::string> entities;
    if (a.contains("locations") && a["locations"].is_array()) {
      for (const json& l : a["locations"]) {
        if (l.is_string()) entities.push_back(NormalizeEntity("country:" + l.get<std::string>()));
      }
    }
    if (a.contains("asns") && a["asns"].is_array()) {
      for (const json& n : a["asns"]) {
        if (n.is_number_integer()) entities.push_back("asn:" + std::to_string(n.get<std::int64_t>()));
        if (n.is_string()) entities.push_back(NormalizeEntity("asn:" + n.get<std::string>()));
      }
    }
    bool any = false;
    for (const std::string& e : entities) {
      if (e.empty()) continue;
      OutageWindow w = base;
      w.entity = e;
      out.windows.push_back(std::move(w));
      any = true;
    }
    if (!any) out.warnings.push_back(fmt::format("{}: skipped annotation '{}' with no location or ASN", name,
                                                 JsonString(a, "id")));
  }
  return out;
}

const char* MeasureFormatName(MeasureFormat format) {
  switch (format) {
    case MeasureFormat::kCsv: return "csv";
    case MeasureFormat::kIoda: return "ioda";
    case MeasureFormat::kRadar: return "radar";
    case MeasureFormat::kMrt: return "mrt";
    case MeasureFormat::kUnknown: break;
  }
  return "unknown";
}

MeasureFormat MeasureFormatFromName(std::string_view n) {
  if (n == "csv") return MeasureFormat::kCsv;
  if (n == "ioda") return MeasureFormat::kIoda;
  if (n == "radar") return MeasureFormat::kRadar;
  if (n == "mrt") return MeasureFormat::kMrt;
  return MeasureFormat::kUnknown;
}

MeasureFormat DetectMeasureFormat(std::string_view head, std::string_view name) {
  std::string lower = ToLowerAscii(name);
  auto ends = [&](std::string_view suffix) {
    return lower.size() >= suffix.size() && lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) == 0x8b) {
    return ends(".csv.gz") ? MeasureFormat::kUnknown : MeasureFormat::kMrt;
  }
  if (head.substr(0, 3) == "BZh") return MeasureFormat::kMrt;
  std::string_view t = TrimAscii(head);
  if (!t.empty() && (t.front() == '{' || t.front() == '[')) {
    if (t.find("\"annotations\"") != std::string_view::npos || t.find("\"outageCause\"") != std::string_view::npos ||
        t.find("\"startDate\"") != std::string_view::npos) {
      return MeasureFormat::kRadar;
    }
    return MeasureFormat::kIoda;
  }
  std::string first_line = ToLowerAscii(t.substr(0, t.find('\n')));
  if (first_line.find("entity") != std::string::npos && first_line.find(',') != std::string::npos) {
    return MeasureFormat::kCsv;
  }
  if (ends(".csv")) return MeasureFormat::kCsv;
  if (ends(".mrt") || ends(".bz2") || ends(".gz") || lower.find("updates.") != std::string::npos ||
      lower.find("bview.") != std::string::npos || lower.find("rib.") != std::string::npos) {
    return MeasureFormat::kMrt;
  }
  // Binary MRT: a plausible common header (timestamp, type 11..17, subtype).
  if (head.size() >= 12) {
    auto u16 = [&](size_t i) {
      return static_cast<unsigned>(static_cast<unsigned char>(head[i])) << 8 | static_cast<unsigned char>(head[i + 1]);
    };
    unsigned type = u16(4);
    if (type == 12 || type == 13 || type == 16 || type == 17) return MeasureFormat::kMrt;
  }
  return MeasureFormat::kUnknown;
}

}  // namespace corroborate::ingest
