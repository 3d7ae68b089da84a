// Cause statements with their stance, one class of construction per test.
// The sentences are invented (not from any corpus).
#include "correlate/extract/cause_stance.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "correlate/extract/claims.h"

namespace corroborate::extract {
namespace {

const Instant kDct = 1700000000;  // 2023-11-14T22:13:20Z

std::vector<Claim> Causes(std::string_view text, const std::vector<Timex>& timexes = {}) {
  ClaimOptions options;
  options.dct = kDct;
  std::vector<Claim> out;
  for (Claim& c : ExtractClaims(text, timexes, options)) {
    if (c.type == ClaimType::kCauseAssertion) out.push_back(std::move(c));
  }
  return out;
}

// The cause claim of `cause` in `text`, or nullptr.
const Claim* Cause(const std::vector<Claim>& claims, std::string_view cause) {
  for (const Claim& c : claims) {
    if (c.cause == cause) return &c;
  }
  return nullptr;
}

TEST(CauseStatementTest, ConstructionsOfEachCause) {
  struct Case {
    const char* text;
    const char* cause;
  };
  const std::vector<Case> cases = {
      {"Officials in Chad ordered all mobile operators to block internet access on Tuesday.",
       "government_directed"},
      {"Chad shut down the internet nationwide as the protests grew.", "government_directed"},
      {"The regulator imposed a near-total internet blackout on the capital.",
       "government_directed"},
      {"The outage at the provider followed a maintenance update in its core network.",
       "maintenance"},
      {"An undersea cable was severed off the coast, the internet operator said.", "cable_cut"},
      {"Internet access across the islands was lost after damage to two submarine cables.",
       "cable_cut"},
      {"The telecom tower was damaged by the eruption, leaving the island offline.",
       "natural_disaster"},
      {"The root cause of the internet outage was a faulty configuration change.",
       "technical_problem"},
      {"An airstrike hit the telecommunications building and the internet went down.",
       "military_action"},
      {"The network went offline after a fire at the data centre.", "fire"},
      {"The outage on the network was caused by a typhoon that hit the coast.", "weather"},
      {"Internet service was down because of a power cut across the region.", "power_outage"},
      {"The cause of the internet outage has not been determined.", "unknown"},
      {"Chad cuts 80% of internet traffic as exams begin.", "government_directed"},
      {"The internet shutdown was enforced on the second day of the vote.", "government_directed"},
      {"The outage began when operators reported problems with three undersea cables.",
       "cable_cut"},
      {"Two cables that link the islands were found to be damaged, and internet access slowed.",
       "cable_cut"},
  };
  for (const Case& c : cases) {
    std::vector<Claim> claims = Causes(c.text);
    const Claim* claim = Cause(claims, c.cause);
    ASSERT_NE(claim, nullptr) << c.text;
    EXPECT_EQ(claim->stance, Stance::kAsserts) << c.text;
  }
}

TEST(CauseStatementTest, DenialsRuleTheCauseOut) {
  for (const char* text : {
           "The internet shutdown was done through router configuration changes, not through a "
           "physical "
           "failure or cable cut.",
           "The company ruled out a cyberattack as the cause of the network outage.",
           "There is no evidence of a cyberattack behind the internet outage, the minister said.",
           "Network outage at the provider: cyberattack ruled out",
           "No cyberattack in the weekend internet outage, says the agency.",
       }) {
    std::vector<Claim> claims = Causes(text);
    const Claim* c = Cause(claims, std::string_view(text).find("cable") != std::string_view::npos
                                       ? "cable_cut"
                                       : "cyberattack");
    ASSERT_NE(c, nullptr) << text;
    EXPECT_EQ(c->stance, Stance::kDenies) << text;
    EXPECT_TRUE(c->negated) << text;
  }
}

TEST(CauseStatementTest, CannotRuleOutIsAHedge) {
  auto claims = Causes("I can't rule out an equipment failure behind the network outage.");
  const Claim* c = Cause(claims, "technical_problem");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->stance, Stance::kHedges);
  EXPECT_FALSE(c->negated);
}

TEST(CauseStatementTest, HedgesLowerTheStance) {
  for (const char* text : {
           "The internet outage was likely caused by the regime.",
           "Investigators point to the possibility of a cyberattack on the network.",
           "The provider went offline after a reported cyberattack.",
           "The network outage may have been caused by a software bug.",
       }) {
    std::vector<Claim> claims = Causes(text);
    ASSERT_FALSE(claims.empty()) << text;
    EXPECT_EQ(claims.front().stance, Stance::kHedges) << text;
    EXPECT_LT(claims.front().certainty, 0.8) << text;
  }
}

TEST(CauseStatementTest, QuestionsAreNotAssertions) {
  for (const char* text : {
           "Was the internet outage caused by a cyber attack?",
           "The agency is studying whether a cyberattack could explain the network outage.",
           "The minister declined to say if hackers were behind the internet outage.",
       }) {
    std::vector<Claim> claims = Causes(text);
    const Claim* c = Cause(claims, "cyberattack");
    ASSERT_NE(c, nullptr) << text;
    EXPECT_EQ(c->stance, Stance::kQuestions) << text;
  }
}

TEST(CauseStatementTest, OtherEventsAndDefinitionsAreNotEvidence) {
  for (const char* text : {
           "The operator has not recovered from last year's cyberattack on its network.",
           "The outage is not too different from the cable cuts off the coast a decade ago.",
           "A DDoS attack is an attempt to flood a website or network with traffic.",
       }) {
    std::vector<Claim> claims = Causes(text);
    ASSERT_FALSE(claims.empty()) << text;
    EXPECT_FALSE(claims.front().about_this_event) << text;
  }
  auto claims = Causes("A DDoS attack knocked the network offline on Monday.");
  ASSERT_FALSE(claims.empty());
  EXPECT_TRUE(claims.front().about_this_event);
}

TEST(CauseStatementTest, FalseTriggersAreNotCauses) {
  // An attack on people or a prison is not a cyberattack; war words with no
  // network in the sentence are not a cause; hackers flooding servers are
  // not weather; an operator's shutdown is not a government's.
  EXPECT_EQ(Cause(Causes("The internet outage came as gunmen attacked a prison and killed ten "
                         "guards."),
                  "cyberattack"),
            nullptr);
  EXPECT_EQ(Cause(Causes("The internet was down again. The bombing also killed two civilians."),
                  "military_action"),
            nullptr);
  auto flood = Causes("Hackers flooded the servers with traffic and the network went offline.");
  EXPECT_NE(Cause(flood, "cyberattack"), nullptr);
  EXPECT_EQ(Cause(flood, "weather"), nullptr);
  EXPECT_EQ(Cause(Causes("Chad's largest mobile operator shut down its network after the "
                         "cyberattack."),
                  "government_directed"),
            nullptr);
  // A power outage named as the event is not its cause; introduced as one, it is.
  EXPECT_EQ(Cause(Causes("The power outage across the region left the internet offline."),
                  "power_outage"),
            nullptr);
  EXPECT_NE(Cause(Causes("The internet was offline due to a power outage across the region."),
                  "power_outage"),
            nullptr);
}

TEST(CauseStatementTest, RoutingNarrativesAreTechnicalProblems) {
  for (const char* text : {
           "A provider in the region announced a more specific prefix for the bank's address "
           "block, and routers across the internet preferred it.",
           "The small ISP began advertising the routes of the video site to its upstream network.",
           "Within minutes the bank's traffic was rerouted to the rogue network.",
           "Routes from the carrier stopped updating, and the outage spread across the internet.",
       }) {
    const Claim* c = Cause(Causes(text), "technical_problem");
    EXPECT_NE(c, nullptr) << text;
  }
  // Routes no longer announced are the outage itself, not its cause.
  EXPECT_EQ(Cause(Causes("At noon the country's operators stopped announcing their routes to the "
                         "internet."),
                  "technical_problem"),
            nullptr);
}

TEST(CauseStatementTest, ShutdownsWithoutANamedAgent) {
  // An agentless passive shutdown or block of access is a directed one; an
  // access "cut" is not (a cable cut cuts access too).
  for (const char* text : {
           "Mobile internet was shut down in the northern provinces on Friday.",
           "Social media platforms were blocked as the vote count began, and the internet slowed.",
           "The authorities were trying to block the video site across the country's networks.",
           "Rights groups condemned the action taken by the telecommunications authority, which "
           "left the site offline.",
           "The filter blocked residents from accessing news sites and the network slowed.",
           "Dictatorship Shuts Down Internet Before Vote",
       }) {
    const Claim* c = Cause(Causes(text), "government_directed");
    ASSERT_NE(c, nullptr) << text;
    EXPECT_EQ(c->stance, Stance::kAsserts) << text;
  }
  EXPECT_EQ(
      Cause(Causes("Internet access was cut across the islands on Monday."), "government_directed"),
      nullptr);
  // A hedge inside the trigger's words still hedges it.
  const Claim* c = Cause(Causes("During the protests access to the internet was reportedly "
                                "shut down."),
                         "government_directed");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->stance, Stance::kHedges);
  c = Cause(Causes("Three submarine cables that serve the region were reported to have "
                   "been damaged, cutting internet access."),
            "cable_cut");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->stance, Stance::kHedges);
}

