// `corroborate watch`: the watch loop (pipeline::Watcher) as a foreground
// service: one cycle every --interval seconds, or one with --once; alerts by
// webhook, mail and command. One watcher per database (an advisory lock on
// DB.watch.lock, held while it runs); SIGTERM or SIGINT ends it within two
// seconds: between cycles at once, within a cycle after the step it is in,
// or, if that step takes longer, by leaving at once, which loses nothing
// (every step commits what it did; the next start goes on from there).
#include <fcntl.h>
#include <fmt/core.h>
#include <fmt/ranges.h>
#include <poll.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>

#include "cli/commands.h"
#include "cli/numeric_flags.h"
#include "cli/output.h"
#include "core/clock.h"
#include "core/measure.h"
#include "core/parallel.h"
#include "core/time.h"
#include "ingest/fetch/fetcher.h"
#include "ingest/measure/fetch.h"
#include "pipeline/database.h"
#include "pipeline/watch.h"

namespace corroborate::cli {
namespace {

struct WatchCmdOptions {
  bool once = false;
  double interval = 300;
  std::vector<std::string> entities;
  std::vector<std::string> webhooks;
  std::vector<std::string> mail_to;
  std::string smtp = "smtp://localhost:25";
  std::string mail_from = "corroborate@localhost";
  std::vector<std::string> exec;
  bool no_follow = false;
  bool no_measurements = false;
  double grace = 1.5;  // seconds a stopping cycle gets before the process leaves
};

std::atomic<bool> g_stop{false};
int g_wake_fd = -1;  // write end of the self-pipe that wakes the sleep between cycles

extern "C" void OnStopSignal(int) {
  g_stop.store(true);
  if (g_wake_fd >= 0) {
    const char byte = 1;
    [[maybe_unused]] ssize_t n = ::write(g_wake_fd, &byte, 1);
  }
}

// The advisory lock that makes a database's watcher the only one.
class WatchLock {
 public:
  static Result<WatchLock> Acquire(const std::string& db_path) {
    const std::string path = db_path + ".watch.lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      return Fail(ErrorCode::kIo, fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      char buf[32] = {};
      [[maybe_unused]] ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
      ::close(fd);
      std::string pid(buf);
      while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
      return Fail(ErrorCode::kForbidden,
                  fmt::format("{} is already watched{}: one watcher per database (lock {})",
                              db_path, pid.empty() ? "" : " by process " + pid, path));
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) == 0) {
      [[maybe_unused]] ssize_t n = ::pwrite(fd, pid.data(), pid.size(), 0);
    }
    return WatchLock(fd);
  }
  WatchLock(WatchLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  ~WatchLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }

 private:
  explicit WatchLock(int fd) : fd_(fd) {}
  int fd_;
};

// Log lines: on a terminal, plain sentences; otherwise one logfmt line per
// event (time, level, msg, and fields), for journald and log collectors.
class Log {
 public:
  explicit Log(bool quiet) : quiet_(quiet), terminal_(::isatty(STDERR_FILENO) != 0) {}
  void Info(const std::string& message, const std::string& fields = "") const {
    if (!quiet_) Line("info", message, fields);
  }
  void Warn(const std::string& message) const {
    if (!quiet_) Line("warning", message, "");
  }
  void Error(const std::string& message) const { Line("error", message, ""); }

 private:
  void Line(const char* level, const std::string& message, const std::string& fields) const {
    if (terminal_) {
      fmt::print(stderr, "corroborate watch: {}{}\n",
                 std::string(level) == "info" ? "" : std::string(level) + ": ", message);
    } else {
      std::string quoted;
      for (char c : message) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += (c == '\n' || c == '\r') ? ' ' : c;
      }
      fmt::print(stderr, "time={} level={} msg=\"{}\"{}{}\n", FormatRfc3339(SystemClock().Now()),
                 level, quoted, fields.empty() ? "" : " ", fields);
    }
    std::fflush(stderr);
  }
  bool quiet_;
  bool terminal_;
};

