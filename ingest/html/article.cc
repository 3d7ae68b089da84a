#include "ingest/html/article.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "ingest/dates.h"
#include "ingest/html/comments.h"
#include "ingest/html/dom.h"
#include "ingest/identity.h"
#include "ingest/limits.h"
#include "ingest/url.h"

namespace corroborate::ingest {
namespace {

using namespace html;

constexpr int kStripUnlikelys = 1;
constexpr int kWeightClasses = 2;
constexpr int kCleanConditionally = 4;
constexpr double kCharThreshold = 500;
constexpr int kTopCandidates = 5;

template <size_t N>
bool In(std::string_view s, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

constexpr std::string_view kPhrasingTags[] = {
    "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em",
    "embed", "i", "img", "input", "kbd", "label", "mark", "math", "meter", "noscript", "object",
    "output", "progress", "q", "ruby", "samp", "script", "select", "small", "span", "strong", "sub",
    "sup", "textarea", "time", "var", "wbr", "font"};
constexpr std::string_view kDivToPTags[] = {"blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"};
constexpr std::string_view kTagsToScore[] = {"section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"};
constexpr std::string_view kUnlikelyRoles[] = {
    "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"};

bool IsUnlikely(std::string_view m) {
  static const NeedleSet kUnlikely{
      "-ad-",       "ai2html", "banner",     "breadcrumbs",  "combx",    "comment",  "community",
      "cover-wrap", "disqus",  "extra",      "footer",       "gdpr",     "header",   "legends",
      "menu",       "related", "remark",     "replies",      "rss",      "shoutbox", "sidebar",
      "skyscraper", "social",  "sponsor",    "supplemental", "ad-break", "agegate",  "pagination",
      "pager",      "popup",   "yom-remote", "cookie"};
  return kUnlikely.FoundIn(m);
}
bool MaybeCandidate(std::string_view m) {
  static const NeedleSet kMaybe{"and",     "article", "body",    "column",
                                "content", "main",    "mathjax", "shadow"};
  return kMaybe.FoundIn(m);
}
bool IsPositive(std::string_view m) {
  static const NeedleSet kPositive{"article", "body", "content", "entry",      "hentry",
                                   "h-entry", "main", "page",    "pagination", "post",
                                   "text",    "blog", "story"};
  return kPositive.FoundIn(m);
}
bool IsNegative(std::string_view m) {
  static const NeedleSet kNegative{
      "-ad-",  "hidden",   "banner",  "combx",      "comment",  "com-",     "contact", "footer",
      "gdpr",  "masthead", "media",   "meta",       "outbrain", "promo",    "related", "scroll",
      "share", "shoutbox", "sidebar", "skyscraper", "sponsor",  "shopping", "tags",    "widget"};
  return kNegative.FoundIn(m) || HasToken(m, "hid");
}
bool IsBylineHint(std::string_view m) {
  static const NeedleSet kByline{"byline", "author", "dateline", "writtenby", "p-author"};
  return kByline.FoundIn(m);
}
// (\b|_)(share|sharedaddy)(\b|_)
bool IsShare(std::string_view m) {
  for (size_t pos = m.find("share"); pos != std::string_view::npos;
       pos = m.find("share", pos + 1)) {
    bool start_ok = pos == 0 || !std::isalnum(static_cast<unsigned char>(m[pos - 1]));
    size_t end = pos + 5;
    if (m.substr(pos).starts_with("sharedaddy")) end = pos + 10;
    bool end_ok = end >= m.size() || !std::isalnum(static_cast<unsigned char>(m[end]));
    if (!end_ok && end == pos + 5 && m.substr(pos).starts_with("sharedaddy")) end_ok = true;
    if (start_ok && end_ok) return true;
  }
  return false;
}

bool IsHeadingTag(std::string_view t) { return t.size() == 2 && t[0] == 'h' && t[1] >= '1' && t[1] <= '6'; }

bool IsWhitespaceNode(const xmlNode* n) {
  if (IsText(n)) return TrimAscii(Content(n)).empty();
  return Tag(n) == "br";
}

bool IsPhrasing(const xmlNode* n) {
  if (IsText(n)) return true;
  if (!IsElement(n)) return false;
  std::string_view tag = Tag(n);
  if (In(tag, kPhrasingTags)) return true;
  if (tag == "a" || tag == "del" || tag == "ins") {
    for (const xmlNode* c = n->children; c; c = c->next) {
      if ((IsText(c) || IsElement(c)) && !IsPhrasing(c)) return false;
    }
    return true;
  }
  return false;
}

bool HasChildBlockElement(const xmlNode* n) {
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (!IsElement(c)) continue;
    if (In(Tag(c), kDivToPTags) || HasChildBlockElement(c)) return true;
  }
  return false;
}

bool HasText(const xmlNode* n) {
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (IsText(c) && !TrimAscii(Content(c)).empty()) {
      std::string_view t = TrimAscii(Content(c));
      if (t != "\u00a0") return true;
    }
    if (IsElement(c) && HasText(c)) return true;
  }
  return false;
}

bool HasSingleTagInside(const xmlNode* n, std::string_view tag) {
  if (ElementChildCount(n) != 1 || Tag(FirstElementChild(n)) != tag) return false;
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (IsText(c) && !TrimAscii(Content(c)).empty()) return false;
  }
  return true;
}

int CountTags(xmlNode* n, std::initializer_list<std::string_view> tags) {
  std::vector<xmlNode*> found;
  CollectTags(n, tags, found);
  return static_cast<int>(found.size());
}

bool IsElementWithoutContent(xmlNode* n) {
  if (HasText(n)) return false;
  int children = ElementChildCount(n);
  return children == 0 || children == CountTags(n, {"br", "hr"});
}

bool IsProbablyVisible(const xmlNode* n) {
  std::string_view style = Attr(n, "style");
  if (!style.empty()) {
    std::string s;
    for (char c : style) {
      if (c != ' ' && c != '\t' && c != '\n') s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos) return false;
  }
  if (HasAttr(n, "hidden")) return false;
  if (Attr(n, "aria-hidden") == "true" && Attr(n, "class").find("fallback-image") == std::string_view::npos) {
    return false;
  }
  return true;
}

// Appends `child` as the last child of `parent` without merging text nodes.
void AppendChild(xmlNode* parent, xmlNode* child) {
  xmlUnlinkNode(child);
  child->parent = parent;
  child->prev = parent->last;
  child->next = nullptr;
  if (parent->last) parent->last->next = child;
  else parent->children = child;
  parent->last = child;
}

void SetTag(xmlNode* n, const char* tag) { xmlNodeSetName(n, reinterpret_cast<const xmlChar*>(tag)); }

xmlNode* NewElement(xmlDoc* doc, const char* tag) {
  return xmlNewDocNode(doc, nullptr, reinterpret_cast<const xmlChar*>(tag), nullptr);
}

// Words of `s` split like JS str.split(/\s+/).length.
int WordCount(std::string_view s) {
  int count = 1;
  bool in_space = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    if (space && !in_space) ++count;
    in_space = space;
  }
  return count;
}

