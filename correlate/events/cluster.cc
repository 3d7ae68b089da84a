#include "correlate/events/cluster.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <set>

namespace corroborate::correlate {

namespace {

std::string Alias(const ClusterOptions& o, const std::string& entity) {
  auto it = o.aliases.find(entity);
  return it == o.aliases.end() ? entity : it->second;
}

void AddUnique(std::vector<std::int64_t>& v, std::int64_t id) {
  if (std::find(v.begin(), v.end(), id) == v.end()) v.push_back(id);
}

}  // namespace

std::vector<Incident> ClusterIncidents(const std::vector<OutageWindow>& windows, const std::vector<ClaimRef>& claims,
                                       const ClusterOptions& o) {
  std::vector<const OutageWindow*> outages, unstable;
  // Critical (or unrated) outage windows of at least `min_outage` make
  // incidents; warnings and short blips, like instability, join the incident
  // they overlap or precede.
  for (const OutageWindow& w : windows) {
    bool core = w.kind == WindowKind::kOutage && w.severity != "warning" && w.end - w.start >= o.min_outage;
    (core ? outages : unstable).push_back(&w);
  }
  std::sort(outages.begin(), outages.end(), [](auto* a, auto* b) { return a->start < b->start; });
  std::vector<Incident> incidents;
  for (const OutageWindow* w : outages) {
    std::string entity = Alias(o, w->entity);
    Incident* into = nullptr;
    for (Incident& inc : incidents) {
      if (inc.entity == entity && w->start <= inc.end + o.merge_gap && std::max(w->end, w->start) >= inc.start - o.merge_gap) {
        into = &inc;
      }
    }
    if (!into) {
      incidents.push_back(Incident{});
      into = &incidents.back();
      into->entity = entity;
      into->start = w->start;
      into->end = std::max(w->end, w->start);
    }
    into->start = std::min(into->start, w->start);
    into->end = std::max(into->end, std::max(w->end, w->start));
    AddUnique(into->window_ids, w->id);
  }
  for (const OutageWindow* w : unstable) {
    std::string entity = Alias(o, w->entity);
    Incident* best = nullptr;
    for (Incident& inc : incidents) {
      if (inc.entity != entity) continue;
      bool overlaps = w->start < inc.end && w->end > inc.start;
      bool precedes = w->end <= inc.start && inc.start - w->end <= o.precursor;
      // The outage it leads into: the candidate starting nearest its end.
      if ((overlaps || precedes) && (!best || std::llabs(inc.start - w->end) < std::llabs(best->start - w->end))) {
        best = &inc;
      }
    }
    if (best) AddUnique(best->window_ids, w->id);
  }
  std::sort(incidents.begin(), incidents.end(), [](const Incident& a, const Incident& b) { return a.start < b.start; });
  // Claims, then their documents. A document's incidents also take its claims
  // that name no entity and no time of their own.
  std::map<std::int64_t, std::set<size_t>> doc_incidents;
  for (const ClaimRef& c : claims) {
    if (c.entity.empty() && !c.when) continue;
    std::string entity = Alias(o, c.entity);
    // An undated claim goes to the latest incident in range at its publication.
    std::optional<size_t> latest;
    for (size_t i = 0; i < incidents.size(); ++i) {
      Incident& inc = incidents[i];
      if (!c.entity.empty() && inc.entity != entity) continue;
      if (c.when) {
        if (c.when->start < inc.end + (inc.end == inc.start ? kDay : 0) && c.when->end > inc.start) {
          AddUnique(inc.claim_ids, c.id);
          doc_incidents[c.document_id].insert(i);
        }
      } else if (c.published && *c.published >= inc.start - o.claim_slack_before &&
                 *c.published <= inc.end + o.claim_slack_after) {
        latest = i;
      }
    }
    if (latest) {
      AddUnique(incidents[*latest].claim_ids, c.id);
      doc_incidents[c.document_id].insert(*latest);
    }
  }
  // Undated claims with no entity, or with an entity but no incident in range,
  // follow their document when the document joined exactly one incident.
  for (const ClaimRef& c : claims) {
    bool placed = std::any_of(incidents.begin(), incidents.end(), [&](const Incident& inc) {
      return std::find(inc.claim_ids.begin(), inc.claim_ids.end(), c.id) != inc.claim_ids.end();
    });
    if (placed) continue;
    auto it = doc_incidents.find(c.document_id);
    if (it == doc_incidents.end() && !c.context_entity.empty() && c.published) {
      std::optional<size_t> latest;
      std::string entity = Alias(o, c.context_entity);
      for (size_t i = 0; i < incidents.size(); ++i) {
        const Incident& inc = incidents[i];
        if (inc.entity == entity && *c.published >= inc.start - o.claim_slack_before &&
            *c.published <= inc.end + o.claim_slack_after) {
          latest = i;
        }
      }
      if (latest) AddUnique(incidents[*latest].claim_ids, c.id);
      if (latest) AddUnique(incidents[*latest].document_ids, c.document_id);
      continue;
    }
    if (it == doc_incidents.end() || it->second.size() != 1) continue;
    Incident& inc = incidents[*it->second.begin()];
    if (!c.entity.empty() && Alias(o, c.entity) != inc.entity) continue;
    AddUnique(inc.claim_ids, c.id);
  }
  // Claims still unplaced whose documents are about a network with an incident.
  for (const ClaimRef& c : claims) {
    if (c.networks.empty()) continue;
    bool placed = std::any_of(incidents.begin(), incidents.end(), [&](const Incident& inc) {
      return std::find(inc.claim_ids.begin(), inc.claim_ids.end(), c.id) != inc.claim_ids.end();
    });
    if (placed) continue;
    std::optional<size_t> best;
    for (size_t i = 0; i < incidents.size(); ++i) {
      const Incident& inc = incidents[i];
      bool network = std::any_of(c.networks.begin(), c.networks.end(),
                                 [&](const std::string& n) { return Alias(o, n) == inc.entity; });
      if (!network) continue;
      bool in_time = c.when ? c.when->start < inc.end + o.claim_slack_after && c.when->end > inc.start - o.claim_slack_before
                            : c.published && *c.published >= inc.start - o.claim_slack_before &&
                                  *c.published <= inc.end + o.claim_slack_after;
      if (in_time) best = i;
    }
    if (!best) continue;
    AddUnique(incidents[*best].claim_ids, c.id);
    doc_incidents[c.document_id].insert(*best);
  }
  for (auto& [doc, set] : doc_incidents) {
    for (size_t i : set) AddUnique(incidents[i].document_ids, doc);
  }
  for (size_t i = 0; i < incidents.size(); ++i) {
    Incident& inc = incidents[i];
    inc.id = static_cast<std::int64_t>(i + 1);
    inc.title = fmt::format("{} outage {} to {}", inc.entity, FormatRfc3339(inc.start), FormatRfc3339(inc.end));
  }
  return incidents;
}

Interval ClaimReach(const Incident& incident, const ClusterOptions& o) {
  return Interval{incident.start - o.claim_slack_before,
                  incident.end + std::max(o.claim_slack_after, kDay), Granularity::kSecond};
}

}  // namespace corroborate::correlate
