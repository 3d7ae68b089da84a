// End-to-end (issue 17): output that cannot be written is a failure. Every
// command with standard output on /dev/full exits 1 with one error line
// giving the system's reason (before: exit 134 from an uncaught
// std::system_error, or exit 0 with nothing written); a failed `brief`
// leaves no half-set of reports; a file that cannot be read gets the
// system's reason; implausible windows and claim times are refused.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string out, err;
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

int Lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

class CliOutputTest : public ::testing::Test {
 protected:
  // One demo run (database and input files) shared by the tests.
  static void SetUpTestSuite() {
    shared_ = fs::temp_directory_path() / ("corroborate_cli_output_" + std::to_string(::getpid()));
    fs::remove_all(shared_);
    fs::create_directories(shared_);
    const std::string cmd = "cd '" + shared_.string() + "' && '" + CORROBORATE_BIN +
                            "' -q demo --out demo >demo.log 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << Slurp(shared_ / "demo.log");
  }
  static void TearDownTestSuite() { fs::remove_all(shared_); }

  void SetUp() override {
    dir_ = shared_ / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  // Runs `corroborate ARGS` in the test's directory, standard output to
  // `stdout_to` (relative to it, or a device).
  Outcome Corroborate(const std::string& args, const std::string& stdout_to = "out.txt") {
    const std::string cmd = "cd '" + dir_.string() + "' && env -u CORROBORATE_DB '" +
                            CORROBORATE_BIN + "' " + args + " >" + stdout_to + " 2>err.txt";
    const int status = std::system(cmd.c_str());
    Outcome r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (stdout_to == "out.txt") r.out = Slurp(dir_ / "out.txt");
    r.err = Slurp(dir_ / "err.txt");
    return r;
  }
  static std::string Demo(const std::string& name) {
    return "'" + (shared_ / "demo" / name).string() + "'";
  }
  void Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
  }

  static fs::path shared_;
  fs::path dir_;
};

fs::path CliOutputTest::shared_;

// Fails on the old code: timeline, rank --format json, check --format
// claimreview, measure windows exited 134 (uncaught std::system_error);
// events, search, sources list, parse feed, parse mrt and most others exited
// 0 having written nothing.
TEST_F(CliOutputTest, EveryCommandFailsWithTheReasonWhenStandardOutputIsFull) {
  const std::string db = "--db " + Demo("corroborate.db") + " ";
  const std::string scratch = "--db scratch.db ";
  const std::string analysis = " --alias asn:131279=country:KP --entity country:KP";
  struct Case {
    std::string args;
    std::string setup;  // run first, with standard output to a file
  };
  const std::vector<Case> cases = {
      {"version", ""},
      {"--help", ""},
      {db + "events", ""},
      {db + "events --format json", ""},
      {db + "rank" + analysis, ""},
      {db + "rank --format json" + analysis, ""},
      {db + "timeline" + analysis, ""},
      {db + "timeline --format json" + analysis, ""},
      {db + "timeline --format timelinejs" + analysis, ""},
      {db + "timeline --format markdown" + analysis, ""},
      {db + "check" + analysis, ""},
      {db + "check --format json" + analysis, ""},
      {db + "check --format claimreview --review-url https://check.example/{claim}" + analysis, ""},
      {db + "brief --out brief" + analysis, ""},
      {db + "search internet", ""},
      {db + "search internet --json", ""},
      {db + "sources list", ""},
      {db + "sources list --json", ""},
      {db + "measure windows", ""},
      {db + "measure windows --json", ""},
      {db + "reextract", ""},
      {"parse feed " + Demo("input/feed.xml"), ""},
      {"parse article " + Demo("input/kp-offline.html"), ""},
      {"parse posts " + Demo("input/mastodon-timeline.json"), ""},
      {"parse mrt " + Demo("input/nk-2014-synthetic-routing.mrt.gz"), ""},
      {"extract timex --dct 2014-12-22 " + Demo("input/README.md"), ""},
      {"extract claims --dct 2014-12-22 " + Demo("input/README.md"), ""},
      {scratch + "sources add https://example.org/feed.xml", ""},
      {scratch + "sources remove https://example.org/gone.xml",
       scratch + "sources add https://example.org/gone.xml"},
      {scratch + "import-opml " + Demo("input/sources.opml"), ""},
      {scratch + "ingest note.txt", ""},
      {scratch + "fetch", ""},
      {scratch + "measure import " + Demo("input/windows.csv"), ""},
      {scratch + "measure synthesize-mrt " + Demo("input/routing-scenario.json") +
           " -o synthetic.mrt.gz",
       ""},
      {"demo --out demo2", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Write("note.txt", "Outage notes\n\nThe country lost its Internet connection on Monday.\n");
    if (!c.setup.empty()) {
      ASSERT_EQ(Corroborate(c.setup).exit_code, 0) << Slurp(dir_ / "err.txt");
    }
    Outcome full = Corroborate(c.args, "/dev/full");
    EXPECT_EQ(full.exit_code, 1) << full.err;
    EXPECT_EQ(Lines(full.err), 1) << full.err;
    EXPECT_NE(
        full.err.find("corroborate: error: standard output: write failed: No space left on device"),
        std::string::npos)
        << full.err;
  }
  // The same commands succeed when standard output takes what they write.
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Write("note.txt", "Outage notes\n\nThe country lost its Internet connection on Monday.\n");
    if (!c.setup.empty()) {
      ASSERT_EQ(Corroborate(c.setup).exit_code, 0);
    }
    Outcome ok = Corroborate(c.args);
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_FALSE(ok.out.empty());
  }
}

