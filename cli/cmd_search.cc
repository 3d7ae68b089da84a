// `corroborate search QUERY`: full-text search (FTS5 syntax) over the stored
// documents' titles and texts, best match first.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/numeric_flags.h"
#include "cli/output.h"
#include "core/text.h"
#include "pipeline/database.h"
#include "pipeline/sources.h"

namespace corroborate::cli {
namespace {

struct SearchOptions {
  std::string query;
  int limit = 20;
  bool json = false;
  double timeout = pipeline::SearchLimits{}.max_seconds;
};

Status RunSearch(const Context& ctx, const SearchOptions& opts) {
  auto db = pipeline::OpenExistingDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  pipeline::SearchLimits limits;
  limits.max_seconds = opts.timeout;
  auto found = pipeline::Search(**db, opts.query, opts.limit, limits);
  if (!found) return std::unexpected(found.error());
  if (!found->not_fts5.empty()) {
    ReportWarning(ctx, fmt::format("search query {} is not FTS5 syntax ({}); searched for its "
                                   "words: {}",
                                   QuoteForMessage(opts.query), found->not_fts5,
                                   ClipForMessage(found->words)));
  }
  const std::vector<pipeline::SearchHit>* hits = &found->hits;
  if (opts.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const pipeline::SearchHit& h : *hits) {
      out.push_back({{"id", h.id},
                     {"title", h.title},
                     {"url", h.url},
                     {"published", h.published ? nlohmann::json(FormatRfc3339(*h.published))
                                               : nlohmann::json(nullptr)},
                     {"snippet", h.snippet},
                     {"rank", h.rank}});
    }
    return Print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  if (hits->empty()) {
    ReportWarning(ctx, fmt::format("no documents match {}", QuoteForMessage(opts.query)));
    return {};
  }
  std::string listing;
  for (const pipeline::SearchHit& h : *hits) {
    std::string snippet = h.snippet;
    for (char& c : snippet) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    listing += fmt::format("{:>6}  {:<20}  {}\n        {}\n", h.id,
                           h.published ? FormatRfc3339(*h.published) : "-",
                           h.title.empty() ? "(untitled)" : h.title, snippet);
  }
  return WriteStdout(listing);
}

}  // namespace

void RegisterSearch(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<SearchOptions>();
  CLI::App* sub =
      app.add_subcommand("search",
                         "Full-text search over stored documents (FTS5 syntax: words, \"phrases\", "
                         "AND/OR/NOT, prefix*)");
  sub->add_option("query", opts->query, "Search query")->required();
  sub->add_option("--limit", opts->limit, "At most this many hits (default 20)")
      ->check(WholeNumber(1, 1000000));
  sub->add_flag("--json", opts->json, "JSON array of {id, title, url, published, snippet, rank}");
  sub->add_option(
         "--timeout", opts->timeout,
         fmt::format("Stop a search that runs longer than this many seconds (default {:g})",
                     pipeline::SearchLimits{}.max_seconds))
      ->check(PositiveNumber(86400));
  sub->footer(fmt::format(
      "A query that is not valid FTS5 syntax (north-korea, AS131279:, an odd quote) is searched "
      "as plain words, each in double quotes, with a warning. "
      "A query may have at most {} terms and {} operators, and its prefix terms (word*) may expand "
      "to at most {} indexed words together.",
      pipeline::SearchLimits{}.max_terms, pipeline::SearchLimits{}.max_operators,
      pipeline::SearchLimits{}.max_prefix_words));
  sub->callback([&ctx, opts] { ctx.run = [&ctx, opts] { return RunSearch(ctx, *opts); }; });
}

}  // namespace corroborate::cli
