#include "correlate/extract/lexicon.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include "core/zone.h"

namespace corroborate::extract {
namespace {

TEST(LexiconTest, ParsesColumnsSkipsCommentsAndFoldsCase) {
  auto lex = Lexicon::Parse("t.tsv", "# comment\n\njanuary\t1\tfull\nMay\t5\tfull\njan.\t1\tabbr\r\n");
  ASSERT_TRUE(lex) << lex.error().message;
  ASSERT_EQ(lex->entries().size(), 3u);
  const LexiconEntry* e = lex->Find("JANUARY");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->Column(0), "1");
  EXPECT_EQ(e->Column(1), "full");
  EXPECT_EQ(e->Column(5), "");
  EXPECT_EQ(lex->Find("jan.")->Column(1), "abbr");
  EXPECT_EQ(lex->Find("june"), nullptr);
}

TEST(LexiconTest, AlternationQuotesAndKeepsCaseSensitiveKeys) {
  auto lex = Lexicon::Parse("t.tsv", "january\t1\tfull\nMay\t5\tfull\njan.\t1\tabbr\nnew year's day\t1\n");
  ASSERT_TRUE(lex);
  RE2 all("(?i)^" + lex->Alternation() + "$");
  ASSERT_TRUE(all.ok()) << all.error();
  EXPECT_TRUE(RE2::FullMatch("JANUARY", all));
  EXPECT_TRUE(RE2::FullMatch("May", all));
  EXPECT_FALSE(RE2::FullMatch("may", all));  // the modal verb
  EXPECT_TRUE(RE2::FullMatch("jan.", all));
  EXPECT_FALSE(RE2::FullMatch("janx", all));  // '.' is quoted
  EXPECT_TRUE(RE2::FullMatch("New  Year's Day", all));
  RE2 abbr("^" + lex->Alternation(1, "abbr") + "$");
  EXPECT_TRUE(RE2::FullMatch("jan.", abbr));
  EXPECT_FALSE(RE2::FullMatch("january", abbr));
  RE2 none("^" + lex->Alternation(1, "nothing") + "$");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(RE2::PartialMatch("anything", none));
}

TEST(LexiconTest, RejectsEmptyKeyWithLineNumber) {
  auto lex = Lexicon::Parse("bad.tsv", "ok\t1\n\t2\n");
  ASSERT_FALSE(lex);
  EXPECT_EQ(lex.error().message, "bad.tsv:2: empty key");
}

TEST(LexiconTest, EmbeddedTimeLexiconsLoad) {
  for (const char* name : {"time_months.tsv", "time_weekdays.tsv", "time_units.tsv", "time_zones.tsv"}) {
    auto lex = Lexicon::Embedded(name);
    ASSERT_TRUE(lex) << name;
    EXPECT_FALSE(lex->entries().empty()) << name;
  }
  EXPECT_EQ(Lexicon::Embedded("time_zones.tsv")->Find("KST")->Column(0), "+09:00");
  EXPECT_FALSE(Lexicon::Embedded("no_such.tsv"));
}

// Every zone the time lexicons name is a fixed offset or a zone of the
// system's IANA database (a misspelt one would silently read as unzoned).
TEST(LexiconTest, TimeZonesAreInTheDatabase) {
  for (const char* name : {"time_zones.tsv", "time_country_zones.tsv"}) {
    auto lex = Lexicon::Embedded(name);
    ASSERT_TRUE(lex) << name;
    for (const LexiconEntry& e : lex->entries()) {
      std::string_view zone = e.Column(0);
      bool fixed = !zone.empty() && (zone[0] == '+' || zone[0] == '-');
      EXPECT_TRUE(fixed || IsKnownZone(zone)) << name << ": " << e.key << " -> " << zone;
    }
  }
}

}  // namespace
}  // namespace corroborate::extract
