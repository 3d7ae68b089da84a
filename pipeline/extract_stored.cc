#include "pipeline/extract_stored.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/parallel.h"
#include "correlate/extract/document.h"
#include "ingest/url.h"
#include "store/documents.h"
#include "store/extractions.h"
#include "store/sources.h"

namespace corroborate::pipeline {

namespace {

// Outlet name per source id: the source's title, else its host.
Result<std::map<std::int64_t, std::string>> Outlets(store::Database& db) {
  auto sources = store::Sources(db).ListSources();
  if (!sources) return std::unexpected(sources.error());
  std::map<std::int64_t, std::string> outlet;
  for (const Source& s : *sources)
    outlet[s.id] = s.title.empty() ? ingest::UrlHost(s.url) : s.title;
  return outlet;
}

std::string OutletOf(const std::map<std::int64_t, std::string>& outlets, const Document& d) {
  auto o = outlets.find(d.source_id);
  if (o != outlets.end()) return o->second;
  return ingest::UrlHost(d.canonical_url);
}

}  // namespace

Result<ExtractCounts> ExtractStored(store::Database& db, bool all, unsigned jobs, Clock& clock) {
  store::Documents documents(db);
  store::Extractions extractions(db);
  auto pending = extractions.Pending(all ? kExtractorVersion + 1 : kExtractorVersion);
  if (!pending) return std::unexpected(pending.error());
  std::set<std::int64_t> wanted(pending->begin(), pending->end());
  ExtractCounts counts;
  if (wanted.empty()) return counts;
  auto outlets = Outlets(db);
  if (!outlets) return std::unexpected(outlets.error());
  const Instant now = clock.Now();
  constexpr int kBatch = 200;
  std::int64_t after = 0;
  while (true) {
    store::DocumentFilter filter;
    filter.after_id = after;
    filter.limit = kBatch;
    auto docs = documents.ListDocuments(filter);
    if (!docs) return std::unexpected(docs.error());
    if (docs->empty()) break;
    std::vector<const Document*> todo;
    for (const store::StoredDocument& sd : *docs) {
      after = sd.doc.id;
      if (wanted.count(sd.doc.id)) todo.push_back(&sd.doc);
    }
    // Documents are independent: extracted on `jobs` threads, saved in id order.
    auto extract = [&](size_t i) {
      const Document& d = *todo[i];
      extract::DocumentExtract x = extract::ExtractDocument(d, OutletOf(*outlets, d), now);
      return store::DocumentExtraction{d.id, std::move(x.timexes), std::move(x.claims)};
    };
    std::vector<store::DocumentExtraction> batch;
    OrderedParallelFor<store::DocumentExtraction>(
        todo.size(), jobs, extract, [&](size_t, store::DocumentExtraction x) {
          counts.timexes += static_cast<int>(x.timexes.size());
          counts.claims += static_cast<int>(x.claims.size());
          ++counts.documents;
          batch.push_back(std::move(x));
        });
    if (!batch.empty()) {
      if (auto st = extractions.Save(batch, kExtractorVersion, now); !st)
        return std::unexpected(st.error());
    }
  }
  return counts;
}

}  // namespace corroborate::pipeline
