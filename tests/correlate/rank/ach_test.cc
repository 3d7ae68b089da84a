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
  return static_cast<size_t>(
      std::find_if(hs.begin(), hs.end(), [&](const Hypothesis& h) { return h.id == id; }) -
      hs.begin());
}

const RankedHypothesis& Ranked(const Assessment& a, const std::string& id) {
  auto it = std::find_if(a.ranking.begin(), a.ranking.end(),
                         [&](const RankedHypothesis& r) { return r.hypothesis.id == id; });
  EXPECT_NE(it, a.ranking.end()) << id;
  return *it;
}

std::string fmt_id(int i) { return "claim:" + std::to_string(i); }

TEST(TaxonomyTest, DefaultLoadsAndExtends) {
  const Taxonomy& t = DefaultTaxonomy();
  ASSERT_GE(t.hypotheses.size(), 7u);
  EXPECT_EQ(Find(t.hypotheses, "self_shutdown").cause, "government_directed");
  EXPECT_EQ(Find(t.hypotheses, "state_cyberattack").stix_actor_type, "nation-state");
  EXPECT_FALSE(t.signatures.empty());

  auto more = ExtendTaxonomy(
      t,
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
  auto hs = InstantiateHypotheses(DefaultTaxonomy(),
                                  {"foreign_state:US", "foreign_state:CN", "hacktivist"});
  EXPECT_EQ(Find(hs, "state_cyberattack:US").actor, "foreign_state:US");
  EXPECT_EQ(Find(hs, "state_cyberattack:CN").label, "Cyberattack by a foreign state (CN)");
  EXPECT_EQ(std::count_if(hs.begin(), hs.end(),
                          [](const Hypothesis& h) { return h.id == "state_cyberattack"; }),
            0);
  EXPECT_EQ(Find(hs, "ddos_hacktivist").actor, "hacktivist");
}

TEST(RateClaimTest, HedgedAssertionSupportsItsCauseOnly) {
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {"foreign_state:US"});
  ClaimEvidence c{"claim:1",     "believed to be a DDoS attack",
                  "outlet",      "cause_assertion",
                  "cyberattack", "",
                  0.35,          false,
                  'C',           "",
                  false};
  EvidenceRow row = RateClaim(c, hs);
  EXPECT_EQ(row.ratings[IndexOf(hs, "ddos_hacktivist")], Rating::kConsistent);
  EXPECT_EQ(row.ratings[IndexOf(hs, "state_cyberattack:US")],
            Rating::kConsistent);  // actor unspecified
  EXPECT_EQ(row.ratings[IndexOf(hs, "self_shutdown")],
            Rating::kNeutral);  // hedged: refutes nothing
  EXPECT_NEAR(row.relevance, 1 / std::sqrt(2.0), 1e-9);
  EXPECT_DOUBLE_EQ(row.credibility, 1.0);
}

TEST(RateClaimTest, FirmAssertionIsInconsistentWithOtherCauses) {
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {});
  ClaimEvidence c{"claim:2",
                  "the government ordered the shutdown",
                  "ministry",
                  "cause_assertion",
                  "government_directed",
                  "own_government",
                  0.95,
                  false,
                  'A',
                  "",
                  false};
  EvidenceRow row = RateClaim(c, hs);
  EXPECT_EQ(row.ratings[IndexOf(hs, "self_shutdown")], Rating::kVeryConsistent);
  EXPECT_EQ(row.ratings[IndexOf(hs, "power_outage")], Rating::kInconsistent);
  EXPECT_NEAR(row.credibility * row.relevance, 2.0, 1e-9);  // H x H
}

