#include "pipeline/import_measurements.h"

#include <fmt/core.h>

#include <map>

#include "core/file.h"
#include "correlate/windows/detect.h"
#include "ingest/input.h"
#include "ingest/measure/mrt_series.h"
#include "store/measurements.h"

namespace corroborate::pipeline {

namespace {

constexpr std::size_t kMaxMeasureFile = 1ull << 30;  // JSON/CSV read whole: 1 GiB cap

void Add(MeasurementImport& out, const store::SaveReport& saved) {
  out.series_added += saved.series_added;
  out.windows_added += saved.windows_added;
  out.unchanged += saved.unchanged;
  out.replaced += saved.replaced;
}

// One CSV, IODA or Radar file, parsed.
Result<ingest::MeasureImport> ReadMeasureFile(const std::string& path, ingest::MeasureFormat format,
                                              Instant now) {
  if (format != ingest::MeasureFormat::kCsv) {
    if (Status fits = ingest::CheckFileSize(path, ingest::InputKind::kJson); !fits) {
      return std::unexpected(fits.error());
    }
  }
  auto bytes = ReadFile(path);
  if (!bytes) return std::unexpected(bytes.error());
  if (bytes->size() > kMaxMeasureFile)
    return Fail(ErrorCode::kTooLarge, fmt::format("{}: larger than 1 GiB", path));
  return format == ingest::MeasureFormat::kCsv    ? ingest::ImportCsvWindows(*bytes, path, now)
         : format == ingest::MeasureFormat::kIoda ? ingest::ImportIoda(*bytes, path, now)
                                                  : ingest::ImportRadar(*bytes, path, now);
}

// The MRT files read together for the target; the summary when stored.
Status ImportMrt(store::Measurements& measurements, const std::vector<std::string>& mrt_files,
                 const MeasurementSettings& settings, Instant now, const NoticeSink& notices,
                 MeasurementImport& out) {
  if (!settings.target) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: MRT needs --target (country:KP=asn:131279, asn:N or prefix:P)",
                            mrt_files[0]));
  }
  const ingest::BgpTarget& target = *settings.target;
  ingest::MrtSeriesResult bgp = ingest::BuildMrtSeries(
      {ingest::MrtStream{.name = "", .paths = mrt_files}}, {target}, settings.step,
      mrt_files.size() == 1 ? mrt_files[0] : fmt::format("{} MRT files", mrt_files.size()),
      correlate::DetectSeriesWindows, [&](const std::string& w) { Tell(notices, Warning(w)); });
  for (const ingest::MrtFileRead& file : bgp.files) {
    if (!file.error) continue;
    Tell(notices, ItemError(*file.error));
    ++out.failed;
  }
  if (bgp.failed() && bgp.matched == 0) return {};
  auto saved = measurements.SaveDetected(target.entity, bgp.series, bgp.windows, now);
  if (!saved) return std::unexpected(saved.error());
  Add(out, *saved);
  out.mrt = MrtImportSummary{
      bgp.records,       bgp.malformed, bgp.matched, target.entity, bgp.targets.front().peers,
      bgp.windows.size()};
  return {};
}

}  // namespace

Result<MeasurementImport> ImportMeasurements(store::Database& db,
                                             const std::vector<std::string>& files,
                                             const MeasurementSettings& settings, Clock& clock,
                                             const NoticeSink& notices) {
  store::Measurements measurements(db);
  MeasurementImport out;
  std::vector<std::string> mrt_files;
  const Instant now = clock.Now();
  for (const std::string& path : files) {
    auto head = ReadFileHead(path, 4096);
    if (!head) {
      Tell(notices, ItemError(head.error()));
      ++out.failed;
      continue;
    }
    const ingest::MeasureFormat format = settings.format != ingest::MeasureFormat::kUnknown
                                             ? settings.format
                                             : ingest::DetectMeasureFormat(*head, path);
    if (format == ingest::MeasureFormat::kUnknown) {
      Tell(notices,
           ItemError(Error{
               ErrorCode::kUnsupported,
               fmt::format("{}: cannot tell the format; give --format csv|ioda|radar|mrt", path)}));
      ++out.failed;
      continue;
    }
    if (format == ingest::MeasureFormat::kMrt) {
      mrt_files.push_back(path);
      continue;
    }
    auto imported = ReadMeasureFile(path, format, now);
    if (!imported) {
      Tell(notices, ItemError(imported.error()));
      ++out.failed;
      continue;
    }
    for (const std::string& w : imported->warnings) Tell(notices, Warning(w));
    auto saved = measurements.SaveImport(imported->series, imported->windows, now);
    if (!saved) return std::unexpected(saved.error());
    Add(out, *saved);
  }
  if (!mrt_files.empty()) {
    if (Status s = ImportMrt(measurements, mrt_files, settings, now, notices, out); !s) {
      return std::unexpected(s.error());
    }
  }
  return out;
}

Result<std::vector<OutageWindow>> DetectStoredWindows(store::Database& db,
                                                      const std::string& entity, Clock& clock) {
  store::Measurements measurements(db);
  auto series = measurements.ListSeries(entity);
  if (!series) return std::unexpected(series.error());
  std::map<std::string, std::vector<Series>> by_entity;
  for (Series& s : *series) by_entity[s.entity].push_back(std::move(s));
  const Instant now = clock.Now();
  for (auto& [name, list] : by_entity) {
    std::vector<OutageWindow> found = correlate::DetectSeriesWindows(list);
    // Keep the richer evidence a previous MRT import attached to the same window.
    auto old = measurements.ListWindows(
        store::WindowFilter{name, std::nullopt, std::nullopt, std::nullopt});
    if (!old) return std::unexpected(old.error());
    for (OutageWindow& w : found) {
      for (const OutageWindow& o : *old) {
        if (o.source == "corroborate" && o.kind == w.kind && o.start == w.start && o.end == w.end) {
          w.evidence = MergeEvidence(o.evidence, w.evidence);
        }
      }
    }
    auto saved = measurements.SaveDetected(name, {}, found, now);
    if (!saved) return std::unexpected(saved.error());
  }
  return measurements.ListWindows(
      store::WindowFilter{entity.empty() ? std::nullopt : std::optional<std::string>(entity),
                          std::nullopt, std::nullopt, std::nullopt});
}

}  // namespace corroborate::pipeline
