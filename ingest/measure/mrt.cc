#include "ingest/measure/mrt.h"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <utility>

#include "core/clock.h"

namespace corroborate::measure {

namespace {

constexpr uint32_t kAsTrans = 23456;
constexpr size_t kBufferSize = 1 << 17;

// A bounded big-endian cursor over record bytes. Every read checks the
// remaining length; a failed read leaves the cursor unchanged.
struct Cursor {
  const uint8_t* p = nullptr;
  const uint8_t* end = nullptr;

  size_t left() const { return static_cast<size_t>(end - p); }
  bool Skip(size_t n) {
    if (left() < n) return false;
    p += n;
    return true;
  }
  bool U8(uint8_t& v) {
    if (left() < 1) return false;
    v = *p++;
    return true;
  }
  bool U16(uint16_t& v) {
    if (left() < 2) return false;
    v = static_cast<uint16_t>(p[0] << 8 | p[1]);
    p += 2;
    return true;
  }
  bool U32(uint32_t& v) {
    if (left() < 4) return false;
    v = uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
    p += 4;
    return true;
  }
  bool As(uint32_t& v, int asn_len) {
    if (asn_len == 4) return U32(v);
    uint16_t s;
    if (!U16(s)) return false;
    v = s;
    return true;
  }
  bool Ip(IpAddress& a, int family) {
    size_t n = family == 4 ? 4 : 16;
    if (left() < n) return false;
    a.family = static_cast<uint8_t>(family);
    a.bytes = {};
    std::memcpy(a.bytes.data(), p, n);
    p += n;
    return true;
  }
  // Reads `n` (at most 4) bytes big-endian as bgpdump's mstream does: bytes
  // past the end read as zero, and the cursor stops at the end.
  uint32_t Take(size_t n) {
    const size_t have = std::min(n, left());
    uint32_t v = 0;
    for (size_t i = 0; i < n; ++i) v = v << 8 | (i < have ? p[i] : 0);
    p += have;
    return v;
  }
  IpAddress TakeIp(int family) {
    IpAddress a;
    a.family = static_cast<uint8_t>(family);
    const size_t have = std::min<size_t>(family == 4 ? 4 : 16, left());
    std::memcpy(a.bytes.data(), p, have);
    p += have;
    return a;
  }
  // A sub-cursor over the next `n` bytes (advancing past them).
  bool Sub(size_t n, Cursor& sub) {
    if (left() < n) return false;
    sub = Cursor{p, p + n};
    p += n;
    return true;
  }
};

// Reads a big-endian value from up to `n` bytes, missing bytes read as zero
// (how bgpdump reads fixed-size attributes sent with a wrong length).
uint32_t LenientU32(const uint8_t* p, size_t have, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) v = v << 8 | (i < have ? p[i] : 0);
  return v;
}

IpAddress LenientIpv4(const uint8_t* p, size_t have) {
  IpAddress a;
  a.family = 4;
  std::memcpy(a.bytes.data(), p, std::min<size_t>(have, 4));
  return a;
}

int AsnCount(std::span<const AsPathSegment> segments) {
  int count = 0;
  for (const AsPathSegment& s : segments) {
    bool set = s.type == AsSegmentType::kSet || s.type == AsSegmentType::kConfedSet;
    count += set ? 1 : static_cast<int>(s.count);
  }
  return count;
}

// Parses AS path segments; false on a bad segment type or an overrun.
bool ParseAsPath(Cursor c, int asn_len, std::vector<AsPathSegment>& segments,
                 std::vector<uint32_t>& asns) {
  segments.clear();
  asns.clear();
  while (c.left() > 0) {
    uint8_t type, count;
    if (!c.U8(type) || !c.U8(count)) return false;
    if (type < 1 || type > 4) return false;
    if (c.left() < size_t{count} * asn_len) return false;
    AsPathSegment seg{static_cast<AsSegmentType>(type), static_cast<uint32_t>(asns.size()), count};
    for (int i = 0; i < count; ++i) {
      uint32_t as = 0;
      (void)c.As(as, asn_len);
      asns.push_back(as);
    }
    segments.push_back(seg);
  }
  return true;
}

}  // namespace

void BgpAttributes::Clear() {
  present = 0;
  origin = 0;
  as_path_segments.clear();
  as_path_asns.clear();
  as_path_error = false;
  as_path.clear();
  next_hop = {};
  med = local_pref = 0;
  atomic_aggregate = false;
  aggregator_as = 0;
  aggregator_address = {};
  communities.clear();
  large_communities.clear();
  for (auto& row : mp) {
    for (auto& hop : row) hop = {};
  }
}

struct Peer {
  IpAddress ip;
  uint32_t as = 0;
};

enum class Outcome { kOk, kIgnored, kMalformed };

