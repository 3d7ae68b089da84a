// Checks of the renderers' output, shared by the fuzz_render target and the
// render tests: whatever the data holds, no markup, attribute or link comes
// from it. Each returns "" when the output is clean, else what is wrong.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

namespace corroborate::fuzz {

// Prints what is wrong with an output and aborts: the fuzz targets' failure.
[[noreturn]] inline void FailOutput(const char* output, const std::string& problem) {
  std::fprintf(stderr, "%s: %s\n", output, problem.c_str());
  std::abort();
}

inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

// True for an absolute http(s) URL with a host and nothing a browser or a
// Markdown reader would take for the end of it.
inline bool IsWebUrl(std::string_view url) {
  std::string lower = Lower(url.substr(0, 8));
  size_t rest = lower.rfind("https://", 0) == 0 ? 8 : lower.rfind("http://", 0) == 0 ? 7 : 0;
  if (rest == 0 || rest >= url.size() || url[rest] == '/') return false;
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' ||
        c == '`')
      return false;
  }
  return true;
}

// The value of an HTML attribute as a browser reads it: character references
// decoded (the ones that could spell a scheme, numeric and the five named).
inline std::string DecodeAttribute(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '&') {
      out += v[i];
      continue;
    }
    size_t semi = v.find(';', i);
    std::string_view ref =
        semi == std::string_view::npos ? std::string_view() : v.substr(i + 1, semi - i - 1);
    long code = -1;
    if (ref == "amp") code = '&';
    if (ref == "lt") code = '<';
    if (ref == "gt") code = '>';
    if (ref == "quot") code = '"';
    if (ref == "apos") code = '\'';
    if (ref.size() > 1 && ref[0] == '#') {
      bool hex = ref[1] == 'x' || ref[1] == 'X';
      code = std::strtol(std::string(ref.substr(hex ? 2 : 1)).c_str(), nullptr, hex ? 16 : 10);
    }
    if (code <= 0 || code > 0x7f) {
      out += v[i];
      continue;
    }
    out += static_cast<char>(code);
    i = semi;
  }
  return out;
}

// HTML (the brief, the SVG chart, TimelineJS's HTML fields): every tag and
// attribute must be one the renderers write; no on... handler; every href or
// src an http(s) URL or a #fragment. Text '<' must have been escaped, so
// any '<' starts a tag and is checked.
inline std::string HtmlProblem(std::string_view html) {
  static const std::set<std::string> kTags = {
      "html",       "head", "meta", "title",  "style", "body",     "h1",    "h2",
      "h3",         "p",    "div",  "strong", "ol",    "ul",       "li",    "figure",
      "figcaption", "svg",  "rect", "line",   "text",  "polyline", "g",     "circle",
      "table",      "tr",   "th",   "td",     "a",     "br",       "tspan", "small"};
  static const std::set<std::string> kAttributes = {"lang",
                                                    "charset",
                                                    "name",
                                                    "content",
                                                    "class",
                                                    "id",
                                                    "href",
                                                    "xmlns",
                                                    "viewbox",
                                                    "width",
                                                    "height",
                                                    "role",
                                                    "aria-label",
                                                    "aria-labelledby",
                                                    "font-weight",
                                                    "transform",
                                                    "font-family",
                                                    "font-size",
                                                    "x",
                                                    "y",
                                                    "x1",
                                                    "y1",
                                                    "x2",
                                                    "y2",
                                                    "fill",
                                                    "fill-opacity",
                                                    "stroke",
                                                    "stroke-width",
                                                    "stroke-dasharray",
                                                    "points",
                                                    "text-anchor",
                                                    "cx",
                                                    "cy",
                                                    "r"};
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/';
  };
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    ++i;
    if (html.substr(i, 8) == "!DOCTYPE") {
      i = html.find('>', i);
      if (i == std::string_view::npos) return "unterminated doctype";
      continue;
    }
    const bool closing = i < html.size() && html[i] == '/';
    if (closing) ++i;
    size_t name_end = i;
    while (name_end < html.size() && !space(html[name_end]) && html[name_end] != '>') ++name_end;
    std::string tag = Lower(html.substr(i, name_end - i));
    if (!kTags.count(tag)) return "tag <" + tag + "> is not one the renderers write";
    i = name_end;
    while (true) {
      while (i < html.size() && space(html[i])) ++i;
      if (i >= html.size()) return "unterminated tag <" + tag + ">";
      if (html[i] == '>') break;
      size_t attr_end = i;
      while (attr_end < html.size() && !space(html[attr_end]) && html[attr_end] != '=' &&
             html[attr_end] != '>') {
        ++attr_end;
      }
      std::string attribute = Lower(html.substr(i, attr_end - i));
      i = attr_end;
      std::string value;
      if (i < html.size() && html[i] == '=') {
        ++i;
        if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
          size_t close = html.find(html[i], i + 1);
          if (close == std::string_view::npos) return "unterminated value of " + attribute;
          value = DecodeAttribute(html.substr(i + 1, close - i - 1));
          i = close + 1;
        } else {
          size_t end = i;
          while (end < html.size() && !space(html[end]) && html[end] != '>') ++end;
          value = DecodeAttribute(html.substr(i, end - i));
          i = end;
        }
      }
      if (attribute.rfind("on", 0) == 0) return "event handler attribute " + attribute;
      if (!kAttributes.count(attribute))
        return "attribute " + attribute + " is not one the renderers write";
      if (attribute == "href" && !(value.rfind('#', 0) == 0 || IsWebUrl(value))) {
        return "link to \"" + value + "\"";
      }
    }
    if (tag == "style" && !closing) {  // the renderers' own CSS: skip to its end tag
      i = html.find("</style>", i);
      if (i == std::string_view::npos) return "unterminated style";
    }
  }
  return "";
}

