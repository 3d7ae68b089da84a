#include "store/internal/migrations.h"

namespace corroborate::store::internal {
namespace {

// v1: sources, documents, full-text index.
// Empty canonical_url/guid are stored as NULL so the partial unique indexes
// only hold real identities. The FTS5 table is external-content over
// documents (the text is stored once) and is kept in step by triggers.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT 'feed' CHECK (kind IN ('feed', 'page', 'mastodon', 'bluesky')),
  url TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL DEFAULT '',
  reliability TEXT NOT NULL DEFAULT 'F' CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  next_poll INTEGER NOT NULL DEFAULT 0,
  poll_interval INTEGER NOT NULL DEFAULT 3600 CHECK (poll_interval > 0),
  last_error TEXT NOT NULL DEFAULT '',
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  added_at INTEGER NOT NULL
);
CREATE INDEX sources_next_poll ON sources (next_poll);

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  source_id INTEGER REFERENCES sources (id) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN ('article', 'post', 'comment')),
  url TEXT NOT NULL DEFAULT '',
  canonical_url TEXT CHECK (canonical_url <> ''),
  guid TEXT CHECK (guid <> ''),
  title TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  published INTEGER,
  published_precision TEXT NOT NULL DEFAULT 'unknown',
  modified INTEGER,
  fetched INTEGER NOT NULL,
  language TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL DEFAULT '',
  raw BLOB,
  raw_size INTEGER NOT NULL DEFAULT 0,
  raw_type TEXT NOT NULL DEFAULT '',
  parent_url TEXT NOT NULL DEFAULT '',
  quote_of TEXT NOT NULL DEFAULT '',
  duplicate_of INTEGER REFERENCES documents (id)
);
CREATE UNIQUE INDEX documents_canonical_url ON documents (canonical_url) WHERE canonical_url IS NOT NULL;
CREATE UNIQUE INDEX documents_guid ON documents (guid) WHERE guid IS NOT NULL;
CREATE INDEX documents_content_hash ON documents (content_hash) WHERE content_hash <> '';
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_source ON documents (source_id);
CREATE INDEX documents_duplicate_of ON documents (duplicate_of) WHERE duplicate_of IS NOT NULL;

CREATE VIRTUAL TABLE documents_fts USING fts5 (
  title, text, content = 'documents', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
  INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
)sql";

// v2: measurements. Series values are little-endian float64 arrays (NaN =
// missing). Imported rows are unique on what identifies them in their
// source, so importing a file twice adds nothing; detected windows
// (detected = 1) are replaced per entity when detection runs again.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  datasource TEXT NOT NULL,
  start INTEGER NOT NULL,
  step INTEGER NOT NULL CHECK (step > 0),
  count INTEGER NOT NULL,
  vals BLOB NOT NULL,
  provenance TEXT NOT NULL DEFAULT '',
  imported_at INTEGER NOT NULL,
  UNIQUE (entity, datasource, start, step, provenance)
);
CREATE TABLE windows (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('outage', 'instability')),
  start INTEGER NOT NULL,
  end INTEGER NOT NULL CHECK (end >= start),
  source TEXT NOT NULL,
  signal TEXT NOT NULL DEFAULT '',
  severity TEXT NOT NULL DEFAULT '',
  score REAL NOT NULL DEFAULT 0,
  cause TEXT NOT NULL DEFAULT '',
  outage_type TEXT NOT NULL DEFAULT '',
  scope TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '',
  provenance TEXT NOT NULL DEFAULT '',
  detected INTEGER NOT NULL DEFAULT 0,
  imported_at INTEGER NOT NULL,
  UNIQUE (entity, kind, start, end, source, signal, provenance)
);
CREATE INDEX windows_entity_time ON windows (entity, start);
)sql";

