// "Did you mean": the nearest known name to a mistyped one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corroborate::cli {

// Edit distance with adjacent transpositions (optimal string alignment),
// ASCII case ignored.
[[nodiscard]] std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a slip: at
// most 1 edit for words up to 4 letters, 2 for longer ones, or a candidate
// that `word` is a prefix of (at least 3 letters). Ties go to the earlier
// candidate. nullopt when nothing is close.
[[nodiscard]] std::optional<std::string> NearestName(std::string_view word,
                                                     const std::vector<std::string>& candidates);

// The index in `args` (argv without the program), from `from` on, of the
// first word that is not an option or an option's value, given the options
// that take a value ("--db", "-j", ...); args.size() when there is none.
[[nodiscard]] std::size_t FirstCommandWord(const std::vector<std::string>& args,
                                           const std::vector<std::string>& options_with_value,
                                           std::size_t from = 0);

}  // namespace corroborate::cli
