// Temporal expression recognition and normalization for news text.
//
// HeidelTime-style: RE2 patterns built from the time_*.tsv lexicons, one rule
// per pattern family, each with a normalization function producing a TIMEX3
// value (TimeML conventions as applied in TimeBank/AQUAINT). An RE2::Set per
// sentence finds which rule families can fire (a rule's trigger pattern is
// contained in every match of the rule); only those run. Overlaps are
// resolved longest-match-first. Underspecified expressions ("on Monday",
// "last week", "the third quarter", "two years ago") are resolved against the
// document creation time (DCT), with the tense of nearby verbs deciding
// whether a bare weekday or month lies before or after it.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "core/timex.h"

namespace corroborate::extract {

struct TimexContext {
  Instant dct = 0;                               // document creation time, UTC
  Granularity granularity = Granularity::kDay;   // how precisely the DCT is known
  int utc_offset = 0;                            // publisher's zone, seconds east of UTC
};

// Parses a DCT: "19980227", "1998-02-27", "2014-12-22T21:00-05:00",
// "2014-12-22T21:00:00Z". The offset of the value (if any) becomes the
// context's zone, else `default_offset`. nullopt when unparseable.
[[nodiscard]] std::optional<TimexContext> ParseDct(std::string_view value, int default_offset = 0);

// All temporal expressions in `text` (UTF-8), in text order, not overlapping.
[[nodiscard]] std::vector<Timex> ExtractTimexes(std::string_view text, const TimexContext& ctx);

// The UTC interval a TIMEX3 date/time value denotes when read in a zone
// `utc_offset` seconds east of UTC: "2014-12-22", "2014-W51", "2014-W51-WE",
// "1998-Q3", "1998-H1", "1998-SU", "199" (decade), "19" (century),
// "2014-12-22T16:15", "2014-12-22TMO". nullopt for anything else.
[[nodiscard]] std::optional<Interval> TimexValueInterval(std::string_view value, int utc_offset);

// The UTC interval of TIME timex `t` (its range when it bounds one) read
// in `zone` (an IANA name or a fixed "+HH:MM") instead of the zone it was
// read in: for a "local time" once the place is known. nullopt when the
// zone is unknown or `t` has no clock value.
[[nodiscard]] std::optional<Interval> TimexIntervalInZone(const Timex& t, std::string_view zone);

// The IANA zone of a country with one time zone ("KP" -> "Asia/Pyongyang",
// lexicons/time_country_zones.tsv); "" for a country with several
// ("US", "RU") or an unknown code.
[[nodiscard]] std::string_view CountryZone(std::string_view country_code);

// The zone of the first city of the time-zone lexicon named in `text`
// ("... in Tehran ..." -> "Asia/Tehran"); "" when none is.
[[nodiscard]] std::string_view CityZone(std::string_view text);

// Length in seconds of a TIMEX3 duration value ("PT9H30M" -> 34200) using
// 30-day months and 365-day years; nullopt when unspecified ("PXW").
[[nodiscard]] std::optional<std::int64_t> TimexDurationSeconds(std::string_view value);

}  // namespace corroborate::extract
