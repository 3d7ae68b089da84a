// `corroborate demo --out DIR`: the whole pipeline on the bundled example
// (examples/nk-2014, embedded in the binary) into a fresh database in DIR:
// sources, feed, pages with comments, posts, extraction, the published
// windows, SYNTHETIC routing data and its detected windows, then the
// briefing report (DIR/brief.html, DIR/brief.md).
#include <fmt/core.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <memory>
#include <span>

#include "cli/analysis.h"
#include "cli/commands.h"
#include "cli/extract_docs.h"
#include "cli/output.h"
#include "core/parallel.h"
#include "core/text.h"
#include "ingest/feeds/feed.h"
#include "ingest/html/article.h"
#include "ingest/identity.h"
#include "ingest/measure/synthetic_mrt.h"
#include "ingest/social/posts.h"
#include "ingest/url.h"
#include "store/database.h"
#include "store/documents.h"
#include "store/sources.h"

namespace corroborate::cli {

namespace example {
std::string_view EmbeddedFile(std::string_view name);
}  // namespace example

namespace {

struct DemoOptions {
  std::string out = "demo-out";
};

constexpr const char* kPages[] = {"kp-offline.html", "kp-back-online.html", "kp-paralysed-again.html"};
constexpr const char* kPosts[] = {"mastodon-timeline.json", "bluesky-search.json"};
constexpr const char* kOther[] = {"feed.xml", "sources.tsv", "sources.opml", "windows.csv", "routing-scenario.json",
                                  "README.md"};
constexpr const char* kTarget = "country:KP=asn:131279,prefix:175.45.176.0/22";

// The registered source a document belongs to: the longest source URL that
// its URL starts with, or the source with the same host.
std::int64_t SourceFor(const std::vector<Source>& sources, const Document& d) {
  std::string url = d.canonical_url.empty() ? d.url : d.canonical_url;
  std::int64_t best = 0;
  size_t best_len = 0;
  for (const Source& s : sources) {
    bool prefix = url.rfind(s.url, 0) == 0;
    bool same_host = !ingest::UrlHost(url).empty() && ingest::UrlHost(url) == ingest::UrlHost(s.url);
    size_t len = prefix ? s.url.size() + 1 : same_host ? 1 : 0;
    if (len > best_len) best = s.id, best_len = len;
  }
  return best;
}

Status RunDemo(const DemoOptions& o, const Context& parent) {
  auto started = std::chrono::steady_clock::now();
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path out(o.out), input = fs::path(o.out) / "input";
  fs::create_directories(input, ec);
  if (ec) return Fail(ErrorCode::kIo, fmt::format("{}: cannot create: {}", input.string(), ec.message()));
  Context ctx = parent;
  ctx.global.db_path = (out / "corroborate.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(ctx.global.db_path + suffix, ec);
  std::vector<OutputFile> inputs;
  for (const auto& names :
       {std::span<const char* const>(kPages), std::span<const char* const>(kPosts),
        std::span<const char* const>(kOther)}) {
    for (const char* name : names)
      inputs.push_back({name, std::string(example::EmbeddedFile(name))});
  }
  if (auto st = ReplaceFiles(input, inputs); !st) return st;

  auto db = store::Database::Open(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  store::Sources registry(**db);
  Instant now = static_cast<Instant>(std::time(nullptr));
  // Sources with their reliability grades.
  std::string_view tsv = example::EmbeddedFile("sources.tsv");
  while (!tsv.empty()) {
    size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv = nl == std::string_view::npos ? std::string_view() : tsv.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> f;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      f.emplace_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (f.size() < 4) continue;
    store::NewSource s;
    s.url = f[0];
    s.kind = SourceKindFromName(f[1]).value_or(SourceKind::kFeed);
    s.reliability = f[2].empty() ? 'F' : f[2][0];
    s.title = f[3];
    if (auto added = registry.AddSource(s, now); !added) return std::unexpected(added.error());
  }
  auto sources = registry.ListSources();
  if (!sources) return std::unexpected(sources.error());
  // Documents: the feed, the pages (with their comments), the posts.
  std::vector<Document> docs;
  auto feed = ingest::ParseFeed(example::EmbeddedFile("feed.xml"),
                                ingest::FeedOptions{"https://meridian.example.org/notes/feed.xml", ""});
  if (!feed) return std::unexpected(WithContext(feed.error(), "feed.xml"));
  for (Document& d : ingest::FeedToDocuments(*feed, now)) docs.push_back(std::move(d));
  for (const char* name : kPages) {
    std::string_view html = example::EmbeddedFile(name);
    auto article = ingest::ExtractArticle(html, ingest::ArticleOptions{});
    if (!article) return std::unexpected(WithContext(article.error(), name));
    std::string path = (input / name).string();
    for (Document& d : ingest::ArticleDocuments(*article, path, html)) docs.push_back(std::move(d));
  }
  for (const char* name : kPosts) {
    auto posts = ingest::ParseSocialPosts(example::EmbeddedFile(name), "https://netops.example.social/");
    if (!posts) return std::unexpected(WithContext(posts.error(), name));
    for (Document& d : *posts) docs.push_back(std::move(d));
  }
  for (Document& d : docs) {
    if (!d.fetched) d.fetched = now;
    if (d.content_hash.empty()) ingest::FillIdentity(d);
    d.source_id = SourceFor(*sources, d);
  }
  auto stored = store::Documents(**db).InsertDocuments(docs);
  if (!stored) return std::unexpected(stored.error());
  if (!stored->rejected.empty()) {
    const store::RejectedDocument& r = stored->rejected.front();
    return Fail(ErrorCode::kStore, fmt::format("demo: document {} ({}) not stored: {}", r.index + 1,
                                               docs[r.index].url, r.reason));
  }
  auto extracted = ExtractStored(**db, false, DefaultJobs(ctx.global.jobs));
  if (!extracted) return std::unexpected(extracted.error());
  // Measurements: the published windows, then SYNTHETIC routing data.
  Context quiet = ctx;
  quiet.global.quiet = true;
  if (auto st = RunMeasureImport({(input / "windows.csv").string()}, "csv", "", **db, quiet); !st) return st;
  auto scenario = ingest::ParseRoutingScenario(example::EmbeddedFile("routing-scenario.json"), "routing-scenario.json");
  if (!scenario) return std::unexpected(scenario.error());
  std::string mrt = (input / "nk-2014-synthetic-routing.mrt.gz").string();
  auto synth = ingest::WriteSyntheticMrt(*scenario, mrt);
  if (!synth) return std::unexpected(synth.error());
  if (auto st = RunMeasureImport({mrt}, "mrt", kTarget, **db, quiet); !st) return st;
  auto stored_at = std::chrono::steady_clock::now();
  // The report.
  AnalysisOptions analysis;
  analysis.aliases = {"asn:131279=country:KP"};
  analysis.entity = "country:KP";
  auto data = LoadForAnalysis(**db);
  if (!data) return std::unexpected(data.error());
  auto incidents = FindIncidents(*data, analysis);
  if (!incidents) return std::unexpected(incidents.error());
  auto incident = SelectIncident(*incidents, analysis);
  if (!incident) return std::unexpected(incident.error());
  auto report = BuildReport(*data, *incidents, *incident, analysis, now);
  if (!report) return std::unexpected(report.error());
  if (auto st = WriteBrief(*report, out.string(), true); !st) return st;
  auto done = std::chrono::steady_clock::now();
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  if (ctx.global.quiet) return {};
  std::string summary = fmt::format(
      "demo: {} sources; {} documents stored ({} duplicates); {} timexes and {} claims extracted\n",
      sources->size(), stored->added + stored->duplicates, stored->duplicates, extracted->timexes,
      extracted->claims);
  summary += fmt::format(
      "demo: SYNTHETIC routing data {} ({} MRT records); {} incidents, report on incident {} ({} "
      "to {})\n",
      mrt, synth->records, incidents->size(), incident->id, FormatRfc3339(incident->start),
      FormatRfc3339(incident->end));
  const Assessment& a = report->assessment;
  if (!a.ranking.empty()) {
    summary += fmt::format("demo: {}: {} ({}); confidence {}\n",
                           a.leader.empty() ? "cause undetermined, most supported" : "leading hypothesis",
                           a.ranking[0].hypothesis.label, a.ranking[0].likelihood, a.confidence);
  }
  summary += fmt::format(
      "demo: wrote {0}/brief.html, {0}/brief.md, {0}/brief.svg, {0}/stix.json (database {1})\n",
      o.out, ctx.global.db_path);
  summary += fmt::format("demo: {:.0f} ms in all, report {:.0f} ms once the data was stored\n",
                         ms(started, done), ms(stored_at, done));
  return WriteStdout(summary);
}

Status RunReextract(bool all, const Context& ctx) {
  auto db = store::Database::Open(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  auto r = ExtractStored(**db, all, DefaultJobs(ctx.global.jobs));
  if (!r) return std::unexpected(r.error());
  if (ctx.global.quiet) return {};
  return Print("extracted {} timexes and {} claims from {} document{}\n", r->timexes, r->claims,
               r->documents, r->documents == 1 ? "" : "s");
}

}  // namespace

void RegisterDemo(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<DemoOptions>();
  CLI::App* demo = app.add_subcommand(
      "demo", "Run the whole pipeline on the bundled example (North Korea, December 2014) into DIR");
  demo->add_option("-o,--out", o->out, "Output directory (default demo-out); its database is replaced");
  demo->callback([&ctx, o] { ctx.run = [&ctx, o] { return RunDemo(*o, ctx); }; });

  auto all = std::make_shared<bool>(false);
  CLI::App* re = app.add_subcommand(
      "reextract", "Run the extractor again on stored documents (those extracted by an older version; --all: every one)");
  re->add_flag("--all", *all, "Re-extract every document");
  re->callback([&ctx, all] { ctx.run = [&ctx, all] { return RunReextract(*all, ctx); }; });
}

}  // namespace corroborate::cli
