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
  Instant since = 0;                 // 0: none; else only incidents ending at or after it
};

// The stored windows, claims and documents clustered into incidents (only
// those of options.entity and options.since when set). kInvalidArgument for
// a malformed alias. Every window is read (windows make the incidents), but
// of claims and documents only those near the incidents listed
// (correlate::ClaimReach), so `--since` on a large store reads little.
[[nodiscard]] Result<std::vector<Incident>> ListIncidents(store::Database& db,
                                                          const AnalysisOptions& options);

struct IncidentReport {
  // As ListIncidents gives them; only the selected one when options.incident
  // is set (the claims of the others are not read).
  std::vector<Incident> incidents;
  render::Report report;  // of the selected one
};

// The report of the incident the options select (options.incident, else the
// one with the most claims), generated at clock.Now(). kNotFound when there
// is no incident or no such one; errors of the taxonomy file name it. With
// options.incident set it reads only that incident's claims, documents and
// series, besides every window.
[[nodiscard]] Result<IncidentReport> AnalyseIncident(store::Database& db,
                                                     const AnalysisOptions& options, Clock& clock);

// Where a watch loop got to: the number of the last claim or window stored
// (a sequence that never goes back, unlike row ids; see store/arrivals.h).
struct Watermark {
  std::int64_t arrival = 0;  // 0: before anything (schema v11 on)
};

[[nodiscard]] Result<Watermark> CurrentWatermark(store::Database& db);

struct NewData {
  // The incidents (filtered as ListIncidents does, with the same ids and
  // contents) holding a window or claim stored after the mark asked.
  std::vector<Incident> incidents;
  Watermark mark;  // to ask with next time
};

// The incidents that got new data since `mark`: what a watch cycle needs to
// re-analyse (AnalyseIncident with options.incident). Reads the claims near
// those incidents only. An incident that only lost data (its windows
// deleted, or an undated claim taken by a new incident of the same entity
// that a new window made) is not reported; compare ListIncidents for that.
// Incident ids are positions in time order, so a new incident renumbers the
// later ones. Claims and windows stored before schema v11 count as old.
[[nodiscard]] Result<NewData> IncidentsWithNewData(store::Database& db,
                                                   const AnalysisOptions& options, Watermark mark);

}  // namespace corroborate::pipeline
