#include "util/base64.h"

#include <random>

#include <gtest/gtest.h>

namespace dynafake::util {
namespace {

TEST(Base64Test, Rfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(Base64Decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(Base64Decode("Zm9vYg=="), "foob");
  EXPECT_EQ(Base64Decode(""), "");
}

TEST(Base64Test, BinaryBytesUseFullAlphabet) {
  EXPECT_EQ(Base64Encode(std::string("\xfb\xff\xbf", 3)), "+/+/");
  EXPECT_EQ(Base64Decode("+/+/"), std::string("\xfb\xff\xbf", 3));
  EXPECT_EQ(Base64Encode(std::string("\x00\x00", 2)), "AAA=");
}

TEST(Base64Test, RejectsInvalidInput) {
  EXPECT_EQ(Base64Decode("Zm9"), std::nullopt);       // length not a multiple of 4
  EXPECT_EQ(Base64Decode("23456"), std::nullopt);     // length 5
  EXPECT_EQ(Base64Decode("Zm9*"), std::nullopt);      // bad character
  EXPECT_EQ(Base64Decode("Zm 9"), std::nullopt);      // whitespace
  EXPECT_EQ(Base64Decode("=+/="), std::nullopt);      // padding first
  EXPECT_EQ(Base64Decode("Zg=a"), std::nullopt);      // data after padding
  EXPECT_EQ(Base64Decode("Zg==Zm9v"), std::nullopt);  // padding in the middle
  EXPECT_EQ(Base64Decode("===="), std::nullopt);
  EXPECT_EQ(Base64Decode("Z==="), std::nullopt);
  // Non-zero unused bits: the service says "Invalid last non-pad Base64 character".
  EXPECT_EQ(Base64Decode("+/+="), std::nullopt);
  EXPECT_EQ(Base64Decode("Zh=="), std::nullopt);
  EXPECT_EQ(Base64Decode("Zm9="), std::nullopt);
}

TEST(Base64Test, RandomRoundTrip) {
  std::mt19937 random(42);
  for (int length = 0; length < 64; ++length) {
    std::string bytes(length, '\0');
    for (char& c : bytes) {
      c = static_cast<char>(random() & 0xFF);
    }
    const std::string text = Base64Encode(bytes);
    EXPECT_EQ(text.size() % 4, 0u);
    EXPECT_EQ(Base64Decode(text), bytes);
  }
}

}  // namespace
}  // namespace dynafake::util
