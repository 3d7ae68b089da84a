// Ingest as a use case: local files to stored documents, then the extractor
// over what is new.
//
// Each file's type is told by ingest::DetectInputType and its bytes become
// documents by ingest::ParseInput. A measurement file (CSV windows, MRT,
// IODA or Radar JSON) fails, naming `measure import`; a feed without
// entries is a warning, not a failure. A sidecar FILE.json or FILE.meta.json
// ({title, author, published, url, kind, language, date_precision}) states the file's own
// facts and wins; the settings' published time and kind are defaults for
// files that do not state them. A sidecar named among the files next to its
// file is not ingested itself. A text file's URL is file://ABSOLUTE-PATH (or
// the sidecar's url), its identity like any URL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/document.h"
#include "core/error.h"
#include "core/time.h"
#include "pipeline/database.h"
#include "pipeline/extract_stored.h"
#include "pipeline/notice.h"

namespace corroborate::pipeline {

// An ISO 8601 publication time: `what` names it in the error ("--published",
// "FILE: published"); a time of day needs a UTC offset (kInvalidArgument).
[[nodiscard]] Result<ParsedTime> ParsePublishedTime(std::string_view value, std::string_view what);

struct IngestSettings {
  std::optional<ParsedTime> published;         // for documents that state none
  DocumentKind kind = DocumentKind::kArticle;  // of plain-text documents
  std::int64_t source_id = 0;                  // 0: none
  unsigned jobs = 1;                           // threads reading and parsing files
};

// What InsertDocuments did with a batch.
struct StoreCounts {
  int added = 0;       // new originals
  int unchanged = 0;   // already stored
  int duplicates = 0;  // new copies of stored text
};

struct IngestResult {
  std::size_t files = 0;                // files ingested (sidecars of others left out)
  int failed = 0;                       // files that could not be read or parsed
  std::optional<ErrorCode> first_code;  // of the first failed file
  std::size_t documents = 0;            // parsed, offered to the store
  StoreCounts stored;
  std::size_t refused = 0;  // documents the store refused (named in the notices)
  // The extractor's run over the new documents (when any were offered).
  Result<ExtractCounts> extracted = ExtractCounts{};
};

// Reads and parses `paths` on settings.jobs threads, stores their documents
// in one transaction, then extracts. Per file: warnings, and the error that
// made it fail, go to `notices` in the order of `paths`; then one error per
// document the store refused ("FILE: document K (URL) not stored: WHY").
// Fails only when the store fails as a whole (nothing of the batch stored).
[[nodiscard]] Result<IngestResult> IngestFiles(store::Database& db,
                                               const std::vector<std::string>& paths,
                                               const IngestSettings& settings, Clock& clock,
                                               const NoticeSink& notices);

}  // namespace corroborate::pipeline