namespace {

// Why a record header cannot be the first of an MRT file, "" when it can:
// a timestamp from 1990 to a day ahead of now, a type RFC 6396 lists
// (current or deprecated), a subtype below 16, a length up to 16 MB.
std::string ImplausibleFirstHeader(uint32_t time, uint16_t type, uint16_t subtype,
                                   uint32_t length, Instant now) {
  constexpr uint32_t k1990 = 631152000;
  const auto tomorrow = static_cast<std::int64_t>(now) + 86400;
  if (time < k1990) return "timestamp " + std::to_string(time) + " is before 1990";
  if (std::int64_t{time} > tomorrow) {
    return "timestamp " + std::to_string(time) + " is in the future";
  }
  const bool known = (type >= 1 && type <= 13) || type == 16 || type == 17 || type == 32 ||
                     type == 33 || type == 48 || type == 49;
  if (!known) return "type " + std::to_string(type) + " is no MRT type";
  if (subtype >= 16) {
    return "subtype " + std::to_string(subtype) + " of type " + std::to_string(type) +
           " is unknown";
  }
  if (length > (uint32_t{16} << 20)) return "length " + std::to_string(length) + " is over 16 MB";
  return "";
}

}  // namespace

struct MrtReader::Impl {
  std::string name;
  MrtOptions options;
  std::unique_ptr<CompressedReader> in;
  std::vector<uint8_t> buf;
  size_t pos = 0, end = 0;
  bool eof = false;
  uint64_t offset = 0;  // stream offset of buf[pos]
  std::vector<Peer> peers;
  bool have_peers = false;
  std::vector<std::unique_ptr<BgpAttributes>> pool;
  size_t pool_used = 0;
  std::vector<AsPathSegment> as4_segments;
  std::vector<uint32_t> as4_asns;
  std::vector<AsPathSegment> merged_segments;
  std::vector<uint32_t> merged_asns;
  std::string why;     // of a malformed record
  std::string damage;  // the first damaged part of the record being decoded

  // MP_REACH / MP_UNREACH NLRI of the message being decoded, by [afi-1][safi-1].
  Cursor mp_reach[2][3];
  Cursor mp_unreach[2][3];
  bool has_reach[2][3];
  bool has_unreach[2][3];

  Result<bool> Ensure(size_t n);
  Outcome Decode(MrtRecord& r, Cursor c);
  Outcome TableDump(MrtRecord& r, Cursor c);
  Outcome TableDumpV2(MrtRecord& r, Cursor c);
  Outcome PeerIndex(Cursor c);
  Outcome Bgp4mp(MrtRecord& r, Cursor c);
  Outcome Bgp4mpStateChange(MrtRecord& r, Cursor c, int asn_len);
  Outcome MrtdBgp(MrtRecord& r, Cursor c);
  Outcome Update(MrtRecord& r, Cursor msg, int asn_len, bool addpath, RouteEvent& base);
  void Attributes(Cursor& c, int asn_len, BgpAttributes& a);
  bool Prefixes(Cursor c, uint16_t afi, bool addpath, RouteEvent& base, MrtRecord& r);
  BgpAttributes& NewAttributes() {
    if (pool_used == pool.size()) pool.push_back(std::make_unique<BgpAttributes>());
    BgpAttributes& a = *pool[pool_used++];
    a.Clear();
    return a;
  }
  Outcome Bad(std::string reason) {
    why = std::move(reason);
    return Outcome::kMalformed;
  }
  void Damage(std::string reason) {
    if (damage.empty()) damage = std::move(reason);
  }
};

MrtReader::MrtReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MrtReader::~MrtReader() = default;

Result<std::unique_ptr<MrtReader>> MrtReader::Open(const std::string& path, MrtOptions options) {
  auto in = CompressedReader::Open(path);
  if (!in) return std::unexpected(in.error());
  auto impl = std::make_unique<Impl>();
  impl->name = path;
  impl->options = std::move(options);
  impl->in = std::move(*in);
  return std::unique_ptr<MrtReader>(new MrtReader(std::move(impl)));
}

std::unique_ptr<MrtReader> MrtReader::FromMemory(std::span<const uint8_t> data, MrtOptions options,
                                                 std::string name) {
  auto impl = std::make_unique<Impl>();
  impl->name = std::move(name);
  impl->options = std::move(options);
  impl->in = CompressedReader::FromMemory(data);
  return std::unique_ptr<MrtReader>(new MrtReader(std::move(impl)));
}

