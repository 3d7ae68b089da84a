// `measure windows` output: the stored windows as a table or as JSON, each
// with its evidence (the detector's figures, the routing evidence).
#pragma once

#include <string>
#include <vector>

#include "core/measure.h"

namespace corroborate::render {

// One line per window: id, entity, kind, start, end, minutes, source,
// severity, signal, under a header line.
[[nodiscard]] std::string WindowsText(const std::vector<OutageWindow>& windows);

// {"windows": [{id, entity, kind, start, end, source, signal, severity,
// score, cause, evidence: {...}, provenance}]}, indented by 2, with a
// final newline.
[[nodiscard]] std::string WindowsJson(const std::vector<OutageWindow>& windows);

}  // namespace corroborate::render
