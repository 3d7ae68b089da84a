// Document identity: the content hash that catches the same text under
// other URLs (syndicated wire copy), and the identity key the store uses.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "core/document.h"

namespace corroborate::ingest {

// Hex digest (XXH3-128, 32 hex chars) of `text` after normalization:
// whitespace collapsed, ASCII lowercased. Empty text hashes to "".
std::string ContentHash(std::string_view text);

// Identity of an item that has no URL, GUID or text (a feed item with only
// a title, an image or an enclosure): a hex digest like ContentHash's over
// `parts` (what the item has and where it stands), kept apart from every
// digest of a text. Stable across runs for the same parts.
std::string ItemHash(std::initializer_list<std::string_view> parts);

// Fills doc.canonical_url (from url when empty) and doc.content_hash: the
// digest of the text; when the text has none, a content_hash set before
// (ItemHash) is kept.
void FillIdentity(Document& doc);

}  // namespace corroborate::ingest
