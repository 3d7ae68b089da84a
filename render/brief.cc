// The briefing report (Markdown and self-contained HTML) and its SVG chart.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "core/text.h"
#include "render/escape.h"
#include "render/names.h"
#include "render/report.h"

namespace corroborate::render {

namespace {

std::string Esc(std::string_view s) { return HtmlEscape(s); }

std::string Md(std::string_view s) { return MarkdownText(s); }

// A time for a column headed "(UTC)": "22 Dec 2014 16:15", or the day alone.
std::string WhenCell(Instant t, bool date_only) {
  std::string s = HumanTime(t, date_only);
  if (s.ends_with(" UTC")) s.resize(s.size() - 4);
  return s;
}

std::string Hm(std::int64_t s) { return fmt::format("{} h {:02} min", s / 3600, s % 3600 / 60); }

const OutageWindow* MainOutage(const Report& r) {
  const OutageWindow* best = nullptr;
  for (const OutageWindow& w : r.windows) {
    if (w.kind != WindowKind::kOutage) continue;
    if (!best || (w.end - w.start) > (best->end - best->start)) best = &w;
  }
  return best;
}

const Series* ChartSeries(const Report& r) {
  const Series* best = nullptr;
  for (const Series& s : r.series) {
    bool preferred = s.datasource.find("prefix") != std::string::npos || s.datasource == "bgp";
    if (!best || (preferred && best->datasource.find("prefix") == std::string::npos &&
                  best->datasource != "bgp")) {
      best = &s;
    }
  }
  return best;
}

struct Counts {
  int consistent = 0, partly = 0, inconsistent = 0, unchecked = 0;
};

Counts CountVerdicts(const Report& r) {
  Counts c;
  for (const Alignment& a : r.alignments) {
    switch (a.verdict) {
      case Verdict::kConsistent:
        ++c.consistent;
        break;
      case Verdict::kPartlyConsistent:
        ++c.partly;
        break;
      case Verdict::kInconsistent:
        ++c.inconsistent;
        break;
      case Verdict::kNotCheckable:
        ++c.unchecked;
        break;
    }
  }
  return c;
}

std::string Capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// Sentences of the bottom line; likelihood and confidence never share one.
// The matrix's columns in ranking order, without hypotheses no row rates
// (every cell N): they hold no information and would only widen the table.
std::vector<size_t> RatedColumns(const Assessment& a) {
  std::vector<size_t> cols;
  for (size_t c : RankedColumns(a)) {
    bool rated = std::any_of(a.evidence.begin(), a.evidence.end(), [&](const EvidenceRow& e) {
      return c < e.ratings.size() && e.ratings[c] != Rating::kNeutral;
    });
    if (rated) cols.push_back(c);
  }
  return cols;
}

// Names the hypotheses RatedColumns leaves out, "" when none.
std::string UnratedSentence(const Assessment& a) {
  std::vector<size_t> rated = RatedColumns(a);
  std::string names;
  for (size_t c : RankedColumns(a)) {
    if (std::find(rated.begin(), rated.end(), c) != rated.end()) continue;
    names += (names.empty() ? "" : ", ") + HypothesisLabel(a.hypotheses[c]);
  }
  return names.empty() ? "" : " No evidence bears on (columns left out): " + names + ".";
}

std::vector<std::string> BottomLine(const Report& r) {
  std::vector<std::string> out;
  if (const OutageWindow* w = MainOutage(r)) {
    out.push_back(fmt::format("{} was cut off from the Internet from {} ({}), as measured by {}.",
                              IncidentName(r.incident, r.windows), HumanSpan(w->start, w->end),
                              Hm(w->end - w->start), w->source));
  } else {
    out.push_back(
        fmt::format("No outage of {} was measured.", IncidentName(r.incident, r.windows)));
  }
  Counts c = CountVerdicts(r);
  out.push_back(fmt::format(
      "Of {} claims checked against the measurements, {} are consistent, {} partly consistent "
      "and {} inconsistent; {} could not be checked.",
      c.consistent + c.partly + c.inconsistent, c.consistent, c.partly, c.inconsistent,
      c.unchecked));
  const auto& rank = r.assessment.ranking;
  if (!rank.empty()) {
    const Assessment& a = r.assessment;
    const RankedHypothesis& top = rank[0];
    if (!a.leader.empty()) {
      out.push_back(fmt::format("The most likely explanation is \"{}\": it is {} ({:.0f}%).",
                                top.hypothesis.label, top.likelihood, top.probability * 100));
    } else if (!a.leading_cause.empty()) {
      out.push_back(fmt::format(
          "The cause is {} ({:.0f}%), who is behind it undetermined; the most supported "
          "explanation is \"{}\" ({:.0f}%).",
          a.leading_cause, a.leading_cause_probability * 100, top.hypothesis.label,
          top.probability * 100));
    } else if (!a.has_evidence) {
      out.push_back(fmt::format(
          "The cause is undetermined: no statement or measurement bears on it; by base rates the "
          "most common explanation is \"{}\" ({:.0f}%).",
          top.hypothesis.label, top.probability * 100));
    } else {
      out.push_back(fmt::format(
          "The cause is undetermined; the most supported explanation is \"{}\" ({:.0f}%).",
          top.hypothesis.label, top.probability * 100));
    }
    out.push_back(fmt::format(
        "We have {} confidence in this assessment{}.", r.assessment.confidence,
        r.assessment.confidence_reasons.empty() ? "" : ": " + r.assessment.confidence_reasons[0]));
  }
  return out;
}

std::vector<std::string> KeyJudgments(const Report& r) {
  std::vector<std::string> out;
  for (const RankedHypothesis& h : r.assessment.ranking) {
    out.push_back(fmt::format("{} is {} ({:.0f}%; ACH rank {}, weighted inconsistency {:.2f}).",
                              Capitalized(HypothesisLabel(h.hypothesis)), h.likelihood,
                              h.probability * 100, h.rank, h.inconsistency));
  }
  return out;
}

struct Tick {
  Instant at;
  std::string label;     // "16:00", "22 Dec", "Jan", "2015"
  std::string sublabel;  // the day or year under the first label and where it changes
};

Instant FloorDiv(Instant a, Instant b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

constexpr const char* kMonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// At most about kMaxTicks ticks between t0 and t1, in the finest unit that
// keeps within it: hours (spans under two days), days, weeks, months, years.
// Labels carry the date and year where they change, so the axis reads alone.
std::vector<Tick> AxisTicks(Instant t0, Instant t1) {
  constexpr Instant kMaxTicks = 8;
  const Instant span = t1 - t0;
  std::vector<Tick> ticks;
  if (span <= 0) return ticks;
  std::string last_sub;
  auto add = [&](Instant t, std::string label, std::string sub) {
    ticks.push_back({t, std::move(label), sub == last_sub ? "" : sub});
    last_sub = std::move(sub);
  };
  // Fixed steps, aligned to multiples of the step from the epoch.
  for (Instant step :
       {kHour, 2 * kHour, 3 * kHour, 6 * kHour, 12 * kHour, kDay, 2 * kDay, 7 * kDay, 14 * kDay}) {
    if (step < kDay && span >= 2 * kDay) continue;
    if (span / step > kMaxTicks) continue;
    Instant first =
        step <= kDay ? (FloorDiv(t0, step) + 1) * step : (FloorDiv(t0, kDay) + 1) * kDay;
    for (Instant t = first; t < t1; t += step) {
      CivilTime c = ToCivil(t);
      std::string day = fmt::format("{} {}", c.date.day, kMonthNames[(c.date.month + 11) % 12]);
      if (step < kDay) {
        add(t, fmt::format("{:02}:{:02}", c.hour, c.minute),
            day + " " + std::to_string(c.date.year));
      } else {
        add(t, day, std::to_string(c.date.year));
      }
    }
    return ticks;
  }
  // Calendar steps: months, then years (as multiples of 12 months) of 1, 2, 5 x 10^k.
  const CivilDate from = ToCivil(t0).date;
  std::int64_t months = 1;
  for (int k = 0;
       static_cast<double>(months) * 30 * kDay * kMaxTicks < static_cast<double>(span) && k < 45;
       ++k) {
    static constexpr std::int64_t kMonthSteps[] = {1, 2, 3, 6, 12};
    if (k < 5) {
      months = kMonthSteps[k];
    } else {
      static constexpr std::int64_t kNice[] = {1, 2, 5};
      std::int64_t years = kNice[(k - 5 + 1) % 3];
      for (int e = 0; e < (k - 5 + 1) / 3; ++e) years *= 10;
      months = 12 * years;
    }
  }
  std::int64_t index =
      (FloorDiv(static_cast<std::int64_t>(from.year) * 12 + from.month - 1, months) + 1) * months;
  for (;; index += months) {
    std::int64_t year = FloorDiv(index, 12), month = index - year * 12 + 1;
    Instant t = DaysFromCivil(static_cast<int>(year), static_cast<int>(month), 1) * kDay;
    if (t >= t1) break;
    if (months < 12) {
      add(t, kMonthNames[month - 1], std::to_string(year));
    } else {
      add(t, std::to_string(year), "");
    }
  }
  return ticks;
}

// What a measured series counts, for the y-axis.
std::string SeriesMeasure(std::string_view datasource) {
  if (datasource == "bgp-prefixes") return "Announced prefixes";
  if (datasource == "bgp-slash24" || datasource == "bgp") return "Routed /24 blocks (BGP)";
  if (datasource == "bgp-announce") return "Announcements";
  if (datasource == "bgp-withdraw") return "Withdrawals";
  if (datasource == "bgp-churn") return "Routing updates";
  if (datasource == "bgp-pathchange") return "Path changes";
  if (datasource.find("ping") != std::string_view::npos) return "Responsive /24 blocks";
  if (datasource == "merit-nt" || datasource == "ucsd-nt") return "Telescope unique sources";
  return std::string(datasource);
}

// A claim marker on the chart: the timeline entries (one per reported or
// published event) close enough in time to share one numbered mark.
struct Marker {
  double x = 0;
  std::vector<TimelineEntry> entries;
};

}  // namespace

std::string ReportTitle(const Report& r) {
  return fmt::format("Internet outage: {}, {}", IncidentName(r.incident, r.windows),
                     HumanSpan(r.incident.start, r.incident.end));
}

namespace {

// The chart's time range: the incident with four days before and one after,
// within the series, widened to every window, clamped to years 0 to 9999.
std::pair<Instant, Instant> ChartRange(const Report& r, const Series* s) {
  Instant t0 = r.incident.start - 4 * kDay, t1 = r.incident.end + kDay;
  if (s && !s->values.empty()) {
    t0 = std::max(t0, s->start);
    t1 = std::min(t1, s->start + static_cast<Instant>(s->values.size()) * s->step);
  }
  for (const OutageWindow& w : r.windows) t0 = std::min(t0, w.start), t1 = std::max(t1, w.end);
  constexpr Instant kChartFirst = -62167219200;  // 0000-01-01T00:00:00Z
  constexpr Instant kChartLast = 253402300799;   // 9999-12-31T23:59:59Z
  t0 = std::clamp(t0, kChartFirst, kChartLast);
  t1 = std::clamp(t1, kChartFirst, kChartLast);
  if (t1 <= t0) t1 = t0 + kHour;
  return {t0, t1};
}

// Claim markers: timeline entries (reported or published) in [t0, t1], those
// within `near` of the first of a group sharing one numbered mark.
std::vector<Marker> ClaimMarkers(const Report& r, Instant t0, Instant t1, Instant near) {
  std::vector<Marker> out;
  Instant group_start = 0;
  for (const TimelineEntry& e : BuildTimeline(r)) {
    if (e.kind == "measured" || e.start < t0 || e.start > t1) continue;
    if (out.empty() || e.start - group_start > near) {
      out.push_back({});
      group_start = e.start;
    }
    out.back().entries.push_back(e);
  }
  return out;
}

bool ShowsTime(Granularity g) {
  return g == Granularity::kMinute || g == Granularity::kSecond || g == Granularity::kHour;
}

std::string MarkerKey(const Marker& m) {
  const TimelineEntry& e = m.entries.front();
  std::string what = e.headline;
  if (m.entries.size() > 1) what += fmt::format(" (and {} more)", m.entries.size() - 1);
  return fmt::format("{}, {}: {}", HumanTime(e.start, !ShowsTime(e.precision)), e.source, what);
}

constexpr int kChartWidth = 480, kChartLeft = 46, kChartRight = 14;

// Marks closer than 18 units of the 480-wide chart share a number.
Instant MarkerNear(Instant t0, Instant t1) {
  return static_cast<Instant>(18.0 * static_cast<double>(t1 - t0) /
                              (kChartWidth - kChartLeft - kChartRight));
}

// The chart: the measured signal with windows shaded and numbered claim
// markers, a title, a legend, axis titles and (with_key) the markers' key,
// all inside the SVG so that brief.svg reads alone. The viewBox is 640 wide;
// the HTML scales it to its container.
std::string Chart(const Report& r, bool with_key) {
  const int width = kChartWidth, left = kChartLeft, right = kChartRight, top = 76, plot = 160;
  const int bottom_axis = top + plot;
  const Series* s = ChartSeries(r);
  auto [t0, t1] = ChartRange(r, s);
  double ymax = 1;
  if (s) {
    for (size_t i = 0; i < s->values.size(); ++i) {
      Instant t = s->start + static_cast<Instant>(i) * s->step;
      if (t >= t0 && t <= t1 && !std::isnan(s->values[i])) ymax = std::max(ymax, s->values[i]);
    }
  }
  auto X = [&](Instant t) {
    return left +
           (width - left - right) * static_cast<double>(t - t0) / static_cast<double>(t1 - t0);
  };
  auto Y = [&](double v) { return top + plot * (1 - v / (ymax * 1.1)); };
  // Marks closer than 18 units share a number.
  const Instant near =
      static_cast<Instant>(18.0 * static_cast<double>(t1 - t0) / (width - left - right));
  std::vector<Marker> markers = ClaimMarkers(r, t0, t1, near);
  for (Marker& m : markers) m.x = X(m.entries.front().start);
  constexpr int kKeyLine = 17;
  const int key_top = bottom_axis + 62;
  const int height = with_key && !markers.empty()
                         ? key_top + 8 + kKeyLine * static_cast<int>(markers.size())
                         : bottom_axis + 56;
  const std::string name = EntityName(r.incident.entity);
  const std::string measure = s ? SeriesMeasure(s->datasource) : "No measured series stored";
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {1}" width="{0}" height="{1}" role="img" aria-labelledby="chart-title" font-family="sans-serif" font-size="12" fill="#222">)"
      "\n",
      width, height);
  svg += fmt::format(R"(<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>)"
                     "\n",
                     width, height);
  std::string title =
      s ? fmt::format("{}, {}", measure, name) : fmt::format("Measured windows, {}", name);
  svg += fmt::format(
      R"(<text id="chart-title" x="{}" y="18" font-size="14" font-weight="bold">{}</text>)"
      "\n",
      6, Esc(Clip(title, 60)));
  if (s && !s->provenance.empty()) {
    std::string file = s->provenance.substr(s->provenance.find_last_of('/') + 1);
    svg += fmt::format(R"(<text x="6" y="34" font-size="11" fill="#555">{}</text>)"
                       "\n",
                       Esc("Measured: " + Clip(file, 64)));
  }
  // Legend.
  {
    int x = 6;
    const int y = 55;
    auto item = [&](const std::string& swatch, const char* label, int label_width) {
      svg += swatch;
      svg += fmt::format(R"(<text x="{}" y="{}" font-size="12">{}</text>)", x + 18, y + 4, label);
      x += 18 + label_width + 12;
    };
    if (s) {
      item(fmt::format(
               R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#1f77b4" stroke-width="2"/>)",
               x, y, x + 14),
           "measured", 55);
    }
    item(fmt::format(
             R"(<rect x="{}" y="{}" width="14" height="10" fill="#d62728" fill-opacity="0.35"/>)",
             x, y - 5),
         "outage", 42);
    item(fmt::format(
             R"(<rect x="{}" y="{}" width="14" height="10" fill="#ff9f1c" fill-opacity="0.35"/>)",
             x, y - 5),
         "routing instability", 107);
    item(
        fmt::format(
            R"(<circle cx="{}" cy="{}" r="7" fill="#2ca02c"/><text x="{}" y="{}" font-size="9" fill="#fff" text-anchor="middle">1</text>)",
            x + 7, y, x + 7, y + 3),
        "claims, numbered", 100);
    svg += "\n";
  }
  for (const OutageWindow& w : r.windows) {
    bool outage = w.kind == WindowKind::kOutage;
    double x0 = X(std::max(w.start, t0)), x1 = X(std::min(std::max(w.end, w.start + 60), t1));
    svg += fmt::format(
        R"(<rect class="{}" x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}" fill-opacity="0.25"><title>{}</title></rect>)"
        "\n",
        outage ? "outage" : "instability", x0, top, std::max(1.0, x1 - x0), plot,
        outage ? "#d62728" : "#ff9f1c",
        Esc(fmt::format("{} {}: {} ({})", EntityName(w.entity),
                        outage ? "outage" : "routing instability", HumanSpan(w.start, w.end),
                        w.source)));
  }
  // Axes, ticks and axis titles.
  svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333"/>)"
                     "\n",
                     left, bottom_axis, width - right, bottom_axis);
  svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333"/>)"
                     "\n",
                     left, top, left, bottom_axis);
  for (const Tick& tick : AxisTicks(t0, t1)) {
    // Labels near an edge are anchored inside the chart.
    double x = X(tick.at);
    const char* anchor = x > width - right - 24 ? "end" : x < left + 12 ? "start" : "middle";
    double at = x > width - right - 24 ? width - 2.0 : x;
    svg += fmt::format(
        R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="#ddd"/><text x="{3:.1f}" y="{4}" text-anchor="{5}">{6}</text>)",
        x, top, bottom_axis, at, bottom_axis + 15, anchor, tick.label);
    if (!tick.sublabel.empty()) {
      svg += fmt::format(
          R"(<text x="{:.1f}" y="{}" text-anchor="{}" font-size="11" fill="#555">{}</text>)", at,
          bottom_axis + 29, anchor, tick.sublabel);
    }
    svg += "\n";
  }
  for (int k = 0; k <= 4; ++k) {
    double v = ymax * k / 4.0;
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" text-anchor="end">{:g}</text>)"
                       "\n",
                       left - 5, Y(v) + 4, std::round(v * 10) / 10);
  }
  svg += fmt::format(
      R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)"
      "\n",
      (left + width - right) / 2, bottom_axis + 47,
      Esc(fmt::format("Time (UTC), {} to {}", HumanTime(t0, true), HumanTime(t1, true))));
  svg += fmt::format(
      R"svg(<text transform="translate(14 {}) rotate(-90)" text-anchor="middle">{}</text>)svg"
      "\n",
      top + plot / 2, Esc(s ? measure : "no series"));
  if (s) {
    std::string points;
    for (size_t i = 0; i < s->values.size(); ++i) {
      Instant t = s->start + static_cast<Instant>(i) * s->step;
      if (t < t0 || t > t1 || std::isnan(s->values[i])) continue;
      points += fmt::format("{:.1f},{:.1f} ", X(t), Y(s->values[i]));
    }
    svg += fmt::format(
        R"(<polyline class="signal" fill="none" stroke="#1f77b4" stroke-width="1.5" points="{}"/>)"
        "\n",
        points);
  } else {
    svg += fmt::format(
        R"(<text x="{}" y="{}" fill="#555">no measured series stored; windows only</text>)"
        "\n",
        left + 8, top + plot / 2);
  }
  for (size_t i = 0; i < markers.size(); ++i) {
    const Marker& m = markers[i];
    svg += fmt::format(
        R"(<g class="claim"><line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="#555" stroke-dasharray="2,2"/><circle cx="{0:.1f}" cy="{1}" r="8" fill="#2ca02c"/><text x="{0:.1f}" y="{3}" font-size="10" font-weight="bold" fill="#fff" text-anchor="middle">{4}</text><title>{5}</title></g>)"
        "\n",
        m.x, top + 10, bottom_axis, top + 13.5, i + 1, Esc(MarkerKey(m)));
  }
  if (with_key) {
    for (size_t i = 0; i < markers.size(); ++i) {
      svg += fmt::format(
          R"(<text x="{}" y="{}" font-size="11"><tspan font-weight="bold">{}</tspan> {}</text>)"
          "\n",
          6, key_top + kKeyLine * static_cast<int>(i), i + 1, Esc(Clip(MarkerKey(markers[i]), 70)));
    }
  }
  svg += "</svg>\n";
  return svg;
}

