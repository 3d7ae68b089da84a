// Ingest as a use case, on a temporary folder of files and an in-memory
// database at a fixed time.
#include "pipeline/ingest_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace corroborate::pipeline {
namespace {

namespace fs = std::filesystem;

class IngestFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("corroborate-pipeline-ingest-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto opened = OpenInMemoryDatabase();
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return (dir_ / name).string();
  }

  Result<IngestResult> Ingest(const std::vector<std::string>& files, Notices& notices) {
    return IngestFiles(*db_, files, settings_, clock_,
                       [&](const Notice& n) { notices.push_back(n); });
  }

  fs::path dir_;
  DatabaseHandle db_;
  FixedClock clock_{1'419'264'000};
  IngestSettings settings_;
};

TEST_F(IngestFilesTest, StoresWhatParsesAndNamesWhatDoesNot) {
  const std::string text =
      Write("offline.txt",
            "North Korea offline\n\nNorth Korea's Internet went down at 16:15 UTC on "
            "Monday, December 22, 2014.\n");
  const std::string page =
      Write("page.html",
            "<html><head><title>Back online</title></head><body><article><p>North "
            "Korea's Internet came back at 01:46 UTC on December 23, 2014, after an "
            "outage that lasted 9 hours and 31 minutes.</p></article></body></html>");
  const std::string wide = Write("wide.txt", std::string("\xFF\xFE"
                                                         "a\0b\0",
                                                         6));
  Notices notices;
  auto r = Ingest({text, wide, page}, notices);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->files, 3u);
  EXPECT_EQ(r->failed, 1);
  EXPECT_EQ(r->first_code, ErrorCode::kParse);
  EXPECT_EQ(r->stored.added, 2);
  ASSERT_TRUE(r->extracted) << r->extracted.error().message;
  EXPECT_EQ(r->extracted->documents, 2);
  EXPECT_GT(r->extracted->claims, 0);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].level, Notice::Level::kError);
  EXPECT_TRUE(notices[0].error.message.starts_with(wide + ": UTF-16LE text"))
      << notices[0].error.message;

  // The same files again: nothing new, nothing extracted.
  Notices again;
  auto second = Ingest({text, page}, again);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->stored.added, 0);
  EXPECT_EQ(second->stored.unchanged, 2);
  EXPECT_EQ(second->extracted->documents, 0);
}

TEST_F(IngestFilesTest, ASidecarStatesTheFilesFactsAndIsNotIngestedItself) {
  const std::string text = Write("note.txt", "First line\nNorth Korea was offline on Monday.\n");
  const std::string sidecar = Write(
      "note.txt.json",
      R"({"title": "Sidecar title", "url": "https://example.org/note", "published": "2014-12-22"})");
  Notices notices;
  auto r = Ingest({text, sidecar}, notices);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->files, 1u);
  EXPECT_EQ(r->documents, 1u);
  EXPECT_EQ(r->stored.added, 1);
  EXPECT_TRUE(notices.empty());
}

TEST_F(IngestFilesTest, ASidecarStatesItsDatePrecision) {
  // A blog post dated only "August 2020": the sidecar spells out a day and
  // time but says only the month is known (extract's DocumentExtract tests
  // what a month-precise document's claims get).
  const std::string text =
      Write("post.txt", "Major outage\nThe Internet was down across the region.\n");
  const std::string sidecar = Write(
      "post.txt.json",
      R"({"published": "2020-08-31T23:59:00-04:00", "date_precision": "month", "kind": "post"})");
  Notices notices;
  auto r = Ingest({text, sidecar}, notices);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->stored.added, 1);
  EXPECT_TRUE(notices.empty());

  const std::string odd = Write("odd.txt", "Another line\n");
  Write("odd.txt.json", R"({"published": "2020-08-31", "date_precision": "fortnight"})");
  Notices bad;
  auto refused = Ingest({odd}, bad);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->failed, 1);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_NE(bad[0].error.message.find("odd.txt.json: date_precision \"fortnight\""),
            std::string::npos)
      << bad[0].error.message;
}

TEST_F(IngestFilesTest, NothingParsedStoresNothing) {
  Notices notices;
  auto r = Ingest({(dir_ / "missing.txt").string()}, notices);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->failed, 1);
  EXPECT_EQ(r->first_code, ErrorCode::kNotFound);
  EXPECT_EQ(r->documents, 0u);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].error.message.find("missing.txt: cannot open"), std::string::npos);
}

TEST(ParsePublishedTimeTest, ATimeOfDayNeedsAnOffset) {
  EXPECT_TRUE(ParsePublishedTime("2014-12-22", "--published"));
  EXPECT_TRUE(ParsePublishedTime("2014-12-22T21:00-05:00", "--published"));
  auto bare = ParsePublishedTime("2014-12-22T21:00", "--published");
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(
      bare.error().message.starts_with("--published \"2014-12-22T21:00\": a time of day needs"));
}

}  // namespace
}  // namespace corroborate::pipeline
