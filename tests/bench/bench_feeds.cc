// Feed parsing throughput: corroborate (in-process) against Debian's
// python3-feedparser on every file of corpora/feeds/real-feeds.
//
// Usage: bench_feeds [CORPUS_DIR]   (default: the shared corpus)
// Prints both wall times, MB/s, the entry counts and the speed ratio.
#include <libxml/parser.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/feeds/feed.h"
#include "tests/bench/benches.h"

namespace fs = std::filesystem;

namespace {

constexpr const char* kFeedparserScript = R"PY(
import sys, time, feedparser
paths = [l.rstrip("\n") for l in sys.stdin if l.strip()]
datas = [open(p, "rb").read() for p in paths]
start = time.perf_counter()
entries = 0
for d in datas:
    entries += len(feedparser.parse(d).entries)
print(f"{time.perf_counter() - start:.6f} {entries}")
)PY";

}  // namespace

int corroborate::bench::BenchFeeds(int argc, char** argv) {
  fs::path dir = argc > 1 ? fs::path(argv[1])
                          : fs::path(CORROBORATE_SHARED_DIR) / "corpora" / "feeds" / "real-feeds";
  if (!fs::is_directory(dir)) {
    std::fprintf(stderr, "bench_feeds: no corpus at %s\n", dir.c_str());
    return 2;
  }
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file()) paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> datas;
  size_t bytes = 0;
  for (const fs::path& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    datas.push_back(std::move(buf).str());
    bytes += datas.back().size();
  }

  // Reference: libxml2 building the DOM alone (the floor for a DOM parser).
  double bare = 1e9;
  for (int run = 0; run < 3; ++run) {
    auto start = std::chrono::steady_clock::now();
    for (const std::string& d : datas) {
      xmlDoc* doc = xmlReadMemory(d.data(), static_cast<int>(d.size()), nullptr, nullptr,
                                  XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
      if (doc) xmlFreeDoc(doc);
    }
    bare = std::min(bare, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::printf("libxml2 DOM only: %.3f s\n", bare);

  // corroborate: best of 3 runs over all files.
  double best = 1e9;
  size_t entries = 0, failures = 0;
  for (int run = 0; run < 3; ++run) {
    entries = failures = 0;
    auto start = std::chrono::steady_clock::now();
    for (const std::string& d : datas) {
      auto feed = corroborate::ingest::ParseFeed(d);
      if (feed) entries += feed->items.size();
      else ++failures;
    }
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::printf("corroborate: %zu files, %.1f MB, %zu entries, %zu errors, %.3f s (%.0f MB/s)\n",
              datas.size(), bytes / 1e6, entries, failures, best, bytes / 1e6 / best);

  // feedparser, timed inside Python (interpreter start-up excluded).
  fs::path list = fs::temp_directory_path() / ("bench_feeds_" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream out(list);
    for (const fs::path& p : paths) out << p.string() << '\n';
  }
  std::string script = kFeedparserScript;
  std::string command = "/usr/bin/python3 -c '" + script + "' < '" + list.string() + "'";
  double peer = 0;
  size_t peer_entries = 0;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char line[256] = {};
    if (std::fgets(line, sizeof line, pipe) == nullptr || std::sscanf(line, "%lf %zu", &peer, &peer_entries) != 2) {
      peer = 0;
    }
    pclose(pipe);
  }
  fs::remove(list);
  if (peer <= 0) {
    std::printf("feedparser: not available (python3-feedparser missing?)\n");
    return 0;
  }
  std::printf("feedparser:  %zu files, %zu entries, %.3f s (%.1f MB/s)\n", datas.size(), peer_entries, peer,
              bytes / 1e6 / peer);
  std::printf("ratio: corroborate is %.1fx faster than feedparser (goal >= 50x)\n", peer / best);
  return 0;
}

#ifdef CORROBORATE_BENCH_STANDALONE
int main(int argc, char** argv) { return corroborate::bench::BenchFeeds(argc, argv); }
#endif
