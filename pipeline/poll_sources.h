// One fetch cycle: which sources are due, fetch them, parse what came back,
// store the documents, record each source's success or failure and back
// off, then extract the new documents. `corroborate fetch` runs one cycle;
// a watch loop runs them on a schedule.
//
// Each source's outcome is recorded on it: success (or 304) stores the
// validators and schedules now + poll_interval; a failure (fetch, parse, or
// a document of it the store refused while storing the rest) stores a
// one-line error and backs off (Retry-After, else exponential with
// jitter). One source failing never stops the others.
//
// Mastodon account pages take two rounds: the account lookup, then its
// statuses. All other sources take one request.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/document.h"
#include "core/error.h"
#include "ingest/fetch/fetcher.h"
#include "pipeline/database.h"
#include "pipeline/extract_stored.h"
#include "pipeline/ingest_files.h"
#include "pipeline/notice.h"

namespace corroborate::pipeline {

struct PollOptions {
  bool all = false;               // every registered source, due or not
  std::int64_t source = 0;        // only this source id (0: as `all` says)
  unsigned jobs = 1;              // threads parsing the bodies
  std::uint64_t jitter_seed = 0;  // back-off jitter; 0: from std::random_device
  // Called with (done, total) once the sources are known and after each
  // source's fetch is over; may be empty.
  std::function<void(std::size_t done, std::size_t total)> progress;
  // Called once per cycle with every parsed document, just before they are
  // stored; it may change them in place (a watcher merges the article
  // behind each feed entry) but must neither add, remove nor reorder them.
  // May be empty.
  std::function<void(std::vector<Document>& documents)> before_store;
};

// How one source's poll went.
struct SourcePoll {
  enum class Outcome { kStored, kNotModified, kFailed };
  std::int64_t source_id = 0;
  std::string url;
  Outcome outcome = Outcome::kStored;
  std::size_t documents = 0;  // parsed from its body and offered to the store
  std::string error;          // kFailed: the one line recorded on the source
  Instant next_poll = 0;      // as recorded
};

struct PollResult {
  std::vector<SourcePoll> sources;  // in the order polled (by id); empty: nothing was due
  int not_modified = 0;
  int failed = 0;
  std::optional<ErrorCode> first_code;  // of the first failure
  StoreCounts stored;
  // The extractor's run (also over documents an earlier, interrupted cycle stored).
  Result<ExtractCounts> extracted = ExtractCounts{};
};

// One cycle over the due sources (PollOptions::all: all; ::source: that one)
// through `fetcher`. Per source, in order: its warnings and the error that
// made it fail go to `notices`; then one error per document the store
// refused. Fails only when the store fails (listing, storing, recording).
[[nodiscard]] Result<PollResult> PollSources(store::Database& db, ingest::Fetcher& fetcher,
                                             Clock& clock, const PollOptions& options,
                                             const NoticeSink& notices);

}  // namespace corroborate::pipeline