TEST(CauseStatementTest, WarStatementsNextToTheNetworkStatement) {
  // A strike statement beside a sentence about the telecom building, in the
  // same paragraph, is a cause statement; one that counts casualties or sits
  // in another paragraph is not.
  auto claims = Causes(
      "The strike hit the telecommunications building in the port city. The coalition confirmed "
      "it carried out an airstrike there.");
  ASSERT_EQ(claims.size(), 2u);
  EXPECT_EQ(claims[1].cause, "military_action");
  EXPECT_EQ(claims[1].sentence.find("The coalition"), 0u) << claims[1].sentence;
  EXPECT_EQ(Cause(Causes("The internet went offline in the port city.\n\nThe coalition confirmed "
                         "it carried out an airstrike there."),
                  "military_action"),
            nullptr);
  EXPECT_EQ(Cause(Causes("The internet went offline in the port city. The air raid killed four "
                         "people."),
                  "military_action"),
            nullptr);
}

TEST(CauseStatementTest, AttacksOnTheReportedNetworkAreCauses) {
  // "the attack on X" is another event unless X is a network or facility or
  // the name the document reports on.
  EXPECT_NE(
      Cause(Causes("Air Strikes On Telco Facility Knock Internet Offline"), "military_action"),
      nullptr);
  auto claims = Causes(
      "Kestrel said its mobile network was down for a second day. Police opened a case into the "
      "cyberattack on Kestrel and its systems. Kestrel expects to restore the network soon.");
  const Claim* c = Cause(claims, "cyberattack");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->about_this_event);
  // A known company stays another target however often it is named.
  EXPECT_EQ(Cause(Causes("Sony Pictures is still counting its losses. The internet outage came "
                         "amid a dispute over the hack on Sony Pictures. Sony Pictures has not "
                         "commented."),
                  "cyberattack"),
            nullptr);
}

