// A window's evidence as the `windows.evidence` column holds it: a JSON
// object (detector figures first, then the routing keys), "" when there is
// none. Keys and number forms are those earlier builds wrote as text, so
// old rows read back the same and new rows look like old ones.
#pragma once

#include <string>
#include <string_view>

#include "core/measure.h"

namespace corroborate::store::internal {

[[nodiscard]] std::string EvidenceJson(const WindowEvidence& evidence);

// The known keys of a stored object; others, and text that is not a JSON
// object, are ignored.
[[nodiscard]] WindowEvidence ParseEvidence(std::string_view text);

}  // namespace corroborate::store::internal
