// Feeds the route events of MRT files into a BgpSeriesBuilder.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/error.h"
#include "ingest/measure/bgp_series.h"

namespace corroborate::ingest {

struct MrtFeedReport {
  std::uint64_t records = 0;
  std::uint64_t malformed = 0;
  std::uint64_t events = 0;
  std::uint64_t matched = 0;  // events about the target
};

// Decodes `path` (plain, gzip or bzip2 MRT) and adds every RIB entry,
// announcement and withdrawal to `builder`. A truncated file fails naming it
// (events before the cut were added); malformed records are skipped, each
// reported through `warn`.
[[nodiscard]] Result<MrtFeedReport> FeedMrtFile(const std::string& path, BgpSeriesBuilder& builder,
                                               const std::function<void(const std::string&)>& warn);

}  // namespace corroborate::ingest
