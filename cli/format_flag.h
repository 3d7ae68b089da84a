// The one --format flag of the commands that print structured output, with
// --json kept as its alias.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace corroborate::cli {

// Adds `--format NAME` (one of `formats`, the first the default; a usage
// error otherwise) and, when "json" is among them, `--json` for
// `--format json` (the two exclude each other).
void AddFormatFlag(CLI::App* cmd, std::string& format, const std::vector<std::string>& formats,
                   const std::string& help);

}  // namespace corroborate::cli
