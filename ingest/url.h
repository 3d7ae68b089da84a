// URL helpers: resolution of relative references and canonical forms.
#pragma once

#include <string>
#include <string_view>

namespace corroborate::ingest {

// Resolves `reference` against `base` (RFC 3986). Returns `reference`
// unchanged when it is already absolute or `base` is empty/unusable.
std::string ResolveUrl(std::string_view base, std::string_view reference);

// Canonical form used for identity: scheme and host lowercased, default
// port dropped, fragment dropped, tracking parameters (utm_*, fbclid,
// gclid) removed, empty path becomes "/". Non-http(s) input is returned trimmed.
std::string CanonicalUrl(std::string_view url);

// "http" / "https" (lowercased) of an absolute URL, "" otherwise.
std::string UrlScheme(std::string_view url);
// Lowercased host of an absolute http(s) URL, "" otherwise.
std::string UrlHost(std::string_view url);

}  // namespace corroborate::ingest
