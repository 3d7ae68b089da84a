#include "store/migrations.h"

namespace corroborate::store {
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

constexpr std::string_view kMigrations[] = {
    kV1,
};

}  // namespace

std::span<const std::string_view> Migrations() { return kMigrations; }

}  // namespace corroborate::store
