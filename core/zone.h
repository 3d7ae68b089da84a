// Time zones of the system's IANA database (/usr/share/zoneinfo, Debian's
// tzdata), read through Howard Hinnant's date/tz built on the OS database:
// the offset a zone had at a given time, daylight saving and historical
// changes included (Asia/Pyongyang was UTC+8:30 from August 2015 to May
// 2018). No network access; a zone the database lacks is unknown.
#pragma once

#include <optional>
#include <string_view>

#include "core/time.h"

namespace corroborate {

// Offset in seconds east of UTC of IANA zone `name` ("America/New_York") at
// the UTC instant `t`. nullopt when the database has no such zone (or
// cannot be read).
[[nodiscard]] std::optional<int> ZoneOffsetAt(std::string_view name, Instant t);

// Offset of zone `name` for a wall-clock reading there: `local` is the
// local date and time counted as seconds since 1970-01-01T00:00 (as
// ToInstant counts a CivilTime), so the UTC instant is local - offset. A
// time repeated when clocks go back takes the earlier (first) offset; a
// time skipped when they go forward takes the offset before the jump.
// nullopt when the zone is unknown.
[[nodiscard]] std::optional<int> ZoneOffsetForLocal(std::string_view name, Instant local);

// Whether the database has zone (or link) `name`.
[[nodiscard]] bool IsKnownZone(std::string_view name);

}  // namespace corroborate
