#include "core/measure.h"

namespace corroborate {

const char* WindowKindName(WindowKind kind) {
  return kind == WindowKind::kOutage ? "outage" : "instability";
}

}  // namespace corroborate

#include <cctype>

#include "core/text.h"

namespace corroborate {

namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool LooksLikePrefix(std::string_view s) {
  size_t slash = s.find('/');
  if (slash == std::string_view::npos || !AllDigits(s.substr(slash + 1))) return false;
  std::string_view addr = s.substr(0, slash);
  if (addr.empty()) return false;
  bool colon = addr.find(':') != std::string_view::npos;
  for (char c : addr) {
    bool ok = (c >= '0' && c <= '9') || c == '.' ||
              (colon && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string NormalizeEntity(std::string_view text) {
  std::string_view s = TrimAscii(text);
  size_t colon = s.find(':');
  if (LooksLikePrefix(s)) return "prefix:" + ToLowerAscii(s);
  if (colon != std::string_view::npos) {
    std::string type = ToLowerAscii(s.substr(0, colon));
    std::string_view code = TrimAscii(s.substr(colon + 1));
    if (code.empty()) return "";
    if (type == "country" && code.size() == 2 &&
        std::isalpha(static_cast<unsigned char>(code[0])) &&
        std::isalpha(static_cast<unsigned char>(code[1]))) {
      std::string upper(code);
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return "country:" + upper;
    }
    if (type == "asn" || type == "as") {
      if (StartsWithIgnoreCase(code, "as")) code.remove_prefix(2);
      return AllDigits(code) ? "asn:" + std::string(code) : "";
    }
    if (type == "prefix") return LooksLikePrefix(code) ? "prefix:" + ToLowerAscii(code) : "";
    if (type == "region" || type == "continent") return type + ":" + std::string(code);
    return "";
  }
  if (StartsWithIgnoreCase(s, "as") && AllDigits(s.substr(2)))
    return "asn:" + std::string(s.substr(2));
  if (s.size() == 2 && std::isalpha(static_cast<unsigned char>(s[0])) &&
      std::isalpha(static_cast<unsigned char>(s[1]))) {
    std::string upper(s);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return "country:" + upper;
  }
  return "";
}

WindowEvidence MergeEvidence(const WindowEvidence& older, const WindowEvidence& newer) {
  WindowEvidence out = older;
  if (newer.baseline_median) out.baseline_median = newer.baseline_median;
  if (newer.min_value) out.min_value = newer.min_value;
  if (newer.peak_events_per_bin) out.peak_events_per_bin = newer.peak_events_per_bin;
  if (newer.bins) out.bins = newer.bins;
  if (newer.step) out.step = newer.step;
  if (newer.routing) out.routing = newer.routing;
  return out;
}

}  // namespace corroborate
