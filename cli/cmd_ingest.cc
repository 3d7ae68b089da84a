// `corroborate ingest FILE...`: parses local files into documents and stores
// them, all in one transaction. Files are read and parsed on --jobs threads;
// warnings, errors and documents are taken in the order of the command line.
//
// Each file's type is detected (DetectType: extension first, then the first
// bytes) and dispatched to one parser in ParseFile. Plain text is handled
// here; feeds, HTML pages and social JSON plug in with one call each.
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
// ({title, author, published, url, kind, language}) states the file's own
// facts and wins; the flags --published/--kind are defaults for files that
// do not state them. A sidecar named on the command line next to its file is
// not ingested itself.
//
// A document the store refuses is named (file and place in it) and left
// out; the rest of the batch is stored and the exit status is 1.
#include <fmt/core.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "cli/extract_docs.h"
#include "cli/input_size.h"
#include "cli/output.h"
#include "cli/source_flags.h"
#include "core/file.h"
#include "core/parallel.h"
#include "core/text.h"
#include "ingest/feeds/feed.h"
#include "ingest/html/article.h"
#include "ingest/identity.h"
#include "ingest/limits.h"
#include "ingest/social/posts.h"
#include "ingest/url.h"
#include "store/database.h"
#include "store/documents.h"
#include "store/sources.h"

namespace corroborate::cli {
namespace {

namespace fs = std::filesystem;

struct IngestOptions {
  std::vector<std::string> files;
  std::string published;  // --published, ISO 8601
  std::string kind;       // --kind for plain text, default article
  std::string source;     // --source URL (registered)
};

// Settings shared by every file of one command.
struct IngestDefaults {
  std::optional<ParsedTime> published;
  DocumentKind kind = DocumentKind::kArticle;
  std::int64_t source_id = 0;
  Instant now = 0;
};

// Metadata a sidecar JSON gives about one file.
struct Sidecar {
  std::string title, author, url, language;
  std::optional<ParsedTime> published;
  std::optional<DocumentKind> kind;
};

enum class InputType { kText, kFeed, kHtml, kJson };

struct InputFile {
  std::string path;
  std::string bytes;
  Sidecar sidecar;
};

void SetPublished(Document& d, const ParsedTime& t) {
  d.published = t.instant;
  d.published_precision = t.granularity;
  if (t.had_zone) d.published_offset = t.utc_offset;
}

Result<std::optional<ParsedTime>> ParseTimeValue(std::string_view value, std::string_view what) {
  auto t = ParseIso8601(TrimAscii(value));
  if (!t) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{} \"{}\": expected ISO 8601, e.g. 2014-12-22T21:00-05:00", what,
                            value));
  }
  if (!t->had_zone && t->granularity != Granularity::kDay &&
      t->granularity != Granularity::kMonth && t->granularity != Granularity::kYear) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{} \"{}\": a time of day needs a UTC offset (Z or -05:00)", what,
                            value));
  }
  return t;
}

