// Claims out of news text and posts: outage state, start, end, duration and
// scope; cause assertions with the hypothesis they support and the actor
// they name; denials; threats and vows; monitoring firms' measurement
// reports. Each claim carries who made it (speaker, role, organisation),
// through whom the document relays it ("according to ABC News"), whether it
// is a direct quote (including quotes in markup such as WordPress
// `[quote author=...]` shortcodes and <blockquote>), its certainty from
// hedges and boosters, its time (from the document's timexes), and the
// entities in its sentence.
//
// Cue words live in data files (lexicons/claim_*.tsv); patterns are compiled
// once, and a sentence is searched only with those whose literal words it
// contains (correlate/extract/literal_prefilter.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/claim.h"
#include "core/time.h"
#include "core/timex.h"

namespace corroborate::extract {

struct ClaimOptions {
  // Document creation time; claims with no timex of their own are dated to
  // its (local) day, or the coarser period dct_granularity says. Without it
  // they get no time.
  std::optional<Instant> dct;
  int dct_utc_offset = 0;  // seconds east of UTC of the DCT's zone
  // How precisely the DCT is known: a DCT known to the month (or year)
  // dates undated claims to that month (year), with that granularity,
  // not to an invented day.
  Granularity dct_granularity = Granularity::kDay;
  // The document's own outlet ("Asia Times"): appended last to every
  // claim's relay chain. Empty: none.
  std::string outlet;
  // The document's entities (ExtractEntities over the whole text) when the
  // caller has them already; otherwise they are extracted when needed.
  // Not owned; must outlive the call.
  const std::vector<Mention>* entities = nullptr;
};

// Claims in `text` in text order. `timexes` are the document's resolved
// temporal expressions (correlate/extract/timex.h), byte offsets into
// `text`; the ones inside a claim's sentence date it. Never fails: text
// with no recognizable claim gives an empty vector.
std::vector<Claim> ExtractClaims(std::string_view text, const std::vector<Timex>& timexes,
                                 const ClaimOptions& options);

// Splits a role phrase into role and organisation:
// "Director of Internet analysis at Dyn Research" -> {"Director of Internet analysis", "Dyn Research"},
// "the president of CloudFlare – an Internet security company" -> {"president", "CloudFlare"}.
// Returns false when the phrase does not start with a title or role word.
bool SplitRoleOrganisation(std::string_view phrase, std::string* role, std::string* organisation);

// Problems in the embedded claim lexicons: patterns that do not compile,
// rows with missing fields or unknown claim types, missing files. Empty when
// all is well (checked by the tests; the extractor skips bad rows).
std::vector<std::string> ClaimLexiconProblems();

}  // namespace corroborate::extract
