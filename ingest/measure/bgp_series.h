// Per-bin BGP series for a target (a country given by its prefixes or
// origin ASNs, an ASN, or a prefix list) computed from RIB entries and
// updates, in time order:
//   bgp-prefixes   target prefixes visible to more than half of the peers
//   bgp-slash24    the same in /24 equivalents (IODA's BGP signal)
//   bgp-announce, bgp-withdraw, bgp-pathchange   events per bin
//   bgp-churn      announcements + withdrawals + path changes per bin
// and, for any window over those series, its evidence: which prefixes were
// lost, how many peers saw them before and at the worst point, and through
// which upstream AS (the AS before the origin) the routes ran before and
// after.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/measure.h"

namespace corroborate::ingest {

// One route event, as any MRT decoder gives it.
struct RouteUpdate {
  Instant time = 0;
  std::string peer;     // peer address (identity of the vantage point)
  std::uint32_t peer_as = 0;
  bool withdraw = false;
  std::string prefix;   // "175.45.176.0/24" or an IPv6 prefix
  std::vector<std::uint32_t> as_path;  // flattened; sets contribute their members
};

struct BgpTarget {
  std::string entity;                    // "country:KP", "asn:131279", "prefix:..."
  std::vector<std::string> prefixes;     // covering prefixes: equal or more specific routes match
  std::vector<std::uint32_t> origins;    // origin ASNs: any route they originate matches
};

// Parses a --target value: "asn:131279", "prefix:175.45.176.0/22[,more...]",
// "country:KP=asn:131279,prefix:175.45.176.0/22" (a country needs its ASNs
// or prefixes after '='). kInvalidArgument naming the value otherwise.
[[nodiscard]] Result<BgpTarget> ParseBgpTarget(std::string_view text);

struct BgpSeries {
  std::vector<Series> series;  // the six series above, same start and step
  std::uint64_t updates = 0;   // route events that matched the target
  int peers = 0;               // vantage points that carried the target
};

class BgpSeriesBuilder {
 public:
  BgpSeriesBuilder(BgpTarget target, Instant step = 300, std::string provenance = "");
  ~BgpSeriesBuilder();
  BgpSeriesBuilder(const BgpSeriesBuilder&) = delete;
  BgpSeriesBuilder& operator=(const BgpSeriesBuilder&) = delete;

  // True when the route's prefix belongs to the target.
  bool Matches(const RouteUpdate& update) const;
  // Feeds one event (non-matching ones are ignored). Events must come in
  // non-decreasing time order within a bin's tolerance; older ones are
  // counted in the current bin.
  void Add(const RouteUpdate& update);
  // Closes the last bin and returns the series.
  BgpSeries Finish();
  // The routing evidence of a window over the series (call after Finish);
  // nullopt when the series has no bins.
  std::optional<RoutingEvidence> Evidence(const OutageWindow& window) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace corroborate::ingest
