// libFuzzer target: ExtractTimexes on arbitrary bytes must not crash, and
// every timex must lie inside the input with its text equal to that span.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "correlate/extract/timex.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // The first bytes choose the DCT, so resolution is exercised around many dates.
  corroborate::extract::TimexContext ctx;
  if (size >= 4) ctx.dct = static_cast<corroborate::Instant>(data[0] | data[1] << 8 | data[2] << 16) * 3600 - 10LL * 365 * 86400;
  ctx.utc_offset = size >= 5 ? (static_cast<int>(data[4]) - 128) * 450 : 0;
  for (const corroborate::Timex& t : corroborate::extract::ExtractTimexes(text, ctx)) {
    if (t.begin > t.end || t.end > size || text.substr(t.begin, t.end - t.begin) != t.text) std::abort();
    if (t.value.empty()) std::abort();
    (void)corroborate::extract::TimexValueInterval(t.value, t.utc_offset);
    (void)corroborate::extract::TimexDurationSeconds(t.value);
  }
  (void)corroborate::extract::ParseDct(text);
  return 0;
}
