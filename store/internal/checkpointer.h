// Internal to store/: copies WAL frames into the database file on a helper
// thread with its own connection, so the thread that writes batches does not
// stall on checkpoint I/O and fsync. It takes the place of SQLite's
// auto-checkpoint on the writing connection (both use the WAL hook) and
// starts at the same size, 1000 pages. A PASSIVE checkpoint never blocks the
// writer.
//
// The WAL restarts from its beginning only when a write transaction begins
// with every frame copied, which a writer that commits batch after batch
// never gives the helper time for; so at kForcePages the writer checkpoints
// itself after its commit, which leaves it only the frames of the batches
// since the helper's last run, and its next transaction restarts the WAL.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace corroborate::store::internal {

class Checkpointer {
 public:
  static constexpr int kStartPages = 1000;
  static constexpr int kForcePages = 4000;

  // Opens the helper's connection to `path` and takes over the WAL hook of
  // `writer`, a connection in WAL mode. Throws std::runtime_error.
  Checkpointer(sqlite3* writer, const std::string& path);
  // Gives the WAL hook back and stops the helper thread.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Runs of the helper thread that found frames to copy, and checkpoints
  // the writing thread ran itself, so far.
  [[nodiscard]] std::int64_t helper_runs() const {
    return helper_runs_.load(std::memory_order_relaxed);
  }
  [[nodiscard]] std::int64_t writer_runs() const {
    return writer_runs_.load(std::memory_order_relaxed);
  }

 private:
  struct Close {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };

  // Called by SQLite on the writing thread after each commit, with the WAL size.
  static int Hook(void* self, sqlite3* db, const char* schema, int pages);
  void Run();

  sqlite3* writer_;
  std::unique_ptr<sqlite3, Close> conn_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool due_ = false;
  bool stop_ = false;
  std::atomic<std::int64_t> helper_runs_{0}, writer_runs_{0};
  std::jthread thread_;
};

}  // namespace corroborate::store::internal
