// `corroborate import-opml FILE`: registers every feed of an OPML
// subscription list as a source (kind feed, the outline's title).
//
// The whole file is parsed and checked before anything is added, so a bad
// file adds nothing. URLs already registered are left as they are
// (idempotent: a second import adds none); outlines whose xmlUrl is not
// http(s) with a host are skipped with a warning.
#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/numeric_flags.h"
#include "cli/output.h"
#include "cli/source_flags.h"
#include "core/clock.h"
#include "core/file.h"
#include "ingest/feeds/feed.h"
#include "ingest/input.h"
#include "pipeline/database.h"
#include "pipeline/sources.h"

namespace corroborate::cli {
namespace {

struct ImportOpmlOptions {
  std::string file;
  std::string reliability;
  std::int64_t interval = 0;
  bool interval_given = false;
};

Status RunImportOpml(const Context& ctx, const ImportOpmlOptions& opts) {
  pipeline::SourceSettings defaults;
  if (auto st = ApplySourceFlags(opts.reliability, opts.interval_given, opts.interval, defaults);
      !st)
    return st;

  if (Status fits = ingest::CheckFileSize(opts.file, ingest::InputKind::kOpml); !fits) return fits;
  auto bytes = ReadFile(opts.file);
  if (!bytes) return std::unexpected(bytes.error());
  auto outlines = ingest::ParseOpml(*bytes);
  if (!outlines) return std::unexpected(WithContext(outlines.error(), opts.file));
  if (outlines->empty()) {
    return Fail(ErrorCode::kParse, opts.file + ": no feed outlines (with an xmlUrl) found");
  }

  auto db = pipeline::OpenDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  SystemClock clock;
  auto registered =
      pipeline::RegisterOpmlFeeds(**db, opts.file, *outlines, defaults, clock, PrintNotices(ctx));
  if (!registered) return std::unexpected(registered.error());
  const int added = registered->added, existing = registered->existing;
  return Print("added {} source{}, {} already registered\n", added, added == 1 ? "" : "s",
               existing);
}

}  // namespace

void RegisterImportOpml(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<ImportOpmlOptions>();
  CLI::App* sub = app.add_subcommand(
      "import-opml", "Register every feed of an OPML subscription list as a source");
  sub->add_option("file", opts->file, "OPML file")->required();
  sub->add_option("--reliability", opts->reliability,
                  "Admiralty grade A..F for the new sources (default F)");
  CLI::Option* interval =
      sub->add_option("--interval", opts->interval, "Seconds between polls (default 3600)")
          ->check(WholeNumber(1, kMaxPollInterval));
  sub->callback([&ctx, opts, interval] {
    opts->interval_given = interval->count() > 0;
    ctx.run = [&ctx, opts] { return RunImportOpml(ctx, *opts); };
  });
}

}  // namespace corroborate::cli
