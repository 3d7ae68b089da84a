// corroborate: news and claim correlation engine. Builds the CLI11 app,
// lets each subcommand register itself, runs the selected one, and maps its
// result to the exit code: 0 success, 1 the command failed, 2 usage error.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <string>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/numeric_flags.h"
#include "cli/output.h"

int main(int argc, char** argv) {
  using namespace corroborate;
  cli::Context ctx;
  CLI::App app{
      "corroborate: ingest news and measurements about Internet outages, extract claims,\n"
      "check them against what was measured, and rank the competing explanations."};
  app.require_subcommand(1);
  const char* env_db = std::getenv("CORROBORATE_DB");
  ctx.global.db_path = env_db && *env_db ? env_db : "corroborate.db";
  app.add_option("--db", ctx.global.db_path,
                 "SQLite database file (default ./corroborate.db, or $CORROBORATE_DB)");
  app.add_flag("-q,--quiet", ctx.global.quiet, "No progress output or warnings");
  app.add_option("-j,--jobs", ctx.global.jobs,
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
  return 0;
}
