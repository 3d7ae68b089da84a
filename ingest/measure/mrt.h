// Streaming decoder for MRT routing data (RFC 6396, RFC 8050 ADD-PATH).
//
// MrtReader reads one record at a time from a plain, gzip or bzip2 file (or a
// memory buffer) and decodes it into route events: a RIB entry, an announced
// or withdrawn prefix, or a BGP session state change. Every event is a plain
// struct; the BGP path attributes of a message are decoded once and shared by
// its events. Nothing is formatted as text unless asked for (the AS path
// string), and the buffers are reused from record to record, so decoding a
// whole file makes no per-record heap allocations once warmed up.
//
// Supported: the deprecated BGP type 5 of MRTd and early RIS archives
// (UPDATE and STATE_CHANGE; its other subtypes carry no routes), TABLE_DUMP
// (AFI IPv4/IPv6, and the 32-bit AS variants 3/4 that bgpdump knows),
// TABLE_DUMP_V2 (PEER_INDEX_TABLE, RIB_IPV4/IPV6 UNICAST and MULTICAST, their
// ADD-PATH forms 8-11, RIB_GENERIC and RIB_GENERIC_ADDPATH), BGP4MP and
// BGP4MP_ET (STATE_CHANGE, MESSAGE, MESSAGE_AS4, STATE_CHANGE_AS4,
// MESSAGE_LOCAL, MESSAGE_AS4_LOCAL and the ADD-PATH subtypes 8-11). Other
// record types (among them BGP4PLUS 9/10, which bgpdump does not read either),
// and BGP messages other than UPDATE, yield no events.
//
// Decoding follows bgpdump 1.6.2 where the RFCs leave room (AS4_PATH merge,
// next hop choice, which damaged parts are tolerated), so that
// FormatBgpdump() prints exactly what `bgpdump -m` prints (bits set past an
// UPDATE prefix's length are cleared, as later bgpdump versions do). A
// damaged part that bgpdump reads past (an attribute, the attribute block or
// the withdrawn routes overrunning their container, a short BGP type record)
// is read as far as it goes: the record's events are kept, and it is counted
// as damaged with a warning; so is a prefix longer than its address that
// bgpdump prints (an IPv4 prefix of 33 to 128 bits in an UPDATE, any length
// in TABLE_DUMP), whose event is kept with that length. A record that cannot
// be decoded at all (a longer prefix, an unknown address family, a BGP4MP
// state change of a length bgpdump refuses) is skipped and counted, with a
// warning; reading resumes at the next record since the MRT header gives its
// length. A file that ends inside a record is an error, and so is
// compressed input whose first decoded record header cannot be MRT (a
// timestamp before 1990 or in the future, a type RFC 6396 does not list, a
// subtype of 16 or more, a length over 16 MB): that is refused at once, not
// streamed to its end.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "ingest/measure/compressed_reader.h"

namespace corroborate::measure {

struct IpAddress {
  uint8_t family = 0;               // 0 absent, 4 or 6
  std::array<uint8_t, 16> bytes{};  // network order; IPv4 uses the first 4
};

struct IpPrefix {
  IpAddress address;
  uint8_t length = 0;
};

// MRT record types (RFC 6396 section 4; type 5 is deprecated, its layout is
// in RFC 6396's predecessor draft-ietf-grow-mrt and MRTd).
inline constexpr uint16_t kMrtBgp = 5;
inline constexpr uint16_t kMrtTableDump = 12;
inline constexpr uint16_t kMrtTableDumpV2 = 13;
inline constexpr uint16_t kMrtBgp4mp = 16;
inline constexpr uint16_t kMrtBgp4mpEt = 17;

// BGP path attribute type codes.
enum BgpAttributeType : uint8_t {
  kAttrOrigin = 1,
  kAttrAsPath = 2,
  kAttrNextHop = 3,
  kAttrMed = 4,
  kAttrLocalPref = 5,
  kAttrAtomicAggregate = 6,
  kAttrAggregator = 7,
  kAttrCommunities = 8,
  kAttrMpReach = 14,
  kAttrMpUnreach = 15,
  kAttrAs4Path = 17,
  kAttrAs4Aggregator = 18,
  kAttrLargeCommunities = 32,
};

enum class AsSegmentType : uint8_t { kSet = 1, kSequence = 2, kConfedSequence = 3, kConfedSet = 4 };

struct AsPathSegment {
  AsSegmentType type = AsSegmentType::kSequence;
  uint32_t first = 0;  // index into BgpAttributes::as_path_asns
  uint32_t count = 0;
};

struct LargeCommunity {
  uint32_t global = 0, local1 = 0, local2 = 0;
};

// Path attributes of one UPDATE or RIB entry. With a 2-byte-AS source, the
// AS path and aggregator are already merged with AS4_PATH/AS4_AGGREGATOR.
struct BgpAttributes {
  uint64_t present = 0;  // bit t set when attribute type t (< 64) was seen
  bool Has(uint8_t type) const { return type < 64 && (present >> type) & 1; }

  uint8_t origin = 0;  // 0 IGP, 1 EGP, 2 INCOMPLETE (meaningful when Has(kAttrOrigin))
  std::vector<AsPathSegment> as_path_segments;
  std::vector<uint32_t> as_path_asns;
  bool as_path_error = false;  // AS_PATH present but malformed (segments unusable)
  std::string as_path;         // bgpdump text form; filled when MrtOptions::as_path_text
  IpAddress next_hop;          // NEXT_HOP attribute
  uint32_t med = 0;
  uint32_t local_pref = 0;
  bool atomic_aggregate = false;
  uint32_t aggregator_as = 0;
  IpAddress aggregator_address;
  std::vector<uint32_t> communities;
  std::vector<LargeCommunity> large_communities;
  // MP_REACH_NLRI next hops, by [afi-1][safi-1] (AFI 1-2, SAFI 1-3).
  struct MpNextHop {
    bool present = false;
    uint8_t length = 0;  // next hop length as sent (4, 16 or 32)
    IpAddress global, link_local;
  };
  MpNextHop mp[2][3];