// "22 Dec 2014 16:15 to 23 Dec 2014 01:46 UTC (9 h 31 min). Incident 2,
// generated 7 Dec 2026 23:01 UTC."
std::string MetaLine(const Report& r) {
  return fmt::format("{} ({}). Incident {}, generated {}.",
                     HumanSpan(r.incident.start, r.incident.end),
                     Hm(r.incident.end - r.incident.start), r.incident.id, HumanTime(r.generated));
}

// An evidence row in words, numbered (rows can say the same thing): what it
// says, then who or what it comes from.
std::string EvidenceText(const EvidenceRow& e, size_t index) {
  std::string s = fmt::format("{}. ", index + 1) + (e.description.empty() ? e.id : e.description);
  if (!e.source.empty()) s += " (" + e.source + ")";
  return s;
}

// The rows named by id in the sensitivity analysis, in words.
std::vector<std::string> SensitiveRows(const Assessment& a) {
  std::vector<std::string> out;
  for (const std::string& id : a.sensitive_rows) {
    std::string words = id;
    for (size_t i = 0; i < a.evidence.size(); ++i) {
      const EvidenceRow& e = a.evidence[i];
      if (e.id == id) {
        words = fmt::format("row {} (\u201c{}\u201d)", i + 1,
                            Clip(e.description.empty() ? e.id : e.description, 80));
      }
    }
    out.push_back(words);
  }
  return out;
}

