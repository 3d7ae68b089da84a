// `corroborate parse feed FILE...`: one gofeed-style JSON object per file.
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "ingest/input.h"
#include "cli/output.h"
#include "core/file.h"
#include "ingest/feeds/feed.h"

namespace corroborate::cli {
namespace {

struct ParseFeedOptions {
  std::vector<std::string> files;
  std::string url;
  std::string charset;
};

Status RunParseFeed(const ParseFeedOptions& opts) {
  // Every bad file gets one error line; the last one is returned so main()
  // prints it and sets the exit status.
  std::optional<Error> pending;
  ingest::FeedOptions feed_options{opts.url, opts.charset};
  for (const std::string& path : opts.files) {
    Status fits = ingest::CheckFileSize(path, ingest::InputKind::kFeed);
    auto bytes = fits ? ReadFile(path) : Result<std::string>(std::unexpected(fits.error()));
    Result<ingest::Feed> feed = bytes ? ingest::ParseFeed(*bytes, feed_options)
                                      : Result<ingest::Feed>(std::unexpected(bytes.error()));
    if (!feed) {
      if (pending) ReportError(*pending);
      pending = bytes ? WithContext(feed.error(), path) : feed.error();
      continue;
    }
    std::string line = ingest::FeedToJson(*feed, path);
    line += '\n';
    if (Status written = WriteStdout(line); !written) {
      if (pending) ReportError(*pending);
      return written;
    }
  }
  if (pending) return std::unexpected(*pending);
  return {};
}

}  // namespace

void RegisterParseFeed(CLI::App& app, Context& ctx) {
  CLI::App* parse = Group(app, "parse", "Inspect what a parser makes of a file (JSON Lines)");
  auto opts = std::make_shared<ParseFeedOptions>();
  CLI::App* sub = parse->add_subcommand(
      "feed", "Parse RSS/Atom/JSON Feed/CDF files; print one gofeed-style JSON object per file");
  sub->add_option("files", opts->files, "Feed files")->required();
  sub->add_option("--url", opts->url, "URL the feed came from (base for relative links)");
  sub->add_option("--charset", opts->charset, "Charset from the HTTP Content-Type (overrides the document)");
  sub->callback([&ctx, opts] { ctx.run = [opts] { return RunParseFeed(*opts); }; });
}

}  // namespace corroborate::cli
