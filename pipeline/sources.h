// The registry of sources `PollSources` polls, and full-text search over the
// stored documents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/document.h"
#include "core/error.h"
#include "ingest/feeds/feed.h"
#include "pipeline/database.h"
#include "pipeline/notice.h"

namespace corroborate::pipeline {

// A source to register, or the settings to change on a registered one.
struct SourceSettings {
  std::string url;
  SourceKind kind = SourceKind::kFeed;
  std::string title;                     // empty: keep / none
  std::optional<char> reliability;       // 'A'..'F'; new default 'F'
  std::optional<Instant> poll_interval;  // seconds; new default 3600
};

struct AddedSource {
  std::int64_t id = 0;
  bool created = false;  // false: the URL was already registered (and got updated)
};

// Registers `source` (idempotent on the URL), due at once.
[[nodiscard]] Result<AddedSource> AddSource(store::Database& db, const SourceSettings& source,
                                            Clock& clock);
[[nodiscard]] Result<std::vector<Source>> ListSources(store::Database& db);
// kNotFound when no source has `url`.
[[nodiscard]] Status RemoveSource(store::Database& db, std::string_view url);
// The source registered with `url`; kNotFound when there is none.
[[nodiscard]] Result<Source> FindSource(store::Database& db, std::string_view url);

struct OpmlRegistration {
  int added = 0;
  int existing = 0;  // already registered, left as they are
};

// Registers the feeds of an OPML file's `outlines` (read from `file`, which
// messages name), each with `defaults`' reliability and interval and the
// outline's title. Outlines whose URL is not http(s) with a host are
// skipped with a warning in `notices`, repeated URLs taken once, registered ones left
// as they are. A failure names the file and how many were added before it.
[[nodiscard]] Result<OpmlRegistration> RegisterOpmlFeeds(
    store::Database& db, const std::string& file, const std::vector<ingest::OpmlOutline>& outlines,
    const SourceSettings& defaults, Clock& clock, const NoticeSink& notices);

struct SearchHit {
  std::int64_t id = 0;
  std::string title;
  std::string url;
  std::optional<Instant> published;
  std::string snippet;  // matched terms wrapped in [ ], elisions as "…"
  double rank = 0;      // bm25 (title weighted 10x); lower is better
};

// Bounds on one search (store::SearchLimits, whose defaults these are).
struct SearchLimits {
  int max_terms = 32;
  int max_operators = 32;
  std::int64_t max_prefix_words = 10000;
  double max_seconds = 10;
};

struct SearchResults {
  std::vector<SearchHit> hits;
  // Set when the query was not valid FTS5 syntax and was searched as plain
  // words instead: FTS5's complaint ("no such column: korea").
  std::string not_fts5;
  std::string words;  // then: the query searched, each word in double quotes
};

// `query` with each white-space separated word in double quotes (quotes in
// it doubled): FTS5 reads it as plain words, whatever their punctuation.
[[nodiscard]] std::string QuoteWords(std::string_view query);

// Full-text search (FTS5 syntax) over the stored originals, best first. A
// query that is not valid FTS5 syntax is searched as QuoteWords(query)
// (SearchResults::not_fts5 says so); errors as store::Documents::Search
// (kInvalidArgument for an empty query, or when even the quoted words are
// refused, with how to quote; kTooLarge, kTimeout).
[[nodiscard]] Result<SearchResults> Search(store::Database& db, std::string_view query, int limit,
                                           const SearchLimits& limits);

}  // namespace corroborate::pipeline
