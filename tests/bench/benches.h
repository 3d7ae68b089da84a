// The benchmarks of ingestion (issue 2), each callable from its own program
// (bench_feeds, bench_articles, bench_store) or all in one run (bench_ingest).
// Each takes its program's arguments and returns its exit status.
#pragma once

namespace corroborate::bench {

int BenchFeeds(int argc, char** argv);     // bench_feeds [CORPUS_DIR]
int BenchArticles(int argc, char** argv);  // bench_articles [--no-peer] [CORPUS_DIR]
int BenchStore(int argc, char** argv);     // bench_store [DB_PATH] [COUNT] [BATCH]

}  // namespace corroborate::bench
