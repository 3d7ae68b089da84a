// The CLI as people use it (issue 21, items 5 and 6): commands that only
// read leave no database behind, every --help shows an example, one
// --format flag, and `claims`.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/cli_dir.h"

namespace corroborate {
namespace {

using test::CliDir;
using test::Has;

// Every command that only reads what is stored (or needs something stored
// to act on), as typed after `corroborate --db test.db`.
const std::vector<std::string> kReadingCommands = {
    "events",
    "rank",
    "timeline",
    "check",
    "brief --out briefdir",
    "search outage",
    "sources list",
    "sources remove https://example.org/feed",
    "measure windows",
    "reextract",
    "claims",
};

TEST(CliReadOnlyTest, AMissingDatabaseIsNamedAndNotCreated) {
  CliDir dir;
  for (const std::string& command : kReadingCommands) {
    auto r = dir.Run(command);
    EXPECT_EQ(r.exit_code, 1) << command << ": " << r.err;
    EXPECT_EQ(r.err,
              "corroborate: error: test.db: no such database (store something first: "
              "ingest, fetch, measure import, sources add; or name another with --db)\n")
        << command;
    EXPECT_EQ(r.out, "") << command;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "test.db")) << command;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "test.db-wal")) << command;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "briefdir")) << command;
  }
}

TEST(CliReadOnlyTest, AnExistingDatabaseIsRead) {
  CliDir dir;
  ASSERT_EQ(dir.Run("sources add https://example.org/feed").exit_code, 0);
  auto r = dir.Run("sources list");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "https://example.org/feed")) << r.out;
  r = dir.Run("search outage");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// `ingest` refuses measurement files, naming `measure import`, and stores
// the documents named beside them.
TEST(CliIngestTest, MeasurementFilesAreRefusedWithAHint) {
  CliDir dir;
  const std::string src = CORROBORATE_SOURCE_DIR;
  const std::string data = src + "/tests/data/measure_fetch/";
  ASSERT_EQ(dir.Run("measure synthesize-mrt " + src +
                    "/examples/nk-2014/routing-scenario.json -o updates.mrt")
                .exit_code,
            0);
  ASSERT_EQ(dir.Run("measure synthesize-mrt " + src +
                    "/examples/nk-2014/routing-scenario.json -o updates.gz")
                .exit_code,
            0);
  dir.Write("note.txt", "The network of Freedonia was down on Tuesday.\n");
  const struct {
    std::string file, kind;
  } cases[] = {{src + "/examples/nk-2014/windows.csv", "CSV windows"},
               {data + "ioda_signals_kp.json", "IODA JSON"},
               {data + "ioda_events_codf_page0.json", "IODA JSON"},
               {data + "radar_outages_page0.json", "Cloudflare Radar JSON"},
               {"updates.mrt", "MRT"},
               {"updates.gz", "MRT"}};
  for (const auto& k : cases) {
    auto r = dir.Run("ingest note.txt " + k.file);
    EXPECT_EQ(r.exit_code, 1) << k.file;
    EXPECT_EQ(r.err, "corroborate: error: " + k.file + ": a measurement file (" + k.kind +
                         "), not a document: import it with `corroborate measure import`\n"
                         "corroborate: error: ingest: 1 of 2 files could not be ingested\n")
        << k.file;
  }
  // The text beside them was stored once.
  auto r = dir.Run("search Freedonia");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::Lines(r.out), 2) << r.out;  // one hit: its line and its snippet
}

// A valid feed with no items is not a failure: a warning, exit 0.
TEST(CliIngestTest, AnEmptyFeedIsNoError) {
  CliDir dir;
  dir.Write("quiet.xml",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Quiet</title>"
            "<link>https://example.org/</link></channel></rss>");
  auto r = dir.Run("ingest quiet.xml");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "corroborate: warning: quiet.xml: the feed has no entries; nothing to store\n");
  EXPECT_EQ(r.out, "nothing to store\n");
}

}  // namespace
}  // namespace corroborate
