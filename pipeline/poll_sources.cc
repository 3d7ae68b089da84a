#include "pipeline/poll_sources.h"

#include <fmt/core.h>

#include <algorithm>
#include <cassert>
#include <random>

#include "core/parallel.h"
#include "ingest/identity.h"
#include "ingest/input.h"
#include "ingest/social/posts.h"
#include "ingest/url.h"
#include "store/documents.h"
#include "store/sources.h"

namespace corroborate::pipeline {

namespace {

// One source through the cycle.
struct Job {
  Source source;
  std::string request_url;  // what is fetched in the current round
  bool lookup = false;      // a Mastodon account lookup: a second round follows
  std::optional<Result<ingest::FetchResponse>> result;  // of the last round
};

// Error text naming the source URL, on one line.
Error ForSource(const Source& source, Error error) {
  if (!error.message.starts_with(source.url)) error = WithContext(std::move(error), source.url);
  for (char& c : error.message) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return error;
}

// The sources of this cycle, by id.
Result<std::vector<Source>> SelectSources(store::Sources& registry, const PollOptions& options,
                                          Instant now) {
  if (options.source) {
    auto source = registry.GetSource(options.source);
    if (!source) return std::unexpected(source.error());
    return std::vector<Source>{std::move(*source)};
  }
  return options.all ? registry.ListSources() : registry.DueSources(now);
}

// Each source's first request: its URL, or for a social timeline its API
// URL (a source whose URL gives none has failed already).
std::vector<Job> MakeJobs(std::vector<Source> sources) {
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
  return jobs;
}

// The statuses URL after an account lookup, on the lookup's scheme and port.
Result<std::string> StatusesUrl(const Job& job) {
  auto url = ingest::AccountStatusesUrl(job.request_url, job.result->value().body);
  if (!url) return url;
  const std::string scheme = ingest::UrlScheme(job.request_url);
  if (scheme != "https" && url->starts_with("https://")) *url = scheme + url->substr(5);
  return url;
}

// Fetches every job: one round, then the second round of account lookups.
// `step` is called once per source whose fetching is over.
void FetchAll(std::vector<Job>& jobs, ingest::Fetcher& fetcher, const std::function<void()>& step) {
  for (const Job& job : jobs) {
    if (job.result) step();  // failed before fetching
  }
  auto round = [&] {
    std::vector<ingest::FetchRequest> requests;
    std::vector<Job*> pending;
    for (Job& job : jobs) {
      if (job.result) continue;
      ingest::FetchRequest req{job.request_url, "", "", job.source.id};
      if (!job.lookup) {
        req.etag = job.source.etag;
        req.last_modified = job.source.last_modified;
      }
      requests.push_back(std::move(req));
      pending.push_back(&job);
    }
    if (requests.empty()) return;
    auto results = fetcher.FetchAll(requests, [&](std::size_t, std::size_t, std::size_t index,
                                                  const Result<ingest::FetchResponse>& result) {
      if (!pending[index]->lookup || !result) step();
    });
    for (std::size_t i = 0; i < results.size(); ++i) pending[i]->result = std::move(results[i]);
  };
  round();
  for (Job& job : jobs) {
    if (!job.lookup || !job.result || !*job.result) continue;
    auto next = StatusesUrl(job);
    job.lookup = false;
    if (next) {
      job.request_url = *next;
      job.result.reset();
    } else {
      job.result = std::unexpected(next.error());
      step();
    }
  }
  round();
}

// The documents of a successful response, by source kind (ingest::ParseInput).
Result<std::vector<Document>> ParseBody(const Job& job, const ingest::FetchResponse& r, Instant now,
                                        std::vector<std::string>& warnings) {
  const std::string& url = r.final_url.empty() ? job.request_url : r.final_url;
  ingest::InputOptions options;
  options.base_url = url;
  options.document_url = url;
  options.content_type = r.content_type;
  // The source's URL, not the one it redirected to, so that the identity
  // of a feed item without link, GUID or text stays the same.
  options.feed_location = job.source.url;
  options.now = now;
  const ingest::InputType type = job.source.kind == SourceKind::kFeed   ? ingest::InputType::kFeed
                                 : job.source.kind == SourceKind::kPage ? ingest::InputType::kHtml
                                                                        : ingest::InputType::kPosts;
  auto docs = ingest::ParseInput(type, r.body, options, &warnings);
  if (!docs) return docs;
  for (Document& d : *docs) {
    d.source_id = job.source.id;
    if (!d.fetched) d.fetched = now;
    // The parsers fill identity already; doing it again would canonicalize
    // away the "#comment-N" fragment that identifies a page's comments.
    if (d.canonical_url.empty() || d.content_hash.empty()) ingest::FillIdentity(d);
  }
  return docs;
}

// The cycle's state between parsing, storing and recording.
struct Cycle {
  std::vector<Job> jobs;
  std::vector<Document> docs;
  std::vector<size_t> doc_job;  // per document: the index of its job
  std::vector<size_t> succeeded;
  PollResult result;
  std::mt19937_64 rng;
};

void RecordFailure(Cycle& cycle, size_t i, const Error& error) {
  SourcePoll& poll = cycle.result.sources[i];
  poll.outcome = SourcePoll::Outcome::kFailed;
  poll.error = error.message;
  ++cycle.result.failed;
  if (!cycle.result.first_code) cycle.result.first_code = error.code;
}

// Parses the bodies on `jobs` threads, in the order of the sources; a
// failure is recorded on its source at once.
Status ParseAll(Cycle& cycle, store::Sources& registry, unsigned threads, Instant now,
                const NoticeSink& notices) {
  struct Parsed {
    Result<std::vector<Document>> docs;
    std::vector<std::string> warnings;
    bool not_modified = false;
  };
  auto parse = [&](size_t i) -> Parsed {
    const Job& job = cycle.jobs[i];
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
  OrderedParallelFor<Parsed>(cycle.jobs.size(), threads, parse, [&](size_t i, Parsed parsed) {
    const Job& job = cycle.jobs[i];
    if (!recorded) return;
    for (const std::string& w : parsed.warnings) Tell(notices, Warning(job.source.url + ": " + w));
    if (parsed.not_modified) {
      ++cycle.result.not_modified;
      cycle.result.sources[i].outcome = SourcePoll::Outcome::kNotModified;
    }
    if (!parsed.docs) {
      const Error error = ForSource(job.source, parsed.docs.error());
      Tell(notices, ItemError(error));
      RecordFailure(cycle, i, error);
      const Instant next = ingest::NextPollAfterFailure(
          job.source.consecutive_failures + 1, ingest::RetryAfterOf(error), now, cycle.rng);
      cycle.result.sources[i].next_poll = next;
      recorded = registry.RecordFetchFailure(job.source.id, error.message, next);
      return;
    }
    cycle.result.sources[i].documents = parsed.docs->size();
    for (Document& d : *parsed.docs) {
      cycle.docs.push_back(std::move(d));
      cycle.doc_job.push_back(i);
    }
    cycle.succeeded.push_back(i);
  });
  return recorded;
}

// A source with a document the store refused failed: the others of its
// body are stored, and it backs off and is fetched in full again later
// (no validators are kept), like a source whose fetch failed.
Status RecordRefused(Cycle& cycle, const std::vector<store::RejectedDocument>& rejected,
                     store::Sources& registry, Instant now, const NoticeSink& notices) {
  std::vector<std::vector<const store::RejectedDocument*>> refused(cycle.jobs.size());
  for (const store::RejectedDocument& r : rejected) refused[cycle.doc_job[r.index]].push_back(&r);
  for (size_t i = 0; i < cycle.jobs.size(); ++i) {
    if (refused[i].empty()) continue;
    const Job& job = cycle.jobs[i];
    // The document's place among the source's, from 1.
    const size_t first = static_cast<size_t>(
        std::find(cycle.doc_job.begin(), cycle.doc_job.end(), i) - cycle.doc_job.begin());
    std::string first_message;
    for (const store::RejectedDocument* r : refused[i]) {
      const Document& d = cycle.docs[r->index];
      const Error error = ForSource(
          job.source, Error{ErrorCode::kStore,
                            fmt::format("document {} ({}) not stored: {}", r->index - first + 1,
                                        d.url.empty() ? d.title : d.url, r->reason)});
      Tell(notices, ItemError(error));
      if (first_message.empty()) first_message = error.message;
    }
    if (refused[i].size() > 1)
      first_message += fmt::format(" (and {} more)", refused[i].size() - 1);
    RecordFailure(cycle, i, Error{ErrorCode::kStore, first_message});
    const Instant next = ingest::NextPollAfterFailure(job.source.consecutive_failures + 1,
                                                      std::nullopt, now, cycle.rng);
    cycle.result.sources[i].next_poll = next;
    if (Status s = registry.RecordFetchFailure(job.source.id, first_message, next); !s) return s;
  }
  std::erase_if(cycle.succeeded, [&](size_t i) { return !refused[i].empty(); });
  return {};
}

Status RecordSuccesses(Cycle& cycle, store::Sources& registry, Instant now) {
  for (size_t i : cycle.succeeded) {
    const Job& job = cycle.jobs[i];
    const ingest::FetchResponse& r = **job.result;
    const Instant next = now + job.source.poll_interval;
    cycle.result.sources[i].next_poll = next;
    if (Status s = registry.RecordFetchSuccess(job.source.id, r.etag, r.last_modified, next); !s)
      return s;
  }
  return {};
}

}  // namespace

Result<PollResult> PollSources(store::Database& db, ingest::Fetcher& fetcher, Clock& clock,
                               const PollOptions& options, const NoticeSink& notices) {
  store::Sources registry(db);
  const Instant now = clock.Now();
  auto sources = SelectSources(registry, options, now);
  if (!sources) return std::unexpected(sources.error());
  Cycle cycle;
  cycle.rng.seed(options.jitter_seed ? options.jitter_seed : std::random_device{}());
  cycle.jobs = MakeJobs(std::move(*sources));
  if (cycle.jobs.empty()) return std::move(cycle.result);
  for (const Job& job : cycle.jobs)
    cycle.result.sources.push_back(SourcePoll{job.source.id, job.source.url});

  std::size_t done = 0;
  const std::size_t total = cycle.jobs.size();
  if (options.progress) options.progress(done, total);
  FetchAll(cycle.jobs, fetcher, [&] {
    ++done;
    if (options.progress) options.progress(done, total);
  });

  if (Status s = ParseAll(cycle, registry, options.jobs, now, notices); !s)
    return std::unexpected(s.error());
  store::InsertReport report;
  if (!cycle.docs.empty()) {
    if (options.before_store) {
      [[maybe_unused]] const std::size_t count = cycle.docs.size();
      options.before_store(cycle.docs);
      assert(cycle.docs.size() == count);
    }
    auto inserted = store::Documents(db).InsertDocuments(cycle.docs);
    if (!inserted) return std::unexpected(inserted.error());
    report = std::move(*inserted);
  }
  if (Status s = RecordRefused(cycle, report.rejected, registry, now, notices); !s)
    return std::unexpected(s.error());
  if (Status s = RecordSuccesses(cycle, registry, now); !s) return std::unexpected(s.error());
  cycle.result.stored = StoreCounts{report.added, report.unchanged, report.duplicates};
  cycle.result.extracted = ExtractStored(db, false, options.jobs, clock);
  return std::move(cycle.result);
}

}  // namespace corroborate::pipeline
