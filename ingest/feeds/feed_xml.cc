// XML feeds (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) and OPML with libxml2.
//
// One strict parse first; only when it fails are the bytes repaired
// (junk before the declaration, stray '&', HTML entities, control
// characters, truncated CDATA, invalid UTF-8) and parsed again in recovery
// mode. Entities are never substituted by libxml2 (no XML_PARSE_NOENT), no
// DTD is loaded, the network is off, and a document is refused when its
// internal subset declares an entity expanding past kMaxEntityBytes or when
// its entity references, in content and attributes, would add more than
// kMaxEntityExpansionBytes (ingest/limits.h).
#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <fmt/core.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/text.h"
#include "ingest/feeds/feed.h"
#include "ingest/feeds/internal.h"
#include "ingest/html/dom.h"
#include "ingest/limits.h"
#include "ingest/url.h"

namespace corroborate::ingest {

using namespace feeds_internal;

namespace {

using html::DocPtr;
struct CtxtDeleter {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

// ---------------------------------------------------------------- parsing

struct ErrorLog {
  int errors = 0;
  bool entity_bomb = false;
  bool unsupported_encoding = false;
  std::string first;
};

void OnXmlError(void* user, xmlErrorPtr e) {
  auto* log = static_cast<ErrorLog*>(user);
  if (e == nullptr || e->level < XML_ERR_ERROR || e->domain == XML_FROM_NAMESPACE) return;
  ++log->errors;
  if (e->code == XML_ERR_ENTITY_LOOP) log->entity_bomb = true;
  if (e->code == XML_ERR_UNSUPPORTED_ENCODING) log->unsupported_encoding = true;
  if (log->first.empty() && e->message) {
    log->first = "line " + std::to_string(e->line) + ": " + Trimmed(e->message);
  }
}

// Routes libxml2's error reports of this thread into an ErrorLog.
class ErrorCapture {
 public:
  explicit ErrorCapture(ErrorLog* log) : old_(xmlStructuredError), old_ctx_(xmlStructuredErrorContext) {
    xmlSetStructuredErrorFunc(log, OnXmlError);
  }
  ~ErrorCapture() { xmlSetStructuredErrorFunc(old_ctx_, old_); }
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;

 private:
  xmlStructuredErrorFunc old_;
  void* old_ctx_;
};

DocPtr ReadXml(std::string_view data, const char* encoding, bool recover, ErrorLog& log) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  ErrorCapture capture(&log);
  std::unique_ptr<xmlParserCtxt, CtxtDeleter> ctxt(xmlNewParserCtxt());
  if (!ctxt) return nullptr;
  int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_NOWARNING;
  if (recover) options |= XML_PARSE_RECOVER;
  DocPtr doc(xmlCtxtReadMemory(ctxt.get(), data.data(), static_cast<int>(data.size()), nullptr,
                               encoding, options));
  if (doc && !recover && !ctxt->wellFormed) doc.reset();
  return doc;
}

// Replacement-text size of every internal entity, references included.
class EntityMeter {
 public:
  explicit EntityMeter(xmlDtd* dtd) : dtd_(dtd) {}
  size_t Size(const xmlChar* name, int depth) {
    std::string key(reinterpret_cast<const char*>(name));
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    auto* ent = static_cast<xmlEntity*>(xmlHashLookup(static_cast<xmlHashTablePtr>(dtd_->entities), name));
    if (ent == nullptr || ent->content == nullptr) return 0;
    if (depth > 32) return kMaxEntityBytes + 1;
    memo_[key] = kMaxEntityBytes + 1;  // a cycle counts as a bomb
    std::string_view text(reinterpret_cast<const char*>(ent->content));
    size_t total = text.size();
    for (size_t i = 0; i < text.size() && total <= kMaxEntityBytes; ++i) {
      if (text[i] != '&' || i + 1 >= text.size() || text[i + 1] == '#') continue;
      size_t end = text.find(';', i);
      if (end == std::string_view::npos) break;
      std::string ref(text.substr(i + 1, end - i - 1));
      total += Size(reinterpret_cast<const xmlChar*>(ref.c_str()), depth + 1);
      i = end;
    }
    memo_[key] = total;
    return total;
  }

 private:
  xmlDtd* dtd_;
  std::unordered_map<std::string, size_t> memo_;
};

bool HasEntityBomb(xmlDoc* doc) {
  if (doc->intSubset == nullptr || doc->intSubset->entities == nullptr) return false;
  struct Scan {
    EntityMeter meter;
    bool bomb = false;
  } scan{EntityMeter(doc->intSubset)};
  xmlHashScan(
      static_cast<xmlHashTablePtr>(doc->intSubset->entities),
      [](void* payload, void* data, const xmlChar* name) {
        auto* s = static_cast<Scan*>(data);
        (void)payload;
        if (!s->bomb && s->meter.Size(name, 0) > kMaxEntityBytes) s->bomb = true;
      },
      &scan);
  return scan.bomb;
}

// Bytes the entity references of `doc` would add to its text, in element
// content and attribute values alike (a small entity referenced a million
// times is as bad as a billion laughs).
size_t EntityExpansion(xmlDoc* doc) {
  if (doc->intSubset == nullptr || doc->intSubset->entities == nullptr) return 0;
  EntityMeter meter(doc->intSubset);
  size_t total = 0;
  auto count = [&](const xmlNode* n) {
    if (n->type == XML_ENTITY_REF_NODE) total += meter.Size(n->name, 0);
  };
  // Depth first, without recursion; an entity reference's children are its declaration.
  const xmlNode* n = doc->children;
  while (n != nullptr) {
    count(n);
    if (n->type == XML_ELEMENT_NODE) {
      for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
        for (const xmlNode* c = a->children; c != nullptr; c = c->next) count(c);
      }
    }
    if (n->type == XML_ELEMENT_NODE && n->children != nullptr) {
      n = n->children;
      continue;
    }
    while (n != nullptr && n->next == nullptr) {
      n = n->parent;
      if (n != nullptr && n->type == XML_DOCUMENT_NODE) n = nullptr;
    }
    if (n != nullptr) n = n->next;
  }
  return total;
}

std::string DeclaredEncoding(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 256);
  if (!head.starts_with("<?xml")) return "";
  size_t end = head.find("?>");
  size_t at = head.find("encoding");
  if (at == std::string_view::npos || at > end) return "";
  at = head.find_first_of("\"'", at);
  if (at == std::string_view::npos) return "";
  size_t close = head.find(head[at], at + 1);
  if (close == std::string_view::npos) return "";
  return ToLowerAscii(head.substr(at + 1, close - at - 1));
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':';
}

