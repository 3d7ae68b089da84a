#include "cli/extract_docs.h"

#include <fmt/core.h>

#include <ctime>
#include <map>
#include <set>

#include "core/parallel.h"
#include "correlate/extract/claims.h"
#include "correlate/extract/timex.h"
#include "ingest/url.h"
#include "store/documents.h"
#include "store/extractions.h"
#include "store/sources.h"

namespace corroborate::cli {

Result<ExtractReport> ExtractStored(store::Database& db, bool all, unsigned jobs) {
  store::Documents documents(db);
  store::Extractions extractions(db);
  auto pending = extractions.Pending(all ? kExtractorVersion + 1 : kExtractorVersion);
  if (!pending) return std::unexpected(pending.error());
  std::set<std::int64_t> wanted(pending->begin(), pending->end());
  ExtractReport report;
  if (wanted.empty()) return report;
  auto sources = store::Sources(db).ListSources();
  if (!sources) return std::unexpected(sources.error());
  std::map<std::int64_t, std::string> outlet;
  for (const Source& s : *sources) outlet[s.id] = s.title.empty() ? ingest::UrlHost(s.url) : s.title;
  Instant now = static_cast<Instant>(std::time(nullptr));
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
      extract::TimexContext tctx;
      tctx.dct = d.published.value_or(d.fetched ? d.fetched : now);
      tctx.granularity = d.published ? d.published_precision : Granularity::kDay;
      if (tctx.granularity == Granularity::kUnknown) tctx.granularity = Granularity::kDay;
      // "Today" and "Monday" are the publisher's: read them in its zone.
      tctx.utc_offset = d.published_offset.value_or(0);
      store::DocumentExtraction x;
      x.document_id = d.id;
      x.timexes = extract::ExtractTimexes(d.text, tctx);
      extract::ClaimOptions copts;
      copts.dct = tctx.dct;
      auto o = outlet.find(d.source_id);
      if (o != outlet.end()) {
        copts.outlet = o->second;
      } else if (!ingest::UrlHost(d.canonical_url).empty()) {
        copts.outlet = ingest::UrlHost(d.canonical_url);
      }
      x.claims = extract::ExtractClaims(d.text, x.timexes, copts);
      // A claim dated outside the plausible times (year 0, year 9999) is kept
      // without its date, which could only stretch timelines and charts.
      for (Claim& c : x.claims) {
        if (c.time && !IsPlausibleTime(c.time->start, now)) {
          c.time.reset();
          c.time_text.clear();
        }
      }
      return x;
    };
    std::vector<store::DocumentExtraction> batch;
    OrderedParallelFor<store::DocumentExtraction>(todo.size(), jobs, extract,
                                                  [&](size_t, store::DocumentExtraction x) {
                                                    report.timexes += static_cast<int>(x.timexes.size());
                                                    report.claims += static_cast<int>(x.claims.size());
                                                    ++report.documents;
                                                    batch.push_back(std::move(x));
                                                  });
    if (!batch.empty()) {
      if (auto st = extractions.Save(batch, kExtractorVersion, now); !st) return std::unexpected(st.error());
    }
  }
  return report;
}

}  // namespace corroborate::cli
