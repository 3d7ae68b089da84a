// `corroborate fetch`: polls the due sources (or all, or one) concurrently,
// parses what came back by source kind (on --jobs threads, in the order of
// the sources), stores every new document in one transaction and runs the
// extractor over them.
//
// Each source's outcome is recorded on it: success (or 304) stores the
// validators and schedules now + poll_interval; a failure (fetch, parse, or
// a document of it the store refused while storing the rest) stores a
// one-line error and backs off (Retry-After, else exponential with jitter).
// One source failing never stops the others; the exit status is non-zero
// when any failed.
//
// Mastodon account pages take two rounds: the account lookup, then its
// statuses. All other sources take one request.
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <optional>
#include <random>

#include "cli/commands.h"
#include "cli/extract_docs.h"
#include "cli/numeric_flags.h"
#include "cli/output.h"
#include "cli/source_flags.h"
#include "core/parallel.h"
#include "core/text.h"
#include "ingest/feeds/feed.h"
#include "ingest/fetch/fetcher.h"
#include "ingest/html/article.h"
#include "ingest/identity.h"
#include "ingest/limits.h"
#include "ingest/social/posts.h"
#include "ingest/url.h"
#include "store/database.h"
#include "store/documents.h"
#include "store/sources.h"

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

// One source through the run.
struct Job {
  Source source;
  std::string request_url;  // what is fetched in the current round
  bool lookup = false;      // a Mastodon account lookup: a second round follows
  std::optional<Result<ingest::FetchResponse>> result;  // of the last round
};

// The charset parameter of a Content-Type value ("" when absent).
std::string CharsetOf(std::string_view content_type) {
  const std::string lower = ToLowerAscii(content_type);
  const size_t at = lower.find("charset=");
  if (at == std::string::npos) return "";
  std::string_view value = content_type.substr(at + 8);
  value = value.substr(0, value.find(';'));
  value = TrimAscii(value);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(value);
}

// Error text naming the source URL, on one line.
Error ForSource(const Source& source, Error error) {
  if (!error.message.starts_with(source.url)) error = WithContext(std::move(error), source.url);
  for (char& c : error.message) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return error;
}

// The documents of a successful response, by source kind. Warnings go to
// `warnings` (runs on a parsing thread; the caller prints them in order).
Result<std::vector<Document>> ParseBody(const Job& job, const ingest::FetchResponse& r, Instant now,
                                        std::vector<std::string>& warnings) {
  const std::string& url = r.final_url.empty() ? job.request_url : r.final_url;
  std::vector<Document> docs;
  switch (job.source.kind) {
    case SourceKind::kFeed: {
      auto feed = ingest::ParseFeed(r.body, ingest::FeedOptions{url, CharsetOf(r.content_type)});
      if (!feed) return std::unexpected(feed.error());
      // The source's URL, not the one it redirected to, so that the identity
      // of an item without link, GUID or text stays the same.
      docs = ingest::FeedToDocuments(*feed, now, job.source.url, &warnings);
      break;
    }
    case SourceKind::kPage: {
      auto article = ingest::ExtractArticle(r.body, ingest::ArticleOptions{url, r.content_type});
      if (!article) return std::unexpected(article.error());
      docs = ingest::ArticleDocuments(*article, url, r.body);
      if (docs.empty() || docs.front().text.empty()) {
        return Fail(ErrorCode::kParse, "no article text found in the page");
      }
      break;
    }
    case SourceKind::kMastodon:
    case SourceKind::kBluesky: {
      auto posts = ingest::ParseSocialPosts(r.body, url, &warnings);
      if (!posts) return std::unexpected(posts.error());
      docs = std::move(*posts);
      break;
    }
  }
  for (Document& d : docs) {
    d.source_id = job.source.id;
    if (!d.fetched) d.fetched = now;
    // The parsers fill identity already; doing it again would canonicalize
    // away the "#comment-N" fragment that identifies a page's comments.
    if (d.canonical_url.empty() || d.content_hash.empty()) ingest::FillIdentity(d);
  }
  return docs;
}

// The statuses URL after an account lookup, on the lookup's scheme and port.
Result<std::string> StatusesUrl(const Job& job) {
  auto url = ingest::AccountStatusesUrl(job.request_url, job.result->value().body);
  if (!url) return url;
  const std::string scheme = ingest::UrlScheme(job.request_url);
  if (scheme != "https" && url->starts_with("https://")) {
    *url = scheme + url->substr(5);
  }
  return url;
}

class ProgressBar {
 public:
  ProgressBar(bool enabled, std::size_t total) : enabled_(enabled), total_(total) { Draw(); }
  void Step() {
    ++done_;
    Draw();
  }
  void Finish() {
    if (enabled_) fmt::print(stderr, "\n");
  }

