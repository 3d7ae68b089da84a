// The stored claims as a listing: what `corroborate claims` prints, filtered
// by entity, type and the time their document appeared.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/claim.h"
#include "core/error.h"
#include "core/time.h"
#include "pipeline/database.h"

namespace corroborate::pipeline {

struct ClaimFilter {
  std::string entity;             // "" any; else the claim's subject or a mention's id
  std::optional<ClaimType> type;  // only claims of this type
  std::optional<Instant> since;   // only claims of documents published (else fetched) at or after
};

struct ListedClaim {
  std::int64_t id = 0;
  std::int64_t document_id = 0;
  std::string document_title;
  std::string document_url;
  std::optional<Instant> published;  // of the document
  Instant fetched = 0;               // of the document
  Claim claim;
};

// The stored claims that pass `filter`, by id. The entity is compared as
// NormalizeEntity gives it ("KP" and "country:kp" are "country:KP").
[[nodiscard]] Result<std::vector<ListedClaim>> ListClaims(store::Database& db,
                                                          const ClaimFilter& filter);

}  // namespace corroborate::pipeline
