// The CLI as people type it (issue 21, item 6): a mistyped command named
// with a suggestion, --version at the top level, global options after the
// subcommand.
#include <gtest/gtest.h>

#include "cli/suggest.h"
#include "tests/support/cli_dir.h"

namespace corroborate::cli {
namespace {

using test::CliDir;
using test::Has;

TEST(SuggestTest, EditDistanceCountsTranspositionsOnce) {
  EXPECT_EQ(EditDistance("fetch", "fetch"), 0u);
  EXPECT_EQ(EditDistance("fecth", "fetch"), 1u);  // swapped letters
  EXPECT_EQ(EditDistance("serch", "search"), 1u);
  EXPECT_EQ(EditDistance("FETCH", "fetch"), 0u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

TEST(SuggestTest, NearestNameOnlyWhenClose) {
  const std::vector<std::string> names{"fetch", "search", "sources", "ingest", "rank", "brief"};
  EXPECT_EQ(NearestName("fecth", names), "fetch");
  EXPECT_EQ(NearestName("sourcs", names), "sources");
  EXPECT_EQ(NearestName("rnak", names), "rank");
  EXPECT_EQ(NearestName("ing", names), "ingest");  // a prefix
  EXPECT_EQ(NearestName("frobnicate", names), std::nullopt);
  EXPECT_EQ(NearestName("xy", names), std::nullopt);
  EXPECT_EQ(NearestName("", names), std::nullopt);
}

TEST(SuggestTest, FirstCommandWordSkipsOptionsAndTheirValues) {
  const std::vector<std::string> with_value{"--db", "-j"};
  EXPECT_EQ(FirstCommandWord({"--db", "x.db", "-q", "fetch"}, with_value), 3u);
  EXPECT_EQ(FirstCommandWord({"-j", "2", "ingest", "a.xml"}, with_value), 2u);
  EXPECT_EQ(FirstCommandWord({"--db=x.db", "search"}, with_value), 1u);
  EXPECT_EQ(FirstCommandWord({"--help"}, with_value), 1u);
  EXPECT_EQ(FirstCommandWord({"sources", "add", "u"}, with_value, 1), 1u);
}

TEST(CliUsageTest, AMistypedCommandIsNamedWithASuggestion) {
  CliDir dir;
  auto r = dir.Run("fecth");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "unknown command 'fecth'; did you mean 'fetch'?")) << r.err;
  EXPECT_EQ(test::Lines(r.err), 1) << r.err;

  r = dir.Run("sources lsit");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "unknown command 'sources lsit'; did you mean 'list'?")) << r.err;

  r = dir.Run("frobnicate");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "see corroborate --help")) << r.err;
  // No database was created by a command that never ran.
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "test.db"));
}

TEST(CliUsageTest, VersionAtTheTopLevel) {
  CliDir dir;
  auto r = dir.Run("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.out.starts_with("corroborate 0.1.0")) << r.out;
}

TEST(CliUsageTest, GlobalOptionsMayFollowTheSubcommand) {
  CliDir dir;
  dir.Write("a.txt", "Freedonia's network went offline on Monday, the ministry said.\n");
  auto r = dir.Run("ingest -j 1 -q a.txt");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = dir.Run("search offline -q --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "\"title\"")) << r.out;
}

}  // namespace
}  // namespace corroborate::cli
