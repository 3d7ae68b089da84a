// corroborate: news and claim correlation engine. Builds the CLI11 app,
// lets each subcommand register itself, runs the selected one, and maps its
// result to the exit code: 0 success, 1 the command failed, 2 usage error,
// 3 done in part (fetch: some sources failed, not all).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/numeric_flags.h"
#include "cli/output.h"
#include "cli/suggest.h"

int main(int argc, char** argv) {
  using namespace corroborate;
  cli::Context ctx;
  CLI::App app{
      "corroborate: ingest news and measurements about Internet outages, extract claims,\n"
      "check them against what was measured, and rank the competing explanations."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "corroborate 0.1.0");
  // Global options may also follow the subcommand: `corroborate ingest -j 2 FILE`.
  app.fallthrough();
  const char* env_db = std::getenv("CORROBORATE_DB");
  ctx.global.db_path = env_db && *env_db ? env_db : "corroborate.db";
  app.add_option("--db", ctx.global.db_path,
                 "SQLite database file (default ./corroborate.db, or $CORROBORATE_DB)");
  app.add_flag("-q,--quiet", ctx.global.quiet, "No progress output or warnings");
  app.add_option(
         "-j,--jobs", ctx.global.jobs,
         "Threads that parse files and fetched bodies and run the extractor (ingest, fetch, "
         "parse article, reextract, demo; default: the number of CPUs; output keeps the "
         "order of the inputs)")
      ->check(cli::WholeNumber(1, 256));

  cli::RegisterVersion(app, ctx);
  cli::RegisterMeasure(app, ctx);
  cli::RegisterParseFeed(app, ctx);
  cli::RegisterReports(app, ctx);
  cli::RegisterDemo(app, ctx);
  cli::RegisterParseMrt(app, ctx);
  cli::RegisterParsePosts(app, ctx);
  cli::RegisterExtractTimex(app, ctx);
  cli::RegisterExtractClaims(app, ctx);
  cli::RegisterExtractAttributions(app, ctx);
  cli::RegisterParseArticle(app, ctx);
  cli::RegisterSources(app, ctx);
  cli::RegisterIngest(app, ctx);
  cli::RegisterSearch(app, ctx);
  cli::RegisterFetch(app, ctx);
  cli::RegisterImportOpml(app, ctx);
  cli::RegisterData(app, ctx);
  cli::RegisterWatch(app, ctx);
  cli::RegisterClaims(app, ctx);

  // A mistyped command (or subcommand of a group such as `sources`) gets a
  // suggestion instead of "A subcommand is required".
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  CLI::App* group = &app;
  std::string path = "corroborate";
  for (std::size_t at = 0; group != nullptr;) {
    at = cli::FirstCommandWord(args, {"--db", "-j", "--jobs"}, at);
    if (at >= args.size()) break;
    std::vector<std::string> names;
    CLI::App* next = nullptr;
    for (CLI::App* sub : group->get_subcommands({})) {
      names.push_back(sub->get_name());
      if (sub->get_name() == args[at]) next = sub;
    }
    if (next == nullptr) {
      std::optional<std::string> near = cli::NearestName(args[at], names);
      std::string message =
          "unknown command '" + (group == &app ? "" : path.substr(12) + " ") + args[at] + "'";
      message +=
          near ? "; did you mean '" + *near + "'?" : "; see " + path + " --help for the commands";
      cli::ReportError(Error{ErrorCode::kInvalidArgument, message});
      return 2;
    }
    path += " " + next->get_name();
    // Only groups whose subcommand is required take their next word as one.
    group = next->get_require_subcommand_min() > 0 ? next : nullptr;
    ++at;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version end here with 0; every usage error exits with 2.
    int code = app.exit(e) == 0 ? 0 : 2;
    if (Status flushed = cli::FlushStdout(); !flushed) {
      cli::ReportError(flushed.error());
      return code == 0 ? 1 : code;
    }
    return code;
  }
  Status status = ctx.run ? ctx.run() : Status();
  // Output that stayed in the buffer is written now; a failure here is the
  // command's failure.
  Status flushed = cli::FlushStdout();
  if (status && !flushed) status = flushed;
  if (!status) {
    cli::ReportError(status.error());
    return status.error().code == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  return ctx.exit_status;
}
