#include "tests/support/smtp_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "core/text.h"

namespace corroborate::test {

namespace {

bool SendAll(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// The address between < and > of "MAIL FROM:<a@b> SIZE=1".
std::string Angle(const std::string& line) {
  std::size_t open = line.find('<'), close = line.find('>', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return {};
  return line.substr(open + 1, close - open - 1);
}

}  // namespace

SmtpServer::SmtpServer() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int pipe_fds[2];
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
      ::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    std::string why = std::strerror(errno);
    ::close(listen_fd_);
    throw std::runtime_error("test SMTP server on 127.0.0.1: " + why);
  }
  wake_read_ = pipe_fds[0];
  wake_write_ = pipe_fds[1];
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

SmtpServer::~SmtpServer() {
  stopping_ = true;
  char byte = 'x';
  [[maybe_unused]] ssize_t written = ::write(wake_write_, &byte, 1);
  acceptor_.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mutex_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    workers.swap(workers_);
  }
  for (std::thread& worker : workers) worker.join();
  ::close(listen_fd_);
  ::close(wake_read_);
  ::close(wake_write_);
}

void SmtpServer::RefuseRecipient(const std::string& address) {
  std::lock_guard lock(mutex_);
  refused_.insert(address);
}

void SmtpServer::TemporaryFailures(int count) {
  std::lock_guard lock(mutex_);
  temporary_failures_ = count;
}

std::vector<SmtpMessage> SmtpServer::Messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

void SmtpServer::AcceptLoop() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_read_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents) return;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++sessions_;
    std::lock_guard lock(mutex_);
    open_fds_.push_back(fd);
    workers_.emplace_back([this, fd] { Serve(fd); });
  }
}

void SmtpServer::Serve(int fd) {
  std::string buffer;
  // Next CRLF-terminated line, without the CRLF; false at the end.
  auto read_line = [&](std::string& line) {
    for (;;) {
      std::size_t end = buffer.find("\r\n");
      if (end != std::string::npos) {
        line = buffer.substr(0, end);
        buffer.erase(0, end + 2);
        return true;
      }
      pollfd fds[2] = {{fd, POLLIN, 0}, {wake_read_, POLLIN, 0}};
      if (::poll(fds, 2, 10000) <= 0 || fds[1].revents) return false;
      char chunk[4096];
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
  };
  SmtpMessage current;
  bool ok = SendAll(fd, "220 127.0.0.1 corroborate test SMTP\r\n");
  std::string line;
  while (ok && read_line(line)) {
    std::string verb = ToLowerAscii(line.substr(0, 4));
    if (verb == "ehlo") {
      current.helo = line.size() > 5 ? line.substr(5) : "";
      ok = SendAll(fd, "250-127.0.0.1\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n");
    } else if (verb == "helo") {
      current.helo = line.size() > 5 ? line.substr(5) : "";
      ok = SendAll(fd, "250 127.0.0.1\r\n");
    } else if (verb == "mail") {
      bool temporary;
      {
        std::lock_guard lock(mutex_);
        temporary = temporary_failures_ > 0;
        if (temporary) --temporary_failures_;
      }
      if (temporary) {
        ok = SendAll(fd, "451 4.3.0 try again later\r\n");
        continue;
      }
      current.mail_from = Angle(line);
      current.rcpt_to.clear();
      ok = SendAll(fd, "250 2.1.0 ok\r\n");
    } else if (verb == "rcpt") {
      std::string to = Angle(line);
      bool refused;
      {
        std::lock_guard lock(mutex_);
        refused = refused_.count(to) > 0;
      }
      if (refused) {
        ok = SendAll(fd, "550 5.1.1 no such user\r\n");
      } else {
        current.rcpt_to.push_back(to);
        ok = SendAll(fd, "250 2.1.5 ok\r\n");
      }
    } else if (verb == "data") {
      if (current.rcpt_to.empty()) {
        ok = SendAll(fd, "554 5.5.1 no valid recipients\r\n");
        continue;
      }
      ok = SendAll(fd, "354 end with <CRLF>.<CRLF>\r\n");
      std::string data;
      bool ended = false;
      while (ok && read_line(line)) {
        if (line == ".") {
          ended = true;
          break;
        }
        if (!line.empty() && line[0] == '.') line.erase(0, 1);
        data += line + "\r\n";
      }
      if (!ended) break;
      current.data = std::move(data);
      {
        std::lock_guard lock(mutex_);
        messages_.push_back(current);
      }
      ok = SendAll(fd, "250 2.0.0 queued\r\n");
    } else if (verb == "rset") {
      current.mail_from.clear();
      current.rcpt_to.clear();
      ok = SendAll(fd, "250 2.0.0 ok\r\n");
    } else if (verb == "noop") {
      ok = SendAll(fd, "250 2.0.0 ok\r\n");
    } else if (verb == "quit") {
      SendAll(fd, "221 2.0.0 bye\r\n");
      break;
    } else {
      ok = SendAll(fd, "502 5.5.2 command not implemented\r\n");
    }
  }
  std::lock_guard lock(mutex_);
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
  open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
}

}  // namespace corroborate::test
