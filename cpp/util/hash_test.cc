#include "util/hash.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace dynafake::util {
namespace {

// Persisted keys are ordered by these values: they must never change.
TEST(Hash64Test, GoldenValues) {
  EXPECT_EQ(Hash64(""), 0xf52a15e9a9b5e89bULL);
  EXPECT_EQ(Hash64("a"), 0x02c0bdbf481420f8ULL);
  EXPECT_EQ(Hash64("hello"), 0x16fe05a1c75bcd0fULL);
  EXPECT_EQ(Hash64(std::string("\x00\xff", 2)), 0xa70bee94c6c8447bULL);
}

TEST(Hash64Test, DistinctAndWellSpread) {
  std::set<uint64_t> hashes;
  int high_bit_set = 0;
  for (int i = 0; i < 4096; ++i) {
    const uint64_t hash = Hash64("key" + std::to_string(i));
    hashes.insert(hash);
    high_bit_set += static_cast<int>(hash >> 63);
  }
  EXPECT_EQ(hashes.size(), 4096u);
  // Sequential keys land on both halves of the key space about equally.
  EXPECT_GT(high_bit_set, 1800);
  EXPECT_LT(high_bit_set, 2300);
}

}  // namespace
}  // namespace dynafake::util
