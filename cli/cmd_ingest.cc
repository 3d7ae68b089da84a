// `corroborate ingest FILE...`: parses local files into documents and stores
// them, all in one transaction. Files are read and parsed on --jobs threads;
// warnings, errors and documents are taken in the order of the command line.
//
// pipeline::IngestFiles does the work: each file's type is told by
// ingest::DetectInputType (a measurement file, refused with a hint to use
// `measure import`; else by extension, then the first bytes) and its
// bytes become documents by ingest::ParseInput.
//
// Plain text: the content must be UTF-8 (else a per-file error: UTF-16 and
// UTF-32 are named, other bytes get the offset of the first bad one; we
// refuse rather than guess an encoding);
// title = first non-empty line; url = file://ABSOLUTE-PATH (or the sidecar's
// url), which is the document's identity like any URL: re-ingesting the same
// file adds nothing, the same text under another path is stored as a
// duplicate of the first.
//
// Metadata precedence: a sidecar FILE.json or FILE.meta.json
// ({title, author, published, url, kind, language, date_precision}) states the file's own
// facts and wins; the flags --published/--kind are defaults for files that
// do not state them. A sidecar named on the command line next to its file is
// not ingested itself.
//
// A document the store refuses is named (file and place in it) and left
// out; the rest of the batch is stored and the exit status is 1.
#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/source_flags.h"
#include "core/clock.h"
#include "core/parallel.h"
#include "pipeline/database.h"
#include "pipeline/ingest_files.h"

namespace corroborate::cli {
namespace {

struct IngestOptions {
  std::vector<std::string> files;
  std::string published;  // --published, ISO 8601
  std::string kind;       // --kind for plain text, default article
  std::string source;     // --source URL (registered)
};

// The flags as ingest settings; kInvalidArgument naming a bad flag.
Result<pipeline::IngestSettings> Settings(const Context& ctx, const IngestOptions& opts) {
  pipeline::IngestSettings settings;
  settings.jobs = DefaultJobs(ctx.global.jobs);
  if (!opts.published.empty()) {
    auto t = pipeline::ParsePublishedTime(opts.published, "--published");
    if (!t) return std::unexpected(t.error());
    settings.published = *t;
  }
  if (!opts.kind.empty()) {
    auto kind = DocumentKindFromName(opts.kind);
    if (!kind) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("--kind {}: expected article, post or comment", opts.kind));
    }
    settings.kind = *kind;
  }
  return settings;
}

// The exit status: 1 when a file failed or a document was refused.
Status Outcome(const pipeline::IngestResult& r, Status output) {
  if (r.failed) {
    if (!output) ReportError(output.error());
    ErrorCode code = r.first_code.value_or(ErrorCode::kParse);
    if (code == ErrorCode::kInvalidArgument) code = ErrorCode::kParse;
    return Fail(code, fmt::format("ingest: {} of {} file{} could not be ingested{}", r.failed,
                                  r.files, r.files == 1 ? "" : "s",
                                  r.refused ? fmt::format(", {} document{} not stored", r.refused,
                                                          r.refused == 1 ? "" : "s")
                                            : ""));
  }
  if (r.refused) {
    if (!output) ReportError(output.error());
    return Fail(ErrorCode::kStore, fmt::format("ingest: {} document{} not stored", r.refused,
                                               r.refused == 1 ? "" : "s"));
  }
  return output;
}

Status RunIngest(const Context& ctx, const IngestOptions& opts) {
  auto settings = Settings(ctx, opts);
  if (!settings) return std::unexpected(settings.error());
  auto db = pipeline::OpenDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  if (!opts.source.empty()) {
    auto source = SourceFromFlag(**db, opts.source);
    if (!source) return std::unexpected(source.error());
    settings->source_id = source->id;
  }
  SystemClock clock;
  auto r = pipeline::IngestFiles(**db, opts.files, *settings, clock, PrintNotices(ctx));
  if (!r) return std::unexpected(r.error());
  Status output;  // the first failed write to standard output
  if (r->documents) {
    const pipeline::StoreCounts& s = r->stored;
    output = Print(
        "stored {} new document{}, {} already present, {} duplicate{} of stored text{}\n", s.added,
        s.added == 1 ? "" : "s", s.unchanged, s.duplicates, s.duplicates == 1 ? "" : "s",
        r->refused ? fmt::format(", {} not stored", r->refused) : "");
    if (!r->extracted) return std::unexpected(r->extracted.error());
    const pipeline::ExtractCounts& x = *r->extracted;
    if (x.documents && output) {
      output = Print("extracted {} timexes and {} claims from {} document{}\n", x.timexes, x.claims,
                     x.documents, x.documents == 1 ? "" : "s");
    }
  } else if (!r->failed) {
    output = WriteStdout("nothing to store\n");
  }
  return Outcome(*r, output);
}

}  // namespace

void RegisterIngest(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<IngestOptions>();
  CLI::App* sub =
      app.add_subcommand("ingest",
                         "Store local files as documents (plain text; a FILE.json sidecar may give "
                         "title, author, published, date_precision, url, kind, language)");
  sub->add_option("files", opts->files, "Files to ingest")->required();
  sub->add_option("--published", opts->published,
                  "Publication time for files that do not state one (ISO 8601, e.g. "
                  "2014-12-22T21:00-05:00)");
  sub->add_option("--kind", opts->kind,
                  "Kind of plain-text documents: article (default), post, comment");
  sub->add_option("--source", opts->source,
                  "Attribute the documents to this registered source URL");
  sub->callback([&ctx, opts] { ctx.run = [&ctx, opts] { return RunIngest(ctx, *opts); }; });
}

}  // namespace corroborate::cli