// v3: extraction output. Lists (relay chain, cue words, mentions) are JSON
// text; each document's rows are replaced together when it is re-extracted.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE extractions (
  document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  extracted_at INTEGER NOT NULL
);
CREATE TABLE timexes (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  begin INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT NOT NULL,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  mod TEXT NOT NULL DEFAULT '',
  utc_start INTEGER,
  utc_end INTEGER,
  granularity TEXT NOT NULL DEFAULT 'unknown',
  duration INTEGER,
  utc_offset INTEGER NOT NULL DEFAULT 0,
  relative INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX timexes_document ON timexes (document_id);
CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  sentence_begin INTEGER NOT NULL,
  sentence_end INTEGER NOT NULL,
  sentence TEXT NOT NULL,
  direct_quote INTEGER NOT NULL DEFAULT 0,
  quote TEXT NOT NULL DEFAULT '',
  speaker TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL DEFAULT '',
  organisation TEXT NOT NULL DEFAULT '',
  represents TEXT NOT NULL DEFAULT '',
  via TEXT NOT NULL DEFAULT '[]',
  subject TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT '',
  scope TEXT NOT NULL DEFAULT '',
  cause TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL DEFAULT '',
  time_start INTEGER,
  time_end INTEGER,
  time_granularity TEXT NOT NULL DEFAULT 'unknown',
  time_text TEXT NOT NULL DEFAULT '',
  duration INTEGER,
  duration_mod TEXT NOT NULL DEFAULT '',
  duration_text TEXT NOT NULL DEFAULT '',
  certainty REAL NOT NULL,
  certainty_label TEXT NOT NULL DEFAULT '',
  negated INTEGER NOT NULL DEFAULT 0,
  cues TEXT NOT NULL DEFAULT '[]',
  mentions TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX claims_document ON claims (document_id);
CREATE INDEX claims_subject ON claims (subject);
)sql";

// v4: faster indexing of new documents (measured with tests/bench/bench_store).
// * InsertDocuments adds the new rows to documents_fts itself, in one
//   INSERT ... SELECT per batch, instead of the per-row AFTER INSERT trigger
//   (running the trigger program for every row cost about as much as a
//   fifth of the whole insert). The delete and update triggers stay, so the
//   index still follows every other change; InsertDocuments is the only
//   writer of new documents rows.
// * automerge 16 instead of FTS5's default 4. In SQLite 3.40 each flush of a
//   batch's terms is followed by merge work proportional to the pages written
//   times the number of levels; with 4, storing 100,000 documents in batches
//   of 1,000 wrote 3.27 GB for a 530 MB file, with 16 it wrote 2.59 GB (about
//   what no merging at all writes). A level now holds up to 15 segments
//   before they merge; search times on that corpus did not change measurably.
constexpr std::string_view kV4 = R"sql(
DROP TRIGGER documents_fts_insert;
INSERT INTO documents_fts (documents_fts, rank) VALUES ('automerge', 16);
)sql";

// v5: the UTC offset (seconds east) a document's publication time was
// written with, NULL when it gave none; extraction reads the text's "today"
// and weekdays in that zone.
constexpr std::string_view kV5 = R"sql(
ALTER TABLE documents ADD COLUMN published_offset INTEGER;
)sql";

// v6: the content-hash index keys on the hash's first 16 hex digits (64
// bits) instead of all 32, as an expression index. Hashes are random, so each
// batch of new documents dirties pages all over this index, and every commit
// writes those pages again; half the key is about half the pages (measured
// with bench_store: 122 MB less written for 100,000 documents, 5-8% faster).
// Lookups compare the whole hash on the rows the key finds.
constexpr std::string_view kV6 = R"sql(
DROP INDEX documents_content_hash;
CREATE INDEX documents_content_key ON documents (substr(content_hash, 1, 16)) WHERE content_hash <> '';
)sql";

// v7: identities are looked up by 64-bit integer keys: canonical_key,
// guid_key and content_key hold XXH3-64 of canonical_url, guid and
// content_hash (corroborate_key(), see identity_index.h), indexed in place
// of the text columns. Every batch of new documents dirties pages all over
// these indexes, since the keys are random, and each commit writes those
// pages again; integer entries are a third of the size of URL entries, so
// far fewer pages (measured with bench_store: ~0.7 GB less written for
// 100,000 documents, 15-25% faster). The URL and GUID keys are UNIQUE, so
// the database still refuses a second row with the same identity. Should two
// different values ever share a key (a 64-bit hash collision), the later row
// keeps a NULL key and is found through the small *_unkeyed indexes, which
// also hold rows that other programs wrote without keys. The UPDATE gives
// existing rows their keys, NULL for a colliding later row.
constexpr std::string_view kV7 = R"sql(
ALTER TABLE documents ADD COLUMN canonical_key INTEGER;
ALTER TABLE documents ADD COLUMN guid_key INTEGER;
ALTER TABLE documents ADD COLUMN content_key INTEGER;
UPDATE documents SET canonical_key = corroborate_key(canonical_url), guid_key = corroborate_key(guid),
  content_key = corroborate_key(NULLIF(content_hash, ''));
