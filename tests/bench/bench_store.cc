// bench_store: documents per second stored through store::Documents with the
// FTS5 index, on 100,000 generated news-like documents (1-3 KB of text each,
// Zipf-distributed vocabulary, HTML raw bytes), 1,000 per transaction, into
// a fresh database. Prints the rate (goal: >= 20,000/s) and the file size.
//
// Then the floor: the least work a store of these documents with an FTS5
// index does on one thread in the SQLite this program links. The same titles
// and texts go, in the same batches and with the Database's pragmas and FTS5
// settings, into a bare table (rowid, title, text) and an external-content
// FTS5 index over it, and nothing else: no raw bytes, identities, lookups or
// other columns, and no WAL checkpoint until the run is over. The store has
// worker threads tokenize the texts for the index (store/internal/
// token_replay.h), which the floor's writing thread does itself, so on
// several cores the store can pass the floor.
//
//   bench_store [DB_PATH] [COUNT] [BATCH]
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/core.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "ingest/identity.h"
#include "store/database.h"
#include "store/documents.h"
#include "store/internal/testing.h"
#include "tests/bench/benches.h"

namespace {

using namespace corroborate;

// Function words weighted like English news; content words generated from
// syllables so the index sees a realistic, large vocabulary.
const char* const kFunctionWords[] = {
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "on", "said", "with",
    "it", "as", "by", "at", "from", "his", "an", "were", "are", "which", "this", "be", "has",
    "have", "had", "not", "but", "they", "its", "their", "after", "officials", "internet",
    "network", "outage", "attack", "government", "country", "service", "hours", "monday"};
const char* const kSyllables[] = {"ka", "ro", "mi", "ten", "sa", "lor", "pe", "di", "nu",
                                  "va", "ger", "tion", "ment", "al", "ber", "con", "ex",
                                  "pro", "re", "ly", "ing", "ed", "ist", "ure", "com"};

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {
    for (int i = 0; i < 20000; ++i) {
      std::string w;
      int n = 1 + static_cast<int>(rng_() % 3);
      for (int s = 0; s < n; ++s) w += kSyllables[rng_() % std::size(kSyllables)];
      vocabulary_.push_back(w);
    }
    double sum = 0;
    for (size_t i = 0; i < vocabulary_.size(); ++i) {
      sum += 1.0 / std::pow(static_cast<double>(i + 1), 1.05);
      cumulative_.push_back(sum);
    }
  }

  std::string Word() {
    if (rng_() % 100 < 45) return kFunctionWords[rng_() % std::size(kFunctionWords)];
    double r = std::uniform_real_distribution<double>(0, cumulative_.back())(rng_);
    auto it = std::lower_bound(cumulative_.begin(), cumulative_.end(), r);
    return vocabulary_[static_cast<size_t>(it - cumulative_.begin())];
  }

  std::string Sentence() {
    std::string s;
    int words = 8 + static_cast<int>(rng_() % 20);
    for (int i = 0; i < words; ++i) {
      std::string w = Word();
      if (i == 0) w[0] = static_cast<char>(w[0] - 'a' + 'A');
      if (!s.empty()) s += ' ';
      s += w;
      if (rng_() % 17 == 0) s += ',';
    }
    if (rng_() % 9 == 0) s += fmt::format(" at {:02}:{:02} UTC", rng_() % 24, rng_() % 60);
    return s + ". ";
  }

  Document Make(int i) {
    Document d;
    d.url = fmt::format("https://news{}.example.com/{}/story-{}.html", i % 50, 2014 + i % 7, i);
    d.canonical_url = d.url;
    d.guid = fmt::format("tag:news{}.example.com,2014:{}", i % 50, i);
    d.title = Sentence();
    d.title.resize(std::min<size_t>(d.title.size(), 90));
    d.author = fmt::format("Reporter {}", rng_() % 500);
    d.published = 1419000000 + static_cast<Instant>(i) * 37;
    d.published_precision = Granularity::kSecond;
    d.fetched = 1419300000 + i;
    d.language = "en";
    const size_t target = 1000 + rng_() % 2048;
    while (d.text.size() < target) {
      for (int p = 0; p < 3 && d.text.size() < target; ++p) d.text += Sentence();
      d.text += '\n';
    }
    d.raw = "<!doctype html><html><head><title>" + d.title + "</title></head><body><article><p>";
    for (char c : d.text) {
      if (c == '\n') {
        d.raw += "</p>\n<p>";
      } else {
        d.raw += c;
      }
    }
    d.raw += "</p></article></body></html>";
    d.raw_type = "text/html";
    d.content_hash = ingest::ContentHash(d.text);
    return d;
  }

 private:
  std::mt19937 rng_;
  std::vector<std::string> vocabulary_;
  std::vector<double> cumulative_;
};

// Seconds this thread has spent runnable but waiting for a CPU (Linux
// schedstat; 0 elsewhere): on a busy machine it explains a slow wall clock.
double RunQueueSeconds() {
  unsigned long long on_cpu = 0, waiting = 0;
  if (FILE* f = std::fopen("/proc/thread-self/schedstat", "r")) {
    if (std::fscanf(f, "%llu %llu", &on_cpu, &waiting) != 2) waiting = 0;
    std::fclose(f);
  }
  return static_cast<double>(waiting) / 1e9;
}

