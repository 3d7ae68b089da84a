// Helpers shared by the channels of notify/.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace corroborate::notify::internal {

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using SlistHandle = std::unique_ptr<curl_slist, SlistDeleter>;

// curl_global_init once per process; false when it failed.
bool CurlReady();

// Appends `line` (CR, LF and NUL removed) to `list`; false when out of memory.
bool AppendHeader(SlistHandle& list, std::string line);

// A Retry-After value in seconds: delta seconds, or an HTTP-date taken
// relative to `now` (never negative). nullopt when unreadable.
std::optional<std::int64_t> RetryAfterSeconds(std::string_view value, Instant now);

// `text` with CR, LF and other control characters turned into spaces.
std::string OneLine(std::string_view text);

}  // namespace corroborate::notify::internal
