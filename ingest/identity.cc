#include "ingest/identity.h"

#include <xxhash.h>

#include <cstdio>

#include "core/text.h"
#include "ingest/url.h"

namespace corroborate::ingest {

std::string ContentHash(std::string_view text) {
  std::string normal = ToLowerAscii(CollapseWhitespace(text));
  if (normal.empty()) return "";
  XXH128_hash_t h = XXH3_128bits(normal.data(), normal.size());
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return buf;
}

void FillIdentity(Document& doc) {
  if (doc.canonical_url.empty() && !UrlScheme(doc.url).empty()) doc.canonical_url = doc.url;
  if (!doc.canonical_url.empty()) doc.canonical_url = CanonicalUrl(doc.canonical_url);
  doc.content_hash = ContentHash(doc.text);
}

}  // namespace corroborate::ingest
