#include "streams/sequence_number.h"

#include <gtest/gtest.h>

namespace dynafake::streams {
namespace {

TEST(SequenceNumberTest, TwentyOneDigitsIncreasingAsTextAndAsNumbers) {
  EXPECT_EQ(SequenceNumberText(1), "100000000000000000001");
  EXPECT_EQ(SequenceNumberText(0xFFFFFFFFFFFFFFFF), "118446744073709551615");
  EXPECT_LT(SequenceNumberText(9), SequenceNumberText(10));
}

TEST(SequenceNumberTest, ParsesWhatItFormats) {
  for (uint64_t sequence : {uint64_t{1}, uint64_t{42}, uint64_t{0xFFFFFFFFFFFFFFFF}}) {
    EXPECT_EQ(ParseSequenceNumber(SequenceNumberText(sequence)), sequence);
  }
}

TEST(SequenceNumberTest, RefusesOtherTexts) {
  EXPECT_EQ(ParseSequenceNumber(""), std::nullopt);
  EXPECT_EQ(ParseSequenceNumber("10000000000000000001"), std::nullopt);    // 20 digits
  EXPECT_EQ(ParseSequenceNumber("200000000000000000001"), std::nullopt);   // not ours
  EXPECT_EQ(ParseSequenceNumber("10000000000000000000a"), std::nullopt);   // not a digit
  EXPECT_EQ(ParseSequenceNumber("120000000000000000000"), std::nullopt);   // beyond uint64
  EXPECT_EQ(ParseSequenceNumber("1000000000000000000001"), std::nullopt);  // 22 digits
}

}  // namespace
}  // namespace dynafake::streams
