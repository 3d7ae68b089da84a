// Measurements fetched from the services that publish them, as use cases:
// IODA signals and events, Cloudflare Radar outage annotations, and MRT
// files of the RIPE RIS and RouteViews archives streamed into BGP series,
// each stored with its provenance (the endpoint or archive URL on every
// row, the time fetched as its import time). `corroborate measure fetch`
// and the watch loop call them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "ingest/fetch/fetcher.h"
#include "ingest/measure/fetch.h"
#include "ingest/measure/mrt_archive.h"
#include "pipeline/database.h"
#include "pipeline/notice.h"

namespace corroborate::pipeline {

struct MeasureFetchSummary {
  std::vector<ingest::FetchedFrom> fetched;  // every request made, in order
  int failed = 0;                            // requests or files that failed (told as notices)
  int series_added = 0, windows_added = 0, unchanged = 0, replaced = 0;
  std::size_t windows_detected = 0;  // on the stored series after the fetch
  // MRT archives: files by outcome.
  std::size_t files_cached = 0, files_downloaded = 0, files_missing = 0;
};

// IODA's raw signals and its outage events (CODF) for `query`, stored; then
// windows are detected on the entity's stored series. A failing request is
// an error notice naming its URL, counted in `failed`, and the other goes
// on. Fails only when the store fails.
[[nodiscard]] Result<MeasureFetchSummary> FetchIoda(store::Database& db, ingest::Fetcher& fetcher,
                                                    Clock& clock,
                                                    const ingest::MeasureServices& services,
                                                    const ingest::IodaQuery& query,
                                                    const NoticeSink& notices);

// Radar's outage annotations for `query`, stored. kInvalidArgument without
// services.radar_token or for an entity Radar cannot be asked about; a
// failing request is an error notice counted in `failed`; fails otherwise
// only when the store fails.
[[nodiscard]] Result<MeasureFetchSummary> FetchRadar(store::Database& db, ingest::Fetcher& fetcher,
                                                     Clock& clock,
                                                     const ingest::MeasureServices& services,
                                                     const ingest::RadarQuery& query,
                                                     const NoticeSink& notices);

// The MRT files of `request` downloaded (into request.download.cache_dir)
// and streamed into each target's BGP series, whose detected windows
// replace the target's earlier detected ones. Missing files are warnings
// (gaps), failed files errors; fails as ingest::FetchMrtSeries does (no
// file at all could be had, a bad request) and when the store fails.
[[nodiscard]] Result<MeasureFetchSummary> FetchMrtArchive(store::Database& db,
                                                          ingest::Fetcher& fetcher, Clock& clock,
                                                          const ingest::MeasureServices& services,
                                                          const ingest::MrtFetchRequest& request,
                                                          const NoticeSink& notices);

}  // namespace corroborate::pipeline
