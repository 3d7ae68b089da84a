// The test server itself: routing, request records, shutdown, gzip helpers.
#include "tests/support/http_server.h"

#include <gtest/gtest.h>

#include "ingest/fetch/fetcher.h"

namespace corroborate::test {
namespace {

using namespace std::chrono_literals;

ingest::FetchOptions QuickOptions() {
  ingest::FetchOptions options;
  options.per_host_delay_ms = 0;
  options.total_timeout_ms = 2000;
  return options;
}

TEST(HttpServerTest, ListensOnLoopbackAndRecordsRequests) {
  HttpServer server;
  EXPECT_NE(server.port(), 0);
  EXPECT_EQ(server.Url("/x").rfind("http://127.0.0.1:", 0), 0u);
  server.Handle("/echo", [](const HttpRequest& request) {
    return HttpResponse::Text(request.target + " " + request.Header("X-Test").value_or("-"));
  });
  ingest::CurlFetcher fetcher(QuickOptions());
  auto echo = fetcher.Fetch({.url = server.Url("/echo?q=1")});
  ASSERT_TRUE(echo) << echo.error().message;
  EXPECT_EQ(echo->body, "/echo?q=1 -");
  auto unrouted = fetcher.Fetch({.url = server.Url("/nowhere")});
  ASSERT_FALSE(unrouted);
  EXPECT_EQ(ingest::HttpStatusOf(unrouted.error()), 404);

  auto requests = server.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].path, "/echo");
  EXPECT_EQ(requests[0].target, "/echo?q=1");
  EXPECT_EQ(requests[1].path, "/nowhere");
  EXPECT_EQ(server.RequestsTo("/echo").size(), 1u);
  EXPECT_TRUE(requests[0].Header("host"));  // case-insensitive lookup
}

TEST(HttpServerTest, ShutsDownWhileAResponseIsDelayed) {
  auto server = std::make_unique<HttpServer>();
  HttpResponse stuck = HttpResponse::Text("late");
  stuck.delay = 60s;
  server->Route("/stuck", stuck);
  ingest::FetchOptions options = QuickOptions();
  options.total_timeout_ms = 200;
  auto result = ingest::CurlFetcher(options).Fetch({.url = server->Url("/stuck")});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kTimeout);
  auto start = std::chrono::steady_clock::now();
  server.reset();  // must not wait out the 60 s delay
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(HttpServerTest, GzipHelpersProduceGzipStreams) {
  std::string small = Gzip("hello");
  ASSERT_GE(small.size(), 18u);
  EXPECT_EQ(static_cast<unsigned char>(small[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(small[1]), 0x8b);
  std::string bomb = GzipRepeated('\0', 10u << 20);
  EXPECT_EQ(static_cast<unsigned char>(bomb[0]), 0x1f);
  EXPECT_LT(bomb.size(), 20u << 10);  // deflate's best ratio is about 1000:1
  // The gzip trailer ends with the input size mod 2^32, little-endian.
  const auto* tail = reinterpret_cast<const unsigned char*>(bomb.data() + bomb.size() - 4);
  std::uint32_t isize = tail[0] | (tail[1] << 8) | (tail[2] << 16) | (std::uint32_t{tail[3]} << 24);
  EXPECT_EQ(isize, 10u << 20);
}

}  // namespace
}  // namespace corroborate::test
