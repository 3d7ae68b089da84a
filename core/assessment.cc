#include "core/assessment.h"

namespace corroborate {

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kConsistent: return "consistent";
    case Verdict::kPartlyConsistent: return "partly consistent";
    case Verdict::kInconsistent: return "inconsistent";
    case Verdict::kNotCheckable: return "not checkable";
  }
  return "not checkable";
}

const char* RatingCode(Rating r) {
  switch (r) {
    case Rating::kNotApplicable: return "NA";
    case Rating::kVeryInconsistent: return "II";
    case Rating::kInconsistent: return "I";
    case Rating::kNeutral: return "N";
    case Rating::kConsistent: return "C";
    case Rating::kVeryConsistent: return "CC";
  }
  return "NA";
}

}  // namespace corroborate
