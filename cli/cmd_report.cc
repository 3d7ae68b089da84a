// `corroborate events | rank | timeline | check | brief`: the correlator's
// outputs over what is stored.
#include <fmt/core.h>

#include <filesystem>
#include <memory>

#include "cli/analysis_flags.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "core/clock.h"
#include "core/text.h"
#include "pipeline/analyse.h"
#include "pipeline/database.h"
#include "render/escape.h"
#include "render/report.h"

namespace corroborate::cli {

namespace {

struct ReportOptions {
  pipeline::AnalysisOptions analysis;
  std::string format = "text";
  std::string out = ".";
  bool stix = false;
  bool all = false;
  std::string tlp = "amber";
  std::string review_url;
  std::string out_dir;                 // check: write one file per ClaimReview here
  std::vector<std::string> publisher;  // name, then optionally its URL
  std::string since;                   // events: ISO 8601
};

// --publisher NAME [URL]: the organisation that publishes the outputs.
void AddPublisherFlag(CLI::App* cmd, ReportOptions& o, const char* help) {
  cmd->add_option("--publisher", o.publisher, help)->expected(1, 2);
}

Status CheckPublisher(const ReportOptions& o) {
  if (o.publisher.size() == 2 && !render::LinkUrl(o.publisher[1])) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("--publisher {}: not an absolute http or https URL", o.publisher[1]));
  }
  if (!o.publisher.empty() && CollapseWhitespace(o.publisher[0]).empty()) {
    return Fail(ErrorCode::kInvalidArgument, "--publisher: the name is empty");
  }
  return {};
}

Status CheckFormat(const std::string& format, std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* a : allowed) {
    if (format == a) return {};
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("--format {}: want one of {}", format, list));
}

// The report of the selected incident.
Result<render::Report> Prepare(const ReportOptions& o, const Context& ctx) {
  auto db = pipeline::OpenExistingDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  SystemClock clock;
  auto analysis = pipeline::AnalyseIncident(**db, o.analysis, clock);
  if (!analysis) return std::unexpected(analysis.error());
  return std::move(analysis->report);
}

Status RunEvents(const ReportOptions& o, const Context& ctx) {
  if (auto st = CheckFormat(o.format, {"text", "json"}); !st) return st;
  pipeline::AnalysisOptions analysis = o.analysis;
  if (!o.since.empty()) {
    auto since = ParseIso8601(o.since);
    if (!since) {
      return Fail(
          ErrorCode::kInvalidArgument,
          fmt::format("--since {}: want an ISO 8601 time, e.g. 2014-12-22T16:00Z", o.since));
    }
    analysis.since = since->instant;
  }
  auto db = pipeline::OpenExistingDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  auto incidents = pipeline::ListIncidents(**db, analysis);
  if (!incidents) return std::unexpected(incidents.error());
  return WriteStdout(o.format == "json" ? render::EventsJson(*incidents)
                                        : render::EventsText(*incidents));
}

Status RunRank(const ReportOptions& o, const Context& ctx) {
  if (auto st = CheckFormat(o.format, {"text", "json"}); !st) return st;
  auto report = Prepare(o, ctx);
  if (!report) return std::unexpected(report.error());
  return WriteStdout(o.format == "json" ? render::RankJson(report->assessment)
                                        : render::RankText(report->assessment));
}

Status RunTimeline(const ReportOptions& o, const Context& ctx) {
  if (auto st = CheckFormat(o.format, {"text", "json", "timelinejs", "markdown"}); !st) return st;
  auto report = Prepare(o, ctx);
  if (!report) return std::unexpected(report.error());
  auto entries = render::BuildTimeline(*report);
  if (o.format == "json") return WriteStdout(render::TimelineJson(entries));
  if (o.format == "timelinejs")
    return WriteStdout(render::TimelineJs(render::ReportTitle(*report), entries, report->windows));
  if (o.format == "markdown") return WriteStdout(render::TimelineMarkdown(entries));
  return WriteStdout(render::TimelineText(entries));
}

Status RunCheck(const ReportOptions& o, const Context& ctx) {
  if (auto st = CheckFormat(o.format, {"text", "json", "claimreview"}); !st) return st;
  if (o.format == "claimreview") {
    if (!render::LinkUrl(o.review_url)) {
      return Fail(
          ErrorCode::kInvalidArgument,
          o.review_url.empty()
              ? "--format claimreview needs --review-url, the page that publishes the reviews"
              : fmt::format("--review-url {}: not an absolute http or https URL", o.review_url));
    }
    if (auto st = CheckPublisher(o); !st) return st;
  } else if (!o.out_dir.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "--out: only --format claimreview writes files");
  }
  auto report = Prepare(o, ctx);
  if (!report) return std::unexpected(report.error());
  if (o.format == "json") return WriteStdout(render::CheckJson(*report));
  if (o.format == "claimreview") {
    render::ClaimReviewOptions options{o.review_url, o.publisher.empty() ? "" : o.publisher[0],
                                       o.publisher.size() > 1 ? o.publisher[1] : ""};
    if (o.out_dir.empty()) return WriteStdout(render::ClaimReviewJsonLd(*report, options));
    std::vector<OutputFile> files;
    for (auto& d : render::ClaimReviews(*report, options))
      files.push_back({d.file_name, std::move(d.json)});
    std::error_code ec;
    std::filesystem::create_directories(o.out_dir, ec);
    if (ec)
      return Fail(ErrorCode::kIo,
                  fmt::format("{}: cannot create directory: {}", o.out_dir, ec.message()));
    if (auto st = ReplaceFiles(o.out_dir, files); !st) return st;
    if (ctx.global.quiet) return {};
    return Print("wrote {} ClaimReview document{} to {}\n", files.size(),
                 files.size() == 1 ? "" : "s", o.out_dir);
  }
  return WriteStdout(render::CheckText(*report));
}

}  // namespace

