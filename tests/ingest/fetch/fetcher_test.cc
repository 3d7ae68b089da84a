// CurlFetcher against a real HTTP server on 127.0.0.1.
#include "ingest/fetch/fetcher.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <set>

#include "tests/support/fake_fetcher.h"
#include "tests/support/http_server.h"

namespace corroborate::ingest {
namespace {

using test::HttpRequest;
using test::HttpResponse;
using test::HttpServer;
using namespace std::chrono_literals;

class CurlFetcherTest : public ::testing::Test {
 protected:
  static FetchOptions Options() {
    FetchOptions options;
    options.connect_timeout_ms = 1000;
    options.total_timeout_ms = 2000;
    options.per_host_delay_ms = 0;
    options.per_host_limit = 4;
    options.max_body_bytes = 1 << 20;
    return options;
  }

  Result<FetchResponse> Get(const std::string& path, FetchOptions options = Options()) {
    return CurlFetcher(options).Fetch(FetchRequest{.url = server_.Url(path)});
  }

  HttpServer server_;
};

TEST_F(CurlFetcherTest, Fetches200WithHeaders) {
  HttpResponse page = HttpResponse::Text("<rss version=\"2.0\"/>", "application/rss+xml");
  page.headers.emplace_back("ETag", "\"v1\"");
  page.headers.emplace_back("Last-Modified", "Mon, 22 Dec 2014 21:00:00 GMT");
  server_.Route("/feed.xml", page);

  auto result = Get("/feed.xml");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "<rss version=\"2.0\"/>");
  EXPECT_EQ(result->content_type, "application/rss+xml");
  EXPECT_EQ(result->etag, "\"v1\"");
  EXPECT_EQ(result->last_modified, "Mon, 22 Dec 2014 21:00:00 GMT");
  EXPECT_EQ(result->final_url, server_.Url("/feed.xml"));
  EXPECT_EQ(result->redirects, 0);
  EXPECT_FALSE(result->not_modified);

  auto requests = server_.RequestsTo("/feed.xml");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].Header("User-Agent"), FetchOptions().user_agent);
  EXPECT_FALSE(requests[0].Header("If-None-Match"));
  EXPECT_FALSE(requests[0].Header("If-Modified-Since"));
}

TEST_F(CurlFetcherTest, ConditionalGetGives304) {
  server_.Handle("/feed.xml", [](const HttpRequest& request) {
    if (request.Header("If-None-Match") == "\"v1\"") {
      HttpResponse not_modified;
      not_modified.status = 304;
      return not_modified;  // no ETag repeated: the stored one stays valid
    }
    return HttpResponse::Text("fresh");
  });
  FetchRequest request{.url = server_.Url("/feed.xml"),
                       .etag = "\"v1\"",
                       .last_modified = "Mon, 22 Dec 2014 21:00:00 GMT"};
  auto result = CurlFetcher(Options()).Fetch(request);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->status, 304);
  EXPECT_TRUE(result->not_modified);
  EXPECT_EQ(result->body, "");
  EXPECT_EQ(result->etag, "\"v1\"");
  EXPECT_EQ(result->last_modified, "Mon, 22 Dec 2014 21:00:00 GMT");

  auto requests = server_.RequestsTo("/feed.xml");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].Header("If-None-Match"), "\"v1\"");
  EXPECT_EQ(requests[0].Header("If-Modified-Since"), "Mon, 22 Dec 2014 21:00:00 GMT");

  // A stale ETag gets the full body.
  request.etag = "\"v0\"";
  auto fresh = CurlFetcher(Options()).Fetch(request);
  ASSERT_TRUE(fresh) << fresh.error().message;
  EXPECT_FALSE(fresh->not_modified);
  EXPECT_EQ(fresh->body, "fresh");
}

TEST_F(CurlFetcherTest, FollowsRedirectChain) {
  server_.Route("/r1", HttpResponse::Redirect(server_.Url("/r2"), 301));
  server_.Route("/r2", HttpResponse::Redirect("/r3", 302));  // relative Location
  server_.Route("/r3", HttpResponse::Redirect(server_.Url("/final"), 307));
  server_.Route("/final", HttpResponse::Text("arrived"));

  auto result = Get("/r1");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "arrived");
  EXPECT_EQ(result->redirects, 3);
  EXPECT_EQ(result->final_url, server_.Url("/final"));
  for (const char* path : {"/r1", "/r2", "/r3", "/final"}) {
    EXPECT_EQ(server_.RequestsTo(path).size(), 1u) << path;
  }
}

