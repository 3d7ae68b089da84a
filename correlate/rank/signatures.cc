#include "correlate/rank/signatures.h"

#include <fmt/core.h>

#include <cstdlib>

#include "core/text.h"
#include "core/time.h"

namespace corroborate::correlate {

namespace {

std::string Minute(Instant t) { return FormatRfc3339(t).substr(0, 16) + "Z"; }

// The window the incident's routing signatures are read from.
const OutageWindow* MainWindow(const std::vector<OutageWindow>& windows) {
  const OutageWindow* main = nullptr;
  for (const OutageWindow& w : windows) {
    if (w.kind == WindowKind::kInstability) continue;
    if (!main || (w.source == "corroborate" && main->source != "corroborate") ||
        (w.source == main->source && w.end - w.start > main->end - main->start)) {
      main = &w;
    }
  }
  return main;
}

// prior_instability, or no_prior_instability when routing data was read.
void InstabilitySignatures(const std::vector<OutageWindow>& windows,
                           std::vector<SignatureObservation>& out) {
  const OutageWindow* first = nullptr;
  bool routing = false;
  for (const OutageWindow& w : windows) {
    if (w.kind == WindowKind::kInstability) {
      if (!first || w.start < first->start) first = &w;
    } else if (w.source == "corroborate" && w.evidence.routing) {
      routing = true;
    }
  }
  if (first) {
    out.push_back(
        {"prior_instability", fmt::format("routing instability measured from {} before the outage",
                                          Minute(first->start))});
  } else if (routing) {
    out.push_back(
        {"no_prior_instability", "no routing instability measured in the days before the outage"});
  }
}

// abrupt_full_withdrawal or partial_loss; same or different upstream on return.
void RoutingSignatures(const OutageWindow& main, std::vector<SignatureObservation>& out) {
  if (!main.evidence.routing) return;
  const RoutingEvidence& e = *main.evidence.routing;
  const double before = e.prefixes_visible_before, worst = e.prefixes_visible_worst;
  if (worst == 0 && before > 0) {
    if (e.withdrawal_spread_seconds && *e.withdrawal_spread_seconds <= 300) {
      out.push_back({"abrupt_full_withdrawal",
                     fmt::format("all {:.0f} prefixes withdrawn at every peer within {} s", before,
                                 *e.withdrawal_spread_seconds)});
    }
  } else if (worst > 0 && worst < before) {
    out.push_back(
        {"partial_loss", fmt::format("{:.0f} of {:.0f} prefixes stayed visible", worst, before)});
  }
  if (e.upstream_before && e.upstream_after) {
    const std::int64_t b = e.upstream_before, a = e.upstream_after;
    out.push_back({b == a ? "same_upstream_return" : "different_upstream_return",
                   b == a ? fmt::format("routes came back through the same upstream, AS{}", a)
                          : fmt::format("routes came back through AS{} instead of AS{}", a, b)});
  }
}

void LengthSignatures(const OutageWindow& main, std::vector<SignatureObservation>& out) {
  Instant length = main.end - main.start;
  if (length > 0 && length < kDay) {
    out.push_back({"short_outage", fmt::format("the outage lasted {} h {:02} min", length / 3600,
                                               length % 3600 / 60)});
  } else if (length >= 3 * kDay) {
    out.push_back({"long_outage", fmt::format("the outage lasted {} days", length / kDay)});
  }
}

}  // namespace

std::vector<SignatureObservation> MeasurementSignatures(const std::vector<OutageWindow>& windows,
                                                        const std::vector<Incident>& incidents,
                                                        const Incident& incident) {
  std::vector<SignatureObservation> out;
  InstabilitySignatures(windows, out);
  if (const OutageWindow* main = MainWindow(windows)) {
    RoutingSignatures(*main, out);
    LengthSignatures(*main, out);
  }
  for (const Incident& other : incidents) {
    if (other.id != incident.id && other.entity == incident.entity &&
        std::llabs(other.start - incident.start) <= 7 * kDay) {
      out.push_back({"repeated_outage", fmt::format("another outage of {} began {}", other.entity,
                                                    Minute(other.start))});
      break;
    }
  }
  return out;
}

std::string IndependenceGroup(const Claim& c, std::int64_t document_id) {
  if (!c.attribution.speaker.empty()) return "speaker:" + ToLowerAscii(c.attribution.speaker);
  return fmt::format("doc:{}:{}:{}:{}", document_id, ClaimTypeName(c.type), c.cause, c.actor);
}

}  // namespace corroborate::correlate