bool IsXmlChar(unsigned long c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// Fixes the usual breakage of an ASCII-compatible document, outside CDATA
// sections and comments: stray '&' escaped, HTML entities turned into
// character references, invalid references and control characters dropped,
// an unterminated CDATA section closed.
std::string RepairXml(std::string_view in) {
  std::string out;
  out.reserve(in.size() + in.size() / 16 + 16);
  std::vector<std::string> declared;
  size_t i = 0;
  while (i < in.size()) {
    char c = in[i];
    if (c == '<') {
      auto copy_until = [&](std::string_view close, std::string_view terminator) {
        size_t end = in.find(close, i);
        if (end == std::string_view::npos) {
          out.append(in.substr(i));
          out.append(terminator);
          i = in.size();
        } else {
          out.append(in.substr(i, end + close.size() - i));
          i = end + close.size();
        }
      };
      std::string_view rest = in.substr(i);
      if (rest.starts_with("<![CDATA[")) {
        copy_until("]]>", "]]>");
      } else if (rest.starts_with("<!--")) {
        copy_until("-->", "-->");
      } else if (rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype")) {
        size_t start = i;
        int depth = 0;
        char quote = 0;
        for (; i < in.size(); ++i) {
          char d = in[i];
          if (quote) {
            if (d == quote) quote = 0;
          } else if (d == '"' || d == '\'') {
            quote = d;
          } else if (d == '[') {
            ++depth;
          } else if (d == ']') {
            --depth;
          } else if (d == '>' && depth <= 0) {
            ++i;
            break;
          }
        }
        std::string_view dt = in.substr(start, i - start);
        for (size_t e = dt.find("<!ENTITY"); e != std::string_view::npos; e = dt.find("<!ENTITY", e + 1)) {
          size_t n = e + 8;
          while (n < dt.size() && std::isspace(static_cast<unsigned char>(dt[n]))) ++n;
          size_t s = n;
          while (n < dt.size() && IsNameChar(dt[n])) ++n;
          if (n > s) declared.emplace_back(dt.substr(s, n - s));
        }
        out.append(dt);
      } else {
        out += c;
        ++i;
      }
      continue;
    }
    if (c == '&') {
      size_t j = i + 1;
      if (j < in.size() && in[j] == '#') {
        ++j;
        bool hex = j < in.size() && (in[j] == 'x' || in[j] == 'X');
        if (hex) ++j;
        size_t digits_start = j;
        unsigned long value = 0;
        while (j < in.size() && (hex ? std::isxdigit(static_cast<unsigned char>(in[j]))
                                     : std::isdigit(static_cast<unsigned char>(in[j])))) {
          int digit = std::isdigit(static_cast<unsigned char>(in[j])) ? in[j] - '0' : (in[j] | 0x20) - 'a' + 10;
          if (value <= 0x10FFFF) value = value * (hex ? 16 : 10) + static_cast<unsigned long>(digit);
          ++j;
        }
        if (j > digits_start && j < in.size() && in[j] == ';') {
          if (IsXmlChar(value)) out.append(in.substr(i, j + 1 - i));
          i = j + 1;
          continue;
        }
        out += "&amp;";
        ++i;
        continue;
      }
      while (j < in.size() && IsNameChar(in[j]) && j - i < 40) ++j;
      if (j > i + 1 && j < in.size() && in[j] == ';') {
        std::string name(in.substr(i + 1, j - i - 1));
        bool known = name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
        for (const std::string& d : declared) known = known || d == name;
        if (known) {
          out.append(in.substr(i, j + 1 - i));
        } else if (const htmlEntityDesc* html = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()))) {
          out += "&#" + std::to_string(html->value) + ";";
        } else {
          out += "&amp;";
          out += name;
          out += ';';
        }
        i = j + 1;
        continue;
      }
      out += "&amp;";
      ++i;
      continue;
    }
    unsigned char u = static_cast<unsigned char>(c);
    out += (u < 0x20 && c != '\t' && c != '\n' && c != '\r') ? ' ' : c;
    ++i;
  }
  return out;
}

// Parses XML bytes: strictly, then repaired in recovery mode.
Result<DocPtr> LoadXml(std::string_view bytes, const std::string& charset, bool& recovered) {
  // A byte order mark beats the HTTP charset (RFC 7303 section 3.2).
  bool bom = bytes.starts_with("\xef\xbb\xbf") || bytes.starts_with("\xff\xfe") || bytes.starts_with("\xfe\xff");
  if (bom && !charset.empty()) return LoadXml(bytes, "", recovered);
  const char* encoding = charset.empty() ? nullptr : charset.c_str();
  ErrorLog strict;
  DocPtr doc = ReadXml(bytes, encoding, false, strict);
  if (strict.entity_bomb) {
    return Fail(ErrorCode::kForbidden, "refused: entity expansion exceeds the limit (billion laughs?)");
  }
  if (strict.unsupported_encoding && !charset.empty()) {
    return LoadXml(bytes, "", recovered);  // a bogus HTTP charset: let the document decide
  }
  if (strict.unsupported_encoding) {
    return Fail(ErrorCode::kUnsupported, "unsupported character encoding" +
                                             (charset.empty() ? std::string() : " \"" + charset + "\""));
  }
  if (!doc) {
    recovered = true;
    bool utf16 = bytes.size() >= 2 && ((bytes[0] == '\xff' && bytes[1] == '\xfe') ||
                                       (bytes[0] == '\xfe' && bytes[1] == '\xff') || bytes[0] == '\0' ||
                                       bytes[1] == '\0');
    std::string repaired;
    std::string forced = charset;
    if (utf16) {
      repaired.assign(bytes);
    } else {
      std::string_view body = bytes;
      if (body.starts_with("\xef\xbb\xbf")) body.remove_prefix(3);
      size_t decl = body.find("<?xml");
      auto has_element = [](std::string_view v) {
        for (size_t k = v.find('<'); k != std::string_view::npos && k + 1 < v.size(); k = v.find('<', k + 1)) {
          if (std::isalpha(static_cast<unsigned char>(v[k + 1]))) return true;
        }
        return false;
      };
      if (decl != std::string_view::npos && decl < 4096 && !has_element(body.substr(0, decl))) {
        body.remove_prefix(decl);
      } else if (size_t lt = body.find('<'); lt != std::string_view::npos) {
        body.remove_prefix(lt);
      }
      repaired = RepairXml(body);
      std::string declared = DeclaredEncoding(repaired);
      bool utf8 = declared.empty() || declared == "utf-8" || declared == "utf8";
      if (forced.empty() && utf8 && !IsValidUtf8(repaired)) {
        if (declared.empty()) {
          forced = "windows-1252";  // undeclared and not UTF-8: the usual culprit
        } else {
          repaired = SanitizeUtf8(repaired);
        }
      }
    }
    ErrorLog loose;
    doc = ReadXml(repaired, forced.empty() ? nullptr : forced.c_str(), true, loose);
    if (loose.entity_bomb) {
      return Fail(ErrorCode::kForbidden, "refused: entity expansion exceeds the limit (billion laughs?)");
    }
    if (!doc || xmlDocGetRootElement(doc.get()) == nullptr) {
      return Fail(ErrorCode::kParse, "malformed XML" + (strict.first.empty() ? std::string() : " (" + strict.first + ")"));
    }
  }
  if (HasEntityBomb(doc.get())) {
    return Fail(ErrorCode::kForbidden, "refused: entity expansion exceeds the limit (billion laughs?)");
  }
  if (size_t added = EntityExpansion(doc.get()); added > kMaxEntityExpansionBytes) {
    return Fail(
        ErrorCode::kForbidden,
        fmt::format("refused: entity references would add {} of text, over the {} limit for one "
                    "document (entity expansion)",
                    FormatSize(added), FormatSize(kMaxEntityExpansionBytes)));
  }
  return doc;
}

// ---------------------------------------------------------------- DOM helpers

enum class Ns { kNone, kAtom, kRdf, kDc, kContent, kMedia, kItunes, kAdmin, kXhtml, kOther };

// The module a namespace URI names; "https://" is taken for "http://".
Ns NsFromUri(std::string_view uri) {
  if (uri.starts_with("http://")) {
    uri.remove_prefix(7);
  } else if (uri.starts_with("https://")) {
    uri.remove_prefix(8);
  }
  if (uri == "www.w3.org/2005/Atom" || uri == "purl.org/atom/ns#") return Ns::kAtom;
  if (uri == "purl.org/rss/1.0/" || uri == "my.netscape.com/rdf/simple/0.9/" ||
      uri == "purl.org/net/rss1.1#" || uri == "purl.org/rss/1.0/modules/rss091#" ||
      uri.starts_with("backend.userland.com/rss") ||
      uri.starts_with("blogs.law.harvard.edu/tech/rss")) {
    return Ns::kNone;
  }
  if (uri == "www.w3.org/1999/02/22-rdf-syntax-ns#") return Ns::kRdf;
  if (uri.starts_with("purl.org/dc/")) return Ns::kDc;
  if (uri == "purl.org/rss/1.0/modules/content/") return Ns::kContent;
  if (uri.starts_with("search.yahoo.com/mrss")) return Ns::kMedia;
  if (uri == "webns.net/mvcb/") return Ns::kAdmin;
  if (uri == "www.w3.org/1999/xhtml") return Ns::kXhtml;
  // iTunes' DTD URL in any case (www.itunes.com/DTDs/PodCast-1.0.dtd, .../dtds/podcast-1.0.dtd).
  for (size_t at = 0; (at = uri.find('.', at)) != std::string_view::npos; ++at) {
    if (at >= 6 && EqualsIgnoreCase(uri.substr(at - 6, 11), "itunes.com/")) return Ns::kItunes;
  }
  return Ns::kOther;
}

Ns NsFromPrefix(std::string_view p) {
  if (p == "atom" || p == "atom10" || p == "atom03") return Ns::kAtom;
  if (p == "dc" || p == "dcterms") return Ns::kDc;
  if (p == "content") return Ns::kContent;
  if (p == "media") return Ns::kMedia;
  if (p == "itunes") return Ns::kItunes;
  if (p == "rdf") return Ns::kRdf;
  if (p == "admin") return Ns::kAdmin;
  if (p == "xhtml") return Ns::kXhtml;
  if (p == "rss") return Ns::kNone;  // "rss:item" with the prefix never declared
  return Ns::kOther;
}

