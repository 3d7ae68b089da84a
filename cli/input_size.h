// The size check every command makes before it reads a whole input file, so
// that a file over its parser's cap (ingest/limits.h) is refused without
// being read.
#pragma once

#include <string>

#include "core/error.h"
#include "ingest/limits.h"

namespace corroborate::cli {

// Fails with kTooLarge, "PATH: 70.3 MB exceeds the 64 MB limit for one HTML
// page", when `path` is a regular file over the cap of `kind`. Succeeds when
// the size cannot be learnt (a pipe, a missing file): the read reports what
// is wrong, and the parser checks the bytes it is given.
[[nodiscard]] Status CheckFileSize(const std::string& path, ingest::InputKind kind);

}  // namespace corroborate::cli
