#include "core/claim.h"

#include <array>

namespace corroborate {
namespace {

constexpr std::array<const char*, 5> kEntityKindNames = {"country", "asn", "prefix",
                                                         "organisation", "person"};
constexpr std::array<const char*, 9> kClaimTypeNames = {
    "outage_state", "outage_start", "outage_end",  "outage_duration",   "outage_scope",
    "cause_assertion", "denial",   "threat",      "measurement_report"};
constexpr std::array<const char*, 4> kStanceNames = {"asserts", "hedges", "denies", "questions"};

}  // namespace

const char* EntityKindName(EntityKind kind) {
  return kEntityKindNames[static_cast<std::size_t>(kind)];
}

std::optional<EntityKind> EntityKindFromName(std::string_view name) {
  for (std::size_t i = 0; i < kEntityKindNames.size(); ++i) {
    if (name == kEntityKindNames[i]) return static_cast<EntityKind>(i);
  }
  return std::nullopt;
}

const char* ClaimTypeName(ClaimType type) { return kClaimTypeNames[static_cast<std::size_t>(type)]; }

std::optional<ClaimType> ClaimTypeFromName(std::string_view name) {
  for (std::size_t i = 0; i < kClaimTypeNames.size(); ++i) {
    if (name == kClaimTypeNames[i]) return static_cast<ClaimType>(i);
  }
  return std::nullopt;
}

const char* StanceName(Stance stance) { return kStanceNames[static_cast<std::size_t>(stance)]; }

std::optional<Stance> StanceFromName(std::string_view name) {
  for (std::size_t i = 0; i < kStanceNames.size(); ++i) {
    if (name == kStanceNames[i]) return static_cast<Stance>(i);
  }
  return std::nullopt;
}

const char* CertaintyLabel(double c) {
  if (c < 0.05) return "almost no chance";
  if (c < 0.20) return "very unlikely";
  if (c < 0.45) return "unlikely";
  if (c <= 0.55) return "roughly even chance";
  if (c < 0.80) return "likely";
  if (c < 0.95) return "very likely";
  return "almost certain";
}

}  // namespace corroborate
