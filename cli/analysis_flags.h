// The flags every analysis command shares (events, rank, timeline, check, brief).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "core/error.h"
#include "core/time.h"
#include "pipeline/analyse.h"

namespace corroborate::cli {

// Adds --alias, --taxonomy, --incident and --entity to `cmd`.
void AddAnalysisFlags(CLI::App* cmd, pipeline::AnalysisOptions& options);

// The instant of a --since value: an ISO 8601 date (midnight UTC) or time
// with a UTC offset ("2014-12-22", "2014-12-22T21:00-05:00");
// kInvalidArgument naming `flag` otherwise.
[[nodiscard]] Result<Instant> ParseTimeFlag(const std::string& flag, const std::string& value);

}  // namespace corroborate::cli