TEST_F(CurlFetcherTest, RedirectWithoutLocationIsAnError) {
  HttpResponse nowhere;
  nowhere.status = 302;
  server_.Route("/nowhere", nowhere);
  auto result = Get("/nowhere");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kHttp);
  EXPECT_EQ(result.error().message, server_.Url("/nowhere") + ": HTTP 302 without a usable Location");
}

TEST_F(CurlFetcherTest, ValidatorsCannotInjectHeaders) {
  server_.Route("/v", HttpResponse::Text("ok"));
  auto result = CurlFetcher(Options()).Fetch(
      {.url = server_.Url("/v"), .etag = "\"x\"\r\nX-Injected: 1"});
  ASSERT_TRUE(result) << result.error().message;
  auto requests = server_.RequestsTo("/v");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_FALSE(requests[0].Header("X-Injected"));
  EXPECT_EQ(requests[0].Header("If-None-Match"), "\"x\"X-Injected: 1");
}

TEST_F(CurlFetcherTest, RedirectLoopIsAClearError) {
  server_.Route("/a", HttpResponse::Redirect(server_.Url("/b")));
  server_.Route("/b", HttpResponse::Redirect(server_.Url("/a")));

  auto result = Get("/a");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kHttp);
  EXPECT_NE(result.error().message.find(server_.Url("/a") + ": too many redirects (more than 5"),
            std::string::npos)
      << result.error().message;
  // The first request plus the five redirects allowed, then it stopped.
  EXPECT_EQ(server_.Requests().size(), 6u);
}

TEST_F(CurlFetcherTest, RedirectToForbiddenSchemeIsRefused) {
  server_.Route("/evil", HttpResponse::Redirect("file:///etc/passwd"));
  server_.Route("/ftp", HttpResponse::Redirect("ftp://127.0.0.1:1/x"));

  auto result = Get("/evil");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kForbidden);
  EXPECT_NE(result.error().message.find("file:///etc/passwd"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(result.error().message.find("root:"), std::string::npos);

  auto ftp = Get("/ftp");
  ASSERT_FALSE(ftp);
  EXPECT_EQ(ftp.error().code, ErrorCode::kForbidden);
  EXPECT_NE(ftp.error().message.find("ftp://127.0.0.1:1/x"), std::string::npos)
      << ftp.error().message;
}

TEST_F(CurlFetcherTest, NotFoundIsHttpError) {
  auto result = Get("/missing");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kHttp);
  EXPECT_EQ(result.error().message, server_.Url("/missing") + ": HTTP 404");
  EXPECT_EQ(HttpStatusOf(result.error()), 404);
  EXPECT_FALSE(IsTransient(result.error()));
}

TEST_F(CurlFetcherTest, ServerErrorIsTransientHttpError) {
  server_.Route("/broken", HttpResponse::Text("oops", "text/plain", 500));
  auto result = Get("/broken");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kHttp);
  EXPECT_EQ(result.error().message, server_.Url("/broken") + ": HTTP 500");
  EXPECT_TRUE(IsTransient(result.error()));
}

TEST_F(CurlFetcherTest, TooManyRequestsCarriesRetryAfterSeconds) {
  HttpResponse busy = HttpResponse::Text("slow down", "text/plain", 429);
  busy.headers.emplace_back("Retry-After", "120");
  server_.Route("/busy", busy);

  auto result = Get("/busy");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kHttp);
  EXPECT_EQ(result.error().message, server_.Url("/busy") + ": HTTP 429 (retry after 120 s)");
  EXPECT_EQ(HttpStatusOf(result.error()), 429);
  EXPECT_EQ(RetryAfterOf(result.error()), 120);
  EXPECT_TRUE(IsTransient(result.error()));
}

