#include "ingest/measure/bgp_series.h"

#include <arpa/inet.h>
#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace corroborate::ingest {

namespace {

struct Net {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
  int len = 0;
};

bool ParseNet(std::string_view text, Net& out) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  std::string addr(text.substr(0, slash));
  std::string len(text.substr(slash + 1));
  if (len.empty() || len.size() > 3 || len.find_first_not_of("0123456789") != std::string::npos) return false;
  out.len = std::stoi(len);
  out.v6 = addr.find(':') != std::string::npos;
  if (inet_pton(out.v6 ? AF_INET6 : AF_INET, addr.c_str(), out.bytes.data()) != 1) return false;
  return out.len <= (out.v6 ? 128 : 32);
}

// True when `inner` lies within `outer`.
bool Covers(const Net& outer, const Net& inner) {
  if (outer.v6 != inner.v6 || inner.len < outer.len) return false;
  int full = outer.len / 8, rest = outer.len % 8;
  if (std::memcmp(outer.bytes.data(), inner.bytes.data(), static_cast<size_t>(full)) != 0) return false;
  if (rest == 0) return true;
  std::uint8_t mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (outer.bytes[static_cast<size_t>(full)] & mask) == (inner.bytes[static_cast<size_t>(full)] & mask);
}

double Slash24s(const Net& n) {
  if (n.v6 || n.len > 24) return 0;
  return static_cast<double>(1u << (24 - n.len));
}

struct BinState {
  double visible = 0, slash24 = 0, announce = 0, withdraw = 0, pathchange = 0;
  std::vector<int> visible_prefixes;  // indexes into the prefix table
  int peers_with_routes = 0;
  std::uint32_t upstream = 0;  // most common AS before the origin
  Instant first_withdraw = 0, last_withdraw = 0;
};

}  // namespace

struct BgpSeriesBuilder::Impl {
  BgpTarget target;
  std::vector<Net> nets;
  Instant step;
  std::string provenance;
  std::unordered_map<std::string, int> prefix_index;
  std::vector<std::string> prefixes;
  std::vector<Net> prefix_nets;
  std::vector<std::unordered_map<int, std::vector<std::uint32_t>>> routes;  // prefix -> peer -> path
  std::unordered_map<std::string, int> peer_index;
  std::unordered_map<std::uint32_t, int> upstream_count;
  std::vector<BinState> bins;
  Instant start = 0;
  bool started = false;
  BinState current;
  std::uint64_t updates = 0;

  static std::uint32_t Upstream(const std::vector<std::uint32_t>& path) {
    if (path.empty()) return 0;
    std::uint32_t origin = path.back();
    for (size_t i = path.size(); i-- > 0;) {
      if (path[i] != origin) return path[i];  // skip origin prepends
    }
    return origin;
  }

  void CloseBin() {
    int peers = static_cast<int>(peer_index.size());
    current.visible_prefixes.clear();
    std::vector<bool> has_route(static_cast<size_t>(peers), false);
    for (size_t p = 0; p < routes.size(); ++p) {
      for (const auto& [peer, path] : routes[p]) has_route[static_cast<size_t>(peer)] = true;
      if (peers > 0 && static_cast<int>(routes[p].size()) * 2 > peers) {
        current.visible_prefixes.push_back(static_cast<int>(p));
        current.slash24 += Slash24s(prefix_nets[p]);
      }
    }
    current.visible = static_cast<double>(current.visible_prefixes.size());
    current.peers_with_routes = static_cast<int>(std::count(has_route.begin(), has_route.end(), true));
    int best = 0;
    for (const auto& [as, count] : upstream_count) {
      if (count > best || (count == best && as < current.upstream)) best = count, current.upstream = as;
    }
    bins.push_back(std::move(current));
    current = BinState{};
  }

  void AdvanceTo(Instant t) {
    if (!started) {
      start = t - ((t % step) + step) % step;
      started = true;
    }
    while (t >= start + static_cast<Instant>(bins.size() + 1) * step) {
      CloseBin();
      // Empty bins in a long gap repeat the state; CloseBin recomputes, which is fine for small targets.
    }
  }
};

