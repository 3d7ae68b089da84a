// `corroborate parse posts FILE...`: Mastodon or Bluesky API JSON to JSON
// Lines, one object per post, for inspection.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "ingest/input.h"
#include "cli/output.h"
#include "core/document.h"
#include "core/file.h"
#include "core/time.h"
#include "ingest/social/posts.h"

namespace corroborate::cli {

namespace {

struct ParsePostsOptions {
  std::vector<std::string> files;
  std::string source_url;
};

std::string PostJson(const Document& doc) {
  nlohmann::ordered_json out = {
      {"kind", DocumentKindName(doc.kind)},
      {"url", doc.url},
      {"guid", doc.guid},
      {"author", doc.author},
      {"published", doc.published ? nlohmann::ordered_json(FormatRfc3339(*doc.published)) : nlohmann::ordered_json()},
      {"language", doc.language},
      {"text", doc.text},
      {"reply_to", doc.parent_url},
      {"quote_of", doc.quote_of},
  };
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Status RunParsePosts(const ParsePostsOptions& opts, const Context& ctx) {
  std::optional<Error> failure;
  for (const std::string& path : opts.files) {
    Result<std::vector<Document>> docs = [&]() -> Result<std::vector<Document>> {
      if (Status fits = ingest::CheckFileSize(path, ingest::InputKind::kJson); !fits) {
        return std::unexpected(fits.error());
      }
      Result<std::string> json = ReadFile(path);
      if (!json) return std::unexpected(json.error());
      std::vector<std::string> warnings;
      auto parsed = ingest::ParseSocialPosts(*json, opts.source_url, &warnings);
      for (const std::string& w : warnings) ReportWarning(ctx, path + ": " + w);
      if (!parsed) return std::unexpected(WithContext(parsed.error(), path));
      return parsed;
    }();
    if (!docs) {
      // One line per bad file: earlier ones here, the last by main().
      if (failure) ReportError(*failure);
      failure = docs.error();
      continue;
    }
    for (const Document& doc : *docs) {
      if (Status written = Print("{}\n", PostJson(doc)); !written) {
        if (failure) ReportError(*failure);
        return written;
      }
    }
  }
  if (failure) return std::unexpected(*failure);
  return {};
}

}  // namespace

void RegisterParsePosts(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<ParsePostsOptions>();
  CLI::App* parse = Group(app, "parse", "Parse inputs and print what was found (JSON Lines)");
  CLI::App* sub = parse->add_subcommand(
      "posts", "Mastodon or Bluesky API JSON: one JSON object per post "
               "(kind, url, guid, author, published, language, text, reply_to, quote_of)");
  sub->add_option("files", opts->files, "JSON files saved from the Mastodon or Bluesky API")
      ->required();
  sub->add_option("--source-url", opts->source_url,
                  "URL the Mastodon JSON was fetched from (host of mastodon:<host>:<id> references)");
  sub->callback([opts, &ctx] {
    ctx.run = [opts, &ctx]() -> Status { return RunParsePosts(*opts, ctx); };
  });
}

}  // namespace corroborate::cli
