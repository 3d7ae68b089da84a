// libFuzzer target: MRT decoding and bgpdump formatting from a memory buffer
// (plain, or gzip/bzip2 when the bytes start with their magic).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "ingest/measure/mrt.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace corroborate::measure;
  MrtOptions options;
  options.on_warning = [](const std::string&) {};
  auto reader = MrtReader::FromMemory(std::span<const uint8_t>(data, size), options);
  MrtRecord record;
  std::string text;
  for (int i = 0; i < 100000; ++i) {
    auto more = reader->Next(record);
    if (!more || !*more) break;
    FormatBgpdump(record, text);
    if (text.size() > (1 << 20)) text.clear();
  }
  return 0;
}
