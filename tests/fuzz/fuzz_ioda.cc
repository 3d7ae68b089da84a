// Fuzzes the IODA API v2 importer (signals, events, alerts) and the format
// sniffer on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/measure/import.h"
#include "tests/fuzz/import_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)corroborate::ingest::DetectMeasureFormat(bytes, "fuzz.json");
  corroborate::fuzz::CheckImport(
      corroborate::ingest::ImportIoda(bytes, "fuzz.json", corroborate::fuzz::kNow));
  return 0;
}
