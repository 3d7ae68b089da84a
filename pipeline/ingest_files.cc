#include "pipeline/ingest_files.h"

#include <fmt/core.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "core/file.h"
#include "core/parallel.h"
#include "core/text.h"
#include "ingest/identity.h"
#include "ingest/input.h"
#include "ingest/url.h"
#include "store/documents.h"

namespace corroborate::pipeline {

namespace {

namespace fs = std::filesystem;

// Metadata a sidecar JSON gives about one file.
struct Sidecar {
  std::string title, author, url, language;
  std::optional<ParsedTime> published;
  std::optional<Granularity> precision;  // "date_precision": how much of `published` is known
  std::optional<DocumentKind> kind;
};

struct InputFile {
  std::string path;
  std::string bytes;
  Sidecar sidecar;
};

void SetPublished(Document& d, const ParsedTime& t,
                  std::optional<Granularity> precision = std::nullopt) {
  d.published = t.instant;
  d.published_precision = precision.value_or(t.granularity);
  if (t.had_zone) d.published_offset = t.utc_offset;
}

// The sidecar's fields, checked: strings, published ISO 8601, a known kind,
// an http(s) url within the URL cap.
Result<Sidecar> ParseSidecar(const std::string& candidate, std::string_view bytes) {
  nlohmann::json j = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Fail(ErrorCode::kParse, candidate + ": sidecar is not a JSON object");
  Sidecar meta;
  auto text = [&](const char* key, std::string& out) -> Status {
    if (!j.contains(key) || j[key].is_null()) return {};
    if (!j[key].is_string())
      return Fail(ErrorCode::kParse, fmt::format("{}: \"{}\" must be a string", candidate, key));
    out = j[key].get<std::string>();
    return {};
  };
  std::string published, kind, precision;
  for (auto [key, out] : {std::pair{"title", &meta.title},
                          {"author", &meta.author},
                          {"url", &meta.url},
                          {"language", &meta.language},
                          {"published", &published},
                          {"date_precision", &precision},
                          {"kind", &kind}}) {
    if (Status s = text(key, *out); !s) return std::unexpected(s.error());
  }
  if (!published.empty()) {
    auto t = ParsePublishedTime(published, candidate + ": published");
    if (!t) return Fail(ErrorCode::kParse, t.error().message);
    meta.published = *t;
  }
  if (!precision.empty()) {
    // A date known only to the month keeps month precision, whatever
    // day and time `published` spells out.
    meta.precision = GranularityFromName(precision);
    if (!meta.precision || *meta.precision == Granularity::kUnknown) {
      return Fail(
          ErrorCode::kParse,
          fmt::format(
              "{}: date_precision \"{}\": expected second, minute, hour, day, month or year",
              candidate, precision));
    }
  }
  if (!kind.empty()) {
    meta.kind = DocumentKindFromName(kind);
    if (!meta.kind) {
      return Fail(
          ErrorCode::kParse,
          fmt::format("{}: kind \"{}\": expected article, post or comment", candidate, kind));
    }
  }
  if (meta.url.size() > ingest::kMaxUrlBytes) {
    return Fail(ErrorCode::kParse,
                fmt::format("{}: url is longer than {} bytes", candidate, ingest::kMaxUrlBytes));
  }
  if (!meta.url.empty() && ingest::UrlScheme(meta.url).empty()) {
    return Fail(ErrorCode::kParse,
                fmt::format("{}: url \"{}\" is not http(s)", candidate, meta.url));
  }
  return meta;
}

// Reads FILE.json or FILE.meta.json when present; nullopt when neither exists.
Result<std::optional<Sidecar>> ReadSidecar(const std::string& path) {
  for (const std::string& candidate : {path + ".json", path + ".meta.json"}) {
    std::error_code ec;
    if (!fs::is_regular_file(candidate, ec)) continue;
    if (Status fits = ingest::CheckFileSize(candidate, ingest::InputKind::kJson); !fits) {
      return std::unexpected(fits.error());
    }
    auto bytes = ReadFile(candidate);
    if (!bytes) return std::unexpected(bytes.error());
    auto meta = ParseSidecar(candidate, *bytes);
    if (!meta) return std::unexpected(meta.error());
    return std::optional<Sidecar>(std::move(*meta));
  }
  return std::optional<Sidecar>{};
}

// Where each kind of file's documents point, from the file and its sidecar.
ingest::InputOptions OptionsFor(ingest::InputType type, const InputFile& in,
                                const IngestSettings& settings, Instant now) {
  ingest::InputOptions options;
  options.base_url = in.sidecar.url;
  options.now = now;
  options.feed_location = ingest::FileLocation(in.path);
  options.require_documents = true;
  options.text_kind = in.sidecar.kind.value_or(settings.kind);
  if (type == ingest::InputType::kText) {
    options.document_url = in.sidecar.url.empty() ? ingest::FileLocation(in.path) : in.sidecar.url;
  } else {
    options.document_url = in.sidecar.url.empty() ? in.path : in.sidecar.url;
  }
  return options;
}

// Fills what every stored document needs and the parser may not know.
void Finish(Document& d, const InputFile& in, const IngestSettings& settings, Instant now) {
  if (!d.source_id) d.source_id = settings.source_id;
  if (!d.published && in.sidecar.published)
    SetPublished(d, *in.sidecar.published, in.sidecar.precision);
  if (!d.published && settings.published) SetPublished(d, *settings.published);
  if (d.title.empty()) d.title = in.sidecar.title;
  if (d.author.empty()) d.author = in.sidecar.author;
  if (d.language.empty()) d.language = in.sidecar.language;
  if (!d.fetched) d.fetched = now;
  // The file's bytes are the raw of a text file's one document only: a
  // page's comment gets no copy of the whole page (one each: 10,000
  // comments of a 2.6 MB page took 26 GB).
  if (d.raw.empty() && d.raw_type.empty()) d.raw_type = "text/plain";
  // Parsers fill identity themselves (comments keep their #comment-N); text files do not.
  if (d.content_hash.empty() || d.canonical_url.empty()) ingest::FillIdentity(d);
}

// One file's documents, with its sidecar's facts applied.
Result<std::vector<Document>> ReadAndParse(const std::string& path, const IngestSettings& settings,
                                           Instant now, std::vector<std::string>& warnings) {
  InputFile in;
  in.path = path;
  // A measurement file is refused before it is read whole (an MRT dump may
  // be gigabytes), with the command that imports it.
  if (auto head = ReadFileHead(in.path, 4096);
      head && ingest::DetectInputType(in.path, *head) == ingest::InputType::kMeasurement) {
    auto refused = ingest::ParseInput(ingest::InputType::kMeasurement, *head, {}, &warnings);
    return std::unexpected(WithContext(refused.error(), in.path));
  }
  if (Status fits = ingest::CheckInputFileSize(in.path); !fits)
    return std::unexpected(fits.error());
  auto bytes = ReadFile(in.path);
  if (!bytes) return std::unexpected(bytes.error());
  in.bytes = std::move(*bytes);
  auto sidecar = ReadSidecar(in.path);
  if (!sidecar) return std::unexpected(sidecar.error());
  if (*sidecar) in.sidecar = **sidecar;
  const ingest::InputType type = ingest::DetectInputType(in.path, in.bytes);
  auto parsed = ingest::ParseInput(type, in.bytes, OptionsFor(type, in, settings, now), &warnings);
  if (!parsed) return std::unexpected(WithContext(parsed.error(), in.path));
  if (type == ingest::InputType::kFeed && parsed->empty())
    warnings.push_back("the feed has no entries; nothing to store");
  for (Document& d : *parsed) {
    if (type == ingest::InputType::kText && !in.sidecar.title.empty()) d.title = in.sidecar.title;
    Finish(d, in, settings, now);
  }
  return parsed;
}

bool IsSidecarOfAnother(const std::string& path, const std::set<std::string>& all) {
  for (std::string_view suffix : {".meta.json", ".json"}) {
    if (path.size() > suffix.size() && path.ends_with(suffix) &&
        all.count(path.substr(0, path.size() - suffix.size()))) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<ParsedTime> ParsePublishedTime(std::string_view value, std::string_view what) {
  auto t = ParseIso8601(TrimAscii(value));
  if (!t) {
    return Fail(
        ErrorCode::kInvalidArgument,
        fmt::format("{} \"{}\": expected ISO 8601, e.g. 2014-12-22T21:00-05:00", what, value));
  }
  if (!t->had_zone && t->granularity != Granularity::kDay &&
      t->granularity != Granularity::kMonth && t->granularity != Granularity::kYear) {
    return Fail(
        ErrorCode::kInvalidArgument,
        fmt::format("{} \"{}\": a time of day needs a UTC offset (Z or -05:00)", what, value));
  }
  return *t;
}

Result<IngestResult> IngestFiles(store::Database& db, const std::vector<std::string>& files,
                                 const IngestSettings& settings, Clock& clock,
                                 const NoticeSink& notices) {
  const Instant now = clock.Now();
  const std::set<std::string> all(files.begin(), files.end());
  std::vector<std::string> paths;
  for (const std::string& path : files) {
    if (!IsSidecarOfAnother(path, all)) paths.push_back(path);
  }
  struct Parsed {
    Result<std::vector<Document>> docs;
    std::vector<std::string> warnings;
  };
  auto parse = [&](size_t i) -> Parsed {
    Parsed out{std::vector<Document>{}, {}};
    out.docs = ReadAndParse(paths[i], settings, now, out.warnings);
    return out;
  };
  IngestResult result;
  result.files = paths.size();
  std::vector<Document> docs;
  // Per document: the file it came from and its place among that file's.
  std::vector<std::pair<size_t, size_t>> origins;
  OrderedParallelFor<Parsed>(paths.size(), settings.jobs, parse, [&](size_t i, Parsed file) {
    for (const std::string& w : file.warnings) Tell(notices, Warning(paths[i] + ": " + w));
    if (!file.docs) {
      Tell(notices, ItemError(file.docs.error()));
      ++result.failed;
      if (!result.first_code) result.first_code = file.docs.error().code;
      return;
    }
    for (size_t k = 0; k < file.docs->size(); ++k) {
      docs.push_back(std::move((*file.docs)[k]));
      origins.emplace_back(i, k);
    }
  });
  result.documents = docs.size();
  if (docs.empty()) return result;
  auto report = store::Documents(db).InsertDocuments(docs);
  if (!report) return std::unexpected(report.error());
  for (const store::RejectedDocument& r : report->rejected) {
    const Document& d = docs[r.index];
    const auto [file, k] = origins[r.index];
    Tell(notices, ItemError(Error{ErrorCode::kStore,
                                  fmt::format("{}: document {} ({}) not stored: {}", paths[file],
                                              k + 1, d.url.empty() ? d.title : d.url, r.reason)}));
  }
  result.refused = report->rejected.size();
  result.stored = StoreCounts{report->added, report->unchanged, report->duplicates};
  // The extractor runs on every stored document that has not been through it.
  result.extracted = ExtractStored(db, false, settings.jobs, clock);
  return result;
}

}  // namespace corroborate::pipeline
