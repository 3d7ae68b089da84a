#include "ingest/measure/synthetic_mrt.h"

#include <arpa/inet.h>
#include <fmt/core.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <tuple>

#include "core/file.h"
#include "ingest/measure/json_input.h"

namespace corroborate::ingest {

namespace {

struct Prefix {
  std::uint32_t addr = 0;
  int len = 0;
};

bool ParsePrefix(const std::string& text, Prefix& out) {
  size_t slash = text.find('/');
  if (slash == std::string::npos) return false;
  in_addr a{};
  if (inet_pton(AF_INET, text.substr(0, slash).c_str(), &a) != 1) return false;
  int len = std::atoi(text.c_str() + slash + 1);
  if (len < 0 || len > 32) return false;
  out.addr = ntohl(a.s_addr);
  out.len = len;
  return true;
}

// One UPDATE from one peer at one time.
struct Event {
  Instant time = 0;
  int usec_order = 0;  // keeps same-second events in generation order
  int peer = 0;
  int prefix = 0;
  bool withdraw = false;
  int path_variant = 0;  // 0: peer, upstream, origin; 1: with one prepend of the upstream
};

void Put16(std::string& b, unsigned v) {
  b += static_cast<char>(v >> 8 & 0xff);
  b += static_cast<char>(v & 0xff);
}
void Put32(std::string& b, std::uint32_t v) {
  Put16(b, v >> 16);
  Put16(b, v & 0xffff);
}

constexpr std::uint32_t kCollectorIp = 0xC6336401;  // 198.51.100.1 (RFC 5737)
constexpr std::uint32_t kCollectorAs = 64511;

std::uint32_t PeerAs(int i) { return i < 15 ? 64496 + i : 65536 + (i - 15); }       // RFC 5398
std::uint32_t PeerIp(int i) { return 0xC0000200 + 1 + static_cast<std::uint32_t>(i); }  // 192.0.2.x

std::string EncodeRecord(const RoutingScenario& s, const std::vector<Prefix>& prefixes, const Event& e) {
  std::string nlri;
  const Prefix& p = prefixes[static_cast<size_t>(e.prefix)];
  nlri += static_cast<char>(p.len);
  for (int byte = 0; byte < (p.len + 7) / 8; ++byte) nlri += static_cast<char>(p.addr >> (24 - 8 * byte) & 0xff);
  std::string attrs;
  if (!e.withdraw) {
    attrs += "\x40\x01\x01";
    attrs += '\0';  // ORIGIN IGP
    std::vector<std::uint32_t> path{PeerAs(e.peer), s.upstream_as};
    if (e.path_variant == 1) path.push_back(s.upstream_as);
    path.push_back(s.origin_as);
    attrs += "\x40\x02";
    attrs += static_cast<char>(2 + 4 * path.size());
    attrs += '\x02';  // AS_SEQUENCE
    attrs += static_cast<char>(path.size());
    for (std::uint32_t as : path) Put32(attrs, as);
    attrs += "\x40\x03\x04";
    Put32(attrs, PeerIp(e.peer));  // NEXT_HOP
  }
  std::string bgp(16, '\xff');
  std::string body;
  if (e.withdraw) {
    Put16(body, static_cast<unsigned>(nlri.size()));
    body += nlri;
    Put16(body, 0);
  } else {
    Put16(body, 0);
    Put16(body, static_cast<unsigned>(attrs.size()));
    body += attrs;
    body += nlri;
  }
  Put16(bgp, static_cast<unsigned>(19 + body.size()));
  bgp += '\x02';  // UPDATE
  bgp += body;
  std::string rec;
  Put32(rec, PeerAs(e.peer));
  Put32(rec, kCollectorAs);
  Put16(rec, 0);  // interface index
  Put16(rec, 1);  // AFI IPv4
  Put32(rec, PeerIp(e.peer));
  Put32(rec, kCollectorIp);
  rec += bgp;
  std::string out;
  Put32(out, static_cast<std::uint32_t>(e.time));
  Put16(out, 16);  // BGP4MP
  Put16(out, 4);   // BGP4MP_MESSAGE_AS4
  Put32(out, static_cast<std::uint32_t>(rec.size()));
  out += rec;
  return out;
}

struct GzCloser {
  void operator()(gzFile_s* f) const { gzclose(f); }
};
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

Result<RoutingScenario> ParseRoutingScenario(std::string_view json, std::string_view name) {
  auto doc = ParseJsonInput(json, name);
  if (!doc) return std::unexpected(doc.error());
  const nlohmann::json& j = *doc;
  if (!j.is_object()) return Fail(ErrorCode::kParse, fmt::format("{}: scenario must be a JSON object", name));
  RoutingScenario s;
  auto bad = [&](const char* what) { return Fail(ErrorCode::kParse, fmt::format("{}: bad or missing '{}'", name, what)); };
  // Numbers are type-checked before get<>: nlohmann throws on a string, and a
  // double beyond int range would be undefined behaviour.
  auto as_number = [&](const char* key) {
    return j.contains(key) && j[key].is_number_unsigned() && j[key].get<std::uint64_t>() <= 0xffffffffu;
  };
  auto real_or = [](const nlohmann::json& o, const char* key, double fallback) -> std::optional<double> {
    if (!o.contains(key)) return fallback;
    if (!o[key].is_number()) return std::nullopt;
    return o[key].get<double>();
  };
  if (!as_number("origin_as")) return bad("origin_as");
  if (!as_number("upstream_as")) return bad("upstream_as");
  s.origin_as = j["origin_as"].get<std::uint32_t>();
  s.upstream_as = j["upstream_as"].get<std::uint32_t>();
  if (!j.contains("prefixes") || !j["prefixes"].is_array() || j["prefixes"].empty()) return bad("prefixes");
  for (const auto& p : j["prefixes"]) {
    Prefix parsed;
    if (!p.is_string() || !ParsePrefix(p.get<std::string>(), parsed)) return bad("prefixes");
    s.prefixes.push_back(p.get<std::string>());
  }
  if (j.contains("peers")) {
    if (!j["peers"].is_number_integer()) return bad("peers (1..31)");
    std::int64_t peers = j["peers"].get<std::int64_t>();
    s.peers = peers >= 1 && peers <= 31 ? static_cast<int>(peers) : 0;
  }
  if (s.peers < 1 || s.peers > 31) return bad("peers (1..31)");
  auto start = JsonInstant(j.value("start", nlohmann::json()));
  auto end = JsonInstant(j.value("end", nlohmann::json()));
  if (!start) return bad("start");
  if (!end || *end <= *start) return bad("end");
  s.start = *start;
  s.end = *end;
  auto background = real_or(j, "background_changes_per_hour", 2.0);
  if (!background) return bad("background_changes_per_hour");
  s.background_changes_per_hour = *background;
  if (j.contains("seed") && !j["seed"].is_number_unsigned()) return bad("seed");
  s.seed = j.value("seed", std::uint64_t{1});
  if (j.contains("phases")) {
    if (!j["phases"].is_array()) return bad("phases");
    for (const auto& p : j["phases"]) {
      RoutingPhase phase;
      std::string kind = JsonString(p, "kind");
      if (kind == "flap") {
        phase.kind = RoutingPhase::Kind::kFlap;
      } else if (kind == "withdraw") {
        phase.kind = RoutingPhase::Kind::kWithdraw;
      } else {
        return bad("phases[].kind (flap or withdraw)");
      }
      auto ps = JsonInstant(p.value("start", nlohmann::json()));
      auto pe = JsonInstant(p.value("end", nlohmann::json()));
      if (!ps || !pe || *pe <= *ps) return bad("phases[].start/end");
      phase.start = *ps;
      phase.end = *pe;
      auto rate_start = real_or(p, "rate_start", 0.0);
      auto rate_end = real_or(p, "rate_end", rate_start.value_or(0.0));
      if (!rate_start || !rate_end) return bad("phases[].rate_start/rate_end");
      phase.rate_start = *rate_start;
      phase.rate_end = *rate_end;
      s.phases.push_back(phase);
    }
  }
  return s;
}

Result<SyntheticStats> WriteSyntheticMrt(const RoutingScenario& s, const std::string& path) {
  std::vector<Prefix> prefixes;
  for (const std::string& text : s.prefixes) {
    Prefix p;
    if (!ParsePrefix(text, p)) return Fail(ErrorCode::kInvalidArgument, "bad prefix " + text);
    prefixes.push_back(p);
  }
  std::mt19937_64 rng(s.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const int np = static_cast<int>(prefixes.size());
  std::vector<Event> events;
  int order = 0;
  auto add = [&](Instant t, int peer, int prefix, bool withdraw, int variant) {
    if (t < s.start || t >= s.end) return;
    events.push_back(Event{t, order++, peer, prefix, withdraw, variant});
  };
  auto withdrawn_at = [&](Instant t) {
    for (const RoutingPhase& p : s.phases) {
      if (p.kind == RoutingPhase::Kind::kWithdraw && t >= p.start && t < p.end) return true;
    }
    return false;
  };
  // Initial table: every peer announces every prefix in the first minute.
  for (int peer = 0; peer < s.peers; ++peer) {
    for (int i = 0; i < np; ++i) add(s.start + (peer * np + i) % 60, peer, i, false, 0);
  }
  // Background path changes (prepend on/off) across the whole span.
  Instant span = s.end - s.start;
  double expected = s.background_changes_per_hour * static_cast<double>(span) / 3600.0;
  for (int k = 0; k < static_cast<int>(expected); ++k) {
    Instant t = s.start + 120 + static_cast<Instant>(unit(rng) * static_cast<double>(span - 240));
    if (withdrawn_at(t)) continue;
    int peer = static_cast<int>(unit(rng) * s.peers) % s.peers;
    int prefix = static_cast<int>(unit(rng) * np) % np;
    add(t, peer, prefix, false, 1);
    add(t + 60 + static_cast<Instant>(unit(rng) * 600), peer, prefix, false, 0);
  }
  for (const RoutingPhase& phase : s.phases) {
    if (phase.kind == RoutingPhase::Kind::kWithdraw) {
      // Every peer loses every prefix within the first minute; routes come back
      // over the first five minutes after the end, through the upstream.
      for (int peer = 0; peer < s.peers; ++peer) {
        for (int i = 0; i < np; ++i) {
          add(phase.start + static_cast<Instant>(unit(rng) * 50), peer, i, true, 0);
          add(phase.end + static_cast<Instant>(unit(rng) * 290), peer, i, false, 0);
        }
      }
      continue;
    }
    // Flapping: a flap withdraws one prefix at all peers and brings it back a
    // few minutes later; the rate grows linearly over the phase.
    double hours = static_cast<double>(phase.end - phase.start) / 3600.0;
    double t_hours = 0;
    while (t_hours < hours) {
      double rate = phase.rate_start + (phase.rate_end - phase.rate_start) * (t_hours / hours);
      if (rate <= 0) break;
      t_hours += -std::log(1 - unit(rng)) / rate;  // exponential gaps
      Instant t = phase.start + static_cast<Instant>(t_hours * 3600);
      if (t >= phase.end || withdrawn_at(t)) continue;
      int prefix = static_cast<int>(unit(rng) * np) % np;
      Instant back = t + 60 + static_cast<Instant>(unit(rng) * 540);
      if (withdrawn_at(back)) continue;
      for (int peer = 0; peer < s.peers; ++peer) {
        if (unit(rng) < 0.15) continue;  // not every peer sees every flap
        add(t + static_cast<Instant>(unit(rng) * 20), peer, prefix, true, 0);
        add(back + static_cast<Instant>(unit(rng) * 20), peer, prefix, false, 0);
      }
    }
  }
  std::sort(events.begin(), events.end(),
            [](const Event& a, const Event& b) { return std::tie(a.time, a.usec_order) < std::tie(b.time, b.usec_order); });
  bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  std::unique_ptr<gzFile_s, GzCloser> gzf;
  std::unique_ptr<std::FILE, FileCloser> plain;
  if (gz) {
    gzf.reset(gzopen(path.c_str(), "wb6"));
  } else {
    plain.reset(std::fopen(path.c_str(), "wb"));
  }
  if (!gzf && !plain) {
    return Fail(ErrorCode::kIo,
                fmt::format("{}: cannot open for writing: {}", path, SystemErrorText(errno)));
  }
  // The reason a write failed: errno for a plain file, zlib's text (which
  // holds errno's) for gzip.
  auto write_failed = [&]() {
    int zerr = Z_OK;
    std::string reason = gz && gzf ? gzerror(gzf.get(), &zerr) : SystemErrorText(errno);
    if (gz && zerr == Z_ERRNO) reason = SystemErrorText(errno);
    return Fail(ErrorCode::kIo, fmt::format("{}: write failed: {}", path, reason));
  };
  SyntheticStats stats;
  for (const Event& e : events) {
    std::string rec = EncodeRecord(s, prefixes, e);
    bool ok = gz ? gzwrite(gzf.get(), rec.data(), static_cast<unsigned>(rec.size())) == static_cast<int>(rec.size())
                 : std::fwrite(rec.data(), 1, rec.size(), plain.get()) == rec.size();
    if (!ok) return write_failed();
    ++stats.records;
    (e.withdraw ? stats.withdrawals : stats.announcements)++;
  }
  if (gz) {
    if (gzclose(gzf.release()) != Z_OK) {
      return Fail(ErrorCode::kIo,
                  fmt::format("{}: write failed: {}", path, SystemErrorText(errno)));
    }
  } else if (std::fclose(plain.release()) != 0) {
    return Fail(ErrorCode::kIo, fmt::format("{}: write failed: {}", path, SystemErrorText(errno)));
  }
  return stats;
}

}  // namespace corroborate::ingest
