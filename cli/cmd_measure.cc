// `corroborate measure ...`: measurement import, window detection, and the
// synthetic MRT generator of the bundled example.
#include <fmt/core.h>

#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/numeric_flags.h"
#include "cli/output.h"
#include "core/clock.h"
#include "core/file.h"
#include "ingest/measure/bgp_series.h"
#include "ingest/measure/import.h"
#include "ingest/measure/synthetic_mrt.h"
#include "pipeline/database.h"
#include "pipeline/import_measurements.h"
#include "render/windows.h"

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

// The flags as import settings; kInvalidArgument naming a bad flag.
Result<pipeline::MeasurementSettings> Settings(const ImportOptions& opts) {
  pipeline::MeasurementSettings settings;
  settings.step = opts.step;
  settings.format = ingest::MeasureFormatFromName(opts.format);
  if (opts.format != "auto" && settings.format == ingest::MeasureFormat::kUnknown) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("--format {}: want auto, csv, ioda, radar or mrt", opts.format));
  }
  if (!opts.target.empty()) {
    auto t = ingest::ParseBgpTarget(opts.target);
    if (!t) return std::unexpected(t.error());
    settings.target = *t;
  }
  return settings;
}

Status RunImport(const ImportOptions& opts, const Context& ctx) {
  auto db = pipeline::OpenDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  auto settings = Settings(opts);
  if (!settings) return std::unexpected(settings.error());
  SystemClock clock;
  auto r = pipeline::ImportMeasurements(**db, opts.files, *settings, clock, PrintNotices(ctx));
  if (!r) return std::unexpected(r.error());
  Status output;  // the first failed write to standard output
  if (r->mrt && !ctx.global.quiet) {
    const pipeline::MrtImportSummary& m = *r->mrt;
    output = Print(
        "MRT: {} records ({} malformed), {} route events for {} from {} peers; {} windows "
        "detected\n",
        m.records, m.malformed, m.matched, m.entity, m.peers, m.windows);
  }
  if (!ctx.global.quiet && output) {
    output = Print("stored {} series and {} windows ({} already present{})\n", r->series_added,
                   r->windows_added, r->unchanged,
                   r->replaced ? fmt::format(", {} detected window{} replaced", r->replaced,
                                             r->replaced == 1 ? "" : "s")
                               : "");
  }
  if (r->failed) {
    if (!output) ReportError(output.error());
    return Fail(ErrorCode::kParse,
                fmt::format("{} of {} inputs failed", r->failed, opts.files.size()));
  }
  return output;
}

Status RunWindows(const WindowsOptions& opts, const Context& ctx) {
  auto db = pipeline::OpenExistingDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  std::string entity;
  if (!opts.target.empty()) {
    entity = NormalizeEntity(opts.target.substr(0, opts.target.find('=')));
    if (entity.empty())
      return Fail(ErrorCode::kInvalidArgument, fmt::format("--target {}: bad entity", opts.target));
  }
  SystemClock clock;
  auto windows = pipeline::DetectStoredWindows(**db, entity, clock);
  if (!windows) return std::unexpected(windows.error());
  return WriteStdout(opts.json ? render::WindowsJson(*windows) : render::WindowsText(*windows));
}

}  // namespace

void RegisterMeasure(CLI::App& app, Context& ctx) {
  CLI::App* measure = Group(app, "measure", "Import measurements and detect outage windows");
  auto opts = std::make_shared<SynthesizeOptions>();
  CLI::App* synth = measure->add_subcommand("synthesize-mrt",
                                            "Write SYNTHETIC MRT BGP4MP updates following a "
                                            "routing scenario (JSON); for examples and tests only");
  synth
      ->add_option("scenario", opts->scenario,
                   "Scenario JSON (e.g. examples/nk-2014/routing-scenario.json)")
      ->required();
  synth->add_option("-o,--out", opts->out, "MRT file to write (.gz: gzip-compressed)")->required();
  synth->callback([&ctx, opts] { ctx.run = [&ctx, opts] { return RunSynthesize(*opts, ctx); }; });

  auto imp = std::make_shared<ImportOptions>();
  CLI::App* import = measure->add_subcommand("import",
                                             "Import measurements: CSV windows, IODA v2 JSON, "
                                             "Cloudflare Radar annotations, MRT BGP dumps");
  import->add_option("files", imp->files, "Input files")->required();
  import->add_option("--format", imp->format, "auto (default), csv, ioda, radar or mrt");
  import->add_option("--target", imp->target,
                     "For MRT: what to compute series for: country:KP=asn:131279[,prefix:...], "
                     "asn:N, prefix:P[,P...]");
  import->add_option("--step", imp->step, "MRT series bin in seconds (default 300)")
      ->check(WholeNumber(60, 86400));
  import->callback([&ctx, imp] { ctx.run = [&ctx, imp] { return RunImport(*imp, ctx);
};
}  // namespace corroborate::cli
);

auto win = std::make_shared<WindowsOptions>();
CLI::App* windows = measure->add_subcommand(
    "windows", "Detect outage and instability windows from stored series, then list all windows");
windows->add_option("--target", win->target, "Only this entity (country:KP, asn:131279, ...)");
windows->add_flag("--json", win->json, "JSON output");
windows->callback([&ctx, win] { ctx.run = [&ctx, win] { return RunWindows(*win, ctx); }; });
}

}  // namespace corroborate::cli
