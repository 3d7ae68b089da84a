// Registration functions of every subcommand, called by main().
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "render/report.h"

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
void RegisterWatch(CLI::App& app, Context& ctx);
void RegisterClaims(CLI::App& app, Context& ctx);

// Writes brief.md, brief.svg and brief.html (and stix.json, marked and
// attributed as `stix_options` say) into `dir`, creating it: all of them, or
// on failure none (see ReplaceFiles).
[[nodiscard]] Status WriteBrief(const render::Report& report, const std::string& dir, bool stix,
                                const render::StixOptions& stix_options = {});

}  // namespace corroborate::cli
