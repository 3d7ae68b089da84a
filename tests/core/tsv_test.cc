#include "core/tsv.h"

#include <gtest/gtest.h>

namespace corroborate {
namespace {

TEST(ReadTsvTest, RowsFieldsAndLineNumbers) {
  auto rows = ReadTsv("# comment\n\nkey\tone\t two \r\n   \n  # indented comment\nlast\t\tx");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].line, 3);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string_view>{"key", "one", "two"}));
  EXPECT_EQ(rows[1].line, 6);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string_view>{"last", "", "x"}));
}

TEST(ReadTsvTest, EmptyKeyIsAField) {
  auto rows = ReadTsv("\tvalue\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string_view>{"", "value"}));
  EXPECT_TRUE(ReadTsv("").empty());
}

}  // namespace
}  // namespace corroborate
