// Checked output of the commands: standard output and report files. A write
// that fails is an error naming where it went and the system's reason
// (kIo), never an exception or a silent success; main() turns it into one
// error line and exit status 1.
#pragma once

#include <fmt/core.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace corroborate::cli {

// Writes `text` to standard output. Once a write has failed every later one
// fails too, with the first failure's reason: "standard output: write
// failed: No space left on device".
[[nodiscard]] Status WriteStdout(std::string_view text);

// fmt::print to standard output, checked as WriteStdout.
template <typename... Args>
[[nodiscard]] Status Print(fmt::format_string<Args...> format, Args&&... args) {
  return WriteStdout(fmt::format(format, std::forward<Args>(args)...));
}

// Flushes standard output; fails as WriteStdout when this or any earlier
// write failed. main() calls it after every command.
[[nodiscard]] Status FlushStdout();

struct OutputFile {
  std::string name;  // file name inside the directory
  std::string content;
};

// Writes every file of `files` into `dir` as a new temporary file beside its
// target, and only when all were written renames them into place. On a
// failure the temporary files are removed and no target is touched (a
// target that is a directory is found before anything is written); the
// error names the file and gives the system's reason.
[[nodiscard]] Status ReplaceFiles(const std::filesystem::path& dir,
                                  const std::vector<OutputFile>& files);

}  // namespace corroborate::cli
