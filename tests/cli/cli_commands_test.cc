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

}  // namespace
}  // namespace corroborate
