// libFuzzer target: article extraction over arbitrary bytes (any charset,
// broken markup, hostile nesting). Must never crash, leak or hang; the
// result, when there is one, must be valid UTF-8, and the same as when every
// Readability retry round runs (ArticleOptions::every_round).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/text.h"
#include "ingest/html/article.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  corroborate::ingest::ArticleOptions options;
  // Let the first byte pick an HTTP charset sometimes, so the decoders get exercised too.
  if (size > 0 && (data[0] & 3) == 1) options.charset = "windows-1252";
  if (size > 0 && (data[0] & 3) == 2) options.charset = "text/html; charset=shift_jis";
  options.url = "https://example.org/2014/12/22/page";
  auto article = corroborate::ingest::ExtractArticle(bytes, options);
  if (article) {
    if (!corroborate::IsValidUtf8(article->text) || !corroborate::IsValidUtf8(article->title)) std::abort();
    for (const auto& c : article->comments) {
      if (!corroborate::IsValidUtf8(c.text) || !corroborate::IsValidUtf8(c.author)) std::abort();
    }
    auto docs = corroborate::ingest::ArticleDocuments(*article, options.url, bytes);
    if (docs.empty()) std::abort();
  }
  // Skipping a retry round whose rule did nothing must not change the result.
  options.every_round = true;
  auto every = corroborate::ingest::ExtractArticle(bytes, options);
  if (article.has_value() != every.has_value()) std::abort();
  if (article && (article->text != every->text || article->byline != every->byline)) std::abort();
  return 0;
}