std::vector<std::string> AsciiTokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// Readability's _textSimilarity: share of b's tokens (by length) also in a.
double TextSimilarity(std::string_view a, std::string_view b) {
  std::vector<std::string> ta = AsciiTokens(a), tb = AsciiTokens(b);
  if (ta.empty() || tb.empty()) return 0;
  size_t total = 0, unique = 0;
  for (size_t i = 0; i < tb.size(); ++i) {
    total += tb[i].size() + (i ? 1 : 0);
  }
  bool first = true;
  for (const std::string& t : tb) {
    if (std::find(ta.begin(), ta.end(), t) == ta.end()) {
      unique += t.size() + (first ? 0 : 1);
      first = false;
    }
  }
  return 1.0 - static_cast<double>(unique) / static_cast<double>(total);
}

std::string UnescapeEntities(std::string s) {
  if (s.find('&') == std::string::npos) return s;
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
    std::string_view ent = std::string_view(s).substr(i + 1, semi - i - 1);
    if (ent == "quot") out += '"';
    else if (ent == "amp") out += '&';
    else if (ent == "apos") out += '\'';
    else if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent.size() > 1 && ent[0] == '#') {
      char32_t cp = 0;
      bool hex = ent[1] == 'x' || ent[1] == 'X';
      for (char c : ent.substr(hex ? 2 : 1)) {
        int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                : hex && std::isxdigit(static_cast<unsigned char>(c)) ? (std::tolower(c) - 'a' + 10) : -1;
        if (d < 0 || cp > 0x10FFFF) {
          cp = 0xFFFD;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(d);
      }
      AppendUtf8(out, cp == 0 ? 0xFFFD : cp);
    } else {
      out += s[i];
      continue;
    }
    i = semi;
  }
  return out;
}

// ---------------------------------------------------------------- metadata

struct Metadata {
  std::unordered_map<std::string, std::string> values;  // meta name/property -> content
  std::string doc_title;                                // <title>, whitespace collapsed
  std::vector<std::string> headings;                    // h1/h2 texts (trimmed)
  std::vector<std::string> h1s;
  std::string html_lang, content_language, canonical, base;
  // JSON-LD
  std::string ld_name, ld_headline, ld_byline, ld_description, ld_site, ld_published, ld_modified;
  bool ld_found = false;
  // Dates from the markup.
  std::string itemprop_published, itemprop_modified, time_pubdate, first_time;
  std::string rel_author, itemprop_author;
};

bool IsArticleType(std::string_view type) {
  if (type.starts_with("Article")) return true;
  for (std::string_view t : {"AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle",
                             "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle",
                             "ReviewNewsArticle", "Report", "SatiricalArticle", "ScholarlyArticle",
                             "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting", "LiveBlogPosting",
                             "DiscussionForumPosting", "TechArticle", "APIReference"}) {
    if (type.find(t) != std::string_view::npos) return true;
  }
  return false;
}

bool JsonTypeMatches(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("@type")) return false;
  const auto& t = j["@type"];
  if (t.is_string()) return IsArticleType(t.get<std::string>());
  if (t.is_array()) {
    for (const auto& e : t) {
      if (e.is_string() && IsArticleType(e.get<std::string>())) return true;
    }
  }
  return false;
}

std::string JsonString(const nlohmann::json& j, const char* key) {
  if (j.is_object() && j.contains(key) && j[key].is_string()) return std::string(TrimAscii(j[key].get<std::string>()));
  return "";
}

std::string JsonAuthor(const nlohmann::json& author) {
  if (author.is_string()) return std::string(TrimAscii(author.get<std::string>()));
  if (author.is_object()) return JsonString(author, "name");
  if (author.is_array()) {
    std::string out;
    for (const auto& a : author) {
      std::string name = a.is_object() ? JsonString(a, "name") : a.is_string() ? a.get<std::string>() : "";
      if (name.empty()) continue;
      if (!out.empty()) out += ", ";
      out += name;
    }
    return out;
  }
  return "";
}

void ReadJsonLd(std::string_view text, Metadata& md) {
  if (md.ld_found) return;
  std::string_view body = TrimAscii(text);
  if (body.starts_with("<![CDATA[")) body.remove_prefix(9);
  if (body.ends_with("]]>")) body.remove_suffix(3);
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded()) return;
  if (parsed.is_array()) {
    nlohmann::json found;
    for (auto& it : parsed) {
      if (JsonTypeMatches(it)) {
        found = it;
        break;
      }
    }
    if (found.is_null()) return;
    parsed = std::move(found);
  }
  if (!parsed.is_object()) return;
  auto schema = [](const nlohmann::json& c) {
    if (!c.is_string()) return false;
    std::string s = c.get<std::string>();
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s == "http://schema.org" || s == "https://schema.org";
  };
  const auto ctx = parsed.value("@context", nlohmann::json());
  bool ok = schema(ctx) || (ctx.is_object() && schema(ctx.value("@vocab", nlohmann::json())));
  if (!ok) return;
  if (!parsed.contains("@type") && parsed.contains("@graph") && parsed["@graph"].is_array()) {
    nlohmann::json found;
    for (auto& it : parsed["@graph"]) {
      if (JsonTypeMatches(it)) {
        found = it;
        break;
      }
    }
    parsed = std::move(found);
  }
  if (!JsonTypeMatches(parsed)) return;
  md.ld_found = true;
  md.ld_name = JsonString(parsed, "name");
  md.ld_headline = JsonString(parsed, "headline");
  if (parsed.contains("author")) md.ld_byline = JsonAuthor(parsed["author"]);
  md.ld_description = JsonString(parsed, "description");
  if (parsed.contains("publisher")) md.ld_site = JsonString(parsed["publisher"], "name");
  md.ld_published = JsonString(parsed, "datePublished");
  md.ld_modified = JsonString(parsed, "dateModified");
}

// Readability's meta name/property patterns.
void ReadMeta(const xmlNode* n, Metadata& md) {
  std::string_view content = Attr(n, "content");
  std::string_view http_equiv = Attr(n, "http-equiv");
  if (EqualsIgnoreCase(http_equiv, "content-language") && !content.empty()) {
    md.content_language = std::string(TrimAscii(content));
  }
  if (content.empty()) return;
  std::string property = ToLowerAscii(Attr(n, "property"));
  bool matched = false;
  if (!property.empty()) {
    // Space-separated list: "og:title twitter:title".
    size_t pos = 0;
    while (pos < property.size()) {
      size_t end = property.find(' ', pos);
      if (end == std::string::npos) end = property.size();
      std::string p = property.substr(pos, end - pos);
      pos = end + 1;
      size_t colon = p.find(':');
      if (colon == std::string::npos) continue;
      std::string prefix = p.substr(0, colon), name = p.substr(colon + 1);
      if ((prefix == "article" || prefix == "dc" || prefix == "dcterm" || prefix == "og" || prefix == "twitter") &&
          (name == "author" || name == "creator" || name == "description" || name == "published_time" ||
           name == "title" || name == "site_name")) {
        md.values[p] = std::string(TrimAscii(content));
        matched = true;
      } else if (p == "article:modified_time" || p == "og:updated_time" || p == "og:locale" || p == "og:url") {
        md.values.try_emplace(p, std::string(TrimAscii(content)));
      }
    }
  }
  std::string name = ToLowerAscii(Attr(n, "name"));
  if (!matched && !name.empty()) {
    std::string key;
    for (char c : name) {
      if (c == ' ' || c == '\t' || c == '\n') continue;
      key += c == '.' ? ':' : c;
    }
    md.values.try_emplace("name=" + key, std::string(TrimAscii(content)));
    // Readability's namePattern: [(dc|dcterm|og|twitter|parsely|weibo:(article|webpage)) [-.:]]
    // (author|creator|pub-date|description|title|site_name).
    std::string_view rest = key;
    for (std::string_view prefix : {"dc", "dcterm", "og", "twitter", "parsely", "weibo:article", "weibo:webpage"}) {
      if (rest.starts_with(prefix) && rest.size() > prefix.size() &&
          (rest[prefix.size()] == '-' || rest[prefix.size()] == ':')) {
        rest.remove_prefix(prefix.size() + 1);
        break;
      }
    }
    if (rest == "author" || rest == "creator" || rest == "pub-date" || rest == "description" || rest == "title" ||
        rest == "site_name") {
      md.values[key] = std::string(TrimAscii(content));
    }
  }
  std::string_view itemprop = Attr(n, "itemprop");
  if (itemprop == "datePublished" && md.itemprop_published.empty()) md.itemprop_published = std::string(content);
  if (itemprop == "dateModified" && md.itemprop_modified.empty()) md.itemprop_modified = std::string(content);
}