// Reads FILE.json or FILE.meta.json when present; nullopt when neither exists.
Result<std::optional<Sidecar>> ReadSidecar(const std::string& path) {
  for (const std::string& candidate : {path + ".json", path + ".meta.json"}) {
    std::error_code ec;
    if (!fs::is_regular_file(candidate, ec)) continue;
    if (Status fits = CheckFileSize(candidate, ingest::InputKind::kJson); !fits) {
      return std::unexpected(fits.error());
    }
    auto bytes = ReadFile(candidate);
    if (!bytes) return std::unexpected(bytes.error());
    nlohmann::json j = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) {
      return Fail(ErrorCode::kParse, candidate + ": sidecar is not a JSON object");
    }
    Sidecar meta;
    auto text = [&](const char* key, std::string& out) -> Status {
      if (!j.contains(key) || j[key].is_null()) return {};
      if (!j[key].is_string()) {
        return Fail(ErrorCode::kParse, fmt::format("{}: \"{}\" must be a string", candidate, key));
      }
      out = j[key].get<std::string>();
      return {};
    };
    std::string published, kind;
    for (auto [key, out] : {std::pair{"title", &meta.title}, {"author", &meta.author},
                            {"url", &meta.url}, {"language", &meta.language},
                            {"published", &published}, {"kind", &kind}}) {
      if (Status s = text(key, *out); !s) return std::unexpected(s.error());
    }
    if (!published.empty()) {
      auto t = ParseTimeValue(published, candidate + ": published");
      if (!t) return Fail(ErrorCode::kParse, t.error().message);
      meta.published = *t;
    }
    if (!kind.empty()) {
      meta.kind = DocumentKindFromName(kind);
      if (!meta.kind) {
        return Fail(ErrorCode::kParse,
                    fmt::format("{}: kind \"{}\": expected article, post or comment", candidate,
                                kind));
      }
    }
    if (meta.url.size() > ingest::kMaxUrlBytes) {
      return Fail(ErrorCode::kParse, fmt::format("{}: url is longer than {} bytes", candidate,
                                                 ingest::kMaxUrlBytes));
    }
    if (!meta.url.empty() && ingest::UrlScheme(meta.url).empty()) {
      return Fail(ErrorCode::kParse, fmt::format("{}: url \"{}\" is not http(s)", candidate,
                                                 meta.url));
    }
    return meta;
  }
  return std::optional<Sidecar>{};
}

InputType DetectType(const std::string& path, std::string_view bytes) {
  const std::string ext = ToLowerAscii(fs::path(path).extension().string());
  if (ext == ".txt" || ext == ".text" || ext == ".md") return InputType::kText;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return InputType::kHtml;
  if (ext == ".xml" || ext == ".rss" || ext == ".atom" || ext == ".rdf" || ext == ".opml") {
    return InputType::kFeed;
  }
  if (ext == ".json") return InputType::kJson;
  // Unknown extension: sniff the first bytes after a BOM and white space.
  std::string_view head = bytes.substr(0, 1024);
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  head = TrimAscii(head);
  if (head.starts_with("{") || head.starts_with("[")) return InputType::kJson;
  if (head.starts_with("<")) {
    const std::string lower = ToLowerAscii(head);
    if (lower.find("<rss") != std::string::npos || lower.find("<feed") != std::string::npos ||
        lower.find("<rdf:rdf") != std::string::npos || lower.find("<opml") != std::string::npos) {
      return InputType::kFeed;
    }
    if (lower.find("<html") != std::string::npos || lower.find("<!doctype html") != std::string::npos ||
        lower.find("<body") != std::string::npos || lower.find("<p>") != std::string::npos) {
      return InputType::kHtml;
    }
    if (lower.starts_with("<?xml")) return InputType::kFeed;
  }
  return InputType::kText;
}

// The size cap of an input of `type` (ingest/limits.h).
ingest::InputKind LimitKind(InputType type) {
  switch (type) {
    case InputType::kText:
      return ingest::InputKind::kText;
    case InputType::kFeed:
      return ingest::InputKind::kFeed;
    case InputType::kHtml:
      return ingest::InputKind::kHtmlPage;
    case InputType::kJson:
      return ingest::InputKind::kJson;
  }
  return ingest::InputKind::kText;
}

// Refuses a file over the cap of its type before it is read; the type is
// told from the name and the first bytes, as DetectType does for the whole.
Status CheckIngestSize(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return {};
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec || size <= std::min({ingest::kMaxTextBytes, ingest::kMaxFeedBytes,
                              ingest::kMaxHtmlPageBytes, ingest::kMaxJsonBytes})) {
    return {};
  }
  std::string head(1024, '\0');
  std::ifstream in(path, std::ios::binary);
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return CheckFileSize(path, LimitKind(DetectType(path, head)));
}

// Offset of the first byte of the first ill-formed UTF-8 sequence (the
// size of `s` when it is well formed).
size_t FirstBadUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const size_t len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (!IsValidUtf8(s.substr(i, len))) return i;
    i += len;
  }
  return s.size();
}

