// The extractor over one stored document: which reference date its relative
// times are read against, then its timexes and claims.
#pragma once

#include <string>
#include <vector>

#include "core/claim.h"
#include "core/document.h"
#include "core/timex.h"
#include "correlate/extract/timex.h"

namespace corroborate::extract {

// The reference date of `d`: its publication time, else when it was
// fetched, else `now`; as precise as the publication time says (a day when
// unknown or when there is none); "today" and "Monday" read in the UTC
// offset the publication time gave (0 when none).
[[nodiscard]] TimexContext DocumentTimexContext(const Document& d, Instant now);

struct DocumentExtract {
  std::vector<Timex> timexes;
  std::vector<Claim> claims;
};

// Timexes and claims of `d` against DocumentTimexContext(d, now); `outlet`
// is the document's own outlet (ClaimOptions::outlet). A claim dated
// outside the plausible times (IsPlausibleTime: year 0, year 9999) is kept
// without its date, which could only stretch timelines and charts.
[[nodiscard]] DocumentExtract ExtractDocument(const Document& d, const std::string& outlet,
                                              Instant now);

}  // namespace corroborate::extract
