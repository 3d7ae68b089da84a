#include "ingest/html/dom.h"

#include <libxml/HTMLtree.h>
#include <libxml/encoding.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "core/text.h"
#include "ingest/html/arena_state.h"

namespace corroborate::ingest::html {
namespace {

// `a` (NUL-terminated) equals `name` (no NUL inside); stops at the first difference.
bool NameIs(const xmlChar* a, std::string_view name) {
  if (!a) return false;
  for (char c : name) {
    if (*a != static_cast<unsigned char>(c)) return false;
    ++a;
  }
  return *a == 0;
}

bool IsSpace(unsigned char c) {
  return c <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f');
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool MatchAt(std::string_view s, size_t pos, std::string_view lower_word) {
  if (pos + lower_word.size() > s.size()) return false;
  for (size_t i = 0; i < lower_word.size(); ++i) {
    if (Lower(s[pos + i]) != lower_word[i]) return false;
  }
  return true;
}

size_t FindIgnoreCase(std::string_view s, std::string_view lower_word, size_t from) {
  if (lower_word.empty()) return from;
  const char first = lower_word[0];
  const char upper = static_cast<char>(first >= 'a' && first <= 'z' ? first - 'a' + 'A' : first);
  for (size_t pos = from; pos + lower_word.size() <= s.size(); ++pos) {
    const char* hit = static_cast<const char*>(std::memchr(s.data() + pos, first, s.size() - pos));
    if (upper != first) {
      const char* hit_upper = static_cast<const char*>(std::memchr(s.data() + pos, upper, s.size() - pos));
      if (!hit || (hit_upper && hit_upper < hit)) hit = hit_upper;
    }
    if (!hit) return std::string_view::npos;
    pos = static_cast<size_t>(hit - s.data());
    if (MatchAt(s, pos, lower_word)) return pos;
  }
  return std::string_view::npos;
}

// IsValidUtf8 with a fast path over ASCII runs (32, then 8 bytes at a time).
bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    if (i + 32 <= n) {
      std::uint64_t w[4];
      std::memcpy(w, s.data() + i, 32);
      if (((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL) == 0) {
        i += 32;
        continue;
      }
    }
    if (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t start = i;
    // Multi-byte sequences consist of bytes >= 0x80 only, so a valid text's
    // non-ASCII runs are whole sequences.
    while (i < n && static_cast<unsigned char>(s[i]) >= 0x80) ++i;
    if (!IsValidUtf8(s.substr(start, i - start))) return false;
  }
  return true;
}// The value after "charset" in `s` ("charset=utf-8", "charset = 'x'"), or "".
std::string CharsetValue(std::string_view s) {
  size_t pos = FindIgnoreCase(s, "charset", 0);
  if (pos == std::string_view::npos) return "";
  pos += 7;
  while (pos < s.size() && IsSpace(s[pos])) ++pos;
  if (pos >= s.size() || s[pos] != '=') return "";
  ++pos;
  while (pos < s.size() && (IsSpace(s[pos]) || s[pos] == '"' || s[pos] == '\'')) ++pos;
  size_t end = pos;
  while (end < s.size() && (std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '-' ||
                            s[end] == '_' || s[end] == '.' || s[end] == ':')) {
    ++end;
  }
  return ToLowerAscii(s.substr(pos, end - pos));
}

std::string NormalizeCharset(std::string name) {
  name = ToLowerAscii(TrimAscii(name));
  if (name.empty()) return "";
  if (name == "utf8" || name == "utf-8" || name == "unicode-1-1-utf-8") return "UTF-8";
  if (name == "iso-8859-1" || name == "latin1" || name == "iso8859-1" || name == "l1" ||
      name == "us-ascii" || name == "ascii" || name == "iso_8859-1" || name == "cp1252" ||
      name == "windows-1252" || name == "x-cp1252") {
    return "windows-1252";
  }
  if (name == "gb2312" || name == "gb_2312-80" || name == "x-gbk" || name == "gbk") return "GBK";
  if (name == "shift-jis" || name == "sjis" || name == "x-sjis") return "SHIFT_JIS";
  if (name == "x-euc-jp") return "EUC-JP";
  if (name == "ks_c_5601-1987" || name == "euc-kr") return "EUC-KR";
  return name;
}

bool KnownCharset(const std::string& name) {
  xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(name.c_str());
  if (!handler) return false;
  xmlCharEncCloseFunc(handler);
  return true;
}

// Copy of `html` with the bodies of <script> (except JSON-LD), <style> and
// <svg> dropped: they are never text, and skipping them halves the parse time on
// script-heavy pages. Comments are stepped over so that markup inside them
// is not taken for a tag.
std::string SkipScriptBodies(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  size_t copied = 0, pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    if (html.compare(pos, 4, "<!--") == 0) {
      size_t end = html.find("-->", pos + 4);
      if (end == std::string_view::npos) break;
      pos = end + 3;
      continue;
    }
    std::string_view name;
    // All three names start with 's': most tags are passed over at once.
    if (pos + 1 < html.size() && Lower(html[pos + 1]) == 's') {
      if (MatchAt(html, pos + 1, "script")) name = "script";
      else if (MatchAt(html, pos + 1, "style")) name = "style";
      else if (MatchAt(html, pos + 1, "svg")) name = "svg";
    }
    if (name.empty()) {
      ++pos;
      continue;
    }
    size_t after = pos + 1 + name.size();
    if (after >= html.size() || !(IsSpace(html[after]) || html[after] == '>' || html[after] == '/')) {
      ++pos;
      continue;
    }
    size_t open_end = html.find('>', after);
    if (open_end == std::string_view::npos) break;
    std::string_view open = html.substr(pos, open_end + 1 - pos);
    std::string close = std::string("</") + std::string(name);
    size_t close_pos = FindIgnoreCase(html, close, open_end + 1);
    if (close_pos == std::string_view::npos) break;
    if (name == "script" && FindIgnoreCase(open, "ld+json", 0) != std::string_view::npos) {
      pos = close_pos + close.size();
      continue;
    }
    out.append(html.substr(copied, open_end + 1 - copied));
    copied = close_pos;
    pos = close_pos + close.size();
  }
  out.append(html.substr(copied));
  return out;
}


void IgnoreGenericError(void*, const char*, ...) {}
void IgnoreStructuredError(void*, xmlErrorPtr) {}

// Attributes nothing in ingest/html reads (and libxml2 would copy character
// by character): data-*, event handlers, image sources and sizes, alt,
// target, aria-* other than aria-hidden and aria-modal.
bool UnreadAttribute(std::string_view name) {
  switch (Lower(name[0])) {
    case 'd':
      return (name.size() > 5 && MatchAt(name, 0, "data-")) || EqualsIgnoreCase(name, "decoding");
    case 'a':
      if (name.size() > 5 && MatchAt(name, 0, "aria-")) {
        return !EqualsIgnoreCase(name, "aria-hidden") && !EqualsIgnoreCase(name, "aria-modal");
      }
      return EqualsIgnoreCase(name, "alt");
    case 'o':
      return name.size() > 2 && Lower(name[1]) == 'n';
    case 's':
      return EqualsIgnoreCase(name, "src") || EqualsIgnoreCase(name, "srcset") || EqualsIgnoreCase(name, "sizes");
    case 't':
      return EqualsIgnoreCase(name, "target") || EqualsIgnoreCase(name, "tabindex");
    case 'w':
      return EqualsIgnoreCase(name, "width");
    case 'h':
      return EqualsIgnoreCase(name, "height");
    case 'l':
      return EqualsIgnoreCase(name, "loading");
    case 'm':
      return EqualsIgnoreCase(name, "media");
    default:
      return false;
  }
}

bool AttrNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c == '.';
}
bool AttrNameChar(char c) { return AttrNameStart(c) || (c >= '0' && c <= '9') || c == '-'; }

// Byte ranges of a tag to drop.
// Made for every tag, so its ranges are left uninitialised (std::pair would
// zero all 16 each time); only the first `count` are read.
struct Drops {
  struct Range {
    size_t first, second;
  };
  std::array<Range, 16> ranges;
  size_t count = 0;
  void Add(size_t from, size_t to) {
    if (count < ranges.size()) ranges[count++] = {from, to};
  }
};

// Whether the tag's text contains author, byline, dateline, writtenby (any case) or "&#".
bool MayNameByline(std::string_view tag) {
  static constexpr auto kStarts = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : std::string_view("aAbBdDwW&")) t[c] = true;
    return t;
  }();
  for (size_t i = 0; i < tag.size(); ++i) {
    if (!kStarts[static_cast<unsigned char>(tag[i])]) continue;
    switch (Lower(tag[i])) {
      case 'a':
        if (MatchAt(tag, i, "author")) return true;
        break;
      case 'b':
        if (MatchAt(tag, i, "byline")) return true;
        break;
      case 'd':
        if (MatchAt(tag, i, "dateline")) return true;
        break;
      case 'w':
        if (MatchAt(tag, i, "writtenby")) return true;
        break;
      case '&':
        if (i + 1 < tag.size() && tag[i + 1] == '#') return true;
        break;
      default:
        break;
    }
  }
  return false;
}

