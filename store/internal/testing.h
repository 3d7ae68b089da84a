// Internal to store/: what the tests and benchmarks read of a Database's
// inner workings. Not for the store's callers.
#pragma once

#include <cstdint>

#include "store/database.h"

namespace corroborate::store::internal {

// Checkpoints of the write-ahead log so far: runs of the helper thread that
// found frames to copy, and checkpoints the writing thread ran itself
// (checkpointer.h). None for an in-memory database.
struct CheckpointCounts {
  std::int64_t helper = 0;
  std::int64_t writer = 0;
};
[[nodiscard]] CheckpointCounts Checkpoints(Database& db);

// Times InsertDocuments built its filter of the stored identity keys, which
// lets a new document skip the lookups (identity_index.h).
[[nodiscard]] std::int64_t KeyFilterBuilds(Database& db);

// Document texts the FTS5 index was given as tokens worker threads had
// already made (`replayed`, see token_replay.h), and texts the writing
// thread tokenized itself (`tokenized`), on this connection.
struct TokenCounts {
  std::int64_t replayed = 0;
  std::int64_t tokenized = 0;
};
[[nodiscard]] TokenCounts Tokenizing(Database& db);

}  // namespace corroborate::store::internal
