// Article extraction from one HTML page: the main text without boilerplate
// (navigation, ads, share bars, related links, comment forms), its title,
// byline, dates, language, canonical URL, and the reader comments the page
// carries, kept apart from the article text.
//
// The main text is found the way Mozilla Readability finds it: containers of
// paragraphs are scored by text length, commas and class/id hints, penalized
// by link density, and the best one is merged with its qualifying siblings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "core/time.h"

namespace corroborate::ingest {

struct ArticleOptions {
  std::string url;      // where the page was read from; resolves relative links, dates in the path
  std::string charset;  // charset from the HTTP Content-Type (either the bare name or the whole header)
  // Runs every one of Readability's retry rounds the text length asks for,
  // also those that cannot change the result (a round is skipped when the
  // flag it turns off made no rule act). Same output, slower: for tests.
  bool every_round = false;
};

enum class BlockKind { kParagraph, kHeading, kListItem, kQuote, kPre };

// One block of the main text, in document order.
struct Block {
  BlockKind kind = BlockKind::kParagraph;
  std::string text;  // whitespace collapsed (kPre keeps its line breaks)
};

// A reader comment found on the page.
struct Comment {
  std::string author;
  std::string published_raw;  // the time as the page wrote it
  std::optional<Instant> published;
  std::string text;
};

struct Article {
  std::string title;
  std::string byline;
  std::string site_name;
  std::string excerpt;
  std::string language;       // BCP 47 ("en", "en-US"), "" when unknown
  std::string canonical_url;  // absolute when a page URL or <base> allowed resolving it
  std::optional<Instant> published;
  Granularity published_precision = Granularity::kUnknown;
  std::optional<int> published_offset;  // seconds east of UTC, when the page's time gave a zone
  std::optional<Instant> modified;
  std::vector<Block> blocks;
  std::string text;  // blocks joined by "\n"
  std::vector<Comment> comments;  // the first kMaxCommentsPerPage (ingest/limits.h)
};

// Extracts the article from `html` (any charset: BOM, <meta charset>,
// http-equiv or options.charset decide; output is valid UTF-8). Broken markup
// is recovered. Fails with kParse for empty input or a page without any text,
// kTooLarge for a page over kMaxHtmlPageBytes (ingest/limits.h).
[[nodiscard]] Result<Article> ExtractArticle(std::string_view html, const ArticleOptions& options);

// The article as Documents: first the article (kind article, url = `url`,
// canonical URL, title, author, times, text), then one kind-comment Document
// per comment with parent_url = the article's canonical URL and identity
// (canonical_url, guid) "<article canonical>#comment-N". Identity fields
// are filled (ingest/identity.h); `raw` is stored on the article only.
[[nodiscard]] std::vector<Document> ArticleDocuments(const Article& article, std::string_view url,
                                                     std::string_view raw);

}  // namespace corroborate::ingest
