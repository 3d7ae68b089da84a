#include "ingest/dates.h"

#include <array>
#include <cctype>

namespace corroborate::ingest {
namespace {

struct ZoneName {
  std::string_view name;
  int minutes;  // east of UTC
};

// Obsolete RFC 822 names and the abbreviations feeds actually use. Where an
// abbreviation is ambiguous the reading most common in news feeds wins
// (IST = India, BST = British Summer Time, CST = US Central).
constexpr std::array<ZoneName, 56> kZones{{
    {"ut", 0},     {"utc", 0},    {"gmt", 0},    {"z", 0},       {"wet", 0},     {"est", -300},
    {"edt", -240}, {"cst", -360}, {"cdt", -300}, {"mst", -420},  {"mdt", -360},  {"pst", -480},
    {"pdt", -420}, {"ast", -240}, {"adt", -180}, {"akst", -540}, {"akdt", -480}, {"hst", -600},
    {"hdt", -540}, {"nst", -210}, {"ndt", -150}, {"bst", 60},    {"ist", 330},   {"cet", 60},
    {"cest", 120}, {"met", 60},   {"mest", 120}, {"mez", 60},    {"mesz", 120},  {"eet", 120},
    {"eest", 180}, {"west", 60},  {"msk", 180},  {"msd", 240},   {"kst", 540},   {"jst", 540},
    {"hkt", 480},  {"sgt", 480},  {"pht", 480},  {"awst", 480},  {"acst", 570},  {"acdt", 630},
    {"aest", 600}, {"aedt", 660}, {"nzst", 720}, {"nzdt", 780},  {"wib", 420},   {"ict", 420},
    {"cat", 120},  {"eat", 180},  {"wat", 60},   {"sast", 120},  {"brt", -180},  {"art", -180},
    {"pkt", 300},  {"npt", 345},
}};

constexpr std::array<std::string_view, 12> kMonths{"january",   "february", "march",    "april",
                                                   "may",       "june",     "july",     "august",
                                                   "september", "october",  "november", "december"};
constexpr std::array<std::string_view, 7> kWeekdays{"monday", "tuesday",  "wednesday", "thursday",
                                                    "friday", "saturday", "sunday"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::optional<int> ZoneMinutes(std::string_view lower) {
  for (const ZoneName& z : kZones) {
    if (z.name == lower) return z.minutes;
  }
  // RFC 822 military zones: see the header for why they count as UTC.
  if (lower.size() == 1 && lower[0] != 'j') return 0;
  return std::nullopt;
}

// Index 1..12 when `lower` is a month name or a prefix of at least 3 letters.
int MonthFromWord(std::string_view lower) {
  if (lower.size() < 3) return 0;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i].starts_with(lower)) return static_cast<int>(i) + 1;
  }
  return 0;
}

bool IsWeekday(std::string_view lower) {
  if (lower.size() < 2) return false;
  for (std::string_view w : kWeekdays) {
    if (w.starts_with(lower)) return true;
  }
  return false;
}

// Reads a run of digits at `pos`; returns its value and length (max 9 used).
int ReadNumber(std::string_view s, size_t& pos, int& length) {
  int value = 0;
  length = 0;
  while (pos < s.size() && IsDigit(s[pos])) {
    if (length < 9) value = value * 10 + (s[pos] - '0');
    ++length;
    ++pos;
  }
  return value;
}

// Fraction digits after '.'/',' as nanoseconds.
std::int32_t ReadFraction(std::string_view s, size_t& pos) {
  std::int32_t nanos = 0;
  int digits = 0;
  while (pos < s.size() && IsDigit(s[pos])) {
    if (digits < 9) nanos = nanos * 10 + (s[pos] - '0'), ++digits;
    ++pos;
  }
  for (; digits < 9; ++digits) nanos *= 10;
  return nanos;
}

// The fraction of a time ParseIso8601 accepted (it keeps whole seconds only).
std::int32_t IsoFraction(std::string_view s) {
  for (size_t i = 10; i + 1 < s.size(); ++i) {
    if ((s[i] == '.' || s[i] == ',') && IsDigit(s[i - 1]) && IsDigit(s[i + 1])) {
      size_t pos = i + 1;
      return ReadFraction(s, pos);
    }
  }
  return 0;
}

bool IsSeparator(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '.' || c == '/';
}