TEST(RateClaimTest, VeryUnlikelyAndDenialAndThreat) {
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {"foreign_state:US"});
  size_t us = IndexOf(hs, "state_cyberattack:US");
  ClaimEvidence unlikely{"claim:3",     "an attack by the US seems very unlikely",
                         "outlet",      "cause_assertion",
                         "cyberattack", "foreign_state:US",
                         0.1,           false,
                         'C',           "",
                         false};
  EvidenceRow row = RateClaim(unlikely, hs);
  EXPECT_EQ(row.ratings[us], Rating::kInconsistent);
  EXPECT_EQ(row.ratings[IndexOf(hs, "ddos_hacktivist")], Rating::kNeutral);  // other actor

  ClaimEvidence denial{"claim:4", "the US denied involvement",
                       "US",      "denial",
                       "",        "foreign_state:US",
                       0.5,       false,
                       'C',       "",
                       false};
  row = RateClaim(denial, hs);
  EXPECT_EQ(row.ratings[us], Rating::kInconsistent);
  EXPECT_NEAR(row.relevance, 1 / std::sqrt(2.0), 1e-9);

  ClaimEvidence vow{"claim:5", "the US vowed a response",
                    "US",      "threat",
                    "",        "foreign_state:US",
                    0.9,       false,
                    'C',       "",
                    true};
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
  // Equal priors: softmax of kEvidenceWeight x support over differences 0, -1, -3.5.
  auto w = [](double support) {
    return std::exp(kEvidenceWeight * kSupportCap * std::tanh(support / kSupportCap));
  };
  EXPECT_NEAR(Ranked(a, "a").probability, w(0.5) / (w(0.5) + w(-0.5) + w(-3)), 1e-9);
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

// The cause vocabulary of ../shared/corpora/events/FORMAT.md, "unknown" aside.
const std::vector<std::string> kCauses = {
    "government_directed", "cyberattack",     "technical_problem", "maintenance", "power_outage",
    "cable_cut",           "military_action", "natural_disaster",  "weather",     "fire",
    "upstream_cutoff"};

TEST(TaxonomyTest, EveryCauseHasAHypothesisAndPriorsSumToOnePerScope) {
  const Taxonomy& t = DefaultTaxonomy();
  for (const std::string& cause : kCauses) {
    EXPECT_TRUE(std::any_of(t.hypotheses.begin(), t.hypotheses.end(), [&](const Hypothesis& h) {
      return h.cause == cause;
    })) << cause;
    EXPECT_TRUE(std::any_of(t.priors.begin(), t.priors.end(), [&](const CausePrior& p) {
      return p.cause == cause;
    })) << cause;
  }
  double country = 0, network = 0;
  for (const CausePrior& p : t.priors) {
    country += p.country;
    network += p.network;
  }
  EXPECT_NEAR(country, 1.0, 1e-9);
  EXPECT_NEAR(network, 1.0, 1e-9);
  // The two cyberattack hypotheses share the cause's prior; the priors of
  // the hypotheses sum to one.
  auto hs = InstantiateHypotheses(t, {});
  auto priors = HypothesisPriors(t, hs, Scope::kCountry);
  double sum = 0;
  for (double p : priors) sum += p;
  EXPECT_NEAR(sum, 1.0, 1e-9);
  EXPECT_DOUBLE_EQ(priors[IndexOf(hs, "ddos_hacktivist")],
                   priors[IndexOf(hs, "state_cyberattack")]);
  EXPECT_NEAR(priors[IndexOf(hs, "ddos_hacktivist")] + priors[IndexOf(hs, "state_cyberattack")],
              0.03, 1e-9);
  // A prior line from a user file replaces the built-in one; a bad one is refused with its line.
  auto more = ExtendTaxonomy(t, "prior\tfire\t0.5\t0.5\tpower_outage\n", "mine.tsv");
  ASSERT_TRUE(more);
  auto fire = std::find_if(more->priors.begin(), more->priors.end(),
                           [](const CausePrior& p) { return p.cause == "fire"; });
  EXPECT_DOUBLE_EQ(fire->country, 0.5);
  auto bad = ExtendTaxonomy(t, "\nprior\tfire\tmuch\t0.1\n", "bad.tsv");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.substr(0, 10), "bad.tsv:2:");
}

TEST(PriorTest, ScopeChangesTheMostCommonCause) {
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {});
  EXPECT_EQ(ScopeOf("country:IR"), Scope::kCountry);
  EXPECT_EQ(ScopeOf("asn:4804"), Scope::kNetwork);
  EXPECT_EQ(ScopeOf("prefix:10.0.0.0/8"), Scope::kNetwork);
  auto country = HypothesisPriors(DefaultTaxonomy(), hs, Scope::kCountry);
  auto network = HypothesisPriors(DefaultTaxonomy(), hs, Scope::kNetwork);
  auto argmax = [&](const std::vector<double>& v) {
    return hs[static_cast<size_t>(std::max_element(v.begin(), v.end()) - v.begin())].id;
  };
  EXPECT_EQ(argmax(country), "self_shutdown");
  EXPECT_EQ(argmax(network), "technical_failure");
}

