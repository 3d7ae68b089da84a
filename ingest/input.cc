#include "ingest/input.h"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>

#include "core/file.h"
#include "core/text.h"
#include "ingest/feeds/feed.h"
#include "ingest/html/article.h"
#include "ingest/social/posts.h"

namespace corroborate::ingest {

namespace {

namespace fs = std::filesystem;

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

// The charset parameter of a Content-Type value ("" when absent).
std::string CharsetOf(std::string_view content_type) {
  const std::string lower = ToLowerAscii(content_type);
  const size_t at = lower.find("charset=");
  if (at == std::string::npos) return "";
  std::string_view value = content_type.substr(at + 8);
  value = value.substr(0, value.find(';'));
  value = TrimAscii(value);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(value);
}

// Plain text: UTF-8 (UTF-16 and UTF-32 are named, other bytes get the
// offset of the first bad one), line ends made "\n", the title its first
// non-empty line.
Result<std::vector<Document>> ParseText(std::string_view raw, const InputOptions& options) {
  if (Status fits = CheckInputSize(InputKind::kText, raw.size()); !fits)
    return std::unexpected(fits.error());
  std::string_view bytes = raw;
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (auto wide = DetectWideEncoding(bytes)) {
    // iconv takes the byte order from the mark when told only "UTF-16".
    std::string_view from = wide->name;
    if (wide->bom) from = from.substr(0, 6);
    return Fail(ErrorCode::kParse,
                fmt::format("{} text ({}), not UTF-8; convert it, e.g. with iconv -f {} -t UTF-8",
                            wide->name, wide->bom ? "byte-order mark" : "by its NUL bytes", from));
  }
  if (!IsValidUtf8(bytes)) {
    return Fail(ErrorCode::kParse,
                fmt::format("not valid UTF-8 (first bad byte at offset {}); convert it from "
                            "its encoding, e.g. for Latin-1 with iconv -f LATIN1 -t UTF-8",
                            FirstBadUtf8(bytes)));
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
  if (CollapseWhitespace(d.text).empty())
    return Fail(ErrorCode::kParse, "no text to store (empty file)");
  for (size_t start = 0; d.title.empty() && start < d.text.size();) {
    size_t end = d.text.find('\n', start);
    if (end == std::string::npos) end = d.text.size();
    d.title = CollapseWhitespace(std::string_view(d.text).substr(start, end - start));
    start = end + 1;
  }
  d.kind = options.text_kind;
  d.url = options.document_url;
  d.raw = std::string(raw);
  d.raw_type = "text/plain";
  return std::vector<Document>{std::move(d)};
}

Result<std::vector<Document>> ParseXmlFeed(std::string_view bytes, const InputOptions& options,
                                           std::vector<std::string>* warnings) {
  auto feed = ParseFeed(bytes, FeedOptions{options.base_url, CharsetOf(options.content_type)});
  if (!feed) return std::unexpected(feed.error());
  std::vector<Document> docs = FeedToDocuments(*feed, options.now, options.feed_location, warnings);
  return docs;
}

Result<std::vector<Document>> ParseHtml(std::string_view bytes, const InputOptions& options) {
  auto article = ExtractArticle(bytes, ArticleOptions{options.base_url, options.content_type});
  if (!article) return std::unexpected(article.error());
  std::vector<Document> docs = ArticleDocuments(*article, options.document_url, bytes);
  if (docs.empty() || docs.front().text.empty())
    return Fail(ErrorCode::kParse, "no article text found in the page");
  return docs;
}

Result<std::vector<Document>> ParsePosts(std::string_view bytes, const InputOptions& options,
                                         std::vector<std::string>* warnings) {
  auto posts = ParseSocialPosts(bytes, options.base_url, warnings);
  if (!posts) return std::unexpected(posts.error());
  if (posts->empty() && options.require_documents) return Fail(ErrorCode::kParse, "no posts found");
  return posts;
}

}  // namespace

const char* MeasurementFileKind(std::string_view head) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  if (head.size() >= 2 && byte(0) == 0x1f && byte(1) == 0x8b) return "MRT";  // gzip
  if (head.starts_with("BZh")) return "MRT";                                 // bzip2
  // An MRT common header: time, type (TABLE_DUMP, TABLE_DUMP_V2, BGP4MP,
  // BGP4MP_ET) and subtype as big-endian integers; text has no NUL there.
  if (head.size() >= 12 && byte(4) == 0 && byte(6) == 0 &&
      (byte(5) == 12 || byte(5) == 13 || byte(5) == 16 || byte(5) == 17)) {
    return "MRT";
  }
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  const std::string_view t = TrimAscii(head);
  if (t.starts_with("{") || t.starts_with("[")) {
    if (t.find("\"requestParameters\"") != std::string_view::npos ||
        (t.find("\"datasource\"") != std::string_view::npos &&
         t.find("\"entityCode\"") != std::string_view::npos)) {
      return "IODA JSON";
    }
    if (t.find("\"annotations\"") != std::string_view::npos ||
        t.find("\"outageCause\"") != std::string_view::npos) {
      return "Cloudflare Radar JSON";
    }
    return nullptr;
  }
  // CSV windows: the first line that is not blank or a # comment is a
  // header naming entity, start and end.
  std::string_view rest = t;
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    const std::string_view line = TrimAscii(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.empty() || line.starts_with("#")) continue;
    bool entity = false, start = false, stop = false;
    for (size_t from = 0; from <= line.size();) {
      const size_t comma = std::min(line.find(',', from), line.size());
      const std::string name = ToLowerAscii(TrimAscii(line.substr(from, comma - from)));
      entity |= name == "entity";
      start |= name == "start";
      stop |= name == "end";
      from = comma + 1;
    }
    return entity && start && stop ? "CSV windows" : nullptr;
  }
  return nullptr;
}

