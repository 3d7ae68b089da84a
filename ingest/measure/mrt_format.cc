// The `bgpdump -m` text form of decoded MRT records (bgpdump 1.6.2).
#include <cstring>

#include "ingest/measure/mrt.h"

namespace corroborate::measure {

namespace {

void AppendU32(std::string& out, uint32_t v) {
  char digits[10];
  char* e = digits + sizeof digits;
  char* d = e;
  do {
    *--d = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  out.append(d, e);
}

void AppendIpv4(std::string& out, const uint8_t* b) {
  char text[16];
  char* t = text;
  for (int i = 0; i < 4; ++i) {
    unsigned v = b[i];
    if (v >= 100) {
      *t++ = static_cast<char>('0' + v / 100);
      *t++ = static_cast<char>('0' + v / 10 % 10);
    } else if (v >= 10) {
      *t++ = static_cast<char>('0' + v / 10);
    }
    *t++ = static_cast<char>('0' + v % 10);
    *t++ = '.';
  }
  out.append(text, t - 1);
}

// RFC 4291 text form as bgpdump's fmt_ipv6 writes it: BIND's inet_ntop6,
// except that a run of a single zero group is compressed too.
void AppendIpv6(std::string& out, const uint8_t* b) {
  uint16_t words[8];
  for (int i = 0; i < 8; ++i) words[i] = static_cast<uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);
  int best_base = -1, best_len = 0, cur_base = -1, cur_len = 0;
  for (int i = 0; i < 8; ++i) {
    if (words[i] == 0) {
      if (cur_base == -1) {
        cur_base = i;
        cur_len = 1;
      } else {
        ++cur_len;
      }
    } else if (cur_base != -1) {
      if (best_base == -1 || cur_len > best_len) best_base = cur_base, best_len = cur_len;
      cur_base = -1;
    }
  }
  if (cur_base != -1 && (best_base == -1 || cur_len > best_len))
    best_base = cur_base, best_len = cur_len;
  static constexpr char kHex[] = "0123456789abcdef";
  char text[48];
  char* t = text;
  for (int i = 0; i < 8; ++i) {
    if (best_base != -1 && i >= best_base && i < best_base + best_len) {
      if (i == best_base) *t++ = ':';
      continue;
    }
    if (i != 0) *t++ = ':';
    if (i == 6 && best_base == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff))) {
      out.append(text, t);
      AppendIpv4(out, b + 12);
      return;
    }
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      unsigned nibble = words[i] >> shift & 0xf;
      if (nibble || started || shift == 0) {
        *t++ = kHex[nibble];
        started = true;
      }
    }
  }
  if (best_base != -1 && best_base + best_len == 8) *t++ = ':';
  out.append(text, t);
}

void AppendIp(std::string& out, const IpAddress& a) {
  if (a.family == 6) {
    AppendIpv6(out, a.bytes.data());
  } else if (a.family == 4) {
    AppendIpv4(out, a.bytes.data());
  } else {
    out += "255.255.255.255";  // bgpdump's unset next hop (INADDR_NONE)
  }
}

void AppendPrefix(std::string& out, const IpPrefix& p) {
  AppendIp(out, p.address);
  out += '/';
  AppendU32(out, p.length);
}

// "aspath|origin|next_hop|local_pref|med|communities|AG|aggregator|\n". For
// the deprecated BGP type bgpdump writes no '|' between the MED and the
// communities (`glued`): "...|med|AG|..." without them, "...|medC1 C2|AG|..."
// with them.
void AppendRouteTail(std::string& out, const BgpAttributes& a, const IpAddress& next_hop,
                     bool glued) {
  AppendAsPathText(a, out);
  // Without ORIGIN bgpdump prints INCOMPLETE (its "unset" value).
  uint8_t origin = a.Has(kAttrOrigin) ? a.origin : 2;
  out += origin == 0 ? "|IGP|" : origin == 1 ? "|EGP|" : "|INCOMPLETE|";
  AppendIp(out, next_hop);
  out += '|';
  AppendU32(out, a.Has(kAttrLocalPref) ? a.local_pref : 0);
  out += '|';
  AppendU32(out, a.Has(kAttrMed) ? a.med : 0);
  if (!glued) out += '|';
  if (a.Has(kAttrCommunities)) {
    bool first = true;
    for (uint32_t c : a.communities) {
      if (!first) out += ' ';
      first = false;
      switch (c) {
        case 0xFFFFFF01:
          out += "no-export";
          break;
        case 0xFFFFFF02:
          out += "no-advertise";
          break;
        case 0xFFFFFF03:
          out += "local-AS";
          break;
        default:
          AppendU32(out, c >> 16);
          out += ':';
          AppendU32(out, c & 0xFFFF);
      }
    }
  }
  out += a.Has(kAttrAtomicAggregate) ? "|AG|" : "|NAG|";
  // bgpdump tests the address against its "unset" value, 255.255.255.255.
  static constexpr uint8_t kUnset[4] = {0xff, 0xff, 0xff, 0xff};
  if (a.Has(kAttrAggregator) && std::memcmp(a.aggregator_address.bytes.data(), kUnset, 4) != 0) {
    AppendU32(out, a.aggregator_as);
    out += ' ';
    AppendIpv4(out, a.aggregator_address.bytes.data());
  }
  out += "|\n";
}

// bgpdump prints TABLE_DUMP subtype 4 (IPv6, 32-bit AS) addresses as IPv4.
IpAddress AsIpv4(IpAddress a) {
  a.family = 4;
  return a;
}

}  // namespace