TEST(RankTest, NoEvidenceNamesNoLeader) {
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {});
  Assessment a =
      Rank("country:IR", hs, {}, HypothesisPriors(DefaultTaxonomy(), hs, Scope::kCountry));
  EXPECT_FALSE(a.has_evidence);
  EXPECT_EQ(a.leader, "");
  EXPECT_EQ(a.leading_cause, "");
  EXPECT_EQ(a.confidence, "low");
  // The ranking is the base rates.
  EXPECT_EQ(a.ranking[0].hypothesis.id, "self_shutdown");
  EXPECT_NEAR(a.ranking[0].probability, 0.40, 1e-9);
  EXPECT_NEAR(a.ranking[0].prior, 0.40, 1e-9);
}

EvidenceRow MatrixRow(std::string id, std::vector<Rating> ratings, double credibility = 1,
                      double relevance = 1, std::string group = "") {
  EvidenceRow e;
  e.id = id;
  e.kind = "claim";
  e.ratings = std::move(ratings);
  e.credibility = credibility;
  e.relevance = relevance;
  e.independence_group = group.empty() ? id : group;
  return e;
}

TEST(RankTest, PriorTimesEvidenceHandComputed) {
  // Priors 0.5, 0.3, 0.2. Rows: r1 CC for b (weight 1.414 x 1), r2 I for a (weight 1).
  // support: a = -1, b = 2 x 1.414 = 2.828, c = 0.
  std::vector<Hypothesis> hs = {
      {"a", "x", "none", "A", ""}, {"b", "y", "none", "B", ""}, {"c", "z", "none", "C", ""}};
  using R = Rating;
  std::vector<EvidenceRow> rows = {
      MatrixRow("r1", {R::kNeutral, R::kVeryConsistent, R::kNeutral}, std::sqrt(2.0)),
      MatrixRow("r2", {R::kInconsistent, R::kNeutral, R::kNeutral})};
  Assessment a = Rank("country:XX", hs, rows, {0.5, 0.3, 0.2});
  auto w = [](double support) {
    return std::exp(kEvidenceWeight * kSupportCap * std::tanh(support / kSupportCap));
  };
  double wa = 0.5 * w(-1), wb = 0.3 * w(2 * std::sqrt(2.0)), wc = 0.2;
  EXPECT_EQ(a.ranking[0].hypothesis.id, "b");
  EXPECT_NEAR(a.ranking[0].probability, wb / (wa + wb + wc), 1e-9);
  EXPECT_NEAR(Ranked(a, "a").probability, wa / (wa + wb + wc), 1e-9);
  EXPECT_NEAR(Ranked(a, "a").support, -1, 1e-9);
  EXPECT_TRUE(a.has_evidence);
  // b is 0.3 x e^(1.5 x 4 tanh(0.707)) = 7.3 against 0.5 x 0.25 + 0.2: likely, and supported: it leads.
  EXPECT_GT(a.ranking[0].probability, 0.55);
  EXPECT_EQ(a.leader, "b");
  // One firm row only, from a single source: not high.
  EXPECT_NE(a.confidence, "high");
}

TEST(RankTest, TieIsUndetermined) {
  std::vector<Hypothesis> hs = {
      {"a", "x", "none", "A", ""}, {"b", "y", "none", "B", ""}, {"c", "z", "none", "C", ""}};
  using R = Rating;
  std::vector<EvidenceRow> rows = {
      MatrixRow("r1", {R::kVeryConsistent, R::kNeutral, R::kInconsistent}, 2),
      MatrixRow("r2", {R::kNeutral, R::kVeryConsistent, R::kInconsistent}, 2)};
  Assessment a = Rank("country:XX", hs, rows, {0.4, 0.4, 0.2});
  EXPECT_EQ(a.ranking[0].rank, 1);
  EXPECT_EQ(a.ranking[1].rank, 1);  // a and b share the lead
  EXPECT_EQ(a.leader, "");
  EXPECT_EQ(a.leading_cause, "");
  EXPECT_EQ(a.confidence, "low");
  EXPECT_NE(a.confidence_reasons[0].find("undetermined"), std::string::npos)
      << a.confidence_reasons[0];
}

