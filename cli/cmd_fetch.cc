// `corroborate fetch`: one fetch cycle (pipeline::PollSources): polls the due
// sources (or all, or one) concurrently, parses what came back by source
// kind (on --jobs threads, in the order of the sources), stores every new
// document in one transaction and runs the extractor over them.
//
// Each source's outcome is recorded on it: success (or 304) stores the
// validators and schedules now + poll_interval; a failure (fetch, parse, or
// a document of it the store refused while storing the rest) stores a
// one-line error and backs off (Retry-After, else exponential with jitter).
// One source failing never stops the others. Exit status: 0 every source
// fetched (or not modified), 3 some failed and the others were stored, 1
// every source failed (or the store did), 2 usage.
//
// Mastodon account pages take two rounds: the account lookup, then its
// statuses. All other sources take one request.
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>

#include "cli/commands.h"
#include "cli/numeric_flags.h"
#include "cli/output.h"
#include "cli/source_flags.h"
#include "core/clock.h"
#include "core/parallel.h"
#include "ingest/fetch/fetcher.h"
#include "ingest/limits.h"
#include "pipeline/database.h"
#include "pipeline/poll_sources.h"

namespace corroborate::cli {
namespace {

// A body is parsed whole, so none may be larger than a parser takes.
constexpr std::size_t kMaxBody =
    std::max({ingest::kMaxFeedBytes, ingest::kMaxHtmlPageBytes, ingest::kMaxJsonBytes});

struct FetchCmdOptions {
  bool all = false;
  std::string source;
  std::size_t max_body = ingest::FetchOptions{}.max_body_bytes;
  double timeout = ingest::FetchOptions{}.total_timeout_ms / 1000.0;
  int per_host = ingest::FetchOptions{}.per_host_limit;
  long delay_ms = ingest::FetchOptions{}.per_host_delay_ms;
};

// "fetch [####..........] 3/10 sources" on standard error, redrawn in place.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  void Draw(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = total ? done * kWidth / total : kWidth;
    fmt::print(stderr, "\rfetch [{}{}] {}/{} sources", std::string(filled, '#'),
               std::string(kWidth - filled, '.'), done, total);
    if (done == total) fmt::print(stderr, "\n");
    std::fflush(stderr);
  }

 private:
  bool enabled_;
};

ingest::FetchOptions FetchOptionsOf(const FetchCmdOptions& opts) {
  ingest::FetchOptions fetch_options;
  fetch_options.max_body_bytes = opts.max_body;
  fetch_options.total_timeout_ms = std::lround(opts.timeout * 1000);
  fetch_options.connect_timeout_ms =
      std::min(fetch_options.connect_timeout_ms, fetch_options.total_timeout_ms);
  fetch_options.per_host_limit = opts.per_host;
  fetch_options.per_host_delay_ms = opts.delay_ms;
  return fetch_options;
}

// The summary lines, and the exit status: when some sources failed, one
// error line saying how many and exit status 3 (kPartialExit); when all
// did, the error (exit status 1).
constexpr int kPartialExit = 3;

Status Report(const pipeline::PollResult& r, Context& ctx) {
  const std::size_t n = r.sources.size();
  const pipeline::StoreCounts& s = r.stored;
  Status output = Print(
      "fetched {} source{} ({} not modified, {} failed); stored {} new document{}, {} already "
      "present, {} duplicate{}\n",
      n, n == 1 ? "" : "s", r.not_modified, r.failed, s.added, s.added == 1 ? "" : "s", s.unchanged,
      s.duplicates, s.duplicates == 1 ? "" : "s");
  if (!r.extracted) return std::unexpected(r.extracted.error());
  const pipeline::ExtractCounts& x = *r.extracted;
  if (x.documents && output) {
    output = Print("extracted {} timexes and {} claims from {} document{}\n", x.timexes, x.claims,
                   x.documents, x.documents == 1 ? "" : "s");
  }
  if (r.failed) {
    if (!output) ReportError(output.error());
    ErrorCode code = r.first_code.value_or(ErrorCode::kNetwork);
    if (code == ErrorCode::kInvalidArgument) code = ErrorCode::kParse;
    const std::string message = static_cast<std::size_t>(r.failed) == n
                                    ? (n == 1 ? std::string("fetch: the source failed")
                                              : fmt::format("fetch: all {} sources failed", n))
                                    : fmt::format("fetch: {} of {} sources failed", r.failed, n);
    if (static_cast<std::size_t>(r.failed) == n) return Fail(code, message);
    ReportError(Error{code, message});
    ctx.exit_status = kPartialExit;
  }
  return output;
}

Status RunFetch(Context& ctx, const FetchCmdOptions& opts) {
  auto db = pipeline::OpenDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  pipeline::PollOptions poll;
  poll.all = opts.all;
  poll.jobs = DefaultJobs(ctx.global.jobs);
  if (!opts.source.empty()) {
    auto source = SourceFromFlag(**db, opts.source);
    if (!source) return std::unexpected(source.error());
    poll.source = source->id;
  }
  ProgressBar bar(!ctx.global.quiet && ::isatty(STDERR_FILENO));
  poll.progress = [&bar](std::size_t done, std::size_t total) { bar.Draw(done, total); };
  ingest::CurlFetcher fetcher(FetchOptionsOf(opts));
  SystemClock clock;
  auto r = pipeline::PollSources(**db, fetcher, clock, poll, PrintNotices(ctx));
  if (!r) return std::unexpected(r.error());
  if (r->sources.empty()) {
    return Print("{}\n", opts.all
                             ? "no sources registered; add one with `corroborate sources add URL`"
                             : "no sources due");
  }
  return Report(*r, ctx);
}

}  // namespace

void RegisterFetch(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<FetchCmdOptions>();
  CLI::App* sub = app.add_subcommand(
      "fetch", "Poll the due sources concurrently and store what is new (conditional GET)");
  sub->add_flag("--all", opts->all, "Fetch every registered source, due or not");
  sub->add_option("--source", opts->source, "Fetch only this registered source URL");
  sub->add_option("--max-body", opts->max_body,
                  "Largest body accepted, in decoded bytes (default 20 MB; at most 64 MB, what a "
                  "parser takes)")
      ->check(WholeNumber(1, static_cast<std::int64_t>(kMaxBody)));
  sub->add_option("--timeout", opts->timeout,
                  "Total time limit per source, in seconds (default 60)")
      ->check(PositiveNumber(86400));
  sub->add_option("--per-host", opts->per_host, "Transfers at once to one host (default 2)")
      ->check(WholeNumber(1, 64));
  sub->add_option("--delay", opts->delay_ms,
                  "Minimum gap between request starts to one host, in ms (default 1000)")
      ->check(WholeNumber(0, 3'600'000));
  sub->footer(
      "Exit status: 0 every source fetched (or not modified); 3 some sources failed (each named "
      "on standard error, recorded on the source and backed off) and the others were stored; 1 "
      "every source failed, or the database did; 2 usage error.");
  sub->callback([&ctx, opts] { ctx.run = [&ctx, opts] { return RunFetch(ctx, *opts); }; });
}

}  // namespace corroborate::cli