void CollectMetadata(xmlNode* n, Metadata& md) {
  for (xmlNode* c = n->children; c; c = c->next) {
    if (!IsElement(c)) continue;
    std::string_view tag = Tag(c);
    if (tag == "meta") {
      ReadMeta(c, md);
    } else if (tag == "title") {
      if (md.doc_title.empty()) md.doc_title = NormalizedText(c);
      continue;
    } else if (tag == "link") {
      std::string_view rel = Attr(c, "rel");
      if (HasToken(rel, "canonical") && md.canonical.empty()) md.canonical = std::string(TrimAscii(Attr(c, "href")));
      if (HasToken(rel, "author") && md.rel_author.empty()) md.rel_author = std::string(TrimAscii(Attr(c, "title")));
    } else if (tag == "base") {
      if (md.base.empty()) md.base = std::string(TrimAscii(Attr(c, "href")));
    } else if (tag == "html") {
      md.html_lang = std::string(TrimAscii(Attr(c, "lang")));
      if (md.html_lang.empty()) md.html_lang = std::string(TrimAscii(Attr(c, "xml:lang")));
    } else if (tag == "script") {
      if (Attr(c, "type").find("ld+json") != std::string_view::npos) ReadJsonLd(TextOf(c), md);
      continue;
    } else if (tag == "h1" || tag == "h2") {
      std::string text = std::string(TrimAscii(TextOf(c)));
      if (tag == "h1") md.h1s.push_back(NormalizedText(c));
      md.headings.push_back(std::move(text));
    } else if (tag == "time") {
      std::string_view dt = TrimAscii(Attr(c, "datetime"));
      if (!dt.empty()) {
        if (HasAttr(c, "pubdate") && md.time_pubdate.empty()) md.time_pubdate = std::string(dt);
        if (md.first_time.empty()) md.first_time = std::string(dt);
      }
    }
    std::string_view itemprop = Attr(c, "itemprop");
    if (!itemprop.empty() && tag != "meta") {
      auto value = [&] {
        std::string_view v = Attr(c, "datetime");
        if (v.empty()) v = Attr(c, "content");
        return v.empty() ? NormalizedText(c) : std::string(TrimAscii(v));
      };
      if (itemprop == "datePublished" && md.itemprop_published.empty()) md.itemprop_published = value();
      if (itemprop == "dateModified" && md.itemprop_modified.empty()) md.itemprop_modified = value();
      if (HasToken(itemprop, "author") && md.itemprop_author.empty()) {
        const xmlNode* name = nullptr;
        std::vector<xmlNode*> inner;
        CollectTags(c, {"span", "a", "meta", "div"}, inner);
        for (xmlNode* i : inner) {
          if (Attr(i, "itemprop") == "name") name = i;
        }
        std::string text = name ? (Tag(name) == "meta" ? std::string(Attr(name, "content")) : NormalizedText(name))
                                : NormalizedText(c);
        if (text.size() < 100) md.itemprop_author = text;
      }
    }
    CollectMetadata(c, md);
  }
}

std::string Value(const Metadata& md, const std::string& key) {
  auto it = md.values.find(key);
  return it == md.values.end() ? "" : it->second;
}

// Readability's _getArticleTitle: the <title>, without the site name.
std::string ArticleTitleFromDoc(const Metadata& md) {
  const std::string orig = md.doc_title;
  std::string cur = orig;
  bool hierarchical = false;
  auto is_sep = [](std::string_view s, size_t i, size_t& len) {
    for (std::string_view sep : {"|", "-", "\\", "/", ">", "\u00bb", "\u2013", "\u2014"}) {
      if (s.substr(i).starts_with(sep)) {
        len = sep.size();
        return true;
      }
    }
    return false;
  };
  // Positions of " <sep> ".
  std::vector<size_t> seps;
  for (size_t i = 1; i + 1 < orig.size(); ++i) {
    size_t len = 0;
    if (orig[i - 1] == ' ' && is_sep(orig, i, len) && i + len < orig.size() && orig[i + len] == ' ') {
      seps.push_back(i - 1);
      std::string_view s = std::string_view(orig).substr(i, len);
      if (s == "\\" || s == "/" || s == ">" || s == "\u00bb") hierarchical = true;
    }
  }
  if (!seps.empty()) {
    cur = orig.substr(0, seps.back());
    if (WordCount(cur) < 3) {
      // Remove the first part instead: up to and including the first separator character.
      for (size_t i = 0; i < orig.size(); ++i) {
        size_t len = 0;
        if (is_sep(orig, i, len)) {
          cur = orig.substr(i + len);
          break;
        }
      }
    }
  } else if (orig.find(": ") != std::string::npos) {
    bool match = std::find(md.headings.begin(), md.headings.end(), std::string(TrimAscii(orig))) != md.headings.end();
    if (!match) {
      cur = orig.substr(orig.rfind(':') + 1);
      if (WordCount(cur) < 3) {
        cur = orig.substr(orig.find(':') + 1);
      } else if (WordCount(orig.substr(0, orig.find(':'))) > 5) {
        cur = orig;
      }
    }
  } else {
    size_t chars = 0;
    for (char c : orig) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if ((chars > 150 || chars < 15) && md.h1s.size() == 1) cur = md.h1s[0];
  }
  cur = CollapseWhitespace(cur);
  int words = WordCount(cur);
  if (words <= 4) {
    std::string stripped;
    for (size_t i = 0; i < orig.size(); ++i) {
      size_t len = 0;
      if (is_sep(orig, i, len)) {
        i += len - 1;
        continue;
      }
      stripped += orig[i];
    }
    if (!hierarchical || words != WordCount(stripped) - 1) cur = orig;
  }
  return cur;
}

bool IsUrl(std::string_view s) { return s.starts_with("http://") || s.starts_with("https://"); }

// ----------------------------------------------------------------- grabbing

