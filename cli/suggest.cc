#include "cli/suggest.h"

#include <algorithm>
#include <cctype>

namespace corroborate::cli {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  const auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

std::optional<std::string> NearestName(std::string_view word,
                                       const std::vector<std::string>& candidates) {
  if (word.empty() || word.size() > 64) return std::nullopt;
  const std::size_t allowed = word.size() <= 4 ? 1 : 2;
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = EditDistance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  if (best) return best;
  if (word.size() >= 3) {
    for (const std::string& candidate : candidates) {
      if (candidate.size() > word.size() &&
          EditDistance(word, candidate.substr(0, word.size())) == 0) {
        return candidate;
      }
    }
  }
  return std::nullopt;
}

std::size_t FirstCommandWord(const std::vector<std::string>& args,
                             const std::vector<std::string>& options_with_value, std::size_t from) {
  for (std::size_t i = from; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") return std::min(i + 1, args.size());
    if (arg.starts_with("-")) {
      const bool takes_value = std::find(options_with_value.begin(), options_with_value.end(),
                                         arg) != options_with_value.end();
      if (takes_value) ++i;  // "--db FILE": FILE is not a command
      continue;
    }
    return i;
  }
  return args.size();
}

}  // namespace corroborate::cli
