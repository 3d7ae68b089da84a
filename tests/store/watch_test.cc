#include "store/watch.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace corroborate::store {
namespace {

Alert LeaderChanged(std::string previous, std::string state) {
  Alert a;
  a.kind = AlertKind::kLeaderChanged;
  a.entity = "country:KP";
  a.subject = "incident:country:KP@1419264900";
  a.previous = std::move(previous);
  a.state = std::move(state);
  a.summary = "leading explanation changed";
  a.time = 1419300000;
  return a;
}

TEST(WatchRecordsTest, AnAlertIsRecordedOnceByItsKey) {
  auto db = Database::OpenInMemory();
  ASSERT_TRUE(db) << db.error().message;
  WatchRecords records(**db);
  auto first = records.RecordAlert(LeaderChanged("cable_cut", "cyberattack"), 100);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(*first);
  // The same finding on a later cycle, with another summary and time: not new.
  Alert again = LeaderChanged("cable_cut", "cyberattack");
  again.summary = "other words";
  again.time = 1419400000;
  EXPECT_FALSE(*records.RecordAlert(again, 200));
  // A change back is another alert.
  EXPECT_TRUE(*records.RecordAlert(LeaderChanged("cyberattack", "cable_cut"), 300));
  auto all = records.ListAlerts();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].alert.summary, "leading explanation changed");
  EXPECT_EQ((*all)[0].alert.kind, AlertKind::kLeaderChanged);
  EXPECT_EQ((*all)[0].recorded, 100);
  EXPECT_EQ((*all)[1].alert.previous, "cyberattack");
  EXPECT_EQ(records.ListAlerts(250)->size(), 1u);
}

TEST(WatchRecordsTest, UndeliveredUntilMarked) {
  auto db = Database::OpenInMemory();
  ASSERT_TRUE(db);
  WatchRecords records(**db);
  const Alert a = LeaderChanged("", "cyberattack");
  ASSERT_TRUE(*records.RecordAlert(a, 100));
  ASSERT_EQ(records.Undelivered()->size(), 1u);
  ASSERT_TRUE(records.MarkDelivered(AlertKey(a), "ok"));
  EXPECT_TRUE(records.Undelivered()->empty());
  EXPECT_EQ(records.ListAlerts()->front().delivery, "ok");
  EXPECT_FALSE(records.MarkDelivered("no-such-key", "ok"));
}

TEST(WatchRecordsTest, StatesAndPagesSurviveReopening) {
  const auto path =
      std::filesystem::temp_directory_path() / ("watch_test_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    auto db = Database::Open(path.string());
    ASSERT_TRUE(db) << db.error().message;
    WatchRecords records(**db);
    EXPECT_EQ(*records.State("leader|x"), std::nullopt);
    ASSERT_TRUE(records.SetState("leader|x", "cable_cut", 10));
    ASSERT_TRUE(records.SetState("leader|x", "cyberattack", 20));
    ASSERT_TRUE(records.SavePage("https://news.example/a", PageRecord{"\"e1\"", "", 30}));
    ASSERT_TRUE(*records.RecordAlert(LeaderChanged("cable_cut", "cyberattack"), 20));
  }
  {
    auto db = Database::Open(path.string());
    ASSERT_TRUE(db) << db.error().message;
    WatchRecords records(**db);
    EXPECT_EQ(*records.State("leader|x"), "cyberattack");
    auto pages = records.Pages({"https://news.example/a", "https://news.example/b"});
    ASSERT_TRUE(pages);
    ASSERT_EQ(pages->size(), 1u);
    EXPECT_EQ(pages->at("https://news.example/a").etag, "\"e1\"");
    EXPECT_FALSE(*records.RecordAlert(LeaderChanged("cable_cut", "cyberattack"),
                                      40));  // sent before the restart
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

TEST(WatchRecordsTest, StatesListsTopicsByPrefixTakingPercentLiterally) {
  auto db = Database::OpenInMemory();
  ASSERT_TRUE(db) << db.error().message;
  WatchRecords records(**db);
  ASSERT_TRUE(records.SetState("incident|country:KP@1", "a", 1));
  ASSERT_TRUE(records.SetState("incident|country:KP@2", "b", 1));
  ASSERT_TRUE(records.SetState("incident|country:SY@1", "c", 1));
  ASSERT_TRUE(records.SetState("incident%country:KPX", "d", 1));
  ASSERT_TRUE(records.SetState("leader|country:KP@1", "e", 1));
  auto kp = records.States("incident|country:KP");
  ASSERT_TRUE(kp);
  ASSERT_EQ(kp->size(), 2u);
  EXPECT_EQ(kp->at("incident|country:KP@2"), "b");
  auto percent = records.States("incident%");
  ASSERT_TRUE(percent);
  EXPECT_EQ(percent->size(), 1u);  // '%' is no wildcard
  EXPECT_TRUE(records.States("none|")->empty());
}

}  // namespace
}  // namespace corroborate::store
