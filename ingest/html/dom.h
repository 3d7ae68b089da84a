// Internal to ingest/html: parsing bytes into a libxml2 HTML DOM with the
// right charset, and the small DOM helpers the extractor uses.
#pragma once

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace corroborate::ingest::html {

// Memory for everything libxml2 allocates on this thread while the object
// lives: one page's parse, tree and edits are carved from a few large chunks
// and dropped at once, instead of one malloc and free per node, attribute and
// string (that was a third of the extraction time). libxml2's allocator
// hooks are installed once, while the program starts, before it has threads
// (xmlMemSetup, chaining to the previous functions):
// threads without an active arena, and pointers not carved from the active
// arenas, go to the previous functions unchanged, so other libxml2 users
// (feeds, other threads) are unaffected. Whatever is parsed or created under
// an arena must not outlive it: declare it before the DocPtr and Graveyards
// that hold its nodes (their deleters skip arena memory). Nestable. A
// pass-through under AddressSanitizer, which must see every allocation.
class ParseArena {
 public:
  ParseArena();
  ~ParseArena();
  ParseArena(const ParseArena&) = delete;
  ParseArena& operator=(const ParseArena&) = delete;

  struct State;

 private:
  State* state_;
};
// True when `p` was carved from an arena active on this thread.
bool ArenaOwns(const void* p);

struct XmlDocDeleter {
  void operator()(xmlDoc* doc) const {
    if (!ArenaOwns(doc)) xmlFreeDoc(doc);
  }
};
using DocPtr = std::unique_ptr<xmlDoc, XmlDocDeleter>;

// The charset to decode `bytes` with: BOM, then `http_charset` (a bare name
// or a whole Content-Type value), then <meta charset>/http-equiv in the first
// bytes, then UTF-8 when the bytes are valid UTF-8, else windows-1252. Names
// are mapped the WHATWG way (latin1/ascii -> windows-1252, gb2312 -> GBK).
std::string DetectCharset(std::string_view bytes, std::string_view http_charset);
std::string DetectCharset(std::string_view bytes, std::string_view http_charset, bool valid_utf8);

// Bytes ready for libxml2: the charset to decode them with, invalid UTF-8
// replaced, and the bodies of <script> (except JSON-LD), <style> and <svg> dropped
// (they are never text, and skipping them halves the parse time). For
// ASCII-compatible charsets, also the attributes nothing here reads (data-*,
// on*, src, srcset, alt, ...) and the blank runs between tags (shrunk to one
// character, except where Readability's rules measure raw text): both are
// walked by the parser character by character.
struct PreparedHtml {
  std::string charset;
  std::string bytes;
};
PreparedHtml PrepareHtml(std::string_view bytes, std::string_view http_charset);

// Parses prepared bytes; never returns null.
DocPtr ParseHtml(const PreparedHtml& input);

inline bool IsElement(const xmlNode* n) { return n && n->type == XML_ELEMENT_NODE; }
inline bool IsText(const xmlNode* n) {
  return n && (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE);
}
// Lowercase tag name of an element, "" for other nodes.
inline std::string_view Tag(const xmlNode* n) {
  return IsElement(n) && n->name ? std::string_view(reinterpret_cast<const char*>(n->name))
                                 : std::string_view();
}
inline std::string_view Content(const xmlNode* n) {
  return n->content ? std::string_view(reinterpret_cast<const char*>(n->content)) : std::string_view();
}
// Attribute value without copying ("" when absent).
std::string_view Attr(const xmlNode* n, std::string_view name);
bool HasAttr(const xmlNode* n, std::string_view name);

xmlNode* FirstElementChild(const xmlNode* n);
xmlNode* NextElementSibling(const xmlNode* n);
int ElementChildCount(const xmlNode* n);
// Pre-order successor restricted to elements (Readability's _getNextNode).
xmlNode* NextNode(const xmlNode* n, bool skip_children);
// First element with tag `tag` below `root` (document order), or null.
xmlNode* FindFirst(xmlNode* root, std::string_view tag);
// Every element below `root` (not `root` itself) with one of the tags.
void CollectTags(xmlNode* root, std::initializer_list<std::string_view> tags,
                 std::vector<xmlNode*>& out);
bool HasAncestorTag(const xmlNode* n, std::string_view tag, int max_depth = 3);

// Concatenated text of the subtree (textContent).
void AppendText(const xmlNode* n, std::string& out);
std::string TextOf(const xmlNode* n);
// textContent trimmed with whitespace runs collapsed to one space.
std::string NormalizedText(const xmlNode* n);

// Length of NormalizedText(n) in code points, plus what the scorer needs.
struct TextStats {
  double length = 0;
  double link_length = 0;  // text inside <a>, "#..." links weighted 0.3
  int commas = 0;          // comma-like characters (Readability's list)
};
TextStats Measure(const xmlNode* n);
// Stats of one text run as if it were a node's whole text, counted as link text with `link_weight`.
TextStats Measure(std::nullptr_t, std::string_view text, double link_weight);
inline double LinkDensity(const xmlNode* n) {
  TextStats s = Measure(n);
  return s.length > 0 ? s.link_length / s.length : 0;
}

// Lowercased "class id" of an element.
std::string MatchString(const xmlNode* n);
// A fixed set of needles (at most 64), looked for in one pass over a
// haystack: a table of first bytes picks the needles to compare at each
// position, where a find() per needle would scan the haystack once each.
// The set keeps views: the needles must outlive it (string literals do).
class NeedleSet {
 public:
  explicit NeedleSet(std::initializer_list<std::string_view> needles);
  // Whether any needle occurs in `haystack` (byte for byte).
  bool FoundIn(std::string_view haystack) const;

 private:
  std::vector<std::string_view> needles_;
  std::array<std::uint64_t, 256> starting_with_{};  // bit k: needle k starts with the byte
};
// Whether any of the lowercase needles occurs in `haystack`, ignoring ASCII case there.
bool ContainsAnyIgnoreCase(std::string_view haystack, std::initializer_list<std::string_view> lower_needles);
// True when `token` occurs in the whitespace-separated list `list` (ASCII case-insensitive).
bool HasToken(std::string_view list, std::string_view token);

// Detaches `n`; the node is freed when the Graveyard is destroyed (so node
// pointers held elsewhere during one pass stay unique).
class Graveyard {
 public:
  Graveyard() = default;
  Graveyard(const Graveyard&) = delete;
  Graveyard& operator=(const Graveyard&) = delete;
  ~Graveyard();
  void Bury(xmlNode* n);

 private:
  std::vector<xmlNode*> nodes_;
};

}  // namespace corroborate::ingest::html
