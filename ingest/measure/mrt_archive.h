// MRT files from the RIPE RIS and RouteViews archives: which files cover a
// time range, downloading them (concurrently through the Fetcher, resumed
// with Range after a cut, kept in a cache directory so a complete file is
// never downloaded twice), and streaming them into the BGP series and
// windows of the requested targets (BuildMrtSeries).
//
// Archive layouts (checked against the archives' documentation and
// crawlers):
//   RIS         {base}/rrcNN/YYYY.MM/updates.YYYYMMDD.HHMM.gz   every 5 minutes
//               {base}/rrcNN/YYYY.MM/bview.YYYYMMDD.HHMM.gz     every 8 hours (00, 08, 16)
//   RouteViews  {base}/bgpdata/YYYY.MM/UPDATES/updates.YYYYMMDD.HHMM.bz2   every 15 minutes
//               {base}/bgpdata/YYYY.MM/RIBS/rib.YYYYMMDD.HHMM.bz2         every 2 hours
//               route-views2 is the root bgpdata/; every other collector is
//               {base}/NAME/bgpdata/... (route-views.sg, route-views3, ...).
// A name is the start of the interval the file covers, in UTC. Older files
// do not follow the grid: RIS files of 2002 and of early 2007 hold 15
// minutes of updates starting at odd minutes (updates.20020722.2238,
// updates.20070211.0141) and bviews were dumped at odd times
// (bview.20020722.2337); RouteViews rotates files from when its daemon
// started. For ranges before kMrtGridSince the fetcher therefore reads the
// month directory's listing instead of predicting names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "ingest/fetch/fetcher.h"
#include "ingest/measure/bgp_series.h"
#include "ingest/measure/fetch.h"
#include "ingest/measure/mrt_series.h"

