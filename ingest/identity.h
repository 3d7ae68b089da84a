// Document identity: the content hash that catches the same text under
// other URLs (syndicated wire copy), and the identity key the store uses.
#pragma once

#include <string>
#include <string_view>

#include "core/document.h"

namespace corroborate::ingest {

// Hex digest (XXH3-128, 32 hex chars) of `text` after normalization:
// whitespace collapsed, ASCII lowercased. Empty text hashes to "".
std::string ContentHash(std::string_view text);

// Fills doc.canonical_url (from url when empty) and doc.content_hash.
void FillIdentity(Document& doc);

}  // namespace corroborate::ingest