// Walks the start tag at s[lt] the way libxml2's HTML parser reads it
// (names of letters, digits and -_:., values quoted or up to a blank or '>')
// and adds the byte range of every unread attribute, with the blanks before
// it, to `drops`. Returns the position of the tag's '>' (`gt`, the first '>',
// unless a quoted value holds one). Anything unusual ends the walk without
// dropping more: the rest of the tag is left as it is. `walked` is set to
// where the walk ended; `byline` is set when the value of a class, id, rel or
// itemprop attribute before it may name a byline (MayNameByline).
size_t FindUnreadAttributes(const std::string& s, size_t lt, size_t gt, Drops& drops,
                            size_t& walked, bool& byline) {
  const size_t n = s.size();
  size_t i = lt + 1;
  walked = i;
  if (i >= n || !AttrNameStart(s[i]) || s[i] == ':' || s[i] == '.' || s[i] == '_') return gt;
  while (i < n && AttrNameChar(s[i])) ++i;  // the tag name
  const bool anchor = i == lt + 2 && Lower(s[lt + 1]) == 'a';
  walked = i;
  while (i < n) {
    walked = i;
    const size_t blank = i;
    while (i < n && IsSpace(static_cast<unsigned char>(s[i]))) ++i;
    if (i >= n) return gt;
    if (s[i] == '>') return i;
    if (s[i] == '/' && i + 1 < n && s[i + 1] == '>') return i + 1;
    if (i == blank || !AttrNameStart(s[i])) return gt;
    const size_t name_start = i;
    while (i < n && AttrNameChar(s[i])) ++i;
    if (i - name_start > 90) return gt;  // libxml2 cuts long names
    const std::string_view name(s.data() + name_start, i - name_start);
    size_t j = i;
    while (j < n && IsSpace(static_cast<unsigned char>(s[j]))) ++j;
    if (j < n && s[j] == '=') {
      ++j;
      while (j < n && IsSpace(static_cast<unsigned char>(s[j]))) ++j;
      if (j >= n) return gt;
      size_t value_begin = j, value_end;
      if (s[j] == '"' || s[j] == '\'') {
        size_t close = s.find(s[j], j + 1);
        if (close == std::string::npos) return gt;
        ++value_begin;
        value_end = close;
        i = close + 1;
      } else {
        while (j < n && !IsSpace(static_cast<unsigned char>(s[j])) && s[j] != '>') ++j;
        value_end = j;
        i = j;
      }
      if (i < n && !IsSpace(static_cast<unsigned char>(s[i])) && s[i] != '>' && s[i] != '/') {
        return std::min(n, s.find('>', std::max(gt, i)));
      }
      // What Readability's byline rule reads (rel, itemprop, class and id).
      if (!byline && (EqualsIgnoreCase(name, "class") || EqualsIgnoreCase(name, "id") ||
                      EqualsIgnoreCase(name, "rel") || EqualsIgnoreCase(name, "itemprop"))) {
        byline = MayNameByline(std::string_view(s.data() + value_begin, value_end - value_begin));
      }
      // Of an anchor's href only the first character is read (a '#' weighs
      // the link less in the link density): an ASCII first byte that does not
      // begin a character reference stays, the rest goes.
      if (anchor && value_end > value_begin + 1 && EqualsIgnoreCase(name, "href") &&
          static_cast<unsigned char>(s[value_begin]) < 0x80 && s[value_begin] != '&') {
        drops.Add(value_begin + 1, value_end);
      }
    }
    if (UnreadAttribute(name)) drops.Add(blank, i);
    walked = i;
    if (gt < i) gt = s.find('>', i);
    if (gt == std::string::npos) return n;
  }
  return gt;
}