// The namespace of a document's root element when it is none of those above
// (`<feed xmlns="http://example.com/newformat#">`): elements in it are read as
// the root's format's own. Hung on the document's `_private` while mapping.
struct HomeNamespace {
  std::string href;
  Ns ns = Ns::kNone;
};

struct Name {
  Ns ns;
  std::string_view local;  // lower case
};

// The element's local name in lower case (feeds are written with <pubdate>,
// <PubDate> and CDF's <TITLE> alike), interned in the document's dictionary.
std::string_view LowerName(const xmlNode* n) {
  const char* name = reinterpret_cast<const char*>(n->name);
  size_t len = 0;
  bool upper = false;
  for (; name[len] != '\0'; ++len) upper = upper || (name[len] >= 'A' && name[len] <= 'Z');
  if (!upper || n->doc == nullptr || n->doc->dict == nullptr || len > 128) return {name, len};
  char lower[128];
  for (size_t i = 0; i < len; ++i) {
    lower[i] = (name[i] >= 'A' && name[i] <= 'Z') ? static_cast<char>(name[i] + 32) : name[i];
  }
  const xmlChar* interned =
      xmlDictLookup(n->doc->dict, reinterpret_cast<const xmlChar*>(lower), static_cast<int>(len));
  return interned ? std::string_view(reinterpret_cast<const char*>(interned), len)
                  : std::string_view(name, len);
}

Name NameOf(const xmlNode* n) {
  std::string_view name = LowerName(n);
  if (n->ns != nullptr && n->ns->href != nullptr) {
    std::string_view uri(reinterpret_cast<const char*>(n->ns->href));
    Ns ns = NsFromUri(uri);
    if (ns == Ns::kOther) {
      const auto* home = n->doc ? static_cast<const HomeNamespace*>(n->doc->_private) : nullptr;
      if (home != nullptr && uri == home->href) {
        ns = home->ns;
      } else if (n->ns->prefix != nullptr) {  // a known prefix bound to an unknown URI
        ns = NsFromPrefix(reinterpret_cast<const char*>(n->ns->prefix));
      }
    }
    return {ns, name};
  }
  if (size_t colon = name.find(':'); colon != std::string_view::npos) {  // undeclared prefix
    return {NsFromPrefix(name.substr(0, colon)), name.substr(colon + 1)};
  }
  return {Ns::kNone, name};
}

void TrimInPlace(std::string& s) {
  size_t b = 0;
  while (b < s.size() && static_cast<unsigned char>(s[b]) <= ' ') ++b;
  size_t e = s.size();
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
  if (b > 0 || e < s.size()) s = s.substr(b, e - b);
}

// Value of attribute `name` in any case (any namespace unless `xml_ns`), ""
// when absent.
std::string Attr(const xmlNode* n, std::string_view name, bool xml_ns = false) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (!EqualsIgnoreCase(name, reinterpret_cast<const char*>(a->name))) continue;
    bool is_xml = a->ns != nullptr && a->ns->prefix != nullptr &&
                  std::strcmp(reinterpret_cast<const char*>(a->ns->prefix), "xml") == 0;
    if (xml_ns != is_xml) continue;
    std::string v;
    for (const xmlNode* t = a->children; t != nullptr; t = t->next) {
      if (t->content) v += reinterpret_cast<const char*>(t->content);
    }
    TrimInPlace(v);
    return v;
  }
  return "";
}

// The text of one text, CDATA or entity-reference node; nothing for others.
void AppendNodeText(const xmlNode* c, std::string& out) {
  if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
    if (c->content) out += reinterpret_cast<const char*>(c->content);
  } else if (c->type == XML_ENTITY_REF_NODE) {
    // Internal entities only (bounded by LoadXml); external ones are never read.
    auto* ent = reinterpret_cast<const xmlEntity*>(c->children);
    if (ent != nullptr && ent->etype == XML_INTERNAL_GENERAL_ENTITY && ent->content) {
      out.append(reinterpret_cast<const char*>(ent->content), static_cast<size_t>(ent->length));
    } else if (ent == nullptr) {
      // Declared only in an external DTD that is never read (RSS 0.91's
      // Netscape DTD declares HTML's): an HTML entity stands for its character.
      if (const htmlEntityDesc* html = htmlEntityLookup(c->name)) AppendUtf8(out, html->value);
    }
  }
}

void AppendText(const xmlNode* first, std::string& out) {
  for (const xmlNode* c = first; c != nullptr; c = c->next) AppendNodeText(c, out);
}

bool HasElementChild(const xmlNode* n) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) return true;
  }
  return false;
}

std::string XhtmlOf(const xmlNode* first);

// Text of an element; markup inside it (unescaped HTML) is kept, written as
// XhtmlOf writes it.
std::string TextOf(const xmlNode* n) {
  if (HasElementChild(n)) return XhtmlOf(n->children);
  std::string out;
  AppendText(n->children, out);
  TrimInPlace(out);
  return out;
}

std::optional<std::string> Base64Decode(std::string_view in) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else if (c == '=' || std::isspace(static_cast<unsigned char>(c))) continue;
    else return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

void AppendEscaped(std::string_view text, bool attribute, std::string& out) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      default:
        out += c;
    }
  }
}

bool IsVoidHtmlElement(std::string_view name) {
  static constexpr std::string_view kVoid[] = {"area",  "base",   "br",    "col",  "embed",
                                               "hr",    "img",    "input", "link", "meta",
                                               "param", "source", "track", "wbr"};
  for (std::string_view v : kVoid) {
    if (name == v) return true;
  }
  return false;
}

// Inline XHTML (an Atom text construct of type "xhtml") written as HTML:
// elements by their local names, so that <xhtml:p> reads <p>; an SVG or
// MathML island keeps its namespace as xmlns="..." on its root, and an
// attribute of another namespace (xlink:href) its xmlns:prefix; attributes
// sorted by name; void HTML elements as <br />, other empty ones as <a></a>;
// comments and processing instructions dropped.
void AppendXhtml(const xmlNode* first, std::string& out, int depth) {
  static constexpr std::string_view kSvg = "http://www.w3.org/2000/svg";
  static constexpr std::string_view kMathMl = "http://www.w3.org/1998/Math/MathML";
  static constexpr std::string_view kXhtml = "http://www.w3.org/1999/xhtml";
  auto uri_of = [](const xmlNode* n) {
    return std::string_view(n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href
                                ? reinterpret_cast<const char*>(n->ns->href)
                                : "");
  };
  for (const xmlNode* c = first; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) {
      std::string text;
      AppendNodeText(c, text);
      AppendEscaped(text, false, out);
      continue;
    }
    if (depth > 256) continue;
    std::string_view name = reinterpret_cast<const char*>(c->name);
    std::string_view uri = uri_of(c);
    std::vector<std::pair<std::string, std::string>> attrs;
    if ((uri == kSvg || uri == kMathMl) && uri_of(c->parent) != uri) {
      attrs.emplace_back("xmlns", uri);
    }
    for (const xmlAttr* a = c->properties; a != nullptr; a = a->next) {
      std::string qname = reinterpret_cast<const char*>(a->name);
      if (a->ns != nullptr && a->ns->prefix != nullptr) {
        std::string prefix = reinterpret_cast<const char*>(a->ns->prefix);
        qname = prefix + ":" + qname;
        if (prefix != "xml" && a->ns->href != nullptr) {
          attrs.emplace_back("xmlns:" + prefix, reinterpret_cast<const char*>(a->ns->href));
        }
      }
      std::string value;
      AppendText(a->children, value);
      attrs.emplace_back(std::move(qname), std::move(value));
    }
    std::sort(attrs.begin(), attrs.end());
    attrs.erase(std::unique(attrs.begin(), attrs.end()), attrs.end());
    out += '<';
    out += name;
    for (const auto& [key, value] : attrs) {
      out += ' ';
      out += key;
      out += "=\"";
      AppendEscaped(value, true, out);
      out += '"';
    }
    if (c->children == nullptr && (uri.empty() || uri == kXhtml) && IsVoidHtmlElement(name)) {
      out += " />";
      continue;
    }
    out += '>';
    AppendXhtml(c->children, out, depth + 1);
    out += "</";
    out += name;
    out += '>';
  }
}

std::string XhtmlOf(const xmlNode* first) {
  std::string out;
  AppendXhtml(first, out, 0);
  TrimInPlace(out);
  return out;
}