TEST_F(CurlFetcherTest, UnavailableCarriesRetryAfterDate) {
  // An HTTP-date one hour ahead.
  std::time_t later = std::time(nullptr) + 3600;
  std::tm tm{};
  gmtime_r(&later, &tm);
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  HttpResponse down = HttpResponse::Text("maintenance", "text/plain", 503);
  down.headers.emplace_back("Retry-After", date);
  server_.Route("/down", down);

  auto result = Get("/down");
  ASSERT_FALSE(result);
  EXPECT_EQ(HttpStatusOf(result.error()), 503);
  auto retry_after = RetryAfterOf(result.error());
  ASSERT_TRUE(retry_after) << result.error().message;
  EXPECT_GE(*retry_after, 3590);
  EXPECT_LE(*retry_after, 3600);
}

TEST_F(CurlFetcherTest, BodySlowerThanTimeoutTimesOut) {
  HttpResponse slow = HttpResponse::Text(std::string(100, 'x'));
  slow.chunk_size = 10;
  slow.chunk_delay = 1000ms;  // the whole body would take 9 s
  server_.Route("/slow", slow);
  FetchOptions options = Options();
  options.total_timeout_ms = 300;

  auto start = std::chrono::steady_clock::now();
  auto result = Get("/slow", options);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kTimeout);
  EXPECT_NE(result.error().message.find("timed out after 300 ms"), std::string::npos)
      << result.error().message;
  EXPECT_LT(elapsed, 2s);  // stopped by the limit, not by the server finishing
}

TEST_F(CurlFetcherTest, TruncatedBodyIsAnError) {
  HttpResponse cut = HttpResponse::Text(std::string(1000, 'y'));
  cut.truncate_at = 400;
  server_.Route("/cut", cut);

  auto result = Get("/cut");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kNetwork);
  EXPECT_NE(result.error().message.find("truncated body"), std::string::npos)
      << result.error().message;
  EXPECT_NE(result.error().message.find("Content-Length 1000"), std::string::npos)
      << result.error().message;
}

TEST_F(CurlFetcherTest, GzipBodyIsDecoded) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "Internet access in North Korea was cut. ";
  HttpResponse zipped = HttpResponse::Text(text, "text/html");
  zipped.gzip = true;
  server_.Route("/zipped", zipped);
  ASSERT_LT(test::Gzip(text).size(), text.size() / 10);  // really sent compressed

  auto result = Get("/zipped");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, text);
  auto requests = server_.RequestsTo("/zipped");
  ASSERT_EQ(requests.size(), 1u);
  auto accept = requests[0].Header("Accept-Encoding");
  ASSERT_TRUE(accept);
  EXPECT_NE(accept->find("gzip"), std::string::npos);
  EXPECT_NE(accept->find("br"), std::string::npos);
}

TEST_F(CurlFetcherTest, DeflateAndBrotliBodiesAreDecoded) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "BGP routes to AS131279 were withdrawn. ";
  struct Case {
    const char* path;
    const char* encoding;
    std::string encoded;
  };
  const Case cases[] = {
      {"/deflate", "deflate", test::ZlibDeflate(text)},
      {"/br", "br", test::Brotli(text)},
  };
  for (const Case& c : cases) {
    ASSERT_LT(c.encoded.size(), text.size() / 10) << c.encoding;
    HttpResponse response;
    response.headers = {{"Content-Type", "text/plain"}, {"Content-Encoding", c.encoding}};
    response.body = c.encoded;
    server_.Route(c.path, response);
    auto result = Get(c.path);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->body, text) << c.encoding;
  }
}

TEST_F(CurlFetcherTest, CorruptEncodingIsAnError) {
  HttpResponse response;
  response.headers = {{"Content-Encoding", "gzip"}};
  response.body = "this is not gzip at all, not even close";
  server_.Route("/corrupt", response);
  auto result = Get("/corrupt");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kParse);
  EXPECT_EQ(result.error().message.rfind(server_.Url("/corrupt") + ": bad content encoding", 0), 0u)
      << result.error().message;
}

