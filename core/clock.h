// "Now", injected: every use case that stamps or schedules takes a Clock
// (pipeline/), so tests run at a fixed time; SystemClock is the one place in
// the tree that reads the system time.
#pragma once

#include "core/time.h"

namespace corroborate {

class Clock {
 public:
  virtual ~Clock() = default;
  // The current time, UTC seconds.
  [[nodiscard]] virtual Instant Now() = 0;
};

// The system's clock.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] Instant Now() override;
};

// A clock that says what it was told: for tests, and for runs that must be
// reproducible.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant now) : now_(now) {}
  void Set(Instant now) { now_ = now; }
  void Advance(Instant seconds) { now_ += seconds; }
  [[nodiscard]] Instant Now() override { return now_; }

 private:
  Instant now_;
};

}  // namespace corroborate
