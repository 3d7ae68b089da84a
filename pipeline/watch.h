// The watch loop's cycle as a use case: fetch the sources that are due
// (following new entries' links to their articles), poll the measurement
// services for the watched entities, detect windows, extract, cluster,
// re-rank the incidents that got new data, and alert on what changed.
//
// Everything a cycle decides is committed before the next step starts, so a
// cycle cut short (a signal, SIGKILL) loses nothing already stored, and the
// next cycle, in this process or after a restart, goes on from the store:
// alerts are recorded by their AlertKey before they are delivered and never
// recorded twice, so a restart repeats none (an alert recorded but not
// delivered when the process died is delivered by the next cycle).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/alert.h"
#include "core/assessment.h"
#include "core/clock.h"
#include "core/error.h"
#include "ingest/fetch/fetcher.h"
#include "ingest/follow.h"
#include "ingest/measure/fetch.h"
#include "notify/notify.h"
#include "pipeline/database.h"
#include "pipeline/notice.h"

namespace corroborate::pipeline {

struct WatchOptions {
  // Entities to poll measurements for and to alert on new claims about
  // ("country:KP", "asn:131279"). Incidents of every entity are alerted on.
  std::vector<std::string> entities;
  bool follow_links = true;       // fetch the article behind each new feed entry
  bool poll_measurements = true;  // IODA (and Radar with a token) for `entities`
  Instant lookback = 2 * 86400;   // measurements asked for [now - lookback, now]
  ingest::MeasureServices services;
  unsigned jobs = 1;
  std::string user_agent_token = "corroborate";  // robots.txt group
  std::uint64_t jitter_seed = 0;                 // back-off jitter of failing sources; 0: random
  // (done, total) sources fetched, as PollOptions::progress; may be empty.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct CycleSummary {
  int sources_polled = 0;
  int sources_failed = 0;
  int documents_new = 0;
  int links_followed = 0;
  int articles_merged = 0;
  int measurement_requests = 0;
  int measurement_failures = 0;
  int windows_stored = 0;
  int claims_new = 0;
  int incidents = 0;
  int incidents_analysed = 0;  // new, or whose claims or windows changed since the last cycle
  int alerts = 0;              // recorded this cycle
  int alerts_delivered = 0;    // this cycle's and earlier undelivered ones
  int alerts_failed = 0;
  bool stopped = false;  // the stop flag ended the cycle early
};

// One line: "3 sources (1 failed), 12 new documents, 4 articles, 1 new
// window, 2 incidents (1 re-analysed), 2 alerts sent".
[[nodiscard]] std::string SummaryLine(const CycleSummary& summary);

// Where alerts go, as the command line names them.
struct AlertTargets {
  std::vector<std::string> webhooks;  // http(s) URLs, each POSTed the alert JSON
  std::vector<std::string> mail_to;   // addresses; mail goes through `smtp` from `mail_from`
  std::string smtp = "smtp://localhost:25";
  std::string mail_from = "corroborate@localhost";
  std::vector<std::string> exec;  // shell command lines, each given the alert JSON on stdin
};

// One channel per webhook and command, and one mail channel for all
// addresses. kInvalidArgument naming a webhook that is not an http(s) URL.
[[nodiscard]] Result<std::vector<std::unique_ptr<notify::AlertChannel>>> MakeAlertChannels(
    const AlertTargets& targets);

class Watcher {
 public:
  // Services must outlive the Watcher. `channels` get every alert.
  Watcher(store::Database& db, ingest::Fetcher& fetcher, Clock& clock, WatchOptions options,
          std::vector<std::unique_ptr<notify::AlertChannel>> channels);

  // Runs one cycle. `stop` (may be null) is read between steps and between
  // alerts: once set, the cycle ends after the step it is in. Notices name
  // the item (source URL, page, entity) they are about. Fails only when the
  // store fails; a failing source, page, service or channel is a notice.
  [[nodiscard]] Result<CycleSummary> RunCycle(const NoticeSink& notices,
                                              const std::atomic<bool>* stop = nullptr);

 private:
  store::Database& db_;
  ingest::Fetcher& fetcher_;
  Clock& clock_;
  WatchOptions options_;
  std::vector<std::unique_ptr<notify::AlertChannel>> channels_;
  ingest::RobotsCache robots_;
};

// The key an incident gets when a watcher first sees it: its entity and
// start, "country:KP@2014-12-22T16:40:00Z". Later cycles find it again by
// entity and overlap (or a shared claim), not by this text, since the
// incident's rows and times change as data arrive (detected windows are
// stored afresh, with new ids, each time detection runs).
[[nodiscard]] std::string IncidentKey(const Incident& incident);

// An incident as a watcher recorded it in the store's watch state.
struct KnownIncident {
  std::string key;
  std::string entity;
  Instant start = 0, end = 0;
  std::vector<std::int64_t> claims;  // sorted
  std::vector<std::string> windows;  // sorted WindowSignature()s
};

// What identifies a window across re-detection: source, signal, kind,
// start and end ("corroborate|bgp|outage|1419266400|1419300000").
[[nodiscard]] std::string WindowSignature(const OutageWindow& window);

// The known incident `incident` continues: the first of the same entity
// sharing a claim with it, else the first whose time range overlaps its
// own; nullptr when it is new.
[[nodiscard]] const KnownIncident* MatchIncident(const Incident& incident,
                                                 const std::vector<KnownIncident>& known);

}  // namespace corroborate::pipeline
