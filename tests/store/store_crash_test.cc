// The store under a crash and a full disk, through the built binary:
// `corroborate ingest` and `corroborate reextract --all` are killed with
// SIGKILL at random points, and `ingest` runs with writes past a file size
// refused (RLIMIT_FSIZE, SIGXFSZ ignored: what a full disk looks like to
// SQLite). After each, the database must pass SQLite's and FTS5's integrity
// checks, hold no document twice, keep everything committed before, and
// hold every document's extraction whole or not at all; running the command
// again completes the set.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace corroborate::store {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A running `corroborate --db test.db ARGS...` in `dir`, stdout and stderr
// to files there; `file_size_limit` sets RLIMIT_FSIZE and ignores SIGXFSZ.
class Child {
 public:
  Child(const fs::path& dir, const std::vector<std::string>& args,
        std::optional<rlim_t> file_size_limit = std::nullopt) {
    std::vector<std::string> argv_strings = {CORROBORATE_BIN, "--db", "test.db"};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : argv_strings) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
    pid_ = ::fork();
    if (pid_ == 0) {
      if (::chdir(dir.c_str()) != 0) ::_exit(126);
      const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0) ::_exit(126);
      if (file_size_limit) {
        ::signal(SIGXFSZ, SIG_IGN);  // a write past the limit then fails with EFBIG
        const rlimit limit{*file_size_limit, *file_size_limit};
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(126);
      }
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  ~Child() {
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      Wait();
    }
  }
  // True when it had already exited; otherwise kills it with SIGKILL.
  bool ExitedElseKill() {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      status_ = status;
      return true;
    }
    ::kill(pid_, SIGKILL);
    Wait();
    return false;
  }
  int Wait() {
    if (!status_) {
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      status_ = status;
    }
    return *status_;
  }
  bool ok() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
};

int ExitCode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

// Per document (by canonical URL): how many timexes and claims it has, or
// nullopt when it has no extraction.
using Extracted = std::map<std::string, std::optional<std::pair<int, int>>>;

class StoreCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corroborate_store_crash_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    seed_ = std::random_device{}();
    rng_.seed(seed_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes `count` text files `prefix`NNNN.txt with dates, durations and
  // attributed causes for the extractor, each text unique; returns their names.
  std::vector<std::string> WriteNotes(const std::string& prefix, int count, int repeat = 3) {
    std::vector<std::string> names;
    for (int i = 0; i < count; ++i) {
      const std::string name = prefix + std::to_string(10000 + i).substr(1) + ".txt";
      std::ofstream out(dir_ / name);
      out << "Outage note " << prefix << i << "\n\n";
      for (int r = 0; r < repeat; ++r) {
        out << "On 22 December 2014 at 16:" << (i + r) % 60 << " UTC the network of Ruritania "
            << "went offline for " << i % 12 + 1 << " hours, officials said. Engineers blamed a "
            << "denial of service attack on the upstream provider, according to a spokesman. "
            << "Marker " << prefix << "x" << i << "y" << r << ".\n";
      }
      names.push_back(name);
    }
    return names;
  }

  static std::vector<std::string> Ingest(const std::vector<std::string>& files) {
    std::vector<std::string> args = {"ingest"};
    args.insert(args.end(), files.begin(), files.end());
    return args;
  }

  // Runs to completion; the exit code.
  int Run(const std::vector<std::string>& args) { return ExitCode(Child(dir_, args).Wait()); }

  std::string Read(const std::string& name) {
    std::ifstream in(dir_ / name);
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
  }

  // The checks every state of the database must pass; returns what it holds.
  Extracted Check(const std::string& when) {
    SCOPED_TRACE(when);
    SQLite::Database db((dir_ / "test.db").string(), SQLite::OPEN_READWRITE);
    EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
    // FTS5 checks its index against the documents table (rank 1: the
    // content too, see store_test's CheckFtsAgainstContent).
    EXPECT_NO_THROW(
        db.exec("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)"));
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM (SELECT canonical_url FROM documents "
                            "GROUP BY canonical_url HAVING count(*) > 1)")
                  .getInt(),
              0)
        << "a document stored twice";
    EXPECT_EQ(
        db.execAndGet("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").getInt(), 0)
        << "every text is unique";
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM extractions WHERE document_id NOT IN "
                            "(SELECT id FROM documents)")
                  .getInt(),
              0);
    Extracted held;
    SQLite::Statement s(db,
                        "SELECT d.canonical_url, e.document_id IS NOT NULL, "
                        "(SELECT count(*) FROM timexes t WHERE t.document_id = d.id), "
                        "(SELECT count(*) FROM claims c WHERE c.document_id = d.id) "
                        "FROM documents d LEFT JOIN extractions e ON e.document_id = d.id");
    while (s.executeStep()) {
      const std::string url = s.getColumn(0).getString();
      if (s.getColumn(1).getInt()) {
        held[url] = std::pair{s.getColumn(2).getInt(), s.getColumn(3).getInt()};
      } else {
        EXPECT_EQ(s.getColumn(2).getInt() + s.getColumn(3).getInt(), 0)
            << url << ": rows of an extraction that is not recorded";
        held[url] = std::nullopt;
      }
    }
    return held;
  }

  // Every document of `before` is still held with its extraction, if it had
  // one, and every extraction held is the reference's.
  void ExpectKept(const Extracted& before, const Extracted& now, const Extracted& reference) {
    for (const auto& [url, extraction] : before) {
      auto it = now.find(url);
      ASSERT_NE(it, now.end()) << url << " was committed and is lost";
      if (extraction) {
        EXPECT_TRUE(it->second.has_value()) << url << ": extraction lost";
      }
    }
    for (const auto& [url, extraction] : now) {
      if (!extraction) continue;
      auto ref = reference.find(url);
      ASSERT_NE(ref, reference.end()) << url;
      EXPECT_EQ(extraction, ref->second) << url << ": extraction differs from a clean run";
    }
  }

  // Extraction of `files` in a database of its own, untouched by kills.
  Extracted Reference(const std::vector<std::string>& files) {
    Child run(dir_, Ingest(files));
    EXPECT_EQ(ExitCode(run.Wait()), 0) << Read("err.txt");
    Extracted reference = Check("reference run");
    fs::rename(dir_ / "test.db", dir_ / "reference.db");
    for (const char* suffix : {"-wal", "-shm"})
      fs::remove(dir_ / (std::string("test.db") + suffix));
    return reference;
  }

  // A random time in the k-th of n equal stretches of a run of `run_ms`.
  double KillPoint(int k, int n, double run_ms) {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng_);
    return (k + u) / n * run_ms;
  }

  fs::path dir_;
  unsigned seed_ = 0;
  std::mt19937 rng_;
};

TEST_F(StoreCrashTest, KilledIngestLosesAndDuplicatesNothing) {
  SCOPED_TRACE("seed " + std::to_string(seed_));
  constexpr int kRounds = 7, kPerRound = 300;
  std::vector<std::vector<std::string>> rounds;
  std::vector<std::string> all;
  for (int r = 0; r < kRounds; ++r) {
    rounds.push_back(WriteNotes("r" + std::to_string(r) + "n", kPerRound));
    all.insert(all.end(), rounds.back().begin(), rounds.back().end());
  }
  const Extracted reference = Reference(all);
  ASSERT_EQ(reference.size(), all.size());
  // How long one round takes uninterrupted, for where to kill it.
  const auto t0 = Clock::now();
  ASSERT_EQ(Run(Ingest(rounds[0])), 0) << Read("err.txt");
  const double round_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  Extracted committed = Check("after the first round");
  ExpectKept({}, committed, reference);

  int interrupted = 0;
  for (int r = 1; r < kRounds; ++r) {
    // Reading, parsing, storing, extracting: each kill at a random point of
    // its own stretch of the run, so that they spread over all of it.
    const double at_ms = KillPoint(r - 1, kRounds - 1, round_ms);
    SCOPED_TRACE("round " + std::to_string(r) + ", killed at " + std::to_string(at_ms) + " ms of " +
                 std::to_string(round_ms));
    Child run(dir_, Ingest(rounds[r]));
    ASSERT_TRUE(run.ok());
    std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(at_ms));
    interrupted += !run.ExitedElseKill();
    Extracted after_kill = Check("after the kill");
    ExpectKept(committed, after_kill, reference);
    // The round's documents went in together or not at all.
    const size_t added = after_kill.size() - committed.size();
    EXPECT_TRUE(added == 0 || added == rounds[r].size()) << added;
    // Running it again completes the set.
    ASSERT_EQ(Run(Ingest(rounds[r])), 0) << Read("err.txt");
    committed = Check("after the rerun");
    ASSERT_EQ(committed.size(), static_cast<size_t>(kPerRound) * (r + 1));
    for (const auto& [url, extraction] : committed) EXPECT_TRUE(extraction) << url;
    ExpectKept(after_kill, committed, reference);
  }
  EXPECT_GE(interrupted, 2) << "the kills should mostly land while the run works";
  // The whole corpus at the end: exactly the reference.
  ASSERT_EQ(Run(Ingest(all)), 0) << Read("err.txt");
  EXPECT_EQ(Check("at the end"), reference);
}

