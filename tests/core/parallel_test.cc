#include "core/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace corroborate {
namespace {

// Results come back in input order although later items finish first.
TEST(OrderedParallelFor, EmitsInInputOrder) {
  const size_t n = 200;
  std::vector<size_t> order;
  OrderedParallelFor<std::string>(
      n, 4,
      [](size_t i) {
        // Early items take longest, so completion order is roughly reversed.
        if (i < 8) std::this_thread::sleep_for(std::chrono::milliseconds(8 - i));
        return std::to_string(i * i);
      },
      [&](size_t i, std::string r) {
        EXPECT_EQ(r, std::to_string(i * i));
        order.push_back(i);
      });
  ASSERT_EQ(order.size(), n);
  for (size_t i = 0; i < n; ++i) EXPECT_EQ(order[i], i);
}

// With two jobs, two items run at the same time: each of the first two
// items waits (up to 10 s) for the other to start.
TEST(OrderedParallelFor, RunsWorkConcurrently) {
  std::atomic<int> running{0};
  std::atomic<int> max_running{0};
  std::atomic<bool> met{false};
  OrderedParallelFor<int>(
      4, 2,
      [&](size_t i) {
        int now = ++running;
        int seen = max_running.load();
        while (now > seen && !max_running.compare_exchange_weak(seen, now)) {
        }
        if (i < 2) {
          auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
          while (max_running.load() < 2 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::yield();
          }
          if (max_running.load() >= 2) met = true;
        }
        --running;
        return static_cast<int>(i);
      },
      [](size_t, int) {});
  EXPECT_TRUE(met.load());
  EXPECT_EQ(max_running.load(), 2);
}

// No more than 4 * jobs results wait for the emitter: a stalled emitter
// stalls the workers instead of letting them run through all the input.
TEST(OrderedParallelFor, BoundsTheResultsWaiting) {
  std::atomic<size_t> started{0};
  size_t most_ahead = 0;
  OrderedParallelFor<int>(
      100, 2,
      [&](size_t i) {
        ++started;
        return static_cast<int>(i);
      },
      [&](size_t i, int) {
        if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        most_ahead = std::max(most_ahead, started.load() - (i + 1));  // started after i
      });
  EXPECT_LE(most_ahead, 8u);
  EXPECT_EQ(started.load(), 100u);
}

// A throwing work item: the results before it are emitted, then the
// exception reaches the caller and no later result is emitted.
TEST(OrderedParallelFor, RethrowsAfterEarlierResults) {
  std::vector<size_t> emitted;
  EXPECT_THROW(OrderedParallelFor<int>(
                   50, 3,
                   [](size_t i) {
                     if (i == 7) throw std::runtime_error("item 7");
                     return static_cast<int>(i);
                   },
                   [&](size_t i, int) { emitted.push_back(i); }),
               std::runtime_error);
  ASSERT_EQ(emitted.size(), 7u);
  EXPECT_EQ(emitted.back(), 6u);
}

TEST(OrderedParallelFor, OneJobRunsOnTheCallingThread) {
  const auto caller = std::this_thread::get_id();
  int count = 0;
  OrderedParallelFor<int>(
      5, 1,
      [&](size_t i) {
        EXPECT_EQ(std::this_thread::get_id(), caller);
        return static_cast<int>(i);
      },
      [&](size_t, int) { ++count; });
  EXPECT_EQ(count, 5);
  EXPECT_EQ(DefaultJobs(3), 3u);
  EXPECT_GE(DefaultJobs(0), 1u);
}

}  // namespace
}  // namespace corroborate
