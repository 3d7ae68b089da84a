#include "ingest/measure/json_input.h"

#include <fmt/core.h>

#include <cmath>

#include "ingest/limits.h"

namespace corroborate::ingest {

Result<nlohmann::json> ParseJsonInput(std::string_view bytes, std::string_view name) {
  if (Status fits = CheckInputSize(InputKind::kJson, bytes.size()); !fits) {
    return std::unexpected(WithContext(fits.error(), std::string(name)));
  }
  bool too_deep = false;
  auto limit = [&too_deep](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > kMaxJsonDepth) too_deep = true;
    return !too_deep;
  };
  try {
    nlohmann::json doc = nlohmann::json::parse(bytes.begin(), bytes.end(), limit);
    if (too_deep) {
      return Fail(ErrorCode::kParse, fmt::format("{}: JSON nested deeper than {} levels", name, kMaxJsonDepth));
    }
    return doc;
  } catch (const nlohmann::json::parse_error& e) {
    if (too_deep) {
      return Fail(ErrorCode::kParse, fmt::format("{}: JSON nested deeper than {} levels", name, kMaxJsonDepth));
    }
    return Fail(ErrorCode::kParse, fmt::format("{}: invalid JSON at byte {}", name, e.byte));
  } catch (const nlohmann::json::exception&) {  // out_of_range.406: a number beyond a double
    return Fail(ErrorCode::kParse, fmt::format("{}: invalid JSON: number out of range", name));
  }
}

std::string ImplausibleTime(std::string_view what, Instant t, Instant now) {
  if (t < kEarliestPlausible)
    return fmt::format("{} {} is before 1969-01-01", what, FormatRfc3339(t));
  if (!IsPlausibleTime(t, now)) {
    return fmt::format("{} {} is more than a day after now ({})", what, FormatRfc3339(t),
                       FormatRfc3339(now));
  }
  return "";
}

std::string ImplausibleTimes(Instant start, Instant end, Instant now) {
  std::string why = ImplausibleTime("start", start, now);
  return why.empty() ? ImplausibleTime("end", end, now) : why;
}

std::optional<Instant> JsonInstant(const nlohmann::json& value) {
  // Beyond +-1e13 s (300,000 years) is no time, and sums of such values would overflow.
  constexpr std::int64_t kLimit = 10'000'000'000'000;
  if (value.is_number_unsigned()) {
    auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(kLimit)) return std::nullopt;
    return static_cast<Instant>(u);
  }
  if (value.is_number_integer()) {
    auto i = value.get<std::int64_t>();
    if (i > kLimit || i < -kLimit) return std::nullopt;
    return i;
  }
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (!std::isfinite(d) || std::fabs(d) > static_cast<double>(kLimit)) return std::nullopt;
    return static_cast<Instant>(d);
  }
  if (!value.is_string()) return std::nullopt;
  const std::string& s = value.get_ref<const std::string&>();
  if (!s.empty() && s.size() <= 12 && s.find_first_not_of("0123456789") == std::string::npos) {
    return std::stoll(s);
  }
  auto parsed = ParseIso8601(s);
  if (!parsed) return std::nullopt;
  return parsed->instant;
}

std::string JsonString(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  return "";
}

}  // namespace corroborate::ingest
