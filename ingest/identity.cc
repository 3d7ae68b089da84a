#include "ingest/identity.h"

#include <xxhash.h>

#include <cstdio>

#include "core/text.h"
#include "ingest/url.h"

namespace corroborate::ingest {

namespace {

std::string Hex(XXH128_hash_t h) {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return buf;
}

}  // namespace

std::string ContentHash(std::string_view text) {
  std::string normal = ToLowerAscii(CollapseWhitespace(text));
  if (normal.empty()) return "";
  return Hex(XXH3_128bits(normal.data(), normal.size()));
}

std::string ItemHash(std::initializer_list<std::string_view> parts) {
  // Each part goes in with its length, so no other division into parts gives
  // the same bytes, and the leading tag sets them apart from ContentHash's.
  std::string bytes = "corroborate item";
  bool any = false;
  for (std::string_view part : parts) {
    bytes += '\0';
    bytes += std::to_string(part.size());
    bytes += '\0';
    bytes += part;
    any = any || !part.empty();
  }
  if (!any) return "";
  return Hex(XXH3_128bits(bytes.data(), bytes.size()));
}

void FillIdentity(Document& doc) {
  if (doc.canonical_url.empty() && !UrlScheme(doc.url).empty()) doc.canonical_url = doc.url;
  if (!doc.canonical_url.empty()) doc.canonical_url = CanonicalUrl(doc.canonical_url);
  if (std::string hash = ContentHash(doc.text); !hash.empty() || doc.content_hash.empty()) {
    doc.content_hash = std::move(hash);
  }
}

}  // namespace corroborate::ingest
