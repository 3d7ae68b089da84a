#include "ingest/html/loose_date.h"

#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "core/text.h"

namespace corroborate::ingest::html {
namespace {

int MonthFromName(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march", "april", "may", "june", "july", "august",
      "september", "october", "november", "december"};
  if (word.size() < 3) return 0;
  std::string lower = ToLowerAscii(word);
  if (lower == "sept") return 9;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (lower.size() == 3 ? kMonths[i].starts_with(lower) : kMonths[i] == lower) return static_cast<int>(i) + 1;
  }
  return 0;
}

// Offset in seconds east of UTC of a zone abbreviation, or nullopt.
std::optional<int> ZoneFromName(std::string_view word) {
  std::string z = ToLowerAscii(word);
  if (z == "gmt" || z == "utc" || z == "ut" || z == "z") return 0;
  if (z == "est") return -5 * 3600;
  if (z == "edt") return -4 * 3600;
  if (z == "cst") return -6 * 3600;
  if (z == "cdt") return -5 * 3600;
  if (z == "mst") return -7 * 3600;
  if (z == "mdt") return -6 * 3600;
  if (z == "pst") return -8 * 3600;
  if (z == "pdt") return -7 * 3600;
  if (z == "bst") return 3600;
  if (z == "cet") return 3600;
  if (z == "cest") return 2 * 3600;
  return std::nullopt;
}

struct Token {
  enum Kind { kWord, kNumber, kSign } kind;
  std::string_view text;
  char before = ' ';  // separator character right before the token
};

}  // namespace

std::optional<ParsedTime> ParseLooseDate(std::string_view text) {
  text = TrimAscii(text);
  if (text.empty() || text.size() > 200) return std::nullopt;
  if (auto iso = ParseIso8601(text)) return iso;

  std::vector<Token> tokens;
  char before = ' ';
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t j = i;
    if (std::isalpha(c)) {
      while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
      tokens.push_back({Token::kWord, text.substr(i, j - i), before});
    } else if (std::isdigit(c)) {
      while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
      tokens.push_back({Token::kNumber, text.substr(i, j - i), before});
    } else if ((c == '+' || c == '-') && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])) &&
               !tokens.empty() && tokens.back().kind == Token::kNumber && before == ' ') {
      tokens.push_back({Token::kSign, text.substr(i, 1), before});
      j = i + 1;
    } else {
      before = static_cast<char>(c);
      ++i;
      continue;
    }
    before = '\0';
    i = j;
  }

  int year = 0, month = 0, day = 0, hour = -1, minute = 0, second = 0;
  std::optional<int> offset;
  bool pm = false, am = false;
  std::vector<int> date_numbers;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == Token::kWord) {
      std::string lower = ToLowerAscii(t.text);
      if (int m = MonthFromName(t.text); m && month == 0) {
        month = m;
      } else if (lower == "pm" || lower == "p") {
        pm = true;
      } else if (lower == "am" || lower == "a") {
        am = true;
      } else if (auto z = ZoneFromName(t.text); z && hour >= 0 && !offset) {
        offset = *z;
      }
      continue;
    }
    if (t.kind == Token::kSign) {
      if (i + 1 < tokens.size() && tokens[i + 1].kind == Token::kNumber && hour >= 0 && !offset) {
        std::string_view digits = tokens[i + 1].text;
        int h = 0, m = 0;
        if (digits.size() == 4) {
          h = std::stoi(std::string(digits.substr(0, 2)));
          m = std::stoi(std::string(digits.substr(2)));
        } else if (digits.size() <= 2) {
          h = std::stoi(std::string(digits));
          if (i + 2 < tokens.size() && tokens[i + 2].kind == Token::kNumber && tokens[i + 2].before == ':') {
            m = std::stoi(std::string(tokens[i + 2].text));
            ++i;
          }
        }
        offset = (t.text == "-" ? -1 : 1) * (h * 3600 + m * 60);
        ++i;
      }
      continue;
    }
    if (t.text.size() > 8) continue;
    int value = std::stoi(std::string(t.text));
    bool next_is_colon = i + 1 < tokens.size() && tokens[i + 1].kind == Token::kNumber && tokens[i + 1].before == ':';
    if (hour < 0 && next_is_colon && value < 24) {
      hour = value;
      minute = std::stoi(std::string(tokens[i + 1].text.substr(0, 2)));
      ++i;
      if (i + 1 < tokens.size() && tokens[i + 1].kind == Token::kNumber && tokens[i + 1].before == ':') {
        second = std::stoi(std::string(tokens[i + 1].text.substr(0, 2)));
        ++i;
      }
      continue;
    }
    if (t.text.size() == 8 && date_numbers.empty() && year == 0) {  // 20141222
      year = value / 10000;
      month = value / 100 % 100;
      day = value % 100;
      continue;
    }
    date_numbers.push_back(t.text.size() == 4 ? -value : value);  // negative: a 4-digit year
  }
  // Assign the plain numbers: a 4-digit one is the year; with a month name the
  // rest is the day; otherwise Y-M-D, D.M.Y, or M/D/Y (D/M/Y when M > 12).
  std::vector<int> small;
  for (int v : date_numbers) {
    if (v < 0 && year == 0) year = -v;
    else if (v >= 0) small.push_back(v);
  }
  if (year == 0) return std::nullopt;
  if (month != 0 && day == 0) {
    if (small.empty()) return std::nullopt;
    day = small[0];
  } else if (month == 0) {
    if (small.size() < 2) return std::nullopt;
    bool year_first = !date_numbers.empty() && date_numbers[0] < 0;
    if (year_first) {
      month = small[0];
      day = small[1];
    } else if (tokens.size() > 1 && tokens[1].before == '.') {
      day = small[0];
      month = small[1];
    } else if (small[0] > 12) {
      day = small[0];
      month = small[1];
    } else {
      month = small[0];
      day = small[1];
    }
  }
  if (!IsValidDate(year, month, day)) return std::nullopt;
  ParsedTime out;
  out.granularity = Granularity::kDay;
  CivilTime ct{{year, month, day}, 0, 0, 0};
  if (hour >= 0) {
    if (pm && hour < 12) hour += 12;
    if (am && hour == 12) hour = 0;
    if (minute > 59 || second > 60) return std::nullopt;
    ct.hour = hour;
    ct.minute = minute;
    ct.second = second;
    out.granularity = Granularity::kMinute;
  }
  out.instant = ToInstant(ct) - offset.value_or(0);
  out.had_zone = offset.has_value();
  out.utc_offset = offset.value_or(0);
  return out;
}