// An Atom text construct (title, summary, content, rights ...).
std::string AtomText(const xmlNode* n) {
  std::string type = ToLowerAscii(Attr(n, "type"));
  std::string mode = ToLowerAscii(Attr(n, "mode"));
  if (type.find("xhtml") != std::string::npos || mode == "xml") {
    const xmlNode* only = nullptr;
    int elements = 0;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE) only = c, ++elements;
    }
    if (elements == 1 && std::strcmp(reinterpret_cast<const char*>(only->name), "div") == 0) {
      return XhtmlOf(only->children);
    }
    return XhtmlOf(n->children);
  }
  bool textual = type.empty() || type == "text" || type == "html" || type.starts_with("text/") ||
                 type.find("xml") != std::string::npos;
  if (mode == "base64" || (!textual && mode != "escaped")) {
    std::string raw = TextOf(n);
    if (auto decoded = Base64Decode(raw); decoded && IsValidUtf8(*decoded)) {
      TrimInPlace(*decoded);
      return *decoded;
    }
    return raw;
  }
  return TextOf(n);
}

bool HasScheme(std::string_view u) {
  for (size_t i = 0; i < u.size(); ++i) {
    char c = u[i];
    if (c == ':') return i > 0;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
  }
  return false;
}

// Resolves the relative values of href= and src= attributes in `html`,
// each costing `budget` the length of `base`; once `budget` is spent, the
// rest are kept as written.
std::string ResolveHtmlUrls(std::string_view html, const std::string& base, size_t& budget) {
  std::string out;
  size_t copied = 0;
  for (size_t eq = html.find('='); eq != std::string_view::npos; eq = html.find('=', eq + 1)) {
    size_t k = eq;
    while (k > 0 && html[k - 1] == ' ') --k;
    bool src = k >= 4 && EqualsIgnoreCase(html.substr(k - 3, 3), "src");
    bool href = k >= 5 && EqualsIgnoreCase(html.substr(k - 4, 4), "href");
    if (!src && !href) continue;
    size_t name_start = k - (src ? 3 : 4);
    if (!std::isspace(static_cast<unsigned char>(html[name_start - 1]))) continue;
    size_t v = eq + 1;
    while (v < html.size() && html[v] == ' ') ++v;
    if (v >= html.size()) break;
    size_t end;
    if (html[v] == '"' || html[v] == '\'') {
      end = html.find(html[v], v + 1);
      ++v;
    } else {
      end = html.find_first_of(" \t\n>", v);
    }
    if (end == std::string_view::npos) end = html.size();
    std::string_view value = html.substr(v, end - v);
    if (value.empty() || value[0] == '#' || HasScheme(value)) continue;
    if (budget < base.size()) break;
    budget -= base.size();
    out.append(html.substr(copied, v - copied));
    out += ResolveUrl(base, value);
    copied = end;
    eq = end == html.size() ? end - 1 : end;
  }
  if (copied == 0) return std::string(html);
  out.append(html.substr(copied));
  return out;
}

std::vector<std::string> SplitKeywords(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string_view::npos) comma = s.size();
    std::string k = Trimmed(s.substr(start, comma - start));
    if (!k.empty()) out.push_back(std::move(k));
    start = comma + 1;
  }
  return out;
}

template <class F>
void ForEachElement(const xmlNode* parent, F&& f) {
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) f(c, NameOf(c));
  }
}

bool IsImageMedia(const xmlNode* n, std::string_view local) {
  if (local == "thumbnail") return true;
  std::string type = Attr(n, "type"), medium = Attr(n, "medium");
  return type.find("image") != std::string::npos || medium.find("image") != std::string::npos;
}

// ---------------------------------------------------------------- mapping

// What the modules say of a channel, an item or an entry: Dublin Core
// (elements and terms), iTunes, Media RSS (also inside media:group and
// media:content), admin and XHTML. The format's own elements win where both
// are given.
struct ModuleFields {
  std::string dc_title, dc_date, dc_lang, dc_rights, dc_desc;
  std::string dc_issued, dc_created, dc_available, dc_modified;  // dcterms: dates
  std::vector<const xmlNode*> dc_creators, dc_authors;
  std::vector<std::string> subjects;
  std::vector<const xmlNode*> it_authors;
  std::string it_summary, it_subtitle, it_image;
  std::vector<std::string> keywords;  // the text of each itunes:keywords element
  std::vector<std::string> it_cats;   // itunes:category, a nested one after its parent
  std::string media_title, media_desc, media_image;
  std::vector<std::string> media_cats;  // media:category and media:keywords
  std::string generator_agent;          // admin:generatorAgent rdf:resource
  std::string xhtml_body;               // xhtml:body
};

// Of the alternate links of a feed or an entry, the first to an HTML page
// (type absent, text/html, application/xhtml+xml), else the first.
class AlternateLink {
 public:
  void Add(const std::string& href, std::string_view type) {
    if (first_.empty()) first_ = href;
    if (html_.empty() && (type.empty() || type.find("html") != std::string_view::npos))
      html_ = href;
  }
  const std::string& Best() const { return html_.empty() ? first_ : html_; }

 private:
  std::string first_, html_;
};

// The first of `values` that is not empty.
const std::string& FirstOf(std::initializer_list<const std::string*> values) {
  static const std::string kEmpty;
  for (const std::string* v : values) {
    if (!v->empty()) return *v;
  }
  return kEmpty;
}

