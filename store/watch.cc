#include "store/watch.h"

#include <fmt/core.h>

#include "store/internal/connection.h"

namespace corroborate::store {
namespace {

using internal::Guard;

constexpr const char* kAlertColumns =
    "id, key, kind, entity, subject, state, previous, summary, details, url, found, recorded, "
    "delivery";

StoredAlert ReadAlert(const SQLite::Statement& s) {
  StoredAlert a;
  a.id = s.getColumn(0).getInt64();
  a.key = s.getColumn(1).getString();
  a.alert.kind = AlertKindFromName(s.getColumn(2).getString()).value_or(AlertKind::kNewIncident);
  a.alert.entity = s.getColumn(3).getString();
  a.alert.subject = s.getColumn(4).getString();
  a.alert.state = s.getColumn(5).getString();
  a.alert.previous = s.getColumn(6).getString();
  a.alert.summary = s.getColumn(7).getString();
  a.alert.details_json = s.getColumn(8).getString();
  a.alert.url = s.getColumn(9).getString();
  a.alert.time = s.getColumn(10).getInt64();
  a.recorded = s.getColumn(11).getInt64();
  a.delivery = s.getColumn(12).getString();
  return a;
}

}  // namespace

Result<bool> WatchRecords::RecordAlert(const Alert& alert, Instant now) {
  internal::Connection& c = db_.connection();
  const std::string key = AlertKey(alert);
  return Guard(c.path, fmt::format("recording alert {}", key), [&]() -> Result<bool> {
    internal::WriteTransaction tx(c.db);
    SQLite::Statement insert(
        c.db,
        "INSERT OR IGNORE INTO alerts (key, kind, entity, subject, state, previous, summary, "
        "details, url, found, recorded) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    insert.bind(1, key);
    insert.bind(2, AlertKindName(alert.kind));
    insert.bind(3, alert.entity);
    insert.bind(4, alert.subject);
    insert.bind(5, alert.state);
    insert.bind(6, alert.previous);
    insert.bind(7, alert.summary);
    insert.bind(8, alert.details_json.empty() ? std::string("{}") : alert.details_json);
    insert.bind(9, alert.url);
    insert.bind(10, static_cast<std::int64_t>(alert.time));
    insert.bind(11, static_cast<std::int64_t>(now));
    const bool fresh = insert.exec() == 1;
    tx.Commit();
    return fresh;
  });
}

Status WatchRecords::MarkDelivered(std::string_view key, std::string_view delivery) {
  internal::Connection& c = db_.connection();
  return Guard(c.path, fmt::format("marking alert {} delivered", key), [&]() -> Status {
    internal::WriteTransaction tx(c.db);
    SQLite::Statement update(c.db, "UPDATE alerts SET delivery = ?2 WHERE key = ?1");
    update.bind(1, std::string(key));
    update.bind(2, std::string(delivery.empty() ? "ok" : delivery));
    if (update.exec() != 1) return Fail(ErrorCode::kNotFound, fmt::format("no alert {}", key));
    tx.Commit();
    return {};
  });
}

Result<std::vector<StoredAlert>> WatchRecords::Undelivered() {
  internal::Connection& c = db_.connection();
  return Guard(c.path, "listing undelivered alerts", [&]() -> Result<std::vector<StoredAlert>> {
    SQLite::Statement q(
        c.db, fmt::format("SELECT {} FROM alerts WHERE delivery = '' ORDER BY id", kAlertColumns));
    std::vector<StoredAlert> out;
    while (q.executeStep()) out.push_back(ReadAlert(q));
    return out;
  });
}

Result<std::vector<StoredAlert>> WatchRecords::ListAlerts(Instant since) {
  internal::Connection& c = db_.connection();
  return Guard(c.path, "listing alerts", [&]() -> Result<std::vector<StoredAlert>> {
    SQLite::Statement q(
        c.db, fmt::format("SELECT {} FROM alerts WHERE recorded >= ?1 ORDER BY id", kAlertColumns));
    q.bind(1, static_cast<std::int64_t>(since));
    std::vector<StoredAlert> out;
    while (q.executeStep()) out.push_back(ReadAlert(q));
    return out;
  });
}

Result<std::optional<std::string>> WatchRecords::State(std::string_view topic) {
  internal::Connection& c = db_.connection();
  return Guard(c.path, "reading watch state", [&]() -> Result<std::optional<std::string>> {
    SQLite::Statement q(c.db, "SELECT state FROM watch_state WHERE topic = ?1");
    q.bind(1, std::string(topic));
    if (!q.executeStep()) return std::optional<std::string>();
    return std::optional<std::string>(q.getColumn(0).getString());
  });
}

Status WatchRecords::SetState(std::string_view topic, std::string_view state, Instant now) {
  internal::Connection& c = db_.connection();
  return Guard(c.path, "writing watch state", [&]() -> Status {
    internal::WriteTransaction tx(c.db);
    SQLite::Statement upsert(
        c.db,
        "INSERT INTO watch_state (topic, state, updated) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (topic) DO UPDATE SET state = excluded.state, updated = excluded.updated");
    upsert.bind(1, std::string(topic));
    upsert.bind(2, std::string(state));
    upsert.bind(3, static_cast<std::int64_t>(now));
    upsert.exec();
    tx.Commit();
    return {};
  });
}

Result<std::map<std::string, std::string>> WatchRecords::States(std::string_view prefix) {
  internal::Connection& c = db_.connection();
  return Guard(c.path, "reading watch state", [&]() -> Result<std::map<std::string, std::string>> {
    // substr rather than LIKE: a prefix may hold '%' and '_'.
    SQLite::Statement q(
        c.db, "SELECT topic, state FROM watch_state WHERE substr(topic, 1, length(?1)) = ?1");
    q.bind(1, std::string(prefix));
    std::map<std::string, std::string> out;
    while (q.executeStep()) out.emplace(q.getColumn(0).getString(), q.getColumn(1).getString());
    return out;
  });
}

Result<std::map<std::string, PageRecord>> WatchRecords::Pages(
    const std::vector<std::string>& urls) {
  internal::Connection& c = db_.connection();
  return Guard(
      c.path, "reading page validators", [&]() -> Result<std::map<std::string, PageRecord>> {
        SQLite::Statement q(c.db, "SELECT etag, last_modified, fetched FROM pages WHERE url = ?1");
        std::map<std::string, PageRecord> out;
        for (const std::string& url : urls) {
          q.reset();
          q.bind(1, url);
          if (q.executeStep()) {
            out[url] = PageRecord{q.getColumn(0).getString(), q.getColumn(1).getString(),
                                  q.getColumn(2).getInt64()};
          }
        }
        return out;
      });
}

Status WatchRecords::SavePage(std::string_view url, const PageRecord& page) {
  internal::Connection& c = db_.connection();
  return Guard(c.path, fmt::format("saving validators of {}", url), [&]() -> Status {
    internal::WriteTransaction tx(c.db);
    SQLite::Statement upsert(
        c.db,
        "INSERT INTO pages (url, etag, last_modified, fetched) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
        "last_modified = excluded.last_modified, fetched = excluded.fetched");
    upsert.bind(1, std::string(url));
    upsert.bind(2, page.etag);
    upsert.bind(3, page.last_modified);
    upsert.bind(4, static_cast<std::int64_t>(page.fetched));
    upsert.exec();
    tx.Commit();
    return {};
  });
}

}  // namespace corroborate::store
