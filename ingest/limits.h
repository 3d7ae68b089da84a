// The largest input each parser accepts, in one place.
//
// Every parser of outside bytes checks its cap before it parses anything,
// and the CLI checks a file's size before reading it, so the memory one
// document can take is a bounded multiple of its cap whatever it holds. The
// caps are generous for news: the largest feed of the public corpora is
// 2.5 MB, a large article page a few MB.
#pragma once

#include <cstddef>
#include <string>

#include "core/error.h"

namespace corroborate::ingest {

inline constexpr std::size_t kMaxHtmlPageBytes = std::size_t{64} << 20;
inline constexpr std::size_t kMaxFeedBytes = std::size_t{64} << 20;  // XML feed or JSON Feed
inline constexpr std::size_t kMaxOpmlBytes = std::size_t{64} << 20;
inline constexpr std::size_t kMaxJsonBytes = std::size_t{64} << 20;  // posts, IODA, Radar
inline constexpr std::size_t kMaxTextBytes = std::size_t{64} << 20;  // a plain-text document

// Entity references of one XML document (feed or OPML) may add at most
// kMaxEntityExpansionBytes of text in total, in element content and
// attribute values alike, each reference counted with the references in its
// replacement text; one entity may expand to at most kMaxEntityBytes.
inline constexpr std::size_t kMaxEntityExpansionBytes = std::size_t{8} << 20;
inline constexpr std::size_t kMaxEntityBytes = std::size_t{1} << 20;

// A value one input repeats into many outputs is bounded too. Resolving
// relative URLs against a base (a feed's xml:base, inherited by every item
// under it) may read at most kMaxUrlResolutionBytes of bases in one
// document; links after that are kept as written. A page's canonical URL
// (or og:url, <base href>) longer than kMaxUrlBytes is ignored (RFC 9110
// asks for URLs of at least 8000 octets to be supported), and a page yields
// at most kMaxCommentsPerPage comments, each of which carries the canonical
// URL in its identity.
inline constexpr std::size_t kMaxUrlResolutionBytes = std::size_t{32} << 20;
inline constexpr std::size_t kMaxUrlBytes = 8192;
inline constexpr std::size_t kMaxCommentsPerPage = 10000;

enum class InputKind { kHtmlPage, kFeed, kOpml, kJson, kText };

// The cap of `kind` (one of the constants above).
[[nodiscard]] std::size_t InputLimit(InputKind kind);

// "one HTML page", "one feed", "one OPML file", "one JSON document",
// "one text document".
[[nodiscard]] const char* InputKindPhrase(InputKind kind);

// "512 bytes", "64 MB", "70.3 MB", "3.7 GB" (MB = 2^20 bytes, GB = 2^30).
[[nodiscard]] std::string FormatSize(std::size_t bytes);

// Fails with kTooLarge, "70.3 MB exceeds the 64 MB limit for one HTML page"
// (no input name: callers add it), when `size` is over InputLimit(kind).
[[nodiscard]] Status CheckInputSize(InputKind kind, std::size_t size);

}  // namespace corroborate::ingest
