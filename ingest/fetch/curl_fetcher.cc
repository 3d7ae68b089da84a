// CurlFetcher: libcurl multi interface with our own per-host scheduling.
#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "core/clock.h"
#include "core/text.h"
#include "ingest/fetch/fetcher.h"
#include "ingest/url.h"

namespace corroborate::ingest {
namespace {

using Clock = std::chrono::steady_clock;

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using FileHandle = std::unique_ptr<std::FILE, FileCloser>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using SlistHandle = std::unique_ptr<curl_slist, SlistDeleter>;

// curl_global_init once per process; its result for every later caller.
CURLcode GlobalInit() {
  static std::once_flag once;
  static CURLcode code = CURLE_OK;
  std::call_once(once, [] { code = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return code;
}

// One request in flight.
struct Transfer {
  std::size_t index = 0;
  const FetchRequest* request = nullptr;
  std::string host;
  EasyHandle easy;
  SlistHandle headers;
  std::string body;
  std::size_t cap = 0;
  bool too_large = false;
  std::string location;  // Location of the latest response, kept to name refused redirects
  char error[CURL_ERROR_SIZE] = {};
  // Downloads to a file.
  std::uint64_t offset = 0;   // bytes the file held when a resumed request started
  bool file_decided = false;  // the first body bytes of the final response were seen
  FileHandle file;            // open while a 2xx body is written
  std::uint64_t written = 0;  // body bytes written to the file by this transfer
  std::uint64_t resumed_from = 0;
  std::string refusal;     // why the body was refused (kHttp), e.g. a wrong Content-Range
  std::string file_error;  // why the file could not be written (kIo)
};

// The "bytes FIRST-LAST/TOTAL" or "bytes */TOTAL" of a Content-Range header.
struct ContentRange {
  std::optional<std::uint64_t> first;
  std::optional<std::uint64_t> total;
};

std::optional<std::uint64_t> ParseU64(std::string_view text) {
  std::uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<ContentRange> ParseContentRange(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
    value.remove_suffix(1);
  if (value.size() < 6 || !EqualsIgnoreCase(value.substr(0, 6), "bytes ")) return std::nullopt;
  value.remove_prefix(6);
  std::size_t slash = value.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  ContentRange range;
  std::string_view span = value.substr(0, slash), total = value.substr(slash + 1);
  if (total != "*") {
    range.total = ParseU64(total);
    if (!range.total) return std::nullopt;
  }
  if (span != "*") {
    std::size_t dash = span.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    range.first = ParseU64(span.substr(0, dash));
    if (!range.first || !ParseU64(span.substr(dash + 1))) return std::nullopt;
  }
  return range;
}

// Value of the named header in the last response, "" when absent.
std::string LastHeader(CURL* easy, const char* name) {
  curl_header* header = nullptr;
  if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK || !header) return {};
  return header->value ? header->value : "";
}

// At the first body bytes of a download's final response: opens the file
// for a 2xx (appending for a 206 that continues at `offset`, from the start
// for a 200); other statuses keep their body in memory. False refuses the
// body (the transfer stops), with `refusal` or `file_error` saying why.
bool OpenDownload(Transfer& transfer) {
  transfer.file_decided = true;
  long status = 0;
  curl_easy_getinfo(transfer.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status >= 300) return true;
  const std::string& path = transfer.request->output_path;
  const char* mode = "wb";
  if (status == 206) {
    const std::string header = LastHeader(transfer.easy.get(), "Content-Range");
    std::optional<ContentRange> range = ParseContentRange(header);
    if (!range || !range->first || *range->first != transfer.offset) {
      transfer.refusal =
          fmt::format("HTTP 206 with Content-Range '{}' where bytes from {} were asked for", header,
                      transfer.offset);
      return false;
    }
    mode = "ab";
    transfer.resumed_from = transfer.offset;
  }
  transfer.file.reset(std::fopen(path.c_str(), mode));
  if (!transfer.file) {
    transfer.file_error = fmt::format("cannot open {} for writing: {}", path, std::strerror(errno));
    return false;
  }
  return true;
}

// Receives decoded body bytes; refuses (so curl aborts the transfer) once
// the cap would be passed, before the bytes are stored. A download's 2xx
// body goes to its file.
size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t length = size * count;
  if (!transfer->request->output_path.empty()) {
    if (!transfer->file_decided && !OpenDownload(*transfer)) return 0;
    if (transfer->file) {
      if (transfer->resumed_from + transfer->written + length > transfer->cap) {
        transfer->too_large = true;
        return 0;
      }
      if (std::fwrite(data, 1, length, transfer->file.get()) != length) {
        transfer->file_error =
            fmt::format("writing {}: {}", transfer->request->output_path, std::strerror(errno));
        return 0;
      }
      transfer->written += length;
      return length;
    }
  }
  if (transfer->body.size() + length > transfer->cap) {
    transfer->too_large = true;
    return 0;
  }
  transfer->body.append(data, length);
  return length;
}

// Sees every header line of every response; remembers the latest Location.
size_t ReadHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t length = size * count;
  std::string_view line(data, length);
  if (line.starts_with("HTTP/")) {
    transfer->location.clear();
  } else if (line.size() > 9 && EqualsIgnoreCase(line.substr(0, 9), "location:")) {
    line.remove_prefix(9);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    transfer->location = std::string(line);
  }
  return length;
}

// Scheme of `url` (text before "://"), lowercased; "" when there is none.
std::string SchemeOf(const std::string& url) {
  std::size_t colon = url.find("://");
  if (colon == std::string::npos || colon == 0) return {};
  std::string scheme = url.substr(0, colon);
  for (char& c : scheme) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return {};
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return scheme;
}

// Refuses what must never reach curl: other schemes, no host.
std::optional<Error> CheckRequest(const FetchRequest& request) {
  const std::string scheme = SchemeOf(request.url);
  if (scheme.empty()) {
    return Error{ErrorCode::kInvalidArgument, request.url + ": not an absolute http(s) URL"};
  }
  if (scheme != "http" && scheme != "https") {
    return Error{ErrorCode::kForbidden,
                 fmt::format("{}: scheme {} refused (only http and https)", request.url, scheme)};
  }
  if (UrlHost(request.url).empty()) {
    return Error{ErrorCode::kInvalidArgument, request.url + ": URL has no host"};
  }
  if (!request.method.empty() && request.method != "GET" && request.method != "POST") {
    return Error{
        ErrorCode::kInvalidArgument,
        fmt::format("{}: method {} refused (only GET and POST)", request.url, request.method)};
  }
  return std::nullopt;
}

class Session {
 public:
  Session(const FetchOptions& options, const std::vector<FetchRequest>& requests,
          const ProgressCallback& progress)
      : options_(options), requests_(requests), progress_(progress) {
    results_.reserve(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
      results_.push_back(Fail(ErrorCode::kInternal, requests[i].url + ": not fetched"));
    }
  }