// Makes at least `n` unread bytes available in buf[pos, end); false when the
// input ends first. The buffer grows only as far as data actually arrives, so
// a bogus record length cannot make it allocate more than the input holds.
Result<bool> MrtReader::Impl::Ensure(size_t n) {
  while (end - pos < n) {
    if (eof) return false;
    if (pos > 0) {
      std::memmove(buf.data(), buf.data() + pos, end - pos);
      end -= pos;
      pos = 0;
    }
    if (buf.size() < kBufferSize) buf.resize(kBufferSize);
    if (buf.size() - end < kBufferSize / 4 && buf.size() < n + kBufferSize) {
      buf.resize(std::max(buf.size() * 2, end + kBufferSize));
    }
    auto got = in->Read(buf.data() + end, buf.size() - end);
    if (!got) return std::unexpected(got.error());
    if (*got == 0) eof = true;
    end += *got;
  }
  return true;
}

Result<bool> MrtReader::Next(MrtRecord& r) {
  Impl& m = *impl_;
  r.events.clear();
  m.pool_used = 0;
  auto have = m.Ensure(12);
  if (!have)
    return Fail(have.error().code, m.name + ": " + have.error().message + " (MRT offset " +
                                       std::to_string(m.offset) + ")");
  if (!*have) {
    if (m.end == m.pos) return false;
    return Fail(ErrorCode::kParse,
                m.name + ": truncated MRT record at offset " + std::to_string(m.offset));
  }
  Cursor h{m.buf.data() + m.pos, m.buf.data() + m.end};
  uint32_t time = 0, length = 0;
  uint16_t type = 0, subtype = 0;
  (void)h.U32(time);
  (void)h.U16(type);
  (void)h.U16(subtype);
  (void)h.U32(length);
  // A compressed stream's size says nothing of what it decodes to (2 MB of
  // gzip hold 2 GiB of zeros): it is refused by its first header, before
  // it is streamed.
  if (m.offset == 0 && m.in->compression() != Compression::kNone) {
    if (std::string why = ImplausibleFirstHeader(
            time, type, subtype, length, m.options.clock ? m.options.clock->Now() : SystemClock().Now());
        !why.empty()) {
      return Fail(ErrorCode::kParse,
                  m.name + ": not MRT: the " +
                      (m.in->compression() == Compression::kGzip ? "gzip" : "bzip2") +
                      " data decodes to a first record header whose " + why);
    }
  }
  r.offset = m.offset;
  r.time = time;
  r.type = type;
  r.subtype = subtype;
  r.length = length;
  r.microseconds = 0;
  r.local_ip = {};
  r.local_as = 0;
  have = m.Ensure(12 + size_t{length});
  if (!have)
    return Fail(have.error().code, m.name + ": " + have.error().message + " (MRT offset " +
                                       std::to_string(m.offset) + ")");
  if (!*have)
    return Fail(ErrorCode::kParse,
                m.name + ": truncated MRT record at offset " + std::to_string(m.offset));
  Cursor body{m.buf.data() + m.pos + 12, m.buf.data() + m.pos + 12 + length};
  m.pos += 12 + size_t{length};
  m.offset += 12 + uint64_t{length};
  ++counters_.records;

  m.damage.clear();
  Outcome outcome = m.Decode(r, body);
  if (outcome == Outcome::kOk) {
    counters_.events += r.events.size();
    for (RouteEvent& e : r.events) {
      e.time = r.time;
      e.microseconds = r.microseconds;
    }
    if (!m.damage.empty()) {
      ++counters_.damaged;
      if (m.options.on_warning) {
        m.options.on_warning("damaged MRT record at offset " + std::to_string(r.offset) +
                             " (type " + std::to_string(type) + "/" + std::to_string(subtype) +
                             "): " + m.damage + "; read as far as it goes");
      }
    }
  } else {
    r.events.clear();
    if (outcome == Outcome::kIgnored) {
      ++counters_.ignored;
    } else {
      ++counters_.malformed;
      if (m.options.on_warning) {
        m.options.on_warning("malformed MRT record at offset " + std::to_string(r.offset) +
                             " (type " + std::to_string(type) + "/" + std::to_string(subtype) +
                             "): " + m.why);
      }
    }
  }
  return true;
}

Outcome MrtReader::Impl::Decode(MrtRecord& r, Cursor c) {
  switch (r.type) {
    case kMrtBgp:
    case kMrtTableDump:
    case kMrtTableDumpV2:
    case kMrtBgp4mp:
      break;
    case kMrtBgp4mpEt:
      if (!c.U32(r.microseconds)) return Bad("no microsecond timestamp");
      break;
    default:
      return Outcome::kIgnored;
  }
  if (c.left() == 0) return Bad("empty record");
  switch (r.type) {
    case kMrtBgp:
      return MrtdBgp(r, c);
    case kMrtTableDump:
      return TableDump(r, c);
    case kMrtTableDumpV2:
      return TableDumpV2(r, c);
    default:
      return Bgp4mp(r, c);
  }
}

