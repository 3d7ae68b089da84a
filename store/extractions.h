// The extractions repository: the timexes and claims found in each
// document, and which extractor version produced them, over a Database.
// Re-running extraction on a document replaces that document's rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/claim.h"
#include "core/error.h"
#include "core/time.h"
#include "core/timex.h"
#include "store/database.h"
#include "store/visibility.h"

namespace corroborate::store {

struct StoredClaim {
  std::int64_t id = 0;
  std::int64_t document_id = 0;
  Claim claim;
  // Of its document, as stored with the claim (claims saved before schema
  // v11 got them from their documents in the migration).
  std::optional<Instant> published;
  bool duplicate = false;  // the document is a copy of another (duplicate_of)
};

struct DocumentExtraction {
  std::int64_t document_id = 0;
  std::vector<Timex> timexes;
  std::vector<Claim> claims;
};

class Extractions {
 public:
  // A view over `db`, which must outlive it.
  explicit Extractions(Database& db) : db_(db) {}

  // Replaces the timexes and claims of every listed document, all in ONE
  // transaction, and records `version` as the extractor that made them.
  [[nodiscard]] Status Save(const std::vector<DocumentExtraction>& batch, int version, Instant now);
  // Ids of documents with no extraction, or one older than `version`.
  [[nodiscard]] Result<std::vector<std::int64_t>> Pending(int version);
  [[nodiscard]] Result<std::vector<StoredClaim>> ListClaims(
      std::optional<std::int64_t> document_id = std::nullopt);
  // The claims of every document that was published within one of `ranges`
  // (ends included) or holds a claim whose stated time (one with time_text)
  // overlaps one, by id: all the claims an analysis of incidents within those
  // ranges can place. Read through the claims_published index and the
  // claim_times R*Tree (whose rounded bounds are checked against the
  // claim's own), so the cost follows the claims near the ranges, not the
  // store.
  [[nodiscard]] Result<std::vector<StoredClaim>> ClaimsNear(const std::vector<Interval>& ranges);
  // The stored claims among `ids`, by id (ids no longer stored are skipped).
  [[nodiscard]] Result<std::vector<StoredClaim>> ClaimsById(const std::vector<std::int64_t>& ids);
  [[nodiscard]] Result<std::vector<Timex>> ListTimexes(std::int64_t document_id);
  [[nodiscard]] Result<std::int64_t> CountClaims();

 private:
  Database& db_;
};

}  // namespace corroborate::store