// Drops the attributes nothing reads from start tags (see UnreadAttribute)
// and shrinks whitespace-only runs between two tags (the indentation of the
// markup, a quarter of a typical page once scripts are gone; the parser walks
// both character by character) to one character: a newline when the run had
// one, else a space. The extractor collapses whitespace anyway, with one
// exception kept exact here: Readability's byline rule and the heading-equals-
// title test look at the raw text (a byline candidate's trimmed textContent
// must be under 100 bytes). So after any tag that could make such a candidate
// (an h1/h2, or attributes mentioning author, byline, dateline, writtenby, or
// holding a numeric character reference, the only way to spell a letter
// otherwise) nothing is shrunk from its first non-blank text byte on until
// 400 bytes of text have passed: raw text is never shorter than
// the decoded text, so the candidate's first 100 bytes are untouched. The
// bodies of <pre>, <textarea>, <title>, <script> (JSON-LD), <xmp>, <listing>
// and <plaintext>, and comments, are left alone.
void SlimMarkup(std::string& s) {
  constexpr long kProtectedText = 400;
  const size_t n = s.size();
  size_t r = 0, w = 0, pos = 0, text_from = 0;
  long protect = 0;       // text bytes still to pass untouched (0: none)
  bool started = false;   // the protected text has begun (a non-blank byte was seen)
  auto copy_to = [&](size_t end) {
    if (w != r) std::memmove(s.data() + w, s.data() + r, end - r);
    w += end - r;
    r = end;
  };
  auto consume_text = [&](size_t from, size_t to) {
    if (protect <= 0) return;
    while (!started && from < to && IsSpace(static_cast<unsigned char>(s[from]))) ++from;
    if (from < to) started = true;
    if (started) protect -= static_cast<long>(to - from);
  };
  // '<' opens markup only before a letter, '/', '!' or '?'; else it is text.
  auto markup_at = [&](size_t i) {
    if (i + 1 >= n || s[i] != '<') return false;
    const char c = s[i + 1];
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!' || c == '?';
  };
  while ((pos = s.find('<', pos)) != std::string::npos) {
    if (!markup_at(pos)) {
      ++pos;
      continue;
    }
    consume_text(text_from, pos);
    if (s.compare(pos, 4, "<!--") == 0) {
      size_t end = s.find("-->", pos + 4);
      if (end == std::string::npos) break;
      pos = text_from = end + 3;
      continue;
    }
    std::string_view verbatim;
    const char first = pos + 1 < n ? Lower(s[pos + 1]) : '\0';
    static constexpr std::string_view kVerbatim[] = {"pre", "textarea", "title", "script",
                                                     "xmp", "listing", "plaintext"};
    for (std::string_view name : kVerbatim) {
      if (first != name[0]) continue;
      size_t after = pos + 1 + name.size();
      if (MatchAt(s, pos + 1, name) && after < n && (IsSpace(s[after]) || s[after] == '>' || s[after] == '/')) {
        verbatim = name;
        break;
      }
    }
    if (!verbatim.empty()) {
      size_t open_end = s.find('>', pos + 1);
      const std::string open = "<" + std::string(verbatim), close_tag = "</" + std::string(verbatim);
      size_t close = FindIgnoreCase(s, close_tag, pos + 1);
      // A <pre> may hold another: its end is the matching </pre>.
      for (size_t inner = pos + 1, depth = 0; verbatim == "pre" && close != std::string::npos;) {
        inner = FindIgnoreCase(s, open, inner);
        if (inner == std::string::npos || inner > close) {
          if (depth == 0) break;
          --depth;
          inner = close + 1;
          close = FindIgnoreCase(s, close_tag, close + 1);
          continue;
        }
        ++depth;
        ++inner;
      }
      if (open_end == std::string::npos || close == std::string::npos) break;
      if (open_end < close) consume_text(open_end + 1, close);
      pos = text_from = close + 2;
      continue;
    }
    size_t gt = s.find('>', pos + 1);
    if (gt == std::string::npos) break;
    Drops drops;
    size_t walked = pos;
    bool byline = false;
    gt = FindUnreadAttributes(s, pos, gt, drops, walked, byline);
    if (gt >= n) break;
    std::string_view tag(s.data() + pos, gt - pos);
    const bool heading = (MatchAt(tag, 1, "h1") || MatchAt(tag, 1, "h2")) &&
                         (tag.size() == 3 || IsSpace(static_cast<unsigned char>(tag[3])) || tag[3] == '/');
    // Attributes the walk did not reach are looked at whole.
    if (!byline && walked < gt) {
      byline = MayNameByline(std::string_view(s.data() + walked, gt - walked));
    }
    if (heading || byline) {
      protect = kProtectedText;
      started = false;
    }
    for (size_t d = 0; d < drops.count; ++d) {
      copy_to(drops.ranges[d].first);
      r = drops.ranges[d].second;
    }
    size_t end = gt + 1;
    while (end < n && IsSpace(static_cast<unsigned char>(s[end]))) ++end;
    // Blank runs before the candidate's first text are trimmed off it anyway.
    if ((protect <= 0 || !started) && end - gt > 2 && markup_at(end)) {
      const bool newline = std::memchr(s.data() + gt + 1, '\n', end - gt - 1) != nullptr;
      copy_to(gt + 2);
      s[w - 1] = newline ? '\n' : ' ';
      r = end;
    }
    pos = text_from = gt + 1;
  }
  copy_to(n);
  s.resize(w);
}

}  // namespace