// Parses a path attribute block of `c.left()` bytes into `a`. MP_REACH and
// MP_UNREACH NLRI are left in mp_reach/mp_unreach for the caller. As bgpdump
// does, an attribute header cut short reads as zeros, and an attribute
// overrunning the block is dropped with the rest of the block; either is
// noted as damage.
void MrtReader::Impl::Attributes(Cursor& c, int asn_len, BgpAttributes& a) {
  for (auto& row : has_reach) std::fill(std::begin(row), std::end(row), false);
  for (auto& row : has_unreach) std::fill(std::begin(row), std::end(row), false);
  bool have_as4_path = false, as4_path_ok = true;
  uint32_t as4_aggregator_as = 0;
  IpAddress as4_aggregator_address;
  while (c.left() > 0) {
    const uint8_t flags = c.p[0];
    const size_t header = (flags & 0x10) ? 4 : 3;
    uint8_t type;
    size_t len;
    if (c.left() >= header) {
      type = c.p[1];
      len = header == 4 ? size_t{c.p[2]} << 8 | c.p[3] : c.p[2];
      c.p += header;
    } else {
      Damage("attribute header overruns the attribute block");
      c.p += 1;
      type = static_cast<uint8_t>(c.Take(1));
      len = c.Take(header - 2);
    }
    Cursor v;
    if (!c.Sub(len, v)) {
      Damage("attribute " + std::to_string(type) + " length " + std::to_string(len) +
             " overruns the attribute block (" + std::to_string(c.left()) + " bytes left)");
      c.p = c.end;
      break;
    }
    if (type < 64) a.present |= uint64_t{1} << type;
    const uint8_t* p = v.p;
    switch (type) {
      case kAttrOrigin:
        a.origin = len ? p[0] : 0;
        break;
      case kAttrAsPath:
        a.as_path_error = !ParseAsPath(v, asn_len, a.as_path_segments, a.as_path_asns);
        break;
      case kAttrNextHop:
        a.next_hop = LenientIpv4(p, len);
        break;
      case kAttrMed:
        a.med = LenientU32(p, len, 4);
        break;
      case kAttrLocalPref:
        a.local_pref = LenientU32(p, len, 4);
        break;
      case kAttrAtomicAggregate:
        a.atomic_aggregate = true;
        break;
      case kAttrAggregator: {
        size_t as_len = static_cast<size_t>(asn_len);
        a.aggregator_as = LenientU32(p, len, as_len);
        a.aggregator_address =
            LenientIpv4(p + std::min(len, as_len), len > as_len ? len - as_len : 0);
        break;
      }
      case kAttrAs4Aggregator:
        as4_aggregator_as = LenientU32(p, len, 4);
        as4_aggregator_address = LenientIpv4(p + std::min<size_t>(len, 4), len > 4 ? len - 4 : 0);
        break;
      case kAttrCommunities:
        a.communities.clear();
        for (size_t i = 0; i + 4 <= len; i += 4) a.communities.push_back(LenientU32(p + i, 4, 4));
        break;
      case kAttrLargeCommunities:
        a.large_communities.clear();
        for (size_t i = 0; i + 12 <= len; i += 12) {
          a.large_communities.push_back(
              {LenientU32(p + i, 4, 4), LenientU32(p + i + 4, 4, 4), LenientU32(p + i + 8, 4, 4)});
        }
        break;
      case kAttrAs4Path:
        have_as4_path = true;
        as4_path_ok = ParseAsPath(v, 4, as4_segments, as4_asns);
        break;
      case kAttrMpReach: {
        if (len == 0) break;
        uint8_t nh_len;
        uint16_t afi = 2;
        uint8_t safi = 1;
        bool abbreviated = p[0] != 0;  // RFC 6396 4.3.4: RIB entries carry only the next hop
        if (!abbreviated) {
          if (!v.U16(afi) || !v.U8(safi)) break;
        }
        if (!v.U8(nh_len)) break;
        if (afi < 1 || afi > 2 || safi < 1 || safi > 3) break;  // other families: not decoded
        BgpAttributes::MpNextHop& hop = a.mp[afi - 1][safi - 1];
        hop = {};
        hop.present = true;
        hop.length = nh_len;
        Cursor nh;
        if (!v.Sub(std::min<size_t>(nh_len, v.left()), nh)) break;
        if (nh_len == 4) {
          (void)nh.Ip(hop.global, 4);
        } else if (nh_len == 16 || nh_len == 32) {
          (void)nh.Ip(hop.global, 6);
          if (nh_len == 32) (void)nh.Ip(hop.link_local, 6);
        }
        if (abbreviated) break;
        uint8_t snpa_count;
        if (!v.U8(snpa_count)) break;
        for (int i = 0; i < snpa_count; ++i) {
          uint8_t snpa_len;
          if (!v.U8(snpa_len) || !v.Skip((snpa_len + 1) / 2)) break;
        }
        mp_reach[afi - 1][safi - 1] = v;
        has_reach[afi - 1][safi - 1] = true;
        break;
      }
      case kAttrMpUnreach: {
        uint16_t afi;
        uint8_t safi;
        if (!v.U16(afi) || !v.U8(safi)) break;
        if (afi < 1 || afi > 2 || safi < 1 || safi > 3) break;
        mp_unreach[afi - 1][safi - 1] = v;
        has_unreach[afi - 1][safi - 1] = true;
        break;
      }
      default:
        break;
    }
  }
  // RFC 6793 AS4 attributes, merged the way bgpdump 1.6.2 does it.
  if (asn_len == 2) {
    if (a.Has(kAttrAs4Aggregator)) {
      // RFC 6793 4.2.3: an AGGREGATOR other than AS_TRANS voids the AS4 attributes.
      if (a.Has(kAttrAggregator) && a.aggregator_as != kAsTrans) return;
      a.aggregator_as = as4_aggregator_as;
      a.aggregator_address = as4_aggregator_address;
    }
    if (have_as4_path && a.Has(kAttrAsPath) && !a.as_path_error) {
      if (!as4_path_ok) {
        a.as_path_error = true;
      } else {
        int old_count = AsnCount(a.as_path_segments);
        int new_count = AsnCount(as4_segments);
        if (new_count <= old_count) {
          // Copies (a prefix of) the first AS_PATH segment until the merged
          // path has old_count - new_count ASes, then appends AS4_PATH.
          merged_segments.clear();
          merged_asns.clear();
          int need = old_count - new_count, have = 0;
          while (have < need && !a.as_path_segments.empty()) {
            const AsPathSegment& first = a.as_path_segments.front();
            bool set = first.type == AsSegmentType::kSet || first.type == AsSegmentType::kConfedSet;
            uint32_t take =
                set ? first.count
                    : std::min<uint32_t>(first.count, static_cast<uint32_t>(need - have));
            merged_segments.push_back(
                {first.type, static_cast<uint32_t>(merged_asns.size()), take});
            for (uint32_t i = 0; i < take; ++i)
              merged_asns.push_back(a.as_path_asns[first.first + i]);
            int added = set ? 1 : static_cast<int>(take);
            if (added == 0) break;  // bgpdump would loop forever on an empty first segment
            have += added;
          }
          for (const AsPathSegment& s : as4_segments) {
            merged_segments.push_back({s.type, static_cast<uint32_t>(merged_asns.size()), s.count});
            for (uint32_t i = 0; i < s.count; ++i) merged_asns.push_back(as4_asns[s.first + i]);
          }
          std::swap(a.as_path_segments, merged_segments);
          std::swap(a.as_path_asns, merged_asns);
        }
      }
    }
  }
}

