// The bundled example (examples/nk-2014) through the whole pipeline into a
// database: sources with their grades, the feed, the pages with their
// comments, the posts, extraction, the published windows, SYNTHETIC routing
// data and its detected windows, then the report. `corroborate demo` runs
// it on the files embedded in the binary; tests run it on the folder.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "pipeline/analyse.h"
#include "pipeline/database.h"
#include "pipeline/extract_stored.h"
#include "pipeline/ingest_files.h"
#include "pipeline/notice.h"

namespace corroborate::pipeline {

// The example's files, by role (name, bytes).
struct ExampleFiles {
  std::string_view sources_tsv;  // URL, kind, reliability, title per line
  std::string_view feed_xml;
  std::vector<std::pair<std::string, std::string_view>> pages;  // HTML pages, named
  std::vector<std::pair<std::string, std::string_view>> posts;  // Mastodon / Bluesky JSON
  std::string_view routing_scenario;                            // for the SYNTHETIC MRT file
};

struct ExampleRun {
  std::size_t sources = 0;
  StoreCounts stored;
  ExtractCounts extracted;
  std::string mrt_path;  // the SYNTHETIC MRT file written
  std::uint64_t mrt_records = 0;
  IncidentReport analysis;  // of country:KP, with asn:131279 as an alias
  double analysis_ms = 0;   // the analysis alone, once the data was stored
};

// Runs the example into `db` (which should be empty). Pages are stored
// under `input_dir`/NAME, where the caller has written them;
// `input_dir`/windows.csv must hold the published windows; the SYNTHETIC
// MRT file is written there. Import notices go to `notices`. Any failure
// ends the run (kStore naming a document the store refused).
[[nodiscard]] Result<ExampleRun> RunExample(store::Database& db, const ExampleFiles& files,
                                            const std::string& input_dir, unsigned jobs,
                                            Clock& clock, const NoticeSink& notices);

}  // namespace corroborate::pipeline