// ------------------------------------------------------------------ arena

#if defined(__SANITIZE_ADDRESS__)
#define CORROBORATE_ARENA_ENABLED 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CORROBORATE_ARENA_ENABLED 0
#endif
#endif
#ifndef CORROBORATE_ARENA_ENABLED
#define CORROBORATE_ARENA_ENABLED 1
#endif

namespace {

// Every allocation carries its size in front (for realloc), keeping 16-byte alignment.
constexpr size_t kHeader = 16;
constexpr size_t kFirstChunk = size_t{256} << 10;
constexpr size_t kMaxChunk = size_t{8} << 20;
constexpr size_t kSpareBytes = size_t{16} << 20;  // chunks a thread keeps for its next arena


xmlFreeFunc g_free = free;
xmlMallocFunc g_malloc = malloc;
xmlReallocFunc g_realloc = realloc;
xmlStrdupFunc g_strdup = nullptr;

// Released chunks of the standard sizes, reused by the thread's next arena.
struct Spares {
  std::vector<ParseArena::State::Chunk> chunks;
  size_t bytes = 0;
  ~Spares() {
    for (auto& c : chunks) std::free(c.begin);
  }
};
thread_local Spares t_spares;

size_t RoundUp(size_t n) { return (n + 15) & ~size_t{15}; }

char* NewChunk(ParseArena::State& a, size_t size) {
  for (size_t i = 0; i < t_spares.chunks.size(); ++i) {
    auto chunk = t_spares.chunks[i];
    if (static_cast<size_t>(chunk.end - chunk.begin) == size) {
      t_spares.chunks.erase(t_spares.chunks.begin() + static_cast<std::ptrdiff_t>(i));
      t_spares.bytes -= size;
      a.chunks.push_back(chunk);
      return chunk.begin;
    }
  }
  char* mem = static_cast<char*>(std::aligned_alloc(16, size));
  if (!mem) return nullptr;
  a.chunks.push_back({mem, mem + size});
  return mem;
}

void* ArenaAlloc(ParseArena::State& a, size_t size) {
  const size_t need = kHeader + RoundUp(size == 0 ? 1 : size);
  if (need > static_cast<size_t>(a.limit - a.cur)) {
    if (need > a.next_size / 4) {
      // Big: a chunk of its own, the bump chunk stays.
      size_t bytes = RoundUp(need);
      char* mem = static_cast<char*>(std::aligned_alloc(16, bytes));
      if (!mem) return nullptr;
      a.chunks.push_back({mem, mem + bytes});
      std::memcpy(mem, &size, sizeof size);
      return mem + kHeader;
    }
    char* mem = NewChunk(a, a.next_size);
    if (!mem) return nullptr;
    a.cur = mem;
    a.limit = mem + a.next_size;
    a.next_size = std::min(a.next_size * 2, kMaxChunk);
  }
  char* block = a.cur;
  a.cur += need;
  std::memcpy(block, &size, sizeof size);
  a.last = block + kHeader;
  return a.last;
}

size_t ArenaSize(const void* p) {
  size_t size;
  std::memcpy(&size, static_cast<const char*>(p) - kHeader, sizeof size);
  return size;
}

void HookFree(void* p) {
  if (!p) return;
  if (t_arena && Owner(p)) return;  // dropped with its arena
  g_free(p);
}

void* HookMalloc(size_t size) {
  if (t_arena) return ArenaAlloc(*t_arena, size);
  return g_malloc(size);
}

void* HookRealloc(void* p, size_t size) {
  if (!t_arena) return g_realloc(p, size);
  if (!p) return ArenaAlloc(*t_arena, size);
  ParseArena::State* owner = Owner(p);
  if (!owner) return g_realloc(p, size);
  const size_t old = ArenaSize(p);
  if (owner == t_arena && p == owner->last) {
    // The latest allocation: grow or shrink in place when the chunk has room.
    char* block = static_cast<char*>(p) - kHeader;
    const size_t need = kHeader + RoundUp(size == 0 ? 1 : size);
    if (need <= static_cast<size_t>(owner->limit - block)) {
      owner->cur = block + need;
      std::memcpy(block, &size, sizeof size);
      return p;
    }
  }
  void* fresh = ArenaAlloc(*t_arena, size);
  if (fresh) std::memcpy(fresh, p, std::min(old, size));
  return fresh;
}

char* HookStrdup(const char* s) {
  if (!t_arena) return g_strdup(s);
  if (!s) return nullptr;
  size_t n = std::strlen(s) + 1;
  char* copy = static_cast<char*>(ArenaAlloc(*t_arena, n));
  if (copy) std::memcpy(copy, s, n);
  return copy;
}

void InstallHooks() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Everything libxml2 sets up globally (encoding handlers, dictionary
    // mutex, ...) is allocated now, outside any arena.
    xmlInitParser();
    xmlMemGet(&g_free, &g_malloc, &g_realloc, &g_strdup);
    xmlMemSetup(HookFree, HookMalloc, HookRealloc, HookStrdup);
  });
}

