// Strict numeric flags. CLI11 converts an integer flag with strtoull or
// strtoll in base 0, so "-5" wraps to 2^64 - 5 for an unsigned flag, a
// 20-digit value saturates and "010" is octal 8. These validators check the
// text before it is converted: whatever they accept converts exactly, and
// anything else is a usage error (exit 2) naming the flag.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>

namespace corroborate::cli {

// Decimal digits, with a leading '-' only when `min` is negative, of a
// value in [min, max].
[[nodiscard]] CLI::Validator WholeNumber(std::int64_t min, std::int64_t max);

// A finite decimal number (digits with an optional fraction; no sign,
// exponent, "inf" or "nan") above 0 and at most `max`.
[[nodiscard]] CLI::Validator PositiveNumber(double max);

}  // namespace corroborate::cli
