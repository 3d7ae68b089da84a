// Acceptance: the claims extractor on the two seed articles in
// ../shared/seeds (North Korea's Internet outage of December 2014).
// The whole extractor runs: ExtractTimexes against the DCT, then
// ExtractClaims with those timexes; and the CLI end to end.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/claim.h"
#include "core/time.h"
#include "core/timex.h"
#include "correlate/extract/claims.h"
#include "correlate/extract/timex.h"

namespace corroborate::extract {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> SeedPaths() {
  std::vector<std::string> paths;
  fs::path dir = fs::path(CORROBORATE_SHARED_DIR) / "seeds";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return paths;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".txt") paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Instant At(int y, int m, int d, int h = 0, int min = 0) { return ToInstant(CivilTime{{y, m, d}, h, min, 0}); }

// The seed's claims through the real pipeline: timexes resolved against the
// DCT, then the claims extractor dating its claims by them.
std::vector<Claim> Extract(const std::string& text, const std::string& dct_value) {
  std::optional<TimexContext> ctx = ParseDct(dct_value);
  EXPECT_TRUE(ctx.has_value()) << dct_value;
  if (!ctx) return {};
  std::vector<Timex> timexes = ExtractTimexes(text, *ctx);
  ClaimOptions options;
  options.dct = ctx->dct;
  options.dct_utc_offset = ctx->utc_offset;
  return ExtractClaims(text, timexes, options);
}

bool HasCue(const Claim& c, std::string_view part) {
  return std::any_of(c.cues.begin(), c.cues.end(),
                     [&](const std::string& w) { return w.find(part) != std::string::npos; });
}

bool Via(const Claim& c, std::string_view outlet) {
  return std::find(c.attribution.via.begin(), c.attribution.via.end(), outlet) != c.attribution.via.end();
}

template <class Pred>
const Claim* FindClaim(const std::vector<Claim>& claims, Pred pred) {
  for (const Claim& c : claims) {
    if (pred(c)) return &c;
  }
  return nullptr;
}

class SeedClaimsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    paths_ = SeedPaths();
    if (paths_.size() < 2) {
      GTEST_SKIP() << "seed articles not found in " << CORROBORATE_SHARED_DIR << "/seeds; skipping";
    }
  }
  std::vector<std::string> paths_;
};

// First seed: DCT 2014-12-22, US Eastern (UTC-5).
TEST_F(SeedClaimsTest, FirstSeed) {
  const std::string text = Read(paths_[0]);
  const Instant day_start = At(2014, 12, 22, 5);  // 2014-12-22T00:00-05:00
  const std::vector<Claim> claims = Extract(text, "2014-12-22T12:00-05:00");

  // The outage duration of 9 h 30 min about North Korea, on 2014-12-22.
  const Claim* duration = FindClaim(claims, [](const Claim& c) { return c.type == ClaimType::kOutageDuration; });
  ASSERT_NE(duration, nullptr);
  EXPECT_EQ(duration->duration_seconds, 34200);
  EXPECT_EQ(duration->subject, "country:KP");
  ASSERT_TRUE(duration->time.has_value());
  EXPECT_EQ(duration->time->start, day_start);
  EXPECT_EQ(duration->time->granularity, Granularity::kDay);
  EXPECT_TRUE(std::any_of(duration->mentions.begin(), duration->mentions.end(),
                          [](const Mention& m) { return m.id == "country:KP"; }));

  // The Dyn Research analyst's quote, read as a hedged attack claim.
  const Claim* analyst = FindClaim(claims, [](const Claim& c) {
    return c.type == ClaimType::kCauseAssertion && c.attribution.speaker == "Doug Madory";
  });
  ASSERT_NE(analyst, nullptr);
  EXPECT_EQ(analyst->attribution.role, "Director of Internet analysis");
  EXPECT_EQ(analyst->attribution.organisation, "Dyn Research");
  EXPECT_TRUE(analyst->direct_quote);
  EXPECT_EQ(analyst->cause, "cyberattack");
  EXPECT_GT(analyst->certainty, 0.0);
  EXPECT_LT(analyst->certainty, 0.5);
  EXPECT_TRUE(HasCue(*analyst, "surprised"));
  // ... who also reports what Dyn measured.
  EXPECT_NE(FindClaim(claims, [](const Claim& c) {
              return c.type == ClaimType::kMeasurementReport && c.attribution.organisation == "Dyn Research";
            }),
            nullptr);

  // The hedged denial-of-service cause assertion.
  const Claim* dos = FindClaim(claims, [](const Claim& c) {
    return c.type == ClaimType::kCauseAssertion && HasCue(c, "denial-of-service");
  });
  ASSERT_NE(dos, nullptr);
  EXPECT_EQ(dos->cause, "cyberattack");
  EXPECT_TRUE(HasCue(*dos, "believed"));
  EXPECT_LT(dos->certainty, 0.85);
  EXPECT_GT(dos->certainty, 0.5);

  // The self-imposed shutdown possibility relayed from the Los Angeles Times.
  const Claim* self = FindClaim(claims, [](const Claim& c) {
    return c.type == ClaimType::kCauseAssertion && c.cause == "government_directed";
  });
  ASSERT_NE(self, nullptr);
  EXPECT_EQ(self->actor, "own_government");
  EXPECT_TRUE(Via(*self, "Los Angeles Times"));
  EXPECT_LT(self->certainty, 0.5);
  EXPECT_TRUE(HasCue(*self, "possible"));

  // The hacking group's tweet, relayed via ABC News, dated to the week before.
  const Claim* tweet = FindClaim(claims, [](const Claim& c) { return c.type == ClaimType::kThreat && c.direct_quote; });
  ASSERT_NE(tweet, nullptr);
  EXPECT_TRUE(Via(*tweet, "ABC News"));
  EXPECT_EQ(tweet->attribution.speaker, "a Twitter handle");
  EXPECT_EQ(tweet->attribution.represents, "Anonymous");
  EXPECT_EQ(tweet->actor, "hacktivist");
  ASSERT_TRUE(tweet->time.has_value());
  EXPECT_EQ(tweet->time->start, day_start - 7 * kDay);
  EXPECT_EQ(tweet->time->end, day_start);

  // The US vow of a response, dated before the outage (within the week before).
  const Claim* vow = FindClaim(claims, [](const Claim& c) {
    return c.type == ClaimType::kThreat && c.actor == "foreign_state:US";
  });
  ASSERT_NE(vow, nullptr);
  ASSERT_TRUE(vow->time.has_value());
  EXPECT_LE(vow->time->end, day_start);
  EXPECT_GE(vow->time->start, day_start - 7 * kDay);
}

