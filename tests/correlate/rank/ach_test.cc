#include "correlate/rank/ach.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace corroborate::correlate {
namespace {

const Hypothesis& Find(const std::vector<Hypothesis>& hs, const std::string& id) {
  auto it = std::find_if(hs.begin(), hs.end(), [&](const Hypothesis& h) { return h.id == id; });
  EXPECT_NE(it, hs.end()) << id;
  return *it;
}

size_t IndexOf(const std::vector<Hypothesis>& hs, const std::string& id) {
  return static_cast<size_t>(std::find_if(hs.begin(), hs.end(), [&](const Hypothesis& h) { return h.id == id; }) -
                             hs.begin());
}

const RankedHypothesis& Ranked(const Assessment& a, const std::string& id) {
  auto it = std::find_if(a.ranking.begin(), a.ranking.end(),
                         [&](const RankedHypothesis& r) { return r.hypothesis.id == id; });
  EXPECT_NE(it, a.ranking.end()) << id;
  return *it;
}

TEST(TaxonomyTest, DefaultLoadsAndExtends) {
  const Taxonomy& t = DefaultTaxonomy();
  ASSERT_GE(t.hypotheses.size(), 7u);
  EXPECT_EQ(Find(t.hypotheses, "self_shutdown").cause, "government_directed");
  EXPECT_EQ(Find(t.hypotheses, "state_cyberattack").stix_actor_type, "nation-state");
  EXPECT_FALSE(t.signatures.empty());

  auto more = ExtendTaxonomy(t,
                             "# mine\n"
                             "bgp_hijack\tbgp_hijack\tforeign_network\t\tRoutes hijacked by another network\n"
                             "signature\tpartial_loss\tbgp_hijack\tC\thijacks take some prefixes\n",
                             "mine.tsv");
  ASSERT_TRUE(more) << more.error().message;
  EXPECT_EQ(more->hypotheses.size(), t.hypotheses.size() + 1);
  auto bad = ExtendTaxonomy(t, "signature\tx\ty\tMAYBE\n", "bad.tsv");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "bad.tsv:1: bad rating 'MAYBE'");
  EXPECT_FALSE(ExtendTaxonomy(t, "only\ttwo\n", "bad.tsv"));
}

TEST(InstantiateTest, NamedForeignStatesGetTheirOwnHypothesis) {
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {"foreign_state:US", "foreign_state:CN", "hacktivist"});
  EXPECT_EQ(Find(hs, "state_cyberattack:US").actor, "foreign_state:US");
  EXPECT_EQ(Find(hs, "state_cyberattack:CN").label, "Cyberattack by a foreign state (CN)");
  EXPECT_EQ(std::count_if(hs.begin(), hs.end(), [](const Hypothesis& h) { return h.id == "state_cyberattack"; }), 0);
  EXPECT_EQ(Find(hs, "ddos_hacktivist").actor, "hacktivist");
}

TEST(RateClaimTest, HedgedAssertionSupportsItsCauseOnly) {
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {"foreign_state:US"});
  ClaimEvidence c{"claim:1", "believed to be a DDoS attack", "outlet", "cause_assertion", "cyberattack", "",
                  0.35, false, 'C', "", false};
  EvidenceRow row = RateClaim(c, hs);
  EXPECT_EQ(row.ratings[IndexOf(hs, "ddos_hacktivist")], Rating::kConsistent);
  EXPECT_EQ(row.ratings[IndexOf(hs, "state_cyberattack:US")], Rating::kConsistent);  // actor unspecified
  EXPECT_EQ(row.ratings[IndexOf(hs, "self_shutdown")], Rating::kNeutral);  // hedged: refutes nothing
  EXPECT_NEAR(row.relevance, 1 / std::sqrt(2.0), 1e-9);
  EXPECT_DOUBLE_EQ(row.credibility, 1.0);
}

TEST(RateClaimTest, FirmAssertionIsInconsistentWithOtherCauses) {
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {});
  ClaimEvidence c{"claim:2", "the government ordered the shutdown", "ministry", "cause_assertion",
                  "government_directed", "own_government", 0.95, false, 'A', "", false};
  EvidenceRow row = RateClaim(c, hs);
  EXPECT_EQ(row.ratings[IndexOf(hs, "self_shutdown")], Rating::kVeryConsistent);
  EXPECT_EQ(row.ratings[IndexOf(hs, "power_outage")], Rating::kInconsistent);
  EXPECT_NEAR(row.credibility * row.relevance, 2.0, 1e-9);  // H x H
}

TEST(RateClaimTest, VeryUnlikelyAndDenialAndThreat) {
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {"foreign_state:US"});
  size_t us = IndexOf(hs, "state_cyberattack:US");
  ClaimEvidence unlikely{"claim:3", "an attack by the US seems very unlikely", "outlet", "cause_assertion",
                         "cyberattack", "foreign_state:US", 0.1, false, 'C', "", false};
  EvidenceRow row = RateClaim(unlikely, hs);
  EXPECT_EQ(row.ratings[us], Rating::kInconsistent);
  EXPECT_EQ(row.ratings[IndexOf(hs, "ddos_hacktivist")], Rating::kNeutral);  // other actor

  ClaimEvidence denial{"claim:4", "the US denied involvement", "US", "denial", "", "foreign_state:US",
                       0.5, false, 'C', "", false};
  row = RateClaim(denial, hs);
  EXPECT_EQ(row.ratings[us], Rating::kInconsistent);
  EXPECT_NEAR(row.relevance, 1 / std::sqrt(2.0), 1e-9);

  ClaimEvidence vow{"claim:5", "the US vowed a response", "US", "threat", "", "foreign_state:US",
                    0.9, false, 'C', "", true};
  EXPECT_EQ(RateClaim(vow, hs).ratings[us], Rating::kConsistent);
  vow.precedes_incident = false;
  EXPECT_EQ(RateClaim(vow, hs).ratings[us], Rating::kNeutral);
}