std::optional<ParsedDate> ParseLoose(std::string_view s, const DateParseOptions& options) {
  const bool prose = options.skip_other_words;
  int year = -1, year_digits = 0, month = 0, day = 0;
  int hour = -1, minute = 0, second = 0, meridian = 0;
  bool bare_hour = false;      // the hour is a number without ':' ("4 PM")
  bool numeric_month = false;  // the month came from a number, not a name
  Granularity granularity = Granularity::kDay;
  std::int32_t nanos = 0;
  std::optional<int> offset;  // minutes east of UTC
  char separator = 0;         // the last '.', '/' or '-' since the previous token
  size_t i = 0;
  const size_t n = s.size();
  auto date_complete = [&] { return year >= 0 && month > 0 && day > 0; };
  while (i < n) {
    char c = s[i];
    if (IsSeparator(c)) {
      if (c == '.' || c == '/') separator = c;
      ++i;
      continue;
    }
    if (c == '(') {  // "+0000 (UTC)"
      while (i < n && s[i] != ')') ++i;
      ++i;
      continue;
    }
    if ((c == '+' || c == '-') && i + 1 < n && IsDigit(s[i + 1]) &&
        (hour >= 0 || date_complete())) {
      int sign = c == '-' ? -1 : 1;
      ++i;
      int len = 0;
      int v = ReadNumber(s, i, len);
      int minutes = 0;
      if (len == 4) {
        minutes = (v / 100) * 60 + v % 100;
      } else if (len <= 2) {
        minutes = v * 60;
        if (i + 2 < n && s[i] == ':' && IsDigit(s[i + 1])) {
          ++i;
          int mlen = 0;
          minutes += ReadNumber(s, i, mlen);
          if (mlen != 2) return std::nullopt;
        }
      } else {
        return std::nullopt;
      }
      if (minutes > 18 * 60) return std::nullopt;
      offset = offset.value_or(0) + sign * minutes;
      separator = 0;
      continue;
    }
    if (c == '-') {
      separator = c;
      ++i;
      continue;
    }
    if (IsDigit(c)) {
      const char before = separator;
      separator = 0;
      int len = 0;
      int v = ReadNumber(s, i, len);
      if (i < n && s[i] == ':') {  // hh:mm[:ss[.frac]]
        if (hour >= 0 || len > 2) return std::nullopt;
        hour = v;
        ++i;
        int mlen = 0;
        minute = ReadNumber(s, i, mlen);
        if (mlen != 2) return std::nullopt;
        granularity = Granularity::kMinute;
        if (i + 1 < n && s[i] == ':' && IsDigit(s[i + 1])) {
          ++i;
          int slen = 0;
          second = ReadNumber(s, i, slen);
          if (slen != 2) return std::nullopt;
          granularity = Granularity::kSecond;
          if (i + 1 < n && (s[i] == '.' || s[i] == ',') && IsDigit(s[i + 1])) {
            ++i;
            nanos = ReadFraction(s, i);
          }
        }
        continue;
      }
      if (len == 4 && year < 0 && i + 1 < n && s[i] == '-' && IsDigit(s[i + 1])) {
        // ISO-style date "2014-12-22" with a broken remainder.
        year = v, year_digits = 4;
        ++i;
        int mlen = 0;
        month = ReadNumber(s, i, mlen);
        if (mlen > 2) return std::nullopt;
        if (i + 1 < n && s[i] == '-' && IsDigit(s[i + 1])) {
          ++i;
          day = ReadNumber(s, i, mlen);
          if (mlen > 2) return std::nullopt;
        }
        if (i + 1 < n && (s[i] == 'T' || s[i] == 't') && IsDigit(s[i + 1])) ++i;
        continue;
      }
      // Ordinal suffixes: "22nd".
      if (i + 1 < n && IsAlpha(s[i]) && IsAlpha(s[i + 1]) && (i + 2 >= n || !IsAlpha(s[i + 2]))) {
        std::string suffix{static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))),
                           static_cast<char>(std::tolower(static_cast<unsigned char>(s[i + 1])))};
        if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") i += 2;
      }
      if (len == 8 && year < 0 && month == 0 && day == 0) {  // 20141222
        year = v / 10000, year_digits = 4;
        month = v / 100 % 100, day = v % 100;
        numeric_month = true;
      } else if (len >= 3 || v > 31) {
        if (year >= 0) return std::nullopt;
        year = v, year_digits = len;
      } else if (year >= 0 && year_digits == 4 && month == 0 && day == 0 && v <= 12) {
        month = v;  // 2014/12/22
        numeric_month = true;
      } else if (day == 0) {
        day = v;
      } else if (month == 0 && year < 0 && (before == '.' || before == '/' || before == '-')) {
        // The second number of a numeric date: 22.12.2014 is D.M.Y;
        // 12/22/2014 is M/D/Y unless the first is no month (22/12/2014).
        if (before == '.' || day > 12) {
          month = v;
        } else {
          month = day;
          day = v;
        }
        numeric_month = true;
      } else if (year < 0) {
        year = v, year_digits = len;
      } else if (hour < 0 && len <= 2 && v <= 24) {
        hour = v;  // "4 PM"
        bare_hour = true;
        granularity = Granularity::kHour;
      } else if (!prose) {
        return std::nullopt;
      }
      continue;
    }
    if (IsAlpha(c)) {
      separator = 0;
      size_t start = i;
      while (i < n && IsAlpha(s[i])) ++i;
      std::string word(s.substr(start, i - start));
      for (char& ch : word) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (word == "t" || word == "at" || word == "on" || word == "of" || word == "the") continue;
      if (word == "am" || word == "pm") {
        meridian = word == "am" ? 1 : 2;
        continue;
      }
      if ((word == "a" || word == "p") && i + 1 < n && s[i] == '.' &&
          (s[i + 1] == 'm' || s[i + 1] == 'M') && (i + 2 >= n || !IsAlpha(s[i + 2]))) {
        meridian = word == "a" ? 1 : 2;  // "a.m.", "p.m."
        i += 2;
        continue;
      }
      if (int m = MonthFromWord(word); m > 0 && (month == 0 || numeric_month)) {
        if (numeric_month) return std::nullopt;  // a month named after a numeric one
        month = m;
        continue;
      }
      if (IsWeekday(word)) continue;
      if (!prose || (hour >= 0 && word.size() > 1)) {
        if (auto z = ZoneMinutes(word)) {
          if (offset) continue;  // "+0000 GMT": the numeric offset wins
          offset = *z;
          continue;
        }
      }
      if (prose) continue;
      return std::nullopt;
    }
    if (prose) {
      ++i;
      separator = 0;
      continue;
    }
    return std::nullopt;
  }
  // "December 2014" (not in running text): a month, without an invented day.
  const bool month_only = !prose && year >= 0 && year_digits == 4 && month > 0 && day == 0 &&
                          hour < 0 && !offset;
  if (year < 0 || month == 0 || (day == 0 && !month_only)) return std::nullopt;
  if (month_only) day = 1, granularity = Granularity::kMonth;
  if (prose && year_digits != 4) return std::nullopt;
  if (prose && bare_hour && meridian == 0) {
    hour = -1;  // "December 22, 2014 5 comments": not an hour
    granularity = Granularity::kDay;
  }
  if (year_digits <= 2)
    year += year < 50 ? 2000 : 1900;
  else if (year_digits == 3)
    year += 1900;
  if (hour < 0) hour = 0;
  if (meridian == 1 && hour == 12) hour = 0;
  if (meridian == 2 && hour < 12) hour += 12;
  if (month > 12 || !IsValidDate(year, month, day)) return std::nullopt;
  if (hour > 24 || minute > 59 || second > 60) return std::nullopt;
  if (second == 60) second = 59;
  CivilTime t{{year, month, day}, hour, minute, second};
  ParsedDate out;
  out.instant = ToInstant(t) - offset.value_or(0) * 60;
  out.granularity = granularity;
  out.nanosecond = nanos;
  out.had_zone = offset.has_value();
  out.utc_offset = offset.value_or(0) * 60;
  return out;
}

}  // namespace

