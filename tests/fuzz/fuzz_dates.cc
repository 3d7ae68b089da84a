// Fuzzes core date and entity parsing: ParseIso8601 (with a round trip
// through FormatRfc3339 for four-digit years) and NormalizeEntity (whose
// output must be a fixed point).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/measure.h"
#include "core/time.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto parsed = corroborate::ParseIso8601(text)) {
    std::string formatted = corroborate::FormatRfc3339(parsed->instant);
    bool four_digit_year = formatted.size() > 4 && formatted[0] >= '0' && formatted[0] <= '9' && formatted[4] == '-';
    if (four_digit_year) {
      auto again = corroborate::ParseIso8601(formatted);
      if (!again || again->instant != parsed->instant) std::abort();
    }
  }
  std::string entity = corroborate::NormalizeEntity(text);
  if (!entity.empty() && corroborate::NormalizeEntity(entity) != entity) std::abort();
  return 0;
}