std::string SensitivitySentence(const Assessment& a) {
  std::vector<std::string> rows = SensitiveRows(a);
  if (rows.empty()) return "Sensitivity: no single evidence row changes the leader when removed.";
  std::string s = "Sensitivity: removing ";
  for (size_t i = 0; i < rows.size(); ++i) {
    s += (i == 0 ? "" : i + 1 == rows.size() ? " or " : ", ") + rows[i];
  }
  return s + (rows.size() == 1 ? " would change the leader." : " would each change the leader.");
}

constexpr const char* kRatingKey =
    "CC very consistent, C consistent, N neutral, I inconsistent, II very inconsistent, NA not "
    "applicable; weight is credibility times relevance.";

}  // namespace

std::string SignalSvg(const Report& r) { return Chart(r, true); }

std::string BriefMarkdown(const Report& r) {
  std::string md =
      fmt::format("# Internet outage: {}\n\n", Md(IncidentName(r.incident, r.windows)));
  md += Md(MetaLine(r)) + "\n\n";
  for (const std::string& n : r.notes) md += "> **Note:** " + Md(n) + "\n\n";
  md += "## Bottom line up front\n\n";
  for (const std::string& s : BottomLine(r)) md += Md(s) + " ";
  md += "\n\n## Key judgments\n\n";
  int k = 1;
  for (const std::string& s : KeyJudgments(r)) md += fmt::format("{}. {}\n", k++, Md(s));
  md += fmt::format("\nConfidence in these judgments is {}.\n", Md(r.assessment.confidence));
  for (const std::string& reason : r.assessment.confidence_reasons) md += "- " + Md(reason) + "\n";
  md +=
      "\n## Competing hypotheses\n\n| rank | hypothesis | weighted inconsistency | support | "
      "likelihood |\n|---|---|---|---|---|\n";
  for (const RankedHypothesis& h : r.assessment.ranking) {
    md += fmt::format("| {} | {} | {:.2f} | {:.2f} | {} ({:.0f}%) |\n", h.rank,
                      Md(HypothesisLabel(h.hypothesis)), h.inconsistency, h.support,
                      Md(h.likelihood), h.probability * 100);
  }
  md += "\n### ACH matrix\n\n| evidence | weight | diagnosticity |";
  std::vector<size_t> cols = RatedColumns(r.assessment);
  for (size_t c : cols) md += " " + Md(HypothesisHeading(r.assessment.hypotheses[c])) + " |";
  md += "\n|---|---|---|";
  for (size_t i = 0; i < cols.size(); ++i) md += "---|";
  md += "\n";
  for (size_t row = 0; row < r.assessment.evidence.size(); ++row) {
    const EvidenceRow& e = r.assessment.evidence[row];
    md += fmt::format("| {} | {:.2f} | {:.2f} |", Md(EvidenceText(e, row)),
                      e.credibility * e.relevance, e.diagnosticity);
    for (size_t c : cols)
      md += fmt::format(" {} |", c < e.ratings.size() ? RatingCode(e.ratings[c]) : "NA");
    md += "\n";
  }
  md += "\n" + Md(kRatingKey) + Md(UnratedSentence(r.assessment)) + "\n\n" +
        Md(SensitivitySentence(r.assessment)) + "\n";
  md +=
      "\n## Claim check\n\n| claim | verdict | aspect | claimed | measured | why "
      "|\n|---|---|---|---|---|---|\n";
  for (const Alignment& a : r.alignments) {
    const ClaimView* c = nullptr;
    for (const ClaimView& x : r.claims) {
      if (x.id == a.claim_id) c = &x;
    }
    md += fmt::format("| {}{} | {} | {} | {} | {} | {} |\n",
                      c ? Md(c->quote.empty() ? c->text : c->quote) : "",
                      c ? " (" + Md(SourceName(*c)) + ")" : "", VerdictName(a.verdict),
                      Md(a.aspect), Md(a.claimed), Md(a.measured), Md(a.explanation));
  }
  md += "\n## Timeline\n\n" + TimelineMarkdown(BuildTimeline(r));
  md +=
      "\n## Measured signal\n\n![Measured signal with outage windows shaded and claims "
      "marked](brief.svg)\n";
  return md;
}

