// Certainty of a stated proposition from hedge, booster and negation cues
// ("believed to be", "it is possible", "I wouldn't be surprised", "very
// unlikely", "no doubt", "reportedly", "not clear"), read from the data file
// lexicons/claim_certainty.tsv, and mapped to a 0..1 probability with an
// ICD 203 estimative label (core/claim.h CertaintyLabel).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace corroborate::extract {

// Certainty given to a plain assertion (no cue): news states it as fact,
// but it is one source's word.
inline constexpr double kAssertedCertainty = 0.85;

enum class CueKind { kHedge, kBooster, kNegation };

struct CertaintyCue {
  std::size_t begin = 0;  // byte offsets into the text
  std::size_t end = 0;
  CueKind kind = CueKind::kHedge;
  double value = 0;        // hedge: ceiling; booster: floor; negation: 1 = negates its whole clause
};

// The cues in text[begin, end) in text order; of overlapping cues the
// earlier, then the longer, is kept ("very unlikely" over "unlikely").
std::vector<CertaintyCue> FindCertaintyCues(std::string_view text, std::size_t begin, std::size_t end);

struct CertaintyEstimate {
  double certainty = kAssertedCertainty;
  bool negated = false;
  std::vector<std::string> cues;  // the cue words, as written
};

// Combines the cues that apply to one proposition: the lowest hedge caps the
// certainty; without a hedge the highest booster raises it; negation cues
// set `negated` (the certainty is then that of the negated statement).
CertaintyEstimate CombineCues(std::string_view text, const std::vector<CertaintyCue>& cues,
                              double base = kAssertedCertainty);

}  // namespace corroborate::extract
