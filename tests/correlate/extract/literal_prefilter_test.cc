#include "correlate/extract/literal_prefilter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "correlate/extract/claims_lexicon.h"
#include "correlate/extract/sentences.h"

namespace corroborate::extract {
namespace {

RE2::Options CaseInsensitive() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_case_sensitive(false);
  return o;
}

std::vector<int> Candidates(const LiteralPrefilter& f, std::string_view text) {
  std::vector<int> out;
  f.Candidates(text, &out);
  return out;
}

TEST(LiteralPrefilterTest, APatternIsACandidateOnlyWithItsWords) {
  LiteralPrefilter f;
  f.Add(R"(\b(?:went|goes)\s+(?:down|offline)\b)", CaseInsensitive());
  f.Add(R"(\b(?:will|would)\s+(?:respond|retaliate)\b)", CaseInsensitive());
  f.Add(R"(\b(?:a|b)\b)", CaseInsensitive());  // no word of two bytes or more: everywhere
  f.Compile();
  EXPECT_EQ(Candidates(f, "The site went down on Monday."), (std::vector<int>{0, 2}));
  EXPECT_EQ(Candidates(f, "THE SITE WENT OFFLINE"), (std::vector<int>{0, 2}));
  EXPECT_EQ(Candidates(f, "They said they would respond."), (std::vector<int>{1, 2}));
  // "would" without "respond" or "retaliate", "down" without "went" or "goes".
  EXPECT_EQ(Candidates(f, "They would go down to the sea."), (std::vector<int>{2}));
  EXPECT_EQ(Candidates(f, ""), (std::vector<int>{2}));
}

TEST(LiteralPrefilterTest, KelvinSignAndLongSAreReadAsRe2FoldsThem) {
  // RE2 matches "k" and "s" case-insensitively against U+212A and U+017F
  // (which are no word characters for \b).
  const std::string pattern = R"(knocked\s+sites)";
  const std::string text = "It \xE2\x84\xAAnocked \xC5\xBFites offline.";
  ASSERT_TRUE(RE2::PartialMatch(text, RE2(pattern, CaseInsensitive())));
  LiteralPrefilter f;
  f.Add(pattern, CaseInsensitive());
  f.Compile();
  EXPECT_EQ(Candidates(f, text), (std::vector<int>{0}));
  EXPECT_TRUE(Candidates(f, "It knocked nothing offline.").empty());
}

// Every trigger pattern that matches a sentence must be a candidate there:
// the trigger lexicon over the seed articles and the tbaq texts (when the
// shared directory exists), and a few sentences written for its words.
TEST(LiteralPrefilterTest, NeverMissesATriggerMatch) {
  std::vector<std::string> texts = {
      "North Korea's Internet went dark and was back online after 9 hours.",
      "The ministry denied it had anything to do with it; hackers vowed to retaliate.",
      "Routes to its prefixes were withdrawn, said Dyn Research, which monitors the Internet.",
      "A distributed denial-of-service attack knocked state-run websites off-line nationwide.",
      "Mobile networks and 3G data were cut off across the country, a self-imposed shutdown.",
      "It’s as if a kill switch was pulled: the cable was severed, power outages hit.",
  };
  namespace fs = std::filesystem;
  fs::path shared = CORROBORATE_SHARED_DIR;
  std::error_code ec;
  for (fs::path dir : {shared / "seeds", shared / "corpora" / "timex" / "tbaq"}) {
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
      if (e.path().extension() != ".txt" && e.path().extension() != ".tml") continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      texts.push_back(s.str());
    }
  }
  LiteralPrefilter f;
  std::vector<std::unique_ptr<RE2>> patterns;
  for (const auto& row : ClaimLexiconRows("claim_triggers.tsv")) {
    if (row.size() < 4) continue;
    std::string full = "\\b(?:" + std::string(row[3]) + ")\\b";
    f.Add(full, CaseInsensitive());
    patterns.push_back(std::make_unique<RE2>(full, CaseInsensitive()));
  }
  f.Compile();
  ASSERT_GT(patterns.size(), 30u);
  std::size_t matches = 0;
  for (const std::string& text : texts) {
    for (const SentenceSpan& s : SplitSentences(text)) {
      std::string_view sentence = std::string_view(text).substr(s.begin, s.end - s.begin);
      std::vector<int> candidates = Candidates(f, sentence);
      for (std::size_t p = 0; p < patterns.size(); ++p) {
        if (!RE2::PartialMatch(sentence, *patterns[p])) continue;
        ++matches;
        EXPECT_TRUE(std::find(candidates.begin(), candidates.end(), static_cast<int>(p)) != candidates.end())
            << "pattern " << p << " matches but is no candidate in: " << sentence;
      }
    }
  }
  EXPECT_GT(matches, 20u);
}

}  // namespace
}  // namespace corroborate::extract
