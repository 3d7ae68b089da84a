#include "store/measurements.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/core.h>

#include <cstring>

#include "store/internal/connection.h"
#include "store/internal/evidence_json.h"

namespace corroborate::store {

namespace {

std::string PackValues(const std::vector<double>& values) {
  std::string out(values.size() * sizeof(double), '\0');
  if (!values.empty())
    std::memcpy(out.data(), values.data(), out.size());  // x86-64/ARM: little-endian
  return out;
}

std::vector<double> UnpackValues(const void* data, int bytes) {
  std::vector<double> out(static_cast<size_t>(bytes) / sizeof(double));
  if (!out.empty()) std::memcpy(out.data(), data, out.size() * sizeof(double));
  return out;
}

// ON CONFLICT DO NOTHING skips rows already stored (unique keys) but, unlike
// INSERT OR IGNORE, still fails on CHECK violations.
constexpr const char* kInsertWindow =
    "INSERT INTO windows (entity, kind, start, end, source, signal, severity, score, cause, "
    "outage_type, "
    "scope, description, url, evidence, provenance, detected, imported_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
constexpr const char* kInsertSeries =
    "INSERT INTO series (entity, datasource, start, step, count, vals, provenance, imported_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

int InsertSeries(SQLite::Database& db, const std::vector<Series>& series, Instant now) {
  SQLite::Statement st(db, kInsertSeries);
  int added = 0;
  for (const Series& s : series) {
    std::string blob = PackValues(s.values);
    st.bind(1, s.entity);
    st.bind(2, s.datasource);
    st.bind(3, static_cast<std::int64_t>(s.start));
    st.bind(4, static_cast<std::int64_t>(s.step));
    st.bind(5, static_cast<std::int64_t>(s.values.size()));
    st.bind(6, blob.data(), static_cast<int>(blob.size()));
    st.bind(7, s.provenance);
    st.bind(8, static_cast<std::int64_t>(now));
    added += st.exec();
    st.reset();
  }
  return added;
}

int InsertWindows(SQLite::Database& db, const std::vector<OutageWindow>& windows, bool detected,
                  Instant now) {
  SQLite::Statement st(db, kInsertWindow);
  int added = 0;
  for (const OutageWindow& w : windows) {
    st.bind(1, w.entity);
    st.bind(2, WindowKindName(w.kind));
    st.bind(3, static_cast<std::int64_t>(w.start));
    st.bind(4, static_cast<std::int64_t>(w.end));
    st.bind(5, w.source);
    st.bind(6, w.signal);
    st.bind(7, w.severity);
    st.bind(8, w.score);
    st.bind(9, w.cause);
    st.bind(10, w.outage_type);
    st.bind(11, w.scope);
    st.bind(12, w.description);
    st.bind(13, w.url);
    st.bind(14, internal::EvidenceJson(w.evidence));
    st.bind(15, w.provenance);
    st.bind(16, detected ? 1 : 0);
    st.bind(17, static_cast<std::int64_t>(now));
    added += st.exec();
    st.reset();
  }
  return added;
}

}  // namespace

Result<SaveReport> Measurements::SaveImport(const std::vector<Series>& series,
                                            const std::vector<OutageWindow>& windows, Instant now) {
  internal::Connection& m = db_.connection();
  return internal::Guard(m.path, "saving measurements", [&]() -> Result<SaveReport> {
    internal::WriteTransaction tx(m.db);
    SaveReport r;
    r.series_added = InsertSeries(m.db, series, now);
    r.windows_added = InsertWindows(m.db, windows, false, now);
    r.unchanged =
        static_cast<int>(series.size() + windows.size()) - r.series_added - r.windows_added;
    tx.Commit();
    return r;
  });
}

Result<SaveReport> Measurements::SaveDetected(const std::string& entity,
                                              const std::vector<Series>& series,
                                              const std::vector<OutageWindow>& windows,
                                              Instant now) {
  internal::Connection& m = db_.connection();
  return internal::Guard(m.path, "saving detected windows", [&]() -> Result<SaveReport> {
    internal::WriteTransaction tx(m.db);
    SaveReport r;
    SQLite::Statement del(m.db, "DELETE FROM windows WHERE detected = 1 AND entity = ?");
    del.bind(1, entity);
    r.replaced = del.exec();
    r.series_added = InsertSeries(m.db, series, now);
    r.windows_added = InsertWindows(m.db, windows, true, now);
    r.unchanged =
        static_cast<int>(series.size() + windows.size()) - r.series_added - r.windows_added;
    tx.Commit();
    return r;
  });
}

Result<std::vector<OutageWindow>> Measurements::ListWindows(const WindowFilter& f) {
  internal::Connection& m = db_.connection();
  return internal::Guard(m.path, "reading windows", [&]() -> Result<std::vector<OutageWindow>> {
    std::string sql =
        "SELECT id, entity, kind, start, end, source, signal, severity, score, cause, outage_type, "
        "scope, "
        "description, url, evidence, provenance FROM windows WHERE 1";
    if (f.entity) sql += " AND entity = :entity";
    if (f.kind) sql += " AND kind = :kind";
    if (f.from) sql += " AND end >= :from";
    if (f.to) sql += " AND start < :to";
    sql += " ORDER BY start, id";
    SQLite::Statement q(m.db, sql);
    if (f.entity) q.bind(":entity", *f.entity);
    if (f.kind) q.bind(":kind", WindowKindName(*f.kind));
    if (f.from) q.bind(":from", static_cast<std::int64_t>(*f.from));
    if (f.to) q.bind(":to", static_cast<std::int64_t>(*f.to));
    std::vector<OutageWindow> out;
    while (q.executeStep()) {
      OutageWindow w;
      w.id = q.getColumn(0).getInt64();
      w.entity = q.getColumn(1).getString();
      w.kind = q.getColumn(2).getString() == "instability" ? WindowKind::kInstability
                                                           : WindowKind::kOutage;
      w.start = q.getColumn(3).getInt64();
      w.end = q.getColumn(4).getInt64();
      w.source = q.getColumn(5).getString();
      w.signal = q.getColumn(6).getString();
      w.severity = q.getColumn(7).getString();
      w.score = q.getColumn(8).getDouble();
      w.cause = q.getColumn(9).getString();
      w.outage_type = q.getColumn(10).getString();
      w.scope = q.getColumn(11).getString();
      w.description = q.getColumn(12).getString();
      w.url = q.getColumn(13).getString();
      w.evidence = internal::ParseEvidence(q.getColumn(14).getString());
      w.provenance = q.getColumn(15).getString();
      out.push_back(std::move(w));
    }
    return out;
  });
}

Result<std::vector<Series>> Measurements::ListSeries(const std::string& entity) {
  internal::Connection& m = db_.connection();
  return internal::Guard(m.path, "reading series", [&]() -> Result<std::vector<Series>> {
    SQLite::Statement q(m.db,
                        "SELECT entity, datasource, start, step, vals, provenance FROM series "
                        "WHERE ?1 = '' OR entity = ?1 ORDER BY entity, datasource, start");
    q.bind(1, entity);
    std::vector<Series> out;
    while (q.executeStep()) {
      Series s;
      s.entity = q.getColumn(0).getString();
      s.datasource = q.getColumn(1).getString();
      s.start = q.getColumn(2).getInt64();
      s.step = q.getColumn(3).getInt64();
      SQLite::Column blob = q.getColumn(4);
      s.values = UnpackValues(blob.getBlob(), blob.getBytes());
      s.provenance = q.getColumn(5).getString();
      out.push_back(std::move(s));
    }
    return out;
  });
}

Result<std::vector<std::string>> Measurements::Entities() {
  internal::Connection& m = db_.connection();
  return internal::Guard(m.path, "reading entities", [&]() -> Result<std::vector<std::string>> {
    SQLite::Statement q(m.db,
                        "SELECT entity FROM windows UNION SELECT entity FROM series ORDER BY 1");
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
}

}  // namespace corroborate::store
