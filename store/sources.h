// The sources repository: the feeds, pages and accounts to poll, with their
// grades and fetch bookkeeping, over a Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "core/time.h"
#include "store/database.h"
#include "store/visibility.h"

namespace corroborate::store {

// What `sources add` asks for. Optional fields left empty keep the stored
// value of an existing source and take the default for a new one.
struct NewSource {
  std::string url;
  SourceKind kind = SourceKind::kFeed;
  std::string title;                     // empty: keep / none
  std::optional<char> reliability;       // 'A'..'F'; new default 'F'
  std::optional<Instant> poll_interval;  // seconds; new default 3600
};

struct AddSourceResult {
  std::int64_t id = 0;
  bool created = false;  // false: the URL was already registered (and got updated)
};

class Sources {
 public:
  // A view over `db`, which must outlive it.
  explicit Sources(Database& db) : db_(db) {}

  // Registers `source.url` (stored as given); idempotent on the URL. When the
  // URL exists, updates kind, and title/reliability/interval when given.
  // A new source is due at `now`. kInvalidArgument for an empty URL or a
  // grade outside A..F.
  [[nodiscard]] Result<AddSourceResult> AddSource(const NewSource& source, Instant now);
  [[nodiscard]] Result<std::vector<Source>> ListSources();
  // kNotFound when no source has that URL. Its documents keep existing with
  // source_id cleared.
  [[nodiscard]] Status RemoveSource(std::string_view url);
  [[nodiscard]] Result<Source> GetSource(std::int64_t id);
  [[nodiscard]] Result<Source> GetSource(std::string_view url);
  // Sources whose next_poll <= now, the most overdue first (then by id).
  [[nodiscard]] Result<std::vector<Source>> DueSources(Instant now);
  // A fetch worked (or got 304): stores the validators, clears the error and
  // the failure count, schedules the next poll.
  [[nodiscard]] Status RecordFetchSuccess(std::int64_t source_id, std::string_view etag,
                                          std::string_view last_modified, Instant next_poll);
  // A fetch failed: stores the error text, increments consecutive_failures,
  // schedules the next poll (the caller computes the back-off).
  [[nodiscard]] Status RecordFetchFailure(std::int64_t source_id, std::string_view error,
                                          Instant next_poll);

 private:
  Database& db_;
};

}  // namespace corroborate::store
