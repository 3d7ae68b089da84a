#include "ingest/limits.h"

#include <fmt/core.h>

namespace corroborate::ingest {

std::size_t InputLimit(InputKind kind) {
  switch (kind) {
    case InputKind::kHtmlPage:
      return kMaxHtmlPageBytes;
    case InputKind::kFeed:
      return kMaxFeedBytes;
    case InputKind::kOpml:
      return kMaxOpmlBytes;
    case InputKind::kJson:
      return kMaxJsonBytes;
    case InputKind::kText:
      return kMaxTextBytes;
  }
  return 0;
}

const char* InputKindPhrase(InputKind kind) {
  switch (kind) {
    case InputKind::kHtmlPage:
      return "one HTML page";
    case InputKind::kFeed:
      return "one feed";
    case InputKind::kOpml:
      return "one OPML file";
    case InputKind::kJson:
      return "one JSON document";
    case InputKind::kText:
      return "one text document";
  }
  return "one input";
}

std::string FormatSize(std::size_t bytes) {
  constexpr std::size_t kMiB = std::size_t{1} << 20, kGiB = std::size_t{1} << 30;
  if (bytes < kMiB) return fmt::format("{} bytes", bytes);
  if (bytes >= kGiB) {
    return fmt::format("{:.1f} GB", static_cast<double>(bytes) / static_cast<double>(kGiB));
  }
  if (bytes % kMiB == 0) return fmt::format("{} MB", bytes / kMiB);
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / static_cast<double>(kMiB));
}

Status CheckInputSize(InputKind kind, std::size_t size) {
  const std::size_t limit = InputLimit(kind);
  if (size <= limit) return {};
  // Just over the limit, one decimal would print the limit itself.
  std::string size_text =
      size - limit < (std::size_t{1} << 20) / 10 ? fmt::format("{} bytes", size) : FormatSize(size);
  return Fail(ErrorCode::kTooLarge, fmt::format("{} exceeds the {} limit for {}", size_text,
                                                FormatSize(limit), InputKindPhrase(kind)));
}

}  // namespace corroborate::ingest
