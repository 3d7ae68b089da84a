#include "tests/support/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "core/text.h"

namespace corroborate::test {
namespace {

constexpr std::size_t kMaxHead = 1 << 20;

const char* Reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 206:
      return "Partial Content";
    case 404: return "Not Found";
    case 416:
      return "Range Not Satisfiable";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// Streams `count` copies of `byte` (or `data` when given) through deflate.
std::string Deflate(std::string_view data, char byte, std::size_t count) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out;
  std::string block(std::min<std::size_t>(count, 1 << 16), byte);
  char buffer[1 << 14];
  std::size_t left = data.empty() ? count : 0;
  bool data_given = !data.empty();
  int flush = Z_NO_FLUSH;
  do {
    if (data_given) {
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
      stream.avail_in = static_cast<uInt>(data.size());
      data_given = false;
      flush = Z_FINISH;
    } else if (stream.avail_in == 0 && flush != Z_FINISH) {
      std::size_t n = std::min(left, block.size());
      stream.next_in = reinterpret_cast<Bytef*>(block.data());
      stream.avail_in = static_cast<uInt>(n);
      left -= n;
      if (left == 0) flush = Z_FINISH;
    }
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    int rc = deflate(&stream, flush);
    if (rc == Z_STREAM_ERROR) {
      deflateEnd(&stream);
      throw std::runtime_error("deflate failed");
    }
    out.append(buffer, sizeof buffer - stream.avail_out);
    if (rc == Z_STREAM_END) break;
  } while (true);
  deflateEnd(&stream);
  return out;
}

}  // namespace

std::optional<std::string> HttpRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return std::nullopt;
}

HttpResponse HttpResponse::Redirect(std::string location, int status) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

HttpResponse HttpResponse::Text(std::string body, std::string content_type, int status) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", std::move(content_type));
  response.body = std::move(body);
  return response;
}

HttpResponse ServeFile(const HttpRequest& request, std::string_view bytes) {
  HttpResponse response;
  response.headers.emplace_back("Accept-Ranges", "bytes");
  response.headers.emplace_back("Content-Type", "application/octet-stream");
  std::optional<std::string> range = request.Header("Range");
  if (!range || range->rfind("bytes=", 0) != 0 || range->find(',') != std::string::npos) {
    response.body = std::string(bytes);
    return response;
  }
  std::string spec = range->substr(6);
  std::size_t dash = spec.find('-');
  if (dash == std::string::npos || dash == 0) {  // suffix ranges are not needed by the tests
    response.body = std::string(bytes);
    return response;
  }
  std::size_t first = std::stoul(spec.substr(0, dash));
  std::size_t last = dash + 1 < spec.size() ? std::stoul(spec.substr(dash + 1)) : bytes.size() - 1;
  if (first >= bytes.size()) {
    response.status = 416;
    response.headers.emplace_back("Content-Range", "bytes */" + std::to_string(bytes.size()));
    return response;
  }
  last = std::min(last, bytes.size() - 1);
  response.status = 206;
  response.headers.emplace_back("Content-Range", "bytes " + std::to_string(first) + "-" +
                                                     std::to_string(last) + "/" +
                                                     std::to_string(bytes.size()));
  response.body = std::string(bytes.substr(first, last - first + 1));
  return response;
}

std::string Gzip(std::string_view data) {
  if (data.empty()) return Deflate({}, '\0', 0);
  return Deflate(data, '\0', 0);
}

std::string ZlibDeflate(std::string_view data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()),
                Z_BEST_COMPRESSION) != Z_OK) {
    throw std::runtime_error("compress2 failed");
  }
  out.resize(size);
  return out;
}

std::string Brotli(std::string_view data) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  std::string out(size ? size : 16, '\0');
  size = out.size();
  if (!BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
                             data.size(), reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    throw std::runtime_error("BrotliEncoderCompress failed");
  }
  out.resize(size);
  return out;
}

std::string GzipRepeated(char byte, std::size_t count) { return Deflate({}, byte, count); }

HttpServer::HttpServer() {
  ::setenv("no_proxy", "127.0.0.1", 1);
  ::setenv("NO_PROXY", "127.0.0.1", 1);
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int pipe_fds[2];
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
      ::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    std::string why = std::strerror(errno);
    ::close(listen_fd_);
    throw std::runtime_error("test HTTP server on 127.0.0.1: " + why);
  }
  wake_read_ = pipe_fds[0];
  wake_write_ = pipe_fds[1];
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

HttpServer::~HttpServer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
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

std::string HttpServer::Url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

void HttpServer::Route(const std::string& path, HttpResponse response) {
  Handle(path, [response = std::move(response)](const HttpRequest&) { return response; });
}

