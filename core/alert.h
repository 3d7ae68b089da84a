// Alerts: what a watcher tells people about, as a plain value. The channels
// that deliver them (webhook, mail, command) are in notify/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace corroborate {

enum class AlertKind {
  kNewIncident,     // a new incident (measured outage or cluster of reports)
  kNewClaim,        // a new claim about a watched entity
  kVerdictChanged,  // the verdict on an incident's outage claims changed
  kLeaderChanged,   // the leading cause hypothesis of an incident changed
};

// "new-incident", "new-claim", "verdict-changed", "leader-changed".
const char* AlertKindName(AlertKind kind);
// The kind a name stands for; nullopt for any other text.
std::optional<AlertKind> AlertKindFromName(std::string_view name);

struct Alert {
  AlertKind kind = AlertKind::kNewIncident;
  std::string entity;        // "country:KP", "asn:131279"
  std::string subject;       // stable id of what it is about: an incident key, a claim id
  std::string state;         // verdict-changed / leader-changed: the new verdict or hypothesis
  std::string previous;      // ... and the one before
  std::string summary;       // one line for people, UTF-8
  std::string details_json;  // a JSON object with the particulars; "" = {}
  std::string url;           // a link to more, optional
  Instant time = 0;          // when the watcher found it
};

// The alert's identity for "send once": kind, entity, subject, previous and
// new state, each with '%' and '|' percent-escaped, joined by '|', e.g.
// "verdict-changed|country:KP|incident:country:KP@1419264900|unverified|confirmed".
// The same finding on a later cycle or after a restart has the same key; a
// change back and forth alerts once each way; summary, details and time are
// not part of it.
std::string AlertKey(const Alert& alert);

}  // namespace corroborate
