// The per-document caps of ingest/limits.h: each parser refuses input over
// its cap before parsing it, with a message that names the limit.
#include "ingest/limits.h"

#include <gtest/gtest.h>

#include <string>

#include "ingest/feeds/feed.h"
#include "ingest/html/article.h"
#include "ingest/measure/import.h"

namespace corroborate::ingest {
namespace {

// `head` + padding + `tail`, `size` bytes in all: a valid input of its kind
// but for its size.
std::string Padded(const std::string& head, const std::string& tail, size_t size, char pad = ' ') {
  std::string out = head;
  out.append(size - head.size() - tail.size(), pad);
  return out + tail;
}

TEST(InputLimits, EachKindHasItsCapAndPhrase) {
  struct Case {
    InputKind kind;
    size_t limit;
    const char* phrase;
  };
  const Case cases[] = {{InputKind::kHtmlPage, kMaxHtmlPageBytes, "one HTML page"},
                        {InputKind::kFeed, kMaxFeedBytes, "one feed"},
                        {InputKind::kOpml, kMaxOpmlBytes, "one OPML file"},
                        {InputKind::kJson, kMaxJsonBytes, "one JSON document"},
                        {InputKind::kText, kMaxTextBytes, "one text document"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.phrase);
    EXPECT_EQ(InputLimit(c.kind), c.limit);
    EXPECT_EQ(c.limit, size_t{64} << 20);
    EXPECT_TRUE(CheckInputSize(c.kind, c.limit));
    auto over = CheckInputSize(c.kind, c.limit + 1);
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, ErrorCode::kTooLarge);
    EXPECT_EQ(over.error().message,
              "67108865 bytes exceeds the 64 MB limit for " + std::string(c.phrase));
    auto far = CheckInputSize(c.kind, size_t{70} << 20);
    ASSERT_FALSE(far);
    EXPECT_EQ(far.error().message, "70 MB exceeds the 64 MB limit for " + std::string(c.phrase));
  }
}

TEST(InputLimits, SizesReadAsWritten) {
  EXPECT_EQ(FormatSize(512), "512 bytes");
  EXPECT_EQ(FormatSize(size_t{8} << 20), "8 MB");
  EXPECT_EQ(FormatSize((size_t{70} << 20) + (size_t{3} << 20) / 10), "70.3 MB");
  EXPECT_EQ(FormatSize(size_t{4'000'000'000}), "3.7 GB");
}

TEST(InputLimits, HtmlPageOverItsCapIsRefusedBeforeParsing) {
  const std::string page = Padded("<html><body><p>Power failed in Springfield.",
                                  "</p></body></html>", kMaxHtmlPageBytes + 1);
  auto article = ExtractArticle(page, ArticleOptions{});
  ASSERT_FALSE(article);
  EXPECT_EQ(article.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(article.error().message, "67108865 bytes exceeds the 64 MB limit for one HTML page");
}

TEST(InputLimits, FeedsOverTheirCapAreRefusedBeforeParsing) {
  const std::string rss = Padded("<rss version=\"2.0\"><channel><title>t</title>",
                                 "</channel></rss>", kMaxFeedBytes + 1);
  const std::string json = Padded(
      "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []", "}", kMaxFeedBytes + 1);
  for (const std::string* bytes : {&rss, &json}) {
    auto feed = ParseFeed(*bytes);
    ASSERT_FALSE(feed);
    EXPECT_EQ(feed.error().code, ErrorCode::kTooLarge);
    EXPECT_EQ(feed.error().message, "67108865 bytes exceeds the 64 MB limit for one feed");
  }
  const std::string opml =
      Padded("<opml version=\"2.0\"><body><outline xmlUrl=\"https://e.org/f\"/>", "</body></opml>",
             kMaxOpmlBytes + 1);
  auto outlines = ParseOpml(opml);
  ASSERT_FALSE(outlines);
  EXPECT_EQ(outlines.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(outlines.error().message, "67108865 bytes exceeds the 64 MB limit for one OPML file");
}

TEST(InputLimits, MeasurementJsonOverItsCapIsRefusedBeforeParsing) {
  const std::string ioda = Padded("{\"data\": [", "]}", kMaxJsonBytes + 1);
  const std::string radar = Padded("{\"result\": {\"annotations\": [", "]}}", kMaxJsonBytes + 1);
  auto a = ImportIoda(ioda, "signals.json", 1700000000);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(a.error().message,
            "signals.json: 67108865 bytes exceeds the 64 MB limit for one JSON document");
  auto b = ImportRadar(radar, "radar.json", 1700000000);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().message,
            "radar.json: 67108865 bytes exceeds the 64 MB limit for one JSON document");
}

}  // namespace
}  // namespace corroborate::ingest