TEST(RankTest, LeastInconsistencyLeadsAndSensitivityAndConfidence) {
  // Three hypotheses, three rows: hand-computed.
  std::vector<Hypothesis> hs = {{"a", "cyberattack", "hacktivist", "A", ""},
                                {"b", "power_outage", "none", "B", ""},
                                {"c", "cable_cut", "none", "C", ""}};
  auto row = [&](std::string id, std::vector<Rating> r, double w, std::string group = "") {
    EvidenceRow e;
    e.id = id;
    e.kind = "claim";
    e.ratings = r;
    e.credibility = w;
    e.relevance = 1;
    e.independence_group = group.empty() ? id : group;
    return e;
  };
  using R = Rating;
  std::vector<EvidenceRow> rows = {
      row("r1", {R::kConsistent, R::kInconsistent, R::kInconsistent}, 1),
      row("r2", {R::kNeutral, R::kNeutral, R::kVeryInconsistent}, 1),
      row("r3", {R::kInconsistent, R::kConsistent, R::kNeutral}, 0.5),
  };
  Assessment a = Rank("country:KP", hs, rows);
  // inconsistency: a = -0.5, b = -1, c = -1 - 2 = -3.
  ASSERT_EQ(a.ranking.size(), 3u);
  EXPECT_EQ(a.ranking[0].hypothesis.id, "a");
  EXPECT_DOUBLE_EQ(a.ranking[0].inconsistency, -0.5);
  EXPECT_DOUBLE_EQ(Ranked(a, "b").inconsistency, -1);
  EXPECT_DOUBLE_EQ(Ranked(a, "c").inconsistency, -3);
  EXPECT_EQ(Ranked(a, "c").rank, 3);
  // Without r1, a = -0.5 and b = 0: b would lead. Without r3, a still leads.
  EXPECT_EQ(a.sensitive_rows, std::vector<std::string>{"r1"});
  // r2 separates only c: diagnosticity (0 - -2)/4 * 1 = 0.5; r1: (1 - -1)/4 = 0.5.
  EXPECT_DOUBLE_EQ(a.evidence[1].diagnosticity, 0.5);
  // Probabilities sum to one; support a = 1 - 0.5 = 0.5, b = -1 + 0.5 = -0.5, c = -3.
  double sum = 0;
  for (const auto& r : a.ranking) sum += r.probability;
  EXPECT_NEAR(sum, 1.0, 1e-9);
  // Softmax at temperature 2 over support differences 0, -1, -3.5.
  EXPECT_NEAR(Ranked(a, "a").probability, 1 / (1 + std::exp(-0.5) + std::exp(-1.75)), 1e-9);
  EXPECT_EQ(a.confidence, "low");  // hedged: no firm credible support; sensitive row
}

TEST(RankTest, IndependenceGroupsCountOnce) {
  std::vector<Hypothesis> hs = {{"a", "x", "none", "A", ""}, {"b", "y", "none", "B", ""}};
  EvidenceRow r1;
  r1.id = "copy1";
  r1.ratings = {Rating::kInconsistent, Rating::kNeutral};
  r1.independence_group = "wire";
  EvidenceRow r2 = r1;
  r2.id = "copy2";
  EvidenceRow r3;
  r3.id = "other";
  r3.ratings = {Rating::kNeutral, Rating::kInconsistent};
  r3.credibility = 1.2;
  r3.independence_group = "other";
  Assessment a = Rank("x", hs, {r1, r2, r3});
  // Two syndicated copies weigh 1 in all (-1 for a); "other" weighs 1.2 against b.
  EXPECT_EQ(a.ranking[0].hypothesis.id, "a");
  EXPECT_DOUBLE_EQ(a.ranking[0].inconsistency, -1.0);
}

TEST(LikelihoodTest, Icd203Bands) {
  EXPECT_EQ(LikelihoodTerm(0.01), "almost no chance");
  EXPECT_EQ(LikelihoodTerm(0.10), "very unlikely");
  EXPECT_EQ(LikelihoodTerm(0.30), "unlikely");
  EXPECT_EQ(LikelihoodTerm(0.50), "roughly even chance");
  EXPECT_EQ(LikelihoodTerm(0.70), "likely");
  EXPECT_EQ(LikelihoodTerm(0.90), "very likely");
  EXPECT_EQ(LikelihoodTerm(0.99), "almost certain");
}

TEST(RateSignatureTest, UsesTaxonomyTable) {
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {"foreign_state:US"});
  EvidenceRow row = RateSignature(DefaultTaxonomy(), "no_prior_instability", "none before", hs);
  EXPECT_EQ(row.ratings[IndexOf(hs, "ddos_hacktivist")], Rating::kInconsistent);
  EXPECT_EQ(row.ratings[IndexOf(hs, "self_shutdown")], Rating::kConsistent);
  EXPECT_EQ(row.ratings[IndexOf(hs, "state_cyberattack:US")], Rating::kNeutral);
  EXPECT_EQ(row.kind, "measurement");
}

}  // namespace
}  // namespace corroborate::correlate