std::string Fields(const pipeline::CycleSummary& s, int cycle) {
  return fmt::format(
      "cycle={} sources={} sources_failed={} documents_new={} links={} articles={} "
      "measurement_requests={} "
      "measurement_failures={} windows={} claims_new={} incidents={} analysed={} alerts={} "
      "delivered={} "
      "alert_failures={} stopped={}",
      cycle, s.sources_polled, s.sources_failed, s.documents_new, s.links_followed,
      s.articles_merged, s.measurement_requests, s.measurement_failures, s.windows_stored,
      s.claims_new, s.incidents, s.incidents_analysed, s.alerts, s.alerts_delivered,
      s.alerts_failed, s.stopped);
}

// Sleeps `seconds`, or until a stop signal.
void SleepUnlessStopped(double seconds, int wake_read) {
  const auto until =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(std::llround(seconds * 1000));
  while (!g_stop.load()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return;
    pollfd p{wake_read, POLLIN, 0};
    ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 60'000)));
  }
}

Status RunWatch(const Context& ctx, const WatchCmdOptions& opts) {
  const Log log(ctx.global.quiet);
  auto channels = pipeline::MakeAlertChannels(pipeline::AlertTargets{.webhooks = opts.webhooks,
                                                                     .mail_to = opts.mail_to,
                                                                     .smtp = opts.smtp,
                                                                     .mail_from = opts.mail_from,
                                                                     .exec = opts.exec});
  if (!channels) return std::unexpected(channels.error());
  auto lock = WatchLock::Acquire(ctx.global.db_path);
  if (!lock) return std::unexpected(lock.error());
  auto db = pipeline::OpenDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());

  int pipe_fds[2] = {-1, -1};
  if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    return Fail(ErrorCode::kIo, fmt::format("watch: cannot make a pipe: {}", std::strerror(errno)));
  }
  g_wake_fd = pipe_fds[1];
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigaction(SIGINT, &action, nullptr);

  // Once a stop is asked for, the cycle gets `grace` seconds to reach the
  // end of its step; then the process leaves without finishing it.
  std::atomic<bool> done{false};
  std::thread watchdog([&] {
    pollfd p{pipe_fds[0], POLLIN, 0};
    while (!done.load() && !g_stop.load()) ::poll(&p, 1, 200);
    if (done.load()) return;
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(std::llround(opts.grace * 1000));
    while (!done.load() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!done.load()) {
      fmt::print(stderr,
                 "corroborate watch: stopped during a step; what it had committed is kept\n");
      std::fflush(stderr);
      std::_Exit(0);
    }
  });

  pipeline::WatchOptions options;
  options.entities = opts.entities;
  for (std::string& e : options.entities) e = NormalizeEntity(e);
  options.follow_links = !opts.no_follow;
  options.poll_measurements = !opts.no_measurements && !options.entities.empty();
  options.services =
      ingest::MeasureServicesFromEnvironment([](const char* name) { return std::getenv(name); });
  options.jobs = DefaultJobs(ctx.global.jobs);
  if (!ctx.global.quiet && ::isatty(STDERR_FILENO)) {
    // "corroborate watch: fetching 3/10 sources", redrawn in place.
    options.progress = [](std::size_t done, std::size_t total) {
      fmt::print(stderr, "\rcorroborate watch: fetching {}/{} sources", done, total);
      if (done == total) fmt::print(stderr, "\n");
      std::fflush(stderr);
    };
  }
  ingest::CurlFetcher fetcher;
  SystemClock clock;
  pipeline::Watcher watcher(**db, fetcher, clock, options, std::move(*channels));
  const pipeline::NoticeSink notices = [&log](const pipeline::Notice& n) {
    if (n.level == pipeline::Notice::Level::kWarning) {
      log.Warn(n.error.message);
    } else {
      log.Error(n.error.message);
    }
  };

  if (opts.webhooks.empty() && opts.mail_to.empty() && opts.exec.empty()) {
    log.Warn("no --webhook, --mail-to or --exec: alerts are only recorded in the database");
  }
  log.Info(fmt::format("watching {} ({}{})", ctx.global.db_path,
                       opts.once ? "one cycle" : fmt::format("every {:g} s", opts.interval),
                       options.entities.empty()
                           ? ""
                           : ", entities " + fmt::format("{}", fmt::join(options.entities, " "))));
  Status status;
  for (int cycle = 1; !g_stop.load(); ++cycle) {
    auto summary = watcher.RunCycle(notices, &g_stop);
    if (!summary) {
      status = std::unexpected(summary.error());
      break;  // the store failed: nothing more can be recorded
    }
    log.Info(fmt::format("cycle {}: {}", cycle, pipeline::SummaryLine(*summary)),
             Fields(*summary, cycle));
    if (opts.once) {
      const int failed =
          summary->sources_failed + summary->measurement_failures + summary->alerts_failed;
      if (failed) {
        status =
            Fail(ErrorCode::kNetwork,
                 fmt::format("watch: {} source{}, {} measurement request{} and {} alert{} failed "
                             "(the rest is stored)",
                             summary->sources_failed, summary->sources_failed == 1 ? "" : "s",
                             summary->measurement_failures,
                             summary->measurement_failures == 1 ? "" : "s", summary->alerts_failed,
                             summary->alerts_failed == 1 ? "" : "s"));
      }
      break;
    }
    SleepUnlessStopped(opts.interval, pipe_fds[0]);
  }
  if (g_stop.load()) log.Info("stopped");
  done.store(true);
  watchdog.join();
  g_wake_fd = -1;
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
  return status;
}

}  // namespace

