// IODA API v2 JSON: raw signals, outage events (codf and ioda forms), alerts.
#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "core/text.h"
#include "ingest/measure/import.h"
#include "ingest/measure/json_input.h"

namespace corroborate::ingest {

namespace {

using nlohmann::json;

// "country/KP", {type, code}, or separate entityType/entityCode -> "country:KP".
std::string IodaEntity(const json& item) {
  std::string type, code;
  if (item.contains("entity")) {
    const json& e = item["entity"];
    if (e.is_object()) {
      type = JsonString(e, "type");
      code = JsonString(e, "code");
    } else if (e.is_string()) {
      std::string s = e.get<std::string>();
      size_t slash = s.find_first_of("/:");
      if (slash != std::string::npos) type = s.substr(0, slash), code = s.substr(slash + 1);
    }
  } else if (item.contains("location")) {
    std::string s = JsonString(item, "location");
    size_t slash = s.find_first_of("/:");
    if (slash != std::string::npos) type = s.substr(0, slash), code = s.substr(slash + 1);
  } else {
    type = JsonString(item, "entityType");
    code = JsonString(item, "entityCode");
  }
  if (type.empty() || code.empty()) return "";
  return NormalizeEntity(type + ":" + code);
}

double LevelRank(const std::string& level) {
  if (level == "critical") return 2;
  if (level == "warning") return 1;
  return 0;
}

Status ReadSeries(const json& s, std::string_view name, const std::string& path, Instant now,
                  MeasureImport& out) {
  Series series;
  series.entity = IodaEntity(s);
  series.datasource = JsonString(s, "datasource");
  auto from = JsonInstant(s.value("from", json()));
  auto step = JsonInstant(s.value("step", json()));
  if (series.entity.empty() || !from || !step || *step <= 0 || !s.contains("values") ||
      !s["values"].is_array()) {
    return Fail(ErrorCode::kParse,
                fmt::format("{}: signal series without entityType/entityCode, from, step or values", name));
  }
  // The last bin's end, unless it would pass the plausible times (or overflow).
  const Instant bins = static_cast<Instant>(s["values"].size());
  const Instant last = now + kDay;
  Instant end = *from;
  if (*from <= last && bins > 0)
    end = *step > (last - *from) / bins ? last + 1 : *from + *step * bins;
  if (std::string why = ImplausibleTimes(*from, end, now); !why.empty()) {
    if (end > last)
      why = fmt::format("from {} with {} steps of {} s ends more than a day after now ({})",
                        FormatRfc3339(*from), bins, *step, FormatRfc3339(now));
    return Fail(ErrorCode::kParse, fmt::format("{}: {}: signal series {}", name, path, why));
  }
  series.start = *from;
  series.step = *step;
  series.values.reserve(s["values"].size());
  for (const json& v : s["values"]) {
    series.values.push_back(v.is_number() ? v.get<double>() : kMissing);
  }
  series.provenance = std::string(name);
  out.series.push_back(std::move(series));
  return {};
}

void ReadEvent(const json& e, std::string_view name, const std::string& path, Instant now,
               MeasureImport& out) {
  OutageWindow w;
  w.entity = IodaEntity(e);
  std::optional<Instant> start, end;
  if (e.contains("start")) {  // codf
    start = JsonInstant(e["start"]);
    auto duration = JsonInstant(e.value("duration", json()));
    if (start && duration) end = *start + *duration;
  } else {  // ioda
    start = JsonInstant(e.value("from", json()));
    end = JsonInstant(e.value("until", json()));
  }
  if (w.entity.empty() || !start || !end || *end < *start) {
    out.warnings.push_back(fmt::format("{}: skipped an event without entity, start or end", name));
    return;
  }
  if (std::string why = ImplausibleTimes(*start, *end, now); !why.empty()) {
    out.warnings.push_back(fmt::format("{}: skipped the event at {}: {}", name, path, why));
    return;
  }
  w.start = *start;
  w.end = *end;
  w.source = "ioda";
  w.signal = JsonString(e, "datasource");
  if (w.signal.empty()) w.signal = JsonString(e, "method");
  if (e.contains("score") && e["score"].is_number()) w.score = e["score"].get<double>();
  w.severity = "critical";
  w.description = JsonString(e, "location_name");
  w.provenance = std::string(name);
  out.windows.push_back(std::move(w));
}

struct Alert {
  std::string entity, datasource, level;
  Instant time = 0;
  double value = 0, history = 0;
};

void GroupAlerts(std::vector<Alert> alerts, std::string_view name, MeasureImport& out) {
  std::sort(alerts.begin(), alerts.end(), [](const Alert& a, const Alert& b) {
    return std::tie(a.entity, a.datasource, a.time) < std::tie(b.entity, b.datasource, b.time);
  });
  constexpr Instant kDefaultStep = 300;
  for (size_t i = 0; i < alerts.size();) {
    if (LevelRank(alerts[i].level) == 0) {
      ++i;
      continue;
    }
    OutageWindow w;
    w.entity = alerts[i].entity;
    w.signal = alerts[i].datasource;
    w.source = "ioda";
    w.start = alerts[i].time;
    w.provenance = std::string(name);
    double worst = 0;
    size_t j = i;
    for (; j < alerts.size() && alerts[j].entity == w.entity && alerts[j].datasource == w.signal &&
           LevelRank(alerts[j].level) > 0;
         ++j) {
      worst = std::max(worst, LevelRank(alerts[j].level));
      bool more = j + 1 < alerts.size() && alerts[j + 1].entity == w.entity &&
                  alerts[j + 1].datasource == w.signal;
      Instant next = more ? alerts[j + 1].time : alerts[j].time + kDefaultStep;
      double drop = alerts[j].history > 0 ? std::max(0.0, 1 - alerts[j].value / alerts[j].history) * 100 : 0;
      w.score += drop * static_cast<double>(next - alerts[j].time) / 60.0;
      w.end = next;
    }
    w.severity = worst >= 2 ? "critical" : "warning";
    out.windows.push_back(std::move(w));
    i = j;
  }
}

}  // namespace

Result<MeasureImport> ImportIoda(std::string_view bytes, std::string_view name, Instant now) {
  auto doc = ParseJsonInput(bytes, name);
  if (!doc) return std::unexpected(doc.error());
  const json* data = &*doc;
  std::string root = "";
  if (doc->is_object()) {
    if (doc->contains("error") && !(*doc)["error"].is_null()) {
      return Fail(ErrorCode::kParse, fmt::format("{}: IODA reported an error: {}", name, (*doc)["error"].dump()));
    }
    if (!doc->contains("data")) return Fail(ErrorCode::kParse, fmt::format("{}: no IODA 'data' member", name));
    data = &(*doc)["data"];
    root = "data";
  }
  MeasureImport out;
  std::vector<Alert> alerts;
  // Walk nested arrays: signals come as [[series, ...]], events and alerts as
  // [item, ...]. Each item's path ("data[0][2]") names it in messages.
  std::vector<std::pair<const json*, std::string>> stack{{data, root}};
  while (!stack.empty()) {
    auto [node, path] = std::move(stack.back());
    stack.pop_back();
    if (node->is_array()) {
      for (size_t i = node->size(); i-- > 0;)
        stack.emplace_back(&(*node)[i], fmt::format("{}[{}]", path, i));
      continue;
    }
    if (!node->is_object()) {
      return Fail(ErrorCode::kParse, fmt::format("{}: IODA data holds a {} where an object was expected", name,
                                                 node->type_name()));
    }
    if (node->contains("values")) {
      if (auto st = ReadSeries(*node, name, path, now, out); !st)
        return std::unexpected(st.error());
    } else if (node->contains("level") && node->contains("time")) {
      Alert a;
      a.entity = IodaEntity(*node);
      a.datasource = JsonString(*node, "datasource");
      a.level = ToLowerAscii(JsonString(*node, "level"));
      auto t = JsonInstant((*node)["time"]);
      if (a.entity.empty() || !t) {
        out.warnings.push_back(fmt::format("{}: skipped an alert without entity or time", name));
        continue;
      }
      if (std::string why = ImplausibleTime("time", *t, now); !why.empty()) {
        out.warnings.push_back(fmt::format("{}: skipped the alert at {}: {}", name, path, why));
        continue;
      }
      a.time = *t;
      if ((*node).contains("value") && (*node)["value"].is_number()) a.value = (*node)["value"].get<double>();
      if ((*node).contains("historyValue") && (*node)["historyValue"].is_number()) {
        a.history = (*node)["historyValue"].get<double>();
      }
      alerts.push_back(std::move(a));
    } else if (node->contains("start") || node->contains("from")) {
      ReadEvent(*node, name, path, now, out);
    } else {
      out.warnings.push_back(fmt::format("{}: skipped an IODA record of unknown shape", name));
    }
  }
  GroupAlerts(std::move(alerts), name, out);
  if (out.series.empty() && out.windows.empty() && !out.warnings.empty()) {
    return Fail(ErrorCode::kParse, fmt::format("{}: no IODA signals, events or alerts could be read", name));
  }
  return out;
}

}  // namespace corroborate::ingest
