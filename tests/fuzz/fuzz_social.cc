// libFuzzer target: Mastodon / Bluesky JSON, the HTML-to-text helper and
// the timeline URL mapping on arbitrary bytes. Nothing may crash or leak.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/html/fragment_text.h"
#include "ingest/social/posts.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace corroborate::ingest;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> warnings;
  (void)DetectSocialJson(input);
  (void)ParseMastodon(input, "https://social.example/api/v1/timelines/tag/x", &warnings);
  (void)ParseBluesky(input, &warnings);
  (void)ParseSocialPosts(input, "", nullptr);
  (void)AccountStatusesUrl("social.example", input);
  if (size < 4096) {
    (void)TimelineApiUrl(input);
    (void)html::HtmlFragmentToText(input);
  }
  return 0;
}