UPDATE documents SET canonical_key = NULL WHERE id IN (SELECT id FROM (SELECT id,
  row_number() OVER (PARTITION BY canonical_key ORDER BY id) AS n FROM documents
  WHERE canonical_key IS NOT NULL) WHERE n > 1);
UPDATE documents SET guid_key = NULL WHERE id IN (SELECT id FROM (SELECT id,
  row_number() OVER (PARTITION BY guid_key ORDER BY id) AS n FROM documents
  WHERE guid_key IS NOT NULL) WHERE n > 1);
DROP INDEX documents_canonical_url;
DROP INDEX documents_guid;
DROP INDEX documents_content_key;
CREATE UNIQUE INDEX documents_canonical_key ON documents (canonical_key) WHERE canonical_key IS NOT NULL;
CREATE UNIQUE INDEX documents_canonical_unkeyed ON documents (canonical_url)
  WHERE canonical_key IS NULL AND canonical_url IS NOT NULL;
CREATE UNIQUE INDEX documents_guid_key ON documents (guid_key) WHERE guid_key IS NOT NULL;
CREATE UNIQUE INDEX documents_guid_unkeyed ON documents (guid) WHERE guid_key IS NULL AND guid IS NOT NULL;
CREATE INDEX documents_content_key ON documents (content_key) WHERE content_key IS NOT NULL;
CREATE INDEX documents_content_unkeyed ON documents (content_hash)
  WHERE content_key IS NULL AND content_hash <> '';
)sql";

// v8: the identity keys move out of the documents indexes into two
// tables, an LSM of two levels. The keys are random, so a batch of new
// documents dirtied pages all over the three key indexes, and each commit
// wrote nearly all of their pages again (at 100,000 documents, ~375 pages of
// 16 KiB per commit). Now a batch adds its keys to identities_recent, which
// holds at most a few dozen batches' keys and so has few pages; when it
// grows past a threshold (IdentityIndex: about the square root of the entries in
// identities, times a constant), InsertDocuments moves its entries, in key
// order, into identities, which rewrites each page of it once per merge
// rather than once per batch. Lookups probe both. kind: 0 canonical URL,
// 1 GUID, 2 content hash; content keys are recorded for originals only
// (duplicate_of IS NULL), the rows the duplicate lookup may return. The key
// columns of documents stay: NULL still sends a row to the *_unkeyed indexes,
// and the delete trigger finds a row's entries by them. Only InsertDocuments
// writes new keys, after looking them up in both levels, so a URL or GUID key
// names at most one row; the primary key includes the document so that
// colliding content keys (different hashes) can both be recorded.
constexpr std::string_view kV8 = R"sql(
CREATE TABLE identities (
  kind INTEGER NOT NULL,
  key INTEGER NOT NULL,
  document_id INTEGER NOT NULL,
  PRIMARY KEY (kind, key, document_id)
) WITHOUT ROWID;
CREATE TABLE identities_recent (
  kind INTEGER NOT NULL,
  key INTEGER NOT NULL,
  document_id INTEGER NOT NULL,
  PRIMARY KEY (kind, key, document_id)
) WITHOUT ROWID;
INSERT INTO identities (kind, key, document_id)
  SELECT 0, canonical_key, id FROM documents WHERE canonical_key IS NOT NULL
  UNION ALL SELECT 1, guid_key, id FROM documents WHERE guid_key IS NOT NULL
  UNION ALL SELECT 2, content_key, id FROM documents
    WHERE content_key IS NOT NULL AND duplicate_of IS NULL
  ORDER BY 1, 2, 3;
DROP INDEX documents_canonical_key;
DROP INDEX documents_guid_key;
DROP INDEX documents_content_key;
CREATE TRIGGER documents_identities_delete AFTER DELETE ON documents BEGIN
  DELETE FROM identities WHERE (kind = 0 AND key = old.canonical_key OR kind = 1 AND key = old.guid_key
    OR kind = 2 AND key = old.content_key) AND document_id = old.id;
  DELETE FROM identities_recent WHERE (kind = 0 AND key = old.canonical_key
    OR kind = 1 AND key = old.guid_key OR kind = 2 AND key = old.content_key) AND document_id = old.id;
END;
)sql";

