// `corroborate measure ...`: measurement import, window detection, and the
// synthetic MRT generator of the bundled example.
#include <fmt/core.h>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/analysis.h"
#include "cli/commands.h"
#include "cli/input_size.h"
#include "cli/numeric_flags.h"
#include "cli/output.h"
#include "core/file.h"
#include "correlate/windows/detect.h"
#include "ingest/measure/bgp_series.h"
#include "ingest/measure/import.h"
#include "ingest/measure/mrt_series.h"
#include "ingest/measure/synthetic_mrt.h"
#include "store/database.h"
#include "store/measurements.h"

namespace corroborate::cli {

namespace {

struct SynthesizeOptions {
  std::string scenario;
  std::string out;
};

Status RunSynthesize(const SynthesizeOptions& opts, const Context& ctx) {
  auto bytes = ReadFile(opts.scenario);
  if (!bytes) return std::unexpected(bytes.error());
  auto scenario = ingest::ParseRoutingScenario(*bytes, opts.scenario);
  if (!scenario) return std::unexpected(scenario.error());
  auto stats = ingest::WriteSyntheticMrt(*scenario, opts.out);
  if (!stats) return std::unexpected(stats.error());
  if (ctx.global.quiet) return {};
  return Print("wrote SYNTHETIC MRT {}: {} records ({} announcements, {} withdrawals)\n", opts.out,
               stats->records, stats->announcements, stats->withdrawals);
}

// The first `size` bytes of the file at `path` (fewer when it is shorter).
Result<std::string> ReadHead(const std::string& path, size_t size) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!file) {
    int err = errno;
    return Fail(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                fmt::format("{}: cannot open: {}", path, SystemErrorText(err)));
  }
  std::string head(size, '\0');
  head.resize(std::fread(head.data(), 1, size, file.get()));
  if (std::ferror(file.get())) {
    int err = errno;
    return Fail(ErrorCode::kIo, fmt::format("{}: cannot read: {}", path, SystemErrorText(err)));
  }
  return head;
}

constexpr std::size_t kMaxMeasureFile = 1ull << 30;  // JSON/CSV read whole: 1 GiB cap

struct ImportOptions {
  std::vector<std::string> files;
  std::string format = "auto";
  std::string target;
  Instant step = 300;
};

struct WindowsOptions {
  std::string target;  // entity to detect for ("" = every entity with series)
  bool json = false;
};

Status RunImport(const ImportOptions& opts, const Context& ctx);
Status Import(const ImportOptions& opts, store::Database& db, const Context& ctx);

using ingest::MergeEvidence;

std::vector<OutageWindow> Detect(const std::vector<Series>& series) {
  return correlate::DetectSeriesWindows(series);
}

}  // namespace

Status RunMeasureImport(const std::vector<std::string>& files, const std::string& format, const std::string& target,
                        store::Database& db, const Context& ctx) {
  ImportOptions opts;
  opts.files = files;
  opts.format = format;
  opts.target = target;
  return Import(opts, db, ctx);
}

