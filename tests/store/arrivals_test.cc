#include "store/arrivals.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "store/documents.h"
#include "store/extractions.h"
#include "store/measurements.h"
#include "tests/store/fixture.h"

namespace corroborate::store {
namespace {

class ArrivalsTest : public StoreTest {};

OutageWindow Window(Instant start) {
  OutageWindow w;
  w.entity = "country:KP";
  w.kind = WindowKind::kOutage;
  w.start = start;
  w.end = start + 3600;
  w.source = "corroborate";
  w.signal = "bgp";
  return w;
}

// Detection replaces an entity's windows, and SQLite gives the new rows the
// ids the deleted ones had; the log still tells them apart as new.
TEST_F(ArrivalsTest, RowsStoredAfterTheMarkAreNewEvenWithReusedIds) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  Arrivals arrivals(*db);
  EXPECT_EQ(*arrivals.Latest(), 0);
  Measurements m(*db);
  ASSERT_TRUE(m.SaveDetected("country:KP", {}, {Window(1000), Window(9000)}, 1));
  auto first = m.ListWindows();
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 2u);
  auto mark = arrivals.Latest();
  ASSERT_TRUE(mark);
  EXPECT_EQ(*mark, 2);
  auto none = arrivals.Since(*mark);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->window_ids.empty());
  EXPECT_EQ(none->last, *mark);

  ASSERT_TRUE(m.SaveDetected("country:KP", {}, {Window(1000), Window(20000)}, 2));
  auto again = m.ListWindows();
  ASSERT_TRUE(again);
  ASSERT_EQ(again->size(), 2u);
  EXPECT_EQ((*again)[0].id, (*first)[0].id);  // the id was reused
  auto since = arrivals.Since(*mark);
  ASSERT_TRUE(since);
  EXPECT_EQ(since->window_ids, (std::vector<std::int64_t>{(*again)[0].id, (*again)[1].id}));
  EXPECT_EQ(since->last, 4);

  // A claim, then its document re-extracted: only the claim stored now counts.
  Document doc = KeyedDoc("arrivals", 1);
  auto ins = Documents(*db).InsertDocuments({doc});
  ASSERT_TRUE(ins);
  Claim c;
  c.type = ClaimType::kOutageState;
  c.sentence = "Down.";
  c.certainty = 1;
  Extractions x(*db);
  ASSERT_TRUE(x.Save({{ins->ids[0], {}, {c}}}, 1, 3));
  ASSERT_TRUE(x.Save({{ins->ids[0], {}, {c}}}, 2, 4));
  auto claims = x.ListClaims();
  ASSERT_TRUE(claims);
  ASSERT_EQ(claims->size(), 1u);
  auto after = arrivals.Since(since->last);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->claim_ids, std::vector<std::int64_t>{(*claims)[0].id});
  EXPECT_TRUE(after->window_ids.empty());
  EXPECT_EQ(after->last, 6);
  EXPECT_EQ(*arrivals.Latest(), 6);
}

}  // namespace
}  // namespace corroborate::store