namespace corroborate::ingest {

enum class MrtProject { kRis, kRouteViews };
enum class MrtFileKind { kRib, kUpdates };

struct MrtCollector {
  MrtProject project = MrtProject::kRis;
  std::string name;  // "rrc00", "route-views2", "route-views.sg", ...
};

// "rrc00" (RIS), "route-views2", "route-views.NAME", "route-viewsN" and
// other RouteViews collector names (anything with "route-views" or a
// "routeviews:" prefix); "ris:NAME" forces RIS. kInvalidArgument naming the
// text for an empty name or one with '/', whitespace or "..".
[[nodiscard]] Result<MrtCollector> ParseMrtCollector(std::string_view text);

// 2008-01-01: from then on both archives' names are on their grids.
inline constexpr Instant kMrtGridSince = 1199145600;

// Update-file and RIB intervals of a project's grid, in seconds.
Instant MrtUpdatesInterval(MrtProject project);  // RIS 300, RouteViews 900
Instant MrtRibInterval(MrtProject project);      // RIS 28800, RouteViews 7200

struct MrtFileRef {
  MrtCollector collector;
  MrtFileKind kind = MrtFileKind::kUpdates;
  Instant time = 0;  // the time in its name
  std::string url;
  std::string cache_name;  // path below the cache directory, e.g.
                           // "ris/rrc00/2016.08/updates.20160811.1600.gz"
};

// The file of `collector` named for `time` (which must be on its grid for
// the file to exist).
[[nodiscard]] MrtFileRef MrtFileAt(const MrtCollector& collector, const std::string& base_url,
                                   MrtFileKind kind, Instant time);

// The files the grid predicts for [from, until): every update file whose
// interval overlaps the range, in time order, after the RIB at or before
// `from` when `with_rib`.
[[nodiscard]] std::vector<MrtFileRef> PlanMrtFiles(const MrtCollector& collector,
                                                   const std::string& base_url, Instant from,
                                                   Instant until, bool with_rib);

// URLs of the month directories that list `collector`'s files of `kind`
// for the months from `from` to `until`.
[[nodiscard]] std::vector<std::string> MrtListingUrls(const MrtCollector& collector,
                                                      const std::string& base_url, MrtFileKind kind,
                                                      Instant from, Instant until);

// The archive files an HTML directory listing of `directory_url` links to
// (href values whose last segment is the project's RIB or updates name).
[[nodiscard]] std::vector<MrtFileRef> ParseMrtListing(const MrtCollector& collector,
                                                      const std::string& base_url,
                                                      std::string_view html);

// From files listed (any order, any intervals): the update files covering
// [from, until) (the last one starting at or before `from`, and every one
// starting before `until`), and when `with_rib` the last RIB at or before
// `from` (else the first before `until`). Sorted by time, a RIB before
// updates of the same time.
[[nodiscard]] std::vector<MrtFileRef> PickMrtFiles(std::vector<MrtFileRef> listed, Instant from,
                                                   Instant until, bool with_rib);

enum class MrtFileState {
  kCached,      // complete in the cache already: no request made
  kDownloaded,  // downloaded (perhaps resumed) and checked
  kMissing,     // the archive has no such file (404/410): a gap in the data, not a failure
  kFailed,      // could not be had; `error` says why
};

const char* MrtFileStateName(MrtFileState state);  // "cached", "downloaded", "missing", "failed"

struct MrtFileOutcome {
  MrtFileRef file;
  MrtFileState state = MrtFileState::kFailed;
  std::string path;            // the complete file in the cache (kCached, kDownloaded)
  std::uint64_t bytes = 0;     // its size
  int requests = 0;            // requests made for it in this call
  std::optional<Error> error;  // kFailed; kMissing keeps the 404
};

struct MrtDownloadOptions {
  std::string cache_dir;                    // required
  int max_attempts = 3;                     // requests per file (a cut transfer resumes)
  std::size_t max_file_bytes = 4ull << 30;  // a RIB dump is some hundreds of MB
  long file_timeout_ms = 30 * 60 * 1000;
};

// Gets every file into the cache: a complete file there is used as is; a
// partial one ("NAME.part", left by a cut transfer, perhaps of an earlier
// run) is continued with Range; the rest are downloaded, all in one
// FetchAll per round so the Fetcher's concurrency and per-host limits
// apply. A transfer that fails transiently (network, timeout, 5xx, 429)
// is tried again in the next round, up to `max_attempts` requests. A
// downloaded file becomes complete (renamed from .part) only after it
// decompresses to its end; a file that does not is deleted and downloaded
// again from the start. Outcomes are in the order of `files`; every request
// is appended to `fetched`. Fails only when the cache directory cannot be
// made.
[[nodiscard]] Result<std::vector<MrtFileOutcome>> DownloadMrtFiles(
    Fetcher& fetcher, const std::vector<MrtFileRef>& files, const MrtDownloadOptions& options,
    Instant now, std::vector<FetchedFrom>& fetched);

// Reads a compressed (or plain) file to its end; an error naming it when
// it is truncated or corrupt.
[[nodiscard]] Status CheckCompressedFile(const std::string& path);

enum class MrtPlanMode { kAuto, kGrid, kListing };  // kAuto: listing before kMrtGridSince

struct MrtFetchRequest {
  std::vector<MrtCollector> collectors;
  Instant from = 0;
  Instant until = 0;
  bool with_rib = true;  // start from the RIB at or before `from`
  std::vector<BgpTarget> targets;
  Instant step = 300;  // series bin
  MrtPlanMode plan = MrtPlanMode::kAuto;
  MrtDownloadOptions download;
};

struct MrtFetchResult {
  std::vector<MrtFileOutcome> files;  // per collector in request order, each in time order
  std::vector<FetchedFrom> fetched;   // every request: listings and files
  MrtSeriesResult bgp;                // series and windows of the targets, from the files had
  std::vector<std::string> warnings;  // listings that failed, files missing or failed
  std::size_t missing() const;
  std::size_t failed() const;
};

// Plans (grid or listing), downloads, then streams each collector's files
// (in time order; collectors merged by record time, vantage points told
// apart by collector) into the targets' series, and runs `detect`. Missing
// files are gaps; failed files are left out and named in `warnings`.
// kInvalidArgument for no collectors, no targets, an empty range or no
// cache directory; kNotFound when not one file of the range could be had.
[[nodiscard]] Result<MrtFetchResult> FetchMrtSeries(
    Fetcher& fetcher, const MeasureServices& services, const MrtFetchRequest& request,
    const WindowDetector& detect, Instant now, const std::function<void(const std::string&)>& warn);

}  // namespace corroborate::ingest
