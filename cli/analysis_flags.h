// The flags every analysis command shares (events, rank, timeline, check, brief).
#pragma once

#include <CLI/CLI.hpp>

#include "pipeline/analyse.h"

namespace corroborate::cli {

// Adds --alias, --taxonomy, --incident and --entity to `cmd`.
void AddAnalysisFlags(CLI::App* cmd, pipeline::AnalysisOptions& options);

}  // namespace corroborate::cli
