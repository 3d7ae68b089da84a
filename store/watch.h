// What a watcher remembers between cycles and across restarts, over a
// Database: the alerts it sent (so each is sent once), the last state it
// saw of each thing it alerts on (an incident's verdict, its leading
// hypothesis), and the validators of the article pages it followed (for
// conditional requests when it reads them again).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/alert.h"
#include "core/error.h"
#include "core/time.h"
#include "store/database.h"
#include "store/visibility.h"

namespace corroborate::store {

struct StoredAlert {
  std::int64_t id = 0;
  std::string key;  // AlertKey(alert)
  Alert alert;
  Instant recorded = 0;
  std::string delivery;  // what the channels said: "" until delivered, then "ok" or the failures
};

struct PageRecord {
  std::string etag;
  std::string last_modified;
  Instant fetched = 0;
};

class WatchRecords {
 public:
  // A view over `db`, which must outlive it.
  explicit WatchRecords(Database& db) : db_(db) {}

  // Records `alert` under AlertKey(alert) at `now`, unless that key is
  // already recorded: true when it was new (the caller then sends it),
  // false when it had been recorded before (sent, or being sent, by an
  // earlier cycle).
  [[nodiscard]] Result<bool> RecordAlert(const Alert& alert, Instant now);
  // Notes how the delivery of a recorded alert went ("ok", or the
  // channels' failures in one line).
  [[nodiscard]] Status MarkDelivered(std::string_view key, std::string_view delivery);
  // Recorded alerts not yet marked delivered (a cycle stopped between
  // recording and delivering), oldest first.
  [[nodiscard]] Result<std::vector<StoredAlert>> Undelivered();
  // Alerts recorded at or after `since`, oldest first.
  [[nodiscard]] Result<std::vector<StoredAlert>> ListAlerts(Instant since = 0);

  // The last state noted for `topic` (e.g. "leader|incident:country:KP@1419264900"),
  // nullopt when none was.
  [[nodiscard]] Result<std::optional<std::string>> State(std::string_view topic);
  [[nodiscard]] Status SetState(std::string_view topic, std::string_view state, Instant now);
  // Every noted state whose topic starts with `prefix`, by topic.
  [[nodiscard]] Result<std::map<std::string, std::string>> States(std::string_view prefix);

  // Validators of pages read before, for those of `urls` that have them.
  [[nodiscard]] Result<std::map<std::string, PageRecord>> Pages(
      const std::vector<std::string>& urls);
  [[nodiscard]] Status SavePage(std::string_view url, const PageRecord& page);

 private:
  Database& db_;
};

}  // namespace corroborate::store
