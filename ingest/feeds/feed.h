// Feed parsing: RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1, Microsoft's
// CDF and OPML, mapped onto one model that mirrors gofeed's "universal" feed.
//
// Read as liberally as feedparser reads them: element and attribute names in
// any case; a root <feed> or <rss> in a namespace nobody knows read as Atom or
// RSS; Dublin Core (elements and terms), iTunes, Media RSS, admin and XHTML
// modules as fallbacks for the format's own elements; authors written "Name
// (email)" or "email (Name)" split; an RSS guid that is a permalink taken as
// the link when there is none; language tags written with '_' as with '-'.
//
// XML is parsed with libxml2 in one DOM pass. Hostile input is refused
// safely: no network, no DTD loading, external entities never read, entity
// expansion bounded over the whole document (ingest/limits.h). Malformed XML
// (unescaped '&', HTML entities, junk before the declaration, truncated
// CDATA, invalid bytes) is repaired and parsed in recovery mode; such results
// carry `recovered = true`. Every string in the model is valid UTF-8 and
// trimmed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "ingest/dates.h"

namespace corroborate::ingest {

struct FeedPerson {
  std::string name;
  std::string email;
  std::string url;     // Atom uri, JSON Feed url
  std::string avatar;  // JSON Feed
};

struct FeedImage {
  std::string url;
  std::string title;
};

struct FeedEnclosure {
  std::string url;
  std::string length;
  std::string type;
};

struct FeedItem {
  std::string title;
  std::string description;  // RSS description, Atom summary, JSON summary
  std::string content;      // content:encoded, Atom content, JSON content_html/_text
  std::string link;
  std::vector<std::string> links;
  std::string updated;  // as written
  std::optional<ParsedDate> updated_parsed;
  std::string published;
  std::optional<ParsedDate> published_parsed;
  std::vector<FeedPerson> authors;  // the first is "the" author
  std::string guid;
  std::optional<FeedImage> image;
  std::vector<std::string> categories;
  std::vector<FeedEnclosure> enclosures;
};

struct Feed {
  std::string feed_type;     // "rss", "atom", "json", "cdf"
  std::string feed_version;  // "2.0", "0.91", "1.0", "0.3", "1.1" ...
  std::string title;
  std::string description;
  std::string link;
  std::vector<std::string> links;
  std::string feed_link;  // the feed's own URL (rel=self, feed_url)
  std::string id;         // the feed's own identifier: Atom id, atom:id of an RSS channel
  std::string updated;
  std::optional<ParsedDate> updated_parsed;
  std::string published;
  std::optional<ParsedDate> published_parsed;
  std::vector<FeedPerson> authors;
  std::string language;
  std::optional<FeedImage> image;
  std::string copyright;
  std::string generator;
  std::vector<std::string> categories;
  std::vector<FeedItem> items;
  bool recovered = false;  // the bytes were malformed and repaired
};

struct FeedOptions {
  std::string url;      // where the feed came from: base for relative URLs
  std::string charset;  // charset of the HTTP Content-Type; overrides the document's
};

// Parses feed bytes. Fails with kParse for input that is not a feed (HTML
// page, empty, unrecoverable XML, JSON that is not a JSON Feed), kTooLarge
// for input over kMaxFeedBytes, kForbidden for hostile XML (an entity
// expansion bomb, or entity references adding more than
// kMaxEntityExpansionBytes; see ingest/limits.h), kUnsupported for an
// unknown encoding. The message does not name the input; callers add it.
[[nodiscard]] Result<Feed> ParseFeed(std::string_view bytes, const FeedOptions& options = {});

// One subscription of an OPML file. Nested outlines are flattened; an
// outline without its own category gets the titles of the folders around it
// joined by "/".
struct OpmlOutline {
  std::string title;  // title, else text
  std::string xml_url;
  std::string html_url;
  std::string type;
  std::string category;
};

// The outlines of an OPML document that have an xmlUrl, in document order.
// Fails as ParseFeed does; its cap is kMaxOpmlBytes.
[[nodiscard]] Result<std::vector<OpmlOutline>> ParseOpml(std::string_view bytes);

// One article Document per feed item: url = item link (else a URL-like
// GUID), guid, title, first author, published (else updated) time, language
// of the feed, text = item content (else description) turned from HTML into
// plain text with paragraphs separated by "\n", raw = that HTML. Identity
// (canonical URL, content hash) is filled. `fetched` is copied to each.
//
// An item with no link, GUID or text (only a title, an image or an
// enclosure) is identified by ItemHash over its title, HTML, image and
// enclosure URLs, the feed (its self link, link and title; `location`, the
// file or URL it was read from, when it has none of them) and its rank among
// the feed's items holding the same. An item with no title, content,
// image or enclosure is left out with a warning naming its position
// (appended to `warnings` if given).
[[nodiscard]] std::vector<Document> FeedToDocuments(const Feed& feed, Instant fetched = 0,
                                                    std::string_view location = {},
                                                    std::vector<std::string>* warnings = nullptr);

// The gofeed-style JSON object of `feed` (camelCase keys, empty fields
// omitted, "...Parsed" times in RFC 3339 UTC) plus "recovered" and "entries"
// (the item count); "path" first when `path` is not empty. One line, no
// trailing newline.
[[nodiscard]] std::string FeedToJson(const Feed& feed, std::string_view path = {});

}  // namespace corroborate::ingest
