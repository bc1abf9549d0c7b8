#include "util/crc32.h"

#include <string>

#include <gtest/gtest.h>

namespace dynafake::util {
namespace {

// Reference: the bitwise definition, to check the implementation at every length and alignment.
uint32_t BitwiseCrc32(std::string_view bytes) {
  uint32_t crc = 0xFFFFFFFF;
  for (const char c : bytes) {
    crc ^= static_cast<uint8_t>(c);
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
    }
  }
  return ~crc;
}

TEST(Crc32Test, KnownZlibValues) {
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32("{}"), 2745614147u);
  EXPECT_EQ(Crc32("a"), 0xE8B7BE43u);
  EXPECT_EQ(Crc32("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
}

TEST(Crc32Test, MatchesBitwiseDefinitionAtEveryLength) {
  std::string data;
  for (int i = 0; i < 300; ++i) {
    data.push_back(static_cast<char>((i * 131 + 7) & 0xFF));
  }
  for (size_t offset = 0; offset < 8; ++offset) {
    for (size_t length = 0; offset + length <= data.size(); length += 7) {
      const std::string_view slice = std::string_view(data).substr(offset, length);
      ASSERT_EQ(Crc32(slice), BitwiseCrc32(slice)) << offset << " " << length;
    }
  }
}

}  // namespace
}  // namespace dynafake::util
