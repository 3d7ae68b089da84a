// libFuzzer target: the attribution extractor (tokens, quotation pairing,
// cue and role models, the rules and speaker resolution) on arbitrary bytes
// must not crash, and every span must be non-empty and inside the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "correlate/extract/attributions.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto inside = [&](const corroborate::extract::ByteSpan& s) { return s.begin < s.end && s.end <= size; };
  for (const auto& a : corroborate::extract::ExtractAttributions(text)) {
    if (a.content.empty()) std::abort();
    for (const auto& c : a.content) {
      if (!inside(c)) std::abort();
    }
    if ((a.source && !inside(*a.source)) || (a.cue && !inside(*a.cue))) std::abort();
  }
  return 0;
}