void Append(std::vector<std::string>& to, std::vector<std::string>&& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

class Mapper {
 public:
  explicit Mapper(const FeedOptions& options) : options_(options) {}

  // Base URL of `n`: its xml:base and its ancestors', over the feed URL;
  // "" once the document's resolution budget is spent (what it reads and
  // returns is charged to it).
  std::string BaseOf(const xmlNode* n) const {
    if (resolve_budget_ == 0) return "";
    std::vector<std::string> bases;
    size_t cost = options_.url.size();
    for (const xmlNode* p = n; p != nullptr && p->type == XML_ELEMENT_NODE; p = p->parent) {
      std::string b = Attr(p, "base", true);
      cost += b.size();
      if (!b.empty()) bases.push_back(std::move(b));
    }
    std::string base = options_.url;
    for (auto it = bases.rbegin(); it != bases.rend(); ++it)
      base = base.empty() ? *it : ResolveUrl(base, *it);
    cost += base.size();
    if (cost > resolve_budget_) {
      resolve_budget_ = 0;
      return "";
    }
    resolve_budget_ -= cost;
    return base;
  }

  // `value` resolved against BaseOf(n).
  std::string Resolve(const xmlNode* n, std::string value) const {
    if (value.empty() || HasScheme(value)) return value;
    std::string base = BaseOf(n);
    return base.empty() ? value : ResolveUrl(base, value);
  }

  // HTML content of `n` with relative href/src attributes resolved.
  std::string Html(const xmlNode* n, std::string html) const {
    if (html.find("src=") == std::string::npos && html.find("href=") == std::string::npos &&
        html.find("SRC=") == std::string::npos && html.find("HREF=") == std::string::npos) {
      return html;
    }
    std::string base = BaseOf(n);
    return base.empty() ? html : ResolveHtmlUrls(html, base, resolve_budget_);
  }

  // An Atom text construct; relative URLs in it resolved when it is markup.
  std::string AtomMarkup(const xmlNode* n) const {
    std::string text = AtomText(n);
    if (ToLowerAscii(Attr(n, "type")).find("html") == std::string::npos) return text;
    return Html(n, std::move(text));
  }

  // RSS 0.9x/1.0/2.0 (`rdf` for an rdf:RDF root) and Microsoft's Channel
  // Definition Format, whose CHANNEL and ITEM carry HREF and LASTMOD
  // attributes and TITLE and ABSTRACT children.
  void Rss(const xmlNode* root, Feed& f, bool rdf);
  void Atom(const xmlNode* root, Feed& f);
  // A standalone Atom entry document (RFC 4287 4.1.2): a feed of one item.
  void AtomEntryDocument(const xmlNode* root, Feed& f) {
    f.feed_type = "atom";
    f.feed_version = "1.0";
    f.items.push_back(AtomEntry(root, root->ns == nullptr));
  }

 private:
  FeedItem RssItem(const xmlNode* it);
  FeedItem AtomEntry(const xmlNode* entry, bool default_ns);
  void RssChannel(const xmlNode* ch, Feed& f, std::vector<const xmlNode*>& items);

  // The person an author-like element names: Atom's person construct (name,
  // email, uri; Atom 0.3's url, homepage), else its text split as "Name
  // (email)", "email (Name)" or "Name <email>".
  static FeedPerson PersonOf(const xmlNode* n) {
    FeedPerson p;
    ForEachElement(n, [&](const xmlNode* c, Name nm) {
      if (nm.local == "name")
        p.name = TextOf(c);
      else if (nm.local == "email")
        p.email = TextOf(c);
      else if (nm.local == "uri" || nm.local == "url" || nm.local == "homepage")
        p.url = TextOf(c);
    });
    if (!HasElementChild(n)) p = ParseNameAddress(TextOf(n));
    return p;
  }

  static bool Named(const FeedPerson& p) {
    return !p.name.empty() || !p.email.empty() || !p.url.empty();
  }

  // The people the first of `kinds` (author elements of one kind, say every
  // dc:creator) that names anybody names.
  static std::vector<FeedPerson> FirstPeople(
      std::initializer_list<const std::vector<const xmlNode*>*> kinds) {
    std::vector<FeedPerson> people;
    for (const auto* kind : kinds) {
      for (const xmlNode* n : *kind) {
        if (FeedPerson p = PersonOf(n); Named(p)) people.push_back(std::move(p));
      }
      if (!people.empty()) break;
    }
    return people;
  }

  // Media RSS: media:title, media:description, media:category,
  // media:keywords and the first image, at any depth of media:group and
  // media:content.
  void Media(const xmlNode* c, std::string_view l, ModuleFields& x, int depth) const {
    if ((l == "content" || l == "thumbnail") && x.media_image.empty() && IsImageMedia(c, l)) {
      x.media_image = Resolve(c, Attr(c, "url"));
    }
    if (l == "group" || l == "content") {
      if (depth < 4) {
        ForEachElement(c, [&](const xmlNode* g, Name gn) {
          if (gn.ns == Ns::kMedia) Media(g, gn.local, x, depth + 1);
        });
      }
    } else if (l == "title") {
      if (x.media_title.empty()) x.media_title = TextOf(c);
    } else if (l == "description") {
      if (x.media_desc.empty()) x.media_desc = TextOf(c);
    } else if (l == "category") {
      std::string v = TextOf(c);
      if (v.empty()) v = Attr(c, "label");
      if (!v.empty()) x.media_cats.push_back(std::move(v));
    } else if (l == "keywords") {
      Append(x.media_cats, SplitKeywords(TextOf(c)));
    }
  }

  // Reads a module child of a channel, an item or an entry into `x`; false
  // for the format's own namespace and unknown ones.
  bool Modules(const xmlNode* c, Name nm, ModuleFields& x) const {
    std::string_view l = nm.local;
    switch (nm.ns) {
      case Ns::kDc:
        if (l == "title")
          x.dc_title = TextOf(c);
        else if (l == "creator")
          x.dc_creators.push_back(c);
        else if (l == "author")
          x.dc_authors.push_back(c);
        else if (l == "date")
          x.dc_date = TextOf(c);
        else if (l == "issued")
          x.dc_issued = TextOf(c);
        else if (l == "created")
          x.dc_created = TextOf(c);
        else if (l == "available")
          x.dc_available = TextOf(c);
        else if (l == "modified")
          x.dc_modified = TextOf(c);
        else if (l == "language")
          x.dc_lang = TextOf(c);
        else if (l == "rights")
          x.dc_rights = TextOf(c);
        else if (l == "description")
          x.dc_desc = TextOf(c);
        else if (l == "subject") {
          if (std::string v = TextOf(c); !v.empty()) x.subjects.push_back(std::move(v));
        }
        return true;
      case Ns::kItunes:
        if (l == "author")
          x.it_authors.push_back(c);
        else if (l == "summary")
          x.it_summary = TextOf(c);
        else if (l == "subtitle")
          x.it_subtitle = TextOf(c);
        else if (l == "image") {
          std::string v = Attr(c, "href");
          if (v.empty()) v = Attr(c, "url");
          x.it_image = Resolve(c, v.empty() ? TextOf(c) : v);
        } else if (l == "link" && ToLowerAscii(Attr(c, "rel")) == "image") {
          if (x.it_image.empty()) x.it_image = Resolve(c, Attr(c, "href"));
        } else if (l == "keywords") {
          x.keywords.push_back(TextOf(c));
        } else if (l == "category") {
          if (std::string t = Attr(c, "text"); !t.empty()) x.it_cats.push_back(std::move(t));
          ForEachElement(c, [&](const xmlNode* sub, Name sn) {
            if (sn.local == "category") {
              if (std::string t = Attr(sub, "text"); !t.empty()) x.it_cats.push_back(std::move(t));
            }
          });
        }
        return true;
      case Ns::kMedia:
        Media(c, l, x, 0);
        return true;
      case Ns::kAdmin:
        if (l == "generatoragent") x.generator_agent = Resolve(c, Attr(c, "resource"));
        return true;
      case Ns::kXhtml:
        if (l == "body" && x.xhtml_body.empty()) x.xhtml_body = Html(c, XhtmlOf(c->children));
        return true;
      default:
        return false;
    }
  }

  std::optional<FeedImage> RssImage(const xmlNode* n) const {
    FeedImage img;
    ForEachElement(n, [&](const xmlNode* c, Name nm) {
      if (nm.local == "url")
        img.url = Resolve(c, TextOf(c));
      else if (nm.local == "title")
        img.title = TextOf(c);
    });
    if (img.url.empty()) return std::nullopt;
    return img;
  }

  // RSS links: <link>text</link>, <link href="..."/>.
  void RssLink(const xmlNode* c, std::vector<std::string>& links, std::string& last) const {
    std::string v = Attr(c, "href");
    if (v.empty()) v = TextOf(c);
    v = Resolve(c, std::move(v));
    if (!v.empty()) links.push_back(v), last = std::move(v);
  }

  // atom:link inside RSS; returns the self link's href.
  std::string AtomLinkInRss(const xmlNode* c, std::vector<std::string>& links,
                            std::string& alt) const {
    std::string rel = Attr(c, "rel");
    std::string href = Resolve(c, Attr(c, "href"));
    if (href.empty()) return "";
    if (rel.empty() || rel == "alternate" || rel == "self") links.push_back(href);
    if ((rel.empty() || rel == "alternate") && alt.empty()) alt = href;
    return rel == "self" ? href : "";
  }

  static std::string AtomCategory(const xmlNode* c) {
    std::string v = Attr(c, "label");
    return v.empty() ? Attr(c, "term") : v;
  }

  const FeedOptions& options_;
  // Bytes of bases that resolving relative URLs may still read and copy in
  // this document: an xml:base is inherited by every item under it, so
  // without a bound a long one would be copied into every link.
  mutable size_t resolve_budget_ = kMaxUrlResolutionBytes;
};

// The ITEMs of a CDF channel and of the channels nested in it, in document order.
void CollectCdfItems(const xmlNode* ch, std::vector<const xmlNode*>& items, int depth) {
  ForEachElement(ch, [&](const xmlNode* c, Name nm) {
    if (nm.ns != Ns::kNone) return;
    if (nm.local == "item")
      items.push_back(c);
    else if (nm.local == "channel" && depth < 16)
      CollectCdfItems(c, items, depth + 1);
  });
}

void Mapper::RssChannel(const xmlNode* ch, Feed& f, std::vector<const xmlNode*>& items) {
  std::vector<const xmlNode*> editors, webmasters, authors;
  std::string last_link, atom_alt, abstract, cdf_logo;
  std::string atom_title, atom_subtitle, atom_rights, atom_updated, atom_logo;
  std::vector<FeedPerson> atom_authors;
  std::vector<std::string> cats, atom_links;
  ModuleFields x;
  ForEachElement(ch, [&](const xmlNode* c, Name nm) {
    if (Modules(c, nm, x)) return;
    std::string_view l = nm.local;
    switch (nm.ns) {
      case Ns::kNone:
        if (l == "item")
          items.push_back(c);
        else if (l == "channel")
          CollectCdfItems(c, items, 1);
        else if (l == "title")
          f.title = TextOf(c);
        else if (l == "link")
          RssLink(c, f.links, last_link);
        else if (l == "description")
          f.description = TextOf(c);
        else if (l == "abstract")
          abstract = TextOf(c);
        else if (l == "language")
          f.language = TextOf(c);
        else if (l == "copyright")
          f.copyright = TextOf(c);
        else if (l == "managingeditor")
          editors.push_back(c);
        else if (l == "webmaster")
          webmasters.push_back(c);
        else if (l == "author")
          authors.push_back(c);
        else if (l == "pubdate")
          SetDate(TextOf(c), f.published, f.published_parsed);
        else if (l == "lastbuilddate")
          SetDate(TextOf(c), f.updated, f.updated_parsed);
        else if (l == "updated" || l == "modified")
          atom_updated = TextOf(c);
        else if (l == "generator")
          f.generator = TextOf(c);
        else if (l == "category") {
          if (std::string v = TextOf(c); !v.empty()) cats.push_back(std::move(v));
        } else if (l == "image")
          f.image = RssImage(c);
        else if (l == "logo" && cdf_logo.empty())
          cdf_logo = Resolve(c, Attr(c, "href"));
        break;
      case Ns::kAtom:
        if (l == "link") {
          if (std::string self = AtomLinkInRss(c, atom_links, atom_alt); !self.empty())
            f.feed_link = self;
        } else if (l == "id" && f.id.empty()) {
          f.id = TextOf(c);
        } else if (l == "title") {
          atom_title = AtomMarkup(c);
        } else if (l == "subtitle") {
          atom_subtitle = AtomMarkup(c);
        } else if (l == "rights") {
          atom_rights = AtomMarkup(c);
        } else if (l == "updated") {
          atom_updated = TextOf(c);
        } else if (l == "logo") {
          atom_logo = Resolve(c, TextOf(c));
        } else if (l == "author") {
          if (FeedPerson p = PersonOf(c); Named(p)) atom_authors.push_back(std::move(p));
        }
        break;
      default:
        break;
    }
  });
  f.link = last_link.empty() ? atom_alt : last_link;
  if (f.link.empty()) f.link = Resolve(ch, Attr(ch, "href"));
  f.links.insert(f.links.end(), atom_links.begin(), atom_links.end());
  std::string title_attr = Attr(ch, "title"), abstract_attr = Attr(ch, "abstract");
  f.title = FirstOf({&f.title, &x.dc_title, &atom_title, &x.media_title, &title_attr});
  f.description = FirstOf({&f.description, &abstract, &x.it_summary, &x.it_subtitle, &x.dc_desc,
                           &atom_subtitle, &x.media_desc, &abstract_attr});
  std::string lang = Attr(ch, "lang", true);
  f.language = FirstOf({&f.language, &x.dc_lang, &lang});
  f.copyright = FirstOf({&f.copyright, &x.dc_rights, &atom_rights});
  if (f.generator.empty()) f.generator = x.generator_agent;
  if (f.updated.empty()) {
    std::string lastmod = Attr(ch, "lastmod");
    const std::string& u = FirstOf({&x.dc_modified, &x.dc_date, &atom_updated, &lastmod});
    if (!u.empty()) SetDate(u, f.updated, f.updated_parsed);
  }
  if (f.published.empty()) {
    const std::string& p = FirstOf({&x.dc_issued, &x.dc_created, &x.dc_available});
    if (!p.empty()) SetDate(p, f.published, f.published_parsed);
  }
  f.authors =
      FirstPeople({&editors, &webmasters, &authors, &x.dc_authors, &x.dc_creators, &x.it_authors});
  if (f.authors.empty()) f.authors = std::move(atom_authors);
  if (!f.image) {
    std::string url = FirstOf({&x.it_image, &x.media_image, &atom_logo, &cdf_logo});
    if (url.empty()) url = FirstImageSrc(f.description);
    if (!url.empty()) f.image = FeedImage{url, ""};
  }
  // A channel's itunes:keywords elements add up.
  for (const std::string& text : x.keywords) Append(cats, SplitKeywords(text));
  for (auto* list : {&x.it_cats, &x.subjects, &x.media_cats}) Append(cats, std::move(*list));
  f.categories = std::move(cats);
}

FeedItem Mapper::RssItem(const xmlNode* it) {
  FeedItem item;
  std::vector<const xmlNode*> authors;
  std::string atom_content, atom_summary, atom_title, atom_updated, atom_published, atom_id,
      enclosure_image;
  std::string last_link, atom_alt, abstract;
  const xmlNode* guid = nullptr;
  std::vector<FeedPerson> atom_authors;
  std::vector<std::string> cats, atom_cats, atom_links;
  ModuleFields x;
  ForEachElement(it, [&](const xmlNode* c, Name nm) {
    if (Modules(c, nm, x)) return;
    std::string_view l = nm.local;
    switch (nm.ns) {
      case Ns::kNone:
        if (l == "title")
          item.title = TextOf(c);
        else if (l == "link")
          RssLink(c, item.links, last_link);
        else if (l == "description")
          item.description = Html(c, TextOf(c));
        else if (l == "abstract")
          abstract = TextOf(c);
        else if (l == "author")
          authors.push_back(c);
        else if (l == "category") {
          if (std::string v = TextOf(c); !v.empty()) cats.push_back(std::move(v));
        } else if (l == "enclosure") {
          FeedEnclosure e{Resolve(c, Attr(c, "url")), Attr(c, "length"), Attr(c, "type")};
          if (e.url.empty()) return;
          if (e.type.starts_with("image/")) enclosure_image = e.url;
          item.enclosures.push_back(std::move(e));
        } else if (l == "guid") {
          item.guid = TextOf(c);
          guid = c;
        } else if (l == "pubdate") {
          SetDate(TextOf(c), item.published, item.published_parsed);
        } else if (l == "updated" || l == "modified") {
          atom_updated = TextOf(c);  // Atom's names without Atom's namespace
        }
        break;
      case Ns::kContent:
        if (l == "encoded") item.content = Html(c, TextOf(c));
        break;
      case Ns::kAtom:
        if (l == "link")
          AtomLinkInRss(c, atom_links, atom_alt);
        else if (l == "author") {
          if (FeedPerson p = PersonOf(c); Named(p)) atom_authors.push_back(std::move(p));
        } else if (l == "content")
          atom_content = Html(c, AtomText(c));
        else if (l == "summary")
          atom_summary = Html(c, AtomText(c));
        else if (l == "title")
          atom_title = AtomMarkup(c);
        else if (l == "updated")
          atom_updated = TextOf(c);
        else if (l == "published")
          atom_published = TextOf(c);
        else if (l == "id")
          atom_id = TextOf(c);
        else if (l == "category") {
          if (std::string v = AtomCategory(c); !v.empty()) atom_cats.push_back(std::move(v));
        }
        break;
      default:
        break;
    }
  });
  item.link = last_link.empty() ? atom_alt : last_link;
  if (item.link.empty()) item.link = Resolve(it, Attr(it, "href"));
  if (item.link.empty() && guid != nullptr) {
    // RSS 2.0: a guid is the item's permalink unless isPermaLink="false".
    std::string permalink = ToLowerAscii(Attr(guid, "isPermaLink"));
    if (permalink == "true" || (permalink.empty() && HasScheme(item.guid))) {
      if (std::string url = Resolve(guid, item.guid); HasScheme(url))
        item.guid = item.link = std::move(url);
    }
  }
  item.links.insert(item.links.end(), atom_links.begin(), atom_links.end());
  std::string title_attr = Attr(it, "title"), abstract_attr = Attr(it, "abstract"),
              about = Attr(it, "about");
  item.title = FirstOf({&item.title, &x.dc_title, &atom_title, &x.media_title, &title_attr});
  item.description = FirstOf({&item.description, &abstract, &x.dc_desc, &x.it_summary,
                              &x.it_subtitle, &x.media_desc, &atom_summary, &abstract_attr});
  item.content = FirstOf({&item.content, &atom_content, &x.xhtml_body});
  item.guid = FirstOf({&item.guid, &atom_id, &about});
  std::string lastmod = Attr(it, "lastmod");
  if (const std::string& u = FirstOf({&x.dc_modified, &x.dc_date, &atom_updated, &lastmod});
      !u.empty()) {
    SetDate(u, item.updated, item.updated_parsed);
  }
  if (item.published.empty()) {
    const std::string& p =
        FirstOf({&x.dc_issued, &x.dc_date, &x.dc_created, &x.dc_available, &atom_published});
    if (!p.empty()) SetDate(p, item.published, item.published_parsed);
  }
  item.authors = FirstPeople({&authors, &x.dc_authors, &x.dc_creators, &x.it_authors});
  if (item.authors.empty()) item.authors = std::move(atom_authors);
  std::string image = FirstOf({&x.it_image, &x.media_image, &enclosure_image});
  if (image.empty()) image = FirstImageSrc(item.content);
  if (image.empty()) image = FirstImageSrc(item.description);
  if (!image.empty()) item.image = FeedImage{Resolve(it, std::move(image)), ""};
  // An item's last itunes:keywords element wins.
  if (!x.keywords.empty()) Append(cats, SplitKeywords(x.keywords.back()));
  for (auto* list : {&x.it_cats, &x.subjects, &atom_cats, &x.media_cats})
    Append(cats, std::move(*list));
  item.categories = std::move(cats);
  return item;
}

void Mapper::Rss(const xmlNode* root, Feed& f, bool rdf) {
  f.feed_type = "rss";
  std::vector<const xmlNode*> items;
  std::string_view root_name = NameOf(root).local;
  if (rdf) {
    f.feed_version = root->ns != nullptr ? "1.0" : "";
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && c->ns && c->ns->href &&
          std::strcmp(reinterpret_cast<const char*>(c->ns->href),
                      "http://my.netscape.com/rdf/simple/0.9/") == 0) {
        f.feed_version = "0.9";
        break;
      }
    }
  } else if (root_name == "rss") {
    f.feed_version = Attr(root, "version");
  } else if (std::strcmp(reinterpret_cast<const char*>(root->name), "CHANNEL") == 0 ||
             !Attr(root, "href").empty()) {
    f.feed_type = "cdf";
  }
  if (root_name == "channel") {
    RssChannel(root, f, items);
  } else {
    ForEachElement(root, [&](const xmlNode* c, Name nm) {
      if (nm.ns != Ns::kNone) return;
      if (nm.local == "channel")
        RssChannel(c, f, items);
      else if (nm.local == "item")
        items.push_back(c);
      else if (nm.local == "image" && rdf)
        f.image = RssImage(c);
    });
  }
  if (f.language.empty()) f.language = Attr(root, "lang", true);
  f.items.reserve(items.size());
  for (const xmlNode* it : items) f.items.push_back(RssItem(it));
}

