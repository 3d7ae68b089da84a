// The source flags commands share: --reliability and --interval of
// `sources add` and `import-opml`, and --source of `fetch` and `ingest`.
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"
#include "pipeline/database.h"
#include "pipeline/sources.h"

namespace corroborate::cli {

// The longest --interval: a year, in seconds.
inline constexpr std::int64_t kMaxPollInterval = 366 * 86400;

// Sets source.reliability from `reliability` (one letter A..F, any case;
// empty: unchanged) and source.poll_interval from `interval` when
// `interval_given` (must be positive). kInvalidArgument naming the flag.
[[nodiscard]] Status ApplySourceFlags(const std::string& reliability, bool interval_given,
                                      std::int64_t interval, pipeline::SourceSettings& source);

// The registered source the --source flag names by its URL; an error naming
// the flag (with the store's error code) when there is none.
[[nodiscard]] Result<Source> SourceFromFlag(store::Database& db, const std::string& url);

}  // namespace corroborate::cli