void HttpServer::Handle(const std::string& path, Handler handler) {
  std::lock_guard lock(mutex_);
  handlers_[path] = std::move(handler);
}

std::vector<HttpRequest> HttpServer::Requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::vector<HttpRequest> HttpServer::RequestsTo(std::string_view path) const {
  std::lock_guard lock(mutex_);
  std::vector<HttpRequest> out;
  for (const HttpRequest& request : requests_) {
    if (request.path == path) out.push_back(request);
  }
  return out;
}

bool HttpServer::Sleep(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  return !stop_cv_.wait_for(lock, duration, [this] { return stopping_; });
}

void HttpServer::AcceptLoop() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_read_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents) return;
    if (!(fds[0].revents & POLLIN)) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++connections_;
    std::lock_guard lock(mutex_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    open_fds_.push_back(fd);
    workers_.emplace_back([this, fd] { Serve(fd); });
  }
}

bool HttpServer::ReadRequest(int fd, std::string& buffer, HttpRequest& request) {
  auto fill = [&]() {
    pollfd fds[2] = {{fd, POLLIN, 0}, {wake_read_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0 || fds[1].revents) return false;
    char chunk[8192];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  };
  std::size_t end;
  while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (buffer.size() > kMaxHead || !fill()) return false;
  }
  std::string_view head(buffer.data(), end);
  std::size_t line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  std::size_t sp1 = line.find(' ');
  std::size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return false;
  request.method = std::string(line.substr(0, sp1));
  request.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  request.path = request.target.substr(0, request.target.find('?'));
  request.headers.clear();
  while (line_end != std::string_view::npos) {
    std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view header = head.substr(start, line_end == std::string_view::npos
                                                     ? std::string_view::npos
                                                     : line_end - start);
    std::size_t colon = header.find(':');
    if (colon == std::string_view::npos) continue;
    request.headers.emplace_back(Trim(header.substr(0, colon)), Trim(header.substr(colon + 1)));
  }
  buffer.erase(0, end + 4);
  std::size_t length = 0;
  if (auto value = request.Header("Content-Length")) length = std::stoul(*value);
  while (buffer.size() < length) {
    if (!fill()) return false;
  }
  request.body = buffer.substr(0, length);
  buffer.erase(0, length);
  request.received = std::chrono::steady_clock::now();
  return true;
}

bool HttpServer::SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

HttpResponse HttpServer::Respond(const HttpRequest& request) {
  Handler handler;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    auto it = handlers_.find(request.path);
    if (it != handlers_.end()) handler = it->second;
  }
  if (!handler) return HttpResponse::Text("no route for " + request.path + "\n", "text/plain", 404);
  return handler(request);
}

void HttpServer::Serve(int fd) {
  std::string buffer;
  for (;;) {
    HttpRequest request;
    if (!ReadRequest(fd, buffer, request)) break;
    int now = ++in_flight_;
    int seen = max_in_flight_.load();
    while (now > seen && !max_in_flight_.compare_exchange_weak(seen, now)) {
    }
    HttpResponse response = Respond(request);
    bool keep_alive = [&] {
      if (response.truncate_at || !response.content_length) return false;
      auto connection = request.Header("Connection");
      return !(connection && EqualsIgnoreCase(*connection, "close"));
    }();
    std::string body = response.gzip ? Gzip(response.body) : std::move(response.body);
    const bool bodyless = request.method == "HEAD" || response.status == 304 ||
                          response.status == 204 || response.status < 200;
    std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " +
                       Reason(response.status) + "\r\n";
    for (const auto& [key, value] : response.headers) head += key + ": " + value + "\r\n";
    if (response.gzip) head += "Content-Encoding: gzip\r\n";
    if (response.content_length && response.status != 304 && response.status != 204) {
      head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    if (!keep_alive) head += "Connection: close\r\n";
    head += "\r\n";

    bool ok = Sleep(response.delay) && SendAll(fd, head);
    if (ok && !bodyless) {
      std::string_view rest(body);
      if (response.truncate_at) rest = rest.substr(0, *response.truncate_at);
      const std::size_t piece = response.chunk_size ? response.chunk_size : std::max<std::size_t>(rest.size(), 1);
      for (bool first = true; ok && !rest.empty(); first = false) {
        if (!first && !Sleep(response.chunk_delay)) ok = false;
        std::size_t n = std::min(piece, rest.size());
        ok = ok && SendAll(fd, rest.substr(0, n));
        rest.remove_prefix(n);
      }
    }
    --in_flight_;
    if (!ok || !keep_alive) break;
  }
  std::lock_guard lock(mutex_);
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
  open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
}

}  // namespace corroborate::test
