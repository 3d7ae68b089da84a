// Internal to store/: what the repositories opened beside Store share.
#pragma once

#include <fmt/core.h>

#include <exception>
#include <string>
#include <string_view>

#include "core/error.h"
#include "store/store.h"

namespace corroborate::store {

// Runs `f`, turning any exception (SQLiteCpp's included) into a kStore error
// "<path>: <what>: <why>".
template <class F>
auto Guarded(const std::string& path, std::string_view what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kStore, fmt::format("{}: {}: {}", path, what, e.what()));
  }
}

// Creates the database at `path` if needed and applies the migrations, so a
// repository can then open its own connection on the current schema.
[[nodiscard]] inline Status EnsureSchema(const std::string& path) {
  auto store = Store::Open(path);
  if (!store) return std::unexpected(store.error());
  return {};
}

}  // namespace corroborate::store