// The hooks go in while the program starts, before it has threads of its
// own: xmlMemSetup swaps global pointers that every libxml2 call on every
// thread reads, so installing them at the first article parse could race
// with libxml2 already running on another thread (feeds parsed beside
// pages). ParseArena still calls InstallHooks, for code that runs before
// this initializer.
[[maybe_unused]] const bool g_hooks_at_startup = [] {
  if (CORROBORATE_ARENA_ENABLED) InstallHooks();
  return true;
}();

}  // namespace

ParseArena::ParseArena() : state_(nullptr) {
  if (!CORROBORATE_ARENA_ENABLED) return;
  InstallHooks();
  state_ = new State;
  state_->next_size = kFirstChunk;
  state_->outer = t_arena;
  t_arena = state_;
}

ParseArena::~ParseArena() {
  if (!state_) return;
  // libxml2 keeps a copy of the last error per thread; its strings would be
  // carved from this arena.
  xmlResetLastError();
  t_arena = state_->outer;
  for (State::Chunk& c : state_->chunks) {
    size_t size = static_cast<size_t>(c.end - c.begin);
    bool standard = size >= kFirstChunk && size <= kMaxChunk && (size & (size - 1)) == 0;
    if (standard && t_spares.bytes + size <= kSpareBytes) {
      t_spares.chunks.push_back(c);
      t_spares.bytes += size;
    } else {
      std::free(c.begin);
    }
  }
  delete state_;
}

