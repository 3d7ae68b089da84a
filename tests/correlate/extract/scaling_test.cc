// The extractor's work and output grow linearly with the document (issue 17,
// failure 5: 1 MB took 2.8 s, 2 MB 11.5 s, 5 MB 235 s). These are complexity
// tests, not speed goals: each compares the same text at two sizes, four
// times apart, and fails when the larger takes (or yields) more than about
// five times the smaller. Times are this thread's CPU time, the best of a few
// runs, so other work on the machine does not count.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "correlate/extract/claims.h"
#include "correlate/extract/timex.h"

namespace corroborate::extract {
namespace {

constexpr double kMaxRatio = 5.0;

// Fictional news about an outage, with quotes (one running over two
// paragraphs), a [quote] shortcode without its closing tag, a
// <blockquote>, timexes, entities and claims of every family.
std::string NewsText() {
  std::ifstream in(std::string(CORROBORATE_SOURCE_DIR) + "/tests/data/extract/outage_news.txt",
                   std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `unit` repeated to `bytes`, each copy followed by `separator`.
std::string Repeat(const std::string& unit, const std::string& separator, std::size_t bytes) {
  std::string out;
  out.reserve(bytes + unit.size() + separator.size());
  while (out.size() < bytes) out += unit + separator;
  out.resize(bytes);
  return out;
}

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::vector<Claim> Extract(const std::string& text) {
  TimexContext ctx;
  ctx.dct = 1419267600;  // 2014-12-22T17:00:00Z
  ClaimOptions options;
  options.dct = ctx.dct;
  return ExtractClaims(text, ExtractTimexes(text, ctx), options);
}

// The lowest CPU time of `runs` extractions of `text`.
double BestSeconds(const std::string& text, int runs) {
  double best = 1e300;
  for (int i = 0; i < runs; ++i) {
    double start = ThreadCpuSeconds();
    std::vector<Claim> claims = Extract(text);
    best = std::min(best, ThreadCpuSeconds() - start);
  }
  return best;
}

// Bytes the claims hold: sentences, quotes and mention texts.
std::size_t ClaimBytes(const std::vector<Claim>& claims) {
  std::size_t bytes = 0;
  for (const Claim& c : claims) {
    bytes += c.sentence.size() + c.quote.size();
    for (const Mention& m : c.mentions) bytes += m.text.size();
  }
  return bytes;
}

TEST(ExtractScalingTest, FourTimesTheNewsTakesAboutFourTimesTheTime) {
  const std::string unit = NewsText();
  ASSERT_GT(unit.size(), 2000u);
  ASSERT_FALSE(Extract(unit).empty());  // and the patterns are compiled
  const std::string small = Repeat(unit, "\n\n", 1 << 20);
  const std::string large = Repeat(unit, "\n\n", 4 << 20);
  const double t_small = BestSeconds(small, 3);
  const double t_large = BestSeconds(large, 3);
  RecordProperty("seconds_1mb", std::to_string(t_small));
  RecordProperty("seconds_4mb", std::to_string(t_large));
  EXPECT_LE(t_large / t_small, kMaxRatio) << "1 MB: " << t_small << " s, 4 MB: " << t_large << " s";
}

// Without paragraph breaks (a feed item flattened to one line) a quote or
// a markup quote left open runs on: no claim may copy all of it.
TEST(ExtractScalingTest, ClaimsOfTextWithoutParagraphsGrowLinearly) {
  std::string unit = NewsText();
  std::replace(unit.begin(), unit.end(), '\n', ' ');
  const std::string small = Repeat(unit, " ", 64 << 10);
  const std::string large = Repeat(unit, " ", 256 << 10);
  const std::vector<Claim> small_claims = Extract(small);
  const std::vector<Claim> large_claims = Extract(large);
  ASSERT_FALSE(small_claims.empty());
  const double ratio =
      static_cast<double>(ClaimBytes(large_claims)) / static_cast<double>(ClaimBytes(small_claims));
  EXPECT_LE(ratio, kMaxRatio) << "64 KB: " << ClaimBytes(small_claims) << " bytes in "
                              << small_claims.size()
                              << " claims, 256 KB: " << ClaimBytes(large_claims) << " bytes in "
                              << large_claims.size();
  EXPECT_LE(static_cast<double>(large_claims.size()) / static_cast<double>(small_claims.size()),
            kMaxRatio);
}

// Text with no sentence end at all: its sentences are cut, so no claim
// copies the whole text however many durations it names.
TEST(ExtractScalingTest, ClaimsOfTextWithoutSentenceEndsGrowLinearly) {
  const std::string unit = "the Internet in Ruritania was down for 9 hours and 30 minutes";
  const std::string small = Repeat(unit, " and ", 64 << 10);
  const std::string large = Repeat(unit, " and ", 256 << 10);
  const std::vector<Claim> small_claims = Extract(small);
  const std::vector<Claim> large_claims = Extract(large);
  ASSERT_FALSE(small_claims.empty());
  const double ratio =
      static_cast<double>(ClaimBytes(large_claims)) / static_cast<double>(ClaimBytes(small_claims));
  EXPECT_LE(ratio, kMaxRatio) << "64 KB: " << ClaimBytes(small_claims)
                              << " bytes, 256 KB: " << ClaimBytes(large_claims) << " bytes";
}

// Markup quote tags without closing tags, one after another; and opening
// tags that run on to one close at the end of the text.
TEST(ExtractScalingTest, UnclosedMarkupGrowsLinearly) {
  struct Case {
    std::string unit, tail;
  };
  for (const Case& c :
       {Case{"[quote author=\"John Roe\"]The Internet in Ruritania went down on Monday. ", ""},
        Case{"<blockquote data-author=\"John Roe\">The Internet in Ruritania went down on Monday. ",
             ""},
        Case{"[quote author=\"John Roe\" ", "]"},
        Case{"<blockquote data-author=\"John Roe\" ", ">"}}) {
    const std::string small = Repeat(c.unit, "", 32 << 10) + c.tail;
    const std::string large = Repeat(c.unit, "", 128 << 10) + c.tail;
    Extract(small);
    const double t_small =
        BestSeconds(small, 3) + 1e-3;  // a millisecond for the clock's granularity
    const double t_large = BestSeconds(large, 3);
    EXPECT_LE(t_large / t_small, kMaxRatio)
        << c.unit << ": 32 KB " << t_small << " s, 128 KB " << t_large << " s";
    const std::vector<Claim> small_claims = Extract(small);
    const std::vector<Claim> large_claims = Extract(large);
    if (!small_claims.empty()) {
      EXPECT_LE(static_cast<double>(ClaimBytes(large_claims)) /
                    static_cast<double>(ClaimBytes(small_claims)),
                kMaxRatio)
          << c.unit;
    }
  }
}

}  // namespace
}  // namespace corroborate::extract