// Markdown: no raw HTML (an unescaped '<'), every link or image destination
// an http(s) URL (or the brief's own chart, brief.svg), and every table row
// with as many cell boundaries as its header.
inline std::string MarkdownProblem(std::string_view md) {
  size_t line_start = 0;
  int header_pipes = -1;
  while (line_start < md.size()) {
    size_t line_end = md.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = md.size();
    std::string_view line = md.substr(line_start, line_end - line_start);
    int pipes = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (c == '\\') {
        ++i;
        continue;
      }
      if (c == '<') return "raw HTML: " + std::string(line.substr(i, 40));
      if (c == '|') ++pipes;
      if (c == ']' && i + 1 < line.size() && line[i + 1] == '(') {
        size_t close = line.find(')', i + 2);
        if (close == std::string_view::npos)
          return "unterminated link: " + std::string(line.substr(i, 40));
        std::string_view destination = line.substr(i + 2, close - i - 2);
        if (destination != "brief.svg" && !IsWebUrl(destination)) {
          return "link to \"" + std::string(destination) + "\"";
        }
      }
    }
    if (!line.empty() && line.front() == '|') {
      if (header_pipes < 0) header_pipes = pipes;
      if (pipes != header_pipes)
        return "table row with a stray cell boundary: " + std::string(line.substr(0, 80));
    } else {
      header_pipes = -1;
    }
    line_start = line_end + 1;
  }
  return "";
}

// JSON outputs: every "url" member (and "document_url") is "" or an http(s)
// URL; with `html_fields`, TimelineJS's headline and text members are HTML
// and are checked as such.
inline std::string JsonProblem(const nlohmann::ordered_json& j, bool html_fields) {
  if (j.is_array()) {
    for (const auto& item : j) {
      if (std::string p = JsonProblem(item, html_fields); !p.empty()) return p;
    }
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it->is_string()) {
        const std::string& v = it->get_ref<const std::string&>();
        if ((it.key() == "url" || it.key() == "document_url") && !v.empty() && !IsWebUrl(v)) {
          return it.key() + " \"" + v + "\"";
        }
        if (html_fields && (it.key() == "headline" || it.key() == "text")) {
          if (std::string p = HtmlProblem(v); !p.empty()) return it.key() + ": " + p;
        }
      } else if (std::string p = JsonProblem(*it, html_fields); !p.empty()) {
        return p;
      }
    }
  }
  return "";
}

}  // namespace corroborate::fuzz
