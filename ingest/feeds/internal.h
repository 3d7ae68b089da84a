// Helpers shared by the feed parsers (not part of the public API).
#pragma once

#include <string>
#include <string_view>

#include "ingest/feeds/feed.h"

namespace corroborate::ingest::feeds_internal {

// JSON Feed 1.0/1.1 (bytes start with '{').
Result<Feed> ParseJsonFeed(std::string_view bytes, const FeedOptions& options);

// src of the first <img> in an HTML fragment, "" when none.
std::string FirstImageSrc(std::string_view html);

// "email (Name)", "Name (email)", "Name <email>", "email" or "Name".
FeedPerson ParseNameAddress(std::string_view text);

std::string Trimmed(std::string_view s);

// A language tag as BCP 47 writes it: "en_US" -> "en-US"; case as given.
std::string NormalizeLanguage(std::string tag);

// Fills `parsed` from `text` when it is a date.
void SetDate(std::string text, std::string& field, std::optional<ParsedDate>& parsed);

}  // namespace corroborate::ingest::feeds_internal
