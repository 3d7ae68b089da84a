#include "render/escape.h"

#include "core/text.h"

namespace corroborate::render {

namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> LinkUrl(std::string_view url) {
  while (!url.empty() && IsAsciiSpace(url.front())) url.remove_prefix(1);
  while (!url.empty() && IsAsciiSpace(url.back())) url.remove_suffix(1);
  size_t rest = StartsWithNoCase(url, "https://") ? 8 : StartsWithNoCase(url, "http://") ? 7 : 0;
  if (rest == 0 || rest == url.size()) return std::nullopt;
  char host = url[rest];
  if (host == '/' || host == '?' || host == '#' || host == '@' || host == ':') return std::nullopt;
  for (char c : url) {
    unsigned char b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' ||
        c == '`') {
      return std::nullopt;
    }
  }
  return std::string(url);
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
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
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string MarkdownText(std::string_view s) {
  std::string out;
  for (char c : CollapseWhitespace(s)) {
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
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '~':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string MarkdownLink(std::string_view text, std::string_view url) {
  std::optional<std::string> link = LinkUrl(url);
  if (!link) return MarkdownText(text);
  std::string destination;
  for (char c : *link) {
    switch (c) {
      case '(':
        destination += "%28";
        break;
      case ')':
        destination += "%29";
        break;
      case '|':
        destination += "%7C";
        break;
      default:
        destination += c;
    }
  }
  std::string label = MarkdownText(text);
  if (label.empty()) label = MarkdownText(*link);
  return "[" + label + "](" + destination + ")";
}

}  // namespace corroborate::render
