// Small text helpers, and feed items to Documents (their text through
// html::HtmlFragmentToText).
#include <fmt/core.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "core/text.h"
#include "ingest/feeds/feed.h"
#include "ingest/feeds/internal.h"
#include "ingest/html/fragment_text.h"
#include "ingest/identity.h"

namespace corroborate::ingest {
namespace feeds_internal {

std::string Trimmed(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return std::string(s);
}

std::string NormalizeLanguage(std::string tag) {
  for (char& c : tag) {
    if (c == '_') c = '-';
  }
  return tag;
}

void SetDate(std::string text, std::string& field, std::optional<ParsedDate>& parsed) {
  field = Trimmed(text);
  parsed = ParseDate(field);
}

std::string FirstImageSrc(std::string_view html) {
  size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    ++pos;
    if (pos + 3 > html.size()) break;
    if (!EqualsIgnoreCase(html.substr(pos, 3), "img")) continue;
    size_t end = html.find('>', pos);
    std::string_view tag = html.substr(pos + 3, end == std::string_view::npos ? std::string_view::npos : end - pos - 3);
    for (size_t a = 0; a + 4 <= tag.size(); ++a) {
      if (!EqualsIgnoreCase(tag.substr(a, 3), "src")) continue;
      if (a > 0 && !std::isspace(static_cast<unsigned char>(tag[a - 1]))) continue;
      size_t v = a + 3;
      while (v < tag.size() && tag[v] == ' ') ++v;
      if (v >= tag.size() || tag[v] != '=') continue;
      ++v;
      while (v < tag.size() && tag[v] == ' ') ++v;
      if (v >= tag.size()) break;
      std::string value;
      if (tag[v] == '"' || tag[v] == '\'') {
        size_t close = tag.find(tag[v], v + 1);
        value = std::string(tag.substr(v + 1, close == std::string_view::npos ? std::string_view::npos : close - v - 1));
      } else {
        size_t stop = v;
        while (stop < tag.size() && !std::isspace(static_cast<unsigned char>(tag[stop]))) ++stop;
        value = std::string(tag.substr(v, stop - v));
      }
      for (size_t amp; (amp = value.find("&amp;")) != std::string::npos;) value.replace(amp, 5, "&");
      return Trimmed(value);
    }
  }
  return "";
}

FeedPerson ParseNameAddress(std::string_view text) {
  FeedPerson p;
  std::string s = Trimmed(text);
  if (s.empty()) return p;
  auto is_email = [](std::string_view v) {
    return v.find('@') != std::string_view::npos && v.find(' ') == std::string_view::npos;
  };
  if (s.back() == ')' || s.back() == '>') {
    char open = s.back() == ')' ? '(' : '<';
    size_t at = s.rfind(open);
    if (at != std::string::npos && at > 0) {
      std::string outer = Trimmed(std::string_view(s).substr(0, at));
      std::string inner = Trimmed(std::string_view(s).substr(at + 1, s.size() - at - 2));
      if (is_email(outer) && !inner.empty()) {
        p.email = outer;
        if (inner != outer) p.name = inner;
        return p;
      }
      if (is_email(inner) && !outer.empty()) {
        p.name = outer, p.email = inner;
        if (p.email.starts_with("mailto:")) p.email.erase(0, 7);
        return p;
      }
    }
  }
  if (is_email(s)) {
    p.email = s.starts_with("mailto:") ? s.substr(7) : s;
  } else {
    p.name = s;
  }
  return p;
}

}  // namespace feeds_internal

std::vector<Document> FeedToDocuments(const Feed& feed, Instant fetched, std::string_view location,
                                      std::vector<std::string>* warnings) {
  std::vector<Document> docs;
  docs.reserve(feed.items.size());
  // Where an item without URL, GUID or text stands: the feed as it names
  // itself, else the place it was read from.
  std::string feed_key = feed.feed_link + '\n' + feed.link + '\n' + feed.title;
  if (feed_key.size() == 2) feed_key = std::string(location);
  // Items without URL, GUID or text seen so far, by what they hold.
  std::unordered_map<std::string, int> seen;
  for (size_t at = 0; at < feed.items.size(); ++at) {
    const FeedItem& item = feed.items[at];
    Document d;
    d.kind = DocumentKind::kArticle;
    d.url = item.link;
    if (d.url.empty() && (item.guid.starts_with("http://") || item.guid.starts_with("https://"))) {
      d.url = item.guid;
    }
    d.guid = item.guid;
    d.title = html::HtmlFragmentToText(item.title);
    const std::vector<FeedPerson>& authors = item.authors.empty() ? feed.authors : item.authors;
    if (!authors.empty()) d.author = authors[0].name.empty() ? authors[0].email : authors[0].name;
    const std::optional<ParsedDate>& when = item.published_parsed ? item.published_parsed : item.updated_parsed;
    if (when) {
      d.published = when->instant;
      d.published_precision = when->granularity;
      if (when->had_zone) d.published_offset = when->utc_offset;
    }
    if (item.updated_parsed) d.modified = item.updated_parsed->instant;
    d.fetched = fetched;
    d.language = feed.language;
    d.raw = item.content.empty() ? item.description : item.content;
    d.raw_type = "text/html";
    d.text = html::HtmlFragmentToText(d.raw);
    if (d.title.empty() && d.raw.empty() && !item.image && item.enclosures.empty()) {
      if (warnings) {
        warnings->push_back(fmt::format(
            "item {}: nothing to store (no title, text, image or enclosure); skipped", at + 1));
      }
      continue;
    }
    FillIdentity(d);
    if (d.canonical_url.empty() && d.guid.empty() && d.content_hash.empty()) {
      // Identity from what the item holds, and which of the feed's items
      // holding the same it is (stable while the feed adds items around it).
      std::string held = d.title + '\0' + d.raw + '\0' + (item.image ? item.image->url : "");
      for (const FeedEnclosure& e : item.enclosures) held += '\0' + e.url;
      const int nth = seen[held]++;
      d.content_hash = ItemHash({feed_key, held, std::to_string(nth)});
    }
    docs.push_back(std::move(d));
  }
  return docs;
}

}  // namespace corroborate::ingest