std::optional<ParsedTime> DateFromUrlPath(std::string_view url) {
  size_t scheme = url.find("://");
  size_t path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path == std::string_view::npos) return std::nullopt;
  url = url.substr(path);
  url = url.substr(0, url.find_first_of("?#"));
  auto digits = [&](size_t pos, size_t n) {
    if (pos + n > url.size()) return -1;
    int v = 0;
    for (size_t k = 0; k < n; ++k) {
      char c = url[pos + k];
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  for (size_t i = 0; i + 5 < url.size(); ++i) {
    if (url[i] != '/') continue;
    int year = digits(i + 1, 4);
    if (year < 1990 || year > 2100) continue;
    size_t p = i + 5;
    int month = -1, day = -1;
    if (p < url.size() && (url[p] == '/' || url[p] == '-')) {
      char sep = url[p];
      month = digits(p + 1, 2);
      if (month > 0 && p + 3 < url.size() && url[p + 3] == sep) day = digits(p + 4, 2);
      if (day > 0 && p + 6 < url.size() && std::isdigit(static_cast<unsigned char>(url[p + 6]))) day = -1;
    } else if (digits(p, 4) >= 0) {  // /20141222
      month = digits(p, 2);
      day = digits(p + 2, 2);
      if (p + 4 < url.size() && std::isdigit(static_cast<unsigned char>(url[p + 4]))) day = -1;
    }
    if (month < 1 || day < 1 || !IsValidDate(year, month, day)) continue;
    ParsedTime out;
    out.instant = ToInstant(CivilTime{{year, month, day}, 0, 0, 0});
    out.granularity = Granularity::kDay;
    return out;
  }
  return std::nullopt;
}

}  // namespace corroborate::ingest::html
