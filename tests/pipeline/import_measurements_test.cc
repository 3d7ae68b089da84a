// Measurement import and detection as use cases, on an in-memory database.
#include "pipeline/import_measurements.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace corroborate::pipeline {
namespace {

const std::string kExample = std::string(CORROBORATE_SOURCE_DIR) + "/examples/nk-2014/";

class ImportMeasurementsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenInMemoryDatabase();
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
  }
  Result<MeasurementImport> Import(const std::vector<std::string>& files,
                                   const MeasurementSettings& settings, Notices& notices) {
    return ImportMeasurements(*db_, files, settings, clock_,
                              [&](const Notice& n) { notices.push_back(n); });
  }
  DatabaseHandle db_;
  FixedClock clock_{1'700'000'000};
};

TEST_F(ImportMeasurementsTest, ImportsTheExampleWindowsOnceAndNamesAMissingFile) {
  Notices notices;
  auto r = Import({kExample + "windows.csv", kExample + "no-such.csv"}, {}, notices);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->failed, 1);
  EXPECT_GT(r->windows_added, 0);
  EXPECT_FALSE(r->mrt);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].error.message.find("no-such.csv: cannot open"), std::string::npos);
  Notices again;
  auto second = Import({kExample + "windows.csv"}, {}, again);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->windows_added, 0);
  EXPECT_EQ(second->unchanged, r->windows_added);
  auto windows = DetectStoredWindows(*db_, "country:KP", clock_);
  ASSERT_TRUE(windows) << windows.error().message;
  EXPECT_FALSE(windows->empty());
  for (const OutageWindow& w : *windows) EXPECT_EQ(w.entity, "country:KP");
}

TEST_F(ImportMeasurementsTest, MrtWithoutATargetIsAUsageError) {
  MeasurementSettings settings;
  settings.format = ingest::MeasureFormat::kMrt;
  Notices notices;
  auto r = Import({kExample + "windows.csv"}, settings, notices);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("MRT needs --target"), std::string::npos);
}

}  // namespace
}  // namespace corroborate::pipeline
