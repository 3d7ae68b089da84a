#include "cli/input_size.h"

#include <filesystem>

namespace corroborate::cli {

Status CheckFileSize(const std::string& path, ingest::InputKind kind) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return {};
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return {};
  if (Status fits = ingest::CheckInputSize(kind, static_cast<std::size_t>(size)); !fits) {
    return std::unexpected(WithContext(fits.error(), path));
  }
  return {};
}

}  // namespace corroborate::cli