void RegisterWatch(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<WatchCmdOptions>();
  CLI::App* sub = app.add_subcommand("watch",
                                     "Run cycles (fetch due sources and their articles, poll "
                                     "measurements, detect, extract, rank) and alert "
                                     "on what changed");
  sub->add_flag("--once", opts->once, "Run one cycle and exit (for cron and tests)");
  sub->add_option("--interval", opts->interval,
                  "Seconds from the end of a cycle to the start of the next (default 300)")
      ->check(PositiveNumber(86400));
  sub->add_option(
      "--entity", opts->entities,
      "Watch this entity: poll its measurements and alert on new claims about it (repeatable; "
      "country:KP, asn:131279)");
  sub->add_option("--webhook", opts->webhooks, "POST each alert as JSON to this URL (repeatable)");
  sub->add_option("--mail-to", opts->mail_to, "Mail each alert to this address (repeatable)");
  sub->add_option("--smtp", opts->smtp,
                  "SMTP server for --mail-to (default smtp://localhost:25; smtps:// for TLS)");
  sub->add_option("--mail-from", opts->mail_from, "Sender address of alert mail");
  sub->add_option(
      "--exec", opts->exec,
      "Run this shell command for each alert, the alert JSON on its standard input (repeatable)");
  sub->add_flag("--no-follow", opts->no_follow,
                "Do not fetch the article behind each new feed entry");
  sub->add_flag("--no-measurements", opts->no_measurements,
                "Do not poll IODA and Radar for the watched entities");
  sub->footer(
      "Example: corroborate watch --entity country:KP --webhook https://hooks.example/corroborate\n"
      "Exit status with --once: 0 when every source, measurement request and alert went through, "
      "1\n"
      "when some failed (the rest is stored and sent) or the database is already watched, 2 "
      "usage.\n"
      "SIGTERM or SIGINT ends the watcher within two seconds. Base URLs come from\n"
      "CORROBORATE_IODA_URL and CORROBORATE_RADAR_URL; Radar is polled when CLOUDFLARE_API_TOKEN "
      "is\n"
      "set. See docs/watch.md for the alert payloads, a systemd unit and a cron line.");
  sub->callback([&ctx, opts] { ctx.run = [&ctx, opts] { return RunWatch(ctx, *opts); }; });
}

}  // namespace corroborate::cli
