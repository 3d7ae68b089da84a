// Ordered parallel map for the CLI's per-file work (parsing many pages,
// feeds or posts): the work runs on several threads, the results come back
// on the calling thread in input order, so output and error lines keep the
// order of the command line.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace corroborate {

// The number of threads to use when the user gave none (0): the CPUs.
inline unsigned DefaultJobs(unsigned requested) {
  if (requested > 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Runs `work(i)` for every i in [0, n) on up to `jobs` threads and calls
// `emit(i, result)` on the calling thread, in order of i, as soon as result
// i and all before it are ready. At most 4 * jobs results wait to be
// emitted, so memory stays bounded however long the input. `work` runs
// concurrently with itself and must be thread-safe; `emit` never runs
// concurrently. With jobs <= 1 (or n <= 1) everything runs on the calling
// thread. An exception thrown by `work` stops the remaining work and is
// rethrown here, after the results before it were emitted.
template <class R, class Work, class Emit>
void OrderedParallelFor(size_t n, unsigned jobs, Work work, Emit emit) {
  if (jobs <= 1 || n <= 1) {
    for (size_t i = 0; i < n; ++i) emit(i, work(i));
    return;
  }
  const size_t window = 4 * static_cast<size_t>(jobs);
  std::vector<std::optional<R>> slots(std::min(n, window));
  std::vector<std::exception_ptr> errors(slots.size());
  std::mutex mutex;
  std::condition_variable ready, room;
  size_t claimed = 0, emitted = 0;
  bool stop = false;

  auto worker = [&] {
    for (;;) {
      size_t i;
      {
        std::unique_lock lock(mutex);
        room.wait(lock, [&] { return stop || claimed >= n || claimed < emitted + window; });
        if (stop || claimed >= n) return;
        i = claimed++;
      }
      std::optional<R> result;
      std::exception_ptr error;
      try {
        result.emplace(work(i));
      } catch (...) {
        error = std::current_exception();
      }
      {
        std::lock_guard lock(mutex);
        slots[i % window] = std::move(result);
        errors[i % window] = error;
      }
      ready.notify_all();
    }
  };

  const size_t threads = std::min<size_t>(jobs, n);
  std::vector<std::jthread> pool;
  pool.reserve(threads);
  struct StopOnExit {
    std::mutex& mutex;
    bool& stop;
    std::condition_variable& room;
    ~StopOnExit() {
      {
        std::lock_guard lock(mutex);
        stop = true;
      }
      room.notify_all();
    }
  };
  // Declared after the pool: runs first on the way out (a throwing emit or
  // work, or a thread that could not start), so the workers stop before the
  // pool joins them.
  StopOnExit stopper{mutex, stop, room};
  for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (size_t i = 0; i < n; ++i) {
    std::optional<R> result;
    {
      std::unique_lock lock(mutex);
      ready.wait(lock, [&] { return slots[i % window].has_value() || errors[i % window]; });
      if (errors[i % window]) std::rethrow_exception(errors[i % window]);
      result = std::move(slots[i % window]);
      slots[i % window].reset();
      emitted = i + 1;
    }
    room.notify_all();
    emit(i, std::move(*result));
  }
}

}  // namespace corroborate
