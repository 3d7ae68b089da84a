// HTML to plain text, small text helpers, and feed items to Documents.
#include <fmt/core.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/text.h"
#include "ingest/feeds/feed.h"
#include "ingest/feeds/internal.h"
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

namespace {

bool IsBlock(std::string_view n) {
  static constexpr std::string_view kBlocks[] = {
      "p",     "div",  "br",      "li",      "ul",      "ol",      "h1",     "h2",
      "h3",    "h4",   "h5",      "h6",      "blockquote", "pre",  "table",  "tr",
      "section", "article", "header", "footer", "figure", "figcaption", "hr", "dd",
      "dt",    "dl",   "aside",   "nav",     "main",    "address", "form",   "details",
      "summary", "td", "th",      "center"};
  for (std::string_view b : kBlocks) {
    if (n == b) return true;
  }
  return false;
}

struct TextWalker {
  std::string para;
  std::string out;
  void Flush() {
    std::string s = CollapseWhitespace(para);
    para.clear();
    if (s.empty()) return;
    if (!out.empty()) out += '\n';
    out += s;
  }
  void Walk(xmlNode* node, int depth) {
    for (xmlNode* c = node; c != nullptr; c = c->next) {
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
        if (c->content) para += reinterpret_cast<const char*>(c->content);
      } else if (c->type == XML_ELEMENT_NODE && depth < 256) {
        std::string_view name = reinterpret_cast<const char*>(c->name);
        if (name == "script" || name == "style" || name == "noscript" || name == "head" ||
            name == "template") {
          continue;
        }
        bool block = IsBlock(name);
        if (block) Flush();
        Walk(c->children, depth + 1);
        if (block) Flush();
      }
    }
  }
};

}  // namespace

std::string HtmlToText(std::string_view html) {
  if (html.find('<') == std::string_view::npos && html.find('&') == std::string_view::npos) {
    return CollapseWhitespace(html);
  }
  if (html.size() > 64 * 1024 * 1024) return "";
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                         HTML_PARSE_NONET | HTML_PARSE_COMPACT),
      &xmlFreeDoc);
  if (!doc) return CollapseWhitespace(html);
  TextWalker w;
  w.Walk(xmlDocGetRootElement(doc.get()), 0);
  w.Flush();
  return w.out;
}

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
    d.title = HtmlToText(item.title);
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
    d.text = HtmlToText(d.raw);
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