// Normalized text of a stretch of the document, composable: the length of
// A+B is A + B + 1 when whitespace separates them (exactly what Measure()
// counts on the whole).
struct Segment {
  double length = 0, link_length = 0, first_weight = 0;
  int commas = 0;
  bool empty = true, has_space = false, lead_space = false, trail_space = false;
};

Segment Combine(const Segment& a, const Segment& b) {
  Segment r;
  if (a.empty) {
    r = b;
    r.lead_space = a.has_space || b.lead_space;
    r.has_space = a.has_space || b.has_space;
  } else if (b.empty) {
    r = a;
    r.trail_space = a.trail_space || b.has_space;
  } else {
    double join = (a.trail_space || b.lead_space) ? 1 : 0;
    r = a;
    r.length = a.length + b.length + join;
    r.link_length = a.link_length + b.link_length + join * b.first_weight;
    r.trail_space = b.trail_space;
  }
  r.commas = a.commas + b.commas;
  return r;
}

Segment TextSegment(std::string_view text, double weight) {
  Segment seg;
  seg.first_weight = weight;
  TextStats stats = Measure(nullptr, text, weight);
  seg.length = stats.length;
  seg.link_length = stats.link_length;
  seg.commas = stats.commas;
  seg.empty = stats.length == 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  size_t first = 0, end = text.size();
  while (first < end && is_space(text[first])) ++first;
  while (end > first && is_space(text[end - 1])) --end;
  if (first == text.size()) first = std::string_view::npos;
  const size_t last = end == 0 || first == std::string_view::npos ? std::string_view::npos : end - 1;
  seg.lead_space = first != 0;
  seg.trail_space = last == std::string_view::npos || last + 1 < text.size();
  // NBSP counts as whitespace too.
  if (!seg.empty) {
    std::string_view head = text.substr(first), tail = text.substr(0, last + 1);
    if (head.starts_with("\u00a0")) seg.lead_space = true;
    if (tail.ends_with("\u00a0")) seg.trail_space = true;
  } else {
    seg.has_space = !text.empty();
  }
  return seg;
}

// Walks `n`; elements whose _private points to a TextStats get their stats stored.
Segment MeasureMarked(xmlNode* n, double weight) {
  Segment seg;
  for (xmlNode* c = n->children; c; c = c->next) {
    if (IsText(c)) {
      seg = Combine(seg, TextSegment(Content(c), weight));
    } else if (IsElement(c)) {
      double w = weight;
      if (w == 0 && Tag(c) == "a") w = Attr(c, "href").starts_with("#") ? 0.3 : 1.0;
      seg = Combine(seg, MeasureMarked(c, w));
    }
  }
  if (n->_private) {
    auto* out = static_cast<TextStats*>(n->_private);
    if (weight > 0) {
      *out = Measure(n);  // inside a link: its own link density counts only links below it
    } else {
      out->length = seg.length;
      out->link_length = seg.link_length;
      out->commas = seg.commas;
    }
  }
  return seg;
}

class Grabber {
 public:
  Grabber(xmlDoc* doc, int flags, std::string title, std::string* byline)
      : doc_(doc), flags_(flags), title_(std::move(title)), byline_(byline) {}

  // The article container (detached from the document), or null.
  xmlNode* Grab();
  Graveyard& graveyard() { return graveyard_; }
  // The flags that changed something in Grab(): a flag set here made a rule
  // act (a node stripped or cleaned, a class weight other than 0). A flag
  // that is not set here could have been off without any difference.
  int effective_flags() const { return effective_; }

 private:
  bool Flag(int f) const { return (flags_ & f) != 0; }
  xmlNode* RemoveAndGetNext(xmlNode* n) {
    xmlNode* next = NextNode(n, true);
    graveyard_.Bury(n);
    return next;
  }
  double ClassWeight(const xmlNode* n) {
    if (!Flag(kWeightClasses)) return 0;
    double weight = 0;
    std::string cls = ToLowerAscii(Attr(n, "class"));
    if (!cls.empty()) {
      if (IsNegative(cls)) weight -= 25;
      if (IsPositive(cls)) weight += 25;
    }
    std::string id = ToLowerAscii(Attr(n, "id"));
    if (!id.empty()) {
      if (IsNegative(id)) weight -= 25;
      if (IsPositive(id)) weight += 25;
    }
    if (weight != 0) effective_ |= kWeightClasses;
    return weight;
  }
  void Initialize(xmlNode* n) {
    double score = 0;
    std::string_view tag = Tag(n);
    if (tag == "div") score += 5;
    else if (tag == "pre" || tag == "td" || tag == "blockquote") score += 3;
    else if (tag == "address" || tag == "ol" || tag == "ul" || tag == "dl" || tag == "dd" || tag == "dt" ||
             tag == "li" || tag == "form") score -= 3;
    else if (IsHeadingTag(tag) || tag == "th") score -= 5;
    score_[n] = score + ClassWeight(n);
  }
  bool CheckByline(xmlNode* n, std::string_view match) {
    if (!byline_->empty()) return false;
    if (Attr(n, "rel") == "author" || Attr(n, "itemprop").find("author") != std::string_view::npos ||
        IsBylineHint(match)) {
      std::string text = std::string(TrimAscii(TextOf(n)));
      if (!text.empty() && text.size() < 100 && HasText(n)) {
        *byline_ = CollapseWhitespace(text);
        return true;
      }
    }
    return false;
  }
  bool HeaderDuplicatesTitle(const xmlNode* n) const {
    std::string_view tag = Tag(n);
    if (tag != "h1" && tag != "h2") return false;
    return TextSimilarity(title_, TrimAscii(TextOf(n))) > 0.75;
  }
  void WrapPhrasing(xmlNode* div);
  void PrepArticle(xmlNode* article);
  // Grab's steps, Readability's order: strip the unlikely and invisible
  // nodes and collect those to score; score them into their ancestors and
  // keep the best candidates, highest first; pick the top candidate; merge
  // it with its qualifying siblings into the article container.
  std::vector<xmlNode*> CollectNodesToScore(xmlNode* root);
  std::vector<xmlNode*> TopCandidates(const std::vector<xmlNode*>& to_score, xmlNode* body);
  xmlNode* ChooseTopCandidate(const std::vector<xmlNode*>& top, xmlNode* body);
  xmlNode* MergeSiblings(xmlNode* top_candidate);
  void CleanConditionally(xmlNode* e, std::string_view tag);
  void MarkDataTables(xmlNode* article);

  xmlDoc* doc_;
  int flags_;
  int effective_ = 0;
  std::string title_;
  std::string* byline_;
  Graveyard graveyard_;
  std::unordered_map<const xmlNode*, double> score_;
  std::unordered_set<const xmlNode*> data_tables_;
};

void Grabber::WrapPhrasing(xmlNode* div) {
  xmlNode* p = nullptr;
  for (xmlNode* child = div->children; child;) {
    xmlNode* next = child->next;
    if (IsPhrasing(child)) {
      if (p) {
        AppendChild(p, child);
      } else if (!IsWhitespaceNode(child)) {
        p = NewElement(doc_, "p");
        xmlAddPrevSibling(child, p);
        AppendChild(p, child);
      }
    } else if (p) {
      while (p->last && IsWhitespaceNode(p->last)) graveyard_.Bury(p->last);
      p = nullptr;
    }
    child = next;
  }
  if (p) {
    while (p->last && IsWhitespaceNode(p->last)) graveyard_.Bury(p->last);
  }
}

