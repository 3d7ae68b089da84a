// The stance of a cause statement and whether it is evidence about the
// outage its document reports: decided at the clause its trigger sits in,
// from the frames in lexicons/claim_stance.tsv. Questions ("studying whether
// a cyberattack could be responsible", a sentence ending in "?"), denials
// ("ruled out a cyberattack", "not due to a cable cut", "... was ruled out";
// "cannot rule out" is a hedge), hedges ("possible", "suspected", "a reported
// attack") and assertions; statements about another outage ("last year's
// attack", "similar to the 2023 cable cuts") and generalities ("a DDoS attack
// is an attempt to ...") are marked as not about this event.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/claim.h"

namespace corroborate::extract {

struct CauseStance {
  Stance stance = Stance::kAsserts;
  bool about_this_event = true;
  std::vector<std::string> cues;  // the frame words that decided it
};

// Reads the cause statement whose trigger is text[trigger_begin,
// trigger_end) in the clause text[clause_begin, clause_end) of the sentence
// text[sentence_begin, sentence_end).
CauseStance ReadCauseStance(std::string_view text, std::size_t sentence_begin,
                            std::size_t sentence_end, std::size_t clause_begin,
                            std::size_t clause_end, std::size_t trigger_begin,
                            std::size_t trigger_end);

// Whether text[begin, end) (a clause) is about another outage or is a
// generality ("governments are shutting down the internet").
bool SpeaksOfAnotherEvent(std::string_view text, std::size_t begin, std::size_t end);

// Whether text[begin, end) (a sentence) speaks of physical violence: killed,
// troops, a prison, a road. An "attack" there is not a cyberattack.
bool MentionsPhysicalViolence(std::string_view text, std::size_t begin, std::size_t end);

// Whether text[begin, end) (a sentence) reports people killed or wounded:
// such a sentence about a strike is about the war, not a network.
bool ReportsCasualties(std::string_view text, std::size_t begin, std::size_t end);

// Whether the claim of responsibility at `trigger_begin` is said not to
// have been made: "no one has claimed responsibility", "has yet to claim".
bool ResponsibilityUnclaimed(std::string_view text, std::size_t clause_begin,
                             std::size_t trigger_begin);

// Whether the route announcement at `trigger_begin` is one that stopped:
// "stopped announcing its routes" (the outage, not its cause).
bool AnnouncingStopped(std::string_view text, std::size_t clause_begin, std::size_t trigger_begin);

// Whether a government, authority or country (a country mention in
// `countries`, byte spans) is the subject of the verb at `verb_begin`: named
// in the clause before it, within a few words.
bool HasGovernmentSubject(std::string_view text, std::size_t clause_begin, std::size_t verb_begin,
                          const std::vector<std::pair<std::size_t, std::size_t>>& countries);

// Whether words that introduce a cause ("due to", "caused by", "after")
// come before the trigger at `trigger_begin` in its clause.
bool IntroducedAsCause(std::string_view text, std::size_t clause_begin, std::size_t trigger_begin);

// Problems in lexicons/claim_stance.tsv (patterns that do not compile,
// unknown kinds); empty when all is well.
std::vector<std::string> CauseStanceLexiconProblems();

}  // namespace corroborate::extract
