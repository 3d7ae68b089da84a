// Throughput of temporal-expression extraction on news text, one core:
// ExtractTimexes versus dateparser's search.search_dates (Debian's
// python3-dateparser) on the same documents.
//
// Text: the TimeBank + AQUAINT documents (tags stripped) and the seed
// articles from the shared folder.
// Usage: bench_extract_timex [SHARED_DIR] [--no-peer]
#include <fmt/core.h>

#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "correlate/extract/timex.h"

namespace fs = std::filesystem;
using corroborate::extract::ExtractTimexes;
using corroborate::extract::ParseDct;

namespace {

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The text inside <TEXT>...</TEXT> with tags removed (entities left as is).
std::string TmlText(const std::string& source) {
  std::size_t b = source.find("<TEXT>"), e = source.rfind("</TEXT>");
  if (b == std::string::npos || e == std::string::npos || e < b) return {};
  std::string out;
  bool in_tag = false;
  for (std::size_t i = b + 6; i < e; ++i) {
    char c = source[i];
    if (c == '<') in_tag = true;
    else if (c == '>') in_tag = false;
    else if (!in_tag) out += c;
  }
  return out;
}

// CPU time of this thread: the machine may be shared, wall time is noisy.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path shared = argc > 1 && argv[1][0] != '-' ? fs::path(argv[1]) : fs::path(CORROBORATE_SHARED_DIR);
  bool peer = std::string_view(argv[argc - 1]) != "--no-peer";
  std::vector<std::string> docs;
  fs::path corpus = shared / "corpora" / "timex" / "tbaq";
  if (fs::exists(corpus))
    for (const auto& entry : fs::recursive_directory_iterator(corpus))
      if (entry.path().extension() == ".tml") docs.push_back(TmlText(ReadFile(entry.path())));
  if (fs::exists(shared / "seeds"))
    for (const auto& entry : fs::directory_iterator(shared / "seeds"))
      if (entry.path().extension() == ".txt") docs.push_back(ReadFile(entry.path()));
  if (docs.empty()) {
    fmt::print(stderr, "bench_extract_timex: no documents under {}\n", shared.string());
    return 1;
  }
  std::size_t bytes = 0;
  for (const auto& d : docs) bytes += d.size();
  auto ctx = *ParseDct("2014-12-22T21:00-05:00");

  // Warm up (compiles the rules), then repeat the corpus for at least 2 s.
  std::size_t timexes = 0;
  for (const auto& d : docs) timexes += ExtractTimexes(d, ctx).size();
  std::size_t rounds = 0, processed = 0, sink = 0;
  double start = CpuSeconds();
  double elapsed = 0;
  while (elapsed < 2.0) {
    for (const auto& d : docs) {
      sink += ExtractTimexes(d, ctx).size();
      processed += d.size();
    }
    ++rounds;
    elapsed = CpuSeconds() - start;
  }
  double ours = static_cast<double>(processed) / elapsed / 1e6;
  fmt::print("corpus: {} documents, {:.2f} MB, {} timexes\n", docs.size(), static_cast<double>(bytes) / 1e6, timexes);
  fmt::print("corroborate ExtractTimexes: {:.2f} MB/s ({} rounds in {:.2f} CPU s, one core; {} timexes)\n", ours, rounds,
             elapsed, sink);

  if (!peer) return 0;
  // dateparser is slow: give it the first ~150 KB of the same documents.
  fs::path tmp = fs::temp_directory_path() / fmt::format("bench_timex_{}.txt", static_cast<long>(getpid()));
  std::size_t sample = 0;
  {
    std::ofstream out(tmp, std::ios::binary);
    for (const auto& d : docs) {
      if (sample > 150000) break;
      out << d << '\x1e';
      sample += d.size();
    }
  }
  std::string script =
      "import sys, time\n"
      "from dateparser.search import search_dates\n"
      "docs = [d for d in open(sys.argv[1], encoding='utf-8', errors='replace').read().split('\\x1e') if d]\n"
      "search_dates('warm up on Monday')\n"
      "t = time.process_time(); n = 0; size = 0\n"
      "for d in docs:\n"
      "    size += len(d.encode('utf-8'))\n"
      "    n += len(search_dates(d, settings={'RELATIVE_BASE': __import__('datetime').datetime(2014, 12, 22)}) or [])\n"
      "print(size, n, time.process_time() - t)\n";
  fs::path script_path = tmp;
  script_path += ".py";
  std::ofstream(script_path) << script;
  std::string command = "/usr/bin/python3 " + script_path.string() + " " + tmp.string() + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  double their_size = 0, their_time = 0, their_n = 0;
  bool have_peer = pipe && fscanf(pipe, "%lf %lf %lf", &their_size, &their_n, &their_time) == 3 && their_time > 0;
  if (pipe) pclose(pipe);
  fs::remove(tmp);
  fs::remove(script_path);
  if (!have_peer) {
    fmt::print("dateparser search_dates: unavailable (/usr/bin/python3 with dateparser needed)\n");
    return 0;
  }
  double theirs = their_size / their_time / 1e6;
  fmt::print("dateparser search_dates: {:.4f} MB/s ({:.0f} KB, {:.0f} dates in {:.2f} CPU s)\n", theirs, their_size / 1e3,
             their_n, their_time);
  fmt::print("ratio: {:.0f}x\n", ours / theirs);
  return 0;
}
