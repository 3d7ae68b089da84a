#include "store/sources.h"

#include <fmt/core.h>

#include "store/internal/connection.h"

namespace corroborate::store {
namespace {

using internal::Guard;

constexpr const char* kSourceColumns =
    "id, kind, url, title, reliability, etag, last_modified, next_poll, poll_interval, "
    "last_error, consecutive_failures";

Source ReadSource(const SQLite::Statement& s) {
  Source src;
  src.id = s.getColumn(0).getInt64();
  src.kind = SourceKindFromName(s.getColumn(1).getText()).value_or(SourceKind::kFeed);
  src.url = s.getColumn(2).getString();
  src.title = s.getColumn(3).getString();
  std::string grade = s.getColumn(4).getString();
  src.reliability = grade.empty() ? 'F' : grade[0];
  src.etag = s.getColumn(5).getString();
  src.last_modified = s.getColumn(6).getString();
  src.next_poll = s.getColumn(7).getInt64();
  src.poll_interval = s.getColumn(8).getInt64();
  src.last_error = s.getColumn(9).getString();
  src.consecutive_failures = s.getColumn(10).getInt();
  return src;
}

bool ValidGrade(char c) { return c >= 'A' && c <= 'F'; }

}  // namespace

Result<AddSourceResult> Sources::AddSource(const NewSource& source, Instant now) {
  if (source.url.empty()) return Fail(ErrorCode::kInvalidArgument, "source URL is empty");
  if (source.reliability && !ValidGrade(*source.reliability)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: reliability must be a grade A..F", source.url));
  }
  if (source.poll_interval && *source.poll_interval <= 0) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: poll interval must be positive", source.url));
  }
  internal::Connection& c = db_.connection();
  return Guard(
      c.path, fmt::format("adding source {}", source.url), [&]() -> Result<AddSourceResult> {
        SQLite::Database& db = c.db;
        internal::WriteTransaction tx(db);
        SQLite::Statement find(db, "SELECT id FROM sources WHERE url = ?1");
        find.bind(1, source.url);
        AddSourceResult result;
        const std::string kind = SourceKindName(source.kind);
        if (find.executeStep()) {
          result.id = find.getColumn(0).getInt64();
          SQLite::Statement update(db,
                                   "UPDATE sources SET kind = ?2, "
                                   "title = COALESCE(?3, title), "
                                   "reliability = COALESCE(?4, reliability), "
                                   "poll_interval = COALESCE(?5, poll_interval) WHERE id = ?1");
          update.bind(1, static_cast<std::int64_t>(result.id));
          update.bind(2, kind);
          internal::BindTextOrNull(update, 3, source.title);
          if (source.reliability) {
            update.bind(4, std::string(1, *source.reliability));
          } else {
            update.bind(4);
          }
          internal::BindInstant(update, 5, source.poll_interval);
          update.exec();
        } else {
          SQLite::Statement insert(db,
                                   "INSERT INTO sources (kind, url, title, reliability, next_poll, "
                                   "poll_interval, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)");
          insert.bind(1, kind);
          insert.bind(2, source.url);
          insert.bind(3, source.title);
          insert.bind(4, std::string(1, source.reliability.value_or('F')));
          insert.bind(5, static_cast<std::int64_t>(now));
          insert.bind(6, static_cast<std::int64_t>(source.poll_interval.value_or(3600)));
          insert.exec();
          result.id = db.getLastInsertRowid();
          result.created = true;
        }
        tx.Commit();
        return result;
      });
}

Result<std::vector<Source>> Sources::ListSources() {
  internal::Connection& c = db_.connection();
  return Guard(c.path, "listing sources", [&]() -> Result<std::vector<Source>> {
    SQLite::Statement s(c.db, fmt::format("SELECT {} FROM sources ORDER BY id", kSourceColumns));
    std::vector<Source> out;
    while (s.executeStep()) out.push_back(ReadSource(s));
    return out;
  });
}

Status Sources::RemoveSource(std::string_view url) {
  const std::string key(url);
  internal::Connection& c = db_.connection();
  return Guard(c.path, fmt::format("removing source {}", key), [&]() -> Status {
    SQLite::Statement s(c.db, "DELETE FROM sources WHERE url = ?1");
    s.bind(1, key);
    if (s.exec() == 0) return Fail(ErrorCode::kNotFound, fmt::format("{}: no such source", key));
    return {};
  });
}

Result<Source> Sources::GetSource(std::int64_t id) {
  internal::Connection& c = db_.connection();
  return Guard(c.path, "reading source", [&]() -> Result<Source> {
    SQLite::Statement s(c.db, fmt::format("SELECT {} FROM sources WHERE id = ?1", kSourceColumns));
    s.bind(1, static_cast<std::int64_t>(id));
    if (!s.executeStep()) {
      return Fail(ErrorCode::kNotFound, fmt::format("source {}: no such source", id));
    }
    return ReadSource(s);
  });
}

Result<Source> Sources::GetSource(std::string_view url) {
  const std::string key(url);
  internal::Connection& c = db_.connection();
  return Guard(c.path, "reading source", [&]() -> Result<Source> {
    SQLite::Statement s(c.db, fmt::format("SELECT {} FROM sources WHERE url = ?1", kSourceColumns));
    s.bind(1, key);
    if (!s.executeStep()) return Fail(ErrorCode::kNotFound, fmt::format("{}: no such source", key));
    return ReadSource(s);
  });
}

Result<std::vector<Source>> Sources::DueSources(Instant now) {
  internal::Connection& c = db_.connection();
  return Guard(c.path, "listing due sources", [&]() -> Result<std::vector<Source>> {
    SQLite::Statement s(c.db, fmt::format("SELECT {} FROM sources WHERE next_poll <= ?1 "
                                          "ORDER BY next_poll, id",
                                          kSourceColumns));
    s.bind(1, static_cast<std::int64_t>(now));
    std::vector<Source> out;
    while (s.executeStep()) out.push_back(ReadSource(s));
    return out;
  });
}

Status Sources::RecordFetchSuccess(std::int64_t source_id, std::string_view etag,
                                   std::string_view last_modified, Instant next_poll) {
  internal::Connection& c = db_.connection();
  return Guard(c.path, "recording fetch", [&]() -> Status {
    SQLite::Statement s(c.db,
                        "UPDATE sources SET etag = ?2, last_modified = ?3, next_poll = ?4, "
                        "last_error = '', consecutive_failures = 0 WHERE id = ?1");
    s.bind(1, static_cast<std::int64_t>(source_id));
    s.bind(2, std::string(etag));
    s.bind(3, std::string(last_modified));
    s.bind(4, static_cast<std::int64_t>(next_poll));
    if (s.exec() == 0) {
      return Fail(ErrorCode::kNotFound, fmt::format("source {}: no such source", source_id));
    }
    return {};
  });
}

Status Sources::RecordFetchFailure(std::int64_t source_id, std::string_view error,
                                   Instant next_poll) {
  internal::Connection& c = db_.connection();
  return Guard(c.path, "recording fetch failure", [&]() -> Status {
    SQLite::Statement s(c.db,
                        "UPDATE sources SET last_error = ?2, next_poll = ?3, "
                        "consecutive_failures = consecutive_failures + 1 WHERE id = ?1");
    s.bind(1, static_cast<std::int64_t>(source_id));
    s.bind(2, std::string(error));
    s.bind(3, static_cast<std::int64_t>(next_poll));
    if (s.exec() == 0) {
      return Fail(ErrorCode::kNotFound, fmt::format("source {}: no such source", source_id));
    }
    return {};
  });
}

}  // namespace corroborate::store
