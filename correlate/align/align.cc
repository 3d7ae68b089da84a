#include "correlate/align/align.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace corroborate::correlate {

namespace {

// Resolution of a window's edges: detected windows are bin-aligned.
Instant Resolution(const OutageWindow& w) {
  if (w.source == "corroborate" && !w.evidence.empty()) return w.evidence.step.value_or(300);
  return 60;
}

std::string Hm(std::int64_t seconds) {
  std::int64_t s = std::llabs(seconds);
  return fmt::format("{}{}h{:02}m", seconds < 0 ? "-" : "", s / 3600, s % 3600 / 60);
}

// Share of the target's prefixes lost at the window's worst point, when its evidence tells.
std::optional<double> LostShare(const OutageWindow& w) {
  if (!w.evidence.baseline_median || !w.evidence.min_value) return std::nullopt;
  const double base = *w.evidence.baseline_median;
  if (base <= 0) return std::nullopt;
  return 1.0 - *w.evidence.min_value / base;
}

Verdict Grade(double diff, double tol) {
  diff = std::fabs(diff);
  if (diff <= tol) return Verdict::kConsistent;
  if (diff <= 3 * tol) return Verdict::kPartlyConsistent;
  return Verdict::kInconsistent;
}

Alignment CheckDuration(const CheckableClaim& c, const std::vector<const OutageWindow*>& outages) {
  Alignment best;
  best.claim_id = c.id;
  best.aspect = "duration";
  best.claimed = fmt::format("{} s ({}{})", *c.duration, c.duration_mod.empty() ? "" : c.duration_mod + " ", Hm(*c.duration));
  double best_score = 1e300;
  for (const OutageWindow* w : outages) {
    std::int64_t measured = w->end - w->start;
    double tol = static_cast<double>(DurationTolerance(*c.duration) + Resolution(*w));
    Alignment a = best;
    a.window_id = w->id;
    a.measured = fmt::format("{} s ({}, {} window {} to {})", measured, Hm(measured), w->source,
                             FormatRfc3339(w->start), FormatRfc3339(w->end));
    a.difference = static_cast<double>(*c.duration - measured);
    if (c.duration_mod == "APPROX") tol *= 2;
    a.tolerance = tol;
    if (c.duration_mod == "MORE_THAN" || c.duration_mod == "EQUAL_OR_MORE") {
      a.verdict = measured + tol >= *c.duration ? Verdict::kConsistent : Grade(a.difference, tol);
    } else if (c.duration_mod == "LESS_THAN" || c.duration_mod == "EQUAL_OR_LESS") {
      a.verdict = measured - tol <= *c.duration ? Verdict::kConsistent : Grade(a.difference, tol);
    } else {
      a.verdict = Grade(a.difference, tol);
    }
    a.explanation = fmt::format("claimed {} against measured {}: off by {} (tolerance {})", Hm(*c.duration),
                                Hm(measured), Hm(static_cast<std::int64_t>(a.difference)),
                                Hm(static_cast<std::int64_t>(tol)));
    double score = static_cast<int>(a.verdict) * 1e12 + std::fabs(a.difference);
    if (score < best_score) best_score = score, best = a;
  }
  return best;
}

Alignment CheckEdge(const CheckableClaim& c, const std::vector<const OutageWindow*>& outages, bool start) {
  Alignment best;
  best.claim_id = c.id;
  best.aspect = start ? "start" : "end";
  best.claimed = fmt::format("{} .. {} ({})", FormatRfc3339(c.when->start), FormatRfc3339(c.when->end),
                             GranularityName(c.when->granularity));
  double best_score = 1e300;
  for (const OutageWindow* w : outages) {
    Instant edge = start ? w->start : w->end;
    Instant res = Resolution(*w);
    Alignment a = best;
    a.window_id = w->id;
    a.measured = fmt::format("{} ({} window)", FormatRfc3339(edge), w->source);
    // Distance from the measured edge to the claimed interval.
    Instant d = edge < c.when->start ? c.when->start - edge : edge >= c.when->end ? edge - c.when->end + 1 : 0;
    a.difference = static_cast<double>(d);
    a.tolerance = static_cast<double>(res);
    Instant width = std::max<Instant>(c.when->end - c.when->start, 60);
    a.verdict = d <= res ? Verdict::kConsistent : d <= width ? Verdict::kPartlyConsistent : Verdict::kInconsistent;
    a.explanation = fmt::format("measured {} is {} from the claimed {} interval", FormatRfc3339(edge), Hm(d),
                                GranularityName(c.when->granularity));
    double score = static_cast<int>(a.verdict) * 1e12 + std::fabs(a.difference);
    if (score < best_score) best_score = score, best = a;
  }
  return best;
}

Alignment CheckState(const CheckableClaim& c, const std::vector<const OutageWindow*>& outages,
                     const std::vector<const OutageWindow*>& unstable) {
  Alignment a;
  a.claim_id = c.id;
  a.aspect = "state";
  std::optional<Interval> when = c.when;
  if (!when && c.published) when = Interval{*c.published, *c.published + 1, Granularity::kSecond};
  if (!when) {
    a.explanation = "the claim gives no time to check the state at";
    return a;
  }
  a.claimed = fmt::format("{} during {} .. {}", c.state, FormatRfc3339(when->start), FormatRfc3339(when->end));
  bool down = c.state == "down" || c.state == "offline" || c.state == "outage" || c.state == "disconnected";
  bool back = c.state == "back" || c.state == "restored" || c.state == "online" || c.state == "resumed";
  bool shaky = c.state == "unstable" || c.state == "instability";
  const auto& pool = shaky ? unstable : outages;
  if (pool.empty()) {
    a.explanation = shaky ? "no instability was measured" : "no outage was measured";
    a.verdict = outages.empty() && unstable.empty() ? Verdict::kNotCheckable : Verdict::kInconsistent;
    return a;
  }
  // Coverage of the claimed span by the relevant windows.
  Instant covered = 0;
  const OutageWindow* first = nullptr;
  for (const OutageWindow* w : pool) {
    Instant lo = std::max(w->start, when->start), hi = std::min(w->end, when->end);
    if (hi > lo) {
      covered += hi - lo;
      if (!first) first = w;
    }
  }
  Instant span = std::max<Instant>(when->end - when->start, 1);
  if (down || shaky) {
    a.window_id = first ? first->id : pool.front()->id;
    double share = static_cast<double>(covered) / static_cast<double>(span);
    a.measured = fmt::format("{:.0f}% of the claimed span covered by {} windows", share * 100,
                             shaky ? "instability" : "outage");
    a.difference = 1 - share;
    bool point = span <= 60;
    a.verdict = covered > 0 ? (point || share >= 0.5 || !shaky ? Verdict::kConsistent : Verdict::kPartlyConsistent)
                            : Verdict::kInconsistent;
    if (shaky && covered > 0 && share < 0.5) a.verdict = Verdict::kPartlyConsistent;
    a.explanation = covered > 0 ? "a measured window overlaps the claimed time"
                                : "no measured window overlaps the claimed time";
    return a;
  }
  if (back) {
    // Back at the claimed time: some outage ended before the claimed span ends,
    // and no outage covers its end.
    const OutageWindow* ended = nullptr;
    bool still_down = false;
    for (const OutageWindow* w : pool) {
      if (w->end <= when->end && (!ended || w->end > ended->end)) ended = w;
      if (w->start < when->end && w->end >= when->end) still_down = true;
    }
    a.window_id = ended ? ended->id : pool.front()->id;
    a.measured = ended ? fmt::format("outage ended {}", FormatRfc3339(ended->end)) : "no outage had ended";
    a.verdict = ended && !still_down ? Verdict::kConsistent : ended ? Verdict::kPartlyConsistent : Verdict::kInconsistent;
    a.explanation = still_down ? "an outage was still measured at the claimed time" : "service had been restored";
    return a;
  }
  a.explanation = "state '" + c.state + "' has no measurable meaning";
  return a;
}

Alignment CheckScope(const CheckableClaim& c, const std::vector<const OutageWindow*>& outages) {
  Alignment a;
  a.claim_id = c.id;
  a.aspect = "scope";
  a.claimed = c.scope;
  if (c.scope != "all_routes" && c.scope != "nationwide" && c.scope != "partial") {
    a.explanation = "scope '" + c.scope + "' is not visible in routing data";
    return a;
  }
  std::optional<double> best;
  for (const OutageWindow* w : outages) {
    auto share = LostShare(*w);
    if (share && (!best || *share > *best)) {
      best = share;
      a.window_id = w->id;
    }
  }
  if (!best) {
    a.explanation = "no measured window says how much of the network was lost";
    return a;
  }
  a.measured = fmt::format("{:.0f}% of the target's prefixes lost", *best * 100);
  a.difference = 1 - *best;
  a.tolerance = 0.05;
  if (c.scope == "partial") {
    a.verdict = *best < 0.95 ? Verdict::kConsistent : Verdict::kInconsistent;
  } else {
    a.verdict = *best >= 0.95 ? Verdict::kConsistent : *best >= 0.5 ? Verdict::kPartlyConsistent : Verdict::kInconsistent;
  }
  a.explanation = fmt::format("claimed {} against {} measured", c.scope, a.measured);
  return a;
}

}  // namespace