xmlNode* Grabber::Grab() {
  xmlNode* root = xmlDocGetRootElement(doc_);
  if (!root) return nullptr;
  xmlNode* body = FindFirst(root, "body");
  if (Tag(root) == "body") body = root;
  if (!body) return nullptr;
  const std::vector<xmlNode*> to_score = CollectNodesToScore(root);
  const std::vector<xmlNode*> top = TopCandidates(to_score, body);
  xmlNode* article = MergeSiblings(ChooseTopCandidate(top, body));
  PrepArticle(article);
  return article;
}

std::vector<xmlNode*> Grabber::CollectNodesToScore(xmlNode* root) {
  std::vector<xmlNode*> to_score;
  bool remove_title_header = true;
  for (xmlNode* node = root; node;) {
    std::string_view tag = Tag(node);
    // Most elements carry no attributes: none of the attribute rules can fire then.
    const bool has_attrs = node->properties != nullptr;
    const std::string match = has_attrs ? MatchString(node) : std::string(" ");
    if (has_attrs && !IsProbablyVisible(node)) {
      node = RemoveAndGetNext(node);
      continue;
    }
    if (has_attrs && Attr(node, "aria-modal") == "true" && Attr(node, "role") == "dialog") {
      node = RemoveAndGetNext(node);
      continue;
    }
    if (has_attrs && CheckByline(node, match)) {
      node = RemoveAndGetNext(node);
      continue;
    }
    if (remove_title_header && HeaderDuplicatesTitle(node)) {
      remove_title_header = false;
      node = RemoveAndGetNext(node);
      continue;
    }
    if (Flag(kStripUnlikelys)) {
      if (IsUnlikely(match) && !MaybeCandidate(match) && !HasAncestorTag(node, "table") &&
          !HasAncestorTag(node, "code") && tag != "body" && tag != "a") {
        effective_ |= kStripUnlikelys;
        node = RemoveAndGetNext(node);
        continue;
      }
      if ((has_attrs && In(Attr(node, "role"), kUnlikelyRoles)) || tag == "nav") {
        effective_ |= kStripUnlikelys;
        node = RemoveAndGetNext(node);
        continue;
      }
    }
    if ((tag == "div" || tag == "section" || tag == "header" || IsHeadingTag(tag)) && IsElementWithoutContent(node)) {
      node = RemoveAndGetNext(node);
      continue;
    }
    if (In(tag, kTagsToScore)) to_score.push_back(node);
    if (tag == "div") {
      WrapPhrasing(node);
      if (HasSingleTagInside(node, "p") && LinkDensity(node) < 0.25) {
        xmlNode* p = FirstElementChild(node);
        xmlUnlinkNode(p);
        xmlReplaceNode(node, p);
        graveyard_.Bury(node);
        node = p;
        to_score.push_back(node);
      } else if (!HasChildBlockElement(node)) {
        SetTag(node, "p");
        to_score.push_back(node);
      }
    }
    node = NextNode(node, false);
  }

  return to_score;
}

std::vector<xmlNode*> Grabber::TopCandidates(const std::vector<xmlNode*>& to_score, xmlNode* body) {
  // Score paragraphs into their ancestors.
  std::vector<xmlNode*> candidates;
  for (xmlNode* el : to_score) {
    if (!el->parent || !IsElement(el->parent)) continue;
    TextStats stats = Measure(el);
    if (stats.length < 25) continue;
    double content_score = 1 + (stats.commas + 1) + std::min(std::floor(stats.length / 100), 3.0);
    int level = 0;
    for (xmlNode* a = el->parent; a && level < 5; a = a->parent, ++level) {
      if (!IsElement(a) || !a->parent || !IsElement(a->parent)) break;
      if (!score_.contains(a)) {
        Initialize(a);
        candidates.push_back(a);
      }
      double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
      score_[a] += content_score / divider;
    }
  }
  // Link density of every candidate, from one walk over the body.
  std::vector<TextStats> candidate_stats(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) candidates[i]->_private = &candidate_stats[i];
  MeasureMarked(body, 0);
  for (xmlNode* c : candidates) c->_private = nullptr;
  std::vector<xmlNode*> top;
  for (size_t i = 0; i < candidates.size(); ++i) {
    xmlNode* c = candidates[i];
    const TextStats& cs = candidate_stats[i];
    double s = score_[c] * (1 - (cs.length > 0 ? cs.link_length / cs.length : 0));
    score_[c] = s;
    auto pos = std::find_if(top.begin(), top.end(), [&](xmlNode* t) { return s > score_[t]; });
    if (pos != top.end() || top.size() < kTopCandidates) top.insert(pos, c);
    if (top.size() > kTopCandidates) top.pop_back();
  }

  return top;
}

xmlNode* Grabber::ChooseTopCandidate(const std::vector<xmlNode*>& top, xmlNode* body) {
  xmlNode* top_candidate = top.empty() ? nullptr : top[0];
  if (!top_candidate || Tag(top_candidate) == "body") {
    top_candidate = NewElement(doc_, "div");
    while (body->children) AppendChild(top_candidate, body->children);
    AppendChild(body, top_candidate);
    Initialize(top_candidate);
  } else {
    std::vector<std::vector<xmlNode*>> alternative_ancestors;
    for (size_t i = 1; i < top.size(); ++i) {
      if (score_[top[i]] / score_[top_candidate] >= 0.75) {
        std::vector<xmlNode*> ancestors;
        for (xmlNode* a = top[i]->parent; a && IsElement(a); a = a->parent) ancestors.push_back(a);
        alternative_ancestors.push_back(std::move(ancestors));
      }
    }
    if (alternative_ancestors.size() >= 3) {
      for (xmlNode* parent = top_candidate->parent; parent && IsElement(parent) && Tag(parent) != "body";
           parent = parent->parent) {
        int lists = 0;
        for (const auto& anc : alternative_ancestors) {
          lists += std::find(anc.begin(), anc.end(), parent) != anc.end();
        }
        if (lists >= 3) {
          top_candidate = parent;
          break;
        }
      }
    }
    if (!score_.contains(top_candidate)) Initialize(top_candidate);
    double last_score = score_[top_candidate];
    double threshold = last_score / 3;
    for (xmlNode* parent = top_candidate->parent; parent && IsElement(parent) && Tag(parent) != "body";
         parent = parent->parent) {
      auto it = score_.find(parent);
      if (it == score_.end()) continue;
      if (it->second < threshold) break;
      if (it->second > last_score) {
        top_candidate = parent;
        break;
      }
      last_score = it->second;
    }
    for (xmlNode* parent = top_candidate->parent;
         parent && IsElement(parent) && Tag(parent) != "body" && ElementChildCount(parent) == 1;
         parent = top_candidate->parent) {
      top_candidate = parent;
    }
    if (!score_.contains(top_candidate)) Initialize(top_candidate);
  }

  return top_candidate;
}

