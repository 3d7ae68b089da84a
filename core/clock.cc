#include "core/clock.h"

#include <ctime>

namespace corroborate {

Instant SystemClock::Now() { return static_cast<Instant>(std::time(nullptr)); }

}  // namespace corroborate
