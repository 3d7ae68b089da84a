// Article extraction throughput: every readability test page extracted
// in-process by corroborate, then by Debian's python3-readability
// (readability.Document(html).summary(), timed inside Python over the same
// files, already read and decoded), pages per second for both and the ratio.
// Both sides are timed the same way, in turns so that both see the machine
// at about the same speed: kPasses times, one pass of ours, then one pass of
// readability's (a fresh python3 process that times one pass over all pages
// inside Python, after its imports); the best pass of each counts. One pass
// over the pages takes us a fraction of a second against readability's
// several seconds, so our pass goes over the pages as many times as fill
// about a second, and its rate is the average over that second: a stall of
// the machine costs both sides alike instead of whichever side it hits.
// The ratio is per thread (readability-lxml has no parallel mode); the rate on
// every CPU, as `parse article` and `ingest` run, is printed beside it.
//
// Usage: bench_articles [--no-peer] [CORPUS_DIR]
//   (default corpus: <shared>/corpora/articles/readability-test-pages;
//    --no-peer times corroborate only, for profiling)
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/parallel.h"
#include "ingest/html/article.h"
#include "tests/bench/benches.h"

namespace fs = std::filesystem;

constexpr int kPasses = 3;

int corroborate::bench::BenchArticles(int argc, char** argv) {
  bool peer = true;
  fs::path corpus = fs::path(CORROBORATE_SHARED_DIR) / "corpora/articles/readability-test-pages";
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--no-peer") peer = false;
    else corpus = argv[i];
  }
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(corpus, ec)) {
    fs::path source = entry.path() / "source.html";
    if (fs::exists(source)) files.push_back(source);
  }
  if (files.empty()) {
    fmt::print(stderr, "bench_articles: no */source.html under {}\n", corpus.string());
    return 1;
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> pages;
  size_t bytes = 0;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    pages.push_back(buffer.str());
    bytes += pages.back().size();
  }

  // One pass of ours: every page `repeats` times; seconds per repeat.
  size_t chars = 0, failures = 0;
  auto our_pass = [&](int repeats) {
    auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < repeats; ++r) {
      chars = failures = 0;
      for (const std::string& page : pages) {
        auto article = corroborate::ingest::ExtractArticle(page, {});
        if (article)
          chars += article->text.size();
        else
          ++failures;
      }
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
           repeats;
  };
  const double warm = our_pass(1);  // also warms the caches
  const int repeats = std::max(1, static_cast<int>(std::ceil(1.0 / std::max(warm, 1e-3))));

  // One pass of readability's, in a fresh python3 (see the top); seconds, or
  // -1 when python3-readability is not available.
  fs::path list =
      fs::temp_directory_path() / fmt::format("bench_articles_{}.txt", static_cast<long>(getpid()));
  fs::path py =
      fs::temp_directory_path() / fmt::format("bench_articles_{}.py", static_cast<long>(getpid()));
  if (peer) {
    std::ofstream l(list);
    for (const fs::path& f : files) l << f.string() << "\n";
    std::ofstream p(py);
    p << "import sys, time\n"
         "from readability import Document\n"
         "paths = [l.strip() for l in sys.stdin if l.strip()]\n"
         "pages = [open(p, 'rb').read().decode('utf-8', 'replace') for p in paths]\n"
         "t = time.monotonic()\n"
         "for html in pages:\n"
         "    try:\n"
         "        Document(html).summary()\n"
         "    except Exception:\n"
         "        pass\n"
         "print(time.monotonic() - t)\n";
  }
  auto their_pass = [&]() {
    std::string command =
        fmt::format("/usr/bin/python3 {} < {} 2>/dev/null", py.string(), list.string());
    FILE* pipe = popen(command.c_str(), "r");
    double seconds = -1;
    if (pipe) {
      char line[256];
      while (fgets(line, sizeof line, pipe)) seconds = std::atof(line);
      if (pclose(pipe) != 0) seconds = -1;
    }
    return seconds;
  };

  double best = 1e300, theirs_seconds = peer ? 1e300 : -1;
  for (int pass = 0; pass < kPasses; ++pass) {
    best = std::min(best, our_pass(repeats));
    if (theirs_seconds > 0) {
      const double t = their_pass();
      theirs_seconds = t > 0 ? std::min(theirs_seconds, t) : -1;
    }
  }
  fs::remove(list, ec);
  fs::remove(py, ec);
  double ours = static_cast<double>(pages.size()) / best;
  fmt::print(
      "corroborate: {} pages ({:.1f} MB) in {:.3f} s (best of {} passes of {} rounds) = "
      "{:.0f} pages/s on one thread ({} chars of text, {} failed)\n",
      pages.size(), static_cast<double>(bytes) / 1e6, best, kPasses, repeats, ours, chars,
      failures);

  // The same pages on every CPU, the way `parse article` and `ingest` run
  // many files (OrderedParallelFor, results in file order).
  const unsigned jobs = corroborate::DefaultJobs(0);
  double best_parallel = 1e300;
  size_t parallel_chars = 0;
  for (int pass = 0; pass < kPasses; ++pass) {
    auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < repeats; ++r) {
      parallel_chars = 0;
      corroborate::OrderedParallelFor<size_t>(
          pages.size(), jobs,
          [&](size_t i) -> size_t {
            auto article = corroborate::ingest::ExtractArticle(pages[i], {});
            return article ? article->text.size() : 0;
          },
          [&](size_t, size_t n) { parallel_chars += n; });
    }
    best_parallel = std::min(
        best_parallel,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / repeats);
  }
  const double ours_parallel = static_cast<double>(pages.size()) / best_parallel;
  fmt::print(
      "corroborate: {} pages in {:.3f} s (best of {} passes of {} rounds) = "
      "{:.0f} pages/s on {} threads{}\n",
      pages.size(), best_parallel, kPasses, repeats, ours_parallel, jobs,
      parallel_chars == chars ? "" : " (TEXT DIFFERS)");
  if (!peer) return 0;

  if (theirs_seconds <= 0) {
    fmt::print("python3-readability: not available (python3 -c 'import readability' failed)\n");
    return 0;
  }
  double theirs = static_cast<double>(pages.size()) / theirs_seconds;
  fmt::print(
      "python3-readability: {} pages in {:.3f} s (best of {}, in turns with ours) = "
      "{:.1f} pages/s\n",
      pages.size(), theirs_seconds, kPasses, theirs);
  fmt::print("articles: corroborate {:.0f} pages/s, readability-lxml {:.1f} pages/s, ratio {:.1f}x on one thread "
             "(goal >= 20x); {:.0f} pages/s on {} threads, {:.1f}x\n",
             ours, theirs, ours / theirs, ours_parallel, jobs, ours_parallel / theirs);
  return 0;
}

#ifdef CORROBORATE_BENCH_STANDALONE
int main(int argc, char** argv) { return corroborate::bench::BenchArticles(argc, argv); }
#endif