TEST(RankTest, HedgedStatementsAloneGiveLowConfidenceAndNoLeaderBelowLikely) {
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {});
  ClaimEvidence c{"claim:1",
                  "the outage may have been caused by a fire",
                  "outlet",
                  "cause_assertion",
                  "fire",
                  "",
                  0.4,
                  false,
                  'C',
                  "",
                  false};
  EvidenceRow row = RateClaim(c, hs);
  EXPECT_EQ(row.ratings[IndexOf(hs, "fire")], Rating::kConsistent);
  Assessment a =
      Rank("country:XX", hs, {row}, HypothesisPriors(DefaultTaxonomy(), hs, Scope::kCountry));
  // Relevance L (certainty 0.4): fire's prior 0.02 x e^(2 x 6 tanh(0.707 / 6)) = 0.08 stays below
  // self_shutdown's prior of 0.40.
  EXPECT_EQ(a.ranking[0].hypothesis.id, "self_shutdown");
  EXPECT_EQ(a.leader, "");
  EXPECT_EQ(a.confidence, "low");
  // With two more hedged statements from other outlets it is still hedged: low.
  ClaimEvidence c2 = c, c3 = c;
  c2.id = "claim:2";
  c3.id = "claim:3";
  Assessment b = Rank("country:XX", hs, {RateClaim(c, hs), RateClaim(c2, hs), RateClaim(c3, hs)},
                      HypothesisPriors(DefaultTaxonomy(), hs, Scope::kCountry));
  EXPECT_EQ(b.ranking[0].hypothesis.id, "fire");
  EXPECT_EQ(b.confidence, "low");
}

TEST(RankTest, CauseClearActorNot) {
  // A firm, credible "cyberattack" with no actor supports both actors alike:
  // the cause is named, the actor is not.
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {});
  std::vector<EvidenceRow> rows;
  for (int i = 0; i < 3; ++i) {
    ClaimEvidence c{fmt_id(i),
                    "the network was hit by a cyberattack",
                    "outlet " + std::to_string(i),
                    "cause_assertion",
                    "cyberattack",
                    "",
                    0.9,
                    false,
                    'B',
                    "",
                    false};
    rows.push_back(RateClaim(c, hs));
  }
  Assessment a = Rank("asn:1", hs, rows, HypothesisPriors(DefaultTaxonomy(), hs, Scope::kNetwork));
  EXPECT_EQ(a.ranking[0].hypothesis.cause, "cyberattack");
  EXPECT_EQ(a.ranking[0].rank, 1);
  EXPECT_EQ(a.ranking[1].rank, 1);
  EXPECT_EQ(a.leader, "");
  EXPECT_EQ(a.leading_cause, "cyberattack");
  EXPECT_GT(a.leading_cause_probability, 0.55);
}

TEST(RateClaimTest, StanceDecidesTheRating) {
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {});
  ClaimEvidence q{"claim:1",     "Was it a cyberattack?",
                  "outlet",      "cause_assertion",
                  "cyberattack", "",
                  0.9,           false,
                  'C',           "",
                  false};
  EXPECT_EQ(DeriveStance(false, 0.9, q.description), "questions");
  EvidenceRow row = RateClaim(q, hs);
  for (Rating r : row.ratings) EXPECT_EQ(r, Rating::kNeutral);  // a question is no evidence
  ClaimEvidence d = q;
  d.description = "it was not a cyberattack";
  d.negated = true;
  row = RateClaim(d, hs);
  EXPECT_EQ(row.ratings[IndexOf(hs, "ddos_hacktivist")], Rating::kInconsistent);
  EXPECT_EQ(row.ratings[IndexOf(hs, "power_outage")],
            Rating::kNeutral);  // a denial supports nothing else
  EXPECT_NEAR(row.relevance, std::sqrt(2.0), 1e-9);
  // The stance field, when set, wins over negated/certainty.
  ClaimEvidence s = q;
  s.description = "a cyberattack";
  s.stance = "denies";
  EXPECT_EQ(RateClaim(s, hs).ratings[IndexOf(hs, "ddos_hacktivist")], Rating::kInconsistent);
}