// Appends one event per prefix of an NLRI list (RFC 4271 4.3, RFC 7911 path
// identifiers). As bgpdump does, a last prefix cut short by the end of the
// list is dropped, and an IPv4 prefix longer than 32 bits (up to 128, which
// bgpdump's 16-byte address holds) is kept with its first bytes, noted as
// damage; a longer one makes the record malformed. Bits past the prefix
// length are cleared, as bgpdump after 1.6.2 does (its test file
// updates.nlri_mask_trailing_bits); 1.6.2 prints them.
bool MrtReader::Impl::Prefixes(Cursor c, uint16_t afi, bool addpath, RouteEvent& base,
                               MrtRecord& r) {
  const unsigned max_bits = afi == 1 ? 32 : 128;
  while (c.left() > 0) {
    uint32_t path_id = 0;
    if (addpath && !c.U32(path_id)) return true;
    uint8_t bits;
    if (!c.U8(bits)) return true;
    if (bits > max_bits) {
      if (bits > 128) {
        why = "prefix length " + std::to_string(bits) + " exceeds " + std::to_string(max_bits);
        return false;
      }
      Damage("prefix length " + std::to_string(bits) + " exceeds 32");
    }
    size_t bytes = (bits + 7u) / 8u;
    if (c.left() < bytes) return true;
    RouteEvent& e = r.events.emplace_back(base);
    e.prefix.length = bits;
    e.prefix.address.family = afi == 1 ? 4 : 6;
    e.prefix.address.bytes = {};
    std::memcpy(e.prefix.address.bytes.data(), c.p, bytes);
    if (bits % 8) e.prefix.address.bytes[bytes - 1] &= static_cast<uint8_t>(0xff << (8 - bits % 8));
    c.p += bytes;
    e.has_path_id = addpath;
    e.path_id = path_id;
  }
  return true;
}

