// `corroborate measure ...`: measurement import, window detection, and the
// synthetic MRT generator of the bundled example.
#include <fmt/core.h>

#include <cstdlib>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/numeric_flags.h"
#include "cli/output.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/measure.h"
#include "core/time.h"
#include "ingest/fetch/fetcher.h"
#include "ingest/measure/bgp_series.h"
#include "ingest/measure/fetch.h"
#include "ingest/measure/import.h"
#include "ingest/measure/mrt_archive.h"
#include "ingest/measure/synthetic_mrt.h"
#include "pipeline/database.h"
#include "pipeline/import_measurements.h"
#include "pipeline/measure_fetch.h"
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

enum class FetchService { kIoda, kRadar, kRis, kRouteViews };

struct FetchCmdOptions {
  FetchService service = FetchService::kIoda;
  std::string entity;
  std::string from, until;
  std::string datasource;
  std::vector<std::string> collectors;
  std::vector<std::string> targets;
  bool no_rib = false;
  std::string cache;
  Instant step = 300;
};

// An ISO 8601 time ("2014-12-22", "2014-12-22T16:00Z"), UTC when no zone.
Result<Instant> FlagTime(const std::string& flag, const std::string& text) {
  const auto t = ParseIso8601(text);
  if (!t) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{} {}: want an ISO 8601 time such as 2014-12-22T16:00Z", flag, text));
  }
  return t->instant;
}

// $XDG_CACHE_HOME/corroborate/mrt, else ~/.cache/corroborate/mrt.
std::string DefaultMrtCache() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg) return std::string(xdg) + "/corroborate/mrt";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.cache/corroborate/mrt";
  return ".corroborate-mrt-cache";
}

Status RunFetchMeasurements(const FetchCmdOptions& opts, const Context& ctx) {
  auto from = FlagTime("--from", opts.from);
  if (!from) return std::unexpected(from.error());
  auto until = FlagTime("--until", opts.until);
  if (!until) return std::unexpected(until.error());
  if (*until <= *from) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("--until {} is not after --from {}", opts.until, opts.from));
  }
  const ingest::MeasureServices services =
      ingest::MeasureServicesFromEnvironment([](const char* name) { return std::getenv(name); });
  const bool mrt = opts.service == FetchService::kRis || opts.service == FetchService::kRouteViews;
  ingest::MrtFetchRequest request;
  std::string entity;
  if (mrt) {
    if (opts.collectors.empty())
      return Fail(ErrorCode::kInvalidArgument,
                  "--collector: name at least one (rrc00, route-views2, ...)");
    if (opts.targets.empty())
      return Fail(ErrorCode::kInvalidArgument,
                  "--target: name at least one (asn:N, prefix:P, country:KP=asn:N,...)");
    for (const std::string& c : opts.collectors) {
      // A RouteViews collector is told by its name; "routeviews:NAME" forces it.
      auto collector = ingest::ParseMrtCollector(opts.service == FetchService::kRouteViews &&
                                                         c.find(':') == std::string::npos &&
                                                         c.find("route-views") == std::string::npos
                                                     ? "routeviews:" + c
                                                     : c);
      if (!collector) return std::unexpected(collector.error());
      const bool is_ris = collector->project == ingest::MrtProject::kRis;
      if (is_ris != (opts.service == FetchService::kRis)) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("--collector {}: not a {} collector", c,
                                opts.service == FetchService::kRis ? "RIS" : "RouteViews"));
      }
      request.collectors.push_back(*collector);
    }
    for (const std::string& t : opts.targets) {
      auto target = ingest::ParseBgpTarget(t);
      if (!target) return std::unexpected(target.error());
      request.targets.push_back(*target);
    }
    request.from = *from;
    request.until = *until;
    request.with_rib = !opts.no_rib;
    request.step = opts.step;
    request.download.cache_dir = opts.cache.empty() ? DefaultMrtCache() : opts.cache;
  } else {
    entity = NormalizeEntity(opts.entity);
    if (entity.empty() || entity.find(':') == std::string::npos)
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("--entity {}: want country:CC or asn:N", opts.entity));
  }

  auto db = pipeline::OpenDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  ingest::CurlFetcher fetcher;
  SystemClock clock;
  const pipeline::NoticeSink notices = PrintNotices(ctx);
  Result<pipeline::MeasureFetchSummary> r = pipeline::MeasureFetchSummary{};
  switch (opts.service) {
    case FetchService::kIoda:
      r = pipeline::FetchIoda(
          **db, fetcher, clock, services,
          ingest::IodaQuery{
              .entity = entity, .from = *from, .until = *until, .datasource = opts.datasource},
          notices);
      break;
    case FetchService::kRadar:
      r = pipeline::FetchRadar(**db, fetcher, clock, services,
                               ingest::RadarQuery{.entity = entity, .from = *from, .until = *until},
                               notices);
      break;
    case FetchService::kRis:
    case FetchService::kRouteViews:
      r = pipeline::FetchMrtArchive(**db, fetcher, clock, services, request, notices);
      break;
  }
  if (!r) return std::unexpected(r.error());
  Status output;
  if (!ctx.global.quiet) {
    std::string files;
    if (mrt) {
      files = fmt::format("{} files downloaded, {} cached, {} missing; ", r->files_downloaded,
                          r->files_cached, r->files_missing);
    }
    output = Print(
        "{} requests; {}stored {} series and {} windows ({} already present), {} windows "
        "detected\n",
        r->fetched.size(), files, r->series_added, r->windows_added, r->unchanged,
        r->windows_detected);
  }
  if (r->failed) {
    if (!output) ReportError(output.error());
    return Fail(ErrorCode::kNetwork,
                fmt::format("{} request{} or file{} failed; the rest was stored", r->failed,
                            r->failed == 1 ? "" : "s", r->failed == 1 ? "" : "s"));
  }
  return output;
}

