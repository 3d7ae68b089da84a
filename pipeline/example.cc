#include "pipeline/example.h"

#include <fmt/core.h>

#include <chrono>
#include <filesystem>

#include "ingest/feeds/feed.h"
#include "ingest/html/article.h"
#include "ingest/identity.h"
#include "ingest/measure/synthetic_mrt.h"
#include "ingest/social/posts.h"
#include "ingest/url.h"
#include "pipeline/import_measurements.h"
#include "store/documents.h"
#include "store/sources.h"

namespace corroborate::pipeline {

namespace {

constexpr const char* kTarget = "country:KP=asn:131279,prefix:175.45.176.0/22";

// The registered source a document belongs to: the longest source URL that
// its URL starts with, or the source with the same host.
std::int64_t SourceFor(const std::vector<Source>& sources, const Document& d) {
  std::string url = d.canonical_url.empty() ? d.url : d.canonical_url;
  std::int64_t best = 0;
  size_t best_len = 0;
  for (const Source& s : sources) {
    bool prefix = url.rfind(s.url, 0) == 0;
    bool same_host =
        !ingest::UrlHost(url).empty() && ingest::UrlHost(url) == ingest::UrlHost(s.url);
    size_t len = prefix ? s.url.size() + 1 : same_host ? 1 : 0;
    if (len > best_len) best = s.id, best_len = len;
  }
  return best;
}

// Sources with their reliability grades, from the example's TSV.
Result<std::vector<Source>> RegisterSources(store::Database& db, std::string_view tsv,
                                            Instant now) {
  store::Sources registry(db);
  while (!tsv.empty()) {
    size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv = nl == std::string_view::npos ? std::string_view() : tsv.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> f;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      f.emplace_back(
          line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
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
  return registry.ListSources();
}

// The feed, the pages (with their comments), the posts.
Result<std::vector<Document>> ExampleDocuments(const ExampleFiles& files,
                                               const std::string& input_dir, Instant now) {
  std::vector<Document> docs;
  auto feed = ingest::ParseFeed(
      files.feed_xml, ingest::FeedOptions{"https://meridian.example.org/notes/feed.xml", ""});
  if (!feed) return std::unexpected(WithContext(feed.error(), "feed.xml"));
  for (Document& d : ingest::FeedToDocuments(*feed, now)) docs.push_back(std::move(d));
  for (const auto& [name, html] : files.pages) {
    auto article = ingest::ExtractArticle(html, ingest::ArticleOptions{});
    if (!article) return std::unexpected(WithContext(article.error(), name));
    std::string path = (std::filesystem::path(input_dir) / name).string();
    for (Document& d : ingest::ArticleDocuments(*article, path, html)) docs.push_back(std::move(d));
  }
  for (const auto& [name, json] : files.posts) {
    auto posts = ingest::ParseSocialPosts(json, "https://netops.example.social/");
    if (!posts) return std::unexpected(WithContext(posts.error(), name));
    for (Document& d : *posts) docs.push_back(std::move(d));
  }
  return docs;
}

Status StoreDocuments(store::Database& db, std::vector<Document>& docs,
                      const std::vector<Source>& sources, Instant now, ExampleRun& run) {
  for (Document& d : docs) {
    if (!d.fetched) d.fetched = now;
    if (d.content_hash.empty()) ingest::FillIdentity(d);
    d.source_id = SourceFor(sources, d);
  }
  auto stored = store::Documents(db).InsertDocuments(docs);
  if (!stored) return std::unexpected(stored.error());
  if (!stored->rejected.empty()) {
    const store::RejectedDocument& r = stored->rejected.front();
    return Fail(ErrorCode::kStore, fmt::format("demo: document {} ({}) not stored: {}", r.index + 1,
                                               docs[r.index].url, r.reason));
  }
  run.stored = StoreCounts{stored->added, stored->unchanged, stored->duplicates};
  return {};
}

// The published windows, then SYNTHETIC routing data and its detected windows.
Status ImportExampleMeasurements(store::Database& db, const ExampleFiles& files,
                                 const std::string& input_dir, Clock& clock,
                                 const NoticeSink& notices, ExampleRun& run) {
  const std::filesystem::path input(input_dir);
  MeasurementSettings csv;
  csv.format = ingest::MeasureFormat::kCsv;
  auto windows = ImportMeasurements(db, {(input / "windows.csv").string()}, csv, clock, notices);
  if (!windows) return std::unexpected(windows.error());
  if (windows->failed)
    return Fail(ErrorCode::kParse, fmt::format("{} of 1 inputs failed", windows->failed));
  auto scenario = ingest::ParseRoutingScenario(files.routing_scenario, "routing-scenario.json");
  if (!scenario) return std::unexpected(scenario.error());
  run.mrt_path = (input / "nk-2014-synthetic-routing.mrt.gz").string();
  auto synth = ingest::WriteSyntheticMrt(*scenario, run.mrt_path);
  if (!synth) return std::unexpected(synth.error());
  run.mrt_records = synth->records;
  MeasurementSettings mrt;
  mrt.format = ingest::MeasureFormat::kMrt;
  auto target = ingest::ParseBgpTarget(kTarget);
  if (!target) return std::unexpected(target.error());
  mrt.target = *target;
  auto routing = ImportMeasurements(db, {run.mrt_path}, mrt, clock, notices);
  if (!routing) return std::unexpected(routing.error());
  if (routing->failed)
    return Fail(ErrorCode::kParse, fmt::format("{} of 1 inputs failed", routing->failed));
  return {};
}

}  // namespace

Result<ExampleRun> RunExample(store::Database& db, const ExampleFiles& files,
                              const std::string& input_dir, unsigned jobs, Clock& clock,
                              const NoticeSink& notices) {
  ExampleRun run;
  const Instant now = clock.Now();
  auto sources = RegisterSources(db, files.sources_tsv, now);
  if (!sources) return std::unexpected(sources.error());
  run.sources = sources->size();
  auto docs = ExampleDocuments(files, input_dir, now);
  if (!docs) return std::unexpected(docs.error());
  if (Status s = StoreDocuments(db, *docs, *sources, now, run); !s)
    return std::unexpected(s.error());
  auto extracted = ExtractStored(db, false, jobs, clock);
  if (!extracted) return std::unexpected(extracted.error());
  run.extracted = *extracted;
  if (Status s = ImportExampleMeasurements(db, files, input_dir, clock, notices, run); !s) {
    return std::unexpected(s.error());
  }
  const auto stored = std::chrono::steady_clock::now();
  AnalysisOptions analysis;
  analysis.aliases = {"asn:131279=country:KP"};
  analysis.entity = "country:KP";
  auto report = AnalyseIncident(db, analysis, clock);
  if (!report) return std::unexpected(report.error());
  run.analysis = std::move(*report);
  run.analysis_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - stored).count();
  return run;
}

}  // namespace corroborate::pipeline