namespace {
// The next hop bgpdump shows for a RIB entry: the MP_REACH one if any.
IpAddress RibNextHop(const BgpAttributes& a) {
  const BgpAttributes::MpNextHop& hop = a.mp[1][0];
  if (hop.present) {
    IpAddress nh = hop.global;
    nh.family = hop.length == 4 ? 4 : 6;
    return nh;
  }
  if (a.Has(kAttrNextHop)) return a.next_hop;
  return {};
}
}  // namespace

Outcome MrtReader::Impl::TableDump(MrtRecord& r, Cursor c) {
  if (r.subtype < 1 || r.subtype > 4) return Outcome::kIgnored;
  const int family = (r.subtype == 1 || r.subtype == 3) ? 4 : 6;
  const int asn_len = r.subtype <= 2 ? 2 : 4;
  RouteEvent e;
  e.kind = RouteEventKind::kRib;
  e.afi = family == 4 ? 1 : 2;
  uint8_t status;
  uint16_t attr_len;
  if (!c.Skip(4) || !c.Ip(e.prefix.address, family) || !c.U8(e.prefix.length) || !c.U8(status) ||
      !c.U32(e.originated_time) || !c.Ip(e.peer_ip, family) || !c.As(e.peer_as, asn_len) ||
      !c.U16(attr_len)) {
    return Bad("record shorter than its TABLE_DUMP header");
  }
  if (e.prefix.length > (family == 4 ? 32 : 128)) {
    Damage("prefix length " + std::to_string(e.prefix.length) + " exceeds " +
           (family == 4 ? "32" : "128"));
  }
  Cursor block;
  if (!c.Sub(attr_len, block)) {
    Damage("attribute length " + std::to_string(attr_len) + " overruns the record (" +
           std::to_string(c.left()) + " bytes left)");
    (void)c.Sub(c.left(), block);
  }
  BgpAttributes& a = NewAttributes();
  Attributes(block, asn_len, a);
  if (options.as_path_text) AppendAsPathText(a, a.as_path);
  e.attributes = &a;
  e.next_hop = RibNextHop(a);
  r.events.push_back(e);
  return Outcome::kOk;
}

Outcome MrtReader::Impl::PeerIndex(Cursor c) {
  uint16_t name_len, count;
  if (!c.Skip(4) || !c.U16(name_len) || !c.Skip(name_len) || !c.U16(count)) {
    return Bad("PEER_INDEX_TABLE header overruns the record");
  }
  peers.clear();
  have_peers = false;
  for (int i = 0; i < count; ++i) {
    uint8_t peer_type;
    Peer peer;
    if (!c.U8(peer_type) || !c.Skip(4) || !c.Ip(peer.ip, (peer_type & 1) ? 6 : 4) ||
        !c.As(peer.as, (peer_type & 2) ? 4 : 2)) {
      peers.clear();
      return Bad("PEER_INDEX_TABLE entry " + std::to_string(i) + " overruns the record");
    }
    peers.push_back(peer);
  }
  have_peers = true;
  return Outcome::kOk;
}

Outcome MrtReader::Impl::TableDumpV2(MrtRecord& r, Cursor c) {
  const uint16_t st = r.subtype;
  if (st == 1) return PeerIndex(c);
  uint16_t afi;
  uint8_t safi;
  const bool addpath = st >= 8 && st <= 12;
  const bool generic = st == 6 || st == 12;
  if (st >= 2 && st <= 5) {
    afi = st <= 3 ? 1 : 2;
    safi = (st == 2 || st == 4) ? 1 : 2;
  } else if (st >= 8 && st <= 11) {
    afi = st <= 9 ? 1 : 2;
    safi = (st == 8 || st == 10) ? 1 : 2;
  } else if (!generic) {
    return Outcome::kIgnored;
  }
  RouteEvent base;
  base.kind = RouteEventKind::kRib;
  uint8_t bits;
  if (!c.Skip(4)) return Bad("RIB header overruns the record");
  if (generic) {
    if (!c.U16(afi) || !c.U8(safi)) return Bad("RIB_GENERIC header overruns the record");
    if (afi < 1 || afi > 2 || safi < 1 || safi > 2)
      return Outcome::kIgnored;  // not an IP unicast/multicast prefix
  }
  base.afi = afi;
  base.safi = safi;
  if (!c.U8(bits)) return Bad("RIB header overruns the record");
  const unsigned max_bits = afi == 1 ? 32 : 128;
  if (bits > max_bits)
    return Bad("prefix length " + std::to_string(bits) + " exceeds " + std::to_string(max_bits));
  size_t bytes = (bits + 7u) / 8u;
  if (c.left() < bytes) return Bad("prefix overruns the record");
  base.prefix.length = bits;
  base.prefix.address.family = afi == 1 ? 4 : 6;
  std::memcpy(base.prefix.address.bytes.data(), c.p, bytes);  // kept unmasked, as bgpdump prints it
  c.p += bytes;
  uint16_t count;
  if (!c.U16(count)) return Bad("RIB entry count overruns the record");
  if (!have_peers) return Bad("RIB record before any PEER_INDEX_TABLE");
  for (int i = 0; i < count; ++i) {
    RouteEvent e = base;
    uint16_t index, attr_len;
    if (!c.U16(index) || !c.U32(e.originated_time) || (addpath && !c.U32(e.path_id)) ||
        !c.U16(attr_len)) {
      return Bad("RIB entry " + std::to_string(i) + " overruns the record");
    }
    if (index >= peers.size())
      return Bad("peer index " + std::to_string(index) + " not in the PEER_INDEX_TABLE");
    e.has_path_id = addpath;
    e.peer_ip = peers[index].ip;
    e.peer_as = peers[index].as;
    Cursor block;
    if (!c.Sub(attr_len, block))
      return Bad("RIB entry " + std::to_string(i) + " attributes overrun the record");
    BgpAttributes& a = NewAttributes();
    Attributes(block, 4, a);
    if (options.as_path_text) AppendAsPathText(a, a.as_path);
    e.attributes = &a;  // pool entries are heap-allocated, so the pointer stays valid
    e.next_hop = RibNextHop(a);
    r.events.push_back(e);
  }
  return Outcome::kOk;
}

