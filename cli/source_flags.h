// The --reliability and --interval flags that `sources add` and
// `import-opml` share, checked and applied to a NewSource.
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"
#include "store/store.h"

namespace corroborate::cli {

// Sets source.reliability from `reliability` (one letter A..F, any case;
// empty: unchanged) and source.poll_interval from `interval` when
// `interval_given` (must be positive). kInvalidArgument naming the flag.
[[nodiscard]] Status ApplySourceFlags(const std::string& reliability, bool interval_given, std::int64_t interval,
                                      store::NewSource& source);

}  // namespace corroborate::cli
