// Time vocabulary: UTC instants, intervals with the granularity they were
// stated at, and ISO 8601 / RFC 3339 conversion.
//
// An Instant is whole seconds since 1970-01-01T00:00:00Z. Calendar maths
// is proleptic Gregorian (Howard Hinnant's days_from_civil algorithm).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace corroborate {

using Instant = std::int64_t;

inline constexpr Instant kMinute = 60;
inline constexpr Instant kHour = 3600;
inline constexpr Instant kDay = 86400;

// How precisely a time was stated ("on Monday" is a day, "at 16:15" a minute).
enum class Granularity {
  kUnknown, kSecond, kMinute, kHour, kDay, kWeek, kMonth, kQuarter, kSeason, kYear,
  kDecade, kCentury,
};

const char* GranularityName(Granularity g);          // "day", "minute", ...
std::optional<Granularity> GranularityFromName(std::string_view name);

// The times a measurement or a claim can have: from 1969-01-01, before the
// first ARPANET link, to one day after `now`. Outside them an input is
// broken (year 0, year 9999), and is refused where it enters.
inline constexpr Instant kEarliestPlausible = -31536000;  // 1969-01-01T00:00:00Z
inline bool IsPlausibleTime(Instant t, Instant now) {
  return t >= kEarliestPlausible && t <= now + kDay;
}

// Half-open [start, end) in UTC.
struct Interval {
  Instant start = 0;
  Instant end = 0;
  Granularity granularity = Granularity::kUnknown;
};

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

struct CivilTime {
  CivilDate date;
  int hour = 0, minute = 0, second = 0;
};

// Days since 1970-01-01 for a proleptic Gregorian date (no validation).
std::int64_t DaysFromCivil(int year, int month, int day);
CivilDate CivilFromDays(std::int64_t days);
// 0 = Sunday ... 6 = Saturday.
int WeekdayFromDays(std::int64_t days);
int DaysInMonth(int year, int month);
bool IsValidDate(int year, int month, int day);

Instant ToInstant(const CivilTime& t);
CivilTime ToCivil(Instant t);

// "2014-12-22T16:15:00Z".
std::string FormatRfc3339(Instant t);
// "2014-12-22T16:15:00+09:00" (offset in seconds east of UTC).
std::string FormatRfc3339(Instant t, int utc_offset_seconds);

// A parsed ISO 8601 time, with the precision the text gave.
struct ParsedTime {
  Instant instant = 0;
  Granularity granularity = Granularity::kUnknown;
  bool had_zone = false;  // false: the text gave no offset and UTC was assumed
  int utc_offset = 0;     // the offset the text gave, seconds east of UTC
};

// Parses ISO 8601 / RFC 3339 / W3CDTF: "2014", "2014-12", "2014-12-22",
// "2014-12-22T16:15", "...:00", fractional seconds, "Z", "+09:00", "+0900",
// "+09", a space instead of "T". Returns nullopt for anything else.
std::optional<ParsedTime> ParseIso8601(std::string_view text);

}  // namespace corroborate
