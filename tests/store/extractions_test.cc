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

// A claim dated `from`..`to` (undated when both are 0) in a sentence of its own.
Claim DatedClaim(Instant from, Instant to) {
  Claim c;
  c.type = ClaimType::kOutageState;
  c.sentence = "The network was down.";
  c.certainty = 0.9;
  if (from || to) {
    c.time = Interval{from, to, Granularity::kMinute};
    c.time_text = "then";
  }
  return c;
}

// ClaimsNear returns every claim of a document published in a range or
// with a claim whose stated time overlaps one, and nothing else: a time
// without time_text, an interval ending just before, a publication just
// after do not count.
TEST_F(ExtractionsTest, ClaimsNearFindsDocumentsByPublicationAndByStatedTime) {
  auto db = OpenOrDie();
  ASSERT_TRUE(db);
  constexpr Instant kT = 1'419'264'000;  // the range is [kT, kT + kDay]
  std::vector<Document> docs;
  for (int i = 0; i < 6; ++i) docs.push_back(KeyedDoc("near", i));
  docs[0].published = kT;               // in: published at the start
  docs[1].published = kT + kDay + 1;    // out: a second after the end
  docs[2].published = kT - 30 * kDay;   // in: its second claim is dated within
  docs[3].published = kT - 30 * kDay;   // out: dated without time_text
  docs[4].published = kT + 300 * kDay;  // in: a month-long time that overlaps
  docs[5].published = std::nullopt;     // out: no publication, a time ending before
  docs.push_back(KeyedDoc("near", 6));  // in: a copy of the first
  docs[6].content_hash = docs[0].content_hash;
  docs[6].published = kT + 5;
  auto ins = Documents(*db).InsertDocuments(docs);
  ASSERT_TRUE(ins) << ins.error().message;
  Claim untimed = DatedClaim(0, 0);
  Claim undated_text = DatedClaim(kT, kT + kHour);
  undated_text.time_text.clear();
  std::vector<DocumentExtraction> batch = {
      {ins->ids[0], {}, {untimed, untimed}},
      {ins->ids[1], {}, {untimed}},
      {ins->ids[2], {}, {untimed, DatedClaim(kT + kHour, kT + 2 * kHour)}},
      {ins->ids[3], {}, {undated_text}},
      {ins->ids[4], {}, {DatedClaim(kT - 20 * kDay, kT + 10 * kDay)}},
      {ins->ids[5], {}, {DatedClaim(kT - 2 * kDay, kT - 1)}},
      {ins->ids[6], {}, {untimed}},
  };
  Extractions x(*db);
  ASSERT_TRUE(x.Save(batch, 1, kT));
  auto near = x.ClaimsNear({Interval{kT, kT + kDay, Granularity::kSecond}});
  ASSERT_TRUE(near) << near.error().message;
  std::vector<std::int64_t> documents;
  for (const StoredClaim& c : *near) documents.push_back(c.document_id);
  EXPECT_EQ(documents, (std::vector<std::int64_t>{ins->ids[0], ins->ids[0], ins->ids[2],
                                                  ins->ids[2], ins->ids[4], ins->ids[6]}));
  // Each claim carries its document's publication and whether it is a copy.
  EXPECT_EQ((*near)[0].published, kT);
  EXPECT_FALSE((*near)[0].duplicate);
  EXPECT_EQ((*near)[5].published, kT + 5);
  EXPECT_TRUE((*near)[5].duplicate);
  for (size_t i = 1; i < near->size(); ++i) EXPECT_LT((*near)[i - 1].id, (*near)[i].id);
  // The same claims, whole, as ListClaims gives them.
  auto listed = x.ListClaims(ins->ids[2]);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*near)[3].id, (*listed)[1].id);
  EXPECT_EQ((*near)[3].claim.time->start, kT + kHour);
  EXPECT_EQ((*near)[3].claim.time_text, "then");
  // Re-extraction replaces a document's dated claims in the index too.
  ASSERT_TRUE(x.Save({{ins->ids[2], {}, {untimed}}}, 2, kT));
  near = x.ClaimsNear({Interval{kT, kT + kDay, Granularity::kSecond}});
  ASSERT_TRUE(near);
  EXPECT_EQ(near->size(), 4u);
  EXPECT_TRUE(x.ClaimsNear({})->empty());
  auto by_id = x.ClaimsById({(*near)[2].id, 999, (*near)[0].id});
  ASSERT_TRUE(by_id);
  ASSERT_EQ(by_id->size(), 2u);
  EXPECT_EQ((*by_id)[0].id, (*near)[0].id);
}

}  // namespace
}  // namespace corroborate::store
