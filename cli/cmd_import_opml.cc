// `corroborate import-opml FILE`: registers every feed of an OPML
// subscription list as a source (kind feed, the outline's title).
//
// The whole file is parsed and checked before anything is added, so a bad
// file adds nothing. URLs already registered are left as they are
// (idempotent: a second import adds none); outlines whose xmlUrl is not
// http(s) with a host are skipped with a warning.
#include <fmt/core.h>

#include <cctype>
#include <ctime>
#include <set>

#include "cli/commands.h"
#include "cli/input_size.h"
#include "cli/numeric_flags.h"
#include "cli/output.h"
#include "cli/source_flags.h"
#include "core/file.h"
#include "ingest/feeds/feed.h"
#include "ingest/url.h"
#include "store/database.h"
#include "store/sources.h"

namespace corroborate::cli {
namespace {

struct ImportOpmlOptions {
  std::string file;
  std::string reliability;
  std::int64_t interval = 0;
  bool interval_given = false;
};

Status RunImportOpml(const Context& ctx, const ImportOpmlOptions& opts) {
  store::NewSource defaults;
  if (auto st = ApplySourceFlags(opts.reliability, opts.interval_given, opts.interval, defaults); !st) return st;

  if (Status fits = CheckFileSize(opts.file, ingest::InputKind::kOpml); !fits) return fits;
  auto bytes = ReadFile(opts.file);
  if (!bytes) return std::unexpected(bytes.error());
  auto outlines = ingest::ParseOpml(*bytes);
  if (!outlines) return std::unexpected(WithContext(outlines.error(), opts.file));
  if (outlines->empty()) {
    return Fail(ErrorCode::kParse, opts.file + ": no feed outlines (with an xmlUrl) found");
  }

  std::vector<store::NewSource> wanted;
  std::set<std::string> seen;
  for (const ingest::OpmlOutline& o : *outlines) {
    const std::string scheme = ingest::UrlScheme(o.xml_url);
    if (scheme != "http" && scheme != "https") {
      ReportWarning(ctx, fmt::format("{}: skipping \"{}\": not an http(s) URL", opts.file, o.xml_url));
      continue;
    }
    if (ingest::UrlHost(o.xml_url).empty()) {
      ReportWarning(ctx,
                    fmt::format("{}: skipping \"{}\": no host in the URL", opts.file, o.xml_url));
      continue;
    }
    if (!seen.insert(o.xml_url).second) continue;
    store::NewSource s = defaults;
    s.url = o.xml_url;
    s.kind = SourceKind::kFeed;
    s.title = o.title;
    wanted.push_back(std::move(s));
  }

  auto db = store::Database::Open(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  store::Sources registry(**db);
  const Instant now = std::time(nullptr);
  int added = 0, existing = 0;
  for (const store::NewSource& s : wanted) {
    auto known = registry.GetSource(std::string_view(s.url));
    if (known) {
      ++existing;
      continue;
    }
    if (known.error().code != ErrorCode::kNotFound) return std::unexpected(known.error());
    auto result = registry.AddSource(s, now);
    if (!result) {
      return Fail(result.error().code,
                  fmt::format("{}: {} (added {} sources before it)", opts.file,
                              result.error().message, added));
    }
    ++added;
  }
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
