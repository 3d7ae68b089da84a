#include "cli/numeric_flags.h"

#include <fmt/core.h>

#include <charconv>
#include <cmath>
#include <string>

namespace corroborate::cli {
namespace {

// The flag's value as it is quoted back: a long one only by its start.
std::string Shown(const std::string& text) {
  constexpr size_t kShown = 24;
  return text.size() <= kShown ? text : text.substr(0, kShown) + "...";
}

bool AllDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

CLI::Validator WholeNumber(std::int64_t min, std::int64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        std::string_view digits = text;
        if (min < 0 && digits.starts_with('-')) digits.remove_prefix(1);
        std::int64_t value = 0;
        const char* end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (AllDigits(digits) && ec == std::errc() && ptr == end && value >= min && value <= max) {
          return "";
        }
        return fmt::format("\"{}\" is not a whole number from {} to {}", Shown(text), min, max);
      },
      fmt::format("INT in [{} - {}]", min, max));
}

CLI::Validator PositiveNumber(double max) {
  return CLI::Validator(
      [max](std::string& text) -> std::string {
        std::string_view s = text;
        const size_t dot = s.find('.');
        std::string_view whole = s.substr(0, dot);
        std::string_view fraction =
            dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
        auto digits_only = [](std::string_view d) {
          return d.find_first_not_of("0123456789") == d.npos;
        };
        const bool plain =
            digits_only(whole) && digits_only(fraction) && !(whole.empty() && fraction.empty());
        double value = 0;
        const char* end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (plain && ec == std::errc() && ptr == end && std::isfinite(value) && value > 0 &&
            value <= max) {
          return "";
        }
        return fmt::format("\"{}\" is not a number above 0 and at most {}", Shown(text), max);
      },
      fmt::format("NUMBER in (0 - {}]", max));
}

}  // namespace corroborate::cli
