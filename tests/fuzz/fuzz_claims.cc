// libFuzzer target: the whole extractor (timexes, then claims with their
// sentences, quotes, entities and certainty cues) on arbitrary bytes must not
// crash, and every claim's sentence must lie inside the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "correlate/extract/claims.h"
#include "correlate/extract/timex.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  corroborate::extract::TimexContext ctx;
  ctx.dct = 1419264000;  // 2014-12-22T16:00:00Z
  const auto timexes = corroborate::extract::ExtractTimexes(text, ctx);
  corroborate::extract::ClaimOptions options;
  options.dct = ctx.dct;
  for (const corroborate::Claim& c : corroborate::extract::ExtractClaims(text, timexes, options)) {
    if (c.sentence_begin > c.sentence_end || c.sentence_end > size) std::abort();
  }
  return 0;
}
