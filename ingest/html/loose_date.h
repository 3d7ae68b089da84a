// Internal to ingest/html: dates as pages write them in meta tags, bylines
// and comment headers. ISO 8601 goes to corroborate::ParseIso8601; this adds
// the human forms ("December 22, 2014 at 4:15 pm", "22 Dec 2014 16:15 GMT",
// "Mon, 22 Dec 2014 16:15:00 +0000", "2014/12/22"). A small local fallback,
// independent of ingest/dates.h.
#pragma once

#include <optional>
#include <string_view>

#include "core/time.h"

namespace corroborate::ingest::html {

// Parses `text` as an ISO 8601 time, else as a loose human date. Times
// without a zone are taken as UTC (had_zone false). nullopt when no date.
std::optional<ParsedTime> ParseLooseDate(std::string_view text);

// A /2014/12/22/ (or /2014-12-22/, /20141222/) date in a URL path.
std::optional<ParsedTime> DateFromUrlPath(std::string_view url);

}  // namespace corroborate::ingest::html