TEST(CauseStatementTest, QuestionsInQuotedMail) {
  auto claims =
      Causes("> How would a bad route from one peer cause\n> a nationwide network outage?\n");
  const Claim* c = Cause(claims, "technical_problem");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->stance, Stance::kQuestions);
}

TEST(CauseStatementTest, ProtectionForecastsAndOtherVictimsAreNotEvidence) {
  for (const char* text : {
           "Scrubbing services are designed to prevent denial-of-service attacks on websites.",
           "The firm sells protection for web servers against DDoS attacks.",
           "Further cyberattacks on the country's networks are possible, the agency warned.",
           "Hours later a bank was also subjected to a cyberattack, though its network stayed "
           "online.",
           "The same contractor also ran the network when the hack took place.",
           "Servers should detect and stop denial-of-service attacks on their network.",
           "Operators filter traffic to prevent DDoS attacks on their networks.",
       }) {
    std::vector<Claim> claims = Causes(text);
    const Claim* c = Cause(claims, "cyberattack");
    ASSERT_NE(c, nullptr) << text;
    EXPECT_FALSE(c->about_this_event) << text;
  }
  const Claim* c =
      Cause(Causes("Engineers worked to mitigate the DDoS attack on the network."), "cyberattack");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->about_this_event);
}

TEST(CauseStatementTest, ClaimsOfResponsibilityAreHedgedCyberattacks) {
  // The claimant's word about itself, reported unverified; the claimant is
  // the actor.
  for (const char* text : {
           "A hacking collective has claimed responsibility for the outage at the operator.",
           "The hacker group claimed on its channel that it had knocked the network offline.",
       }) {
    const Claim* c = Cause(Causes(text), "cyberattack");
    ASSERT_NE(c, nullptr) << text;
    EXPECT_EQ(c->stance, Stance::kHedges) << text;
    EXPECT_EQ(c->actor, "hacktivist") << text;
  }
  // Nobody claimed it: no statement of a cause. A bombing claimed is no
  // cyberattack.
  for (const char* text : {
           "No one has claimed responsibility for the internet outage.",
           "The group has yet to claim responsibility for the network outage.",
           "The militia claimed responsibility for the bombing that killed two guards at the "
           "telecom office.",
       }) {
    EXPECT_EQ(Cause(Causes(text), "cyberattack"), nullptr) << text;
  }
}

TEST(CauseStatementTest, OneStatementPerCauseWithItsActor) {
  // "a denial-of-service attack, possibly by hacktivists": one cyberattack
  // statement, by hacktivists, not a second one with no actor.
  auto claims = Causes(
      "Analysts said the network outage pointed to a denial-of-service attack, possibly by "
      "hacktivists.");
  int n = 0;
  for (const Claim& c : claims) n += c.cause == "cyberattack";
  EXPECT_EQ(n, 1);
  const Claim* c = Cause(claims, "cyberattack");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->actor, "hacktivist");
  EXPECT_EQ(c->stance, Stance::kHedges);
}

TEST(CauseStatementTest, UrlsHeadingsAndStrikesAreNoCyberStatements) {
  // A trigger inside a URL or a one-word heading states nothing; an
  // "attack" in a sentence about an air raid is the raid.
  EXPECT_TRUE(Causes("The internet outage is described at "
                     "https://example.org/notes/the-network-hijacking-study today.")
                  .empty());
  EXPECT_TRUE(Causes("The network was down.\n\nFlowspec\n\nIt came back later.").empty());
  auto claims = Causes(
      "An air raid hit the telecom building at night in an attack that knocked the internet "
      "offline.");
  EXPECT_NE(Cause(claims, "military_action"), nullptr);
  EXPECT_EQ(Cause(claims, "cyberattack"), nullptr);
}

TEST(CauseStatementTest, StanceLexiconLoads) {
  EXPECT_EQ(CauseStanceLexiconProblems(), std::vector<std::string>{});
}

}  // namespace
}  // namespace corroborate::extract
