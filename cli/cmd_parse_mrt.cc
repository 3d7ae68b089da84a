// `corroborate parse mrt --format bgpdump FILE...`: decodes MRT routing data
// (plain, gzip or bzip2) and prints it the way `bgpdump -m` does, down to
// where bgpdump stops reading a file (an empty record).
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/output.h"
#include "ingest/measure/mrt.h"

namespace corroborate::cli {

namespace {

struct ParseMrtOptions {
  std::vector<std::string> files;
  std::string format = "bgpdump";
};

constexpr int kMaxWarningsPerFile = 10;

Status RunParseMrt(const ParseMrtOptions& options, const Context& ctx) {
  std::string out;
  out.reserve(1 << 21);
  auto flush = [&out]() -> Status {
    Status written = WriteStdout(out);
    out.clear();
    return written;
  };
  int failed = 0;
  for (const std::string& file : options.files) {
    int warnings = 0;
    measure::MrtOptions mrt_options;
    mrt_options.as_path_text = false;  // the formatter writes it directly
    mrt_options.on_warning = [&](const std::string& message) {
      if (++warnings <= kMaxWarningsPerFile) ReportWarning(ctx, file + ": " + message);
    };
    auto reader = measure::MrtReader::Open(file, mrt_options);
    if (!reader) {
      ReportError(reader.error());
      ++failed;
      continue;
    }
    measure::MrtRecord record;
    while (true) {
      auto more = (*reader)->Next(record);
      if (!more) {
        if (Status st = flush(); !st) return st;
        ReportError(more.error());
        ++failed;
        break;
      }
      if (!*more) break;
      if (measure::BgpdumpStopsAt(record)) {
        ReportWarning(ctx, file + ": empty MRT record at offset " + std::to_string(record.offset) +
                               "; bgpdump -m stops reading there, and so does this output");
        break;
      }
      measure::FormatBgpdump(record, out);
      if (out.size() >= (1 << 20)) {
        if (Status st = flush(); !st) return st;
      }
    }
    if (Status st = flush(); !st) return st;
    const measure::MrtCounters& counters = (*reader)->counters();
    if (counters.malformed > 0) {
      ReportWarning(ctx, file + ": " + std::to_string(counters.malformed) +
                             " malformed MRT record(s) skipped");
    }
    if (counters.damaged > 0) {
      ReportWarning(ctx, file + ": " + std::to_string(counters.damaged) +
                             " damaged MRT record(s) read as far as they go");
    }
  }
  if (failed > 0) {
    return Fail(ErrorCode::kParse, "parse mrt: " + std::to_string(failed) + " of " +
                                       std::to_string(options.files.size()) + " file(s) failed");
  }
  return {};
}

}  // namespace

void RegisterParseMrt(CLI::App& app, Context& ctx) {
  CLI::App* parse = Group(app, "parse", "Decode an input and print it (for checking importers)");
  auto options = std::make_shared<ParseMrtOptions>();
  CLI::App* sub =
      parse->add_subcommand("mrt", "Decode MRT routing data (RFC 6396; plain, gzip or bzip2)");
  sub->add_option("--format", options->format, "Output form: bgpdump (the lines of `bgpdump -m`)")
      ->check(CLI::IsMember({"bgpdump"}));
  sub->add_option("files", options->files, "MRT files")->required();
  sub->callback([options, &ctx] {
    ctx.run = [options, &ctx]() -> Status { return RunParseMrt(*options, ctx); };
  });
}

}  // namespace corroborate::cli
