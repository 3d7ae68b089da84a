// Feeds the route events of MRT files into BgpSeriesBuilders, and turns MRT
// files into the BGP series and detected windows of one or more targets.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/measure.h"
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
[[nodiscard]] Result<MrtFeedReport> FeedMrtFile(
    const std::string& path, BgpSeriesBuilder& builder,
    const std::function<void(const std::string&)>& warn);

// The files of one collector (or any files meant to be read one after the
// other), in time order: a RIB dump first, then the update files.
struct MrtStream {
  // Told apart from other streams' peers by this name: the vantage point of
  // a route is "NAME|peer address" ("" = the peer address alone).
  std::string name;
  std::vector<std::string> paths;
};

// What reading one file gave; `counts.matched` counts events that matched
// any target.
struct MrtFileRead {
  std::string path;
  MrtFeedReport counts;
  std::optional<Error> error;  // the file ended early or could not be opened
};

// Turns the series of one target into windows (correlate's
// DetectSeriesWindows in the program; a parameter so this module need not
// see correlate).
using WindowDetector = std::function<std::vector<OutageWindow>(const std::vector<Series>&)>;

struct MrtTargetSummary {
  std::string entity;
  std::uint64_t updates = 0;  // route events that matched it
  int peers = 0;              // vantage points that carried it
  std::size_t windows = 0;    // windows detected for it
};

struct MrtSeriesResult {
  std::vector<Series> series;         // the six BGP series of each target, targets in order
  std::vector<OutageWindow> windows;  // detected per target, routing evidence merged into each
  std::vector<MrtFileRead> files;     // in the order they were opened
  std::vector<MrtTargetSummary> targets;
  std::uint64_t records = 0, malformed = 0, events = 0, matched = 0;
  bool failed() const;  // some file could not be read to its end
};

// Reads every stream's files, the streams' records merged in time order
// (each stream's files one after the other, so one file per stream is open
// at a time), and feeds each route event to a BgpSeriesBuilder per target
// (bins of `step` seconds, series provenance `provenance`). Then runs
// `detect` on each target's series (none when `detect` is empty) and
// merges the builder's routing evidence into each window's. A file that
// cannot be opened or ends early is recorded in `files` with its error and
// the stream goes on with its next file; malformed records are skipped and
// reported through `warn`.
[[nodiscard]] MrtSeriesResult BuildMrtSeries(const std::vector<MrtStream>& streams,
                                             const std::vector<BgpTarget>& targets, Instant step,
                                             const std::string& provenance,
                                             const WindowDetector& detect,
                                             const std::function<void(const std::string&)>& warn);

}  // namespace corroborate::ingest