// Fails on the old code: brief.md and brief.svg were written (over the old
// ones) before brief.html failed.
TEST_F(CliOutputTest, AFailedBriefLeavesNoHalfSetOfReports) {
  const std::string args =
      "--db " + Demo("corroborate.db") + " brief --out reports --stix --entity country:KP";
  fs::create_directories(dir_ / "reports" / "brief.html");
  Write("reports/brief.md", "old brief.md\n");
  Outcome failed = Corroborate(args);
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_EQ(Lines(failed.err), 1) << failed.err;
  EXPECT_NE(failed.err.find("reports/brief.html: cannot write: Is a directory"), std::string::npos)
      << failed.err;
  EXPECT_EQ(Slurp(dir_ / "reports" / "brief.md"), "old brief.md\n");
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(dir_ / "reports"))
    left.push_back(entry.path().filename());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"brief.html",
                                            "brief.md"}));  // no svg, stix or temporary file

  fs::remove_all(dir_ / "reports" / "brief.html");
  Outcome ok = Corroborate(args);
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(Slurp(dir_ / "reports" / "brief.md"), "old brief.md\n");
  for (const char* name : {"brief.html", "brief.md", "brief.svg", "stix.json"}) {
    EXPECT_TRUE(fs::is_regular_file(dir_ / "reports" / name)) << name;
  }
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "reports"))
    files += entry.is_regular_file();
  EXPECT_EQ(files, 4u);
}

// Issue 22: ClaimReview needs the page that publishes it; with --out each
// review is a JSON-LD file of its own; STIX takes its marking and producer.
TEST_F(CliOutputTest, ClaimReviewFilesAndStixFlags) {
  const std::string db = "--db " + Demo("corroborate.db") + " ";
  Outcome missing = Corroborate(db + "check --format claimreview --entity country:KP");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("needs --review-url"), std::string::npos) << missing.err;
  EXPECT_EQ(Corroborate(db + "check --format claimreview --review-url javascript:x").exit_code, 2);
  EXPECT_EQ(Corroborate(db + "check --format json --out x").exit_code, 2);
  Outcome files = Corroborate(
      db +
      "check --format claimreview --entity country:KP --out reviews --review-url "
      "'https://check.example/r/{claim}' --publisher 'Ledger Check' https://check.example/");
  ASSERT_EQ(files.exit_code, 0) << files.err;
  size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "reviews")) {
    std::string name = entry.path().filename();
    EXPECT_TRUE(name.rfind("claimreview-", 0) == 0 && name.ends_with(".jsonld")) << name;
    std::string doc = Slurp(entry.path());
    EXPECT_EQ(doc.front(), '{') << name;  // one document, not an array
    EXPECT_NE(doc.find("\"url\": \"https://check.example/r/" +
                       name.substr(12, name.size() - 12 - 7) + "\""),
              std::string::npos)
        << doc;
    EXPECT_NE(doc.find("\"name\": \"Ledger Check\""), std::string::npos) << doc;
    ++n;
  }
  EXPECT_GT(n, 1u);
  EXPECT_NE(files.out.find(std::to_string(n) + " ClaimReview documents"), std::string::npos)
      << files.out;

  Outcome stix = Corroborate(
      db + "brief --out b --stix --tlp red --publisher 'Ledger Check' --entity country:KP");
  ASSERT_EQ(stix.exit_code, 0) << stix.err;
  std::string bundle = Slurp(dir_ / "b" / "stix.json");
  EXPECT_NE(bundle.find("\"TLP:RED\""), std::string::npos);
  EXPECT_NE(bundle.find("\"name\": \"Ledger Check\""), std::string::npos);
  EXPECT_EQ(Corroborate(db + "brief --out b --stix --tlp blue").exit_code, 2);
  EXPECT_EQ(Corroborate(db + "brief --out b --stix --publisher X ftp://x").exit_code, 2);
}

