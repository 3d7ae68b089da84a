// A small SMTP server on 127.0.0.1 for tests (RFC 5321 subset: EHLO/HELO,
// MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT; no TLS, no AUTH).
// It records every message it accepted, and can be told to refuse
// recipients or to answer MAIL with a temporary failure a number of times.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace corroborate::test {

struct SmtpMessage {
  std::string helo;
  std::string mail_from;             // the address inside MAIL FROM:<...>
  std::vector<std::string> rcpt_to;  // accepted recipients
  std::string data;                  // the message as sent, dots unstuffed, CRLF line ends
};

class SmtpServer {
 public:
  // Binds 127.0.0.1 on an ephemeral port; throws std::runtime_error when it cannot.
  SmtpServer();
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string Url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  void RefuseRecipient(const std::string& address);  // 550 for RCPT TO this address
  void TemporaryFailures(int count);                 // the next `count` MAIL commands get 451

  std::vector<SmtpMessage> Messages() const;
  int sessions() const { return sessions_.load(); }

 private:
  void AcceptLoop();
  void Serve(int fd);

  int listen_fd_ = -1;
  int wake_read_ = -1, wake_write_ = -1;
  std::uint16_t port_ = 0;
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::vector<std::thread> workers_;
  std::vector<int> open_fds_;
  std::set<std::string> refused_;
  int temporary_failures_ = 0;
  std::vector<SmtpMessage> messages_;
  std::atomic<int> sessions_{0};
  std::atomic<bool> stopping_{false};
};

}  // namespace corroborate::test
