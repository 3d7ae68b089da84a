// Internal: the ordered schema migrations. Migration i (0-based) brings the
// database from user_version i to i + 1; each runs in its own transaction.
#pragma once

#include <span>
#include <string_view>

namespace corroborate::store::internal {

// Every migration in order. Appending one element is a schema change.
std::span<const std::string_view> Migrations();

}  // namespace corroborate::store::internal
