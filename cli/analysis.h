// The correlator wired to the store: loads documents, sources, claims and
// measurements, clusters them into incidents, aligns the incident's claims
// with its windows, ranks the hypotheses, and assembles the Report the
// renderers print. Used by events, rank, timeline, check, brief and demo.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cli/command.h"
#include "render/report.h"
#include "core/document.h"
#include "core/error.h"
#include "correlate/rank/ach.h"
#include "store/database.h"
#include "store/documents.h"
#include "store/extractions.h"

namespace corroborate::cli {

struct AnalysisOptions {
  std::vector<std::string> aliases;  // "asn:131279=country:KP"
  std::string taxonomy_file;         // extends the built-in hypothesis taxonomy
  std::int64_t incident = 0;         // 0: the incident with the most claims
  std::string entity;                // restrict to incidents of this entity
};

struct Loaded {
  std::map<std::int64_t, store::StoredDocument> documents;  // raw bytes not loaded
  std::map<std::int64_t, Source> sources;
  std::vector<store::StoredClaim> claims;
  std::vector<OutageWindow> windows;
  std::vector<Series> series;
};

[[nodiscard]] Result<Loaded> LoadForAnalysis(store::Database& db);

[[nodiscard]] Result<std::vector<Incident>> FindIncidents(const Loaded& data,
                                                          const AnalysisOptions& options);

// The incident the options select; kNotFound when there is none.
[[nodiscard]] Result<Incident> SelectIncident(const std::vector<Incident>& incidents,
                                              const AnalysisOptions& options);

[[nodiscard]] Result<render::Report> BuildReport(const Loaded& data,
                                                 const std::vector<Incident>& incidents,
                                                 const Incident& incident,
                                                 const AnalysisOptions& options, Instant now);

// Writes brief.md, brief.svg and brief.html (and stix.json, marked and
// attributed as `stix_options` say) into `dir`, creating it: all of them, or
// on failure none (see ReplaceFiles).
[[nodiscard]] Status WriteBrief(const render::Report& report, const std::string& dir, bool stix,
                                const render::StixOptions& stix_options = {});

// `measure import` as a function: imports `files` (format "auto", "csv", ...;
// `target` for MRT) into `db`.
[[nodiscard]] Status RunMeasureImport(const std::vector<std::string>& files,
                                      const std::string& format, const std::string& target,
                                      store::Database& db, const Context& ctx);

// Adds the shared analysis flags (--alias, --taxonomy, --incident, --entity) to `cmd`.
void AddAnalysisFlags(CLI::App* cmd, AnalysisOptions& options);

}  // namespace corroborate::cli