// A table inside its own scrolling box, so a wide table never widens the page.
std::string TableBox(const std::string& id, const std::string& head) {
  return "<div class=\"table-box\"><table" + (id.empty() ? "" : " id=\"" + id + "\"") + ">\n" +
         head;
}

constexpr const char* kTableEnd = "</table></div>\n";

std::string BriefHtml(const Report& r) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + Esc(ReportTitle(r)) + "</title>\n<style>\n" +
       // Readable from a phone to a wide screen: the page never scrolls
       // sideways; a wide table scrolls inside its own box; the chart scales
       // to its container.
       "*,*::before,*::after{box-sizing:border-box}\n"
       "html{-webkit-text-size-adjust:100%}\n"
       "body{font-family:system-ui,sans-serif;max-width:62rem;margin:0 auto;padding:1rem;"
       "color:#222;line-height:1.45;overflow-wrap:break-word}\n"
       "h1{font-size:clamp(1.35rem,1rem + 2vw,2rem);line-height:1.2;margin:0.5rem 0}\n"
       "h2{font-size:clamp(1.15rem,1rem + 1vw,1.5rem);margin-top:1.6em}\n"
       ".meta{color:#555;margin-top:0}\n"
       ".table-box{overflow-x:auto;max-width:100%;margin:1em 0}\n"
       "table{border-collapse:collapse;width:100%;font-size:0.9em}\n"
       "th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}\n"
       "th{background:#f3f3f3}td.num{text-align:right;white-space:nowrap}\n"
       "td.when{white-space:nowrap}\n"
       "#ach{min-width:40rem}#ach th.h{min-width:5rem;font-size:0.9em}#ach "
       "td.evidence{min-width:12rem}\n"
       "#hypotheses-table{min-width:30rem}#hypotheses-table td.label{min-width:12rem}\n"
       "#check-table,#timeline-table{min-width:38rem}\n"
       "figure{margin:1em 0}figure svg{display:block;width:100%;max-width:46rem;height:auto}\n"
       "figcaption,ol.key,.legend{font-size:0.9em;color:#444}ol.key{padding-left:1.8em}\n"
       ".note{background:#fff6d6;border-left:4px solid #e0b000;padding:0.5em 1em}\n"
       ".bluf{background:#eef5ff;border-left:4px solid #1f77b4;padding:0.5em 1em}\n"
       ".consistent{color:#1a7f37}.inconsistent{color:#b42318}.partly{color:#9a6700}\n"
       "td.r-I,td.r-II{background:#fde2e1}td.r-C,td.r-CC{background:#e3f4e6}\n"
       "</style>\n</head>\n<body>\n";
  h += "<h1>Internet outage: " + Esc(IncidentName(r.incident, r.windows)) + "</h1>\n";
  h += "<p class=\"meta\">" + Esc(MetaLine(r)) + "</p>\n";
  for (const std::string& n : r.notes)
    h += "<p class=\"note\"><strong>Note:</strong> " + Esc(n) + "</p>\n";
  h += "<h2 id=\"bluf\">Bottom line up front</h2>\n<div class=\"bluf\">";
  for (const std::string& s : BottomLine(r)) h += "<p>" + Esc(s) + "</p>";
  h += "</div>\n<h2 id=\"judgments\">Key judgments</h2>\n<ol>\n";
  for (const std::string& s : KeyJudgments(r)) h += "<li>" + Esc(s) + "</li>\n";
  h += "</ol>\n<p>Confidence in these judgments is <strong>" + Esc(r.assessment.confidence) +
       "</strong>.</p>\n<ul>\n";
  for (const std::string& reason : r.assessment.confidence_reasons)
    h += "<li>" + Esc(reason) + "</li>\n";
  h += "</ul>\n<h2 id=\"chart\">Measured signal</h2>\n<figure>\n" + Chart(r, false) +
       "<figcaption>Outage windows are shaded red, routing instability amber; the numbered green "
       "marks are "
       "claims at the times they refer to (or, undated, when they were "
       "published):</figcaption>\n</figure>\n";
  {
    const Series* series = ChartSeries(r);
    auto [t0, t1] = ChartRange(r, series);
    std::vector<Marker> markers = ClaimMarkers(r, t0, t1, MarkerNear(t0, t1));
    if (!markers.empty()) {
      h += "<ol class=\"key\">\n";
      for (const Marker& m : markers) {
        h += "<li>";
        for (size_t i = 0; i < m.entries.size(); ++i) {
          const TimelineEntry& e = m.entries[i];
          h += (i ? "<br>" : "") +
               Esc(fmt::format("{}, {}: {}", HumanTime(e.start, !ShowsTime(e.precision)), e.source,
                               e.headline));
        }
        h += "</li>\n";
      }
      h += "</ol>\n";
    }
  }
  h +=
      "<h2 id=\"hypotheses\">Competing hypotheses</h2>\n" +
      TableBox("hypotheses-table",
               "<tr><th>rank</th><th>hypothesis</th><th>weighted inconsistency</th><th>support</th>"
               "<th>likelihood</th></tr>\n");
  for (const RankedHypothesis& x : r.assessment.ranking) {
    h += fmt::format(
        "<tr><td class=\"num\">{}</td><td class=\"label\">{}</td><td class=\"num\">{:.2f}</td><td "
        "class=\"num\">{:.2f}</td>"
        "<td>{} ({:.0f}%)</td></tr>\n",
        x.rank, Esc(HypothesisLabel(x.hypothesis)), x.inconsistency, x.support, Esc(x.likelihood),
        x.probability * 100);
  }
  h += kTableEnd;
  h += "<h3>ACH matrix</h3>\n" +
       TableBox("ach", "<tr><th>evidence</th><th>weight</th><th>diag&shy;nosticity</th>");
  std::vector<size_t> cols = RatedColumns(r.assessment);
  for (size_t c : cols)
    h += "<th class=\"h\">" + Esc(HypothesisHeading(r.assessment.hypotheses[c])) + "</th>";
  h += "</tr>\n";
  for (size_t row = 0; row < r.assessment.evidence.size(); ++row) {
    const EvidenceRow& e = r.assessment.evidence[row];
    h += fmt::format(
        "<tr><td class=\"evidence\">{}</td><td class=\"num\">{:.2f}</td><td "
        "class=\"num\">{:.2f}</td>",
        Esc(EvidenceText(e, row)), e.credibility * e.relevance, e.diagnosticity);
    for (size_t c : cols) {
      const char* code = c < e.ratings.size() ? RatingCode(e.ratings[c]) : "NA";
      h += fmt::format("<td class=\"r-{0}\">{0}</td>", code);
    }
    h += "</tr>\n";
  }
  h += kTableEnd;
  h += "<p class=\"legend\">" + Esc(kRatingKey) + Esc(UnratedSentence(r.assessment)) + "</p>\n<p>" +
       Esc(SensitivitySentence(r.assessment)) + "</p>\n";
  h += "<h2 id=\"check\">Claim check</h2>\n" +
       TableBox("check-table",
                "<tr><th>claim</th><th>verdict</th><th>aspect</th><th>claimed</th><th>measured</th>"
                "<th>why</th></tr>\n");
  for (const Alignment& a : r.alignments) {
    const ClaimView* c = nullptr;
    for (const ClaimView& x : r.claims) {
      if (x.id == a.claim_id) c = &x;
    }
    std::string cls = a.verdict == Verdict::kConsistent         ? "consistent"
                      : a.verdict == Verdict::kInconsistent     ? "inconsistent"
                      : a.verdict == Verdict::kPartlyConsistent ? "partly"
                                                                : "";
    h += fmt::format(
        "<tr><td>{}{}</td><td "
        "class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        c ? Esc(c->quote.empty() ? c->text : c->quote) : "",
        c ? " <small>(" + Esc(SourceName(*c)) + ")</small>" : "", cls, VerdictName(a.verdict),
        Esc(a.aspect), Esc(a.claimed), Esc(a.measured), Esc(a.explanation));
  }
  h += kTableEnd;
  h += "<h2 id=\"timeline\">Timeline</h2>\n" +
       TableBox("timeline-table",
                "<tr><th>when (UTC)</th><th>kind</th><th>source</th><th>what</th></tr>\n");
  for (const TimelineEntry& e : BuildTimeline(r)) {
    std::optional<std::string> url = LinkUrl(e.url);
    std::string link =
        url ? "<a href=\"" + Esc(*url) + "\">" + Esc(e.headline) + "</a>" : Esc(e.headline);
    h += fmt::format("<tr><td class=\"when\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                     Esc(WhenCell(e.start, !ShowsTime(e.precision))), Esc(e.kind), Esc(e.source),
                     link);
  }
  h += kTableEnd;
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace corroborate::render
