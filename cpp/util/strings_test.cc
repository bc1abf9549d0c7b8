#include "util/strings.h"

#include <gtest/gtest.h>

namespace dynafake::util {
namespace {

TEST(FormatIso8601MillisTest, KnownInstants) {
  EXPECT_EQ(FormatIso8601Millis(0), "1970-01-01T00:00:00.000");
  EXPECT_EQ(FormatIso8601Millis(1432155070252000), "2015-05-20T20:51:10.252");
  EXPECT_EQ(FormatIso8601Millis(1432155070252999), "2015-05-20T20:51:10.252");  // truncated
  EXPECT_EQ(FormatIso8601Millis(951782400000000), "2000-02-29T00:00:00.000");   // leap day
  EXPECT_EQ(FormatIso8601Millis(4102444799999000), "2099-12-31T23:59:59.999");
  EXPECT_EQ(FormatIso8601Millis(-1000), "1969-12-31T23:59:59.999");
}

TEST(IsValidUtf8Test, Accepts) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii text that is longer than eight bytes"));
  EXPECT_TRUE(IsValidUtf8(std::string("nul\0inside", 10)));
  EXPECT_TRUE(IsValidUtf8("\xc3\xa9"));             // é
  EXPECT_TRUE(IsValidUtf8("\xe2\x82\xac"));         // €
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));     // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));     // U+10FFFF
  EXPECT_TRUE(IsValidUtf8("\xed\x9f\xbf"));         // U+D7FF
  EXPECT_TRUE(IsValidUtf8("abcdefgh\xc3\xa9xyz"));  // after an ASCII chunk
}

TEST(IsValidUtf8Test, Rejects) {
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));
  EXPECT_FALSE(IsValidUtf8("\xe2\x28\xa1"));  // bad continuation
  EXPECT_FALSE(IsValidUtf8("12345678\xf0\x9f\x98"));
}

TEST(Utf8SequenceLengthTest, MeasuresOneWellFormedSequence) {
  EXPECT_EQ(Utf8SequenceLength("a", 0), 1u);
  EXPECT_EQ(Utf8SequenceLength("x\xc3\xa9", 1), 2u);
  EXPECT_EQ(Utf8SequenceLength("\xe2\x82\xac", 0), 3u);
  EXPECT_EQ(Utf8SequenceLength("\xf0\x9f\x98\x80", 0), 4u);
  EXPECT_EQ(Utf8SequenceLength("\xed\xa0\x80", 0), 0u);  // surrogate
  EXPECT_EQ(Utf8SequenceLength("\xe2\x82", 0), 0u);      // truncated
  EXPECT_EQ(Utf8SequenceLength("\x80", 0), 0u);          // lone continuation
}

TEST(Utf16LengthTest, CountsUtf16CodeUnits) {
  EXPECT_EQ(Utf16Length(""), 0u);
  EXPECT_EQ(Utf16Length("abc"), 3u);
  EXPECT_EQ(Utf16Length("\xc3\xa9\xf0\x9d\x84\x9e"), 3u);  // "é𝄞": one unit, then a pair
}

}  // namespace
}  // namespace dynafake::util
