// Fuzzes the synthetic-routing scenario reader (JSON) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/measure/synthetic_mrt.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto scenario = corroborate::ingest::ParseRoutingScenario(bytes, "fuzz.json");
  if (!scenario) {
    if (scenario.error().message.empty()) std::abort();
    return 0;
  }
  // What the reader accepts, the writer relies on.
  if (scenario->prefixes.empty() || scenario->peers < 1 || scenario->peers > 31 ||
      scenario->end <= scenario->start) {
    std::abort();
  }
  for (const auto& phase : scenario->phases) {
    if (phase.end <= phase.start) std::abort();
  }
  return 0;
}
