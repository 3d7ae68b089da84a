#include "core/claim.h"

#include <gtest/gtest.h>

namespace corroborate {
namespace {

TEST(StanceTest, NamesRoundTrip) {
  for (Stance s : {Stance::kAsserts, Stance::kHedges, Stance::kDenies, Stance::kQuestions}) {
    auto back = StanceFromName(StanceName(s));
    ASSERT_TRUE(back.has_value()) << StanceName(s);
    EXPECT_EQ(*back, s);
  }
  EXPECT_STREQ(StanceName(Stance::kDenies), "denies");
  EXPECT_EQ(StanceFromName("questions"), Stance::kQuestions);
  EXPECT_FALSE(StanceFromName("doubts").has_value());
  EXPECT_FALSE(StanceFromName("").has_value());
}

TEST(StanceTest, ClaimDefaultsToAsserts) {
  Claim claim;
  EXPECT_EQ(claim.stance, Stance::kAsserts);
  EXPECT_TRUE(claim.about_this_event);
}

}  // namespace
}  // namespace corroborate
