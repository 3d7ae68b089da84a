// What a use case has to tell about the items it went through, in order:
// warnings and per-item errors that did not stop it. Front ends print them
// ("corroborate: warning: ...", "corroborate: error: ..."); a watch loop
// logs them.
#pragma once

#include <functional>
#include <vector>

#include "core/error.h"

namespace corroborate::pipeline {

struct Notice {
  enum class Level { kWarning, kError };
  Level level = Level::kWarning;
  Error error;  // the message names the item (file, source URL)
};

inline Notice Warning(std::string message) {
  return Notice{Notice::Level::kWarning, Error{ErrorCode::kParse, std::move(message)}};
}
inline Notice ItemError(Error error) { return Notice{Notice::Level::kError, std::move(error)}; }

using Notices = std::vector<Notice>;

// Receives each notice as it happens, in the order of the items; may be
// empty (notices dropped).
using NoticeSink = std::function<void(const Notice&)>;

// Hands `notice` to `sink` unless it is empty.
inline void Tell(const NoticeSink& sink, const Notice& notice) {
  if (sink) sink(notice);
}

}  // namespace corroborate::pipeline