  void Clear();
};

enum class RouteEventKind : uint8_t { kRib, kAnnounce, kWithdraw, kStateChange };

// One route event. `attributes` points into the reader and stays valid until
// the next call to MrtReader::Next().
struct RouteEvent {
  RouteEventKind kind = RouteEventKind::kAnnounce;
  int64_t time = 0;           // of the MRT record: seconds since the epoch, UTC
  uint32_t microseconds = 0;  // BGP4MP_ET only
  uint16_t afi = 1;           // of the prefix: 1 IPv4, 2 IPv6
  uint8_t safi = 1;           // 1 unicast, 2 multicast, 3 both
  bool from_mp = false;       // prefix came from MP_REACH/MP_UNREACH
  bool has_path_id = false;
  uint32_t path_id = 0;
  IpAddress peer_ip;  // 0.0.0.0 when the record lacks it (an 8-byte BGP4MP state change)
  uint32_t peer_as = 0;
  // UPDATE prefixes have the bits past `length` cleared, RIB ones are as
  // sent; `length` may exceed the address's bits in a damaged record.
  IpPrefix prefix;
  // The next hop of this route, chosen as bgpdump does: the MP_REACH next hop
  // for MP prefixes and RIB entries that carry one, else NEXT_HOP; family 0
  // when there is none.
  IpAddress next_hop;
  const BgpAttributes* attributes = nullptr;  // kRib and kAnnounce
  uint32_t originated_time = 0;               // kRib (TABLE_DUMP: uptime)
  uint16_t old_state = 0, new_state = 0;      // kStateChange
};

// Subtypes of the deprecated BGP type (5).
enum MrtBgpSubtype : uint16_t {
  kMrtBgpNull = 0,
  kMrtBgpUpdate = 1,
  kMrtBgpPrefUpdate = 2,
  kMrtBgpStateChange = 3,
  kMrtBgpSync = 4,
  kMrtBgpOpen = 5,
  kMrtBgpNotify = 6,
  kMrtBgpKeepalive = 7,
};

struct MrtRecord {
  uint64_t offset = 0;  // of the MRT header in the decompressed stream
  uint32_t time = 0;
  uint32_t microseconds = 0;  // BGP4MP_ET only
  uint16_t type = 0;
  uint16_t subtype = 0;
  uint32_t length = 0;  // of the body, as in the MRT header
  // BGP and BGP4MP: the "local" side of the session (the peer is in each
  // event).
  IpAddress local_ip;
  uint32_t local_as = 0;
  std::vector<RouteEvent> events;
};

struct MrtCounters {
  uint64_t records = 0;    // MRT records read
  uint64_t malformed = 0;  // skipped as undecodable
  uint64_t damaged = 0;    // decoded as far as they go (their events kept)
  uint64_t ignored = 0;    // unsupported type/subtype or non-UPDATE message
  uint64_t events = 0;     // route events produced
};

struct MrtOptions {
  bool as_path_text = true;  // fill BgpAttributes::as_path
  // Called for each skipped record with "malformed MRT record at offset N
  // (type T/S): why", and for each damaged one with "damaged MRT record at
  // offset N (type T/S): why; read as far as it goes".
  std::function<void(const std::string&)> on_warning;
  // "Now" for the check that compressed input begins with a plausible
  // header (a timestamp at most a day ahead); null: the system clock.
  Clock* clock = nullptr;
};

class MrtReader {
 public:
  // Opens a plain, gzip or bzip2 MRT file. Fails naming the path.
  [[nodiscard]] static Result<std::unique_ptr<MrtReader>> Open(const std::string& path,
                                                               MrtOptions options = {});
  // Decodes MRT bytes (possibly compressed) that must outlive the reader.
  [[nodiscard]] static std::unique_ptr<MrtReader> FromMemory(std::span<const uint8_t> data,
                                                             MrtOptions options = {},
                                                             std::string name = "<memory>");

  // Reads and decodes the next record into `record` (its event vector is
  // reused). Returns true when a record was read (it may have no events),
  // false at the clean end of the input, and an error naming the input when
  // the input ends inside a record or cannot be read:
  // "NAME: truncated MRT record at offset N".
  [[nodiscard]] Result<bool> Next(MrtRecord& record);

  const MrtCounters& counters() const { return counters_; }

  ~MrtReader();
  MrtReader(const MrtReader&) = delete;
  MrtReader& operator=(const MrtReader&) = delete;

 private:
  struct Impl;
  explicit MrtReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  MrtCounters counters_;
};

// Appends the AS path in bgpdump's text form ("1 2 {3,4} (5 6) [7,8]").
void AppendAsPathText(const BgpAttributes& attributes, std::string& out);

// Appends the lines `bgpdump -m` prints for `record` (possibly none).
void FormatBgpdump(const MrtRecord& record, std::string& out);

// True for a record at which `bgpdump -m` stops reading its input: one with an
// empty body (a BGP4MP_ET record of at most its 4 microsecond bytes). bgpdump
// 1.6.2 ends the file there ("invalid entry length: 0") and prints nothing of
// what follows.
bool BgpdumpStopsAt(const MrtRecord& record);

}  // namespace corroborate::measure
