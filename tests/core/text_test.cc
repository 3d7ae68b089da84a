#include "core/text.h"

#include <gtest/gtest.h>

namespace corroborate {
namespace {

TEST(Utf8Test, ValidatesAndSanitizes) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("North Korea\xE2\x80\x99s"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("cut \xE2\x80"));      // truncated
  EXPECT_EQ(SanitizeUtf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  std::string out;
  AppendUtf8(out, U'\u2019');
  EXPECT_EQ(out, "\xE2\x80\x99");
}

TEST(WhitespaceTest, Collapses) {
  EXPECT_EQ(CollapseWhitespace("  a \n\t b\xC2\xA0" "c  "), "a b c");
  EXPECT_EQ(CollapseWhitespace(""), "");
  EXPECT_EQ(ToLowerAscii("DoS ATTACK"), "dos attack");
  EXPECT_TRUE(EqualsIgnoreCase("Atom", "aTOM"));
}

}  // namespace
}  // namespace corroborate
