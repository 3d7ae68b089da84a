// Benchmark of the correlator's end: the whole demo (ingest, extraction,
// SYNTHETIC MRT generation and import, detection, report) into a fresh
// database, then `corroborate brief` alone on the stored data. Goals: the
// brief under one second once the data is stored, the demo under a minute.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

int main(int argc, char** argv) {
  std::string bin = argc > 1 ? argv[1] : CORROBORATE_BIN;
  auto dir = std::filesystem::temp_directory_path() / ("corroborate-bench-report-" + std::to_string(getpid()));
  auto time = [](const std::string& command) {
    auto start = std::chrono::steady_clock::now();
    int rc = std::system((command + " > /dev/null").c_str());
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return std::make_pair(rc, s);
  };
  constexpr int kRounds = 5;
  double demo_best = 1e9, brief_best = 1e9;
  for (int i = 0; i < kRounds; ++i) {
    auto [rc, s] = time(bin + " demo --out " + dir.string());
    if (rc != 0) {
      std::fprintf(stderr, "bench_report: demo failed\n");
      return 1;
    }
    demo_best = std::min(demo_best, s);
  }
  std::string db = (dir / "corroborate.db").string();
  for (int i = 0; i < kRounds; ++i) {
    auto [rc, s] = time(bin + " --db " + db + " brief --entity country:KP --alias asn:131279=country:KP --out " +
                        (dir / "again").string());
    if (rc != 0) {
      std::fprintf(stderr, "bench_report: brief failed\n");
      return 1;
    }
    brief_best = std::min(brief_best, s);
  }
  std::filesystem::remove_all(dir);
  std::printf("report bench: demo (whole pipeline, fresh database) %.3f s (goal < 60 s); "
              "brief on stored data %.3f s (goal < 1 s); best of %d, %u cores\n",
              demo_best, brief_best, kRounds, std::max(1u, static_cast<unsigned>(sysconf(_SC_NPROCESSORS_ONLN))));
  return 0;
}