xmlNode* Grabber::MergeSiblings(xmlNode* top_candidate) {
  // Merge the qualifying siblings.
  xmlNode* article = NewElement(doc_, "div");
  graveyard_.Bury(article);
  const double top_score = score_[top_candidate];
  const double sibling_threshold = std::max(10.0, top_score * 0.2);
  const std::string_view top_class = Attr(top_candidate, "class");
  xmlNode* parent = top_candidate->parent;
  std::vector<xmlNode*> siblings;
  for (xmlNode* s = parent ? FirstElementChild(parent) : top_candidate; s; s = NextElementSibling(s)) {
    siblings.push_back(s);
    if (!parent) break;
  }
  for (xmlNode* sibling : siblings) {
    bool append = sibling == top_candidate;
    if (!append) {
      double bonus = (!top_class.empty() && Attr(sibling, "class") == top_class) ? top_score * 0.2 : 0;
      auto it = score_.find(sibling);
      if (it != score_.end() && it->second + bonus >= sibling_threshold) {
        append = true;
      } else if (Tag(sibling) == "p") {
        TextStats stats = Measure(sibling);
        double density = stats.length > 0 ? stats.link_length / stats.length : 0;
        if (stats.length > 80 && density < 0.25) {
          append = true;
        } else if (stats.length < 80 && stats.length > 0 && density == 0) {
          std::string text = NormalizedText(sibling);
          append = text.find(". ") != std::string::npos || text.ends_with(".");
        }
      }
    }
    if (append) AppendChild(article, sibling);
  }
  return article;
}

void Grabber::MarkDataTables(xmlNode* article) {
  std::vector<xmlNode*> tables;
  CollectTags(article, {"table"}, tables);
  for (xmlNode* t : tables) {
    if (Attr(t, "role") == "presentation" || Attr(t, "datatable") == "0") continue;
    bool data = !Attr(t, "summary").empty();
    if (!data) {
      xmlNode* caption = FindFirst(t, "caption");
      data = caption && caption->children;
    }
    if (!data) data = CountTags(t, {"col", "colgroup", "tfoot", "thead", "th"}) > 0;
    if (!data) {
      if (FindFirst(t, "table")) continue;
      std::vector<xmlNode*> rows;
      CollectTags(t, {"tr"}, rows);
      int columns = 0;
      for (xmlNode* r : rows) {
        int cells = 0;
        for (xmlNode* c = FirstElementChild(r); c; c = NextElementSibling(c)) {
          if (Tag(c) == "td" || Tag(c) == "th") cells += std::max(1, std::atoi(std::string(Attr(c, "colspan")).c_str()));
        }
        columns = std::max(columns, cells);
      }
      int n_rows = static_cast<int>(rows.size());
      if (columns == 1 || n_rows == 1) continue;
      data = n_rows >= 10 || columns > 4 || n_rows * columns > 10;
    }
    if (data) data_tables_.insert(t);
  }
}


// Descendant counts Readability's _cleanConditionally looks at, in one walk.
struct Census {
  int p = 0, img = 0, li = 0, input = 0, embeds = 0;
  std::vector<xmlNode*> lists, headings, textish, tables;
};

void TakeCensus(xmlNode* n, Census& c) {
  for (xmlNode* ch = n->children; ch; ch = ch->next) {
    if (!IsElement(ch)) continue;
    std::string_view t = Tag(ch);
    if (t == "p") ++c.p;
    else if (t == "img") ++c.img;
    else if (t == "li") ++c.li;
    else if (t == "input") ++c.input;
    else if (t == "object" || t == "embed" || t == "iframe") ++c.embeds;
    if (t == "ul" || t == "ol") c.lists.push_back(ch);
    if (IsHeadingTag(t)) c.headings.push_back(ch);
    if (t == "table") c.tables.push_back(ch);
    if (t == "span" || t == "li" || t == "td" || In(t, kDivToPTags)) c.textish.push_back(ch);
    TakeCensus(ch, c);
  }
}


void Grabber::CleanConditionally(xmlNode* e, std::string_view tag) {
  if (!Flag(kCleanConditionally)) return;
  std::vector<xmlNode*> nodes;
  CollectTags(e, {tag}, nodes);
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    xmlNode* node = *it;
    if (tag == "table" && data_tables_.contains(node)) continue;
    bool in_data_table = false;
    for (xmlNode* p = node->parent; p && IsElement(p) && !data_tables_.empty(); p = p->parent) {
      if (Tag(p) == "table" && data_tables_.contains(p)) in_data_table = true;
    }
    if (in_data_table || HasAncestorTag(node, "code")) continue;
    Census census;
    TakeCensus(node, census);
    if (std::any_of(census.tables.begin(), census.tables.end(), [&](xmlNode* t) { return data_tables_.contains(t); })) {
      continue;
    }
    double weight = ClassWeight(node);
    bool remove = false;
    if (weight < 0) {
      effective_ |= kCleanConditionally;
      graveyard_.Bury(node);
      continue;
    }
    TextStats stats = Measure(node);
    if (stats.commas >= 10) continue;  // commas: close enough to Readability's "," count
    bool is_list = tag == "ul" || tag == "ol";
    if (!is_list && stats.length > 0 && !census.lists.empty()) {
      double list_length = 0;
      for (xmlNode* l : census.lists) list_length += Measure(l).length;
      is_list = list_length / stats.length > 0.9;
    }
    const int p = census.p, img = census.img, li = census.li - 100, input = census.input, embeds = census.embeds;
    const double content_length = stats.length;
    const double link_density = stats.length > 0 ? stats.link_length / stats.length : 0;
    const bool figure_child = HasAncestorTag(node, "figure");
    auto heading_density = [&] {
      double length = 0;
      for (xmlNode* h : census.headings) length += Measure(h).length;
      return stats.length > 0 ? length / stats.length : 0;
    };
    auto text_density = [&] {
      double length = 0;
      for (xmlNode* t : census.textish) length += Measure(t).length;
      return stats.length > 0 ? length / stats.length : 0;
    };
    auto ad_words = [&] {
      if (content_length > 20) return false;
      std::string lower = ToLowerAscii(NormalizedText(node));
      return lower == "ad" || lower == "advertising" || lower == "advertisement" || lower == "publicité" ||
             lower == "werbung" || lower == "anuncio" || lower == "loading" || lower == "loading...";
    };
    remove = ad_words() ||
             (!figure_child && img > 1 && static_cast<double>(p) / img < 0.5) ||
             (!is_list && li > p) ||
             (input > p / 3) ||
             (!is_list && weight < 25 && link_density > 0.2) ||
             (weight >= 25 && link_density > 0.5) ||
             ((embeds == 1 && content_length < 75) || embeds > 1) ||
             (!is_list && !figure_child && content_length < 25 && (img == 0 || img > 2) && link_density > 0 &&
              heading_density() < 0.9) ||
             (img == 0 && text_density() == 0);
    if (remove && is_list) {
      bool simple = true;
      for (xmlNode* c = FirstElementChild(node); c; c = NextElementSibling(c)) {
        if (ElementChildCount(c) > 1) simple = false;
      }
      if (simple && img == census.li) remove = false;
    }
    if (remove) {
      effective_ |= kCleanConditionally;
      graveyard_.Bury(node);
    }
  }
}