// Fails on the old code: "cannot open file", "cannot be read", "read error"
// without the system's reason.
TEST_F(CliOutputTest, ReadFailuresGiveTheSystemsReason) {
  fs::create_directories(dir_ / "folder");
  const std::vector<std::string> commands = {"parse feed",
                                             "parse article",
                                             "parse posts",
                                             "extract timex --dct 2014-12-22",
                                             "extract claims --dct 2014-12-22",
                                             "--db t.db ingest",
                                             "--db t.db import-opml",
                                             "--db t.db measure import",
                                             "measure synthesize-mrt -o x.mrt"};
  for (const std::string& command : commands) {
    SCOPED_TRACE(command);
    Outcome missing = Corroborate(command + " missing.file");
    EXPECT_NE(missing.exit_code, 0);
    EXPECT_NE(missing.err.find("missing.file: cannot open: No such file or directory"),
              std::string::npos)
        << missing.err;
    Outcome folder = Corroborate(command + " folder");
    EXPECT_NE(folder.exit_code, 0);
    EXPECT_NE(folder.err.find("folder: cannot read: Is a directory"), std::string::npos)
        << folder.err;
  }
  Outcome taxonomy = Corroborate("--db " + Demo("corroborate.db") + " rank --taxonomy missing.tsv");
  EXPECT_EQ(taxonomy.exit_code, 1);
  EXPECT_NE(taxonomy.err.find("missing.tsv: cannot open: No such file or directory"),
            std::string::npos)
      << taxonomy.err;
}

// Fails on the old code: the window was stored, and `brief` wrote a 215 MB
// brief.html and brief.svg.
TEST_F(CliOutputTest, ImplausibleWindowsAreRefusedWithTheirLine) {
  Write("w.csv",
        "entity,start,end,source,signal,severity\n"
        "country:KP,2014-12-22T16:15:00Z,2014-12-23T01:46:00Z,csv,bgp,critical\n"
        "country:KP,0000-01-01T00:00:00Z,9999-12-31T00:00:00Z,csv,bgp,critical\n");
  Outcome imported = Corroborate("--db t.db measure import w.csv");
  EXPECT_EQ(imported.exit_code, 1);
  EXPECT_NE(imported.err.find("w.csv:3: start 0000-01-01T00:00:00Z is before 1969-01-01"),
            std::string::npos)
      << imported.err;
  Outcome windows = Corroborate("--db t.db measure windows --json");
  EXPECT_EQ(windows.out.find("0000-01-01"), std::string::npos) << windows.out;
}

// Fails on the old code: the claim kept its date in the year 9999, on the
// timeline and in the chart's range.
TEST_F(CliOutputTest, ClaimTimesOutsideThePlausibleOnesAreLeftOut) {
  Write("far.txt",
        "Far future\n\nThe Internet in North Korea went down on 1 January 9999 at 10:00, officials "
        "said.\n");
  ASSERT_EQ(Corroborate("--db t.db ingest --published 2014-12-22T21:00-05:00 far.txt").exit_code,
            0);
  {
    SQLite::Database db((dir_ / "t.db").string());
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM claims WHERE sentence LIKE '%9999%'").getInt(),
              1);
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM claims WHERE time_start IS NOT NULL").getInt(),
              0);
  }
  Write("w.csv",
        "entity,start,end,source,signal,severity\n"
        "country:KP,2014-12-22T16:15:00Z,2014-12-23T01:46:00Z,csv,bgp,critical\n");
  ASSERT_EQ(Corroborate("--db t.db measure import w.csv").exit_code, 0);
  Outcome timeline = Corroborate("--db t.db timeline --format json --entity country:KP");
  ASSERT_EQ(timeline.exit_code, 0) << timeline.err;
  EXPECT_NE(timeline.out.find("went down on 1 January 9999"), std::string::npos) << timeline.out;
  EXPECT_EQ(timeline.out.find("\"start\": \"9999"), std::string::npos) << timeline.out;
}

// events --since lists the incidents ending at or after the time, under
// the ids the full listing gives them; a time it cannot read is a usage error.
TEST_F(CliOutputTest, EventsSinceListsTheLaterIncidentsUnderTheirIds) {
  const std::string db = "--db " + Demo("corroborate.db") + " ";
  Outcome all = Corroborate(db + "events");
  ASSERT_EQ(all.exit_code, 0) << all.err;
  ASSERT_EQ(Lines(all.out), 5) << all.out;
  Outcome later = Corroborate(db + "events --since 2014-12-24");
  ASSERT_EQ(later.exit_code, 0) << later.err;
  ASSERT_EQ(Lines(later.out), 2) << later.out;
  const std::string last = all.out.substr(all.out.rfind('\n', all.out.size() - 2) + 1);
  EXPECT_EQ(later.out.substr(later.out.find('\n') + 1), last);
  EXPECT_EQ(last.rfind("4 ", 0), 0u) << last;
  Outcome bad = Corroborate(db + "events --since yesterday");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--since yesterday"), std::string::npos) << bad.err;
}

}  // namespace