void AppendAsPathText(const BgpAttributes& a, std::string& out) {
  if (!a.Has(kAttrAsPath)) return;
  if (a.as_path_error) {
    out += "! Error !";
    return;
  }
  // bgpdump's (zebra's) aspath_print, including its spacing around empty
  // segments.
  auto open = [](AsSegmentType t) {
    return t == AsSegmentType::kSet ? '{' : t == AsSegmentType::kConfedSequence ? '(' : '[';
  };
  auto close = [](AsSegmentType t) {
    return t == AsSegmentType::kSet ? '}' : t == AsSegmentType::kConfedSequence ? ')' : ']';
  };
  AsSegmentType type = AsSegmentType::kSequence;
  bool space = false;
  for (const AsPathSegment& seg : a.as_path_segments) {
    if (type != AsSegmentType::kSequence) out += close(type);
    if (space) out += ' ';
    if (seg.type != AsSegmentType::kSequence) out += open(seg.type);
    space = false;
    bool set = seg.type == AsSegmentType::kSet || seg.type == AsSegmentType::kConfedSet;
    for (uint32_t i = 0; i < seg.count; ++i) {
      if (space) {
        out += set ? ',' : ' ';
      } else {
        space = true;
      }
      AppendU32(out, a.as_path_asns[seg.first + i]);
    }
    type = seg.type;
  }
  if (!a.as_path_segments.empty() && type != AsSegmentType::kSequence) out += close(type);
}

void FormatBgpdump(const MrtRecord& r, std::string& out) {
  if (r.events.empty()) return;
  static thread_local std::string head;  // "TYPE|time|"
  static thread_local std::string tail;
  bool addpath = false;
  bool peer_is_local = false;
  const bool mrtd = r.type == kMrtBgp;
  switch (r.type) {
    case kMrtBgp:
      head = "BGP|";
      break;
    case kMrtTableDump:
      head = "TABLE_DUMP|";
      break;
    case kMrtTableDumpV2:
      // bgpdump prints the unicast RIBs only.
      if (r.subtype != 2 && r.subtype != 4 && r.subtype != 8 && r.subtype != 10) return;
      addpath = r.subtype >= 8;
      head = addpath ? "TABLE_DUMP2_AP|" : "TABLE_DUMP2|";
      break;
    case kMrtBgp4mp:
    case kMrtBgp4mpEt:
      addpath = r.subtype >= 8;
      peer_is_local = r.subtype == 10 || r.subtype == 11;  // bgpdump shows the local side there
      head = r.type == kMrtBgp4mpEt ? "BGP4MP_ET" : "BGP4MP";
      head += addpath ? "_AP|" : (r.subtype == 6 || r.subtype == 7) ? "_LOCAL|" : "|";
      break;
    default:
      return;
  }
  AppendU32(head, r.time);
  if (r.type == kMrtBgp4mpEt) {
    char usec[8];
    uint32_t v = r.microseconds;
    for (int i = 6; i >= 1; --i) {
      usec[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    usec[0] = '.';
    if (v) {  // more than 999999: printed in full by %06ld
      std::string big = std::to_string(r.microseconds);
      head += '.';
      head += big;
    } else {
      head.append(usec, 7);
    }
  }
  head += '|';

  const BgpAttributes* tail_attributes = nullptr;
  IpAddress tail_next_hop;
  for (const RouteEvent& e : r.events) {
    if (mrtd && e.from_mp) continue;  // bgpdump prints only the UPDATE's own NLRI for this type
    out += head;
    switch (e.kind) {
      case RouteEventKind::kStateChange:
        out += "STATE|";
        AppendIp(out, e.peer_ip);
        out += '|';
        AppendU32(out, e.peer_as);
        out += '|';
        AppendU32(out, e.old_state);
        out += '|';
        AppendU32(out, e.new_state);
        out += '\n';
        continue;
      case RouteEventKind::kWithdraw:
        out += "W|";
        break;
      case RouteEventKind::kAnnounce:
        out += "A|";
        break;
      case RouteEventKind::kRib:
        out += "B|";
        break;
    }
    bool v4_quirk = r.type == kMrtTableDump && r.subtype == 4;
    AppendIp(out, peer_is_local ? r.local_ip : v4_quirk ? AsIpv4(e.peer_ip) : e.peer_ip);
    out += '|';
    AppendU32(out, peer_is_local ? r.local_as : e.peer_as);
    out += '|';
    if (v4_quirk) {
      AppendPrefix(out, IpPrefix{AsIpv4(e.prefix.address), e.prefix.length});
    } else if (mrtd && e.kind == RouteEventKind::kWithdraw) {
      // bgpdump formats the peer and the withdrawn prefix with inet_ntoa in
      // one printf; the shared buffer leaves the peer address in both places.
      AppendPrefix(out, IpPrefix{e.peer_ip, e.prefix.length});
    } else {
      AppendPrefix(out, e.prefix);
    }
    if (e.kind == RouteEventKind::kWithdraw) {
      if (addpath) {
        out += '|';
        AppendU32(out, e.path_id);
      }
      out += '\n';
      continue;
    }
    out += '|';
    if (addpath) {
      AppendU32(out, e.path_id);
      out += '|';
    }
    if (!e.attributes) {
      out += "|IGP|255.255.255.255|0|0||NAG||\n";
      continue;
    }
    if (e.attributes != tail_attributes ||
        std::memcmp(&e.next_hop, &tail_next_hop, sizeof tail_next_hop) != 0) {
      tail.clear();
      AppendRouteTail(tail, *e.attributes, e.next_hop, mrtd);
      tail_attributes = e.attributes;
      tail_next_hop = e.next_hop;
    }
    out += tail;
  }
}

bool BgpdumpStopsAt(const MrtRecord& r) {
  return r.type == kMrtBgp4mpEt ? r.length <= 4 : r.length == 0;
}

}  // namespace corroborate::measure
