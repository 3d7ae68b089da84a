// MRT decoding throughput: corroborate's text path (`bgpdump -m` lines into a
// buffer written to /dev/null), its series-only path (decode and count
// announcements/withdrawals per prefix per 5-minute bin, no text), and
// Debian's `bgpdump -m` on the same files, in MRT records per second.
//
// usage: bench_mrt [--rounds N] [FILE...]   (default: the bgpdump test_data
// corpus under CORROBORATE_SHARED_DIR, 5 rounds for corroborate, 1 for bgpdump)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <algorithm>
#include <vector>

#include "ingest/measure/mrt.h"

namespace {

using corroborate::measure::MrtReader;
using corroborate::measure::MrtRecord;
using corroborate::measure::RouteEventKind;
using Clock = std::chrono::steady_clock;

// Open-addressing counter table (uint64 key -> count), linear probing.
class CountTable {
 public:
  CountTable() : keys_(1 << 16, 0), counts_(1 << 16, 0) {}
  void Add(uint64_t key) {
    key |= 1;  // 0 marks an empty slot
    size_t mask = keys_.size() - 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) {
        ++counts_[i];
        return;
      }
      if (keys_[i] == 0) {
        keys_[i] = key;
        counts_[i] = 1;
        if (++size_ * 2 > keys_.size()) Grow();
        return;
      }
    }
  }
  size_t size() const { return size_; }
  void clear() {
    std::fill(keys_.begin(), keys_.end(), 0);
    size_ = 0;
  }

 private:
  void Grow() {
    std::vector<uint64_t> keys(keys_.size() * 2, 0);
    std::vector<uint32_t> counts(keys.size(), 0);
    size_t mask = keys.size() - 1;
    for (size_t j = 0; j < keys_.size(); ++j) {
      if (!keys_[j]) continue;
      size_t i = keys_[j] & mask;
      while (keys[i]) i = (i + 1) & mask;
      keys[i] = keys_[j];
      counts[i] = counts_[j];
    }
    keys_.swap(keys);
    counts_.swap(counts);
  }
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> counts_;
  size_t size_ = 0;
};

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// Decodes `file`; returns its record count, or -1 on error.
long long Decode(const std::string& file, bool text, std::FILE* sink,
                 CountTable& bins) {
  corroborate::measure::MrtOptions options;
  options.as_path_text = false;
  auto reader = MrtReader::Open(file, options);
  if (!reader) return -1;
  MrtRecord record;
  std::string out;
  out.reserve(1 << 21);
  while (true) {
    auto more = (*reader)->Next(record);
    if (!more) {
      std::fprintf(stderr, "bench_mrt: %s\n", more.error().message.c_str());
      return -1;
    }
    if (!*more) break;
    if (text) {
      corroborate::measure::FormatBgpdump(record, out);
      if (out.size() >= (1 << 20)) {
        std::fwrite(out.data(), 1, out.size(), sink);
        out.clear();
      }
      continue;
    }
    for (const auto& e : record.events) {
      if (e.kind != RouteEventKind::kAnnounce && e.kind != RouteEventKind::kWithdraw) continue;
      // key: 5-minute bin, prefix (hashed), kind
      uint64_t h = 1469598103934665603ull;
      for (int i = 0; i < 16; ++i) h = (h ^ e.prefix.address.bytes[i]) * 1099511628211ull;
      h = (h ^ e.prefix.length) * 1099511628211ull;
      uint64_t key = (h ^ (uint64_t{record.time / 300} << 1)) * 1099511628211ull;
      bins.Add((key ^ (key >> 29)) + (e.kind == RouteEventKind::kWithdraw ? 2 : 0));
    }
  }
  std::fwrite(out.data(), 1, out.size(), sink);
  return static_cast<long long>((*reader)->counters().records);
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else {
      files.push_back(argv[i]);
    }
  }
  if (files.empty()) {
    std::filesystem::path dir = std::filesystem::path(CORROBORATE_SHARED_DIR) / "corpora/mrt/bgpdump/test_data";
    if (!std::filesystem::is_directory(dir)) {
      std::printf("bench_mrt: skipped, no corpus at %s\n", dir.c_str());
      return 0;
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
  }
  std::FILE* sink = std::fopen("/dev/null", "wb");
  if (!sink) return 1;
  CountTable bins;

  long long records = 0;
  for (const auto& f : files) {
    long long n = Decode(f, false, sink, bins);  // warm-up and record count
    if (n < 0) return 1;
    records += n;
  }
  auto start = Clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& f : files) Decode(f, true, sink, bins);
  }
  double text_s = Seconds(start);
  start = Clock::now();
  for (int r = 0; r < rounds; ++r) {
    bins.clear();
    for (const auto& f : files) Decode(f, false, sink, bins);
  }
  double series_s = Seconds(start);
  std::fclose(sink);

  double bgpdump_s = -1;
  if (std::system("command -v bgpdump >/dev/null 2>&1") == 0) {
    start = Clock::now();
    for (const auto& f : files) {
      std::string cmd = "bgpdump -m -q '" + f + "' >/dev/null 2>&1";
      if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "bench_mrt: bgpdump failed on %s\n", f.c_str());
    }
    bgpdump_s = Seconds(start);
  }

  double text_rate = records * rounds / text_s;
  double series_rate = records * rounds / series_s;
  std::printf("mrt bench: %zu files, %lld MRT records; corroborate %d rounds, bgpdump 1 round\n", files.size(), records,
              rounds);
  std::printf("corroborate text (bgpdump -m form): %.0f records/s (%.3f s per round)\n", text_rate, text_s / rounds);
  std::printf("corroborate series-only:            %.0f records/s (%.3f s per round, %zu prefix-bins)\n", series_rate,
              series_s / rounds, bins.size());
  if (bgpdump_s > 0) {
    double bgpdump_rate = records / bgpdump_s;
    std::printf("bgpdump -m:                         %.0f records/s (%.3f s)\n", bgpdump_rate, bgpdump_s);
    std::printf("ratio text/bgpdump: %.1fx (goal >= 3x); series/bgpdump: %.1fx (goal >= 10x)\n",
                text_rate / bgpdump_rate, series_rate / bgpdump_rate);
  } else {
    std::printf("bgpdump not on PATH: no ratio\n");
  }
  return 0;
}
