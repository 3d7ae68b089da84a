// Registration functions of every subcommand, called by main().
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace corroborate::cli {

void RegisterVersion(CLI::App& app, Context& ctx);
void RegisterParseArticle(CLI::App& app, Context& ctx);

}  // namespace corroborate::cli
