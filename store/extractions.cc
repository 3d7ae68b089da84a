#include "store/extractions.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/core.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/text.h"
#include "store/internal/connection.h"

namespace corroborate::store {

namespace {

using internal::BindInt64OrNull;
using internal::ColumnInt64OrNull;
using nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json MentionsJson(const std::vector<Mention>& mentions) {
  json a = json::array();
  for (const Mention& m : mentions) {
    a.push_back({{"kind", EntityKindName(m.kind)},
                 {"id", m.id},
                 {"text", m.text},
                 {"begin", m.begin},
                 {"end", m.end}});
  }
  return a;
}

std::vector<Mention> MentionsFrom(const std::string& text) {
  std::vector<Mention> out;
  json a = json::parse(text, nullptr, false);
  if (!a.is_array()) return out;
  for (const json& m : a) {
    if (!m.is_object()) continue;
    Mention x;
    x.kind = EntityKindFromName(m.value("kind", "")).value_or(EntityKind::kOrganisation);
    x.id = m.value("id", "");
    x.text = m.value("text", "");
    x.begin = m.value("begin", std::size_t{0});
    x.end = m.value("end", std::size_t{0});
    out.push_back(std::move(x));
  }
  return out;
}

std::vector<std::string> StringsFrom(const std::string& text) {
  std::vector<std::string> out;
  json a = json::parse(text, nullptr, false);
  if (!a.is_array()) return out;
  for (const json& s : a) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
}

constexpr const char* kMarkExtractedSql =
    "INSERT INTO extractions (document_id, version, extracted_at) VALUES (?, ?, ?) "
    "ON CONFLICT (document_id) DO UPDATE SET version = excluded.version, "
    "extracted_at = excluded.extracted_at";
constexpr const char* kInsertTimexSql =
    "INSERT INTO timexes (document_id, begin, end, text, type, value, mod, utc_start, utc_end, "
    "granularity, duration, utc_offset, relative) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
constexpr const char* kInsertClaimSql =
    "INSERT INTO claims (document_id, type, sentence_begin, sentence_end, sentence, "
    "direct_quote, quote, speaker, role, organisation, represents, via, subject, state, scope, "
    "cause, actor, time_start, time_end, time_granularity, time_text, duration, duration_mod, "
    "duration_text, certainty, certainty_label, negated, cues, mentions, stance, "
    "about_this_event, source_begin, source_end, cue_begin, cue_end, published, duplicate) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
    "(SELECT published FROM documents WHERE id = ?1), "
    "coalesce((SELECT duplicate_of IS NOT NULL FROM documents WHERE id = ?1), 0))";

// Inserts timex `t` of document `document_id` with `st` (kInsertTimexSql).
void InsertTimex(SQLite::Statement& st, std::int64_t document_id, const Timex& t) {
  st.bind(1, document_id);
  st.bind(2, static_cast<std::int64_t>(t.begin));
  st.bind(3, static_cast<std::int64_t>(t.end));
  st.bind(4, SanitizeUtf8(t.text));
  st.bind(5, TimexTypeName(t.type));
  st.bind(6, t.value);
  st.bind(7, t.mod);
  BindInt64OrNull(st, 8,
                  t.interval ? std::optional<std::int64_t>(t.interval->start) : std::nullopt);
  BindInt64OrNull(st, 9, t.interval ? std::optional<std::int64_t>(t.interval->end) : std::nullopt);
  st.bind(10, GranularityName(t.interval ? t.interval->granularity : Granularity::kUnknown));
  BindInt64OrNull(st, 11, t.duration);
  st.bind(12, t.utc_offset);
  st.bind(13, t.relative ? 1 : 0);
  st.exec();
  st.reset();
}

// Inserts claim `c` of document `document_id` with `st` (kInsertClaimSql).
void InsertClaim(SQLite::Statement& st, std::int64_t document_id, const Claim& c) {
  int i = 1;
  st.bind(i++, document_id);
  st.bind(i++, ClaimTypeName(c.type));
  st.bind(i++, static_cast<std::int64_t>(c.sentence_begin));
  st.bind(i++, static_cast<std::int64_t>(c.sentence_end));
  st.bind(i++, SanitizeUtf8(c.sentence));
  st.bind(i++, c.direct_quote ? 1 : 0);
  st.bind(i++, SanitizeUtf8(c.quote));
  st.bind(i++, c.attribution.speaker);
  st.bind(i++, c.attribution.role);
  st.bind(i++, c.attribution.organisation);
  st.bind(i++, c.attribution.represents);
  st.bind(i++, Dump(json(c.attribution.via)));
  st.bind(i++, c.subject);
  st.bind(i++, c.state);
  st.bind(i++, c.scope);
  st.bind(i++, c.cause);
  st.bind(i++, c.actor);
  BindInt64OrNull(st, i++, c.time ? std::optional<std::int64_t>(c.time->start) : std::nullopt);
  BindInt64OrNull(st, i++, c.time ? std::optional<std::int64_t>(c.time->end) : std::nullopt);
  st.bind(i++, GranularityName(c.time ? c.time->granularity : Granularity::kUnknown));
  st.bind(i++, c.time_text);
  BindInt64OrNull(st, i++, c.duration_seconds);
  st.bind(i++, c.duration_mod);
  st.bind(i++, c.duration_text);
  st.bind(i++, c.certainty);
  st.bind(i++, c.certainty_label);
  st.bind(i++, c.negated ? 1 : 0);
  st.bind(i++, Dump(json(c.cues)));
  st.bind(i++, Dump(MentionsJson(c.mentions)));
  st.bind(i++, StanceName(c.stance));
  st.bind(i++, c.about_this_event ? 1 : 0);
  st.bind(i++, static_cast<std::int64_t>(c.attribution.source_begin));
  st.bind(i++, static_cast<std::int64_t>(c.attribution.source_end));
  st.bind(i++, static_cast<std::int64_t>(c.attribution.cue_begin));
  st.bind(i++, static_cast<std::int64_t>(c.attribution.cue_end));
  st.exec();
  st.reset();
}

constexpr const char* kClaimColumns =
    "id, document_id, type, sentence_begin, sentence_end, sentence, direct_quote, quote, speaker, "
    "role, organisation, represents, via, subject, state, scope, cause, actor, time_start, "
    "time_end, time_granularity, time_text, duration, duration_mod, duration_text, certainty, "
    "certainty_label, negated, cues, mentions, stance, about_this_event, source_begin, source_end, "
    "cue_begin, cue_end, published, duplicate";

// Reads the row of `q`, a SELECT of kClaimColumns.
StoredClaim ReadClaim(SQLite::Statement& q) {
  StoredClaim s;
  int i = 0;
  s.id = q.getColumn(i++).getInt64();
  s.document_id = q.getColumn(i++).getInt64();
  Claim& c = s.claim;
  c.type = ClaimTypeFromName(q.getColumn(i++).getString()).value_or(ClaimType::kOutageState);
  c.sentence_begin = static_cast<std::size_t>(q.getColumn(i++).getInt64());
  c.sentence_end = static_cast<std::size_t>(q.getColumn(i++).getInt64());
  c.sentence = q.getColumn(i++).getString();
  c.direct_quote = q.getColumn(i++).getInt() != 0;
  c.quote = q.getColumn(i++).getString();
  c.attribution.speaker = q.getColumn(i++).getString();
  c.attribution.role = q.getColumn(i++).getString();
  c.attribution.organisation = q.getColumn(i++).getString();
  c.attribution.represents = q.getColumn(i++).getString();
  c.attribution.via = StringsFrom(q.getColumn(i++).getString());
  c.subject = q.getColumn(i++).getString();
  c.state = q.getColumn(i++).getString();
  c.scope = q.getColumn(i++).getString();
  c.cause = q.getColumn(i++).getString();
  c.actor = q.getColumn(i++).getString();
  auto ts = ColumnInt64OrNull(q.getColumn(i++));
  auto te = ColumnInt64OrNull(q.getColumn(i++));
  auto g = GranularityFromName(q.getColumn(i++).getString()).value_or(Granularity::kUnknown);
  if (ts && te) c.time = Interval{*ts, *te, g};
  c.time_text = q.getColumn(i++).getString();
  c.duration_seconds = ColumnInt64OrNull(q.getColumn(i++));
  c.duration_mod = q.getColumn(i++).getString();
  c.duration_text = q.getColumn(i++).getString();
  c.certainty = q.getColumn(i++).getDouble();
  c.certainty_label = q.getColumn(i++).getString();
  c.negated = q.getColumn(i++).getInt() != 0;
  c.cues = StringsFrom(q.getColumn(i++).getString());
  c.mentions = MentionsFrom(q.getColumn(i++).getString());
  c.stance = StanceFromName(q.getColumn(i++).getString()).value_or(Stance::kAsserts);
  c.about_this_event = q.getColumn(i++).getInt() != 0;
  c.attribution.source_begin = static_cast<std::size_t>(q.getColumn(i++).getInt64());
  c.attribution.source_end = static_cast<std::size_t>(q.getColumn(i++).getInt64());
  c.attribution.cue_begin = static_cast<std::size_t>(q.getColumn(i++).getInt64());
  c.attribution.cue_end = static_cast<std::size_t>(q.getColumn(i++).getInt64());
  s.published = ColumnInt64OrNull(q.getColumn(i++));
  s.duplicate = q.getColumn(i++).getInt() != 0;
  return s;
}

}  // namespace

Status Extractions::Save(const std::vector<DocumentExtraction>& batch, int version, Instant now) {
  internal::Connection& m = db_.connection();
  return internal::Guard(m.path, "saving extraction", [&]() -> Status {
    internal::WriteTransaction tx(m.db);
    SQLite::Statement del_t(m.db, "DELETE FROM timexes WHERE document_id = ?");
    SQLite::Statement del_c(m.db, "DELETE FROM claims WHERE document_id = ?");
    SQLite::Statement mark(m.db, kMarkExtractedSql);
    SQLite::Statement ins_t(m.db, kInsertTimexSql);
    SQLite::Statement ins_c(m.db, kInsertClaimSql);
    for (const DocumentExtraction& d : batch) {
      for (SQLite::Statement* del : {&del_t, &del_c}) {
        del->bind(1, d.document_id);
        del->exec();
        del->reset();
      }
      for (const Timex& t : d.timexes) InsertTimex(ins_t, d.document_id, t);
      for (const Claim& c : d.claims) InsertClaim(ins_c, d.document_id, c);
      mark.bind(1, d.document_id);
      mark.bind(2, version);
      mark.bind(3, static_cast<std::int64_t>(now));
      mark.exec();
      mark.reset();
    }
    tx.Commit();
    return {};
  });
}

Result<std::vector<std::int64_t>> Extractions::Pending(int version) {
  internal::Connection& m = db_.connection();
  return internal::Guard(
      m.path, "reading pending documents", [&]() -> Result<std::vector<std::int64_t>> {
        SQLite::Statement q(
            m.db,
            "SELECT d.id FROM documents d LEFT JOIN extractions e ON e.document_id = d.id "
            "WHERE e.document_id IS NULL OR e.version < ? ORDER BY d.id");
        q.bind(1, version);
        std::vector<std::int64_t> out;
        while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
        return out;
      });
}

Result<std::vector<StoredClaim>> Extractions::ListClaims(std::optional<std::int64_t> document_id) {
  internal::Connection& m = db_.connection();
  return internal::Guard(m.path, "reading claims", [&]() -> Result<std::vector<StoredClaim>> {
    SQLite::Statement q(
        m.db, fmt::format("SELECT {} FROM claims WHERE ?1 IS NULL OR document_id = ?1 ORDER BY id",
                          kClaimColumns));
    BindInt64OrNull(q, 1, document_id);
    std::vector<StoredClaim> out;
    while (q.executeStep()) out.push_back(ReadClaim(q));
    return out;
  });
}

Result<std::vector<StoredClaim>> Extractions::ClaimsNear(const std::vector<Interval>& ranges) {
  internal::Connection& m = db_.connection();
  return internal::Guard(m.path, "reading claims", [&]() -> Result<std::vector<StoredClaim>> {
    std::set<std::int64_t> documents;
    SQLite::Statement published(
        m.db, "SELECT document_id FROM claims WHERE published >= ?1 AND published <= ?2");
    SQLite::Statement stated(m.db,
                             "SELECT c.document_id FROM claim_times t JOIN claims c ON c.id = t.id "
                             "WHERE t.start <= ?2 AND t.end >= ?1 AND min(c.time_start, "
                             "c.time_end) <= ?2 AND max(c.time_start, c.time_end) >= ?1");
    for (const Interval& r : ranges) {
      for (SQLite::Statement* q : {&published, &stated}) {
        q->bind(1, static_cast<std::int64_t>(r.start));
        q->bind(2, static_cast<std::int64_t>(r.end));
        while (q->executeStep()) documents.insert(q->getColumn(0).getInt64());
        q->reset();
      }
    }
    SQLite::Statement q(m.db,
                        fmt::format("SELECT {} FROM claims WHERE document_id = ?1", kClaimColumns));
    std::vector<StoredClaim> out;
    for (std::int64_t id : documents) {
      q.bind(1, id);
      while (q.executeStep()) out.push_back(ReadClaim(q));
      q.reset();
    }
    std::sort(out.begin(), out.end(),
              [](const StoredClaim& a, const StoredClaim& b) { return a.id < b.id; });
    return out;
  });
}

Result<std::vector<StoredClaim>> Extractions::ClaimsById(const std::vector<std::int64_t>& ids) {
  internal::Connection& m = db_.connection();
  return internal::Guard(m.path, "reading claims", [&]() -> Result<std::vector<StoredClaim>> {
    SQLite::Statement q(m.db, fmt::format("SELECT {} FROM claims WHERE id = ?1", kClaimColumns));
    std::vector<StoredClaim> out;
    for (std::int64_t id : std::set<std::int64_t>(ids.begin(), ids.end())) {
      q.bind(1, id);
      if (q.executeStep()) out.push_back(ReadClaim(q));
      q.reset();
    }
    return out;
  });
}

Result<std::vector<Timex>> Extractions::ListTimexes(std::int64_t document_id) {
  internal::Connection& m = db_.connection();
  return internal::Guard(m.path, "reading timexes", [&]() -> Result<std::vector<Timex>> {
    SQLite::Statement q(
        m.db,
        "SELECT begin, end, text, type, value, mod, utc_start, utc_end, granularity, duration, "
        "utc_offset, relative FROM timexes WHERE document_id = ? ORDER BY begin");
    q.bind(1, document_id);
    std::vector<Timex> out;
    while (q.executeStep()) {
      Timex t;
      t.begin = static_cast<std::size_t>(q.getColumn(0).getInt64());
      t.end = static_cast<std::size_t>(q.getColumn(1).getInt64());
      t.text = q.getColumn(2).getString();
      std::string type = q.getColumn(3).getString();
      t.type = type == "TIME"       ? TimexType::kTime
               : type == "DURATION" ? TimexType::kDuration
               : type == "SET"      ? TimexType::kSet
                                    : TimexType::kDate;
      t.value = q.getColumn(4).getString();
      t.mod = q.getColumn(5).getString();
      auto s = ColumnInt64OrNull(q.getColumn(6));
      auto e = ColumnInt64OrNull(q.getColumn(7));
      auto g = GranularityFromName(q.getColumn(8).getString()).value_or(Granularity::kUnknown);
      if (s && e) t.interval = Interval{*s, *e, g};
      t.duration = ColumnInt64OrNull(q.getColumn(9));
      t.utc_offset = q.getColumn(10).getInt();
      t.relative = q.getColumn(11).getInt() != 0;
      out.push_back(std::move(t));
    }
    return out;
  });
}

Result<std::int64_t> Extractions::CountClaims() {
  internal::Connection& m = db_.connection();
  return internal::Guard(m.path, "counting claims", [&]() -> Result<std::int64_t> {
    return m.db.execAndGet("SELECT count(*) FROM claims").getInt64();
  });
}

}  // namespace corroborate::store