std::int64_t DurationTolerance(std::int64_t seconds) {
  seconds = std::llabs(seconds);
  if (seconds == 0) return 60;
  if (seconds % kDay == 0) return seconds >= 2 * kDay ? kDay / 2 : 3 * kHour;
  if (seconds % kHour == 0) return kHour / 2;
  if (seconds % kMinute == 0) {
    std::int64_t minutes = seconds / 60 % 60;
    if (minutes % 30 == 0) return 15 * kMinute;
    if (minutes % 15 == 0) return 450;
    if (minutes % 5 == 0) return 150;
    return 30;
  }
  return 1;
}

std::string AlignmentState(const std::string& state) {
  if (state == "up" || state == "back" || state == "restored" || state == "online") return "back";
  if (state == "degraded" || state == "unstable") return "unstable";
  return state;
}

std::vector<Alignment> AlignClaims(const std::vector<CheckableClaim>& claims, const std::vector<OutageWindow>& windows) {
  std::vector<const OutageWindow*> outages, unstable;
  for (const OutageWindow& w : windows) (w.kind == WindowKind::kOutage ? outages : unstable).push_back(&w);
  std::vector<Alignment> out;
  for (const CheckableClaim& c : claims) {
    Alignment a;
    a.claim_id = c.id;
    if (c.type == ClaimType::kOutageDuration && c.duration && !outages.empty()) {
      a = CheckDuration(c, outages);
    } else if ((c.type == ClaimType::kOutageStart || c.type == ClaimType::kOutageEnd) && c.when && !outages.empty()) {
      a = CheckEdge(c, outages, c.type == ClaimType::kOutageStart);
    } else if (c.type == ClaimType::kOutageState && !c.state.empty()) {
      a = CheckState(c, outages, unstable);
    } else if (c.type == ClaimType::kOutageScope && !c.scope.empty()) {
      a = CheckScope(c, outages);
    } else {
      a.aspect = ClaimTypeName(c.type);
      a.explanation = outages.empty() ? "no outage was measured for this incident"
                                      : "the claim states nothing measurable";
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace corroborate::correlate