namespace {

Status RunImport(const ImportOptions& opts, const Context& ctx) {
  auto db = store::Database::Open(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  return Import(opts, **db, ctx);
}

Status Import(const ImportOptions& opts, store::Database& db, const Context& ctx) {
  store::Measurements measurements(db);
  ingest::MeasureFormat forced = ingest::MeasureFormatFromName(opts.format);
  if (opts.format != "auto" && forced == ingest::MeasureFormat::kUnknown) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("--format {}: want auto, csv, ioda, radar or mrt", opts.format));
  }
  std::optional<ingest::BgpTarget> target;
  if (!opts.target.empty()) {
    auto t = ingest::ParseBgpTarget(opts.target);
    if (!t) return std::unexpected(t.error());
    target = *t;
  }
  int failed = 0, series_added = 0, windows_added = 0, unchanged = 0, replaced = 0;
  Status output;  // the first failed write to standard output
  std::vector<std::string> mrt_files;
  Instant now = static_cast<Instant>(std::time(nullptr));
  for (const std::string& path : opts.files) {
    auto head = ReadHead(path, 4096);
    if (!head) {
      ReportError(head.error());
      ++failed;
      continue;
    }
    ingest::MeasureFormat format = forced != ingest::MeasureFormat::kUnknown
                                       ? forced
                                       : ingest::DetectMeasureFormat(*head, path);
    if (format == ingest::MeasureFormat::kUnknown) {
      ReportError(Error{ErrorCode::kUnsupported,
                        fmt::format("{}: cannot tell the format; give --format csv|ioda|radar|mrt", path)});
      ++failed;
      continue;
    }
    if (format == ingest::MeasureFormat::kMrt) {
      mrt_files.push_back(path);
      continue;
    }
    if (format != ingest::MeasureFormat::kCsv) {
      if (Status fits = CheckFileSize(path, ingest::InputKind::kJson); !fits) {
        ReportError(fits.error());
        ++failed;
        continue;
      }
    }
    auto bytes = ReadFile(path);
    if (!bytes) {
      ReportError(bytes.error());
      ++failed;
      continue;
    }
    if (bytes->size() > kMaxMeasureFile) {
      ReportError(Error{ErrorCode::kTooLarge, fmt::format("{}: larger than 1 GiB", path)});
      ++failed;
      continue;
    }
    Result<ingest::MeasureImport> imported =
        format == ingest::MeasureFormat::kCsv    ? ingest::ImportCsvWindows(*bytes, path, now)
        : format == ingest::MeasureFormat::kIoda ? ingest::ImportIoda(*bytes, path, now)
                                                 : ingest::ImportRadar(*bytes, path, now);
    if (!imported) {
      ReportError(imported.error());
      ++failed;
      continue;
    }
    for (const std::string& w : imported->warnings) ReportWarning(ctx, w);
    auto saved = measurements.SaveImport(imported->series, imported->windows, now);
    if (!saved) return std::unexpected(saved.error());
    series_added += saved->series_added;
    windows_added += saved->windows_added;
    unchanged += saved->unchanged;
  }
  if (!mrt_files.empty()) {
    if (!target) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("{}: MRT needs --target (country:KP=asn:131279, asn:N or prefix:P)", mrt_files[0]));
    }
    ingest::MrtSeriesResult bgp = ingest::BuildMrtSeries(
        {ingest::MrtStream{.name = "", .paths = mrt_files}}, {*target}, opts.step,
        mrt_files.size() == 1 ? mrt_files[0] : fmt::format("{} MRT files", mrt_files.size()),
        Detect, [&](const std::string& w) { ReportWarning(ctx, w); });
    for (const ingest::MrtFileRead& file : bgp.files) {
      if (!file.error) continue;
      ReportError(*file.error);
      ++failed;
    }
    const std::uint64_t records = bgp.records, matched = bgp.matched, malformed = bgp.malformed;
    if (!bgp.failed() || matched > 0) {
      const std::vector<OutageWindow>& windows = bgp.windows;
      auto saved = measurements.SaveDetected(target->entity, bgp.series, windows, now);
      if (!saved) return std::unexpected(saved.error());
      series_added += saved->series_added;
      windows_added += saved->windows_added;
      unchanged += saved->unchanged;
      replaced += saved->replaced;
      if (!ctx.global.quiet) {
        output = Print(
            "MRT: {} records ({} malformed), {} route events for {} from {} peers; {} windows "
            "detected\n",
            records, malformed, matched, target->entity, bgp.targets.front().peers, windows.size());
      }
    }
  }
  if (!ctx.global.quiet && output) {
    output = Print("stored {} series and {} windows ({} already present{})\n", series_added,
                   windows_added, unchanged,
                   replaced ? fmt::format(", {} detected window{} replaced", replaced,
                                          replaced == 1 ? "" : "s")
                            : "");
  }
  if (failed) {
    if (!output) ReportError(output.error());
    return Fail(ErrorCode::kParse,
                fmt::format("{} of {} inputs failed", failed, opts.files.size()));
  }
  return output;
}

