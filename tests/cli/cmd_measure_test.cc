// End-to-end: `corroborate measure import` reports what it stored (issue 17:
// an MRT import said "stored 0 series" after storing 6).
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cli_dir.h"

namespace corroborate::test {
namespace {

int Count(const CliDir& dir, const std::string& table) {
  SQLite::Database db(dir.db());
  return db.execAndGet("SELECT count(*) FROM " + table).getInt();
}

TEST(CmdMeasureTest, MrtImportReportsTheSeriesAndWindowsItStored) {
  CliDir dir;
  CliOutcome made = dir.Run(std::string("measure synthesize-mrt ") + CORROBORATE_SOURCE_DIR +
                            "/examples/nk-2014/routing-scenario.json -o synthetic.mrt.gz");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  CliOutcome first = dir.Run("measure import --target country:KP=asn:131279 synthetic.mrt.gz");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const int series = Count(dir, "series"), windows = Count(dir, "windows");
  ASSERT_GT(series, 0);
  ASSERT_GT(windows, 0);
  EXPECT_TRUE(Has(first.out, "; " + std::to_string(windows) + " windows detected\n")) << first.out;
  EXPECT_TRUE(Has(first.out, "stored " + std::to_string(series) + " series and " +
                                 std::to_string(windows) + " windows (0 already present)\n"))
      << first.out;
  // Again: the series are there; the detected windows are replaced.
  CliOutcome second = dir.Run("measure import --target country:KP=asn:131279 synthetic.mrt.gz");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(Count(dir, "series"), series);
  EXPECT_EQ(Count(dir, "windows"), windows);
  EXPECT_TRUE(Has(second.out, "stored 0 series and " + std::to_string(windows) + " windows (" +
                                  std::to_string(series) + " already present, " +
                                  std::to_string(windows) + " detected windows replaced)\n"))
      << second.out;
}

TEST(CmdMeasureTest, CsvImportCountsWhatIsNew) {
  CliDir dir;
  dir.Write("w.csv",
            "entity,start,end,source,signal,severity\n"
            "country:KP,2014-12-22T16:15:00Z,2014-12-23T01:46:00Z,dyn,bgp,critical\n"
            "country:KP,2014-12-27T10:30:00Z,2014-12-27T12:30:00Z,xinhua,report,major\n");
  CliOutcome first = dir.Run("measure import w.csv");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(Has(first.out, "stored 0 series and 2 windows (0 already present)\n")) << first.out;
  CliOutcome second = dir.Run("measure import w.csv");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE(Has(second.out, "stored 0 series and 0 windows (2 already present)\n")) << second.out;
  EXPECT_EQ(Count(dir, "windows"), 2);
}

}  // namespace
}  // namespace corroborate::test
