// bench_ingest: the three ingestion benchmarks in one run, each with its
// defaults: feed parsing against python3-feedparser on the 200 real feeds
// (goal >= 50x), article extraction against python3-readability (goal >= 20x
// on one thread), and documents stored per second with the FTS index on
// 100,000 generated documents (goal >= 20,000/s). Each part prints what its
// own program (bench_feeds, bench_articles, bench_store) prints.
//
// Usage: bench_ingest   (exit status: the first non-zero part's, else 0)
#include <cstdio>
#include <string>

#include "tests/bench/benches.h"

int main() {
  using Bench = int (*)(int, char**);
  struct Part {
    const char* name;
    Bench run;
  };
  const Part parts[] = {{"bench_feeds", corroborate::bench::BenchFeeds},
                        {"bench_articles", corroborate::bench::BenchArticles},
                        {"bench_store", corroborate::bench::BenchStore}};
  int status = 0;
  for (const Part& part : parts) {
    std::printf("== %s\n", part.name);
    std::fflush(stdout);
    std::string name = part.name;
    char* argv[] = {name.data(), nullptr};
    const int rc = part.run(1, argv);
    std::fflush(stdout);
    if (rc != 0 && status == 0) status = rc;
  }
  return status;
}
