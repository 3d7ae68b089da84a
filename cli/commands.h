// Registration functions of every subcommand, called by main().
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace corroborate::cli {

void RegisterVersion(CLI::App& app, Context& ctx);
void RegisterMeasure(CLI::App& app, Context& ctx);
void RegisterParseFeed(CLI::App& app, Context& ctx);
void RegisterReports(CLI::App& app, Context& ctx);
void RegisterDemo(CLI::App& app, Context& ctx);
void RegisterParseMrt(CLI::App& app, Context& ctx);
void RegisterParsePosts(CLI::App& app, Context& ctx);
void RegisterExtractTimex(CLI::App& app, Context& ctx);
void RegisterExtractClaims(CLI::App& app, Context& ctx);
void RegisterExtractAttributions(CLI::App& app, Context& ctx);
void RegisterParseArticle(CLI::App& app, Context& ctx);
void RegisterSources(CLI::App& app, Context& ctx);
void RegisterIngest(CLI::App& app, Context& ctx);
void RegisterSearch(CLI::App& app, Context& ctx);
void RegisterFetch(CLI::App& app, Context& ctx);
void RegisterImportOpml(CLI::App& app, Context& ctx);
void RegisterData(CLI::App& app, Context& ctx);

}  // namespace corroborate::cli
