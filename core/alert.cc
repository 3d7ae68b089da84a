#include "core/alert.h"

namespace corroborate {

namespace {

void AppendEscaped(std::string& out, std::string_view part) {
  for (char c : part) {
    if (c == '%')
      out += "%25";
    else if (c == '|')
      out += "%7C";
    else
      out.push_back(c);
  }
}

}  // namespace

const char* AlertKindName(AlertKind kind) {
  switch (kind) {
    case AlertKind::kNewIncident:
      return "new-incident";
    case AlertKind::kNewClaim:
      return "new-claim";
    case AlertKind::kVerdictChanged:
      return "verdict-changed";
    case AlertKind::kLeaderChanged:
      return "leader-changed";
  }
  return "new-incident";
}

std::optional<AlertKind> AlertKindFromName(std::string_view name) {
  for (AlertKind kind : {AlertKind::kNewIncident, AlertKind::kNewClaim, AlertKind::kVerdictChanged,
                         AlertKind::kLeaderChanged}) {
    if (name == AlertKindName(kind)) return kind;
  }
  return std::nullopt;
}

std::string AlertKey(const Alert& alert) {
  std::string key = AlertKindName(alert.kind);
  for (std::string_view part : {std::string_view(alert.entity), std::string_view(alert.subject),
                                std::string_view(alert.previous), std::string_view(alert.state)}) {
    key.push_back('|');
    AppendEscaped(key, part);
  }
  return key;
}

}  // namespace corroborate