void Grabber::PrepArticle(xmlNode* article) {
  MarkDataTables(article);
  CleanConditionally(article, "form");
  CleanConditionally(article, "fieldset");
  std::vector<xmlNode*> junk;
  CollectTags(article, {"object", "embed", "footer", "link", "aside", "nav", "iframe", "input", "textarea",
                        "select", "button", "svg"},
              junk);
  for (xmlNode* n : junk) graveyard_.Bury(n);
  // Share bars.
  for (xmlNode* top = FirstElementChild(article); top; top = NextElementSibling(top)) {
    xmlNode* end = NextNode(top, true);
    for (xmlNode* n = NextNode(top, false); n && n != end;) {
      std::string match = MatchString(n);
      if (IsShare(match) && Measure(n).length < 500) {
        n = RemoveAndGetNext(n);
      } else {
        n = NextNode(n, false);
      }
    }
  }
  std::vector<xmlNode*> headers;
  CollectTags(article, {"h1", "h2"}, headers);
  for (xmlNode* h : headers) {
    if (ClassWeight(h) < 0) graveyard_.Bury(h);
  }
  CleanConditionally(article, "table");
  CleanConditionally(article, "ul");
  CleanConditionally(article, "div");
  std::vector<xmlNode*> paragraphs;
  CollectTags(article, {"p"}, paragraphs);
  for (xmlNode* p : paragraphs) {
    if (CountTags(p, {"img", "embed", "object", "iframe"}) == 0 && !HasText(p)) graveyard_.Bury(p);
  }
}

// --------------------------------------------------------------- assembling

std::optional<ParsedTime> FirstDate(std::initializer_list<std::string_view> candidates) {
  for (std::string_view c : candidates) {
    if (c.empty()) continue;
    if (auto t = ParseDate(c, {.skip_other_words = true})) return *t;
  }
  return std::nullopt;
}

std::string Sanitized(std::string s) {
  if (!IsValidUtf8(s)) s = SanitizeUtf8(s);
  return s;
}

std::string LanguageTag(std::string lang) {
  lang = std::string(TrimAscii(lang));
  for (char& c : lang) {
    if (c == '_') c = '-';
  }
  size_t comma = lang.find(',');
  if (comma != std::string::npos) lang = std::string(TrimAscii(lang.substr(0, comma)));
  return lang;
}

// The title, the way Readability chooses it.
std::string ChooseTitle(const Metadata& md) {
  std::string title;
  std::string doc_title = ArticleTitleFromDoc(md);
  std::string ld_title;
  if (!md.ld_name.empty() && !md.ld_headline.empty() && md.ld_name != md.ld_headline) {
    bool name_matches = TextSimilarity(md.ld_name, doc_title) > 0.75;
    bool headline_matches = TextSimilarity(md.ld_headline, doc_title) > 0.75;
    ld_title = headline_matches && !name_matches ? md.ld_headline : md.ld_name;
  } else {
    ld_title = !md.ld_name.empty() ? md.ld_name : md.ld_headline;
  }
  for (const std::string& candidate :
       {ld_title, Value(md, "dc:title"), Value(md, "dcterm:title"), Value(md, "og:title"),
        Value(md, "weibo:article:title"), Value(md, "weibo:webpage:title"), Value(md, "title"),
        Value(md, "twitter:title"), Value(md, "parsely-title"), doc_title}) {
    if (!candidate.empty()) {
      title = candidate;
      break;
    }
  }
  return UnescapeEntities(title);
}

// The byline from the page's metadata ("" when none names an author).
std::string ChooseByline(const Metadata& md) {
  std::string article_author = Value(md, "article:author");
  if (IsUrl(article_author)) article_author.clear();
  for (const std::string& candidate :
       {md.ld_byline, Value(md, "dc:creator"), Value(md, "dcterm:creator"), Value(md, "author"),
        Value(md, "parsely-author"), article_author}) {
    if (!candidate.empty()) return UnescapeEntities(candidate);
  }
  return {};
}

// Buries scripts, styles and the like in `prep_graveyard`, replaces <br><br>
// runs with paragraphs and turns <font> into <span>.
void PrepareDocument(xmlDoc* doc, xmlNode* root, Graveyard& prep_graveyard) {
  std::vector<xmlNode*> junk, brs, fonts;
  CollectTags(root, {"script", "noscript", "style", "template", "head", "font", "br"}, junk);
  for (xmlNode* n : junk) {
    std::string_view tag = Tag(n);
    if (tag == "br")
      brs.push_back(n);
    else if (tag == "font")
      fonts.push_back(n);
    else
      prep_graveyard.Bury(n);
  }
  for (xmlNode* n : fonts) SetTag(n, "span");
  auto next_significant = [](xmlNode* n) {
    while (n && !IsElement(n) &&
           (n->type == XML_COMMENT_NODE || (IsText(n) && TrimAscii(Content(n)).empty()))) {
      n = n->next;
    }
    return n;
  };
  for (xmlNode* br : brs) {
    if (!br->parent) continue;
    bool replaced = false;
    xmlNode* next = br->next;
    while ((next = next_significant(next)) && Tag(next) == "br") {
      replaced = true;
      xmlNode* after = next->next;
      prep_graveyard.Bury(next);
      next = after;
    }
    if (!replaced) continue;
    xmlNode* p = NewElement(doc, "p");
    xmlReplaceNode(br, p);
    prep_graveyard.Bury(br);
    next = p->next;
    while (next) {
      if (Tag(next) == "br") {
        xmlNode* after = next_significant(next->next);
        if (after && Tag(after) == "br") break;
      }
      if (!IsPhrasing(next)) break;
      xmlNode* sibling = next->next;
      AppendChild(p, next);
      next = sibling;
    }
    while (p->last && IsWhitespaceNode(p->last)) prep_graveyard.Bury(p->last);
    if (Tag(p->parent) == "p") SetTag(p->parent, "div");
  }
}

