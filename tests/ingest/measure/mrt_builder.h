// Builds MRT records byte by byte for the MRT tests (RFC 6396, RFC 4271).
#pragma once

#include <arpa/inet.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace corroborate::measure::testing {

struct Bytes {
  std::vector<uint8_t> b;
  Bytes& u8(unsigned v) {
    b.push_back(static_cast<uint8_t>(v));
    return *this;
  }
  Bytes& u16(unsigned v) { return u8(v >> 8).u8(v); }
  Bytes& u32(uint32_t v) { return u16(v >> 16).u16(v & 0xffff); }
  Bytes& ip4(const char* s) {
    uint8_t a[4];
    inet_pton(AF_INET, s, a);
    b.insert(b.end(), a, a + 4);
    return *this;
  }
  Bytes& ip6(const char* s) {
    uint8_t a[16];
    inet_pton(AF_INET6, s, a);
    b.insert(b.end(), a, a + 16);
    return *this;
  }
  Bytes& add(const Bytes& o) {
    b.insert(b.end(), o.b.begin(), o.b.end());
    return *this;
  }
  size_t size() const { return b.size(); }
};

// One path attribute (extended length when needed).
inline Bytes Attr(unsigned type, const Bytes& value, unsigned flags = 0x40) {
  Bytes a;
  if (value.size() > 255) {
    a.u8(flags | 0x10).u8(type).u16(static_cast<unsigned>(value.size()));
  } else {
    a.u8(flags).u8(type).u8(static_cast<unsigned>(value.size()));
  }
  return a.add(value);
}

inline Bytes Segment(unsigned type, std::initializer_list<uint32_t> asns, int asn_len) {
  Bytes s;
  s.u8(type).u8(static_cast<unsigned>(asns.size()));
  for (uint32_t as : asns) asn_len == 2 ? s.u16(as) : s.u32(as);
  return s;
}

// An NLRI prefix: [path id] length, significant bytes of `address`.
inline Bytes Prefix(const char* address, unsigned bits, long path_id = -1) {
  Bytes p;
  if (path_id >= 0) p.u32(static_cast<uint32_t>(path_id));
  Bytes full;
  std::string s = address;
  s.find(':') == std::string::npos ? full.ip4(address) : full.ip6(address);
  p.u8(bits);
  p.b.insert(p.b.end(), full.b.begin(), full.b.begin() + (bits + 7) / 8);
  return p;
}

inline Bytes Record(uint32_t time, unsigned type, unsigned subtype, const Bytes& body) {
  Bytes r;
  r.u32(time).u16(type).u16(subtype).u32(static_cast<uint32_t>(body.size()));
  return r.add(body);
}

// The body of a BGP UPDATE (RFC 4271 4.3), without the 19-byte header.
inline Bytes UpdateBody(const Bytes& withdrawn, const Bytes& attributes, const Bytes& nlri) {
  Bytes body;
  body.u16(static_cast<unsigned>(withdrawn.size())).add(withdrawn);
  body.u16(static_cast<unsigned>(attributes.size())).add(attributes).add(nlri);
  return body;
}

// A whole BGP UPDATE message: marker, length, type 2, body.
inline Bytes Update(const Bytes& withdrawn, const Bytes& attributes, const Bytes& nlri) {
  Bytes body = UpdateBody(withdrawn, attributes, nlri);
  Bytes m;
  for (int i = 0; i < 16; ++i) m.u8(0xff);
  m.u16(static_cast<unsigned>(19 + body.size())).u8(2);
  return m.add(body);
}

// BGP4MP header: peer AS, local AS, ifindex, AFI, peer IP, local IP.
inline Bytes Bgp4mpHeader(int asn_len, uint32_t peer_as, uint32_t local_as, const char* peer,
                          const char* local) {
  Bytes h;
  asn_len == 2 ? h.u16(peer_as).u16(local_as) : h.u32(peer_as).u32(local_as);
  bool v6 = std::string(peer).find(':') != std::string::npos;
  h.u16(0).u16(v6 ? 2 : 1);
  v6 ? h.ip6(peer).ip6(local) : h.ip4(peer).ip4(local);
  return h;
}

// Header of the deprecated BGP type's UPDATE, OPEN, NOTIFY and KEEPALIVE
// subtypes (MRTd, draft-ietf-grow-mrt): peer AS, peer IP, local AS, local IP.
// STATE_CHANGE has the peer half, then the old and new state.
inline Bytes MrtdHeader(unsigned peer_as, const char* peer, unsigned local_as, const char* local) {
  Bytes h;
  h.u16(peer_as).ip4(peer).u16(local_as).ip4(local);
  return h;
}

inline std::vector<uint8_t> Concat(std::initializer_list<Bytes> parts) {
  Bytes all;
  for (const Bytes& p : parts) all.add(p);
  return all.b;
}

}  // namespace corroborate::measure::testing
