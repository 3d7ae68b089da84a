#include "ingest/social/html_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <climits>
#include <memory>

#include "core/text.h"

namespace corroborate::ingest::social {

namespace {

struct DocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

std::string_view Name(const xmlNode* node) {
  return node->name ? reinterpret_cast<const char*>(node->name) : "";
}

bool IsBlock(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "p",      "div",     "li",     "ul",    "ol",         "blockquote", "pre",
      "h1",     "h2",      "h3",     "h4",    "h5",         "h6",         "tr",
      "table",  "section", "article", "header", "footer",   "aside",      "nav",
      "figure", "figcaption", "dl",  "dt",    "dd",         "hr",         "address",
      "details", "summary", "main",  "form",  "fieldset",   "body",       "html"};
  for (std::string_view block : kBlocks) {
    if (EqualsIgnoreCase(name, block)) return true;
  }
  return false;
}

bool HasHiddenClass(const xmlNode* node, std::span<const std::string_view> hidden) {
  if (hidden.empty()) return false;
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>("class"));
  if (!value) return false;
  std::string_view classes(reinterpret_cast<const char*>(value));
  bool found = false;
  while (!found && !classes.empty()) {
    size_t start = classes.find_first_not_of(" \t\r\n\f");
    if (start == std::string_view::npos) break;
    classes.remove_prefix(start);
    size_t end = classes.find_first_of(" \t\r\n\f");
    std::string_view one = classes.substr(0, end);
    for (std::string_view h : hidden) found = found || one == h;
    classes.remove_prefix(end == std::string_view::npos ? classes.size() : end);
  }
  xmlFree(value);
  return found;
}

bool Skipped(const xmlNode* node, std::span<const std::string_view> hidden) {
  std::string_view name = Name(node);
  return EqualsIgnoreCase(name, "script") || EqualsIgnoreCase(name, "style") ||
         EqualsIgnoreCase(name, "template") || EqualsIgnoreCase(name, "noscript") ||
         HasHiddenClass(node, hidden);
}

bool InsidePre(const xmlNode* node) {
  for (const xmlNode* p = node->parent; p; p = p->parent) {
    if (p->type == XML_ELEMENT_NODE && EqualsIgnoreCase(Name(p), "pre")) return true;
  }
  return false;
}

}  // namespace

std::string HtmlFragmentToText(std::string_view html, std::span<const std::string_view> hidden_classes) {
  if (html.empty() || html.size() > INT_MAX) return "";
  std::unique_ptr<xmlDoc, DocDeleter> doc(htmlReadMemory(
      html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
      HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING));
  if (!doc) return "";
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return "";

  // Raw text with '\n' at block boundaries; lines are cleaned up below.
  std::string raw;
  xmlNode* node = root;
  while (node) {
    bool descend = false;
    if (node->type == XML_ELEMENT_NODE) {
      if (!Skipped(node, hidden_classes)) {
        std::string_view name = Name(node);
        if (EqualsIgnoreCase(name, "br") || IsBlock(name)) raw += '\n';
        descend = true;
      }
    } else if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
               node->content) {
      std::string_view text(reinterpret_cast<const char*>(node->content));
      bool pre = InsidePre(node);
      for (char c : text) {
        if (c == '\n' && pre) {
          raw += '\n';
        } else if (c == '\n' || c == '\r' || c == '\t' || c == '\f') {
          raw += ' ';
        } else {
          raw += c;
        }
      }
    }
    if (descend && node->children) {
      node = node->children;
      continue;
    }
    // Leave this node (and finished ancestors), then move to the next sibling.
    while (node) {
      if (node->type == XML_ELEMENT_NODE && IsBlock(Name(node))) raw += '\n';
      if (node == root) {
        node = nullptr;
      } else if (node->next) {
        node = node->next;
        break;
      } else {
        node = node->parent;
      }
    }
  }

  std::string out;
  size_t pos = 0;
  while (pos <= raw.size()) {
    size_t end = raw.find('\n', pos);
    if (end == std::string::npos) end = raw.size();
    std::string line = CollapseWhitespace(std::string_view(raw).substr(pos, end - pos));
    if (!line.empty()) {
      if (!out.empty()) out += '\n';
      out += line;
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace corroborate::ingest::social
