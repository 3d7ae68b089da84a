#include "cli/analysis_flags.h"

#include <limits>

#include "cli/numeric_flags.h"
#include "pipeline/ingest_files.h"

namespace corroborate::cli {

void AddAnalysisFlags(CLI::App* cmd, pipeline::AnalysisOptions& o) {
  cmd->add_option("--alias", o.aliases,
                  "Treat one entity as another, e.g. asn:131279=country:KP (repeatable)");
  cmd->add_option("--taxonomy", o.taxonomy_file, "TSV file extending the hypothesis taxonomy");
  cmd->add_option("--incident", o.incident,
                  "Incident id (see `corroborate events`); default: the most discussed")
      ->check(WholeNumber(1, std::numeric_limits<std::int64_t>::max()));
  cmd->add_option("--entity", o.entity,
                  "Only incidents of this entity (country:KP, asn:131279, ...)");
}

Result<Instant> ParseTimeFlag(const std::string& flag, const std::string& value) {
  auto parsed = pipeline::ParsePublishedTime(value, flag);
  if (!parsed) return std::unexpected(parsed.error());
  return parsed->instant;
}

}  // namespace corroborate::cli
