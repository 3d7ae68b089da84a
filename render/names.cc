#include "render/names.h"

#include <fmt/core.h>

#include <algorithm>
#include <map>

#include "render/report.h"
#include "core/text.h"

namespace corroborate::render {

namespace data {
std::string_view EmbeddedFile(std::string_view name);
}  // namespace data

namespace {

// Code -> first name of each row of the country gazetteer.
const std::map<std::string, std::string, std::less<>>& CountryTable() {
  static const auto* table = [] {
    auto* t = new std::map<std::string, std::string, std::less<>>;
    std::string_view file = data::EmbeddedFile("gazetteer_countries.tsv");
    size_t start = 0;
    while (start < file.size()) {
      size_t nl = file.find('\n', start);
      if (nl == std::string_view::npos) nl = file.size();
      std::string_view line = file.substr(start, nl - start);
      start = nl + 1;
      if (line.empty() || line.front() == '#') continue;
      size_t tab = line.find('\t');
      if (tab == std::string_view::npos) continue;
      std::string_view names = line.substr(tab + 1);
      names = names.substr(0, std::min(names.find('\t'), names.find('|')));
      t->emplace(std::string(line.substr(0, tab)), std::string(names));
    }
    return t;
  }();
  return *table;
}

std::string Capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// "the United States" reads better after "of" than "United States".
std::string CountryAfterOf(std::string_view code) {
  std::string name = CountryName(code);
  if (name.empty()) return std::string(code);
  if (name.rfind("United ", 0) == 0 || name.rfind("Republic ", 0) == 0 ||
      name.find(" Republic") != std::string::npos || name.find("Islands") != std::string::npos ||
      name.rfind("Netherlands", 0) == 0) {
    return "the " + name;
  }
  return name;
}

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string CountryName(std::string_view iso2) {
  std::string code(iso2);
  for (char& c : code) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  auto it = CountryTable().find(code);
  return it == CountryTable().end() ? "" : it->second;
}

std::string EntityName(std::string_view entity) {
  size_t colon = entity.find(':');
  if (colon == std::string_view::npos) return std::string(entity);
  std::string_view kind = entity.substr(0, colon), code = entity.substr(colon + 1);
  if (kind == "country") {
    std::string name = CountryName(code);
    return name.empty() ? std::string(code) : Capitalized(name);
  }
  if (kind == "asn") return "AS" + std::string(code);
  if (kind == "prefix") return std::string(code);
  if (kind == "region") return "region " + std::string(code);
  return std::string(entity);
}

std::string IncidentName(const Incident& incident, const std::vector<OutageWindow>& windows) {
  std::string name = EntityName(incident.entity);
  std::vector<std::string> systems;
  for (const OutageWindow& w : windows) {
    if (w.entity.rfind("asn:", 0) != 0 || w.entity == incident.entity) continue;
    std::string as = EntityName(w.entity);
    if (std::find(systems.begin(), systems.end(), as) == systems.end()) systems.push_back(as);
  }
  if (systems.empty()) return name;
  constexpr size_t kMaxSystems = 3;
  std::string list;
  for (size_t i = 0; i < systems.size() && i < kMaxSystems; ++i)
    list += (i ? ", " : "") + systems[i];
  if (systems.size() > kMaxSystems)
    list += fmt::format(" and {} more", systems.size() - kMaxSystems);
  return name + " (" + list + ")";
}

std::string HypothesisLabel(const Hypothesis& h) {
  size_t colon = h.id.find(':');
  if (colon == std::string::npos) return h.label;
  std::string code = h.id.substr(colon + 1);
  std::string suffix = " (" + code + ")";
  std::string name = CountryName(code);
  if (name.empty() || h.label.size() < suffix.size() ||
      h.label.compare(h.label.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return h.label;
  }
  return h.label.substr(0, h.label.size() - suffix.size()) + " (" + name + ")";
}

std::string HypothesisHeading(const Hypothesis& h) {
  std::string label = HypothesisLabel(h);
  size_t colon = h.id.find(':');
  std::string country = colon == std::string::npos ? "" : CountryName(h.id.substr(colon + 1));
  // Drop a bracketed detail, "(equipment, configuration, routing)", but not
  // the country of an instantiated hypothesis.
  size_t open = label.find(" (");
  if (open != std::string::npos &&
      (country.empty() || label.find(country, open) == std::string::npos)) {
    label.erase(open);
  }
  return label;
}

std::string ActorName(const Hypothesis& h, std::string_view incident_entity) {
  std::string_view actor = h.actor;
  size_t colon = actor.find(':');
  std::string_view kind = actor.substr(0, colon);
  if (kind == "hacktivist") return "Hacktivists or a hacker group";
  if (kind == "foreign_state") {
    return colon == std::string_view::npos
               ? "A foreign state"
               : "Government of " + CountryAfterOf(actor.substr(colon + 1));
  }
  if (kind == "own_government") {
    if (incident_entity.rfind("country:", 0) == 0)
      return "Government of " + CountryAfterOf(incident_entity.substr(8));
    return "The country's own government";
  }
  if (kind == "upstream_provider") return "Upstream provider";
  std::string words(actor);
  std::replace(words.begin(), words.end(), '_', ' ');
  return Capitalized(words);
}

std::string ClaimTypeName(std::string_view type) {
  static const std::map<std::string, std::string, std::less<>> kNames = {
      {"outage_state", "Outage reported"},
      {"outage_start", "Start of the outage"},
      {"outage_end", "End of the outage"},
      {"outage_duration", "Length of the outage"},
      {"outage_scope", "Extent of the outage"},
      {"cause_assertion", "Cause suggested"},
      {"denial", "Denial"},
      {"threat", "Threat"},
      {"measurement_report", "Measurement reported"},
  };
  auto it = kNames.find(type);
  if (it != kNames.end()) return it->second;
  std::string words(type);
  std::replace(words.begin(), words.end(), '_', ' ');
  return Capitalized(words);
}

std::string SourceName(const ClaimView& c) {
  std::vector<std::string> printed;
  auto seen = [&](std::string_view name) {
    for (const std::string& p : printed) {
      if (EqualsIgnoreCase(p, name)) return true;
    }
    return false;
  };
  std::string s;
  std::string speaker = CollapseWhitespace(c.speaker);
  if (!speaker.empty()) {
    s = speaker;
    printed.push_back(speaker);
    std::string role = CollapseWhitespace(c.role), org = CollapseWhitespace(c.organisation);
    if (EqualsIgnoreCase(org, speaker)) org.clear();
    if (!role.empty() || !org.empty()) {
      s += " (" + role + (role.empty() || org.empty() ? "" : ", ") + org + ")";
      if (!org.empty()) printed.push_back(org);
    }
  }
  std::vector<std::string> channels;
  for (const std::string& v : c.via) channels.push_back(CollapseWhitespace(v));
  channels.push_back(CollapseWhitespace(c.outlet));
  std::string rest;
  for (const std::string& v : channels) {
    if (v.empty() || seen(v)) continue;
    printed.push_back(v);
    rest += (rest.empty() ? "" : ", ") + v;
  }
  if (s.empty()) return rest.empty() ? "unattributed" : rest;
  return rest.empty() ? s : s + " via " + rest;
}

std::string Clip(std::string_view s, size_t n) {
  std::string c = CollapseWhitespace(s);
  if (c.size() <= n) return c;
  size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(c[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return c.substr(0, cut) + "...";
}

std::string HumanTime(Instant t, bool date_only) {
  CivilTime c = ToCivil(t);
  std::string date =
      fmt::format("{} {} {}", c.date.day, kMonths[(c.date.month + 11) % 12], c.date.year);
  if (date_only) return date;
  return fmt::format("{} {:02}:{:02} UTC", date, c.hour, c.minute);
}

std::string HumanSpan(Instant start, Instant end) {
  CivilTime a = ToCivil(start), b = ToCivil(end);
  std::string first = HumanTime(start);
  first.resize(first.size() - 4);  // " UTC"
  if (a.date.year == b.date.year && a.date.month == b.date.month && a.date.day == b.date.day) {
    return fmt::format("{} to {:02}:{:02} UTC", first, b.hour, b.minute);
  }
  return first + " to " + HumanTime(end);
}

}  // namespace corroborate::render
