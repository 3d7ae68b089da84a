// Runs the extractor (timexes, then claims) over stored documents and
// stores its output: after ingest and fetch on the new documents, and on
// every document for `corroborate reextract`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace corroborate::cli {

// Version of the extractor's output; raise it when extraction changes so
// `reextract` (without --all) knows which documents are stale.
inline constexpr int kExtractorVersion = 3;

struct ExtractReport {
  int documents = 0;
  int timexes = 0;
  int claims = 0;
};

// Extracts the documents not yet extracted at kExtractorVersion (all
// documents when `all`), in batches, each batch one transaction, on `jobs`
// threads (1: the calling thread only). A claim whose time starts outside
// the plausible times (IsPlausibleTime, with now the time of the run) is
// stored without a time.
[[nodiscard]] Result<ExtractReport> ExtractStored(store::Database& db, bool all, unsigned jobs);

}  // namespace corroborate::cli
