// Temporal expressions found in text (TimeML TIMEX3), resolved to UTC.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/time.h"

namespace corroborate {

enum class TimexType { kDate, kTime, kDuration, kSet };

const char* TimexTypeName(TimexType type);  // "DATE", "TIME", "DURATION", "SET"

struct Timex {
  std::size_t begin = 0;  // byte offsets into the document text, [begin, end)
  std::size_t end = 0;
  std::string text;
  TimexType type = TimexType::kDate;
  std::string value;  // TIMEX3 value: "2014-12-22", "2014-12-22T16:15", "PT9H30M", "PRESENT_REF", "XXXX-WXX-1"
  std::string mod;    // TIMEX3 mod: "", "MORE_THAN", "LESS_THAN", "APPROX", "START", "MID", "END", ...
  std::optional<Interval> interval;      // the UTC interval it denotes, when it can be anchored
  std::optional<std::int64_t> duration;  // DURATION: length in seconds when fixed
  int utc_offset = 0;                    // zone the text stated or implied, seconds east of UTC
  // TIME: the zone the text stated, as an IANA name ("America/New_York",
  // for "ET") or a fixed offset ("+00:00", for "GMT"); "local" for "local
  // time" in an unnamed place (read in the publisher's zone until the
  // place is known); "" when none was stated.
  std::string zone;
  // A clock time bounding a stated range ("between 15:40 and 22:45 UTC",
  // "15:40-22:45 UTC"): the whole range, the same on both ends' timexes.
  std::optional<Interval> range;
  bool relative = false;                 // resolved against the document creation time
};

}  // namespace corroborate