std::string DetectCharset(std::string_view bytes, std::string_view http_charset) {
  return DetectCharset(bytes, http_charset, ValidUtf8(bytes));
}

std::string DetectCharset(std::string_view bytes, std::string_view http_charset, bool valid_utf8) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") return "UTF-8";
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE") return "UTF-16LE";
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF") return "UTF-16BE";
  std::string name;
  if (!http_charset.empty()) {
    name = CharsetValue(http_charset);
    if (name.empty() && http_charset.find('/') == std::string_view::npos) name = std::string(http_charset);
  }
  if (name.empty()) {
    std::string_view head = bytes.substr(0, 4096);
    size_t pos = 0;
    while ((pos = FindIgnoreCase(head, "<meta", pos)) != std::string_view::npos) {
      size_t end = head.find('>', pos);
      if (end == std::string_view::npos) end = head.size();
      name = CharsetValue(head.substr(pos, end - pos));
      if (!name.empty()) break;
      pos = end;
    }
  }
  name = NormalizeCharset(name);
  // A declared legacy charset on bytes that are valid, non-ASCII UTF-8 is a
  // mislabel (re-saved pages, lying servers): legacy text is almost never
  // valid UTF-8 by chance.
  if (!name.empty() && name != "UTF-8" && valid_utf8 &&
      std::any_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    name = "UTF-8";
  }
  // A page that is read as bytes cannot be UTF-16 without a BOM (WHATWG).
  if (name.starts_with("utf-16")) name = "UTF-8";
  if (!name.empty() && name != "UTF-8" && !KnownCharset(name)) name.clear();
  if (name.empty()) name = valid_utf8 ? "UTF-8" : "windows-1252";
  return name;
}

PreparedHtml PrepareHtml(std::string_view bytes, std::string_view http_charset) {
  PreparedHtml out;
  const bool valid_utf8 = ValidUtf8(bytes);
  out.charset = DetectCharset(bytes, http_charset, valid_utf8);
  if (out.charset == "UTF-8") {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    out.bytes = SkipScriptBodies(valid_utf8 ? bytes : std::string_view(SanitizeUtf8(bytes)));
  } else if (out.charset.starts_with("UTF-16")) {
    out.bytes.assign(bytes.substr(2));  // without the BOM; script skipping needs ASCII
  } else {
    out.bytes = SkipScriptBodies(bytes);
  }
  if (!out.charset.starts_with("UTF-16")) SlimMarkup(out.bytes);
  if (out.bytes.empty()) out.bytes = " ";
  return out;
}

DocPtr ParseHtml(const PreparedHtml& input) {
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
  // libxml2 reports encoding errors through the generic handler even with
  // NOERROR; silence it for this parse only.
  xmlGenericErrorFunc old_generic = xmlGenericError;
  void* old_generic_ctx = xmlGenericErrorContext;
  xmlStructuredErrorFunc old_structured = xmlStructuredError;
  void* old_structured_ctx = xmlStructuredErrorContext;
  xmlSetGenericErrorFunc(nullptr, IgnoreGenericError);
  xmlSetStructuredErrorFunc(nullptr, IgnoreStructuredError);
  xmlDoc* doc = htmlReadMemory(input.bytes.data(), static_cast<int>(std::min<size_t>(input.bytes.size(), INT32_MAX)),
                               nullptr, input.charset.c_str(), options);
  xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
  xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
  if (!doc) doc = htmlNewDocNoDtD(nullptr, nullptr);
  return DocPtr(doc);
}

