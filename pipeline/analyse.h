// Analysing an incident as a use case: load what is stored, cluster it into
// incidents, align the incident's claims with its windows, rank the cause
// hypotheses, and assemble the render::Report the renderers print. Used by
// events, rank, timeline, check, brief and demo.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/assessment.h"
#include "core/clock.h"
#include "core/error.h"
#include "pipeline/database.h"
#include "render/report.h"

namespace corroborate::pipeline {

struct AnalysisOptions {
  std::vector<std::string> aliases;  // "asn:131279=country:KP"
  std::string taxonomy_file;         // extends the built-in hypothesis taxonomy
  std::int64_t incident = 0;         // 0: the incident with the most claims
  std::string entity;                // restrict to incidents of this entity
  Instant since = 0;                 // only incidents that end at or after this (0: all)
};

// The stored windows, claims and documents clustered into incidents (only
// those of options.entity when set, and that end at or after options.since). kInvalidArgument for a
// malformed alias.
[[nodiscard]] Result<std::vector<Incident>> ListIncidents(store::Database& db,
                                                          const AnalysisOptions& options);

struct IncidentReport {
  std::vector<Incident> incidents;  // as ListIncidents gives them
  render::Report report;            // of the selected one
};

// The report of the incident the options select (options.incident, else the
// one with the most claims), generated at clock.Now(). kNotFound when there
// is no incident or no such one; errors of the taxonomy file name it.
[[nodiscard]] Result<IncidentReport> AnalyseIncident(store::Database& db,
                                                     const AnalysisOptions& options, Clock& clock);

}  // namespace corroborate::pipeline