// file://ABSOLUTE-PATH: a text file's URL, and where a feed that does not
// name itself is.
std::string FileLocation(const std::string& path) {
  std::error_code ec;
  return "file://" + fs::absolute(path, ec).lexically_normal().string();
}

Result<std::vector<Document>> ParseText(const InputFile& in, const IngestDefaults& defaults) {
  if (Status fits = ingest::CheckInputSize(ingest::InputKind::kText, in.bytes.size()); !fits) {
    return std::unexpected(WithContext(fits.error(), in.path));
  }
  std::string_view bytes = in.bytes;
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (auto wide = DetectWideEncoding(bytes)) {
    // iconv takes the byte order from the mark when told only "UTF-16".
    std::string_view from = wide->name;
    if (wide->bom) from = from.substr(0, 6);
    return Fail(
        ErrorCode::kParse,
        fmt::format("{}: {} text ({}), not UTF-8; convert it, e.g. with iconv -f {} -t "
                    "UTF-8",
                    in.path, wide->name, wide->bom ? "byte-order mark" : "by its NUL bytes", from));
  }
  if (!IsValidUtf8(bytes)) {
    return Fail(ErrorCode::kParse,
                fmt::format("{}: not valid UTF-8 (first bad byte at offset {}); convert it from "
                            "its encoding, e.g. for Latin-1 with iconv -f LATIN1 -t UTF-8",
                            in.path, FirstBadUtf8(bytes)));
  }
  Document d;
  d.text.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\r') {
      d.text += '\n';
      if (i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
    } else {
      d.text += bytes[i];
    }
  }
  if (CollapseWhitespace(d.text).empty()) {
    return Fail(ErrorCode::kParse, in.path + ": no text to store (empty file)");
  }
  const Sidecar& meta = in.sidecar;
  d.title = meta.title;
  for (size_t start = 0; d.title.empty() && start < d.text.size();) {
    size_t end = d.text.find('\n', start);
    if (end == std::string::npos) end = d.text.size();
    d.title = CollapseWhitespace(std::string_view(d.text).substr(start, end - start));
    start = end + 1;
  }
  d.kind = meta.kind.value_or(defaults.kind);
  d.author = meta.author;
  d.language = meta.language;
  if (!meta.url.empty()) {
    d.url = meta.url;
  } else {
    d.url = FileLocation(in.path);
  }
  if (auto t = meta.published ? meta.published : defaults.published) SetPublished(d, *t);
  d.raw = in.bytes;
  d.raw_type = "text/plain";
  return std::vector<Document>{std::move(d)};
}

// The one dispatch point: each input type to its parser.
// Warnings go to `warnings`, for the caller to print in file order.
Result<std::vector<Document>> ParseFile(InputType type, const InputFile& in,
                                        const IngestDefaults& defaults,
                                        std::vector<std::string>& warnings) {
  switch (type) {
    case InputType::kText:
      return ParseText(in, defaults);
    case InputType::kFeed: {
      auto feed = ingest::ParseFeed(in.bytes, ingest::FeedOptions{in.sidecar.url, ""});
      if (!feed) return std::unexpected(WithContext(feed.error(), in.path));
      std::vector<Document> docs =
          ingest::FeedToDocuments(*feed, defaults.now, FileLocation(in.path), &warnings);
      if (docs.empty()) return Fail(ErrorCode::kParse, in.path + ": the feed has no entries");
      return docs;
    }
    case InputType::kHtml: {
      std::string url = in.sidecar.url.empty() ? in.path : in.sidecar.url;
      auto article = ingest::ExtractArticle(in.bytes, ingest::ArticleOptions{in.sidecar.url, ""});
      if (!article) return std::unexpected(WithContext(article.error(), in.path));
      std::vector<Document> docs = ingest::ArticleDocuments(*article, url, in.bytes);
      if (docs.empty() || docs.front().text.empty()) {
        return Fail(ErrorCode::kParse, in.path + ": no article text found in the page");
      }
      return docs;
    }
    case InputType::kJson: {
      if (ingest::DetectSocialJson(in.bytes) == ingest::SocialJsonKind::kJsonFeed) {
        auto feed = ingest::ParseFeed(in.bytes, ingest::FeedOptions{in.sidecar.url, ""});
        if (!feed) return std::unexpected(WithContext(feed.error(), in.path));
        return ingest::FeedToDocuments(*feed, defaults.now, FileLocation(in.path), &warnings);
      }
      auto posts = ingest::ParseSocialPosts(in.bytes, in.sidecar.url, &warnings);
      if (!posts) return std::unexpected(WithContext(posts.error(), in.path));
      if (posts->empty()) return Fail(ErrorCode::kParse, in.path + ": no posts found");
      return posts;
    }
  }
  return Fail(ErrorCode::kInternal, in.path + ": unknown input type");
}