  std::vector<Result<FetchResponse>> Run() {
    if (CURLcode init = GlobalInit(); init != CURLE_OK) {
      for (std::size_t i = 0; i < requests_.size(); ++i) {
        Finish(i, Fail(ErrorCode::kInternal, fmt::format("{}: curl_global_init failed: {}",
                                                         requests_[i].url, curl_easy_strerror(init))));
      }
      return std::move(results_);
    }
    multi_.reset(curl_multi_init());
    if (!multi_) {
      for (std::size_t i = 0; i < requests_.size(); ++i) {
        Finish(i, Fail(ErrorCode::kInternal, requests_[i].url + ": curl_multi_init failed"));
      }
      return std::move(results_);
    }
    curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS,
                      static_cast<long>(std::max(1, options_.per_host_limit)));
    curl_multi_setopt(multi_.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      static_cast<long>(std::max(1, options_.max_total_connections)));

    for (std::size_t i = 0; i < requests_.size(); ++i) {
      if (std::optional<Error> refused = CheckRequest(requests_[i])) {
        Finish(i, std::unexpected(std::move(*refused)));
      } else {
        pending_.push_back(i);
      }
    }
    while (done_ < requests_.size()) {
      std::optional<Clock::time_point> wake = StartEligible();
      int running = 0;
      curl_multi_perform(multi_.get(), &running);
      if (DrainFinished()) continue;
      if (done_ == requests_.size()) break;
      int timeout_ms = 1000;
      if (wake) {
        auto until = std::chrono::duration_cast<std::chrono::milliseconds>(*wake - Clock::now());
        timeout_ms = static_cast<int>(std::clamp<std::int64_t>(until.count() + 1, 0, timeout_ms));
      }
      curl_multi_poll(multi_.get(), nullptr, 0, timeout_ms, nullptr);
    }
    return std::move(results_);
  }

