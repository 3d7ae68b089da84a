#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "store/extractions.h"
#include "store/measurements.h"
#include "store/store.h"

namespace corroborate::store {
namespace {

class AnalysisReposTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("corroborate-analysis-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  std::string path_;
};

OutageWindow Window(std::string entity, Instant start, Instant end, std::string source) {
  OutageWindow w;
  w.entity = std::move(entity);
  w.start = start;
  w.end = end;
  w.source = std::move(source);
  w.signal = "bgp";
  return w;
}

TEST_F(AnalysisReposTest, ImportIsIdempotentAndDetectedWindowsAreReplaced) {
  auto m = Measurements::Open(path_);
  ASSERT_TRUE(m) << m.error().message;
  Series s;
  s.entity = "country:KP";
  s.datasource = "bgp";
  s.start = 1000;
  s.step = 300;
  s.values = {4, kMissing, 0};
  s.provenance = "a.json";
  std::vector<OutageWindow> w = {Window("country:KP", 100, 200, "csv"), Window("asn:131279", 100, 200, "csv")};
  auto first = (*m)->SaveImport({s}, w, 5);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->series_added, 1);
  EXPECT_EQ(first->windows_added, 2);
  auto again = (*m)->SaveImport({s}, w, 6);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->series_added, 0);
  EXPECT_EQ(again->windows_added, 0);
  EXPECT_EQ(again->unchanged, 3);

  auto series = (*m)->ListSeries("country:KP");
  ASSERT_TRUE(series);
  ASSERT_EQ(series->size(), 1u);
  EXPECT_EQ((*series)[0].values[0], 4);
  EXPECT_TRUE(std::isnan((*series)[0].values[1]));

  OutageWindow d = Window("country:KP", 300, 400, "corroborate");
  d.evidence = R"({"x":1})";
  auto detected = (*m)->SaveDetected("country:KP", {s}, {d}, 7);
  ASSERT_TRUE(detected);
  EXPECT_EQ(detected->series_added, 0);  // stored by the import above
  EXPECT_EQ(detected->windows_added, 1);
  EXPECT_EQ(detected->unchanged, 1);
  d.start = 310;
  auto replaced = (*m)->SaveDetected("country:KP", {}, {d}, 8);
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->replaced, 1);
  EXPECT_EQ(replaced->windows_added, 1);
  auto kp = (*m)->ListWindows(WindowFilter{"country:KP", std::nullopt, std::nullopt, std::nullopt});
  ASSERT_TRUE(kp);
  ASSERT_EQ(kp->size(), 2u);  // the imported one and the new detected one
  EXPECT_EQ((*kp)[1].start, 310);
  EXPECT_EQ((*kp)[1].evidence, R"({"x":1})");
  auto entities = (*m)->Entities();
  ASSERT_TRUE(entities);
  EXPECT_EQ(*entities, (std::vector<std::string>{"asn:131279", "country:KP"}));
}

TEST_F(AnalysisReposTest, BadWindowRollsBackTheWholeImport) {
  auto m = Measurements::Open(path_);
  ASSERT_TRUE(m);
  std::vector<OutageWindow> w = {Window("country:KP", 100, 200, "csv"), Window("country:KP", 300, 200, "csv")};
  EXPECT_FALSE((*m)->SaveImport({}, w, 5));  // end < start violates the CHECK
  auto all = (*m)->ListWindows();
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->empty());
}

TEST_F(AnalysisReposTest, ExtractionReplacesPerDocument) {
  auto store = Store::Open(path_);
  ASSERT_TRUE(store);
  Document doc;
  doc.url = "https://example.org/a";
  doc.canonical_url = doc.url;
  doc.text = "North Korea was down for 9 hours.";
  doc.content_hash = "abc";
  auto ins = (*store)->InsertDocuments({doc});
  ASSERT_TRUE(ins) << ins.error().message;
  std::int64_t id = ins->ids[0];

  auto x = Extractions::Open(path_);
  ASSERT_TRUE(x) << x.error().message;
  auto pending = (*x)->Pending(1);
  ASSERT_TRUE(pending);
  EXPECT_EQ(*pending, std::vector<std::int64_t>{id});

  Claim c;
  c.type = ClaimType::kOutageDuration;
  c.sentence = doc.text;
  c.subject = "country:KP";
  c.duration_seconds = 32400;
  c.certainty = 0.9;
  c.attribution.via = {"ABC News"};
  c.cues = {"down"};
  c.mentions.push_back(Mention{EntityKind::kCountry, "country:KP", "North Korea", 0, 11});
  c.time = Interval{10, 20, Granularity::kDay};
  Timex t;
  t.text = "9 hours";
  t.type = TimexType::kDuration;
  t.value = "PT9H";
  t.duration = 32400;
  ASSERT_TRUE((*x)->Save({{id, {t}, {c, c}}}, 1, 100));
  EXPECT_EQ(*(*x)->CountClaims(), 2);
  ASSERT_TRUE((*x)->Save({{id, {t}, {c}}}, 2, 101));  // re-extraction replaces
  auto claims = (*x)->ListClaims();
  ASSERT_TRUE(claims);
  ASSERT_EQ(claims->size(), 1u);
  const Claim& back = (*claims)[0].claim;
  EXPECT_EQ(back.type, ClaimType::kOutageDuration);
  EXPECT_EQ(back.duration_seconds, 32400);
  EXPECT_EQ(back.attribution.via, std::vector<std::string>{"ABC News"});
  ASSERT_EQ(back.mentions.size(), 1u);
  EXPECT_EQ(back.mentions[0].id, "country:KP");
  ASSERT_TRUE(back.time);
  EXPECT_EQ(back.time->granularity, Granularity::kDay);
  EXPECT_TRUE((*x)->Pending(2)->empty());
  EXPECT_EQ((*x)->Pending(3)->size(), 1u);
  auto timexes = (*x)->ListTimexes(id);
  ASSERT_TRUE(timexes);
  ASSERT_EQ(timexes->size(), 1u);
  EXPECT_EQ((*timexes)[0].value, "PT9H");
}

}  // namespace
}  // namespace corroborate::store
