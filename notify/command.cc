// CommandChannel: a local program with the alert JSON on its standard input.
#include <fcntl.h>
#include <fmt/core.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "core/text.h"
#include "notify/internal.h"
#include "notify/notify.h"

extern char** environ;

namespace corroborate::notify {

namespace {

using Clock = std::chrono::steady_clock;

// Closes a descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// Linux refuses an environment string over 128 KiB (MAX_ARG_STRLEN); a
// larger alert comes on stdin only.
constexpr std::size_t kMaxJsonInEnvironment = 32 * 1024;

// The environment with the alert's variables set (replacing any of the same name).
std::vector<std::string> Environment(const Alert& alert, const std::string& json) {
  const std::pair<const char*, std::string> ours[] = {
      {"CORROBORATE_ALERT_KIND", AlertKindName(alert.kind)},
      {"CORROBORATE_ALERT_KEY", AlertKey(alert)},
      {"CORROBORATE_ALERT_ENTITY", alert.entity},
      {"CORROBORATE_ALERT_SUMMARY", alert.summary},
      {"CORROBORATE_ALERT_JSON", json.size() <= kMaxJsonInEnvironment ? json : std::string()},
  };
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    bool replaced = false;
    for (const auto& [name, value] : ours) {
      replaced = replaced || (entry.starts_with(name) && entry.size() > std::strlen(name) &&
                              entry[std::strlen(name)] == '=');
    }
    if (!replaced) env.emplace_back(entry);
  }
  for (const auto& [name, value] : ours) {
    if (value.empty() && std::string_view(name) == "CORROBORATE_ALERT_JSON") continue;
    std::string v = value;
    std::erase(v, '\0');
    env.push_back(std::string(name) + "=" + v);
  }
  return env;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Starts argv in a process group of its own with `in` as its stdin and
// `out` as its stdout and stderr, SIGPIPE, SIGTERM and SIGINT at their
// defaults and no signal blocked. Returns 0 or posix_spawn's error.
int Spawn(std::vector<char*>& argv, std::vector<char*>& envp, int in, int out, pid_t& pid) {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_adddup2(&actions, in, 0);
  posix_spawn_file_actions_adddup2(&actions, out, 1);
  posix_spawn_file_actions_adddup2(&actions, out, 2);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGINT);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid = -1;
  const int spawned = ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  return spawned;
}

// One read from `fd` appended to `output` up to `cap` bytes in all (more
// is read and dropped); returns what read(2) returned.
ssize_t ReadSome(int fd, std::size_t cap, std::string& output) {
  char buffer[4096];
  ssize_t got = ::read(fd, buffer, sizeof buffer);
  if (got > 0 && output.size() < cap) {
    output.append(buffer,
                  std::min<std::size_t>(static_cast<std::size_t>(got), cap - output.size()));
  }
  return got;
}

// Writes `json` to the child's stdin (then closes it) while reading its
// output, until it exits (true, with its wait status) or the deadline
// passes (false). A child that stops reading its input is no error; the
// descriptors are closed as their ends are reached.
bool Converse(pid_t pid, const std::string& json, Fd& in, Fd& out, Clock::time_point deadline,
              std::size_t cap, std::string& output, int& status) {
  std::size_t written = 0;
  while (true) {
    if (in.get() >= 0 && written == json.size()) {
      ::shutdown(in.get(), SHUT_WR);  // end of input for the child
      in.Reset();
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd fds[2];
    nfds_t n = 0;
    if (out.get() >= 0) fds[n++] = {out.get(), POLLIN, 0};
    if (in.get() >= 0) fds[n++] = {in.get(), POLLOUT, 0};
    if (n > 0) {
      ::poll(fds, n, static_cast<int>(std::min<long long>(left, 50)));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min<long long>(left, 10)));
    }
    if (out.get() >= 0) {
      ssize_t got = ReadSome(out.get(), cap, output);
      if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) out.Reset();
    }
    if (in.get() >= 0) {
      ssize_t sent = ::send(in.get(), json.data() + written, json.size() - written,
                            MSG_NOSIGNAL | MSG_DONTWAIT);
      if (sent > 0) {
        written += static_cast<std::size_t>(sent);
      } else if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        in.Reset();  // it stopped reading (EPIPE): not an error by itself
      }
    }
    if (::waitpid(pid, &status, WNOHANG) == pid) return true;
  }
}