// Site name, excerpt, language, canonical URL and dates from the metadata.
void FillMetadata(const Metadata& md, const ArticleOptions& options, Article& article) {
  article.site_name = UnescapeEntities(!md.ld_site.empty() ? md.ld_site : Value(md, "og:site_name"));
  article.excerpt = UnescapeEntities(!md.ld_description.empty() ? md.ld_description
                                     : !Value(md, "dc:description").empty() ? Value(md, "dc:description")
                                     : !Value(md, "og:description").empty() ? Value(md, "og:description")
                                     : !Value(md, "description").empty() ? Value(md, "description")
                                                                         : Value(md, "twitter:description"));
  article.language = LanguageTag(!md.html_lang.empty()          ? md.html_lang
                                 : !md.content_language.empty() ? md.content_language
                                                                : Value(md, "og:locale"));

  // A URL longer than kMaxUrlBytes is not one; every comment would carry it.
  auto url_or_none = [](std::string url) { return url.size() > kMaxUrlBytes ? std::string() : url; };
  std::string base = options.url;
  if (std::string page_base = url_or_none(md.base); !page_base.empty()) {
    base = base.empty() ? page_base : ResolveUrl(base, page_base);
  }
  std::string canonical = url_or_none(!md.canonical.empty() ? md.canonical : Value(md, "og:url"));
  if (!canonical.empty() && !base.empty()) canonical = url_or_none(ResolveUrl(base, canonical));
  if (canonical.empty()) canonical = options.url;
  article.canonical_url = canonical;

  auto published = FirstDate({md.ld_published, Value(md, "article:published_time"), Value(md, "name=parsely-pub-date"),
                              md.itemprop_published, Value(md, "name=article:published_time"),
                              Value(md, "name=pubdate"), Value(md, "name=publishdate"), Value(md, "name=publish-date"),
                              Value(md, "name=date"), Value(md, "name=dc:date"), Value(md, "name=dc:date:issued"),
                              Value(md, "name=dcterms:date"), Value(md, "name=dcterms:created"),
                              Value(md, "name=sailthru:date"), Value(md, "name=article_date_original"),
                              md.time_pubdate, md.first_time});
  if (!published) {
    published = DateFromUrlPath(canonical);
    if (!published && !options.url.empty()) published = DateFromUrlPath(options.url);
  }
  if (published) {
    article.published = published->instant;
    article.published_precision = published->granularity;
    if (published->had_zone) article.published_offset = published->utc_offset;
  }
  if (auto modified = FirstDate({md.ld_modified, Value(md, "article:modified_time"), md.itemprop_modified,
                                 Value(md, "og:updated_time"), Value(md, "name=last-modified"),
                                 Value(md, "name=dcterms:modified")})) {
    article.modified = modified->instant;
  }
}

// Every text field as valid UTF-8.
void SanitizeArticle(Article& article) {
  for (Block& b : article.blocks) b.text = Sanitized(std::move(b.text));
  article.text = JoinBlocks(article.blocks);
  article.title = Sanitized(std::move(article.title));
  article.byline = Sanitized(std::move(article.byline));
  article.site_name = Sanitized(std::move(article.site_name));
  article.excerpt = Sanitized(std::move(article.excerpt));
  article.language = Sanitized(std::move(article.language));
  article.canonical_url = Sanitized(std::move(article.canonical_url));
  for (Comment& c : article.comments) {
    c.author = Sanitized(std::move(c.author));
    c.text = Sanitized(std::move(c.text));
    c.published_raw = Sanitized(std::move(c.published_raw));
  }
}

struct Attempt {
  std::vector<Block> blocks;
  double length = 0;
};

}  // namespace

Result<Article> ExtractArticle(std::string_view html_bytes, const ArticleOptions& options) {
  if (Status fits = CheckInputSize(InputKind::kHtmlPage, html_bytes.size()); !fits) {
    return std::unexpected(fits.error());
  }
  if (TrimAscii(html_bytes).empty()) return Fail(ErrorCode::kParse, "empty input");
  Article article;
  Metadata md;
  std::string title;
  std::string content_byline;
  std::vector<Attempt> attempts;
  int flags = kStripUnlikelys | kWeightClasses | kCleanConditionally;
  const PreparedHtml input = PrepareHtml(html_bytes, options.charset);
  for (int round = 0;; ++round) {
    ParseArena arena;  // before the document and graveyards: outlives them
    DocPtr doc = ParseHtml(input);
    xmlNode* root = xmlDocGetRootElement(doc.get());
    if (!root) return Fail(ErrorCode::kParse, "no HTML content");
    Graveyard comments_graveyard;
    std::vector<Comment> comments = ExtractComments(root, comments_graveyard);
    if (round == 0) {
      if (comments.size() > kMaxCommentsPerPage) comments.resize(kMaxCommentsPerPage);
      article.comments = std::move(comments);
      CollectMetadata(reinterpret_cast<xmlNode*>(doc.get()), md);
      title = ChooseTitle(md);
      article.byline = ChooseByline(md);
    }
    Graveyard prep_graveyard;
    PrepareDocument(doc.get(), root, prep_graveyard);
    std::string byline = article.byline;
    Grabber grabber(doc.get(), flags, title, &byline);
    xmlNode* content = grabber.Grab();
    Attempt attempt;
    if (content) {
      attempt.blocks = TextBlocks(content);
      attempt.length = Measure(content).length;
    }
    if (round == 0 && article.byline.empty()) content_byline = byline;
    attempts.push_back(std::move(attempt));
    if (attempts.back().length >= kCharThreshold) break;
    // Readability's next round turns off the next flag. A round whose
    // dropped flag made no rule act in this one would run exactly as this
    // one did (the same parse, the same decisions up to the first rule that
    // reads the flag, and that rule did nothing) and give the same result,
    // so it is skipped without parsing the page again.
    const int effective = grabber.effective_flags();
    bool retry = false;
    for (int f : {kStripUnlikelys, kWeightClasses, kCleanConditionally}) {
      if (!(flags & f)) continue;
      flags &= ~f;
      if ((effective & f) || options.every_round) {
        retry = true;
        break;
      }
    }
    if (!retry) break;
  }
  auto best = std::max_element(attempts.begin(), attempts.end(),
                               [](const Attempt& a, const Attempt& b) { return a.length < b.length; });
  if (attempts.back().length >= kCharThreshold) best = attempts.end() - 1;
  article.blocks = std::move(best->blocks);

  if (article.byline.empty()) article.byline = content_byline;
  if (article.byline.empty()) article.byline = md.itemprop_author.empty() ? md.rel_author : md.itemprop_author;
  article.byline = CollapseWhitespace(article.byline);
  article.title = std::string(TrimAscii(title));
  FillMetadata(md, options, article);

  SanitizeArticle(article);
  if (article.text.empty() && article.title.empty() && article.comments.empty()) {
    return Fail(ErrorCode::kParse, "no text found in the page");
  }
  return article;
}

std::vector<Document> ArticleDocuments(const Article& article, std::string_view url, std::string_view raw) {
  std::vector<Document> docs;
  Document doc;
  doc.kind = DocumentKind::kArticle;
  doc.url = std::string(url);
  doc.canonical_url = article.canonical_url.empty() ? CanonicalUrl(url) : CanonicalUrl(article.canonical_url);
  doc.title = article.title;
  doc.author = article.byline;
  doc.published = article.published;
  doc.published_precision = article.published_precision;
  doc.published_offset = article.published_offset;
  doc.modified = article.modified;
  doc.language = article.language;
  doc.text = article.text;
  doc.raw = std::string(raw);
  doc.raw_type = "text/html";
  FillIdentity(doc);
  const std::string parent = doc.canonical_url;
  docs.push_back(std::move(doc));
  for (size_t i = 0; i < article.comments.size(); ++i) {
    const Comment& c = article.comments[i];
    Document d;
    d.kind = DocumentKind::kComment;
    d.url = std::string(url);
    d.author = c.author;
    d.published = c.published;
    d.published_precision = c.published ? Granularity::kMinute : Granularity::kUnknown;
    d.language = article.language;
    d.text = c.text;
    d.parent_url = parent;
    FillIdentity(d);
    // Identity of the comment: its place on the page (CanonicalUrl would drop a fragment).
    d.canonical_url = parent + "#comment-" + std::to_string(i + 1);
    d.guid = d.canonical_url;
    docs.push_back(std::move(d));
  }
  return docs;
}

}  // namespace corroborate::ingest
