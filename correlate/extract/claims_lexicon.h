// Reads the claim extractor's embedded TSV lexicons (lexicons/claim_*.tsv,
// lexicons/gazetteer_*.tsv), compiled into the binary by cmake/Embed.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace corroborate::extract {

// The rows of the embedded file `basename`, read by ReadTsv (core/tsv.h):
// fields split on tabs and trimmed, blank and '#' lines skipped. The views point into static data.
// Returns no rows when the file is not embedded (a build error, caught by tests).
std::vector<std::vector<std::string_view>> ClaimLexiconRows(std::string_view basename);

// Splits `s` on `sep` (no trimming, empty fields dropped).
std::vector<std::string_view> SplitField(std::string_view s, char sep);

}  // namespace corroborate::extract