std::string_view Attr(const xmlNode* n, std::string_view name) {
  if (!IsElement(n)) return {};
  for (const xmlAttr* a = n->properties; a; a = a->next) {
    if (NameIs(a->name, name)) {
      if (a->children && IsText(a->children) && !a->children->next) return Content(a->children);
      return {};
    }
  }
  return {};
}

bool HasAttr(const xmlNode* n, std::string_view name) {
  if (!IsElement(n)) return false;
  for (const xmlAttr* a = n->properties; a; a = a->next) {
    if (NameIs(a->name, name)) return true;
  }
  return false;
}

xmlNode* FirstElementChild(const xmlNode* n) {
  for (xmlNode* c = n->children; c; c = c->next) {
    if (IsElement(c)) return c;
  }
  return nullptr;
}

xmlNode* NextElementSibling(const xmlNode* n) {
  for (xmlNode* c = n->next; c; c = c->next) {
    if (IsElement(c)) return c;
  }
  return nullptr;
}

int ElementChildCount(const xmlNode* n) {
  int count = 0;
  for (xmlNode* c = n->children; c; c = c->next) count += IsElement(c);
  return count;
}

xmlNode* NextNode(const xmlNode* n, bool skip_children) {
  if (!skip_children) {
    if (xmlNode* child = FirstElementChild(n)) return child;
  }
  for (const xmlNode* cur = n; cur && IsElement(cur); cur = cur->parent) {
    if (xmlNode* next = NextElementSibling(cur)) return next;
  }
  return nullptr;
}

xmlNode* FindFirst(xmlNode* root, std::string_view tag) {
  for (xmlNode* c = root->children; c; c = c->next) {
    if (!IsElement(c)) continue;
    if (NameIs(c->name, tag)) return c;
    if (xmlNode* found = FindFirst(c, tag)) return found;
  }
  return nullptr;
}

void CollectTags(xmlNode* root, std::initializer_list<std::string_view> tags, std::vector<xmlNode*>& out) {
  for (xmlNode* c = root->children; c; c = c->next) {
    if (!IsElement(c)) continue;
    for (std::string_view tag : tags) {
      if (NameIs(c->name, tag)) {
        out.push_back(c);
        break;
      }
    }
    CollectTags(c, tags, out);
  }
}

bool HasAncestorTag(const xmlNode* n, std::string_view tag, int max_depth) {
  int depth = 0;
  for (const xmlNode* p = n->parent; p && IsElement(p); p = p->parent) {
    if (max_depth > 0 && depth > max_depth) return false;
    if (NameIs(p->name, tag)) return true;
    ++depth;
  }
  return false;
}

void AppendText(const xmlNode* n, std::string& out) {
  if (IsText(n)) {
    out.append(Content(n));
    return;
  }
  if (!IsElement(n) && n->type != XML_DOCUMENT_NODE && n->type != XML_HTML_DOCUMENT_NODE) return;
  for (const xmlNode* c = n->children; c; c = c->next) AppendText(c, out);
}

std::string TextOf(const xmlNode* n) {
  std::string out;
  AppendText(n, out);
  return out;
}

std::string NormalizedText(const xmlNode* n) { return CollapseWhitespace(TextOf(n)); }

namespace {

// Whether all 8 bytes at p are printable ASCII other than ',' (what
// Measurer::Text counts as one run), tested a word at a time.
bool PlainWord(const char* p) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  if (w & kHigh) return false;                        // a byte >= 0x80
  if ((w - kOnes * 0x21) & ~w & kHigh) return false;  // a byte <= ' '
  const std::uint64_t commas = w ^ (kOnes * static_cast<unsigned char>(','));
  return ((commas - kOnes) & ~commas & kHigh) == 0;  // no ','
}

struct Measurer {
  TextStats stats;
  bool pending_space = false;  // a whitespace run since the last counted character
  bool started = false;

