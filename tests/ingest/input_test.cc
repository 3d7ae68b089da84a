// ingest/input.h: which files are measurements for `measure import` rather
// than documents (issue 21, item 6).
#include "ingest/input.h"

#include <gtest/gtest.h>

#include <string>

namespace corroborate::ingest {
namespace {

using namespace std::string_literals;

TEST(MeasurementFileKindTest, NamesEachMeasurementFormat) {
  EXPECT_STREQ(MeasurementFileKind("\x1f\x8b\x08\x00rest"s), "MRT");
  EXPECT_STREQ(MeasurementFileKind("BZh91AY&SY"), "MRT");
  // An MRT record header: time 2014-12-22, type 16 (BGP4MP), subtype 4.
  EXPECT_STREQ(MeasurementFileKind("\x54\x97\x5f\x00\x00\x10\x00\x04\x00\x00\x00\x20"s), "MRT");
  EXPECT_STREQ(MeasurementFileKind("# windows\n\nentity,start,end,source,signal,severity\n"),
               "CSV windows");
  EXPECT_STREQ(MeasurementFileKind(" Start , END,Entity\n"), "CSV windows");
  EXPECT_STREQ(MeasurementFileKind(R"({"type":"signals","requestParameters":{}})"), "IODA JSON");
  EXPECT_STREQ(
      MeasurementFileKind(R"([[{"entityType":"country","entityCode":"KP","datasource":"bgp"}]])"),
      "IODA JSON");
  EXPECT_STREQ(MeasurementFileKind(R"({"success":true,"result":{"annotations":[]}})"),
               "Cloudflare Radar JSON");
}

TEST(MeasurementFileKindTest, DocumentsAreNotMeasurements) {
  EXPECT_EQ(MeasurementFileKind("The network went down at 14:10, the entity said.\n"), nullptr);
  EXPECT_EQ(MeasurementFileKind("entity,start\nx,y\n"), nullptr);  // no end column
  EXPECT_EQ(MeasurementFileKind("# a note\nname,start,end\n"), nullptr);
  EXPECT_EQ(MeasurementFileKind(R"({"version":"https://jsonfeed.org/version/1.1","items":[]})"),
            nullptr);
  EXPECT_EQ(MeasurementFileKind(R"([{"id":"1","content":"<p>down</p>","account":{}}])"), nullptr);
  EXPECT_EQ(MeasurementFileKind("<?xml version=\"1.0\"?><rss version=\"2.0\"></rss>"), nullptr);
  EXPECT_EQ(MeasurementFileKind(""), nullptr);
}

TEST(DetectInputTypeTest, AMeasurementIsToldWhateverItsName) {
  EXPECT_EQ(DetectInputType("signals.json", R"({"requestParameters":{}})"),
            InputType::kMeasurement);
  EXPECT_EQ(DetectInputType("notes.txt", "entity,start,end\n"), InputType::kMeasurement);
  EXPECT_EQ(DetectInputType("posts.json", R"([{"id":"1"}])"), InputType::kJson);
  auto refused = ParseInput(InputType::kMeasurement, R"({"requestParameters":{}})", {}, nullptr);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "a measurement file (IODA JSON), not a document: import it with `corroborate measure "
            "import`");
}

TEST(ParseInputTest, AFeedWithoutEntriesIsNoError) {
  InputOptions options;
  options.require_documents = true;
  auto docs = ParseInput(InputType::kFeed,
                         "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Quiet</title>"
                         "</channel></rss>",
                         options, nullptr);
  ASSERT_TRUE(docs) << docs.error().message;
  EXPECT_TRUE(docs->empty());
}

}  // namespace
}  // namespace corroborate::ingest