Status RunWindows(const WindowsOptions& opts, const Context& ctx) {
  auto db = store::Database::Open(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  store::Measurements measurements(**db);
  std::string entity;
  if (!opts.target.empty()) {
    entity = NormalizeEntity(opts.target.substr(0, opts.target.find('=')));
    if (entity.empty()) return Fail(ErrorCode::kInvalidArgument, fmt::format("--target {}: bad entity", opts.target));
  }
  auto series = measurements.ListSeries(entity);
  if (!series) return std::unexpected(series.error());
  std::map<std::string, std::vector<Series>> by_entity;
  for (Series& s : *series) by_entity[s.entity].push_back(std::move(s));
  Instant now = static_cast<Instant>(std::time(nullptr));
  for (auto& [name, list] : by_entity) {
    std::vector<OutageWindow> found = Detect(list);
    // Keep the richer evidence a previous MRT import attached to the same window.
    auto old = measurements.ListWindows(store::WindowFilter{name, std::nullopt, std::nullopt, std::nullopt});
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
  auto windows = measurements.ListWindows(store::WindowFilter{entity.empty() ? std::nullopt : std::optional<std::string>(entity),
                                                                  std::nullopt, std::nullopt, std::nullopt});
  if (!windows) return std::unexpected(windows.error());
  if (opts.json) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const OutageWindow& w : *windows) {
      a.push_back({{"id", w.id}, {"entity", w.entity}, {"kind", WindowKindName(w.kind)},
                   {"start", FormatRfc3339(w.start)}, {"end", FormatRfc3339(w.end)}, {"source", w.source},
                   {"signal", w.signal}, {"severity", w.severity}, {"score", w.score}, {"cause", w.cause},
                   {"evidence", nlohmann::ordered_json::parse(w.evidence.empty() ? "{}" : w.evidence, nullptr, false)},
                   {"provenance", w.provenance}});
    }
    return Print("{}\n", nlohmann::ordered_json{{"windows", a}}.dump(2));
  }
  std::string table =
      fmt::format("{:<4} {:<12} {:<11} {:<17} {:<17} {:>7} {:<12} {:<9} {}\n", "id", "entity",
                  "kind", "start (UTC)", "end (UTC)", "minutes", "source", "severity", "signal");
  for (const OutageWindow& w : *windows) {
    table += fmt::format("{:<4} {:<12} {:<11} {:<17} {:<17} {:>7} {:<12} {:<9} {}\n", w.id,
                         w.entity, WindowKindName(w.kind), FormatRfc3339(w.start).substr(0, 16),
                         FormatRfc3339(w.end).substr(0, 16), (w.end - w.start) / 60, w.source,
                         w.severity, w.signal);
  }
  return WriteStdout(table);
}

}  // namespace

void RegisterMeasure(CLI::App& app, Context& ctx) {
  CLI::App* measure = Group(app, "measure", "Import measurements and detect outage windows");
  auto opts = std::make_shared<SynthesizeOptions>();
  CLI::App* synth = measure->add_subcommand(
      "synthesize-mrt",
      "Write SYNTHETIC MRT BGP4MP updates following a routing scenario (JSON); for examples and tests only");
  synth->add_option("scenario", opts->scenario, "Scenario JSON (e.g. examples/nk-2014/routing-scenario.json)")
      ->required();
  synth->add_option("-o,--out", opts->out, "MRT file to write (.gz: gzip-compressed)")->required();
  synth->callback([&ctx, opts] { ctx.run = [&ctx, opts] { return RunSynthesize(*opts, ctx); }; });

  auto imp = std::make_shared<ImportOptions>();
  CLI::App* import = measure->add_subcommand(
      "import", "Import measurements: CSV windows, IODA v2 JSON, Cloudflare Radar annotations, MRT BGP dumps");
  import->add_option("files", imp->files, "Input files")->required();
  import->add_option("--format", imp->format, "auto (default), csv, ioda, radar or mrt");
  import->add_option("--target", imp->target,
                     "For MRT: what to compute series for: country:KP=asn:131279[,prefix:...], asn:N, prefix:P[,P...]");
  import->add_option("--step", imp->step, "MRT series bin in seconds (default 300)")
      ->check(WholeNumber(60, 86400));
  import->callback([&ctx, imp] { ctx.run = [&ctx, imp] { return RunImport(*imp, ctx); }; });

  auto win = std::make_shared<WindowsOptions>();
  CLI::App* windows = measure->add_subcommand(
      "windows", "Detect outage and instability windows from stored series, then list all windows");
  windows->add_option("--target", win->target, "Only this entity (country:KP, asn:131279, ...)");
  windows->add_flag("--json", win->json, "JSON output");
  windows->callback([&ctx, win] { ctx.run = [&ctx, win] { return RunWindows(*win, ctx); }; });
}

}  // namespace corroborate::cli