  void Text(std::string_view s, double link_weight) {
    auto plain = [](unsigned char c) { return c > ' ' && c < 0x80 && c != ','; };
    for (size_t i = 0; i < s.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (plain(c)) {
        // A run of printable ASCII: counted at once (the same sums as one by one).
        size_t end = i + 1;
        while (end + 8 <= s.size() && PlainWord(s.data() + end)) end += 8;
        while (end < s.size() && plain(static_cast<unsigned char>(s[end]))) ++end;
        const double run = static_cast<double>(end - i);
        const double first = pending_space && started ? 2 : 1;
        pending_space = false;
        started = true;
        stats.length += first + (run - 1);
        if (link_weight == 0 || link_weight == 1) {
          stats.link_length += (first + (run - 1)) * link_weight;
        } else {
          stats.link_length += first * link_weight;
          for (size_t k = i + 1; k < end; ++k) stats.link_length += link_weight;
        }
        i = end - 1;
        continue;
      }
      if (IsSpace(c) || c == '\v') {
        pending_space = true;
        continue;
      }
      if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
        pending_space = true;
        ++i;
        continue;
      }
      if ((c & 0xC0) == 0x80) continue;  // continuation byte: counted with its lead
      double add = 1;
      if (pending_space && started) add += 1;
      pending_space = false;
      started = true;
      stats.length += add;
      stats.link_length += add * link_weight;
      if (c == ',') {
        ++stats.commas;
      } else if (c >= 0xD8) {
        std::string_view rest = s.substr(i);
        for (std::string_view comma : {"\u060C", "\uFE50", "\uFE10", "\uFE11", "\u2E41", "\u2E34", "\u2E32", "\uFF0C"}) {
          if (rest.starts_with(comma)) ++stats.commas;
        }
      }
    }
  }

  void Walk(const xmlNode* n, double link_weight) {
    for (const xmlNode* c = n->children; c; c = c->next) {
      if (IsText(c)) {
        Text(Content(c), link_weight);
      } else if (IsElement(c)) {
        double weight = link_weight;
        if (weight == 0 && NameIs(c->name, "a")) weight = Attr(c, "href").starts_with("#") ? 0.3 : 1.0;
        Walk(c, weight);
      }
    }
  }
};

}  // namespace

TextStats Measure(const xmlNode* n) {
  Measurer m;
  if (IsText(n)) {
    m.Text(Content(n), 0);
  } else {
    m.Walk(n, Tag(n) == "a" ? 1.0 : 0.0);
  }
  return m.stats;
}

TextStats Measure(std::nullptr_t, std::string_view text, double link_weight) {
  Measurer m;
  m.Text(text, link_weight);
  return m.stats;
}

std::string MatchString(const xmlNode* n) {
  std::string s(Attr(n, "class"));
  s += ' ';
  s += Attr(n, "id");
  for (char& c : s) c = Lower(c);
  return s;
}

NeedleSet::NeedleSet(std::initializer_list<std::string_view> needles) : needles_(needles) {
  if (needles_.size() > 64) throw std::invalid_argument("NeedleSet: more than 64 needles");
  for (size_t k = 0; k < needles_.size(); ++k) {
    if (needles_[k].empty()) throw std::invalid_argument("NeedleSet: empty needle");
    starting_with_[static_cast<unsigned char>(needles_[k][0])] |= std::uint64_t{1} << k;
  }
}

bool NeedleSet::FoundIn(std::string_view haystack) const {
  for (size_t i = 0; i < haystack.size(); ++i) {
    for (std::uint64_t bits = starting_with_[static_cast<unsigned char>(haystack[i])]; bits;
         bits &= bits - 1) {
      const std::string_view needle = needles_[static_cast<size_t>(std::countr_zero(bits))];
      if (haystack.size() - i >= needle.size() &&
          std::memcmp(haystack.data() + i, needle.data(), needle.size()) == 0) {
        return true;
      }
    }
  }
  return false;
}

bool ContainsAnyIgnoreCase(std::string_view haystack, std::initializer_list<std::string_view> lower_needles) {
  for (std::string_view needle : lower_needles) {
    if (FindIgnoreCase(haystack, needle, 0) != std::string_view::npos) return true;
  }
  return false;
}

bool HasToken(std::string_view list, std::string_view token) {
  size_t pos = 0;
  while (pos < list.size()) {
    while (pos < list.size() && IsSpace(static_cast<unsigned char>(list[pos]))) ++pos;
    size_t end = pos;
    while (end < list.size() && !IsSpace(static_cast<unsigned char>(list[end]))) ++end;
    if (end > pos && EqualsIgnoreCase(list.substr(pos, end - pos), token)) return true;
    pos = end;
  }
  return false;
}

Graveyard::~Graveyard() {
  for (xmlNode* n : nodes_) {
    if (!ArenaOwns(n)) xmlFreeNode(n);
  }
}

void Graveyard::Bury(xmlNode* n) {
  if (!n) return;
  xmlUnlinkNode(n);
  nodes_.push_back(n);
}

}  // namespace corroborate::ingest::html
