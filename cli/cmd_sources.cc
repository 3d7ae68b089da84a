// `corroborate sources add|list|remove`: the registry of feeds, pages and
// social timelines that `fetch` polls.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/numeric_flags.h"
#include "cli/output.h"
#include "cli/source_flags.h"
#include "core/clock.h"
#include "ingest/url.h"
#include "pipeline/database.h"
#include "pipeline/sources.h"

namespace corroborate::cli {
namespace {

struct SourcesAddOptions {
  std::string url;
  std::string kind = "feed";
  std::string reliability;
  std::string title;
  std::int64_t interval = 0;
  bool interval_given = false;
};

Status RunSourcesAdd(const Context& ctx, const SourcesAddOptions& opts) {
  const std::string scheme = ingest::UrlScheme(opts.url);
  if (scheme != "http" && scheme != "https") {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: not an http(s) URL", opts.url));
  }
  if (ingest::UrlHost(opts.url).empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: no host in the URL (expected {}://HOST/...)", opts.url, scheme));
  }
  pipeline::SourceSettings source;
  source.url = opts.url;
  auto kind = SourceKindFromName(opts.kind);
  if (!kind) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("--kind {}: expected feed, page, mastodon or bluesky", opts.kind));
  }
  source.kind = *kind;
  if (auto st = ApplySourceFlags(opts.reliability, opts.interval_given, opts.interval, source); !st)
    return st;
  source.title = opts.title;
  auto db = pipeline::OpenDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  SystemClock clock;
  auto added = pipeline::AddSource(**db, source, clock);
  if (!added) return std::unexpected(added.error());
  return Print("{} source {}: {}\n", added->created ? "added" : "updated", added->id, opts.url);
}

std::string FormatTime(Instant t) { return t ? FormatRfc3339(t) : "-"; }

Status RunSourcesList(const Context& ctx, bool json) {
  auto db = pipeline::OpenExistingDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  auto sources = pipeline::ListSources(**db);
  if (!sources) return std::unexpected(sources.error());
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Source& s : *sources) {
      out.push_back({{"id", s.id},
                     {"kind", SourceKindName(s.kind)},
                     {"url", s.url},
                     {"title", s.title},
                     {"reliability", std::string(1, s.reliability)},
                     {"etag", s.etag},
                     {"last_modified", s.last_modified},
                     {"next_poll", FormatRfc3339(s.next_poll)},
                     {"poll_interval", s.poll_interval},
                     {"last_error", s.last_error},
                     {"consecutive_failures", s.consecutive_failures}});
    }
    return Print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  if (sources->empty())
    return WriteStdout("no sources; add one with `corroborate sources add URL`\n");
  std::string table = fmt::format("{:>4}  {:<8}  {:<3}  {:<20}  {:>4}  {}\n", "ID", "KIND", "REL",
                                  "NEXT POLL", "FAIL", "URL / TITLE / LAST ERROR");
  for (const Source& s : *sources) {
    table += fmt::format("{:>4}  {:<8}  {:<3}  {:<20}  {:>4}  {}\n", s.id, SourceKindName(s.kind),
                         s.reliability, FormatTime(s.next_poll), s.consecutive_failures, s.url);
    if (!s.title.empty()) table += fmt::format("{:>48}{}\n", "", s.title);
    if (!s.last_error.empty()) table += fmt::format("{:>48}error: {}\n", "", s.last_error);
  }
  return WriteStdout(table);
}

Status RunSourcesRemove(const Context& ctx, const std::string& url) {
  auto db = pipeline::OpenExistingDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  if (Status removed = pipeline::RemoveSource(**db, url); !removed) return removed;
  return Print("removed source {}\n", url);
}

}  // namespace

void RegisterSources(CLI::App& app, Context& ctx) {
  CLI::App* group = Group(app, "sources", "Register, list and remove the sources `fetch` polls");

  auto add_opts = std::make_shared<SourcesAddOptions>();
  CLI::App* add = group->add_subcommand("add", "Register a source (idempotent on the URL)");
  add->add_option("url", add_opts->url, "http(s) URL of the feed, page or timeline")->required();
  add->add_option("--kind", add_opts->kind, "feed (default), page, mastodon or bluesky");
  add->add_option("--reliability", add_opts->reliability,
                  "Admiralty grade A (reliable) .. F (cannot be judged); new sources get F");
  add->add_option("--title", add_opts->title, "Display name");
  CLI::Option* interval =
      add->add_option("--interval", add_opts->interval, "Seconds between polls (default 3600)")
          ->check(WholeNumber(1, kMaxPollInterval));
  add->callback([&ctx, add_opts, interval] {
    add_opts->interval_given = interval->count() > 0;
    ctx.run = [&ctx, add_opts] { return RunSourcesAdd(ctx, *add_opts); };
  });

  auto json = std::make_shared<bool>(false);
  CLI::App* list = group->add_subcommand("list", "List the registered sources");
  list->add_flag("--json", *json, "JSON array instead of a table");
  list->callback([&ctx, json] { ctx.run = [&ctx, json] { return RunSourcesList(ctx, *json); }; });

  auto url = std::make_shared<std::string>();
  CLI::App* remove = group->add_subcommand("remove", "Remove a source (its documents stay)");
  remove->add_option("url", *url, "URL as registered")->required();
  remove->callback([&ctx, url] { ctx.run = [&ctx, url] { return RunSourcesRemove(ctx, *url); }; });
}

}  // namespace corroborate::cli