FeedItem Mapper::AtomEntry(const xmlNode* entry, bool default_ns) {
  FeedItem item;
  AlternateLink alt;
  std::string created;
  ModuleFields x;
  ForEachElement(entry, [&](const xmlNode* c, Name nm) {
    std::string_view l = nm.local;
    if (Modules(c, nm, x)) return;
    if (!(nm.ns == Ns::kAtom || (default_ns && nm.ns == Ns::kNone))) return;
    if (l == "title")
      item.title = AtomMarkup(c);
    else if (l == "summary")
      item.description = Html(c, AtomText(c));
    else if (l == "content")
      item.content = Html(c, AtomText(c));
    else if (l == "id")
      item.guid = TextOf(c);
    else if (l == "updated" || l == "modified")
      SetDate(TextOf(c), item.updated, item.updated_parsed);
    else if (l == "published" || l == "issued")
      SetDate(TextOf(c), item.published, item.published_parsed);
    else if (l == "created")
      created = TextOf(c);
    else if (l == "author") {
      if (FeedPerson p = PersonOf(c); Named(p)) item.authors.push_back(std::move(p));
    } else if (l == "category") {
      if (std::string v = AtomCategory(c); !v.empty()) item.categories.push_back(std::move(v));
    } else if (l == "link") {
      std::string rel = Attr(c, "rel");
      if (rel.empty()) rel = "alternate";
      std::string href = Resolve(c, Attr(c, "href"));
      if (href.empty()) return;
      if (rel == "alternate" || rel == "self") item.links.push_back(href);
      if (rel == "alternate") alt.Add(href, ToLowerAscii(Attr(c, "type")));
      if (rel == "enclosure") item.enclosures.push_back({href, Attr(c, "length"), Attr(c, "type")});
    }
  });
  item.link = alt.Best();
  // Modules stand in for what the entry lacks.
  item.title = FirstOf({&item.title, &x.dc_title, &x.media_title});
  item.description = FirstOf({&item.description, &x.dc_desc, &x.it_summary, &x.media_desc});
  if (item.authors.empty()) {
    item.authors = FirstPeople({&x.dc_creators, &x.dc_authors, &x.it_authors});
  }
  const std::string& updated = FirstOf({&x.dc_modified, &x.dc_date});
  if (item.updated.empty() && !updated.empty()) SetDate(updated, item.updated, item.updated_parsed);
  if (std::string image = FirstOf({&x.it_image, &x.media_image}); !image.empty()) {
    item.image = FeedImage{std::move(image), ""};
  }
  for (auto* list : {&x.subjects, &x.media_cats}) Append(item.categories, std::move(*list));
  // Atom 0.3's created, then Dublin Core's dates, then updated, stand in
  // for a missing published.
  const std::string& published = FirstOf({&created, &x.dc_issued, &x.dc_date, &x.dc_created});
  if (item.published.empty() && !published.empty()) {
    SetDate(published, item.published, item.published_parsed);
  }
  if (item.published.empty() && !item.updated.empty()) {
    item.published = item.updated;
    item.published_parsed = item.updated_parsed;
  }
  return item;
}

