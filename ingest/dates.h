// Lenient date parsing for feeds and web pages.
//
// Publishers write dates in every shape: RFC 822/1123 with obsolete zone
// names ("EST", "GMT+9", military letters), missing weekdays, two-digit
// years, month names in full, RFC 3339/W3CDTF with a space or lowercase
// letters, "+0000 (UTC)" comments. ParseDate turns all of these into a UTC
// instant with the precision the text gave.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace corroborate::ingest {

struct ParsedDate {
  Instant instant = 0;          // UTC seconds
  Granularity granularity = Granularity::kUnknown;  // kSecond, kMinute, kDay, kMonth, kYear
  std::int32_t nanosecond = 0;  // fractional seconds when the text gave them
  bool had_zone = false;        // false: no zone was given and UTC was assumed
  int utc_offset = 0;           // the zone's offset, seconds east of UTC (0 without a zone)
};

// Parses `text` (surrounding whitespace ignored). Returns nullopt when the
// text is not a date this parser understands or names an impossible one.
// Zones: numeric offsets, UT/UTC/GMT/Z, North American and common world
// abbreviations (EST, CEST, JST, IST = India, BST = British Summer Time ...);
// RFC 822 military letters other than Z are read as UTC (RFC 2822 4.3: their
// sign was defined backwards and they carry no reliable information).
[[nodiscard]] std::optional<ParsedDate> ParseDate(std::string_view text);

// RFC 3339 in UTC with the fraction when non-zero: "2019-10-12T07:20:50.52Z".
[[nodiscard]] std::string FormatParsedDate(const ParsedDate& date);

}  // namespace corroborate::ingest
