#include "ingest/measure/mrt_series.h"

#include <arpa/inet.h>
#include <fmt/core.h>

#include "ingest/measure/mrt.h"

namespace corroborate::ingest {

namespace {

std::string AddressText(const measure::IpAddress& a) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (a.family == 4) {
    inet_ntop(AF_INET, a.bytes.data(), buf, sizeof buf);
  } else if (a.family == 6) {
    inet_ntop(AF_INET6, a.bytes.data(), buf, sizeof buf);
  }
  return buf;
}

// "address/length" with the bits past the length cleared (MRT gives a
// prefix's bytes as sent).
std::string PrefixText(const measure::IpPrefix& p) {
  measure::IpAddress a = p.address;
  size_t byte = p.length / 8u;
  if (byte < a.bytes.size() && p.length % 8u)
    a.bytes[byte++] &= static_cast<uint8_t>(0xff << (8 - p.length % 8u));
  for (; byte < a.bytes.size(); ++byte) a.bytes[byte] = 0;
  return AddressText(a) + "/" + std::to_string(p.length);
}

}  // namespace

Result<MrtFeedReport> FeedMrtFile(const std::string& path, BgpSeriesBuilder& builder,
                                  const std::function<void(const std::string&)>& warn) {
  measure::MrtOptions options;
  options.as_path_text = false;
  options.on_warning = [&](const std::string& w) {
    if (warn) warn(fmt::format("{}: {}", path, w));
  };
  auto reader = measure::MrtReader::Open(path, options);
  if (!reader) return std::unexpected(reader.error());
  MrtFeedReport report;
  measure::MrtRecord record;
  RouteUpdate u;
  while (true) {
    auto more = (*reader)->Next(record);
    if (!more) {
      report.records = (*reader)->counters().records;
      report.malformed = (*reader)->counters().malformed;
      return std::unexpected(more.error());
    }
    if (!*more) break;
    for (const measure::RouteEvent& e : record.events) {
      if (e.kind == measure::RouteEventKind::kStateChange) continue;
      if (e.prefix.length > (e.prefix.address.family == 4 ? 32 : 128))
        continue;  // damaged: no such prefix
      ++report.events;
      u.time = record.time;
      u.peer = AddressText(e.peer_ip);
      u.peer_as = e.peer_as;
      u.withdraw = e.kind == measure::RouteEventKind::kWithdraw;
      u.prefix = PrefixText(e.prefix);
      u.as_path.clear();
      if (!u.withdraw && e.attributes && !e.attributes->as_path_error) {
        u.as_path = e.attributes->as_path_asns;
      }
      if (builder.Matches(u)) {
        ++report.matched;
        builder.Add(u);
      }
    }
  }
  report.records = (*reader)->counters().records;
  report.malformed = (*reader)->counters().malformed;
  return report;
}

}  // namespace corroborate::ingest
