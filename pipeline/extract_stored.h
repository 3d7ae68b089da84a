// Runs the extractor (timexes, then claims) over stored documents and
// stores its output: after ingest and a fetch cycle on the new documents,
// and on every document for `corroborate reextract`.
#pragma once

#include "core/clock.h"
#include "core/error.h"
#include "pipeline/database.h"

namespace corroborate::pipeline {

// Version of the extractor's output; raise it when extraction changes so
// `reextract` (without --all) knows which documents are stale.
inline constexpr int kExtractorVersion = 3;

struct ExtractCounts {
  int documents = 0;
  int timexes = 0;
  int claims = 0;
};

// Extracts the documents not yet extracted at kExtractorVersion (all
// documents when `all`), in batches, each batch one transaction, on `jobs`
// threads (1: the calling thread only), saving in id order
// (extract::ExtractDocument; the outlet is the source's title, else its
// host, else the document's host).
[[nodiscard]] Result<ExtractCounts> ExtractStored(store::Database& db, bool all, unsigned jobs,
                                                  Clock& clock);

}  // namespace corroborate::pipeline