Result<BgpTarget> ParseBgpTarget(std::string_view text) {
  BgpTarget t;
  std::string_view s = TrimAscii(text);
  std::string_view spec = s;
  size_t eq = s.find('=');
  if (eq != std::string_view::npos) {
    t.entity = NormalizeEntity(s.substr(0, eq));
    spec = s.substr(eq + 1);
    if (t.entity.empty()) return Fail(ErrorCode::kInvalidArgument, fmt::format("--target {}: bad entity", text));
  }
  size_t pos = 0;
  while (pos <= spec.size()) {
    size_t comma = spec.find(',', pos);
    std::string_view item = TrimAscii(spec.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    pos = comma == std::string_view::npos ? spec.size() + 1 : comma + 1;
    if (item.empty()) continue;
    std::string e = NormalizeEntity(item);
    if (e.rfind("asn:", 0) == 0) {
      t.origins.push_back(static_cast<std::uint32_t>(std::stoul(e.substr(4))));
    } else if (e.rfind("prefix:", 0) == 0) {
      Net n;
      if (!ParseNet(e.substr(7), n)) return Fail(ErrorCode::kInvalidArgument, fmt::format("--target {}: bad prefix '{}'", text, item));
      t.prefixes.push_back(e.substr(7));
    } else if (e.rfind("country:", 0) == 0 && eq == std::string_view::npos) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("--target {}: a country needs its ASNs or prefixes, e.g. country:KP=asn:131279", text));
    } else {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("--target {}: cannot read '{}'", text, item));
    }
    if (t.entity.empty()) t.entity = e;
  }
  if (t.origins.empty() && t.prefixes.empty()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("--target {}: no ASN or prefix given", text));
  }
  return t;
}

BgpSeriesBuilder::BgpSeriesBuilder(BgpTarget target, Instant step, std::string provenance)
    : impl_(std::make_unique<Impl>()) {
  impl_->target = std::move(target);
  impl_->step = step > 0 ? step : 300;
  impl_->provenance = std::move(provenance);
  for (const std::string& p : impl_->target.prefixes) {
    Net n;
    if (ParseNet(p, n)) impl_->nets.push_back(n);
  }
}

BgpSeriesBuilder::~BgpSeriesBuilder() = default;

bool BgpSeriesBuilder::Matches(const RouteUpdate& u) const {
  if (impl_->prefix_index.count(u.prefix)) return true;  // tracked already (covers withdrawals)
  if (!u.withdraw && !u.as_path.empty()) {
    std::uint32_t origin = u.as_path.back();
    if (std::find(impl_->target.origins.begin(), impl_->target.origins.end(), origin) != impl_->target.origins.end()) {
      return true;
    }
  }
  if (impl_->nets.empty()) return false;
  Net n;
  if (!ParseNet(u.prefix, n)) return false;
  return std::any_of(impl_->nets.begin(), impl_->nets.end(), [&](const Net& outer) { return Covers(outer, n); });
}

void BgpSeriesBuilder::Add(const RouteUpdate& u) {
  Impl& m = *impl_;
  if (!Matches(u)) return;
  m.AdvanceTo(u.time);
  ++m.updates;
  auto [pit, new_prefix] = m.prefix_index.try_emplace(u.prefix, static_cast<int>(m.prefixes.size()));
  if (new_prefix) {
    m.prefixes.push_back(u.prefix);
    Net n;
    ParseNet(u.prefix, n);
    m.prefix_nets.push_back(n);
    m.routes.emplace_back();
  }
  auto [peer_it, new_peer] = m.peer_index.try_emplace(u.peer, static_cast<int>(m.peer_index.size()));
  (void)new_peer;
  auto& per_peer = m.routes[static_cast<size_t>(pit->second)];
  auto existing = per_peer.find(peer_it->second);
  if (u.withdraw) {
    m.current.withdraw += 1;
    if (m.current.first_withdraw == 0) m.current.first_withdraw = u.time;
    m.current.last_withdraw = u.time;
    if (existing != per_peer.end()) {
      --m.upstream_count[Impl::Upstream(existing->second)];
      per_peer.erase(existing);
    }
    return;
  }
  m.current.announce += 1;
  if (existing != per_peer.end()) {
    if (existing->second != u.as_path) m.current.pathchange += 1;
    --m.upstream_count[Impl::Upstream(existing->second)];
    existing->second = u.as_path;
  } else {
    per_peer.emplace(peer_it->second, u.as_path);
  }
  ++m.upstream_count[Impl::Upstream(u.as_path)];
}

