// Documents and sources: what ingest produces and the store keeps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/time.h"

namespace corroborate {

enum class DocumentKind { kArticle, kPost, kComment };

const char* DocumentKindName(DocumentKind kind);  // "article", "post", "comment"
std::optional<DocumentKind> DocumentKindFromName(std::string_view name);

// One piece of text someone published: an article, a social post, a reader
// comment. Plain value; `id` is 0 until the store assigns one.
struct Document {
  std::int64_t id = 0;
  std::int64_t source_id = 0;  // 0: not from a registered source
  DocumentKind kind = DocumentKind::kArticle;
  std::string url;            // where it was read from (URL or file path)
  std::string canonical_url;  // identity: <link rel=canonical>, feed link, or url
  std::string guid;           // feed GUID / post URI, identity when present
  std::string title;
  std::string author;
  std::optional<Instant> published;
  Granularity published_precision = Granularity::kUnknown;
  // The UTC offset (seconds east) the publication time was written with, when
  // it gave one: what "today" or "Monday" in the text is read against.
  std::optional<int> published_offset;
  std::optional<Instant> modified;
  Instant fetched = 0;
  std::string language;  // BCP 47 tag when known ("en", "en-US")
  std::string text;      // plain text, paragraphs separated by "\n"
  std::string content_hash;  // hex digest of the normalized text (ingest/identity.h)
  std::string raw;           // the bytes it was parsed from (the store compresses them)
  std::string raw_type;      // media type of `raw` ("text/html", "application/json", ...)
  std::string parent_url;    // comment: the article it belongs to; post: the post it replies to
  std::string quote_of;      // post: the post it quotes
};

// A place documents come from: a feed, a page, a social timeline.
enum class SourceKind { kFeed, kPage, kMastodon, kBluesky };

const char* SourceKindName(SourceKind kind);  // "feed", "page", "mastodon", "bluesky"
std::optional<SourceKind> SourceKindFromName(std::string_view name);

struct Source {
  std::int64_t id = 0;
  SourceKind kind = SourceKind::kFeed;
  std::string url;
  std::string title;
  char reliability = 'F';  // NATO Admiralty grade A (completely reliable) .. F (cannot be judged)
  std::string etag;
  std::string last_modified;
  Instant next_poll = 0;
  Instant poll_interval = 3600;
  std::string last_error;
  int consecutive_failures = 0;
};

}  // namespace corroborate
