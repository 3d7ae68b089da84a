#include "ingest/measure/mrt_series.h"

#include <arpa/inet.h>
#include <fmt/core.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "ingest/measure/mrt.h"

namespace corroborate::ingest {

namespace {

using Warn = std::function<void(const std::string&)>;

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

// One stream being read: its open file and the record read ahead from it.
struct StreamState {
  const MrtStream* stream = nullptr;
  std::size_t next_path = 0;
  std::unique_ptr<measure::MrtReader> reader;
  std::size_t file = 0;  // index of the open file in MrtSeriesResult::files
  measure::MrtRecord record;
  bool has_record = false;
};

void CloseFile(StreamState& state, MrtSeriesResult& out) {
  MrtFileRead& read = out.files[state.file];
  read.counts.records = state.reader->counters().records;
  read.counts.malformed = state.reader->counters().malformed;
  out.records += read.counts.records;
  out.malformed += read.counts.malformed;
  state.reader.reset();
}

// Reads the stream's next record into `state.record`, opening its next
// files as earlier ones end; false when the stream is exhausted.
bool Advance(StreamState& state, MrtSeriesResult& out, const Warn& warn) {
  for (;;) {
    if (!state.reader) {
      if (state.next_path >= state.stream->paths.size()) return false;
      const std::string& path = state.stream->paths[state.next_path++];
      state.file = out.files.size();
      out.files.push_back(MrtFileRead{.path = path});
      measure::MrtOptions options;
      options.as_path_text = false;
      options.on_warning = [warn, path](const std::string& w) {
        if (warn) warn(fmt::format("{}: {}", path, w));
      };
      auto reader = measure::MrtReader::Open(path, options);
      if (!reader) {
        out.files.back().error = reader.error();
        continue;
      }
      state.reader = std::move(*reader);
    }
    auto more = state.reader->Next(state.record);
    if (more && *more) return true;
    if (!more) out.files[state.file].error = more.error();
    CloseFile(state, out);
  }
}

// Offers the record's route events to every builder.
void Feed(const StreamState& state, const std::vector<BgpSeriesBuilder*>& builders,
          MrtSeriesResult& out, RouteUpdate& u) {
  MrtFeedReport& counts = out.files[state.file].counts;
  const std::string& name = state.stream->name;
  for (const measure::RouteEvent& e : state.record.events) {
    if (e.kind == measure::RouteEventKind::kStateChange) continue;
    if (e.prefix.length > (e.prefix.address.family == 4 ? 32 : 128))
      continue;  // damaged: no such prefix
    ++counts.events;
    ++out.events;
    u.time = state.record.time;
    u.peer = name.empty() ? AddressText(e.peer_ip) : name + "|" + AddressText(e.peer_ip);
    u.peer_as = e.peer_as;
    u.withdraw = e.kind == measure::RouteEventKind::kWithdraw;
    u.prefix = PrefixText(e.prefix);
    u.as_path.clear();
    if (!u.withdraw && e.attributes && !e.attributes->as_path_error) {
      u.as_path = e.attributes->as_path_asns;
    }
    bool any = false;
    for (BgpSeriesBuilder* builder : builders) {
      if (!builder->Matches(u)) continue;
      builder->Add(u);
      any = true;
    }
    if (any) {
      ++counts.matched;
      ++out.matched;
    }
  }
}

// Reads all streams merged by record time (ties: the earlier stream first).
void ReadStreams(const std::vector<MrtStream>& streams,
                 const std::vector<BgpSeriesBuilder*>& builders, MrtSeriesResult& out,
                 const Warn& warn) {
  std::vector<StreamState> states(streams.size());
  for (std::size_t i = 0; i < streams.size(); ++i) {
    states[i].stream = &streams[i];
    states[i].has_record = Advance(states[i], out, warn);
  }
  RouteUpdate u;
  for (;;) {
    StreamState* next = nullptr;
    for (StreamState& state : states) {
      if (state.has_record && (!next || state.record.time < next->record.time)) next = &state;
    }
    if (!next) break;
    Feed(*next, builders, out, u);
    next->has_record = Advance(*next, out, warn);
  }
}

}  // namespace

bool MrtSeriesResult::failed() const {
  for (const MrtFileRead& file : files) {
    if (file.error) return true;
  }
  return false;
}

Result<MrtFeedReport> FeedMrtFile(const std::string& path, BgpSeriesBuilder& builder,
                                  const Warn& warn) {
  MrtSeriesResult out;
  ReadStreams({MrtStream{.name = "", .paths = {path}}}, {&builder}, out, warn);
  const MrtFileRead& read = out.files.front();
  if (read.error) return std::unexpected(*read.error);
  return read.counts;
}

MrtSeriesResult BuildMrtSeries(const std::vector<MrtStream>& streams,
                               const std::vector<BgpTarget>& targets, Instant step,
                               const std::string& provenance, const WindowDetector& detect,
                               const Warn& warn) {
  std::vector<std::unique_ptr<BgpSeriesBuilder>> builders;
  std::vector<BgpSeriesBuilder*> feed;
  for (const BgpTarget& target : targets) {
    builders.push_back(std::make_unique<BgpSeriesBuilder>(target, step, provenance));
    feed.push_back(builders.back().get());
  }
  MrtSeriesResult out;
  ReadStreams(streams, feed, out, warn);
  for (std::size_t t = 0; t < targets.size(); ++t) {
    BgpSeries bgp = builders[t]->Finish();
    MrtTargetSummary summary{
        .entity = targets[t].entity, .updates = bgp.updates, .peers = bgp.peers};
    if (detect && !bgp.series.empty()) {
      std::vector<OutageWindow> windows = detect(bgp.series);
      for (OutageWindow& w : windows)
        if (auto routing = builders[t]->Evidence(w)) w.evidence.routing = std::move(*routing);
      summary.windows = windows.size();
      out.windows.insert(out.windows.end(), std::make_move_iterator(windows.begin()),
                         std::make_move_iterator(windows.end()));
    }
    out.series.insert(out.series.end(), std::make_move_iterator(bgp.series.begin()),
                      std::make_move_iterator(bgp.series.end()));
    out.targets.push_back(std::move(summary));
  }
  return out;
}

}  // namespace corroborate::ingest
