#include "store/internal/key_filter.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace corroborate::store::internal {
namespace {

// The filter of stored identity keys never hides a key it holds, and rules
// out most others: at capacity (16 bits per key, 4 probes in a 512-bit
// block) about 0.3% of other keys pass, and a key given under one kind is
// not taken for another.
TEST(KeyFilterTest, HoldsEveryKeyAndRulesOutMostOthers) {
  constexpr int kKeys = 30000;
  KeyFilter filter(kKeys);
  std::mt19937_64 rng(20141222);
  std::vector<std::int64_t> keys(kKeys);
  for (std::int64_t& k : keys) k = static_cast<std::int64_t>(rng());
  for (int i = 0; i < kKeys; ++i) filter.Add(i % 3, keys[static_cast<size_t>(i)]);
  EXPECT_EQ(filter.size(), static_cast<size_t>(kKeys));
  int missing = 0, fresh = 0, other_kind = 0;
  for (int i = 0; i < kKeys; ++i)
    missing += !filter.MayContain(i % 3, keys[static_cast<size_t>(i)]);
  for (int i = 0; i < 100000; ++i)
    fresh += filter.MayContain(i % 3, static_cast<std::int64_t>(rng()));
  for (int i = 0; i < kKeys; ++i) {
    other_kind += filter.MayContain((i + 1) % 3, keys[static_cast<size_t>(i)]);
  }
  EXPECT_EQ(missing, 0);
  EXPECT_LT(fresh, 1000);  // under 1%
  EXPECT_LT(other_kind, 300);
}

}  // namespace
}  // namespace corroborate::store::internal
