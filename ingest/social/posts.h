// Social posts: Mastodon and Bluesky API JSON into Documents (kind post),
// plus the pure URL mapping from a public timeline page to the API URL that
// returns its posts. No network here: the fetch command fetches, these parse.
//
// Cross-post references (Document::parent_url for replies, quote_of for
// quotes) hold the identity key of the other post, i.e. what its own
// Document::guid is or would be:
//   - Bluesky: the at:// URI of the parent / quoted post (= its guid).
//   - Mastodon: the ActivityPub `uri` of the other status when the JSON
//     contains it (an embedded quoted status, or the replied-to status when
//     it is in the same batch). Otherwise the API only gives an id that is
//     local to the instance serving the API, and the reference is written
//     `mastodon:<api-host>:<id>` (api-host from `source_url`; when that is
//     empty, the host of the status's own `uri`, which is exact for local
//     statuses only).
//
// Bad input: invalid JSON, JSON of the wrong shape, nesting deeper than
// kMaxSocialJsonDepth or input over kMaxJsonBytes (ingest/limits.h) fail
// the whole call with a one-line error. A single post missing its required
// fields is skipped and described in `warnings` (when given); the batch goes
// on.
// Invalid UTF-8 is replaced by U+FFFD before parsing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/error.h"

namespace corroborate::ingest {

inline constexpr int kMaxSocialJsonDepth = 256;

// Mastodon REST API JSON: a Status, an array of Statuses (timelines,
// account statuses), a search result {"statuses": [...]}, or a status context
// {"ancestors": [...], "descendants": [...]}. A reblog yields the original
// status (original author); each status (by `uri`) is returned once.
// `source_url` is the URL the JSON was fetched from (may be empty).
// Documents: kind post, guid = uri, url = url (or uri), author
// "Display Name (@user@host)", text = content as plain text with the
// content warning (spoiler_text) as a first line, raw = the status JSON.
[[nodiscard]] Result<std::vector<Document>> ParseMastodon(
    std::string_view json, std::string_view source_url,
    std::vector<std::string>* warnings = nullptr);

// Bluesky AppView JSON: app.bsky.feed.getAuthorFeed / getTimeline / getFeed
// ({"feed": [{post, reply?, reason?}]}), searchPosts / getPosts
// ({"posts": [...]}), getPostThread ({"thread": ...}, parents, post and
// replies flattened in that order), or a single post view. Reposts yield
// the original post once. Documents: kind post, guid = at:// URI,
// url = https://bsky.app/profile/<handle>/post/<rkey>, author
// "Display Name (@handle)", text = record.text, raw = the post view JSON.
[[nodiscard]] Result<std::vector<Document>> ParseBluesky(
    std::string_view json, std::vector<std::string>* warnings = nullptr);

// Either of the above, chosen by DetectSocialJson. Errors: as above; a
// JSON Feed is kUnsupported, any other shape kParse.
[[nodiscard]] Result<std::vector<Document>> ParseSocialPosts(
    std::string_view json, std::string_view source_url,
    std::vector<std::string>* warnings = nullptr);

// What a JSON document is, judged by its shape only (for dispatch).
enum class SocialJsonKind { kMastodon, kBluesky, kJsonFeed, kUnknown };

// kUnknown also for invalid or too deeply nested JSON. A bare array is
// Mastodon (timelines are the only bare arrays among these APIs).
[[nodiscard]] SocialJsonKind DetectSocialJson(std::string_view json);
const char* SocialJsonKindName(SocialJsonKind kind);  // "mastodon", "bluesky", "jsonfeed", "unknown"

// Maps a public page URL to the API URL whose JSON the parsers above read:
//   https://host/tags/NAME             -> https://host/api/v1/timelines/tag/NAME?limit=40
//   https://host/@user[@domain][/...]  -> https://host/api/v1/accounts/lookup?acct=user[@domain]
//                                         (then AccountStatusesUrl on its answer)
//   https://host/users/user            -> same lookup
//   https://host/@user/ID (a status)   -> https://host/api/v1/statuses/ID
//   https://bsky.app/profile/HANDLE    -> https://public.api.bsky.app/xrpc/
//                                         app.bsky.feed.getAuthorFeed?actor=HANDLE&limit=50
//   https://bsky.app/profile/H/post/K  -> .../xrpc/app.bsky.feed.getPostThread?uri=at%3A%2F%2FH%2Fapp.bsky.feed.post%2FK
// The page URL's scheme and port are kept for Mastodon hosts. URLs already on
// an API (/api/v1/..., /api/v2/..., /xrpc/...) come back unchanged.
// Errors: kInvalidArgument for a non-http(s) URL, kUnsupported for any other page.
[[nodiscard]] Result<std::string> TimelineApiUrl(std::string_view url);

// Second step of an account timeline: from the JSON of
// /api/v1/accounts/lookup (an Account), the statuses URL
// https://host/api/v1/accounts/ID/statuses?limit=40. `host` is a host name
// or any URL on it. Errors: kParse when the JSON is not an Account with an id.
[[nodiscard]] Result<std::string> AccountStatusesUrl(std::string_view host,
                                                     std::string_view account_json);

}  // namespace corroborate::ingest