// Second seed: DCT 2014-12-23.
TEST_F(SeedClaimsTest, SecondSeed) {
  const std::string text = Read(paths_[1]);
  const std::vector<Claim> claims = Extract(text, "2014-12-23");

  // The CloudFlare president's "routes disappeared" scope claim.
  const Claim* scope = FindClaim(claims, [](const Claim& c) {
    return c.type == ClaimType::kOutageScope && c.scope == "all_routes";
  });
  ASSERT_NE(scope, nullptr);
  EXPECT_EQ(scope->attribution.speaker, "Matthew Prince");
  EXPECT_EQ(scope->attribution.role, "president");
  EXPECT_EQ(scope->attribution.organisation, "CloudFlare");
  EXPECT_TRUE(scope->direct_quote);
  EXPECT_EQ(scope->subject, "country:KP");

  // The "very unlikely" US-attack assertion.
  const Claim* us = FindClaim(claims, [](const Claim& c) {
    return c.type == ClaimType::kCauseAssertion && c.actor == "foreign_state:US";
  });
  ASSERT_NE(us, nullptr);
  EXPECT_EQ(us->cause, "cyberattack");
  EXPECT_LT(us->certainty, 0.2);
  EXPECT_TRUE(HasCue(*us, "very unlikely"));
  EXPECT_EQ(us->subject, "country:KP");

  // North Korea's denial.
  const Claim* denial = FindClaim(claims, [](const Claim& c) {
    return c.type == ClaimType::kDenial && c.sentence.find("involvement") != std::string::npos;
  });
  ASSERT_NE(denial, nullptr);
  EXPECT_EQ(denial->attribution.speaker, "North Korea");
  EXPECT_EQ(denial->subject, "country:KP");

  // The outage being over ("back on") on 2014-12-23, per a monitoring firm.
  const Claim* back = FindClaim(claims, [](const Claim& c) {
    return c.type == ClaimType::kOutageEnd && HasCue(c, "back on");
  });
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back->state, "up");
  EXPECT_EQ(back->subject, "country:KP");
  EXPECT_EQ(back->attribution.speaker, "Dyn Research");
  ASSERT_TRUE(back->time.has_value());
  EXPECT_EQ(back->time->start, At(2014, 12, 23));
  EXPECT_EQ(back->time->end, At(2014, 12, 24));
  EXPECT_NE(FindClaim(claims, [](const Claim& c) {
              return c.type == ClaimType::kMeasurementReport && c.attribution.speaker == "Dyn Research";
            }),
            nullptr);
}

// The CLI end to end on the first seed: `corroborate extract claims --dct
// ... SEED` prints the outage duration claim with its 34200 seconds.
TEST_F(SeedClaimsTest, CliFirstSeed) {
  const std::string cmd =
      std::string(CORROBORATE_BIN) + " extract claims --dct 2014-12-22T12:00-05:00 '" + paths_[0] + "'";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = pclose(p);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0) << out;
  const nlohmann::json doc = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << out;
  EXPECT_EQ(doc["path"], paths_[0]);
  ASSERT_TRUE(doc["claims"].is_array());
  const nlohmann::json* duration = nullptr;
  for (const nlohmann::json& c : doc["claims"]) {
    if (c["type"] == "outage_duration") duration = &c;
  }
  ASSERT_NE(duration, nullptr) << out;
  EXPECT_EQ((*duration)["duration"]["seconds"], 34200);
  EXPECT_EQ((*duration)["duration"]["text"], "9 hours and 30 minutes");
  EXPECT_EQ((*duration)["subject"], "country:KP");
  EXPECT_EQ((*duration)["time"]["start"], "2014-12-22T05:00:00Z");
}

}  // namespace
}  // namespace corroborate::extract
