#include "capacity/units.h"

#include <gtest/gtest.h>

namespace dynafake::capacity {
namespace {

TEST(ReadUnits, RoundsUpPerFourKilobytes) {
  EXPECT_EQ(ReadUnits(0, true), 1.0);
  EXPECT_EQ(ReadUnits(1, true), 1.0);
  EXPECT_EQ(ReadUnits(4096, true), 1.0);
  EXPECT_EQ(ReadUnits(4097, true), 2.0);
  EXPECT_EQ(ReadUnits(409600, true), 100.0);
}

TEST(ReadUnits, EventuallyConsistentIsHalf) {
  EXPECT_EQ(ReadUnits(0, false), 0.5);
  EXPECT_EQ(ReadUnits(4097, false), 1.0);
  EXPECT_EQ(ReadUnits(8193, false), 1.5);
}

TEST(WriteUnits, RoundsUpPerKilobyte) {
  EXPECT_EQ(WriteUnits(0), 1.0);
  EXPECT_EQ(WriteUnits(1024), 1.0);
  EXPECT_EQ(WriteUnits(1025), 2.0);
  EXPECT_EQ(WriteUnits(409600), 400.0);
}

}  // namespace
}  // namespace dynafake::capacity