TEST_F(CurlFetcherTest, OversizedBodyIsRefused) {
  FetchOptions options = Options();
  options.max_body_bytes = 1000;
  // With Content-Length: refused from the header.
  server_.Route("/big", HttpResponse::Text(std::string(5000, 'z')));
  auto declared = Get("/big", options);
  ASSERT_FALSE(declared);
  EXPECT_EQ(declared.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(declared.error().message.find("Content-Length 5000"), std::string::npos)
      << declared.error().message;

  // Without Content-Length: stopped while streaming.
  HttpResponse undeclared = HttpResponse::Text(std::string(5000, 'z'));
  undeclared.content_length = false;
  server_.Route("/stream", undeclared);
  auto streamed = Get("/stream", options);
  ASSERT_FALSE(streamed);
  EXPECT_EQ(streamed.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(streamed.error().message.find("larger than 1000 bytes"), std::string::npos)
      << streamed.error().message;

  // Exactly at the cap is fine.
  server_.Route("/fits", HttpResponse::Text(std::string(1000, 'z')));
  auto fits = Get("/fits", options);
  ASSERT_TRUE(fits) << fits.error().message;
  EXPECT_EQ(fits->body.size(), 1000u);
}

TEST_F(CurlFetcherTest, GzipBombIsStoppedOnDecodedBytes) {
  const std::string bomb = test::GzipRepeated('\0', 50u << 20);  // 50 MiB of zeros
  FetchOptions options = Options();
  options.max_body_bytes = 1 << 20;
  // The compressed size is under the cap: only the decoded count can stop it.
  ASSERT_LT(bomb.size(), options.max_body_bytes);
  HttpResponse response;
  response.headers = {{"Content-Type", "text/html"}, {"Content-Encoding", "gzip"}};
  response.body = bomb;
  server_.Route("/bomb", response);

  auto result = Get("/bomb", options);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(result.error().message.find("larger than 1048576 bytes (decoded)"), std::string::npos)
      << result.error().message;
}

TEST_F(CurlFetcherTest, ConcurrentFetchOneFailureDoesNotStopOthers) {
  for (const char* name : {"/a", "/b", "/c", "/d"}) {
    HttpResponse response = HttpResponse::Text(std::string("body of ") + name);
    response.delay = 100ms;
    server_.Route(name, response);
  }
  std::vector<FetchRequest> requests;
  for (const char* name : {"/a", "/b", "/missing", "/c", "/d"}) {
    requests.push_back({.url = server_.Url(name), .tag = static_cast<std::int64_t>(requests.size())});
  }
  std::vector<std::size_t> dones;
  std::set<std::size_t> indexes;
  auto results = CurlFetcher(Options()).FetchAll(
      requests, [&](std::size_t done, std::size_t total, std::size_t index,
                    const Result<FetchResponse>&) {
        EXPECT_EQ(total, 5u);
        dones.push_back(done);
        indexes.insert(index);
      });
  ASSERT_EQ(results.size(), 5u);
  EXPECT_TRUE(results[0] && results[0]->body == "body of /a");
  EXPECT_TRUE(results[1] && results[1]->body == "body of /b");
  ASSERT_FALSE(results[2]);
  EXPECT_EQ(results[2].error().message, server_.Url("/missing") + ": HTTP 404");
  EXPECT_TRUE(results[3] && results[3]->body == "body of /c");
  EXPECT_TRUE(results[4] && results[4]->body == "body of /d");
  EXPECT_EQ(dones, (std::vector<std::size_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(indexes.size(), 5u);
  EXPECT_GE(server_.max_concurrent(), 2);  // they really overlapped
}

TEST_F(CurlFetcherTest, PerHostLimitIsRespected) {
  HttpResponse slow = HttpResponse::Text("ok");
  slow.delay = 300ms;
  server_.Route("/slow", slow);
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 6; ++i) requests.push_back({.url = server_.Url("/slow?i=" + std::to_string(i))});

  FetchOptions options = Options();
  options.per_host_limit = 2;
  auto results = CurlFetcher(options).FetchAll(requests);
  for (const auto& result : results) EXPECT_TRUE(result) << result.error().message;
  EXPECT_EQ(server_.RequestsTo("/slow").size(), 6u);
  EXPECT_EQ(server_.max_concurrent(), 2);
}

TEST_F(CurlFetcherTest, PerHostDelaySpacesRequests) {
  server_.Route("/p", HttpResponse::Text("ok"));
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 3; ++i) requests.push_back({.url = server_.Url("/p?i=" + std::to_string(i))});
  FetchOptions options = Options();
  options.per_host_delay_ms = 200;

  auto results = CurlFetcher(options).FetchAll(requests);
  for (const auto& result : results) EXPECT_TRUE(result) << result.error().message;
  auto seen = server_.RequestsTo("/p");
  ASSERT_EQ(seen.size(), 3u);
  for (std::size_t i = 1; i < seen.size(); ++i) {
    // Starts are 200 ms apart; arrival can be a little closer (connection set-up).
    EXPECT_GE(seen[i].received - seen[i - 1].received, 150ms) << i;
  }
}

TEST_F(CurlFetcherTest, RequestSchemeOtherThanHttpIsRefused) {
  server_.Route("/ok", HttpResponse::Text("fine"));
  std::vector<FetchRequest> requests = {
      {.url = "ftp://127.0.0.1/file"},
      {.url = "file:///etc/passwd"},
      {.url = "not a url"},
      {.url = server_.Url("/ok")},
  };
  auto results = CurlFetcher(Options()).FetchAll(requests);
  ASSERT_EQ(results.size(), 4u);
  ASSERT_FALSE(results[0]);
  EXPECT_EQ(results[0].error().code, ErrorCode::kForbidden);
  EXPECT_EQ(results[0].error().message,
            "ftp://127.0.0.1/file: scheme ftp refused (only http and https)");
  ASSERT_FALSE(results[1]);
  EXPECT_EQ(results[1].error().code, ErrorCode::kForbidden);
  ASSERT_FALSE(results[2]);
  EXPECT_EQ(results[2].error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(results[3]) << results[3].error().message;
  EXPECT_EQ(results[3]->body, "fine");
  EXPECT_EQ(server_.Requests().size(), 1u);
}

TEST_F(CurlFetcherTest, RefusedConnectionIsNetworkError) {
  std::string url;
  {
    HttpServer gone;
    url = gone.Url("/x");
  }  // closed: nothing listens on that port any more
  auto result = CurlFetcher(Options()).Fetch({.url = url});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kNetwork);
  EXPECT_EQ(result.error().message.rfind(url + ": ", 0), 0u) << result.error().message;
  EXPECT_TRUE(IsTransient(result.error()));
}

TEST_F(CurlFetcherTest, ConnectTimeoutIsTimeoutError) {
  // A loopback listener that never accepts, its accept queue filled: further
  // SYNs are dropped, so the connect hangs until the limit.
  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 0), 0);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    ASSERT_GE(fd, 0);
    [[maybe_unused]] int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    fillers.push_back(fd);
  }
  ::usleep(50 * 1000);
  FetchOptions options = Options();
  options.connect_timeout_ms = 300;
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/";
  auto result = CurlFetcher(options).Fetch({.url = url});
  for (int fd : fillers) ::close(fd);
  ::close(listener);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kTimeout);
  EXPECT_EQ(result.error().message, url + ": connect timed out after 300 ms");
}

TEST(FakeFetcherTest, ServesCannedResultsAndRecordsRequests) {
  test::FakeFetcher fake;
  fake.Set("https://example.org/feed", FetchResponse{.body = "<rss/>"});
  fake.SetError("https://example.org/gone", Error{ErrorCode::kHttp, "https://example.org/gone: HTTP 410"});
  auto results = fake.FetchAll({{.url = "https://example.org/feed", .etag = "\"e\""},
                                {.url = "https://example.org/gone"},
                                {.url = "https://example.org/unknown"}});
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0]);
  EXPECT_EQ(results[0]->status, 200);
  EXPECT_EQ(results[0]->final_url, "https://example.org/feed");
  EXPECT_EQ(results[0]->body, "<rss/>");
  ASSERT_FALSE(results[1]);
  EXPECT_EQ(HttpStatusOf(results[1].error()), 410);
  ASSERT_FALSE(results[2]);
  EXPECT_EQ(results[2].error().code, ErrorCode::kNetwork);
  ASSERT_EQ(fake.requests().size(), 3u);
  EXPECT_EQ(fake.requests()[0].etag, "\"e\"");
}

}  // namespace
}  // namespace corroborate::ingest
