#include "cli/source_flags.h"

#include <fmt/core.h>

#include <cctype>

namespace corroborate::cli {

Status ApplySourceFlags(const std::string& reliability, bool interval_given, std::int64_t interval,
                        pipeline::SourceSettings& source) {
  if (!reliability.empty()) {
    const char grade =
        reliability.size() == 1
            ? static_cast<char>(std::toupper(static_cast<unsigned char>(reliability[0])))
            : '?';
    if (grade < 'A' || grade > 'F') {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("--reliability {}: expected a grade A..F", reliability));
    }
    source.reliability = grade;
  }
  if (interval_given) {
    if (interval <= 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("--interval {}: expected a positive number of seconds", interval));
    }
    source.poll_interval = interval;
  }
  return {};
}

Result<Source> SourceFromFlag(store::Database& db, const std::string& url) {
  auto source = pipeline::FindSource(db, url);
  if (!source) {
    return Fail(
        source.error().code,
        fmt::format("--source {}: not a registered source (add it with `corroborate sources add`)",
                    url));
  }
  return source;
}

}  // namespace corroborate::cli
