#include "pipeline/measure_fetch.h"

#include <fmt/core.h>

#include "correlate/windows/detect.h"
#include "pipeline/import_measurements.h"
#include "store/measurements.h"

namespace corroborate::pipeline {
namespace {

void Add(MeasureFetchSummary& out, const store::SaveReport& saved) {
  out.series_added += saved.series_added;
  out.windows_added += saved.windows_added;
  out.unchanged += saved.unchanged;
  out.replaced += saved.replaced;
}

// Stores what one request brought; the caller's summary gets its requests.
Status Save(store::Database& db, ingest::MeasureFetch& fetched, Instant now,
            MeasureFetchSummary& out, const NoticeSink& notices) {
  for (ingest::FetchedFrom& f : fetched.fetched) out.fetched.push_back(std::move(f));
  for (const std::string& w : fetched.warnings) Tell(notices, Warning(w));
  if (fetched.series.empty() && fetched.windows.empty()) return {};
  auto saved = store::Measurements(db).SaveImport(fetched.series, fetched.windows, now);
  if (!saved) return std::unexpected(saved.error());
  Add(out, *saved);
  return {};
}

}  // namespace

Result<MeasureFetchSummary> FetchIoda(store::Database& db, ingest::Fetcher& fetcher, Clock& clock,
                                      const ingest::MeasureServices& services,
                                      const ingest::IodaQuery& query, const NoticeSink& notices) {
  const Instant now = clock.Now();
  MeasureFetchSummary out;
  bool series = false;
  Result<ingest::MeasureFetch> requests[] = {
      ingest::FetchIodaSignals(fetcher, services.ioda_url, query, now),
      ingest::FetchIodaEvents(fetcher, services.ioda_url, query, ingest::IodaEventFormat::kCodf,
                              now)};
  for (Result<ingest::MeasureFetch>& r : requests) {
    if (!r) {
      ++out.failed;
      Tell(notices, ItemError(r.error()));
      continue;
    }
    series = series || !r->series.empty();
    if (Status s = Save(db, *r, now, out, notices); !s) return std::unexpected(s.error());
  }
  if (series) {
    auto detected = DetectStoredWindows(db, query.entity, clock);
    if (!detected) return std::unexpected(detected.error());
    for (const OutageWindow& w : *detected) out.windows_detected += w.source == "corroborate";
  }
  return out;
}

Result<MeasureFetchSummary> FetchRadar(store::Database& db, ingest::Fetcher& fetcher, Clock& clock,
                                       const ingest::MeasureServices& services,
                                       const ingest::RadarQuery& query, const NoticeSink& notices) {
  const Instant now = clock.Now();
  if (services.radar_token.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "Cloudflare Radar needs an API token: set CLOUDFLARE_API_TOKEN");
  }
  MeasureFetchSummary out;
  auto r = ingest::FetchRadarOutages(fetcher, services.radar_url, services.radar_token, query, now);
  if (!r) {
    if (r.error().code == ErrorCode::kInvalidArgument) return std::unexpected(r.error());
    ++out.failed;
    Tell(notices, ItemError(r.error()));
    return out;
  }
  if (Status s = Save(db, *r, now, out, notices); !s) return std::unexpected(s.error());
  return out;
}

Result<MeasureFetchSummary> FetchMrtArchive(store::Database& db, ingest::Fetcher& fetcher,
                                            Clock& clock, const ingest::MeasureServices& services,
                                            const ingest::MrtFetchRequest& request,
                                            const NoticeSink& notices) {
  const Instant now = clock.Now();
  auto r = ingest::FetchMrtSeries(fetcher, services, request, correlate::DetectSeriesWindows, now,
                                  [&](const std::string& w) { Tell(notices, Warning(w)); });
  if (!r) return std::unexpected(r.error());
  MeasureFetchSummary out;
  out.fetched = std::move(r->fetched);
  for (const ingest::MrtFileOutcome& f : r->files) {
    switch (f.state) {
      case ingest::MrtFileState::kCached:
        ++out.files_cached;
        break;
      case ingest::MrtFileState::kDownloaded:
        ++out.files_downloaded;
        break;
      case ingest::MrtFileState::kMissing:
        ++out.files_missing;
        Tell(notices,
             Warning(fmt::format("{}: not in the archive (a gap in the data)", f.file.url)));
        break;
      case ingest::MrtFileState::kFailed:
        ++out.failed;
        Tell(notices,
             ItemError(f.error ? *f.error : Error{ErrorCode::kNetwork, f.file.url + ": failed"}));
        break;
    }
  }
  for (const ingest::MrtFileRead& file : r->bgp.files) {
    if (!file.error) continue;
    ++out.failed;
    Tell(notices, ItemError(*file.error));
  }
  store::Measurements measurements(db);
  for (const ingest::BgpTarget& target : request.targets) {
    std::vector<Series> series;
    std::vector<OutageWindow> windows;
    for (const Series& s : r->bgp.series) {
      if (s.entity == target.entity) series.push_back(s);
    }
    for (const OutageWindow& w : r->bgp.windows) {
      if (w.entity == target.entity) windows.push_back(w);
    }
    auto saved = measurements.SaveDetected(target.entity, series, windows, now);
    if (!saved) return std::unexpected(saved.error());
    Add(out, *saved);
    out.windows_detected += windows.size();
  }
  return out;
}

}  // namespace corroborate::pipeline