TEST(RateClaimTest, CompatibleCausesAreLeftAlone) {
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {});
  ClaimEvidence c{"claim:1",   "the eruption severed the cable",
                  "operator",  "cause_assertion",
                  "cable_cut", "",
                  0.95,        false,
                  'B',         "",
                  false};
  EvidenceRow row = RateClaim(c, hs);
  EXPECT_EQ(row.ratings[IndexOf(hs, "cable_cut")], Rating::kVeryConsistent);
  EXPECT_EQ(row.ratings[IndexOf(hs, "natural_disaster")], Rating::kNeutral);
  EXPECT_EQ(row.ratings[IndexOf(hs, "self_shutdown")], Rating::kInconsistent);
}

TEST(MergeTest, SyndicatedCopiesMergeListingEveryOutlet) {
  std::vector<ClaimEvidence> in = {
      {"claim:1", "An air raid targeted a telecoms facility.", "AFP", "cause_assertion",
       "military_action", "", 0.9, false, 'B', "doc:1", false},
      {"claim:2", "An air raid  targeted a telecoms facility", "France 24", "cause_assertion",
       "military_action", "", 0.9, false, 'C', "doc:2", false},
      {"claim:3", "an AIR RAID targeted a telecoms facility!", "AFP", "cause_assertion",
       "military_action", "", 0.9, false, 'C', "doc:3", false},
      {"claim:4", "An air raid targeted a telecoms facility.", "AFP", "cause_assertion",
       "military_action", "", 0.9, true, 'B', "doc:4", false},  // negated: another statement
      {"claim:5", "The coalition denied it.", "coalition", "denial", "", "foreign_state:SA", 0.9,
       false, 'C', "", false},
  };
  auto out = MergeStatements(in);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].id, "claim:1");
  EXPECT_EQ(out[0].source, "AFP; France 24");
  EXPECT_EQ(out[0].independence_group, "doc:1");
  EXPECT_EQ(out[0].reliability, 'B');
  EXPECT_EQ(out[1].id, "claim:4");
  EXPECT_EQ(out[2].id, "claim:5");
  // Merged, the statement weighs once: the same as one copy alone.
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {});
  std::vector<EvidenceRow> merged, single;
  for (const auto& c : out) merged.push_back(RateClaim(c, hs));
  for (const auto& c : {in[0], in[3], in[4]}) single.push_back(RateClaim(c, hs));
  auto priors = HypothesisPriors(DefaultTaxonomy(), hs, Scope::kCountry);
  EXPECT_NEAR(Rank("c", hs, merged, priors).ranking[0].probability,
              Rank("c", hs, single, priors).ranking[0].probability, 1e-12);
}

TEST(RateMeasuredCauseTest, RadarCauseIsAFirmStatementWithTheSourcesGrade) {
  auto hs = InstantiateHypotheses(DefaultTaxonomy(), {});
  OutageWindow w;
  w.id = 7;
  w.entity = "country:TO";
  w.source = "radar";
  w.cause = "EARTHQUAKE";
  EXPECT_EQ(NormalizeCause(w.cause), "natural_disaster");
  EXPECT_EQ(NormalizeCause("POWER_OUTAGE"), "power_outage");
  EvidenceRow row = RateMeasuredCause(w, 'B', hs);
  EXPECT_EQ(row.id, "cause:7");
  EXPECT_EQ(row.kind, "measurement");
  EXPECT_EQ(row.ratings[IndexOf(hs, "natural_disaster")], Rating::kVeryConsistent);
  EXPECT_EQ(row.ratings[IndexOf(hs, "cable_cut")], Rating::kNeutral);  // compatible
  EXPECT_NEAR(row.credibility, std::sqrt(2.0), 1e-9);
  EXPECT_NEAR(RateMeasuredCause(w, 'E', hs).credibility, 1 / std::sqrt(2.0), 1e-9);
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