// v9: a claim's stance (asserts, hedges, denies, questions), whether it is
// about the outage its document reports (0: another outage, a definition),
// and where the text names its source and cue (byte offsets; equal: none).
// Claims stored before keep the defaults: asserted, about this event.
constexpr std::string_view kV9 = R"sql(
ALTER TABLE claims ADD COLUMN stance TEXT NOT NULL DEFAULT 'asserts'
  CHECK (stance IN ('asserts', 'hedges', 'denies', 'questions'));
ALTER TABLE claims ADD COLUMN about_this_event INTEGER NOT NULL DEFAULT 1;
ALTER TABLE claims ADD COLUMN source_begin INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN source_end INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN cue_begin INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN cue_end INTEGER NOT NULL DEFAULT 0;
)sql";

// v10: what a watcher remembers (store/watch.h): the alerts it recorded,
// each once by its AlertKey, with how their delivery went; the last state it
// saw per topic (an incident's verdict or leading hypothesis); and the
// validators of the article pages it followed, for conditional requests.
constexpr std::string_view kV10 = R"sql(
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  entity TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT '',
  previous TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL DEFAULT '{}',
  url TEXT NOT NULL DEFAULT '',
  found INTEGER NOT NULL,
  recorded INTEGER NOT NULL,
  delivery TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alerts_recorded ON alerts (recorded);
CREATE TABLE watch_state (
  topic TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  updated INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE pages (
  url TEXT PRIMARY KEY,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  fetched INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// v11: analysis reads only what lies near the incidents it is asked about
// (pipeline/analyse.cc), not the whole store. A claim carries its
// document's publication time, indexed, and whether the document is a
// duplicate (documents are never updated, so the copies stay true), so that
// clustering reads no document row; claim_times, an R*Tree, holds the time each dated
// claim states (only claims with time_text, the ones clustering places by
// their time), kept by triggers. Its coordinates are 32-bit floats rounded
// outward, so a range query finds a superset of the overlapping claims.
// arrivals logs every claim and window as it is inserted, in a sequence
// that never reuses a number (rowids of deleted rows are reused: detection
// replaces an entity's windows), so a watch loop can ask which rows came
// after the last one it saw. Rows stored before v11 are not logged.
constexpr std::string_view kV11 = R"sql(
ALTER TABLE claims ADD COLUMN published INTEGER;
ALTER TABLE claims ADD COLUMN duplicate INTEGER NOT NULL DEFAULT 0;
UPDATE claims SET published = (SELECT d.published FROM documents d WHERE d.id = claims.document_id),
  duplicate = coalesce((SELECT d.duplicate_of IS NOT NULL FROM documents d
    WHERE d.id = claims.document_id), 0);
CREATE INDEX claims_published ON claims (published) WHERE published IS NOT NULL;
CREATE VIRTUAL TABLE claim_times USING rtree (id, start, end);
INSERT INTO claim_times (id, start, end)
  SELECT id, min(time_start, time_end), max(time_start, time_end) FROM claims
  WHERE time_start IS NOT NULL AND time_end IS NOT NULL AND time_text <> '';
CREATE TRIGGER claims_times_insert AFTER INSERT ON claims
  WHEN new.time_start IS NOT NULL AND new.time_end IS NOT NULL AND new.time_text <> '' BEGIN
  INSERT INTO claim_times (id, start, end)
    VALUES (new.id, min(new.time_start, new.time_end), max(new.time_start, new.time_end));
END;
CREATE TRIGGER claims_times_delete AFTER DELETE ON claims BEGIN
  DELETE FROM claim_times WHERE id = old.id;
END;
CREATE TABLE arrivals (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('claim', 'window')),
  row_id INTEGER NOT NULL
);
CREATE TRIGGER claims_arrival AFTER INSERT ON claims BEGIN
  INSERT INTO arrivals (kind, row_id) VALUES ('claim', new.id);
END;
CREATE TRIGGER windows_arrival AFTER INSERT ON windows BEGIN
  INSERT INTO arrivals (kind, row_id) VALUES ('window', new.id);
END;
)sql";

constexpr std::string_view kMigrations[] = {
    kV1, kV2, kV3, kV4, kV5, kV6, kV7, kV8, kV9, kV10, kV11,
};

}  // namespace

std::span<const std::string_view> Migrations() { return kMigrations; }

}  // namespace corroborate::store::internal