// Fills what every stored document needs and the parser may not know.
void Finish(Document& d, const InputFile& in, const IngestDefaults& defaults) {
  if (!d.source_id) d.source_id = defaults.source_id;
  if (!d.published && in.sidecar.published) SetPublished(d, *in.sidecar.published);
  if (!d.published && defaults.published) SetPublished(d, *defaults.published);
  if (d.title.empty()) d.title = in.sidecar.title;
  if (d.author.empty()) d.author = in.sidecar.author;
  if (d.language.empty()) d.language = in.sidecar.language;
  if (!d.fetched) d.fetched = defaults.now;
  // The file's bytes are the raw of a text file's one document only (ParseText
  // gives them): a page's comment gets no copy of the whole page (one each:
  // 10,000 comments of a 2.6 MB page took 26 GB).
  if (d.raw.empty() && d.raw_type.empty()) d.raw_type = "text/plain";
  // Parsers fill identity themselves (comments keep their #comment-N); text files do not.
  if (d.content_hash.empty() || d.canonical_url.empty()) ingest::FillIdentity(d);
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

Status RunIngest(const Context& ctx, const IngestOptions& opts) {
  IngestDefaults defaults;
  defaults.now = std::time(nullptr);
  if (!opts.published.empty()) {
    auto t = ParseTimeValue(opts.published, "--published");
    if (!t) return std::unexpected(t.error());
    defaults.published = *t;
  }
  if (!opts.kind.empty()) {
    auto kind = DocumentKindFromName(opts.kind);
    if (!kind) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("--kind {}: expected article, post or comment", opts.kind));
    }
    defaults.kind = *kind;
  }
  auto db = store::Database::Open(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  if (!opts.source.empty()) {
    store::Sources registry(**db);
    auto source = SourceFromFlag(registry, opts.source);
    if (!source) return std::unexpected(source.error());
    defaults.source_id = source->id;
  }

  const std::set<std::string> all(opts.files.begin(), opts.files.end());
  std::vector<std::string> paths;
  for (const std::string& path : opts.files) {
    if (!IsSidecarOfAnother(path, all)) paths.push_back(path);
  }
  struct Parsed {
    Result<std::vector<Document>> docs;
    std::vector<std::string> warnings;
  };
  // Files are read and parsed on --jobs threads; their documents, warnings
  // and errors are taken in the order of the command line.
  auto parse = [&](size_t i) -> Parsed {
    Parsed out{std::vector<Document>{}, {}};
    out.docs = [&]() -> Result<std::vector<Document>> {
      InputFile in;
      in.path = paths[i];
      if (Status fits = CheckIngestSize(in.path); !fits) return std::unexpected(fits.error());
      auto bytes = ReadFile(in.path);
      if (!bytes) return std::unexpected(bytes.error());
      in.bytes = std::move(*bytes);
      auto sidecar = ReadSidecar(in.path);
      if (!sidecar) return std::unexpected(sidecar.error());
      if (*sidecar) in.sidecar = **sidecar;
      auto parsed = ParseFile(DetectType(in.path, in.bytes), in, defaults, out.warnings);
      if (!parsed) return parsed;
      for (Document& d : *parsed) Finish(d, in, defaults);
      return parsed;
    }();
    return out;
  };
  std::vector<Document> docs;
  // Per document: the file it came from and its place among that file's.
  std::vector<std::pair<size_t, size_t>> origins;
  int failed = 0;
  const size_t files = paths.size();
  std::optional<ErrorCode> first_code;
  OrderedParallelFor<Parsed>(paths.size(), DefaultJobs(ctx.global.jobs), parse, [&](size_t i, Parsed file) {
    for (const std::string& w : file.warnings) ReportWarning(ctx, paths[i] + ": " + w);
    if (!file.docs) {
      ReportError(file.docs.error());
      ++failed;
      if (!first_code) first_code = file.docs.error().code;
      return;
    }
    for (size_t k = 0; k < file.docs->size(); ++k) {
      docs.push_back(std::move((*file.docs)[k]));
      origins.emplace_back(i, k);
    }
  });

  size_t refused = 0;
  Status output;  // the first failed write to standard output
  if (!docs.empty()) {
    auto report = store::Documents(**db).InsertDocuments(docs);
    if (!report) return std::unexpected(report.error());
    for (const store::RejectedDocument& r : report->rejected) {
      const Document& d = docs[r.index];
      const auto [file, k] = origins[r.index];
      ReportError(
          Error{ErrorCode::kStore, fmt::format("{}: document {} ({}) not stored: {}", paths[file],
                                               k + 1, d.url.empty() ? d.title : d.url, r.reason)});
    }
    refused = report->rejected.size();
    output = Print("stored {} new document{}, {} already present, {} duplicate{} of stored text{}\n",
                   report->added, report->added == 1 ? "" : "s", report->unchanged,
                   report->duplicates, report->duplicates == 1 ? "" : "s",
                   refused ? fmt::format(", {} not stored", refused) : "");
    // The extractor runs on every stored document that has not been through it.
    auto extracted = ExtractStored(**db, false, DefaultJobs(ctx.global.jobs));
    if (!extracted) return std::unexpected(extracted.error());
    if (extracted->documents && output) {
      output = Print("extracted {} timexes and {} claims from {} document{}\n", extracted->timexes,
                     extracted->claims, extracted->documents, extracted->documents == 1 ? "" : "s");
    }
  } else if (!failed) {
    output = WriteStdout("nothing to store\n");
  }
  if (failed) {
    if (!output) ReportError(output.error());
    ErrorCode code = first_code.value_or(ErrorCode::kParse);
    if (code == ErrorCode::kInvalidArgument) code = ErrorCode::kParse;
    return Fail(code, fmt::format("ingest: {} of {} file{} could not be ingested{}", failed, files,
                                  files == 1 ? "" : "s",
                                  refused ? fmt::format(", {} document{} not stored", refused,
                                                        refused == 1 ? "" : "s")
                                          : ""));
  }
  if (refused) {
    if (!output) ReportError(output.error());
    return Fail(ErrorCode::kStore,
                fmt::format("ingest: {} document{} not stored", refused, refused == 1 ? "" : "s"));
  }
  return output;
}

}  // namespace

void RegisterIngest(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<IngestOptions>();
  CLI::App* sub = app.add_subcommand(
      "ingest", "Store local files as documents (plain text; a FILE.json sidecar may give "
                "title, author, published, url, kind, language)");
  sub->add_option("files", opts->files, "Files to ingest")->required();
  sub->add_option("--published", opts->published,
                  "Publication time for files that do not state one (ISO 8601, e.g. "
                  "2014-12-22T21:00-05:00)");
  sub->add_option("--kind", opts->kind, "Kind of plain-text documents: article (default), post, comment");
  sub->add_option("--source", opts->source, "Attribute the documents to this registered source URL");
  sub->callback([&ctx, opts] { ctx.run = [&ctx, opts] { return RunIngest(ctx, *opts); }; });
}

}  // namespace corroborate::cli
