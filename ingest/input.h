// Bytes to documents: what kind of input a file or a fetched body is, and
// the one dispatch from each kind to its parser, used by `ingest` (files)
// and by the poller (fetched bodies) alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "core/time.h"
#include "ingest/limits.h"

namespace corroborate::ingest {

enum class InputType {
  kText,         // plain UTF-8 text: one document
  kFeed,         // RSS, Atom, RDF (and OPML read as a feed)
  kHtml,         // an HTML page: the article and its comments
  kJson,         // a JSON Feed, else Mastodon or Bluesky posts (DetectSocialJson)
  kPosts,        // Mastodon or Bluesky posts (a fetched timeline)
  kMeasurement,  // measurements for `measure import`, not a document (MeasurementFileKind)
};

// What kind of measurement file `head` (its first bytes, at least 1024)
// begins: "MRT" (gzip or bzip2 compressed, or an MRT record header),
// "CSV windows" (after # comments, a header naming entity, start and end),
// "IODA JSON" (an IODA API v2 envelope or its series), "Cloudflare Radar
// JSON" (outage annotations); nullptr for anything else. Strict enough that
// no feed, page, post list or text is taken for one.
[[nodiscard]] const char* MeasurementFileKind(std::string_view head);

// The type of a file: a measurement file by its first bytes
// (MeasurementFileKind) whatever its name, else by its extension (.txt .text .md, .html .htm
// .xhtml, .xml .rss .atom .rdf .opml, .json), else by its first bytes after a BOM and white space
// ("{" or "[": JSON; "<rss", "<feed", "<rdf:rdf", "<opml": a feed; "<html", "<!doctype html",
// "<body", "<p>": HTML; another "<?xml": a feed); anything else is text. `head` is at least the
// first 1024 bytes (or the whole file).
[[nodiscard]] InputType DetectInputType(std::string_view path, std::string_view head);

// The size cap (limits.h) of an input of `type`.
[[nodiscard]] InputKind LimitKind(InputType type);

// Fails with kTooLarge, "PATH: 70.3 MB exceeds the 64 MB limit for one HTML
// page", when `path` is a regular file over the cap of `kind`. Succeeds when
// the size cannot be learnt (a pipe, a missing file): the read reports what
// is wrong, and the parser checks the bytes it is given.
[[nodiscard]] Status CheckFileSize(const std::string& path, InputKind kind);

// CheckFileSize for a file to be read by DetectInputType's verdict: a file
// over the smallest cap has its first bytes read to learn its type.
[[nodiscard]] Status CheckInputFileSize(const std::string& path);

// file://ABSOLUTE-PATH: a text file's URL, and where a feed that does not
// name itself is.
[[nodiscard]] std::string FileLocation(const std::string& path);

struct InputOptions {
  std::string base_url;  // where the bytes came from; resolves relative links ("" for a file)
  std::string
      content_type;  // HTTP Content-Type, its charset overriding the document's ("" for a file)
  std::string document_url;   // HTML: the page document's URL; text: the document's URL
  std::string feed_location;  // a feed's own identity, for items with no link, GUID or text
  Instant now = 0;            // fetched time of feed items
  DocumentKind text_kind = DocumentKind::kArticle;  // the kind of a text document
  bool require_documents = false;                   // no posts is an error (an empty feed is not)
};

// The documents in `bytes` of `type`. Errors carry no file or URL (the
// caller adds its context): the parser's error, "not valid UTF-8 (first bad
// byte at offset N) ...", "no text to store (empty file)", "no article text
// found in the page", with `require_documents` "no posts found", for
// kMeasurement "a measurement file (KIND), not a document: import it with
// `corroborate measure import`". Warnings (items left out, ...) go to `warnings`. Text
// keeps the bytes as the document's raw; identity is left to the caller
// where the parser does not fill it.
[[nodiscard]] Result<std::vector<Document>> ParseInput(InputType type, std::string_view bytes,
                                                       const InputOptions& options,
                                                       std::vector<std::string>* warnings);

}  // namespace corroborate::ingest
