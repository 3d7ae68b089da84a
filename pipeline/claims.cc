#include "pipeline/claims.h"

#include <unordered_map>

#include "core/measure.h"
#include "store/documents.h"
#include "store/extractions.h"

namespace corroborate::pipeline {

namespace {

bool About(const Claim& c, const std::string& entity) {
  if (c.subject == entity) return true;
  for (const Mention& m : c.mentions) {
    if (m.id == entity) return true;
  }
  return false;
}

}  // namespace

Result<std::vector<ListedClaim>> ListClaims(store::Database& db, const ClaimFilter& filter) {
  const std::string entity = filter.entity.empty() ? "" : NormalizeEntity(filter.entity);
  if (!filter.entity.empty() && entity.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "--entity " + filter.entity + ": not an entity (country:KP, asn:131279, ...)");
  }
  auto claims = store::Extractions(db).ListClaims();
  if (!claims) return std::unexpected(claims.error());
  store::DocumentFilter documents_filter;
  auto documents = store::Documents(db).ListDocuments(documents_filter);
  if (!documents) return std::unexpected(documents.error());
  std::unordered_map<std::int64_t, const Document*> by_id;
  for (const store::StoredDocument& d : *documents) by_id[d.doc.id] = &d.doc;
  std::vector<ListedClaim> out;
  for (store::StoredClaim& c : *claims) {
    if (filter.type && c.claim.type != *filter.type) continue;
    if (!entity.empty() && !About(c.claim, entity)) continue;
    ListedClaim listed{c.id, c.document_id, "", "", std::nullopt, 0, {}};
    if (auto d = by_id.find(c.document_id); d != by_id.end()) {
      listed.document_title = d->second->title;
      listed.document_url = d->second->url;
      listed.published = d->second->published;
      listed.fetched = d->second->fetched;
    }
    if (filter.since && listed.published.value_or(listed.fetched) < *filter.since) continue;
    listed.claim = std::move(c.claim);
    out.push_back(std::move(listed));
  }
  return out;
}

}  // namespace corroborate::pipeline
