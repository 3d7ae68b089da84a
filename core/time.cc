#include "core/time.h"

#include <array>
#include <cctype>
#include <cstdio>

namespace corroborate {

namespace {

constexpr std::array<const char*, 12> kGranularityNames = {
    "unknown", "second", "minute", "hour", "day", "week", "month", "quarter", "season",
    "year", "decade", "century"};

// Reads exactly `width` digits at `pos`; advances pos on success.
bool ReadDigits(std::string_view s, size_t& pos, int width, int& out) {
  if (pos + width > s.size()) return false;
  int value = 0;
  for (int i = 0; i < width; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  pos += width;
  return true;
}

}  // namespace

const char* GranularityName(Granularity g) {
  return kGranularityNames[static_cast<size_t>(g)];
}

std::optional<Granularity> GranularityFromName(std::string_view name) {
  for (size_t i = 0; i < kGranularityNames.size(); ++i) {
    if (name == kGranularityNames[i]) return static_cast<Granularity>(i);
  }
  return std::nullopt;
}

std::int64_t DaysFromCivil(int year, int month, int day) {
  std::int64_t y = year - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilDate CivilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m),
                   static_cast<int>(d)};
}

int WeekdayFromDays(std::int64_t z) {
  return static_cast<int>(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

bool IsValidDate(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

Instant ToInstant(const CivilTime& t) {
  return DaysFromCivil(t.date.year, t.date.month, t.date.day) * kDay + t.hour * kHour +
         t.minute * kMinute + t.second;
}

CivilTime ToCivil(Instant t) {
  std::int64_t days = t >= 0 ? t / kDay : (t - (kDay - 1)) / kDay;
  std::int64_t rest = t - days * kDay;
  CivilTime out;
  out.date = CivilFromDays(days);
  out.hour = static_cast<int>(rest / kHour);
  out.minute = static_cast<int>(rest % kHour / kMinute);
  out.second = static_cast<int>(rest % kMinute);
  return out;
}

std::string FormatRfc3339(Instant t) {
  CivilTime c = ToCivil(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.date.year, c.date.month,
                c.date.day, c.hour, c.minute, c.second);
  return buf;
}

std::string FormatRfc3339(Instant t, int utc_offset_seconds) {
  if (utc_offset_seconds == 0) return FormatRfc3339(t);
  CivilTime c = ToCivil(t + utc_offset_seconds);
  int off = utc_offset_seconds < 0 ? -utc_offset_seconds : utc_offset_seconds;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", c.date.year,
                c.date.month, c.date.day, c.hour, c.minute, c.second,
                utc_offset_seconds < 0 ? '-' : '+', off / 3600, off % 3600 / 60);
  return buf;
}

std::optional<ParsedTime> ParseIso8601(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  size_t pos = 0;
  CivilTime c;
  ParsedTime out;
  if (!ReadDigits(s, pos, 4, c.date.year)) return std::nullopt;
  out.granularity = Granularity::kYear;
  if (pos < s.size() && s[pos] == '-') {
    ++pos;
    if (!ReadDigits(s, pos, 2, c.date.month)) return std::nullopt;
    out.granularity = Granularity::kMonth;
    if (pos < s.size() && s[pos] == '-') {
      ++pos;
      if (!ReadDigits(s, pos, 2, c.date.day)) return std::nullopt;
      out.granularity = Granularity::kDay;
    }
  } else if (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
    // Basic format: 20141222.
    if (!ReadDigits(s, pos, 2, c.date.month) || !ReadDigits(s, pos, 2, c.date.day)) {
      return std::nullopt;
    }
    out.granularity = Granularity::kDay;
  }
  if (c.date.month < 1 || c.date.month > 12) return std::nullopt;
  if (!IsValidDate(c.date.year, c.date.month, c.date.day)) return std::nullopt;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ') &&
      out.granularity == Granularity::kDay) {
    ++pos;
    if (!ReadDigits(s, pos, 2, c.hour)) return std::nullopt;
    out.granularity = Granularity::kHour;
    bool colon = pos < s.size() && s[pos] == ':';
    if (colon) ++pos;
    if (ReadDigits(s, pos, 2, c.minute)) {
      out.granularity = Granularity::kMinute;
      if (pos < s.size() && (s[pos] == ':' || (!colon && std::isdigit(static_cast<unsigned char>(s[pos]))))) {
        if (s[pos] == ':') ++pos;
        if (!ReadDigits(s, pos, 2, c.second)) return std::nullopt;
        out.granularity = Granularity::kSecond;
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
          ++pos;
          size_t digits = 0;
          while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos, ++digits;
          if (digits == 0) return std::nullopt;
        }
      }
    } else if (colon) {
      return std::nullopt;
    }
    if (c.hour > 24 || c.minute > 59 || c.second > 60) return std::nullopt;
    if (c.second == 60) c.second = 59;  // leap second: clamp
  }
  int offset = 0;
  if (pos < s.size()) {
    char z = s[pos];
    if (z == 'Z' || z == 'z') {
      ++pos;
      out.had_zone = true;
    } else if (z == '+' || z == '-' || z == '\xe2') {
      int sign = 1;
      if (z == '-') sign = -1;
      if (z == '\xe2') {  // U+2212 MINUS SIGN
        if (s.substr(pos, 3) != "\xe2\x88\x92") return std::nullopt;
        sign = -1;
        pos += 2;
      }
      ++pos;
      int oh = 0, om = 0;
      if (!ReadDigits(s, pos, 2, oh)) return std::nullopt;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (pos < s.size()) {
        if (!ReadDigits(s, pos, 2, om)) return std::nullopt;
      }
      if (oh > 23 || om > 59) return std::nullopt;
      offset = sign * (oh * 3600 + om * 60);
      out.had_zone = true;
    }
  }
  if (pos != s.size()) return std::nullopt;
  out.instant = ToInstant(c) - offset;
  out.utc_offset = offset;
  return out;
}

}  // namespace corroborate
