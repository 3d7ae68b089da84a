// A real HTTP/1.1 server on 127.0.0.1 for tests: scripted routes (status,
// headers, body, gzip, delays, early close, redirects) and a record of every
// request it received (to assert on conditional headers, concurrency, timing).
//
// It listens on an ephemeral port from construction and shuts down in its
// destructor: pending delays are cut short and connections closed. One thread
// accepts; each connection gets its own thread and is kept alive between
// requests unless a response ends it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace corroborate::test {

struct HttpRequest {
  std::string method;
  std::string target;  // as sent: "/path?query"
  std::string path;    // target without the query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::steady_clock::time_point received;

  // First header of that name (case-insensitive), nullopt when absent.
  std::optional<std::string> Header(std::string_view name) const;
};

// What the server sends back, and how.
struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Length
  std::string body;
  bool gzip = false;                     // gzip `body` and add Content-Encoding: gzip
  std::chrono::milliseconds delay{0};    // wait before the status line
  std::size_t chunk_size = 0;            // send the body in pieces this large (0: in one)
  std::chrono::milliseconds chunk_delay{0};  // wait before each piece after the first
  std::optional<std::size_t> truncate_at;    // send only this many body bytes, then close
  bool content_length = true;  // false: no Content-Length; the body ends at connection close

  // 302 (or `status`) with a Location header.
  static HttpResponse Redirect(std::string location, int status = 302);
  static HttpResponse Text(std::string body, std::string content_type = "text/plain",
                           int status = 200);
};

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  // Binds 127.0.0.1 on an ephemeral port and starts serving; throws
  // std::runtime_error when the socket cannot be set up. Sets no_proxy /
  // NO_PROXY to 127.0.0.1 in the process environment (inherited by child
  // processes) so no proxy from the environment ever sees test traffic.
  HttpServer();
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const { return port_; }
  // "http://127.0.0.1:PORT" + path.
  std::string Url(std::string_view path) const;

  // Serves `response` for requests whose path (query ignored) is `path`.
  // Unrouted paths get 404. Later calls replace earlier ones.
  void Route(const std::string& path, HttpResponse response);
  // Computes the response per request (called on the connection's thread).
  void Handle(const std::string& path, Handler handler);

  std::vector<HttpRequest> Requests() const;
  std::vector<HttpRequest> RequestsTo(std::string_view path) const;
  // The most requests that were being answered at the same time.
  int max_concurrent() const { return max_in_flight_.load(); }
  // Connections accepted so far.
  int connections() const { return connections_.load(); }

 private:
  void AcceptLoop();
  void Serve(int fd);
  // Waits up to `duration`; false if the server is stopping.
  bool Sleep(std::chrono::milliseconds duration);
  // Reads one request from `fd` into `request`, using `buffer` for leftovers.
  bool ReadRequest(int fd, std::string& buffer, HttpRequest& request);
  bool SendAll(int fd, std::string_view data);
  HttpResponse Respond(const HttpRequest& request);

  int listen_fd_ = -1;
  int wake_read_ = -1;   // readable once the server is stopping
  int wake_write_ = -1;
  std::uint16_t port_ = 0;
  std::thread acceptor_;

  mutable std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::map<std::string, Handler> handlers_;
  std::vector<HttpRequest> requests_;
  std::vector<std::thread> workers_;
  std::vector<int> open_fds_;

  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
  std::atomic<int> connections_{0};
};

// Answers `request` as a static file server holding `bytes` would: 200
// with the whole body, or for "Range: bytes=FIRST-[LAST]" a 206 with that
// part and its Content-Range, or a 416 ("bytes */SIZE") when FIRST is at or
// past the end. Sets Accept-Ranges and Content-Type application/octet-stream.
HttpResponse ServeFile(const HttpRequest& request, std::string_view bytes);

// gzip (RFC 1952) of `data`.
std::string Gzip(std::string_view data);
// zlib stream (RFC 1950), what HTTP calls "deflate".
std::string ZlibDeflate(std::string_view data);
// Brotli (RFC 7932), HTTP "br".
std::string Brotli(std::string_view data);
// gzip of `count` copies of `byte`, made without a buffer of `count` bytes
// (a decompression bomb: 50 MB of zeros come to about 50 KB).
std::string GzipRepeated(char byte, std::size_t count);

}  // namespace corroborate::test
