// libFuzzer target: Documents::Search on arbitrary query strings over a
// small in-memory store. A query must never crash, must return within its time
// limit (plus a second's slack), and must fail, if it fails, with a one-line
// message that quotes no more than the query's first 80 characters. Memory
// is bounded by the runner's -rss_limit_mb.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/document.h"
#include "store/database.h"
#include "store/documents.h"

namespace {

constexpr double kSeconds = 2;

corroborate::store::Documents& TestStore() {
  static corroborate::store::Documents* store = [] {
    auto opened = corroborate::store::Database::OpenInMemory();
    if (!opened) {
      std::fprintf(stderr, "fuzz_search: %s\n", opened.error().message.c_str());
      std::abort();
    }
    const char* texts[] = {
        "North Korea's Internet went down for nine hours after a denial of service attack.",
        "The network was back online on Tuesday; traffic through AS131279 resumed at 01:46 UTC.",
        "Routing table notes: prefixes 175.45.176.0/22 were withdrawn at 16:15 UTC.",
        "L'opérateur a rétabli le réseau; café, naïve, Ärger, Ελλάδα, 北朝鮮, emoji "
        "\xF0\x9F\x8C\x90.",
        ("the then there these they think three through thus time to today told took tw twice "
         "type typical a an and are as at be been but by can could did do does"),
    };
    std::vector<corroborate::Document> docs;
    int i = 0;
    for (const char* text : texts) {
      corroborate::Document d;
      d.canonical_url = d.url = "https://fuzz.example/" + std::to_string(i);
      d.title = "Document " + std::to_string(i++);
      d.text = text;
      d.fetched = 1419300000;
      docs.push_back(std::move(d));
    }
    // Both live as long as the process.
    auto* documents = new corroborate::store::Documents(*opened->release());
    if (auto r = documents->InsertDocuments(docs); !r) {
      std::fprintf(stderr, "fuzz_search: %s\n", r.error().message.c_str());
      std::abort();
    }
    return documents;
  }();
  return *store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corroborate::store::Documents& store = TestStore();
  const std::string query(reinterpret_cast<const char*>(data), size);
  corroborate::store::SearchLimits limits;
  limits.max_seconds = kSeconds;
  const auto start = std::chrono::steady_clock::now();
  auto hits = store.Search(query, 20, limits);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (seconds > kSeconds + 1) {
    std::fprintf(stderr, "fuzz_search: %.1f s, past the time limit of %.0f s\n", seconds, kSeconds);
    std::abort();
  }
  if (hits) {
    if (hits->size() > 20) std::abort();
    return 0;
  }
  const std::string& message = hits.error().message;
  // One line: the query's first 80 characters, at most 120 of SQLite's own
  // message and a sentence about the limit.
  std::size_t chars = 0;
  for (char c : message) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (message.find('\n') != std::string::npos || chars > 400) {
    std::fprintf(stderr, "fuzz_search: message of %zu bytes: %.300s\n", message.size(),
                 message.c_str());
    std::abort();
  }
  return 0;
}
