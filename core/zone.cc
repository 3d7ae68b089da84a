#include "core/zone.h"

#include <date/tz.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace corroborate {
namespace {

// Zones looked up so far (nullptr: unknown). date::locate_zone throws for an
// unknown name; a name is tried once.
const date::time_zone* FindZone(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, const date::time_zone*, std::less<>> cache;
  if (name.empty() || name.size() > 64) return nullptr;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(name);
  } catch (...) {
    zone = nullptr;  // not in the database, or no database
  }
  cache.emplace(std::string(name), zone);
  return zone;
}

}  // namespace

std::optional<int> ZoneOffsetAt(std::string_view name, Instant t) {
  const date::time_zone* zone = FindZone(name);
  if (!zone) return std::nullopt;
  try {
    date::sys_info info = zone->get_info(date::sys_seconds(std::chrono::seconds(t)));
    return static_cast<int>(info.offset.count());
  } catch (...) {
    return std::nullopt;  // the zone's file could not be read
  }
}

std::optional<int> ZoneOffsetForLocal(std::string_view name, Instant local) {
  const date::time_zone* zone = FindZone(name);
  if (!zone) return std::nullopt;
  try {
    date::local_info info = zone->get_info(date::local_seconds(std::chrono::seconds(local)));
    return static_cast<int>(info.first.offset.count());
  } catch (...) {
    return std::nullopt;
  }
}

bool IsKnownZone(std::string_view name) { return FindZone(name) != nullptr; }

}  // namespace corroborate