// SIGTERM to the child's process group, SIGKILL after a second, and reaps it.
void StopGroup(pid_t pid, int& status) {
  ::kill(-pid, SIGTERM);
  const auto grace = Clock::now() + std::chrono::seconds(1);
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (Clock::now() >= grace) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string LastLine(std::string_view output) {
  std::string_view t = TrimAscii(output);
  std::size_t nl = t.find_last_of('\n');
  return internal::OneLine(nl == std::string_view::npos ? t : t.substr(nl + 1));
}

}  // namespace

CommandChannel::CommandChannel(CommandOptions options) : options_(std::move(options)) {}

std::string CommandChannel::Describe() const {
  return "command " + (options_.argv.empty() ? std::string("(none)") : options_.argv.front());
}

Result<Delivery> CommandChannel::Send(const Alert& alert, Instant) {
  if (options_.argv.empty() || options_.argv.front().empty()) {
    return Fail(ErrorCode::kInvalidArgument, "command hook: no command given");
  }
  const std::string name = options_.argv.front();
  std::vector<std::string> args;
  if (options_.use_shell) {
    args = {"/bin/sh", "-c"};
    args.insert(args.end(), options_.argv.begin(), options_.argv.end());
  } else {
    args = options_.argv;
  }
  const std::string json = AlertJson(alert);
  std::vector<std::string> env = Environment(alert, json);
  std::vector<char*> argv = Pointers(args), envp = Pointers(env);

  // stdin: a socket pair, so writing to a child that stopped reading is
  // EPIPE without SIGPIPE (MSG_NOSIGNAL); stdout and stderr: one pipe.
  int in_pair[2], out_pipe[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_pair) != 0) {
    return Fail(ErrorCode::kIo,
                fmt::format("command {}: socketpair: {}", name, std::strerror(errno)));
  }
  Fd in_parent(in_pair[0]), in_child(in_pair[1]);
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    return Fail(ErrorCode::kIo, fmt::format("command {}: pipe: {}", name, std::strerror(errno)));
  }
  Fd out_parent(out_pipe[0]), out_child(out_pipe[1]);
  pid_t pid = -1;
  const int spawned = Spawn(argv, envp, in_child.get(), out_child.get(), pid);
  if (spawned != 0) {
    return Fail(spawned == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                fmt::format("command {}: cannot run it: {}", name, std::strerror(spawned)));
  }
  in_child.Reset();
  out_child.Reset();
  ::fcntl(in_parent.get(), F_SETFL, O_NONBLOCK);
  ::fcntl(out_parent.get(), F_SETFL, O_NONBLOCK);

  const auto deadline = Clock::now() + std::chrono::milliseconds(std::max(1L, options_.timeout_ms));
  std::string output;
  int status = 0;
  if (!Converse(pid, json, in_parent, out_parent, deadline, options_.max_output, output, status)) {
    StopGroup(pid, status);
    return Fail(ErrorCode::kTimeout,
                fmt::format("command {}: timed out after {} ms and was stopped", name,
                            options_.timeout_ms));
  }
  // Whatever it printed before exiting, up to the cap.
  if (out_parent.get() >= 0) {
    while (output.size() < options_.max_output &&
           ReadSome(out_parent.get(), options_.max_output, output) > 0) {
    }
  }
  if (WIFSIGNALED(status)) {
    return Fail(ErrorCode::kIo,
                fmt::format("command {}: killed by signal {}", name, WTERMSIG(status)));
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code != 0) {
    std::string last = LastLine(output);
    return Fail(ErrorCode::kIo, fmt::format("command {} exited with status {}{}{}", name, code,
                                            last.empty() ? "" : ": ", last));
  }
  Delivery delivery;
  delivery.attempts = 1;
  delivery.status = 0;
  delivery.detail = std::move(output);
  return delivery;
}

}  // namespace corroborate::notify