void Mapper::Atom(const xmlNode* root, Feed& f) {
  f.feed_type = "atom";
  std::string_view ns =
      root->ns && root->ns->href ? reinterpret_cast<const char*>(root->ns->href) : "";
  std::string version = Attr(root, "version");
  f.feed_version = !version.empty()                      ? version
                   : ns == "http://purl.org/atom/ns#"    ? "0.3"
                   : ns == "http://www.w3.org/2005/Atom" ? "1.0"
                                                         : "";
  f.language = Attr(root, "lang", true);
  bool default_ns = root->ns == nullptr;
  std::string logo, icon;
  AlternateLink alt;
  ModuleFields x;
  std::vector<const xmlNode*> entries;
  ForEachElement(root, [&](const xmlNode* c, Name nm) {
    if (Modules(c, nm, x)) return;
    if (!(nm.ns == Ns::kAtom || (default_ns && nm.ns == Ns::kNone))) return;
    std::string_view l = nm.local;
    if (l == "entry")
      entries.push_back(c);
    else if (l == "title")
      f.title = AtomMarkup(c);
    else if (l == "subtitle" || l == "tagline")
      f.description = AtomMarkup(c);
    else if (l == "rights" || l == "copyright")
      f.copyright = AtomMarkup(c);
    else if (l == "id")
      f.id = TextOf(c);
    else if (l == "updated" || l == "modified")
      SetDate(TextOf(c), f.updated, f.updated_parsed);
    else if (l == "published")
      SetDate(TextOf(c), f.published, f.published_parsed);
    else if (l == "author") {
      if (FeedPerson p = PersonOf(c); Named(p)) f.authors.push_back(std::move(p));
    } else if (l == "logo")
      logo = Resolve(c, TextOf(c));
    else if (l == "icon")
      icon = Resolve(c, TextOf(c));
    else if (l == "category") {
      if (std::string v = AtomCategory(c); !v.empty()) f.categories.push_back(std::move(v));
    } else if (l == "generator") {
      // gofeed's form: "Name vVERSION URI".
      std::string g = TextOf(c);
      if (std::string v = Attr(c, "version"); !v.empty()) g += " v" + v;
      std::string uri = Attr(c, "uri");
      if (uri.empty()) uri = Attr(c, "url");
      if (!uri.empty()) g += " " + Resolve(c, std::move(uri));
      f.generator = Trimmed(g);
    } else if (l == "link") {
      std::string rel = Attr(c, "rel");
      if (rel.empty()) rel = "alternate";
      std::string href = Resolve(c, Attr(c, "href"));
      if (href.empty()) return;
      if (rel == "alternate" || rel == "self") f.links.push_back(href);
      if (rel == "alternate") alt.Add(href, ToLowerAscii(Attr(c, "type")));
      if (rel == "self" && f.feed_link.empty()) f.feed_link = href;
    }
  });
  f.link = alt.Best();
  // Modules stand in for what the feed lacks.
  f.title = FirstOf({&f.title, &x.dc_title});
  f.description = FirstOf({&f.description, &x.dc_desc, &x.it_subtitle, &x.it_summary});
  f.copyright = FirstOf({&f.copyright, &x.dc_rights});
  f.language = FirstOf({&f.language, &x.dc_lang});
  if (f.authors.empty()) f.authors = FirstPeople({&x.dc_creators, &x.dc_authors, &x.it_authors});
  if (f.generator.empty()) f.generator = x.generator_agent;
  if (std::string image = FirstOf({&logo, &icon, &x.it_image}); !image.empty()) {
    f.image = FeedImage{std::move(image), ""};
  }
  for (const std::string& text : x.keywords) Append(f.categories, SplitKeywords(text));
  for (auto* list : {&x.it_cats, &x.subjects}) Append(f.categories, std::move(*list));
  f.items.reserve(entries.size());
  for (const xmlNode* e : entries) f.items.push_back(AtomEntry(e, default_ns));
}

