#include "ingest/html/comments.h"

#include <algorithm>

#include "core/text.h"
#include "ingest/dates.h"
#include "ingest/html/fragment_text.h"

namespace corroborate::ingest::html {
namespace {

// A date in a comment's header or time element, words around it skipped.
std::optional<ParsedDate> CommentDate(std::string_view text) {
  return ParseDate(text, {.skip_other_words = true});
}

class BlockWriter {
 public:
  explicit BlockWriter(const std::vector<const xmlNode*>& skip) : skip_(skip) {}

  void Walk(const xmlNode* n) {
    for (const xmlNode* c = n->children; c; c = c->next) {
      if (IsText(c)) {
        current_.append(Content(c));
        continue;
      }
      if (!IsElement(c)) continue;
      std::string_view tag = Tag(c);
      if (IsNeverText(tag)) continue;
      if (!skip_.empty() && std::find(skip_.begin(), skip_.end(), c) != skip_.end()) continue;
      if (tag == "br") {
        if (kind_ == BlockKind::kPre) {
          current_ += '\n';
        } else {
          Flush();
        }
        continue;
      }
      if (tag == "td" || tag == "th") {
        current_ += ' ';
        Walk(c);
        current_ += ' ';
        continue;
      }
      if (!IsBlockElement(tag)) {
        Walk(c);
        continue;
      }
      Flush();
      BlockKind saved = kind_;
      if (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6') kind_ = BlockKind::kHeading;
      else if (tag == "li" || tag == "dt" || tag == "dd") kind_ = BlockKind::kListItem;
      else if (tag == "blockquote") kind_ = BlockKind::kQuote;
      else if (tag == "pre") kind_ = BlockKind::kPre;
      Walk(c);
      Flush();
      kind_ = saved;
    }
  }

  void Flush() {
    if (current_.empty()) return;
    std::string text;
    if (kind_ == BlockKind::kPre) {
      std::string_view view = current_;
      while (!view.empty() && (view.front() == '\n' || view.front() == '\r')) view.remove_prefix(1);
      while (!view.empty() && std::isspace(static_cast<unsigned char>(view.back()))) view.remove_suffix(1);
      text = std::string(view);
    } else {
      text = CollapseWhitespace(current_);
    }
    current_.clear();
    if (!text.empty()) blocks_.push_back(Block{kind_, std::move(text)});
  }

  std::vector<Block> Take() {
    Flush();
    return std::move(blocks_);
  }

 private:
  const std::vector<const xmlNode*>& skip_;
  std::vector<Block> blocks_;
  std::string current_;
  BlockKind kind_ = BlockKind::kParagraph;
};

// Lowercased class tokens and id of an element, space-separated, with spaces around.
std::string Tokens(const xmlNode* n) {
  std::string s = " " + MatchString(n) + " ";
  for (char& c : s) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

// `tokens` comes from Tokens(): words separated by single spaces, with spaces around.
bool HasWord(const std::string& tokens, std::string_view word) {
  for (size_t pos = tokens.find(word); pos != std::string::npos; pos = tokens.find(word, pos + 1)) {
    if (pos > 0 && tokens[pos - 1] == ' ' && pos + word.size() < tokens.size() && tokens[pos + word.size()] == ' ') {
      return true;
    }
  }
  return false;
}

// Whether any of the section, item or form rules could match the element
// (a cheap filter before the token checks).
bool HasHints(const xmlNode* n) {
  if (!n->properties) return false;
  if (HasAttr(n, "itemtype")) return true;
  for (std::string_view value : {Attr(n, "class"), Attr(n, "id")}) {
    if (!value.empty() && ContainsAnyIgnoreCase(value, {"comment", "respond", "disqus", "dsq"})) return true;
  }
  return false;
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsSection(const xmlNode* n, const std::string& tokens) {
  std::string_view tag = Tag(n);
  if (tag == "a" || tag == "span" || tag == "h2" || tag == "h3" || tag == "li" || tag == "body") return false;
  size_t pos = 0;
  while (pos < tokens.size()) {
    size_t end = tokens.find(' ', pos);
    if (end == std::string::npos) end = tokens.size();
    std::string_view t = std::string_view(tokens).substr(pos, end - pos);
    pos = end + 1;
    if (t == "comments" || t == "disqus_thread" || t == "commentlist" || t == "dsq-comments") return true;
    if (t.starts_with("comment") || t.starts_with("comments")) {
      for (std::string_view suffix : {"-list", "_list", "-section", "-area", "-thread", "-container", "-wrapper",
                                      "list", "section", "thread"}) {
        if (t.ends_with(suffix) && t.size() > suffix.size() + 6) return true;
      }
    }
  }
  std::string_view itemtype = Attr(n, "itemtype");
  return itemtype.find("UserComments") != std::string_view::npos;
}

bool IsItem(const xmlNode* n, bool in_section, const std::string& tokens) {
  std::string_view tag = Tag(n);
  if (tag != "li" && tag != "article" && tag != "div" && tag != "section") return false;
  std::string_view itemtype = Attr(n, "itemtype");
  if (itemtype.find("schema.org/Comment") != std::string_view::npos) return true;
  if (HasWord(tokens, "comment") || HasWord(tokens, "dsq-comment") || HasWord(tokens, "comment-item")) return true;
  if (in_section && tag == "li" && (HasWord(tokens, "post") || HasWord(tokens, "reply"))) return true;
  std::string_view id = Attr(n, "id");
  for (std::string_view prefix : {"comment-", "li-comment-", "comment_"}) {
    if (id.starts_with(prefix) && IsDigits(id.substr(prefix.size()))) return true;
  }
  return false;
}

bool IsItem(const xmlNode* n, bool in_section) {
  std::string_view tag = Tag(n);
  if (tag != "li" && tag != "article" && tag != "div" && tag != "section") return false;
  return IsItem(n, in_section, Tokens(n));
}

void FindItems(xmlNode* n, bool in_section, std::vector<xmlNode*>& out) {
  for (xmlNode* c = n->children; c; c = c->next) {
    if (!IsElement(c)) continue;
    if (IsItem(c, in_section)) {
      out.push_back(c);
    } else {
      FindItems(c, in_section, out);
    }
  }
}

// Sub-lists of `item` that hold replies (collected into `replies`).
void FindReplyLists(xmlNode* n, bool in_section, std::vector<const xmlNode*>& lists,
                    std::vector<xmlNode*>& replies) {
  for (xmlNode* c = n->children; c; c = c->next) {
    if (!IsElement(c)) continue;
    std::string_view tag = Tag(c);
    std::string tokens = Tokens(c);
    if (tag == "ol" || tag == "ul" || HasWord(tokens, "children") || HasWord(tokens, "replies")) {
      std::vector<xmlNode*> found;
      FindItems(c, in_section, found);
      if (!found.empty()) {
        lists.push_back(c);
        replies.insert(replies.end(), found.begin(), found.end());
        continue;
      }
    }
    if (IsItem(c, in_section) && tag == "li") {  // a reply directly nested
      lists.push_back(c);
      replies.push_back(c);
      continue;
    }
    FindReplyLists(c, in_section, lists, replies);
  }
}

const xmlNode* FindWithin(const xmlNode* n, const std::vector<const xmlNode*>& skip,
                          bool (*match)(const xmlNode*)) {
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (!IsElement(c) || IsNeverText(Tag(c))) continue;
    if (std::find(skip.begin(), skip.end(), c) != skip.end()) continue;
    if (match(c)) return c;
    if (const xmlNode* found = FindWithin(c, skip, match)) return found;
  }
  return nullptr;
}

bool IsAuthorNode(const xmlNode* n) {
  if (Attr(n, "itemprop").find("author") != std::string_view::npos) return true;
  if (Attr(n, "itemprop") == "creator") return true;
  if (Tag(n) == "cite") return true;
  std::string tokens = Tokens(n);
  for (std::string_view word : {"comment-author", "author", "fn", "username", "user-name", "commenter",
                                "comment-author-name", "author-name", "vcard", "byline", "comment-name"}) {
    if (HasWord(tokens, word)) return true;
  }
  return false;
}

bool IsTimeNode(const xmlNode* n) {
  if (Tag(n) == "time") return true;
  std::string_view prop = Attr(n, "itemprop");
  if (prop == "dateCreated" || prop == "datePublished" || prop == "commentTime") return true;
  std::string tokens = Tokens(n);
  for (std::string_view word : {"comment-date", "comment-time", "date", "time", "timestamp", "published",
                                "comment-meta", "commentmetadata", "post-meta", "datetime"}) {
    if (HasWord(tokens, word)) return true;
  }
  return false;
}

// The element that holds a comment's text: the specific markers first.
bool IsStrongTextNode(const xmlNode* n) {
  std::string_view prop = Attr(n, "itemprop");
  if (prop == "text" || prop == "commentText") return true;
  std::string tokens = Tokens(n);
  for (std::string_view word : {"comment-content", "comment-text", "comment_text", "commenttext", "post-message",
                                "comment-message", "e-content", "comment-entry"}) {
    if (HasWord(tokens, word)) return true;
  }
  return false;
}

bool IsWeakTextNode(const xmlNode* n) {
  if (Attr(n, "itemprop") == "description") return true;
  std::string tokens = Tokens(n);
  for (std::string_view word : {"comment-body", "message", "content", "text", "body"}) {
    if (HasWord(tokens, word)) return true;
  }
  return false;
}

bool Contains(const xmlNode* outer, const xmlNode* inner) {
  for (const xmlNode* p = inner; p; p = p->parent) {
    if (p == outer) return true;
  }
  return false;
}

bool IsChromeNode(const xmlNode* n) {
  std::string tokens = Tokens(n);
  for (std::string_view word : {"reply", "comment-reply-link", "comment-actions", "actions", "edit-link",
                                "comment-awaiting-moderation", "says"}) {
    if (HasWord(tokens, word)) return true;
  }
  return Tag(n) == "form";
}

std::string CleanAuthor(std::string author) {
  author = CollapseWhitespace(author);
  for (std::string_view suffix : {" says:", " says", " said:", " wrote:", ":"}) {
    if (author.size() > suffix.size() && author.ends_with(suffix)) author.resize(author.size() - suffix.size());
  }
  if (author.starts_with("By ") || author.starts_with("by ")) author.erase(0, 3);
  return std::string(TrimAscii(author));
}

void ReadTime(const xmlNode* n, Comment& c) {
  std::string_view raw = Attr(n, "datetime");
  if (raw.empty()) raw = Attr(n, "content");
  if (raw.empty()) raw = Attr(n, "title");
  std::string text = raw.empty() ? NormalizedText(n) : std::string(TrimAscii(raw));
  if (!raw.empty() || !CommentDate(text)) {
    // The node may hold a link whose text is the date.
    if (raw.empty()) {
      if (const xmlNode* inner = FindFirst(const_cast<xmlNode*>(n), "time")) {
        std::string_view dt = Attr(inner, "datetime");
        if (!dt.empty()) text = std::string(dt);
      }
    }
  }
  c.published_raw = text;
  if (auto t = CommentDate(text)) {
    c.published = t->instant;
  } else {
    // "Name on December 22, 2014 at 4:15 pm" style meta lines: try the part after " on ".
    size_t on = text.find(" on ");
    if (on != std::string::npos) {
      if (auto t2 = CommentDate(text.substr(on + 4))) c.published = t2->instant;
    }
  }
}

// "Name on <date>", "Name says:", "Name said on <date>" as the first line of a plain comment.
bool ParseHeader(std::string header, Comment& c) {
  size_t digits = 0;
  while (digits < header.size() && std::isdigit(static_cast<unsigned char>(header[digits]))) ++digits;
  if (digits > 0 && digits < header.size() && header[digits] == '.') header = std::string(TrimAscii(header.substr(digits + 1)));
  for (std::string_view sep : {" on ", " | ", " - ", ", "}) {
    size_t pos = header.find(sep);
    if (pos == std::string::npos || pos == 0 || pos > 80) continue;
    std::string rest = header.substr(pos + sep.size());
    if (rest.starts_with("at ")) rest.erase(0, 3);
    if (auto t = CommentDate(rest)) {
      c.author = CleanAuthor(header.substr(0, pos));
      c.published_raw = std::string(TrimAscii(rest));
      c.published = t->instant;
      return !c.author.empty();
    }
  }
  for (std::string_view verb : {" says:", " said:", " wrote:", " says"}) {
    if (header.ends_with(verb) && header.size() < 80) {
      c.author = CleanAuthor(header);
      return true;
    }
  }
  return false;
}

Comment ReadItem(xmlNode* item, const std::vector<const xmlNode*>& reply_lists) {
  Comment c;
  std::vector<const xmlNode*> skip = reply_lists;
  const xmlNode* author = FindWithin(item, skip, IsAuthorNode);
  if (author) {
    const xmlNode* name = FindWithin(author, {}, [](const xmlNode* n) { return Attr(n, "itemprop") == "name" || HasWord(Tokens(n), "fn"); });
    c.author = CleanAuthor(NormalizedText(name ? name : author));
  }
  const xmlNode* time = FindWithin(item, skip, IsTimeNode);
  if (time) ReadTime(time, c);
  const xmlNode* body = FindWithin(item, skip, IsStrongTextNode);
  if (!body) {
    body = FindWithin(item, skip, IsWeakTextNode);
    if (body && ((author && Contains(body, author)) || (time && Contains(body, time)))) body = nullptr;
  }
  std::vector<Block> blocks;
  if (body && body != author && body != time) {
    blocks = TextBlocks(body, skip);
  } else {
    if (author) skip.push_back(author);
    if (time) skip.push_back(time);
    std::vector<const xmlNode*> chrome;
    std::vector<const xmlNode*> stack{item};
    while (!stack.empty()) {
      const xmlNode* n = stack.back();
      stack.pop_back();
      for (const xmlNode* ch = n->children; ch; ch = ch->next) {
        if (!IsElement(ch)) continue;
        if (IsChromeNode(ch)) skip.push_back(ch);
        else stack.push_back(ch);
      }
    }
    blocks = TextBlocks(item, skip);
    if (!author && !blocks.empty()) {
      Comment header;
      if (ParseHeader(blocks.front().text, header)) {
        c.author = header.author;
        if (!c.published) {
          c.published = header.published;
          c.published_raw = header.published_raw;
        }
        blocks.erase(blocks.begin());
      }
    }
  }
  c.text = JoinBlocks(blocks);
  return c;
}

void ReadItems(const std::vector<xmlNode*>& items, bool in_section, std::vector<Comment>& out) {
  for (xmlNode* item : items) {
    std::vector<const xmlNode*> lists;
    std::vector<xmlNode*> replies;
    FindReplyLists(item, in_section, lists, replies);
    Comment c = ReadItem(item, lists);
    if (!c.text.empty()) out.push_back(std::move(c));
    ReadItems(replies, in_section, out);
  }
}

// A plain list of comments: each <li> of the first list in the section.
void ReadPlainList(xmlNode* section, std::vector<Comment>& out) {
  xmlNode* list = FindFirst(section, "ol");
  if (!list) list = FindFirst(section, "ul");
  if (!list) return;
  for (xmlNode* li = FirstElementChild(list); li; li = NextElementSibling(li)) {
    if (Tag(li) != "li") continue;
    std::vector<Block> blocks = TextBlocks(li);
    if (blocks.empty()) continue;
    Comment c;
    if (ParseHeader(blocks.front().text, c)) {
      blocks.erase(blocks.begin());
    } else if (xmlNode* first = FirstElementChild(li);
               first && (Tag(first) == "cite" || Tag(first) == "strong" || Tag(first) == "b")) {
      c.author = CleanAuthor(NormalizedText(first));
      std::string& head = blocks.front().text;
      if (head.starts_with(c.author)) head = std::string(TrimAscii(head.substr(c.author.size())));
    }
    c.text = JoinBlocks(blocks);
    if (!c.text.empty()) out.push_back(std::move(c));
  }
}

bool IsCommentForm(const std::string& tokens) {
  return HasWord(tokens, "respond") || HasWord(tokens, "comment-respond") || HasWord(tokens, "comment-form") ||
         HasWord(tokens, "commentform") || HasWord(tokens, "comment-form-wrapper");
}

void FindSections(xmlNode* n, std::vector<xmlNode*>& sections, std::vector<xmlNode*>& loose_items,
                  std::vector<xmlNode*>& forms) {
  for (xmlNode* c = n->children; c; c = c->next) {
    if (!IsElement(c)) continue;
    if (!HasHints(c)) {
      FindSections(c, sections, loose_items, forms);
      continue;
    }
    const std::string tokens = Tokens(c);
    if (IsCommentForm(tokens)) {
      forms.push_back(c);
    } else if (IsSection(c, tokens)) {
      sections.push_back(c);
    } else if ((Tag(c) == "li" || Tag(c) == "article") && IsItem(c, false, tokens)) {
      loose_items.push_back(c);
    } else {
      FindSections(c, sections, loose_items, forms);
    }
  }
}

}  // namespace

std::vector<Block> TextBlocks(const xmlNode* n, const std::vector<const xmlNode*>& skip) {
  BlockWriter writer(skip);
  writer.Walk(n);
  return writer.Take();
}

std::string JoinBlocks(const std::vector<Block>& blocks) {
  std::string out;
  for (const Block& b : blocks) {
    if (!out.empty()) out += '\n';
    out += b.text;
  }
  return out;
}

std::vector<Comment> ExtractComments(xmlNode* root, Graveyard& graveyard) {
  std::vector<Comment> out;
  std::vector<xmlNode*> sections, loose_items, forms;
  FindSections(root, sections, loose_items, forms);
  for (xmlNode* section : sections) {
    std::vector<xmlNode*> items;
    FindItems(section, true, items);
    size_t before = out.size();
    ReadItems(items, true, out);
    if (out.size() == before) ReadPlainList(section, out);
    graveyard.Bury(section);
  }
  ReadItems(loose_items, false, out);
  for (xmlNode* item : loose_items) graveyard.Bury(item);
  for (xmlNode* form : forms) graveyard.Bury(form);
  return out;
}

}  // namespace corroborate::ingest::html
