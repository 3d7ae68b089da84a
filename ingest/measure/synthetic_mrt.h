// SYNTHETIC routing data: writes MRT BGP4MP updates (RFC 6396, BGP4MP
// MESSAGE_AS4) that follow a scenario of flapping, full withdrawals and
// returns for an origin AS's prefixes seen by a set of collector peers.
//
// This exists because no MRT archive of the seed event is reachable here;
// the output is an illustration that follows the published timeline, not a
// measurement. Peers use documentation AS numbers (RFC 5398) and addresses
// (RFC 5737) so the data can never be mistaken for a real collector's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"

namespace corroborate::ingest {

struct RoutingPhase {
  enum class Kind { kFlap, kWithdraw } kind = Kind::kFlap;
  Instant start = 0;
  Instant end = 0;
  double rate_start = 0;  // kFlap: flaps per hour at the phase start ...
  double rate_end = 0;    // ... growing linearly to this at its end
};

struct RoutingScenario {
  std::uint32_t origin_as = 0;
  std::uint32_t upstream_as = 0;
  std::vector<std::string> prefixes;  // IPv4 CIDR
  int peers = 32;
  Instant start = 0;
  Instant end = 0;
  double background_changes_per_hour = 2;  // path changes unrelated to any event
  std::vector<RoutingPhase> phases;
  std::uint64_t seed = 1;
};

// Reads a scenario from JSON (see examples/nk-2014/routing-scenario.json):
// {origin_as, upstream_as, prefixes[], peers, start, end,
//  background_changes_per_hour, seed, phases[{kind: "flap"|"withdraw",
//  start, end, rate_start, rate_end}]}; times ISO 8601.
[[nodiscard]] Result<RoutingScenario> ParseRoutingScenario(std::string_view json, std::string_view name);

struct SyntheticStats {
  std::uint64_t records = 0;
  std::uint64_t announcements = 0;
  std::uint64_t withdrawals = 0;
};

// Writes the scenario as MRT to `path` (gzip-compressed when it ends in
// ".gz"). Deterministic for a given scenario and seed.
[[nodiscard]] Result<SyntheticStats> WriteSyntheticMrt(const RoutingScenario& scenario, const std::string& path);

}  // namespace corroborate::ingest
