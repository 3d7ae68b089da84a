// Whole-file reading and the system's reason for an I/O failure, shared by
// every command that reads an input file.
#pragma once

#include <string>

#include "core/error.h"

namespace corroborate {

// The system's text for errno value `err` ("No space left on device"),
// safe to call from several threads.
std::string SystemErrorText(int err);

// Returns the bytes of the file at `path`. On failure the error names the
// path and gives the system's reason: "PATH: cannot open: No such file or
// directory" (kNotFound when the file does not exist, kIo otherwise, also
// for a directory: "PATH: cannot read: Is a directory").
[[nodiscard]] Result<std::string> ReadFile(const std::string& path);

// The first `size` bytes of the file at `path` (all of it when shorter),
// e.g. for telling a format by its first bytes; errors as ReadFile.
[[nodiscard]] Result<std::string> ReadFileHead(const std::string& path, size_t size);

}  // namespace corroborate
