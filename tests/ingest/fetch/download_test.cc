// CurlFetcher's downloads to a file (resumed with Range) and POST requests,
// against a real HTTP server on 127.0.0.1.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "ingest/fetch/fetcher.h"
#include "tests/support/fake_fetcher.h"
#include "tests/support/http_server.h"

namespace corroborate::ingest {
namespace {

using test::HttpRequest;
using test::HttpResponse;
using test::HttpServer;

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteAll(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// 64 KiB of bytes no two 256-byte blocks of which are alike.
std::string Payload() {
  std::string bytes;
  for (int i = 0; i < 65536; ++i) bytes.push_back(static_cast<char>((i * 7 + i / 256) & 0xff));
  return bytes;
}

class DownloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("corroborate_download_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static FetchOptions Options() {
    FetchOptions options;
    options.connect_timeout_ms = 1000;
    options.total_timeout_ms = 3000;
    options.per_host_delay_ms = 0;
    options.max_body_bytes = 1 << 20;
    return options;
  }

  FetchRequest Download(const std::string& path, bool resume) {
    FetchRequest request;
    request.url = server_.Url(path);
    request.output_path = (dir_ / "file.part").string();
    request.resume = resume;
    return request;
  }

  HttpServer server_;
  std::filesystem::path dir_;
  const std::string payload_ = Payload();
};

TEST_F(DownloadTest, WritesTheRawBodyToTheFile) {
  server_.Handle("/updates.gz", [&](const HttpRequest& r) { return test::ServeFile(r, payload_); });
  auto result = CurlFetcher(Options()).Fetch(Download("/updates.gz", true));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->status, 200);
  EXPECT_TRUE(result->body.empty());
  EXPECT_EQ(result->file_size, payload_.size());
  EXPECT_EQ(result->total_size, payload_.size());
  EXPECT_EQ(result->resumed_from, 0u);
  EXPECT_EQ(ReadAll(dir_ / "file.part"), payload_);
  auto requests = server_.RequestsTo("/updates.gz");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_FALSE(requests[0].Header("Range"));            // nothing held yet
  EXPECT_FALSE(requests[0].Header("Accept-Encoding"));  // a .gz must arrive as stored
}

TEST_F(DownloadTest, GzipEncodedResponseIsStoredUndecoded) {
  // A server that (wrongly) labels a stored file gzip-encoded: the bytes on
  // disk must be what was sent, so offsets for a later Range stay true.
  server_.Handle("/x", [&](const HttpRequest&) {
    HttpResponse response = HttpResponse::Text("plain text", "text/plain");
    response.gzip = true;
    return response;
  });
  auto result = CurlFetcher(Options()).Fetch(Download("/x", false));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(ReadAll(dir_ / "file.part"), test::Gzip("plain text"));
}

TEST_F(DownloadTest, ResumesAPartialFileWithRange) {
  WriteAll(dir_ / "file.part", std::string_view(payload_).substr(0, 10000));
  server_.Handle("/updates.gz", [&](const HttpRequest& r) { return test::ServeFile(r, payload_); });
  auto result = CurlFetcher(Options()).Fetch(Download("/updates.gz", true));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->status, 206);
  EXPECT_EQ(result->resumed_from, 10000u);
  EXPECT_EQ(result->file_size, payload_.size());
  EXPECT_EQ(result->total_size, payload_.size());
  EXPECT_EQ(ReadAll(dir_ / "file.part"), payload_);
  auto requests = server_.RequestsTo("/updates.gz");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].Header("Range"), "bytes=10000-");
}

TEST_F(DownloadTest, WithoutResumeAPartialFileIsRewritten) {
  WriteAll(dir_ / "file.part", "stale bytes");
  server_.Handle("/f", [&](const HttpRequest& r) { return test::ServeFile(r, payload_); });
  auto result = CurlFetcher(Options()).Fetch(Download("/f", false));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(ReadAll(dir_ / "file.part"), payload_);
  EXPECT_FALSE(server_.RequestsTo("/f")[0].Header("Range"));
}

TEST_F(DownloadTest, A200ToARangeRequestRestartsTheFile) {
  WriteAll(dir_ / "file.part", std::string_view(payload_).substr(0, 5000));
  // This server ignores Range: the whole file again, with 200.
  server_.Route("/f", HttpResponse::Text(payload_, "application/octet-stream"));
  auto result = CurlFetcher(Options()).Fetch(Download("/f", true));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->resumed_from, 0u);
  EXPECT_EQ(ReadAll(dir_ / "file.part"), payload_);  // not 5000 bytes too many
  EXPECT_EQ(server_.RequestsTo("/f")[0].Header("Range"), "bytes=5000-");
}

TEST_F(DownloadTest, ACutConnectionKeepsTheBytesAndTheNextRequestContinues) {
  int calls = 0;
  server_.Handle("/rib.bz2", [&](const HttpRequest& r) {
    HttpResponse response = test::ServeFile(r, payload_);
    if (++calls == 1) response.truncate_at = 40000;  // the connection drops mid-body
    return response;
  });
  CurlFetcher fetcher(Options());
  auto first = fetcher.Fetch(Download("/rib.bz2", true));
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().code, ErrorCode::kNetwork) << first.error().message;
  EXPECT_TRUE(IsTransient(first.error()));
  EXPECT_EQ(ReadAll(dir_ / "file.part"), payload_.substr(0, 40000));

  auto second = fetcher.Fetch(Download("/rib.bz2", true));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->status, 206);
  EXPECT_EQ(second->resumed_from, 40000u);
  EXPECT_EQ(ReadAll(dir_ / "file.part"), payload_);
  auto requests = server_.RequestsTo("/rib.bz2");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].Header("Range"), "bytes=40000-");
}