 private:
  void Draw() {
    if (!enabled_) return;
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = total_ ? done_ * kWidth / total_ : kWidth;
    fmt::print(stderr, "\rfetch [{}{}] {}/{} sources", std::string(filled, '#'),
               std::string(kWidth - filled, '.'), done_, total_);
    std::fflush(stderr);
  }
  bool enabled_;
  std::size_t total_;
  std::size_t done_ = 0;
};

Status RunFetch(const Context& ctx, const FetchCmdOptions& opts) {
  ingest::FetchOptions fetch_options;
  fetch_options.max_body_bytes = opts.max_body;
  fetch_options.total_timeout_ms = std::lround(opts.timeout * 1000);
  fetch_options.connect_timeout_ms =
      std::min(fetch_options.connect_timeout_ms, fetch_options.total_timeout_ms);
  fetch_options.per_host_limit = opts.per_host;
  fetch_options.per_host_delay_ms = opts.delay_ms;

  auto db = store::Database::Open(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  store::Sources registry(**db);
  store::Documents documents(**db);
  const Instant now = std::time(nullptr);
  std::vector<Source> sources;
  if (!opts.source.empty()) {
    auto source = SourceFromFlag(registry, opts.source);
    if (!source) return std::unexpected(source.error());
    sources.push_back(std::move(*source));
  } else {
    auto listed = opts.all ? registry.ListSources() : registry.DueSources(now);
    if (!listed) return std::unexpected(listed.error());
    sources = std::move(*listed);
  }
  if (sources.empty()) {
    return Print("{}\n", opts.all
                             ? "no sources registered; add one with `corroborate sources add URL`"
                             : "no sources due");
  }

  std::vector<Job> jobs;
  for (Source& s : sources) {
    Job job{std::move(s), "", false, std::nullopt};
    if (job.source.kind == SourceKind::kMastodon || job.source.kind == SourceKind::kBluesky) {
      auto api = ingest::TimelineApiUrl(job.source.url);
      if (api) {
        job.request_url = *api;
        job.lookup = api->find("/api/v1/accounts/lookup?") != std::string::npos;
      } else {
        job.result = std::unexpected(api.error());
      }
    } else {
      job.request_url = job.source.url;
    }
    jobs.push_back(std::move(job));
  }

  ProgressBar bar(!ctx.global.quiet && ::isatty(STDERR_FILENO), jobs.size());
  for (const Job& job : jobs) {
    if (job.result) bar.Step();  // failed before fetching
  }
  ingest::CurlFetcher fetcher(fetch_options);
  // One round: fetches every job that has a request and no result yet.
  auto round = [&](bool with_validators) {
    std::vector<ingest::FetchRequest> requests;
    std::vector<Job*> pending;
    for (Job& job : jobs) {
      if (job.result) continue;
      ingest::FetchRequest req{job.request_url, "", "", job.source.id};
      if (with_validators && !job.lookup) {
        req.etag = job.source.etag;
        req.last_modified = job.source.last_modified;
      }
      requests.push_back(std::move(req));
      pending.push_back(&job);
    }
    if (requests.empty()) return;
    auto results = fetcher.FetchAll(
        requests, [&](std::size_t, std::size_t, std::size_t index,
                      const Result<ingest::FetchResponse>& result) {
          if (!pending[index]->lookup || !result) bar.Step();
        });
    for (std::size_t i = 0; i < results.size(); ++i) pending[i]->result = std::move(results[i]);
  };
  round(true);
  for (Job& job : jobs) {
    if (!job.lookup || !job.result || !*job.result) continue;
    auto next = StatusesUrl(job);
    job.lookup = false;
    if (next) {
      job.request_url = *next;
      job.result.reset();
    } else {
      job.result = std::unexpected(next.error());
      bar.Step();
    }
  }
  round(true);
  bar.Finish();

  // Parse, on --jobs threads, in the order of the sources; failures are
  // recorded at once, successes after the documents are stored.
  std::mt19937_64 rng(std::random_device{}());
  std::vector<Document> docs;
  std::vector<size_t> doc_job;  // per document: the index of its job
  std::vector<const Job*> succeeded;
  int not_modified = 0, failed = 0;
  std::optional<ErrorCode> first_code;
  struct Parsed {
    Result<std::vector<Document>> docs;
    std::vector<std::string> warnings;
    bool not_modified = false;
  };
  auto parse = [&](size_t i) -> Parsed {
    const Job& job = jobs[i];
    Parsed out{std::vector<Document>{}, {}, false};
    if (!*job.result) {
      out.docs = std::unexpected(job.result->error());
    } else if ((*job.result)->not_modified) {
      out.not_modified = true;
    } else {
      out.docs = ParseBody(job, **job.result, now, out.warnings);
    }
    return out;
  };
  Status recorded;
  OrderedParallelFor<Parsed>(jobs.size(), DefaultJobs(ctx.global.jobs), parse, [&](size_t i, Parsed parsed) {
    const Job& job = jobs[i];
    if (!recorded) return;
    for (const std::string& w : parsed.warnings) ReportWarning(ctx, job.source.url + ": " + w);
    not_modified += parsed.not_modified;
    if (!parsed.docs) {
      const Error error = ForSource(job.source, parsed.docs.error());
      ReportError(error);
      ++failed;
      if (!first_code) first_code = error.code;
      const Instant next = ingest::NextPollAfterFailure(
          job.source.consecutive_failures + 1, ingest::RetryAfterOf(error), now, rng);
      recorded = registry.RecordFetchFailure(job.source.id, error.message, next);
      return;
    }
    for (Document& d : *parsed.docs) {
      docs.push_back(std::move(d));
      doc_job.push_back(i);
    }
    succeeded.push_back(&job);
  });
  if (!recorded) return recorded;

  store::InsertReport report;
  if (!docs.empty()) {
    auto inserted = documents.InsertDocuments(docs);
    if (!inserted) return std::unexpected(inserted.error());
    report = std::move(*inserted);
  }
  // A source with a document the store refused failed: the others of its
  // body are stored, and it backs off and is fetched in full again later
  // (no validators are kept), like a source whose fetch failed.
  std::vector<std::vector<const store::RejectedDocument*>> refused(jobs.size());
  for (const store::RejectedDocument& r : report.rejected) refused[doc_job[r.index]].push_back(&r);
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (refused[i].empty()) continue;
    const Job& job = jobs[i];
    // The document's place among the source's, from 1.
    const size_t first =
        static_cast<size_t>(std::find(doc_job.begin(), doc_job.end(), i) - doc_job.begin());
    std::string first_message;
    for (const store::RejectedDocument* r : refused[i]) {
      const Document& d = docs[r->index];
      const Error error = ForSource(
          job.source, Error{ErrorCode::kStore,
                            fmt::format("document {} ({}) not stored: {}", r->index - first + 1,
                                        d.url.empty() ? d.title : d.url, r->reason)});
      ReportError(error);
      if (first_message.empty()) first_message = error.message;
    }
    if (refused[i].size() > 1) {
      first_message += fmt::format(" (and {} more)", refused[i].size() - 1);
    }
    ++failed;
    if (!first_code) first_code = ErrorCode::kStore;
    const Instant next =
        ingest::NextPollAfterFailure(job.source.consecutive_failures + 1, std::nullopt, now, rng);
    if (Status s = registry.RecordFetchFailure(job.source.id, first_message, next); !s) return s;
  }
  std::erase_if(succeeded, [&](const Job* job) {
    return !refused[static_cast<size_t>(job - jobs.data())].empty();
  });
  for (const Job* job : succeeded) {
    const ingest::FetchResponse& r = **job->result;
    if (Status s = registry.RecordFetchSuccess(job->source.id, r.etag, r.last_modified,
                                               now + job->source.poll_interval);
        !s) {
      return s;
    }
  }
  Status output = Print(
      "fetched {} source{} ({} not modified, {} failed); stored {} new document{}, {} already "
      "present, {} duplicate{}\n",
      jobs.size(), jobs.size() == 1 ? "" : "s", not_modified, failed, report.added,
      report.added == 1 ? "" : "s", report.unchanged, report.duplicates,
      report.duplicates == 1 ? "" : "s");
  // Also catches up on documents an earlier, interrupted run stored.
  auto extracted = ExtractStored(**db, false, DefaultJobs(ctx.global.jobs));
  if (!extracted) return std::unexpected(extracted.error());
  if (extracted->documents && output) {
    output = Print("extracted {} timexes and {} claims from {} document{}\n", extracted->timexes,
                   extracted->claims, extracted->documents, extracted->documents == 1 ? "" : "s");
  }
  if (failed) {
    if (!output) ReportError(output.error());
    ErrorCode code = first_code.value_or(ErrorCode::kNetwork);
    if (code == ErrorCode::kInvalidArgument) code = ErrorCode::kParse;
    return Fail(code, fmt::format("fetch: {} of {} source{} failed", failed, jobs.size(),
                                  jobs.size() == 1 ? "" : "s"));
  }
  return output;
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
  sub->callback([&ctx, opts] { ctx.run = [&ctx, opts] { return RunFetch(ctx, *opts); }; });
}

}  // namespace corroborate::cli