Status WriteBrief(const render::Report& report, const std::string& dir, bool stix,
                  const render::StixOptions& stix_options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return Fail(ErrorCode::kIo, fmt::format("{}: cannot create directory: {}", dir, ec.message()));
  std::vector<OutputFile> files{{"brief.md", render::BriefMarkdown(report)},
                                {"brief.svg", render::SignalSvg(report)},
                                {"brief.html", render::BriefHtml(report)}};
  if (stix) files.push_back({"stix.json", render::StixBundle(report, stix_options)});
  return ReplaceFiles(dir, files);
}

namespace {

Status RunBrief(const ReportOptions& o, const Context& ctx) {
  if (auto st = CheckPublisher(o); !st) return st;
  auto report = Prepare(o, ctx);
  if (!report) return std::unexpected(report.error());
  render::StixOptions stix{o.tlp == "none" ? "" : o.tlp, o.publisher.empty() ? "" : o.publisher[0],
                           o.publisher.size() > 1 ? o.publisher[1] : ""};
  if (auto st = WriteBrief(*report, o.out, o.stix, stix); !st) return st;
  if (ctx.global.quiet) return {};
  return Print("wrote {0}/brief.html, {0}/brief.md, {0}/brief.svg{1}\n", o.out,
               o.stix ? fmt::format(", {}/stix.json", o.out) : "");
}

template <class Run>
void Add(CLI::App& app, Context& ctx, const char* name, const char* help, const char* formats,
         Run run, bool brief = false) {
  auto o = std::make_shared<ReportOptions>();
  CLI::App* cmd = app.add_subcommand(name, help);
  AddAnalysisFlags(cmd, o->analysis);
  if (brief) {
    cmd->add_option("-o,--out", o->out,
                    "Directory for brief.html, brief.md, brief.svg (default .)");
    cmd->add_flag("--stix", o->stix, "Also write stix.json, a STIX 2.1 bundle of the assessment");
    cmd->add_option(
           "--tlp", o->tlp,
           "TLP marking of every object in stix.json: white, green, amber (default), red, or none")
        ->check(CLI::IsMember({"white", "green", "amber", "red", "none"}));
    AddPublisherFlag(
        cmd, *o,
        "NAME [URL]: the organisation that produces stix.json (its identity, created_by_ref); "
        "default: corroborate itself, as a system");
  } else {
    cmd->add_option("--format", o->format, formats);
  }
  if (std::string_view(name) == "events") {
    cmd->add_option("--since", o->since,
                    "Only incidents ending at or after this time (ISO 8601, UTC unless it says)");
  }
  if (std::string_view(name) == "check") {
    cmd->add_option("--review-url", o->review_url,
                    "claimreview: the page that publishes the reviews (required); {claim} in it "
                    "becomes the claim id");
    AddPublisherFlag(cmd, *o,
                     "claimreview: NAME [URL] of the organisation that publishes the reviews; "
                     "default: the host of --review-url");
    cmd->add_option("--out", o->out_dir,
                    "claimreview: write one JSON-LD file per review (claimreview-ID.jsonld) here");
  }
  cmd->callback([&ctx, o, run] { ctx.run = [&ctx, o, run] { return run(*o, ctx); }; });
}

}  // namespace

void RegisterReports(CLI::App& app, Context& ctx) {
  Add(app, ctx, "events",
      "List incidents: measured windows, documents and claims clustered by entity and time",
      "text (default) or json", RunEvents);
  Add(app, ctx, "rank",
      "Rank the competing hypotheses of an incident (ACH matrix, likelihood, confidence)",
      "text (default) or json", RunRank);
  Add(app, ctx, "timeline", "Measured and reported events of an incident in time order",
      "text (default), json, timelinejs or markdown", RunTimeline);
  Add(app, ctx, "check", "Every checkable claim of an incident against the measurements",
      "text (default), json or claimreview (schema.org JSON-LD)", RunCheck);
  Add(app, ctx, "brief", "Write the briefing report (HTML, Markdown, SVG chart; optionally STIX)",
      "", RunBrief, true);
}

}  // namespace corroborate::cli