// BGP4MP STATE_CHANGE(_AS4) (RFC 6396 4.4.1), read as bgpdump 1.6.2 reads it:
// an 8-byte record is zebra's form without interface, family and addresses
// (the peer shows as 0.0.0.0); otherwise IPv4 takes 20 or 24 bytes and IPv6
// 44 or 48 whatever the AS size, and missing states read as 0.
Outcome MrtReader::Impl::Bgp4mpStateChange(MrtRecord& r, Cursor c, int asn_len) {
  const size_t length = c.left();
  RouteEvent e;
  e.kind = RouteEventKind::kStateChange;
  e.peer_as = c.Take(static_cast<size_t>(asn_len));
  r.local_as = c.Take(static_cast<size_t>(asn_len));
  if (length == 8) {
    e.peer_ip.family = 4;
    r.local_ip.family = 4;
  } else {
    (void)c.Take(2);  // interface index
    const uint16_t afi = static_cast<uint16_t>(c.Take(2));
    if (afi != 1 && afi != 2) return Bad("unsupported address family " + std::to_string(afi));
    const bool ok = afi == 1 ? length == 20 || length == 24 : length == 44 || length == 48;
    if (!ok) {
      return Bad(std::string(afi == 1 ? "IPv4" : "IPv6") + " state change of " +
                 std::to_string(length) + " bytes (bgpdump reads " +
                 (afi == 1 ? "20 or 24)" : "44 or 48)"));
    }
    e.peer_ip = c.TakeIp(afi == 1 ? 4 : 6);
    r.local_ip = c.TakeIp(afi == 1 ? 4 : 6);
  }
  if (c.left() < 4) Damage("state change without its states (read as 0)");
  e.old_state = static_cast<uint16_t>(c.Take(2));
  e.new_state = static_cast<uint16_t>(c.Take(2));
  r.events.push_back(e);
  return Outcome::kOk;
}

