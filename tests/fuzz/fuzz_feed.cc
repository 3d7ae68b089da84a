// libFuzzer target: feed bytes through ParseFeed (and OPML), and dates.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/dates.h"
#include "ingest/feeds/feed.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto feed = corroborate::ingest::ParseFeed(bytes, {"https://example.org/feed/", ""});
  if (feed) {
    (void)corroborate::ingest::FeedToJson(*feed);
    (void)corroborate::ingest::FeedToDocuments(*feed);
  }
  (void)corroborate::ingest::ParseOpml(bytes);
  if (size < 256) (void)corroborate::ingest::ParseDate(bytes);
  return 0;
}
