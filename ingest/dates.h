// The one lenient date parser, for feeds, web pages and posts.
//
// Publishers write dates in every shape: RFC 822/1123 with obsolete zone
// names ("EST", "GMT+9", military letters), missing weekdays, two-digit
// years, month names in full, RFC 3339/W3CDTF with a space or lowercase
// letters, "+0000 (UTC)" comments, numeric dates ("2014/12/22",
// "22.12.2014", "12/22/2014", "20141222"), "4:15 p.m.". Pages add words
// around them ("Posted on December 22, 2014 at 4:15 pm by ..."). ParseDate
// turns all of these into a UTC instant with the precision the text gave.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace corroborate::ingest {

// A ParsedTime (UTC instant, the precision the text gave, whether and which
// zone it named) with the fraction of a second.
struct ParsedDate : ParsedTime {
  std::int32_t nanosecond = 0;  // fractional seconds when the text gave them
};

struct DateParseOptions {
  // false (a date field: feeds, JSON, meta tags): every word must be part of
  // the date, else no date. true (a line of running text: bylines, comment
  // headers): other words are skipped, and to keep numbers and names in
  // them from being read as dates the year must have four digits, a zone
  // name counts only after a time, a bare number is an hour only with
  // "am"/"pm", and single letters are not military zones.
  bool skip_other_words = false;
};

// Parses `text` (surrounding whitespace ignored). Returns nullopt when the
// text is not a date this parser understands or names an impossible one.
// Numeric dates without a month name: year first is Y/M/D; with dots D.M.Y;
// otherwise M/D/Y unless the first number is over 12 (then D/M/Y).
// Zones: numeric offsets, UT/UTC/GMT/Z, North American and common world
// abbreviations (EST, CEST, JST, IST = India, BST = British Summer Time ...);
// RFC 822 military letters other than Z are read as UTC (RFC 2822 4.3: their
// sign was defined backwards and they carry no reliable information).
[[nodiscard]] std::optional<ParsedDate> ParseDate(std::string_view text,
                                                  const DateParseOptions& options = {});

// A /2014/12/22/ (or /2014-12-22/, /20141222/) date in a URL's path, day
// precision; years 1990-2100.
[[nodiscard]] std::optional<ParsedDate> DateFromUrlPath(std::string_view url);

// RFC 3339 in UTC with the fraction when non-zero: "2019-10-12T07:20:50.52Z".
[[nodiscard]] std::string FormatParsedDate(const ParsedDate& date);

}  // namespace corroborate::ingest