void RegisterFetchMeasurements(CLI::App& measure, Context& ctx) {
  CLI::App* fetch = measure.add_subcommand("fetch",
                                           "Fetch measurements from IODA, Cloudflare Radar, or the "
                                           "RIPE RIS and RouteViews MRT archives");
  fetch->require_subcommand(1);
  fetch->footer(
      "Example: corroborate measure fetch ioda --entity country:KP --from 2014-12-22 --until "
      "2014-12-24\n"
      "Base URLs: CORROBORATE_IODA_URL, CORROBORATE_RADAR_URL, CORROBORATE_RIS_URL,\n"
      "CORROBORATE_ROUTEVIEWS_URL (mirrors, tests); the Radar token from CLOUDFLARE_API_TOKEN.\n"
      "Every stored row names the endpoint or archive it came from; exit status 1 when some\n"
      "request or file failed (the rest is stored).");
  const auto add = [&](const char* name, FetchService service, const char* help,
                       const char* example) {
    auto opts = std::make_shared<FetchCmdOptions>();
    opts->service = service;
    CLI::App* sub = fetch->add_subcommand(name, help);
    const bool mrt = service == FetchService::kRis || service == FetchService::kRouteViews;
    if (!mrt) {
      sub->add_option("--entity", opts->entity, "country:KP or asn:131279")->required();
    }
    sub->add_option("--from", opts->from,
                    "Start of the range, ISO 8601 (UTC unless a zone is given)")
        ->required();
    sub->add_option("--until", opts->until, "End of the range, ISO 8601")->required();
    if (service == FetchService::kIoda) {
      sub->add_option("--datasource", opts->datasource,
                      "Only this IODA datasource (bgp, ping-slash24, ...)");
    }
    if (mrt) {
      sub->add_option("--collector", opts->collectors,
                      service == FetchService::kRis
                          ? "RIS collector (repeatable): rrc00, rrc01, ..."
                          : "RouteViews collector (repeatable): route-views2, "
                            "route-views.sg, ...")
          ->required();
      sub->add_option("--target", opts->targets,
                      "What to compute series for (repeatable): asn:N, prefix:P[,P...], "
                      "country:KP=asn:131279[,prefix:...]")
          ->required();
      sub->add_flag("--no-rib", opts->no_rib, "Do not start from the RIB dump at or before --from");
      sub->add_option("--cache", opts->cache,
                      "Directory of downloaded files (default $XDG_CACHE_HOME/corroborate/mrt)");
      sub->add_option("--step", opts->step, "Series bin in seconds (default 300)")
          ->check(WholeNumber(60, 86400));
    }
    sub->footer(std::string("Example: ") + example);
    sub->callback(
        [&ctx, opts] { ctx.run = [&ctx, opts] { return RunFetchMeasurements(*opts, ctx); }; });
  };
  add("ioda", FetchService::kIoda, "IODA API v2 signals and outage events for an entity",
      "corroborate measure fetch ioda --entity country:KP --from 2014-12-22 --until 2014-12-24");
  add("radar", FetchService::kRadar, "Cloudflare Radar outage annotations (CLOUDFLARE_API_TOKEN)",
      "CLOUDFLARE_API_TOKEN=... corroborate measure fetch radar --entity country:SY --from "
      "2024-06-01 --until "
      "2024-06-15");
  add("ris", FetchService::kRis, "RIPE RIS MRT dumps streamed into BGP series of the targets",
      "corroborate measure fetch ris --collector rrc00 --target country:KP=asn:131279 --from "
      "2014-12-22T12:00Z --until 2014-12-23T06:00Z");
  add("routeviews", FetchService::kRouteViews,
      "RouteViews MRT dumps streamed into BGP series of the targets",
      "corroborate measure fetch routeviews --collector route-views2 --target asn:131279 --from "
      "2014-12-22T12:00Z --until 2014-12-23T06:00Z");
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

RegisterFetchMeasurements(*measure, ctx);
}

}  // namespace corroborate::cli