// Removes the SQLite database at `path` with its WAL and shared-memory files.
void RemoveDatabase(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

// Documents per second of the floor described at the top, in a fresh
// database at `path` (removed afterwards); 0 after printing an error.
double FloorRate(const std::string& path, const std::vector<std::vector<Document>>& batches) {
  RemoveDatabase(path);
  double rate = 0;
  try {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA page_size = 16384");
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA cache_size = -65536");
    db.exec("PRAGMA secure_delete = OFF");
    db.exec("PRAGMA wal_autocheckpoint = 0");  // the most generous floor: no checkpoint in the run
    db.exec("CREATE TABLE docs (id INTEGER PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL)");
    db.exec(
        "CREATE VIRTUAL TABLE docs_fts USING fts5 (title, text, content = 'docs', "
        "content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2')");
    db.exec("INSERT INTO docs_fts (docs_fts, rank) VALUES ('automerge', 16)");
    SQLite::Statement row(db, "INSERT INTO docs (id, title, text) VALUES (?, ?, ?)");
    SQLite::Statement index(db,
                            "INSERT INTO docs_fts (rowid, title, text) "
                            "SELECT id, title, text FROM docs WHERE id >= ?");
    std::int64_t id = 0, stored = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const std::vector<Document>& chunk : batches) {
      SQLite::Transaction tx(db);
      const std::int64_t first = id + 1;
      for (const Document& d : chunk) {
        row.bind(1, ++id);
        row.bindNoCopy(2, d.title);  // as the store hands texts over: without a copy
        row.bindNoCopy(3, d.text);
        row.exec();
        row.reset();
      }
      index.bind(1, first);
      index.exec();
      index.reset();
      tx.commit();
      stored += static_cast<std::int64_t>(chunk.size());
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rate = static_cast<double>(stored) / seconds;
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_store: floor: {}: {}\n", path, e.what());
  }
  RemoveDatabase(path);
  return rate;
}

}  // namespace

int corroborate::bench::BenchStore(int argc, char** argv) {
  namespace fs = std::filesystem;
  const std::string path =
      argc > 1 ? argv[1]
               : (fs::temp_directory_path() / fmt::format("bench_store_{}.db", ::getpid())).string();
  const int count = argc > 2 ? std::atoi(argv[2]) : 100000;
  const int batch = argc > 3 ? std::atoi(argv[3]) : 1000;
  if (count <= 0 || batch <= 0) {
    fmt::print(stderr, "usage: bench_store [DB_PATH] [COUNT > 0] [BATCH > 0]\n");
    return 2;
  }
  RemoveDatabase(path);

  Generator gen(20141222);
  std::vector<std::vector<Document>> batches;
  std::uint64_t text_bytes = 0, raw_bytes = 0;
  for (int i = 0; i < count; ++i) {
    if (i % batch == 0) batches.emplace_back();
    batches.back().push_back(gen.Make(i));
    text_bytes += batches.back().back().text.size();
    raw_bytes += batches.back().back().raw.size();
  }

  auto opened = store::Database::Open(path);
  if (!opened) {
    fmt::print(stderr, "bench_store: {}\n", opened.error().message);
    return 1;
  }
  std::unique_ptr<store::Database> db = std::move(*opened);
  store::Documents documents(*db);
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  const double queued_start = RunQueueSeconds();
  std::int64_t added = 0;
  for (const std::vector<Document>& chunk : batches) {
    auto report = documents.InsertDocuments(chunk);
    if (!report) {
      fmt::print(stderr, "bench_store: {}\n", report.error().message);
      return 1;
    }
    added += report->added;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  const double queued = RunQueueSeconds() - queued_start;
  const store::internal::CheckpointCounts checkpoints = store::internal::Checkpoints(*db);
  const std::int64_t filter_builds = store::internal::KeyFilterBuilds(*db);
  const store::internal::TokenCounts tokens = store::internal::Tokenizing(*db);
  // A second pass over the first batch checks idempotence under load.
  auto again = documents.InsertDocuments(batches.front());
  auto hits = documents.Search("outage AND attack", 10);
  db.reset();  // closes the connection and checkpoints the WAL

  std::uintmax_t size = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    std::uintmax_t s = fs::file_size(path + suffix, ec);
    if (!ec) size += s;
  }
  fmt::print(
      "bench_store: {} documents ({:.1f} MB text, {:.1f} MB raw) in batches of {}: "
      "{:.2f} s, {:.0f} documents/s (goal >= 20000/s; {:.0f} per CPU-second; the inserting "
      "thread waited {:.2f} s for a CPU); database {:.1f} MB; "
      "WAL checkpoints: {} on the helper thread, {} on the writer; key filter built {} times; "
      "texts tokenized by worker threads {} of {}; re-insert of a batch added {}; search hits {}\n",
      added, static_cast<double>(text_bytes) / 1e6, static_cast<double>(raw_bytes) / 1e6, batch,
      seconds, static_cast<double>(added) / seconds, static_cast<double>(added) / cpu_seconds,
      queued, static_cast<double>(size) / 1e6, checkpoints.helper, checkpoints.writer,
      filter_builds, tokens.replayed, tokens.replayed + tokens.tokenized, again ? again->added : -1,
      hits ? static_cast<long>(hits->size()) : -1L);
  if (argc <= 1) {
    RemoveDatabase(path);
  }
  const double floor_rate = FloorRate(path + ".floor", batches);
  if (floor_rate > 0) {
    fmt::print(
        "floor: SQLite {} stores the same titles and texts alone (a bare table and its FTS5 "
        "index, same batches and settings, nothing else, no checkpoint) at {:.0f} documents/s; "
        "the store runs at {:.0f}% of that\n",
        sqlite3_libversion(), floor_rate,
        100.0 * static_cast<double>(added) / seconds / floor_rate);
  }
  return 0;
}

#ifdef CORROBORATE_BENCH_STANDALONE
int main(int argc, char** argv) { return corroborate::bench::BenchStore(argc, argv); }
#endif
