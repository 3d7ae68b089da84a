// `corroborate measure ...`: measurement import, window detection, and the
// synthetic MRT generator of the bundled example.
#include <fmt/core.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "ingest/measure/synthetic_mrt.h"

namespace corroborate::cli {

namespace {

struct SynthesizeOptions {
  std::string scenario;
  std::string out;
};

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, fmt::format("{}: cannot open", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Status RunSynthesize(const SynthesizeOptions& opts, const Context& ctx) {
  auto bytes = ReadWholeFile(opts.scenario);
  if (!bytes) return std::unexpected(bytes.error());
  auto scenario = ingest::ParseRoutingScenario(*bytes, opts.scenario);
  if (!scenario) return std::unexpected(scenario.error());
  auto stats = ingest::WriteSyntheticMrt(*scenario, opts.out);
  if (!stats) return std::unexpected(stats.error());
  if (!ctx.global.quiet) {
    fmt::print("wrote SYNTHETIC MRT {}: {} records ({} announcements, {} withdrawals)\n", opts.out,
               stats->records, stats->announcements, stats->withdrawals);
  }
  return {};
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
}

}  // namespace corroborate::cli
