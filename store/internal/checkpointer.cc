#include "store/internal/checkpointer.h"

#include <stdexcept>
#include <string_view>

namespace corroborate::store::internal {

Checkpointer::Checkpointer(sqlite3* writer, const std::string& path) : writer_(writer) {
  sqlite3* conn = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  conn_.reset(conn);
  if (rc != SQLITE_OK) throw std::runtime_error(sqlite3_errstr(rc));
  sqlite3_busy_timeout(conn, 5000);
  // A connection opens the WAL when it first reads; until then a checkpoint
  // through it copies nothing (SQLITE_OK, with -1 frames).
  if (sqlite3_exec(conn, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) !=
      SQLITE_OK) {
    throw std::runtime_error(sqlite3_errmsg(conn));
  }
  thread_ = std::jthread([this] { Run(); });
  sqlite3_wal_hook(writer_, &Checkpointer::Hook, this);
}

Checkpointer::~Checkpointer() {
  sqlite3_wal_hook(writer_, nullptr, nullptr);
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

int Checkpointer::Hook(void* self, sqlite3* db, const char* schema, int pages) {
  auto* c = static_cast<Checkpointer*>(self);
  if (pages >= kForcePages) {
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    c->writer_runs_.fetch_add(1, std::memory_order_relaxed);
  } else if (pages >= kStartPages && std::string_view(schema) == "main") {
    {
      std::lock_guard lock(c->mu_);
      c->due_ = true;
    }
    c->cv_.notify_one();
  }
  return SQLITE_OK;
}

void Checkpointer::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return due_ || stop_; });
    if (stop_) return;
    due_ = false;
    lock.unlock();
    // A failure (busy, I/O) leaves the frames in the WAL for the next
    // checkpoint; closing the last connection checkpoints too.
    int log = 0, copied = 0;
    if (sqlite3_wal_checkpoint_v2(conn_.get(), "main", SQLITE_CHECKPOINT_PASSIVE, &log, &copied) ==
            SQLITE_OK &&
        copied > 0) {
      helper_runs_.fetch_add(1, std::memory_order_relaxed);
    }
    lock.lock();
  }
}

}  // namespace corroborate::store::internal