Outcome MrtReader::Impl::Bgp4mp(MrtRecord& r, Cursor c) {
  const uint16_t st = r.subtype;
  int asn_len;
  switch (st) {
    case 0:
      return Bgp4mpStateChange(r, c, 2);
    case 5:
      return Bgp4mpStateChange(r, c, 4);
    case 1:
    case 6:
    case 8:
    case 10:
      asn_len = 2;
      break;
    case 4:
    case 7:
    case 9:
    case 11:
      asn_len = 4;
      break;
    default:
      return Outcome::kIgnored;
  }
  RouteEvent base;
  uint16_t ifindex, afi;
  if (!c.As(base.peer_as, asn_len) || !c.As(r.local_as, asn_len) || !c.U16(ifindex) ||
      !c.U16(afi)) {
    return Bad("record shorter than its BGP4MP header");
  }
  if (afi != 1 && afi != 2) return Bad("unsupported address family " + std::to_string(afi));
  if (!c.Ip(base.peer_ip, afi == 1 ? 4 : 6) || !c.Ip(r.local_ip, afi == 1 ? 4 : 6)) {
    return Bad("record shorter than its BGP4MP header");
  }
  static constexpr uint8_t kMarker[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                          0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  uint16_t size = 0;
  uint8_t msg_type = 0;
  if (c.left() < 19) return Bad("BGP message shorter than its header");
  if (std::memcmp(c.p, kMarker, 16) != 0) return Bad("BGP message without its marker");
  (void)c.Skip(16);
  (void)c.U16(size);
  (void)c.U8(msg_type);
  if (size < 19) return Bad("BGP message length " + std::to_string(size) + " below 19");
  if (msg_type != 2) return Outcome::kIgnored;
  // A message cut short by the record is decoded as far as it goes (bgpdump).
  Cursor msg{c.p, c.p + std::min<size_t>(size - 19, c.left())};
  return Update(r, msg, asn_len, st >= 8, base);
}

// The deprecated BGP type (MRTd; RFC 6396 section 4 lists it, its layout is
// in draft-ietf-grow-mrt): UPDATE is peer AS, peer IP, local AS, local IP
// (2-byte ASes, IPv4) and the UPDATE message without its 19-byte header;
// STATE_CHANGE is peer AS, peer IP, old state, new state. As bgpdump does,
// bytes missing from a short record read as zeros. The other subtypes (NULL,
// PREF_UPDATE, SYNC, OPEN, NOTIFY, KEEPALIVE) carry no routes.
Outcome MrtReader::Impl::MrtdBgp(MrtRecord& r, Cursor c) {
  if (r.subtype != kMrtBgpUpdate && r.subtype != kMrtBgpStateChange) return Outcome::kIgnored;
  const bool state = r.subtype == kMrtBgpStateChange;
  const size_t header = state ? 10 : 12;
  if (c.left() < header) {
    Damage("record of " + std::to_string(c.left()) + " bytes shorter than its " +
           std::to_string(header) + "-byte header");
  }
  RouteEvent base;
  base.peer_as = c.Take(2);
  base.peer_ip = c.TakeIp(4);
  if (state) {
    base.kind = RouteEventKind::kStateChange;
    base.old_state = static_cast<uint16_t>(c.Take(2));
    base.new_state = static_cast<uint16_t>(c.Take(2));
    r.events.push_back(base);
    return Outcome::kOk;
  }
  r.local_as = c.Take(2);
  r.local_ip = c.TakeIp(4);
  return Update(r, c, 2, false, base);
}

// The body of a BGP UPDATE (RFC 4271 4.3) after its 19-byte header. As
// bgpdump does, a withdrawn-routes or attribute length overrunning the
// message is cut to what is there (noted as damage).
Outcome MrtReader::Impl::Update(MrtRecord& r, Cursor msg, int asn_len, bool addpath,
                                RouteEvent& base) {
  if (msg.left() < 4)
    Damage("UPDATE of " + std::to_string(msg.left()) + " bytes, shorter than its two lengths");
  const size_t withdrawn_len = msg.Take(2);
  Cursor withdrawn, block;
  if (!msg.Sub(withdrawn_len, withdrawn)) {
    Damage("withdrawn routes length " + std::to_string(withdrawn_len) + " overruns the message (" +
           std::to_string(msg.left()) + " bytes left)");
    (void)msg.Sub(msg.left(), withdrawn);
  }
  const size_t attr_len = msg.Take(2);
  if (!msg.Sub(attr_len, block)) {
    Damage("path attribute length " + std::to_string(attr_len) + " overruns the message (" +
           std::to_string(msg.left()) + " bytes left)");
    (void)msg.Sub(msg.left(), block);
  }
  BgpAttributes& a = NewAttributes();
  Attributes(block, asn_len, a);
  if (options.as_path_text) AppendAsPathText(a, a.as_path);

  base.kind = RouteEventKind::kWithdraw;
  if (!Prefixes(withdrawn, 1, addpath, base, r)) return Outcome::kMalformed;
  base.from_mp = true;
  for (uint16_t f = 1; f <= 2; ++f) {
    for (uint8_t s = 1; s <= 3; ++s) {
      if (!has_unreach[f - 1][s - 1]) continue;
      base.afi = f;
      base.safi = s;
      if (!Prefixes(mp_unreach[f - 1][s - 1], f, addpath, base, r)) return Outcome::kMalformed;
    }
  }
  base.kind = RouteEventKind::kAnnounce;
  base.attributes = &a;
  base.afi = 1;
  base.safi = 1;
  base.from_mp = false;
  base.next_hop = a.Has(kAttrNextHop) ? a.next_hop : IpAddress{};
  if (!Prefixes(msg, 1, addpath, base, r)) return Outcome::kMalformed;
  base.from_mp = true;
  for (uint16_t f = 1; f <= 2; ++f) {
    for (uint8_t s = 1; s <= 3; ++s) {
      if (!has_reach[f - 1][s - 1]) continue;
      base.afi = f;
      base.safi = s;
      base.next_hop = a.mp[f - 1][s - 1].global;
      base.next_hop.family = f == 1 ? 4 : 6;
      if (!Prefixes(mp_reach[f - 1][s - 1], f, addpath, base, r)) return Outcome::kMalformed;
    }
  }
  return Outcome::kOk;
}

}  // namespace corroborate::measure
