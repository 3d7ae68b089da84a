#include "correlate/events/as_org.h"

#include <gtest/gtest.h>

namespace corroborate::correlate {
namespace {

using Asns = std::vector<std::uint32_t>;

TEST(AsOrgTest, BuiltInTableMapsNamesAndNumbersBothWays) {
  const AsOrgTable& t = BuiltinAsOrgTable();
  EXPECT_EQ(t.Asns("Facebook"), Asns{32934});
  EXPECT_EQ(t.Asns("Optus"), (Asns{4804, 7474}));
  EXPECT_EQ(t.Asns("OPTUS."), (Asns{4804, 7474}));  // case and punctuation ignored
  EXPECT_EQ(t.Asns("Kyivstar PJSC"), Asns{15895});  // legal suffix ignored
  EXPECT_EQ(t.Organisation(36561), "YouTube, LLC");
  EXPECT_EQ(t.Organisation(64512), "");
  // Generic words alone name no one; a word inside another word does not match.
  EXPECT_TRUE(t.Asns("Telecom").empty());
  EXPECT_TRUE(t.Asns("Communications Ltd").empty());
  EXPECT_TRUE(t.Asns("Opt").empty());
  EXPECT_TRUE(t.Mentions(3356, "CenturyLink's Level 3 network failed on Sunday."));
  EXPECT_TRUE(t.Mentions(4804, "Optus customers could not call 000"));
  EXPECT_FALSE(t.Mentions(4804, "Optusnet is not the name"));
  EXPECT_FALSE(t.Mentions(15895, "Ukraine's largest operator"));
}

TEST(AsOrgTest, ParsesCaidaAndRipeDatasets) {
  AsOrgTable caida;
  ASSERT_TRUE(
      ParseAsOrgDataset("# format:org_id|changed|org_name|country|source\n"
                        "ORG-9|20240101|Zyxwv Holdings Ltd|ZZ|RIPE\n"
                        "# format:aut|changed|aut_name|org_id|opaque_id|source\n"
                        "64999|20240101|ZYX-AS|ORG-9||RIPE\n"
                        "64998|20240101|ZYX-2|ORG-9||RIPE\n"
                        "garbage line\n",
                        "caida.txt", caida));
  EXPECT_EQ(caida.Asns("Zyxwv"), (Asns{64998, 64999}));
  EXPECT_EQ(caida.Organisation(64999), "Zyxwv Holdings Ltd");
  AsOrgTable ripe;
  ASSERT_TRUE(ParseAsOrgDataset(
      "32934 FACEBOOK, US\r\n15895 KSNET-AS Kyivstar PJSC, UA\nnot a line\n", "asn.txt", ripe));
  EXPECT_EQ(ripe.Organisation(15895), "Kyivstar PJSC");
  EXPECT_EQ(ripe.Organisation(32934), "FACEBOOK");  // a handle alone names the holder
  EXPECT_EQ(ripe.Asns("kyivstar"), Asns{15895});
  AsOrgTable none;
  auto bad = ParseAsOrgDataset("<html>not found</html>\n", "x.txt", none);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.substr(0, 6), "x.txt:");
}

TEST(AsOrgTest, LoadMergesTheCacheWithTheBuiltInNamesAndFallsBack) {
  EXPECT_EQ(LoadAsOrgTable("/nonexistent/as2org.txt").size(), BuiltinAsOrgTable().size());
}

}  // namespace
}  // namespace corroborate::correlate
