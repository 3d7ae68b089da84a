#include "correlate/windows/detect.h"


#include <algorithm>
#include <cmath>
#include <deque>

namespace corroborate::correlate {

namespace {

double Median(std::vector<double> v) {
  if (v.empty()) return kMissing;
  size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  double m = v[mid];
  if (v.size() % 2 == 0) {
    double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
    m = (m + lower) / 2;
  }
  return m;
}

// Median of the known values in the `bins` bins before index i.
double HistoryMedian(const std::vector<double>& values, size_t i, size_t bins, int min_known) {
  size_t from = i > bins ? i - bins : 0;
  std::vector<double> window;
  window.reserve(i - from);
  for (size_t k = from; k < i; ++k) {
    if (!std::isnan(values[k])) window.push_back(values[k]);
  }
  if (static_cast<int>(window.size()) < min_known) return kMissing;
  return Median(std::move(window));
}

}  // namespace

OutageDetectOptions OutageOptionsFor(std::string_view datasource) {
  OutageDetectOptions o;
  if (datasource == "ping-slash24" || datasource.find("ping") != std::string_view::npos) {
    o.history = 7 * kDay;
    o.warning_fraction = 0.80;
    o.critical_fraction = 0.50;
  } else if (datasource == "merit-nt" || datasource == "ucsd-nt" ||
             datasource.find("-nt") != std::string_view::npos) {
    o.history = 7 * kDay;
    o.warning_fraction = 0.25;
    o.critical_fraction = 0.10;
  }
  return o;
}

std::vector<OutageWindow> DetectOutages(const Series& series, const OutageDetectOptions& options) {
  std::vector<OutageWindow> out;
  if (series.step <= 0 || series.values.empty()) return out;
  size_t bins = static_cast<size_t>(std::max<Instant>(1, options.history / series.step));
  const auto& v = series.values;
  OutageWindow* open = nullptr;
  double open_baseline = 0, open_min = 0;
  int open_level = 0;
  auto close = [&] {
    if (!open) return;
    open->severity = open_level >= 2 ? "critical" : "warning";
    open->evidence.baseline_median = open_baseline;
    open->evidence.min_value = open_min;
    open->evidence.bins = (open->end - open->start) / series.step;
    open->evidence.step = series.step;
    open = nullptr;
  };
  // The baseline is frozen while a window is open, as IODA does, so a long
  // outage does not drag its own history median down.
  for (size_t i = 0; i < v.size(); ++i) {
    double median = open ? open_baseline : HistoryMedian(v, i, bins, options.min_history_bins);
    if (std::isnan(v[i]) || std::isnan(median) || median <= 0) {
      close();
      continue;
    }
    double ratio = v[i] / median;
    int level = ratio < options.critical_fraction ? 2 : ratio < options.warning_fraction ? 1 : 0;
    if (level == 0) {
      close();
      continue;
    }
    Instant t = series.start + static_cast<Instant>(i) * series.step;
    if (!open) {
      out.push_back(OutageWindow{});
      open = &out.back();
      open->entity = series.entity;
      open->kind = WindowKind::kOutage;
      open->start = t;
      open->source = "corroborate";
      open->signal = series.datasource;
      open->provenance = series.provenance;
      open_baseline = median;
      open_min = v[i];
      open_level = 0;
    }
    open->end = t + series.step;
    open_level = std::max(open_level, level);
    open_min = std::min(open_min, v[i]);
    open->score += (1 - ratio) * 100 * static_cast<double>(series.step) / 60.0;
  }
  close();
  return out;
}

std::vector<OutageWindow> DetectInstability(const Series& churn, const InstabilityDetectOptions& options) {
  std::vector<OutageWindow> out;
  if (churn.step <= 0 || churn.values.empty()) return out;
  size_t bins = static_cast<size_t>(std::max<Instant>(1, options.history / churn.step));
  const auto& v = churn.values;
  struct Run {
    size_t first, last;
    double excess, peak, baseline;
  };
  std::vector<Run> runs;
  for (size_t i = 0; i < v.size(); ++i) {
    if (std::isnan(v[i])) continue;
    double base = HistoryMedian(v, i, bins, 1);
    if (std::isnan(base)) base = 0;
    double threshold = std::max(options.factor * base, options.min_events);
    if (v[i] <= threshold) continue;
    double excess = base > 0 ? (v[i] / base - 1) * 100 : v[i] * 100;
    if (!runs.empty() && static_cast<Instant>(i - runs.back().last) * churn.step <= options.merge_gap) {
      Run& r = runs.back();
      r.last = i;
      r.excess += excess;
      r.peak = std::max(r.peak, v[i]);
    } else {
      runs.push_back(Run{i, i, excess, v[i], base});
    }
  }
  for (const Run& r : runs) {
    OutageWindow w;
    w.entity = churn.entity;
    w.kind = WindowKind::kInstability;
    w.start = churn.start + static_cast<Instant>(r.first) * churn.step;
    w.end = churn.start + static_cast<Instant>(r.last + 1) * churn.step;
    if (w.end - w.start < options.min_length) continue;
    w.source = "corroborate";
    w.signal = churn.datasource;
    w.severity = "warning";
    w.score = r.excess * static_cast<double>(churn.step) / 60.0;
    w.provenance = churn.provenance;
    w.evidence.baseline_median = r.baseline;
    w.evidence.peak_events_per_bin = r.peak;
    w.evidence.step = churn.step;
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<OutageWindow> DetectSeriesWindows(const std::vector<Series>& series) {
  std::vector<OutageWindow> out;
  for (const Series& s : series) {
    if (s.datasource.rfind("bgp-", 0) == 0 && s.datasource != "bgp-prefixes") continue;
    auto found = DetectOutages(s, OutageOptionsFor(s.datasource));
    out.insert(out.end(), found.begin(), found.end());
  }
  std::vector<OutageWindow> unstable;
  for (const Series& s : series) {
    if (s.datasource != "bgp-churn") continue;
    Series churn = s;
    for (const OutageWindow& w : out) {
      if (w.entity != s.entity || w.severity != "critical") continue;
      for (Instant edge : {w.start, w.end - 1, w.end}) {
        Instant i = (edge - churn.start) / churn.step;
        if (i >= 0 && i < static_cast<Instant>(churn.values.size())) {
          churn.values[static_cast<size_t>(i)] = kMissing;
        }
      }
    }
    auto found = DetectInstability(churn, InstabilityDetectOptions{});
    unstable.insert(unstable.end(), found.begin(), found.end());
  }
  out.insert(out.end(), unstable.begin(), unstable.end());
  return out;
}

}  // namespace corroborate::correlate