std::optional<ParsedDate> ParseDate(std::string_view text, const DateParseOptions& options) {
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') text.remove_prefix(1);
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1);
  if (text.empty() || text.size() > 256) return std::nullopt;
  if (IsDigit(text[0])) {
    if (auto iso = ParseIso8601(text)) {
      ParsedDate out;
      out.instant = iso->instant;
      out.granularity = iso->granularity;
      out.had_zone = iso->had_zone;
      out.utc_offset = iso->utc_offset;
      if (iso->granularity == Granularity::kSecond) out.nanosecond = IsoFraction(text);
      return out;
    }
  }
  return ParseLoose(text, options);
}

std::optional<ParsedDate> DateFromUrlPath(std::string_view url) {
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
      if (day > 0 && p + 6 < url.size() && IsDigit(url[p + 6])) day = -1;
    } else if (digits(p, 4) >= 0) {  // /20141222
      month = digits(p, 2);
      day = digits(p + 2, 2);
      if (p + 4 < url.size() && IsDigit(url[p + 4])) day = -1;
    }
    if (month < 1 || day < 1 || !IsValidDate(year, month, day)) continue;
    ParsedDate out;
    out.instant = ToInstant(CivilTime{{year, month, day}, 0, 0, 0});
    out.granularity = Granularity::kDay;
    return out;
  }
  return std::nullopt;
}

std::string FormatParsedDate(const ParsedDate& date) {
  std::string out = FormatRfc3339(date.instant);
  if (date.nanosecond > 0 && !out.empty() && out.back() == 'Z') {
    out.pop_back();
    std::string frac = std::to_string(1000000000 + date.nanosecond).substr(1);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    out += '.' + frac + 'Z';
  }
  return out;
}

}  // namespace corroborate::ingest
