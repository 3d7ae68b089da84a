#include "store/extractions.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "store/documents.h"
#include "tests/store/fixture.h"

namespace corroborate::store {
namespace {

class ExtractionsTest : public StoreTest {};

TEST_F(ExtractionsTest, ExtractionReplacesPerDocument) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  Document doc;
  doc.url = "https://example.org/a";
  doc.canonical_url = doc.url;
  doc.text = "North Korea was down for 9 hours.";
  doc.content_hash = "abc";
  auto ins = Documents(*db).InsertDocuments({doc});
  ASSERT_TRUE(ins) << ins.error().message;
  std::int64_t id = ins->ids[0];

  Extractions x(*db);
  auto pending = x.Pending(1);
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
  c.stance = Stance::kDenies;
  c.about_this_event = false;
  c.attribution.source_begin = 3;
  c.attribution.source_end = 8;
  c.attribution.cue_begin = 9;
  c.attribution.cue_end = 13;
  Timex t;
  t.text = "9 hours";
  t.type = TimexType::kDuration;
  t.value = "PT9H";
  t.duration = 32400;
  ASSERT_TRUE(x.Save({{id, {t}, {c, c}}}, 1, 100));
  EXPECT_EQ(*x.CountClaims(), 2);
  ASSERT_TRUE(x.Save({{id, {t}, {c}}}, 2, 101));  // re-extraction replaces
  auto claims = x.ListClaims();
  ASSERT_TRUE(claims);
  ASSERT_EQ(claims->size(), 1u);
  const Claim& back = (*claims)[0].claim;
  EXPECT_EQ(back.type, ClaimType::kOutageDuration);
  EXPECT_EQ(back.duration_seconds, 32400);
  EXPECT_EQ(back.attribution.via, std::vector<std::string>{"ABC News"});
  ASSERT_EQ(back.mentions.size(), 1u);
  EXPECT_EQ(back.mentions[0].id, "country:KP");
  ASSERT_TRUE(back.time);
  EXPECT_EQ(back.stance, Stance::kDenies);
  EXPECT_FALSE(back.about_this_event);
  EXPECT_EQ(back.attribution.source_begin, 3u);
  EXPECT_EQ(back.attribution.source_end, 8u);
  EXPECT_EQ(back.attribution.cue_begin, 9u);
  EXPECT_EQ(back.attribution.cue_end, 13u);
  EXPECT_EQ(back.time->granularity, Granularity::kDay);
  EXPECT_TRUE(x.Pending(2)->empty());
  EXPECT_EQ(x.Pending(3)->size(), 1u);
  auto timexes = x.ListTimexes(id);
  ASSERT_TRUE(timexes);
  ASSERT_EQ(timexes->size(), 1u);
  EXPECT_EQ((*timexes)[0].value, "PT9H");
}

}  // namespace
}  // namespace corroborate::store