TEST_F(DownloadTest, A206ThatStartsElsewhereIsRefusedAndTheFileKept) {
  WriteAll(dir_ / "file.part", std::string_view(payload_).substr(0, 100));
  server_.Handle("/f", [&](const HttpRequest&) {
    HttpResponse response;
    response.status = 206;
    response.headers.emplace_back("Content-Range", "bytes 0-99/65536");
    response.body = payload_.substr(0, 100);
    return response;
  });
  auto result = CurlFetcher(Options()).Fetch(Download("/f", true));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kHttp);
  EXPECT_NE(result.error().message.find("bytes from 100"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(ReadAll(dir_ / "file.part"), payload_.substr(0, 100));
}

TEST_F(DownloadTest, A416ForACompleteFileIsSuccess) {
  WriteAll(dir_ / "file.part", payload_);
  server_.Handle("/f", [&](const HttpRequest& r) { return test::ServeFile(r, payload_); });
  auto result = CurlFetcher(Options()).Fetch(Download("/f", true));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->status, 416);
  EXPECT_EQ(result->file_size, payload_.size());
  EXPECT_EQ(ReadAll(dir_ / "file.part"), payload_);
}

TEST_F(DownloadTest, A416ForAFileLongerThanTheServersIsAnError) {
  WriteAll(dir_ / "file.part", payload_ + "extra");
  server_.Handle("/f", [&](const HttpRequest& r) { return test::ServeFile(r, payload_); });
  auto result = CurlFetcher(Options()).Fetch(Download("/f", true));
  ASSERT_FALSE(result);
  EXPECT_EQ(HttpStatusOf(result.error()), 416);
}

TEST_F(DownloadTest, NotFoundWritesNoFile) {
  auto result = CurlFetcher(Options()).Fetch(Download("/missing.gz", true));
  ASSERT_FALSE(result);
  EXPECT_EQ(HttpStatusOf(result.error()), 404);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "file.part"));
}

TEST_F(DownloadTest, PerRequestCapOverridesTheOptions) {
  server_.Handle("/f", [&](const HttpRequest& r) { return test::ServeFile(r, payload_); });
  FetchRequest small = Download("/f", false);
  small.max_bytes = 1000;
  auto refused = CurlFetcher(Options()).Fetch(small);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kTooLarge);

  FetchOptions tight = Options();
  tight.max_body_bytes = 1000;  // the in-memory cap...
  FetchRequest large = Download("/f", false);
  large.max_bytes = 1 << 20;  // ...does not bind a download given its own
  auto accepted = CurlFetcher(tight).Fetch(large);
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->file_size, payload_.size());
}

TEST_F(DownloadTest, UnwritableOutputIsAnIoError) {
  server_.Handle("/f", [&](const HttpRequest& r) { return test::ServeFile(r, payload_); });
  FetchRequest request = Download("/f", false);
  request.output_path = (dir_ / "no-such-dir" / "file").string();
  auto result = CurlFetcher(Options()).Fetch(request);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kIo);
  EXPECT_NE(result.error().message.find("no-such-dir"), std::string::npos);
}

TEST(FetchPostTest, SendsBodyAndHeaders) {
  HttpServer server;
  server.Route("/hook", HttpResponse::Text("{\"ok\":true}", "application/json"));
  FetchRequest request;
  request.url = server.Url("/hook");
  request.method = "POST";
  request.body = std::string(5000, 'x') + "{\"kind\":\"new-incident\"}";
  request.headers = {"Content-Type: application/json", "Authorization: Bearer t0k\r\nX-Evil: 1"};
  FetchOptions options;
  options.per_host_delay_ms = 0;
  auto result = CurlFetcher(options).Fetch(request);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "{\"ok\":true}");
  auto requests = server.RequestsTo("/hook");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].body, request.body);
  EXPECT_EQ(requests[0].Header("Content-Type"), "application/json");
  EXPECT_EQ(requests[0].Header("Authorization"), "Bearer t0kX-Evil: 1");  // no header smuggled in
  EXPECT_FALSE(requests[0].Header("X-Evil"));
  EXPECT_FALSE(requests[0].Header("Expect"));
}

TEST(FetchPostTest, OtherMethodsAreRefused) {
  FetchRequest request;
  request.url = "http://127.0.0.1:9/x";
  request.method = "DELETE";
  auto result = CurlFetcher().Fetch(request);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

TEST(FakeFetcherDownloadTest, WritesTheCannedBodyToTheFile) {
  auto path = std::filesystem::temp_directory_path() /
              ("corroborate_fake_dl_" + std::to_string(::getpid()));
  test::FakeFetcher fake;
  fake.Set("https://example.org/a.gz", FetchResponse{.body = "abc"});
  FetchRequest request;
  request.url = "https://example.org/a.gz";
  request.output_path = path.string();
  auto result = fake.Fetch(request);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->file_size, 3u);
  EXPECT_TRUE(result->body.empty());
  EXPECT_EQ(ReadAll(path), "abc");
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace corroborate::ingest