TEST_F(StoreCrashTest, KilledReextractKeepsEveryExtractionWhole) {
  SCOPED_TRACE("seed " + std::to_string(seed_));
  const std::vector<std::string> files = WriteNotes("x", 800);
  ASSERT_EQ(Run(Ingest(files)), 0) << Read("err.txt");
  const Extracted reference = Check("after ingest");
  for (const auto& [url, extraction] : reference) ASSERT_TRUE(extraction) << url;
  const auto t0 = Clock::now();
  ASSERT_EQ(Run({"reextract", "--all"}), 0) << Read("err.txt");
  const double run_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  EXPECT_EQ(Check("after a full reextract"), reference);

  int interrupted = 0;
  constexpr int kKills = 6;
  for (int k = 0; k < kKills; ++k) {
    const double at_ms = KillPoint(k, kKills, run_ms);
    SCOPED_TRACE("kill " + std::to_string(k) + " at " + std::to_string(at_ms) + " ms of " +
                 std::to_string(run_ms));
    Child run(dir_, {"reextract", "--all"});
    ASSERT_TRUE(run.ok());
    std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(at_ms));
    interrupted += !run.ExitedElseKill();
    // Each document keeps the extraction it had or has the new one, whole.
    EXPECT_EQ(Check("after the kill"), reference);
  }
  EXPECT_GE(interrupted, 2) << "the kills should mostly land while the run works";
  ASSERT_EQ(Run({"reextract", "--all"}), 0) << Read("err.txt");
  EXPECT_EQ(Check("after the rerun"), reference);
}

// Writes past a size limit fail as on a full disk: the command says so in
// one line naming the database and fails; the database keeps what it held.
TEST_F(StoreCrashTest, FullDiskFailsCleanlyAndKeepsEarlierRows) {
  const std::vector<std::string> first = WriteNotes("early", 20);
  ASSERT_EQ(Run(Ingest(first)), 0) << Read("err.txt");
  const Extracted before = Check("before");
  ASSERT_EQ(before.size(), first.size());
  // Large enough to need several megabytes; the limit leaves 64 KB beyond
  // the files as they are.
  const std::vector<std::string> bulk = WriteNotes("bulk", 800, 10);
  rlim_t largest = 0;
  for (const char* name : {"test.db", "test.db-wal", "test.db-shm"}) {
    std::error_code ec;
    const auto size = fs::file_size(dir_ / name, ec);
    if (!ec) largest = std::max<rlim_t>(largest, size);
  }
  Child full(dir_, Ingest(bulk), largest + 64 * 1024);
  ASSERT_TRUE(full.ok());
  const int status = full.Wait();
  ASSERT_TRUE(WIFEXITED(status)) << "no crash, no signal";
  EXPECT_EQ(WEXITSTATUS(status), 1);
  // One line naming the database and what failed (SQLite reports EFBIG as
  // "disk I/O error" and ENOSPC as "database or disk is full").
  const std::string err = Read("err.txt");
  EXPECT_TRUE(
      err.starts_with("corroborate: error: test.db: storing documents failed, nothing "
                      "stored: "))
      << err;
  EXPECT_TRUE(err.find("disk") != std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_EQ(Read("out.txt"), "");
  EXPECT_EQ(Check("after the failed write"), before);
  // With room again the same command stores everything.
  ASSERT_EQ(Run(Ingest(bulk)), 0) << Read("err.txt");
  EXPECT_EQ(Check("with room").size(), first.size() + bulk.size());
}

}  // namespace
}  // namespace corroborate::store
