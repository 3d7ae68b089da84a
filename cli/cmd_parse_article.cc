// `corroborate parse article FILE...`: extracts each page's article and
// prints one JSON object per line (path, text, title, byline, published,
// modified, language, canonical, site_name, comments). A file that cannot be
// read or parsed gets one error line on stderr; the others are still printed
// and the command fails at the end. Files are parsed on --jobs threads; the
// lines keep the order of the files.
#include <fmt/core.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "ingest/input.h"
#include "cli/output.h"
#include "core/file.h"
#include "core/parallel.h"
#include "core/time.h"
#include "ingest/html/article.h"

namespace corroborate::cli {
namespace {

struct ParseArticleOptions {
  std::vector<std::string> files;
  std::string url;
  std::string charset;
};

nlohmann::json TimeOrNull(const std::optional<Instant>& t) {
  return t ? nlohmann::json(FormatRfc3339(*t)) : nlohmann::json(nullptr);
}

// One file's line of output, or its error.
Result<std::string> ParseOne(const std::string& path, const ParseArticleOptions& opts) {
  if (Status fits = ingest::CheckFileSize(path, ingest::InputKind::kHtmlPage); !fits) {
    return std::unexpected(fits.error());
  }
  Result<std::string> bytes = ReadFile(path);
  if (!bytes) return std::unexpected(bytes.error());
  ingest::ArticleOptions options;
  options.url = opts.url;
  options.charset = opts.charset;
  Result<ingest::Article> article = ingest::ExtractArticle(*bytes, options);
  if (!article) return std::unexpected(WithContext(article.error(), path));
  nlohmann::json comments = nlohmann::json::array();
  for (const ingest::Comment& c : article->comments) {
    comments.push_back({{"author", c.author}, {"published", TimeOrNull(c.published)}, {"text", c.text}});
  }
  nlohmann::json out = {
      {"path", path},
      {"title", article->title},
      {"byline", article->byline},
      {"published", TimeOrNull(article->published)},
      {"modified", TimeOrNull(article->modified)},
      {"language", article->language},
      {"canonical", article->canonical_url},
      {"site_name", article->site_name},
      {"text", article->text},
      {"comments", std::move(comments)},
  };
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Files are parsed on `jobs` threads; lines come out in the order of the files.
Status RunParseArticle(const ParseArticleOptions& opts, unsigned jobs) {
  int failures = 0;
  Status output;  // the first failed write to standard output ends the command
  std::atomic<bool> stopped = false;
  OrderedParallelFor<Result<std::string>>(
      opts.files.size(), DefaultJobs(jobs),
      [&](size_t i) -> Result<std::string> {
        if (stopped) return std::string();
        return ParseOne(opts.files[i], opts);
      },
      [&](size_t, Result<std::string> line) {
        if (!output) return;
        if (!line) {
          output = FlushStdout();
          ReportError(line.error());
          ++failures;
        } else {
          output = Print("{}\n", *line);
        }
        if (!output) stopped = true;
      });
  if (!output) return output;
  if (failures > 0) {
    return Fail(ErrorCode::kParse, fmt::format("parse article: {} of {} files failed", failures, opts.files.size()));
  }
  return {};
}

}  // namespace

void RegisterParseArticle(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<ParseArticleOptions>();
  CLI::App* parse = Group(app, "parse", "Inspect what the parsers make of files (JSON Lines)");
  CLI::App* sub = parse->add_subcommand("article", "Extract the article from HTML pages, one JSON object per line");
  sub->add_option("files", opts->files, "HTML files")->required();
  sub->add_option("--url", opts->url, "Page URL (resolves relative links, dates in the path)");
  sub->add_option("--charset", opts->charset, "Charset from the HTTP Content-Type");
  sub->callback([opts, &ctx] { ctx.run = [opts, &ctx] { return RunParseArticle(*opts, ctx.global.jobs); }; });
}

}  // namespace corroborate::cli
