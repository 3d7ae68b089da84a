// `corroborate demo --out DIR`: the whole pipeline on the bundled example
// (examples/nk-2014, embedded in the binary) into a fresh database in DIR:
// sources, feed, pages with comments, posts, extraction, the published
// windows, SYNTHETIC routing data and its detected windows, then the
// briefing report (DIR/brief.html, DIR/brief.md).
#include <fmt/core.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <span>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/clock.h"
#include "core/parallel.h"
#include "pipeline/database.h"
#include "pipeline/example.h"
#include "pipeline/extract_stored.h"

namespace corroborate::cli {

namespace example {
std::string_view EmbeddedFile(std::string_view name);
}  // namespace example

namespace {

struct DemoOptions {
  std::string out = "demo-out";
};

constexpr const char* kPages[] = {"kp-offline.html", "kp-back-online.html",
                                  "kp-paralysed-again.html"};
constexpr const char* kPosts[] = {"mastodon-timeline.json", "bluesky-search.json"};
constexpr const char* kOther[] = {"feed.xml",    "sources.tsv",           "sources.opml",
                                  "windows.csv", "routing-scenario.json", "README.md"};

// The embedded example's files by role.
pipeline::ExampleFiles EmbeddedExample() {
  pipeline::ExampleFiles files;
  files.sources_tsv = example::EmbeddedFile("sources.tsv");
  files.feed_xml = example::EmbeddedFile("feed.xml");
  for (const char* name : kPages) files.pages.emplace_back(name, example::EmbeddedFile(name));
  for (const char* name : kPosts) files.posts.emplace_back(name, example::EmbeddedFile(name));
  files.routing_scenario = example::EmbeddedFile("routing-scenario.json");
  return files;
}

// Writes the example's files into `input` (the pages are stored under
// their paths there, the windows are imported from there).
Status WriteInputs(const std::filesystem::path& input) {
  std::error_code ec;
  std::filesystem::create_directories(input, ec);
  if (ec)
    return Fail(ErrorCode::kIo, fmt::format("{}: cannot create: {}", input.string(), ec.message()));
  std::vector<OutputFile> inputs;
  for (const auto& names :
       {std::span<const char* const>(kPages), std::span<const char* const>(kPosts),
        std::span<const char* const>(kOther)}) {
    for (const char* name : names)
      inputs.push_back({name, std::string(example::EmbeddedFile(name))});
  }
  return ReplaceFiles(input, inputs);
}

std::string Summary(const pipeline::ExampleRun& run, const std::string& out,
                    const std::string& db_path) {
  const render::Report& report = run.analysis.report;
  const Incident& incident = report.incident;
  std::string summary = fmt::format(
      "demo: {} sources; {} documents stored ({} duplicates); {} timexes and {} claims extracted\n",
      run.sources, run.stored.added + run.stored.duplicates, run.stored.duplicates,
      run.extracted.timexes, run.extracted.claims);
  summary += fmt::format(
      "demo: SYNTHETIC routing data {} ({} MRT records); {} incidents, report on incident {} ({} "
      "to {})\n",
      run.mrt_path, run.mrt_records, run.analysis.incidents.size(), incident.id,
      FormatRfc3339(incident.start), FormatRfc3339(incident.end));
  const Assessment& a = report.assessment;
  if (!a.ranking.empty()) {
    summary += fmt::format("demo: {}: {} ({}); confidence {}\n",
                           a.leader.empty() ? "cause undetermined, most supported" : "leading hypothesis",
                           a.ranking[0].hypothesis.label, a.ranking[0].likelihood, a.confidence);
  }
  summary += fmt::format(
      "demo: wrote {0}/brief.html, {0}/brief.md, {0}/brief.svg, {0}/stix.json (database {1})\n",
      out, db_path);
  return summary;
}

Status RunDemo(const DemoOptions& o, const Context& ctx) {
  auto started = std::chrono::steady_clock::now();
  namespace fs = std::filesystem;
  fs::path out(o.out), input = fs::path(o.out) / "input";
  const std::string db_path = (out / "corroborate.db").string();
  if (auto st = WriteInputs(input); !st) return st;
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_path + suffix, ec);
  auto db = pipeline::OpenDatabase(db_path);
  if (!db) return std::unexpected(db.error());
  SystemClock clock;
  // Import warnings are not the demo's to show; errors are.
  Context quiet = ctx;
  quiet.global.quiet = true;
  auto run = pipeline::RunExample(**db, EmbeddedExample(), input.string(),
                                  DefaultJobs(ctx.global.jobs), clock, PrintNotices(quiet));
  if (!run) return std::unexpected(run.error());
  auto analysed = std::chrono::steady_clock::now();
  if (auto st = WriteBrief(run->analysis.report, out.string(), true); !st) return st;
  auto done = std::chrono::steady_clock::now();
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  if (ctx.global.quiet) return {};
  return WriteStdout(
      Summary(*run, o.out, db_path) +
      fmt::format("demo: {:.0f} ms in all, report {:.0f} ms once the data was stored\n",
                  ms(started, done), run->analysis_ms + ms(analysed, done)));
}

Status RunReextract(bool all, const Context& ctx) {
  auto db = pipeline::OpenExistingDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  SystemClock clock;
  auto r = pipeline::ExtractStored(**db, all, DefaultJobs(ctx.global.jobs), clock);
  if (!r) return std::unexpected(r.error());
  if (ctx.global.quiet) return {};
  return Print("extracted {} timexes and {} claims from {} document{}\n", r->timexes, r->claims,
               r->documents, r->documents == 1 ? "" : "s");
}

}  // namespace

void RegisterDemo(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<DemoOptions>();
  CLI::App* demo = app.add_subcommand(
      "demo",
      "Run the whole pipeline on the bundled example (North Korea, December 2014) into DIR");
  demo->add_option("-o,--out", o->out,
                   "Output directory (default demo-out); its database is replaced");
  demo->callback([&ctx, o] { ctx.run = [&ctx, o] { return RunDemo(*o, ctx); }; });

  auto all = std::make_shared<bool>(false);
  CLI::App* re = app.add_subcommand("reextract",
                                    "Run the extractor again on stored documents (those extracted "
                                    "by an older version; --all: every one)");
  re->add_flag("--all", *all, "Re-extract every document");
  re->callback([&ctx, all] { ctx.run = [&ctx, all] { return RunReextract(*all, ctx); }; });
}

}  // namespace corroborate::cli
