// JSON reading shared by the measurement importers: parse with a depth
// bound and turn nlohmann's exceptions into Error values naming the input.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/time.h"

namespace corroborate::ingest {

inline constexpr int kMaxJsonDepth = 64;

// Parses `bytes`; fails with kParse "NAME: invalid JSON at byte N: ..." or
// "NAME: JSON nested deeper than 64 levels", and with kTooLarge when the
// bytes are over kMaxJsonBytes (ingest/limits.h).
[[nodiscard]] Result<nlohmann::json> ParseJsonInput(std::string_view bytes, std::string_view name);

// A JSON value as an instant: Unix seconds (number or digit string) or an
// ISO 8601 string. nullopt for anything else, and for numbers beyond +-1e13.
std::optional<Instant> JsonInstant(const nlohmann::json& value);

// "" when `t` is a plausible time (IsPlausibleTime), else why not, the time
// called `what`: "time 0000-01-01T00:00:00Z is before 1969-01-01".
std::string ImplausibleTime(std::string_view what, Instant t, Instant now);

// "" when `start` and `end` are plausible times (IsPlausibleTime), else
// why not: "start 0000-01-01T00:00:00Z is before 1969-01-01" or "end
// 2100-01-01T00:00:00Z is more than a day after now (2025-...Z)".
std::string ImplausibleTimes(Instant start, Instant end, Instant now);

// The string at `key` of an object, "" when absent or not a string/number.
std::string JsonString(const nlohmann::json& object, const char* key);

}  // namespace corroborate::ingest