// Drops repeated categories (a term given twice, or as category and
// dc:subject), keeping the first of each.
void DropRepeats(std::vector<std::string>& values) {
  if (values.size() < 2) return;
  std::unordered_set<std::string_view> seen;
  std::vector<std::string> kept;
  kept.reserve(values.size());  // never reallocated: `seen` views its strings
  for (std::string& v : values) {
    if (seen.contains(v)) continue;
    kept.push_back(std::move(v));
    seen.insert(kept.back());
  }
  values = std::move(kept);
}

// C1 control characters (U+0080..U+009F) in text are windows-1252 bytes read
// as ISO-8859-1 (the WHATWG Encoding Standard reads the label "iso-8859-1" as
// windows-1252; feedparser maps them too): each becomes its windows-1252
// character. The five bytes windows-1252 leaves undefined stay.
void RepairC1Controls(std::string& s) {
  static constexpr char16_t kWindows1252[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  auto is_c1 = [&s](size_t at) {
    return at + 1 < s.size() && static_cast<unsigned char>(s[at + 1]) >= 0x80 &&
           static_cast<unsigned char>(s[at + 1]) <= 0x9F;
  };
  size_t at = s.find('\xC2');
  while (at != std::string::npos && !is_c1(at)) at = s.find('\xC2', at + 1);
  if (at == std::string::npos) return;
  std::string out(s, 0, at);
  size_t copied = at;
  for (; at != std::string::npos; at = s.find('\xC2', at + 1)) {
    if (!is_c1(at)) continue;
    out.append(s, copied, at - copied);
    AppendUtf8(out, kWindows1252[static_cast<unsigned char>(s[at + 1]) - 0x80]);
    copied = at + 2;
  }
  out.append(s, copied, std::string::npos);
  s = std::move(out);
}

void RepairC1Controls(Feed& f) {
  for (std::string* s : {&f.title, &f.description, &f.copyright, &f.generator})
    RepairC1Controls(*s);
  for (FeedPerson& p : f.authors) RepairC1Controls(p.name);
  for (std::string& c : f.categories) RepairC1Controls(c);
  for (FeedItem& item : f.items) {
    for (std::string* s : {&item.title, &item.description, &item.content}) RepairC1Controls(*s);
    for (FeedPerson& p : item.authors) RepairC1Controls(p.name);
    for (std::string& c : item.categories) RepairC1Controls(c);
  }
}

// UTF-32 with a byte order mark as UTF-8 (libxml2 takes FF FE 00 00 for
// UTF-16 and a declared "utf-32" for big-endian); nullopt for other bytes.
std::optional<std::string> Utf32ToUtf8(std::string_view b) {
  bool le = b.starts_with(std::string_view("\xFF\xFE\0\0", 4));
  if (!le && !b.starts_with(std::string_view("\0\0\xFE\xFF", 4))) return std::nullopt;
  std::string out;
  out.reserve(b.size() / 4);
  for (size_t i = 4; i + 4 <= b.size(); i += 4) {
    auto u = [&](size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(b[i + k])); };
    char32_t c = le ? u(0) | u(1) << 8 | u(2) << 16 | u(3) << 24
                    : u(3) | u(2) << 8 | u(1) << 16 | u(0) << 24;
    AppendUtf8(out, c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) ? char32_t{0xFFFD} : c);
  }
  return out;
}

size_t SkipSpaceAndBom(std::string_view b) {
  size_t i = b.starts_with("\xef\xbb\xbf") ? 3 : 0;
  while (i < b.size() && std::isspace(static_cast<unsigned char>(b[i]))) ++i;
  return i;
}

void WalkOutlines(const xmlNode* parent, std::vector<std::string>& folders, std::vector<OpmlOutline>& out) {
  ForEachElement(parent, [&](const xmlNode* c, Name nm) {
    if (nm.local != "outline") return;
    OpmlOutline o;
    o.title = Attr(c, "title");
    if (o.title.empty()) o.title = Attr(c, "text");
    o.xml_url = Attr(c, "xmlUrl");
    o.html_url = Attr(c, "htmlUrl");
    o.type = Attr(c, "type");
    o.category = Attr(c, "category");
    if (!o.xml_url.empty()) {
      if (o.category.empty()) {
        for (const std::string& f : folders) o.category += (o.category.empty() ? "" : "/") + f;
      }
      out.push_back(o);
    }
    if (folders.size() < 64) {
      bool folder = o.xml_url.empty() && !o.title.empty();
      if (folder) folders.push_back(o.title);
      WalkOutlines(c, folders, out);
      if (folder) folders.pop_back();
    }
  });
}

}  // namespace

Result<Feed> ParseFeed(std::string_view bytes, const FeedOptions& options) {
  if (Status fits = CheckInputSize(InputKind::kFeed, bytes.size()); !fits) {
    return std::unexpected(fits.error());
  }
  size_t start = SkipSpaceAndBom(bytes);
  if (start >= bytes.size()) return Fail(ErrorCode::kParse, "empty input");
  if (bytes[start] == '{' || bytes[start] == '[') {
    return ParseJsonFeed(bytes.substr(start), options);
  }
  bool recovered = false;
  std::optional<std::string> utf32 = Utf32ToUtf8(bytes);
  auto doc =
      utf32 ? LoadXml(*utf32, "utf-8", recovered) : LoadXml(bytes, options.charset, recovered);
  if (!doc) return std::unexpected(doc.error());
  xmlNode* root = xmlDocGetRootElement(doc->get());
  HomeNamespace home;
  if (root->ns != nullptr && root->ns->href != nullptr) {
    home.href = reinterpret_cast<const char*>(root->ns->href);
    std::string_view local = LowerName(root);
    if (NsFromUri(home.href) == Ns::kOther && (local == "feed" || local == "entry"))
      home.ns = Ns::kAtom;
    (*doc)->_private = &home;
  }
  Name nm = NameOf(root);
  Feed feed;
  Mapper mapper(options);
  if ((nm.local == "rss" || nm.local == "channel") && nm.ns == Ns::kNone) {
    mapper.Rss(root, feed, false);
  } else if (nm.local == "rdf" && (nm.ns == Ns::kRdf || nm.ns == Ns::kNone)) {
    mapper.Rss(root, feed, true);
  } else if (nm.local == "feed" && (nm.ns == Ns::kAtom || nm.ns == Ns::kNone)) {
    mapper.Atom(root, feed);
  } else if (nm.local == "entry" && nm.ns == Ns::kAtom) {
    mapper.AtomEntryDocument(root, feed);
  } else if (nm.local == "opml") {
    return Fail(ErrorCode::kParse, "an OPML subscription list, not a feed");
  } else {
    return Fail(ErrorCode::kParse, "not a feed (root element <" + std::string(nm.local) + ">)");
  }
  feed.language = NormalizeLanguage(std::move(feed.language));
  RepairC1Controls(feed);
  DropRepeats(feed.categories);
  for (FeedItem& item : feed.items) DropRepeats(item.categories);
  feed.recovered = recovered;
  return feed;
}

Result<std::vector<OpmlOutline>> ParseOpml(std::string_view bytes) {
  if (Status fits = CheckInputSize(InputKind::kOpml, bytes.size()); !fits) {
    return std::unexpected(fits.error());
  }
  if (SkipSpaceAndBom(bytes) >= bytes.size()) return Fail(ErrorCode::kParse, "empty input");
  bool recovered = false;
  auto doc = LoadXml(bytes, "", recovered);
  if (!doc) return std::unexpected(doc.error());
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  if (NameOf(root).local != "opml") {
    return Fail(ErrorCode::kParse, "not an OPML document (root element <" +
                                       std::string(reinterpret_cast<const char*>(root->name)) + ">)");
  }
  std::vector<OpmlOutline> out;
  std::vector<std::string> folders;
  ForEachElement(root, [&](const xmlNode* c, Name n) {
    if (n.local == "body") WalkOutlines(c, folders, out);
  });
  return out;
}

}  // namespace corroborate::ingest