 private:
  struct HostState {
    int active = 0;
    Clock::time_point next_start{};
  };

  // Starts every pending request its host and the total limit allow now.
  // Returns the earliest time a request held back by the per-host delay may start.
  std::optional<Clock::time_point> StartEligible() {
    std::optional<Clock::time_point> wake;
    const auto now = Clock::now();
    const int per_host = std::max(1, options_.per_host_limit);
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (static_cast<int>(active_.size()) >= std::max(1, options_.max_total_connections)) break;
      const std::size_t index = *it;
      HostState& host = hosts_[UrlHost(requests_[index].url)];
      if (host.active >= per_host) {
        ++it;
        continue;
      }
      if (now < host.next_start) {
        if (!wake || host.next_start < *wake) wake = host.next_start;
        ++it;
        continue;
      }
      host.next_start = now + std::chrono::milliseconds(std::max(0L, options_.per_host_delay_ms));
      it = pending_.erase(it);
      Start(index, host);
    }
    return wake;
  }

  void Start(std::size_t index, HostState& host) {
    const FetchRequest& request = requests_[index];
    auto transfer = std::make_unique<Transfer>();
    transfer->index = index;
    transfer->request = &request;
    transfer->host = UrlHost(request.url);
    transfer->cap = request.max_bytes ? request.max_bytes : options_.max_body_bytes;
    const bool download = !request.output_path.empty();
    if (download && request.resume) {
      std::error_code ec;
      const std::uintmax_t held = std::filesystem::file_size(request.output_path, ec);
      if (!ec) transfer->offset = held;
    }
    transfer->easy.reset(curl_easy_init());
    if (!transfer->easy) {
      Finish(index, Fail(ErrorCode::kInternal, request.url + ": curl_easy_init failed"));
      return;
    }
    CURL* easy = transfer->easy.get();
    curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, static_cast<long>(options_.max_redirects));
    if (!download) curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every decoding curl has
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS,
                     request.timeout_ms > 0 ? request.timeout_ms : options_.total_timeout_ms);
    curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(transfer->cap));  // Content-Length up front
    if (request.method == "POST") {
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
    }
    curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, ReadHeader);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
    curl_slist* headers = nullptr;
    bool headers_ok = true;
    auto add_header = [&](std::string line) {
      // Stored validators come from servers: never let them smuggle in a header.
      std::erase_if(line, [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
      curl_slist* grown = curl_slist_append(headers, line.c_str());
      if (!grown) headers_ok = false;
      else headers = grown;
    };
    if (!request.etag.empty()) add_header("If-None-Match: " + request.etag);
    if (!request.last_modified.empty()) add_header("If-Modified-Since: " + request.last_modified);
    for (const std::string& line : request.headers) add_header(line);
    if (request.method == "POST") add_header("Expect:");  // no 100-continue round trip
    if (transfer->offset > 0) add_header(fmt::format("Range: bytes={}-", transfer->offset));
    transfer->headers.reset(headers);
    if (!headers_ok) {
      Finish(index, Fail(ErrorCode::kInternal, request.url + ": out of memory building headers"));
      return;
    }
    if (headers) curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    if (CURLMcode code = curl_multi_add_handle(multi_.get(), easy); code != CURLM_OK) {
      Finish(index, Fail(ErrorCode::kInternal, fmt::format("{}: curl_multi_add_handle: {}",
                                                           request.url, curl_multi_strerror(code))));
      return;
    }
    ++host.active;
    active_.emplace(easy, std::move(transfer));
  }

  // Collects finished transfers; true when any finished.
  bool DrainFinished() {
    bool any = false;
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      const CURLcode code = message->data.result;
      auto it = active_.find(easy);
      if (it == active_.end()) continue;
      std::unique_ptr<Transfer> transfer = std::move(it->second);
      active_.erase(it);
      curl_multi_remove_handle(multi_.get(), easy);
      --hosts_[transfer->host].active;
      Finish(transfer->index, Complete(*transfer, code));
      any = true;
    }
    return any;
  }

  // Turns a finished transfer into a response or an error naming the URL.
  Result<FetchResponse> Complete(Transfer& transfer, CURLcode code) {
    CURL* easy = transfer.easy.get();
    const std::string& url = transfer.request->url;
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    long redirects = 0;
    curl_easy_getinfo(easy, CURLINFO_REDIRECT_COUNT, &redirects);
    const char* effective = nullptr;
    curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective);
    const std::string final_url = effective ? effective : url;
    const std::string detail = transfer.error[0] ? transfer.error : curl_easy_strerror(code);
    if (transfer.file && std::fclose(transfer.file.release()) != 0 && transfer.file_error.empty()) {
      transfer.file_error =
          fmt::format("writing {}: {}", transfer.request->output_path, std::strerror(errno));
      if (code == CURLE_OK) code = CURLE_WRITE_ERROR;
    }
    const long timeout_ms =
        transfer.request->timeout_ms > 0 ? transfer.request->timeout_ms : options_.total_timeout_ms;

    switch (code) {
      case CURLE_OK:
        break;
      case CURLE_OPERATION_TIMEDOUT: {
        curl_off_t connect_us = 0;
        curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connect_us);
        if (connect_us == 0) {
          return Fail(ErrorCode::kTimeout, fmt::format("{}: connect timed out after {} ms", url,
                                                       options_.connect_timeout_ms));
        }
        return Fail(ErrorCode::kTimeout,
                    fmt::format("{}: timed out after {} ms ({} body bytes received)", url,
                                timeout_ms, transfer.body.size() + transfer.written));
      }
      case CURLE_WRITE_ERROR:
        if (transfer.too_large) {
          return Fail(
              ErrorCode::kTooLarge,
              fmt::format("{}: body larger than {} bytes{}, transfer stopped", url, transfer.cap,
                          transfer.request->output_path.empty() ? " (decoded)" : ""));
        }
        if (!transfer.refusal.empty()) {
          return Fail(ErrorCode::kHttp, fmt::format("{}: {}", url, transfer.refusal));
        }
        if (!transfer.file_error.empty()) {
          return Fail(ErrorCode::kIo, fmt::format("{}: {}", url, transfer.file_error));
        }
        return Fail(ErrorCode::kIo, fmt::format("{}: {}", url, detail));
      case CURLE_FILESIZE_EXCEEDED:
        return Fail(ErrorCode::kTooLarge,
                    fmt::format("{}: Content-Length {} is over the cap of {} bytes", url,
                                LastHeader(easy, "Content-Length"), transfer.cap));
      case CURLE_TOO_MANY_REDIRECTS:
        return Fail(ErrorCode::kHttp,
                    fmt::format("{}: too many redirects (more than {}; last was {})", url,
                                options_.max_redirects, final_url));
      case CURLE_UNSUPPORTED_PROTOCOL: {
        // A redirect curl refused to follow: name its target.
        const std::string& location = transfer.location;
        if (!location.empty()) {
          return Fail(ErrorCode::kForbidden,
                      fmt::format("{}: redirect to {} refused (only http and https)", url,
                                  ResolveUrl(final_url, location)));
        }
        return Fail(ErrorCode::kForbidden, fmt::format("{}: {}", url, detail));
      }
      case CURLE_PARTIAL_FILE: {
        curl_off_t length = -1;
        curl_easy_getinfo(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
        return Fail(ErrorCode::kNetwork,
                    fmt::format("{}: truncated body: connection closed before the end ({})", url,
                                length >= 0 ? fmt::format("Content-Length {}", length) : detail));
      }
      case CURLE_BAD_CONTENT_ENCODING:
        return Fail(ErrorCode::kParse, fmt::format("{}: bad content encoding: {}", url, detail));
      case CURLE_URL_MALFORMAT:
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: malformed URL: {}", url, detail));
      default:
        return Fail(ErrorCode::kNetwork, fmt::format("{}: {}", url, detail));
    }

    FetchResponse response;
    response.status = static_cast<int>(status);
    response.final_url = final_url;
    response.redirects = static_cast<int>(redirects);
    const char* content_type = nullptr;
    curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &content_type);
    if (content_type) response.content_type = content_type;
    response.etag = LastHeader(easy, "ETag");
    response.last_modified = LastHeader(easy, "Last-Modified");
    const std::string retry_after = LastHeader(easy, "Retry-After");
    if (!retry_after.empty()) {
      response.retry_after_seconds =
          ParseRetryAfter(retry_after, options_.clock ? options_.clock->Now() : SystemClock().Now());
    }
    double seconds = 0;
    curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME, &seconds);
    response.seconds = seconds;

    if (status == 304) {
      response.not_modified = true;
      response.body.clear();
      if (response.etag.empty()) response.etag = transfer.request->etag;
      if (response.last_modified.empty()) response.last_modified = transfer.request->last_modified;
      return response;
    }
    const bool download = !transfer.request->output_path.empty();
    if (status >= 200 && status < 300) {
      if (!download) {
        response.body = std::move(transfer.body);
        return response;
      }
      return FinishDownload(transfer, std::move(response));
    }
    if (download && status == 416 && transfer.offset > 0) {
      // Nothing left to send: complete when the server's length is the file's.
      std::optional<ContentRange> range = ParseContentRange(LastHeader(easy, "Content-Range"));
      if (range && range->total == transfer.offset) {
        response.file_size = transfer.offset;
        response.resumed_from = transfer.offset;
        response.total_size = transfer.offset;
        return response;
      }
    }
    if (status >= 300 && status < 400) {
      return Fail(ErrorCode::kHttp, fmt::format("{}: HTTP {} without a usable Location", url, status));
    }
    std::string message = fmt::format("{}: HTTP {}", url, status);
    if (final_url != url) message += fmt::format(" at {}", final_url);
    if ((status == 429 || status == 503) && response.retry_after_seconds) {
      message += fmt::format(" (retry after {} s)", *response.retry_after_seconds);
    }
    return Fail(ErrorCode::kHttp, std::move(message));
  }

  // A download's 2xx: the file is closed; checks its length against the
  // server's (a 206's Content-Range total, a 200's Content-Length).
  Result<FetchResponse> FinishDownload(Transfer& transfer, FetchResponse response) {
    CURL* easy = transfer.easy.get();
    const std::string& url = transfer.request->url;
    const std::string& path = transfer.request->output_path;
    if (!transfer.file_decided) {  // an empty body: no write callback ran
      if (!OpenDownload(transfer)) {
        if (!transfer.refusal.empty()) {
          return Fail(ErrorCode::kHttp, fmt::format("{}: {}", url, transfer.refusal));
        }
        return Fail(ErrorCode::kIo, fmt::format("{}: {}", url, transfer.file_error));
      }
      if (transfer.file && std::fclose(transfer.file.release()) != 0) {
        return Fail(ErrorCode::kIo,
                    fmt::format("{}: writing {}: {}", url, path, std::strerror(errno)));
      }
    }
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) return Fail(ErrorCode::kIo, fmt::format("{}: {}: {}", url, path, ec.message()));
    response.file_size = size;
    response.resumed_from = transfer.resumed_from;
    if (response.status == 206) {
      std::optional<ContentRange> range = ParseContentRange(LastHeader(easy, "Content-Range"));
      if (range && range->total) response.total_size = *range->total;
    } else {
      curl_off_t length = -1;
      curl_easy_getinfo(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
      if (length >= 0) response.total_size = static_cast<std::uint64_t>(length);
    }
    if (response.total_size && *response.total_size != size) {
      return Fail(ErrorCode::kNetwork,
                  fmt::format("{}: {} holds {} bytes where the server announced {}", url, path,
                              size, *response.total_size));
    }
    return response;
  }

  void Finish(std::size_t index, Result<FetchResponse> result) {
    results_[index] = std::move(result);
    ++done_;
    if (progress_) progress_(done_, requests_.size(), index, results_[index]);
  }

  const FetchOptions& options_;
  const std::vector<FetchRequest>& requests_;
  const ProgressCallback& progress_;
  std::vector<Result<FetchResponse>> results_;
  std::size_t done_ = 0;
  MultiHandle multi_;
  std::deque<std::size_t> pending_;
  std::map<std::string, HostState> hosts_;
  // Declared after multi_ so transfers are cleaned up before the multi handle.
  std::map<CURL*, std::unique_ptr<Transfer>> active_;
};

}  // namespace

CurlFetcher::CurlFetcher(FetchOptions options) : options_(std::move(options)) {}

std::vector<Result<FetchResponse>> CurlFetcher::FetchAll(const std::vector<FetchRequest>& requests,
                                                         const ProgressCallback& progress) {
  return Session(options_, requests, progress).Run();
}

}  // namespace corroborate::ingest
