#include "ingest/html/fragment_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <iterator>

#include "core/text.h"
#include "ingest/html/dom.h"

namespace corroborate::ingest::html {
namespace {

constexpr std::size_t kMaxFragmentBytes = 64 * 1024 * 1024;

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

bool InsidePre(const xmlNode* node) {
  for (const xmlNode* p = node->parent; p; p = p->parent) {
    if (Tag(p) == "pre") return true;
  }
  return false;
}

bool IsCell(std::string_view tag) { return tag == "td" || tag == "th"; }

}  // namespace

bool IsBlockElement(std::string_view tag) {
  static constexpr std::string_view kBlocks[] = {
      "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "form",
      "fieldset", "address", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr",
      "caption", "ul", "ol", "dl", "dt", "dd", "li", "h1", "h2", "h3", "h4", "h5", "h6",
      "blockquote", "pre", "hr", "center", "details", "summary", "body", "html", "menu", "legend"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), tag) != std::end(kBlocks);
}

bool IsNeverText(std::string_view tag) {
  return tag == "script" || tag == "style" || tag == "noscript" || tag == "template" || tag == "select" ||
         tag == "textarea" || tag == "button" || tag == "input" || tag == "head" || tag == "title" ||
         tag == "svg";
}

std::string HtmlFragmentToText(std::string_view html, std::span<const std::string_view> hidden_classes) {
  if (html.find('<') == std::string_view::npos && html.find('&') == std::string_view::npos)
    return CollapseWhitespace(html);
  if (html.size() > kMaxFragmentBytes) return "";
  DocPtr doc(htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                            HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT));
  if (!doc) return "";
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return "";

  // Raw text with '\n' at block boundaries; lines are cleaned up below.
  std::string raw;
  xmlNode* node = root;
  while (node) {
    bool descend = false;
    if (IsElement(node)) {
      std::string_view tag = Tag(node);
      if (!IsNeverText(tag) && !HasHiddenClass(node, hidden_classes)) {
        if (tag == "br" || IsBlockElement(tag)) raw += '\n';
        if (IsCell(tag)) raw += ' ';
        descend = true;
      }
    } else if (IsText(node) && node->content) {
      std::string_view text = Content(node);
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
      std::string_view tag = Tag(node);
      if (IsBlockElement(tag)) raw += '\n';
      if (IsCell(tag)) raw += ' ';
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

}  // namespace corroborate::ingest::html
