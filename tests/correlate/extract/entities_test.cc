#include "correlate/extract/entities.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corroborate::extract {
namespace {

std::vector<std::string> Ids(std::string_view text) {
  std::vector<std::string> out;
  for (const Mention& m : ExtractEntities(text)) out.push_back(m.id);
  return out;
}

TEST(EntitiesTest, CountriesByNameShortFormDemonymAndCode) {
  EXPECT_EQ(Ids("North Korea blamed the US, while South Korea and the U.S. watched."),
            (std::vector<std::string>{"country:KP", "country:US", "country:KR", "country:US"}));
  EXPECT_EQ(Ids("A North Korean official met American and Chinese envoys in the USA."),
            (std::vector<std::string>{"country:KP", "country:US", "country:CN", "country:US"}));
  EXPECT_EQ(Ids("Officials in Syria, Egypt and Tonga; the UK and DPRK too."),
            (std::vector<std::string>{"country:SY", "country:EG", "country:TO", "country:GB", "country:KP"}));
}

TEST(EntitiesTest, AmbiguousTwoLetterWordsAreNotCountries) {
  // "IN", "IT", "TO" are also words; only listed codes count.
  EXPECT_TRUE(Ids("IT staff said IN the end it went TO plan.").empty());
}

TEST(EntitiesTest, PossessiveAndOffsets) {
  std::string text = "North Korea’s Internet";
  auto ms = ExtractEntities(text);
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].text, "North Korea");
  EXPECT_EQ(ms[0].begin, 0u);
  EXPECT_EQ(ms[0].end, 11u);
  EXPECT_EQ(ms[0].kind, EntityKind::kCountry);
}

TEST(EntitiesTest, AsnsAndPrefixes) {
  EXPECT_EQ(Ids("AS131279 announced 175.45.176.0/22 via ASN 4837 and AS 3491; also 2001:db8::/32."),
            (std::vector<std::string>{"asn:131279", "prefix:175.45.176.0/22", "asn:4837", "asn:3491",
                                      "prefix:2001:db8::/32"}));
  EXPECT_TRUE(Ids("Ratio 300.1.1.1/40 and 1/2 are not prefixes.").empty());
}

TEST(EntitiesTest, OrganisationsFromGazetteerAndSuffixes) {
  auto ms = ExtractEntities("Dyn Research told ABC News that Acme Networks and the FBI disagreed.");
  ASSERT_EQ(ms.size(), 4u);
  EXPECT_EQ(ms[0].id, "org:dyn-research");
  EXPECT_EQ(ms[1].id, "org:abc-news");
  EXPECT_EQ(ms[2].id, "org:acme-networks");
  EXPECT_EQ(ms[2].kind, EntityKind::kOrganisation);
  EXPECT_EQ(ms[3].id, "org:fbi");
  const OrganisationInfo* dyn = FindOrganisation("Dyn Research");
  ASSERT_NE(dyn, nullptr);
  EXPECT_EQ(dyn->kind, "monitor");
  EXPECT_EQ(FindOrganisation("the Los Angeles Times"), nullptr);
  ASSERT_NE(FindOrganisation("Los Angeles Times"), nullptr);
  EXPECT_EQ(FindOrganisation("Los Angeles Times")->kind, "news");
}

TEST(EntitiesTest, PeopleAfterTitles) {
  auto ms = ExtractEntities("President Barack Obama and Dr. Jane Roe spoke.");
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].id, "person:barack-obama");
  EXPECT_EQ(ms[0].text, "Barack Obama");
  EXPECT_EQ(ms[1].id, "person:jane-roe");
}

TEST(EntitiesTest, LookupsAndSlug) {
  EXPECT_EQ(CountryCodeOf("North Korean"), "KP");
  EXPECT_EQ(CountryCodeOf("the United States"), "US");
  EXPECT_EQ(CountryCodeOf("Narnia"), "");
  EXPECT_EQ(Slug("AT&T Inc."), "at-t-inc");
  EXPECT_TRUE(IsTitleWord("director"));
  EXPECT_FALSE(IsTitleWord("table"));
}

TEST(EntitiesTest, EveryIsoCountryIsListed) {
  // Spot checks across the alphabet: the gazetteer covers all ISO 3166-1 codes.
  for (const char* name : {"Aruba", "Zimbabwe", "Tonga", "Egypt", "Pakistan", "Canada", "Viet Nam", "Vietnam"}) {
    EXPECT_NE(CountryCodeOf(name), "") << name;
  }
}

}  // namespace
}  // namespace corroborate::extract