BgpSeries BgpSeriesBuilder::Finish() {
  Impl& m = *impl_;
  BgpSeries out;
  out.updates = m.updates;
  out.peers = static_cast<int>(m.peer_index.size());
  if (!m.started) return out;
  m.CloseBin();
  const char* names[] = {"bgp-prefixes", "bgp-slash24", "bgp-announce", "bgp-withdraw", "bgp-pathchange", "bgp-churn"};
  for (const char* name : names) {
    Series s;
    s.entity = m.target.entity;
    s.datasource = name;
    s.start = m.start;
    s.step = m.step;
    s.provenance = m.provenance;
    s.values.reserve(m.bins.size());
    for (const BinState& b : m.bins) {
      std::string_view n = name;
      double v = n == "bgp-prefixes" ? b.visible : n == "bgp-slash24" ? b.slash24 : n == "bgp-announce" ? b.announce
                 : n == "bgp-withdraw" ? b.withdraw : n == "bgp-pathchange" ? b.pathchange
                                       : b.announce + b.withdraw + b.pathchange;
      s.values.push_back(v);
    }
    out.series.push_back(std::move(s));
  }
  return out;
}

std::optional<RoutingEvidence> BgpSeriesBuilder::Evidence(const OutageWindow& w) const {
  const Impl& m = *impl_;
  if (m.bins.empty()) return std::nullopt;
  auto bin_of = [&](Instant t) {
    Instant i = (t - m.start) / m.step;
    return static_cast<size_t>(std::clamp<Instant>(i, 0, static_cast<Instant>(m.bins.size()) - 1));
  };
  size_t first = bin_of(w.start), last = bin_of(std::max(w.start, w.end - 1));
  size_t before = first > 0 ? first - 1 : first;
  size_t after = std::min(m.bins.size() - 1, bin_of(w.end));
  size_t worst = first;
  for (size_t i = first; i <= last; ++i) {
    if (m.bins[i].visible < m.bins[worst].visible) worst = i;
  }
  const BinState& b = m.bins[before];
  const BinState& x = m.bins[worst];
  const BinState& a = m.bins[after];
  RoutingEvidence e;
  for (int p : b.visible_prefixes) {
    if (!std::binary_search(x.visible_prefixes.begin(), x.visible_prefixes.end(), p)) {
      e.prefixes_lost.push_back(m.prefixes[static_cast<size_t>(p)]);
    }
  }
  e.target = m.target.entity;
  e.peers_total = static_cast<std::int64_t>(m.peer_index.size());
  e.prefixes_visible_before = b.visible;
  e.prefixes_visible_worst = x.visible;
  e.prefixes_visible_after = a.visible;
  e.peers_with_routes_before = b.peers_with_routes;
  e.peers_with_routes_worst = x.peers_with_routes;
  e.upstream_before = b.upstream;
  e.upstream_after = a.upstream;
  // How quickly the routes went: the withdrawals in the window's first bins.
  Instant w0 = 0, w1 = 0;
  for (size_t i = first; i <= std::min(last, first + 1); ++i) {
    if (m.bins[i].first_withdraw && (!w0 || m.bins[i].first_withdraw < w0)) w0 = m.bins[i].first_withdraw;
    w1 = std::max(w1, m.bins[i].last_withdraw);
  }
  if (w0) e.withdrawal_spread_seconds = w1 - w0;
  return e;
}

}  // namespace corroborate::ingest