InputType DetectInputType(std::string_view path, std::string_view bytes) {
  if (MeasurementFileKind(bytes.substr(0, 4096))) return InputType::kMeasurement;
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
    if (lower.find("<html") != std::string::npos ||
        lower.find("<!doctype html") != std::string::npos ||
        lower.find("<body") != std::string::npos || lower.find("<p>") != std::string::npos) {
      return InputType::kHtml;
    }
    if (lower.starts_with("<?xml")) return InputType::kFeed;
  }
  return InputType::kText;
}

InputKind LimitKind(InputType type) {
  switch (type) {
    case InputType::kText:
      return InputKind::kText;
    case InputType::kFeed:
      return InputKind::kFeed;
    case InputType::kHtml:
      return InputKind::kHtmlPage;
    case InputType::kJson:
    case InputType::kPosts:
    case InputType::kMeasurement:
      return InputKind::kJson;
  }
  return InputKind::kText;
}

Status CheckFileSize(const std::string& path, InputKind kind) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return {};
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return {};
  if (Status fits = CheckInputSize(kind, static_cast<std::size_t>(size)); !fits) {
    return std::unexpected(WithContext(fits.error(), path));
  }
  return {};
}

Status CheckInputFileSize(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return {};
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec || size <= std::min({kMaxTextBytes, kMaxFeedBytes, kMaxHtmlPageBytes, kMaxJsonBytes}))
    return {};
  auto head = ReadFileHead(path, 1024);
  return CheckFileSize(path, LimitKind(DetectInputType(path, head ? *head : std::string())));
}

std::string FileLocation(const std::string& path) {
  std::error_code ec;
  return "file://" + fs::absolute(path, ec).lexically_normal().string();
}

Result<std::vector<Document>> ParseInput(InputType type, std::string_view bytes,
                                         const InputOptions& options,
                                         std::vector<std::string>* warnings) {
  switch (type) {
    case InputType::kText:
      return ParseText(bytes, options);
    case InputType::kFeed:
      return ParseXmlFeed(bytes, options, warnings);
    case InputType::kHtml:
      return ParseHtml(bytes, options);
    case InputType::kJson:
      if (DetectSocialJson(bytes) == SocialJsonKind::kJsonFeed) {
        auto feed =
            ParseFeed(bytes, FeedOptions{options.base_url, CharsetOf(options.content_type)});
        if (!feed) return std::unexpected(feed.error());
        return FeedToDocuments(*feed, options.now, options.feed_location, warnings);
      }
      return ParsePosts(bytes, options, warnings);
    case InputType::kPosts:
      return ParsePosts(bytes, options, warnings);
    case InputType::kMeasurement:
      return Fail(ErrorCode::kUnsupported,
                  fmt::format("a measurement file ({}), not a document: import it with "
                              "`corroborate measure import`",
                              MeasurementFileKind(bytes.substr(0, 4096))));
  }
  return Fail(ErrorCode::kInternal, "unknown input type");
}

}  // namespace corroborate::ingest
