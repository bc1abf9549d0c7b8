#include "util/coding.h"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dynafake::util {
namespace {

TEST(CodingTest, Fixed32BigEndianBytes) {
  std::string out;
  PutFixed32BigEndian(&out, 0x01020304);
  EXPECT_EQ(out, std::string("\x01\x02\x03\x04", 4));
  std::string_view input = out;
  uint32_t value = 0;
  ASSERT_TRUE(GetFixed32BigEndian(&input, &value));
  EXPECT_EQ(value, 0x01020304u);
  EXPECT_TRUE(input.empty());
}

TEST(CodingTest, Fixed64BigEndianBytes) {
  std::string out;
  PutFixed64BigEndian(&out, 0x0102030405060708ULL);
  EXPECT_EQ(out, std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  std::string_view input = out;
  uint64_t value = 0;
  ASSERT_TRUE(GetFixed64BigEndian(&input, &value));
  EXPECT_EQ(value, 0x0102030405060708ULL);
}

TEST(CodingTest, FixedBigEndianSortsNumerically) {
  const std::vector<uint64_t> values = {0, 1, 255, 256, 65535, 1ULL << 32, ~0ULL - 1, ~0ULL};
  std::vector<std::string> encoded;
  for (const uint64_t v : values) {
    std::string out;
    PutFixed64BigEndian(&out, v);
    encoded.push_back(out);
  }
  EXPECT_TRUE(std::is_sorted(encoded.begin(), encoded.end()));
}

TEST(CodingTest, FixedTooShort) {
  std::string_view input("\x01\x02\x03", 3);
  uint32_t value32 = 7;
  EXPECT_FALSE(GetFixed32BigEndian(&input, &value32));
  EXPECT_EQ(input.size(), 3u);
  EXPECT_EQ(value32, 7u);
  uint64_t value64 = 0;
  std::string_view seven("1234567");
  EXPECT_FALSE(GetFixed64BigEndian(&seven, &value64));
}

TEST(CodingTest, VarintKnownEncodings) {
  struct Case {
    uint64_t value;
    std::string bytes;
  };

  const std::vector<Case> cases = {
      {0, std::string("\x00", 1)},
      {1, "\x01"},
      {127, "\x7f"},
      {128, "\x80\x01"},
      {300, "\xac\x02"},
      {16383, "\xff\x7f"},
      {16384, "\x80\x80\x01"},
      {~0ULL, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"},
  };
  for (const Case& c : cases) {
    std::string out;
    PutVarint64(&out, c.value);
    EXPECT_EQ(out, c.bytes) << c.value;
    std::string_view input = out;
    uint64_t decoded = 0;
    ASSERT_TRUE(GetVarint64(&input, &decoded));
    EXPECT_EQ(decoded, c.value);
    EXPECT_TRUE(input.empty());
  }
}

TEST(CodingTest, VarintRoundTripAdvancesInput) {
  std::string out;
  for (uint64_t v = 1; v != 0; v <<= 1) {
    PutVarint64(&out, v - 1);
    PutVarint64(&out, v);
  }
  std::string_view input = out;
  for (uint64_t v = 1; v != 0; v <<= 1) {
    uint64_t a = 0, b = 0;
    ASSERT_TRUE(GetVarint64(&input, &a));
    ASSERT_TRUE(GetVarint64(&input, &b));
    EXPECT_EQ(a, v - 1);
    EXPECT_EQ(b, v);
  }
  EXPECT_TRUE(input.empty());
}

TEST(CodingTest, VarintMalformed) {
  uint64_t value = 0;
  std::string_view empty;
  EXPECT_FALSE(GetVarint64(&empty, &value));
  std::string_view truncated("\x80\x80", 2);
  EXPECT_FALSE(GetVarint64(&truncated, &value));
  EXPECT_EQ(truncated.size(), 2u);
  // Eleven bytes, or a tenth byte above 1, overflow 64 bits.
  std::string_view too_long("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 10);
  EXPECT_FALSE(GetVarint64(&too_long, &value));
  std::string_view endless("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11);
  EXPECT_FALSE(GetVarint64(&endless, &value));
}

TEST(CodingTest, VarintSignedRoundTripsAsTwosComplement) {
  for (int64_t value : {int64_t{0}, int64_t{1}, int64_t{1'700'000'000'000'000}, int64_t{-1},
                        std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
    std::string bytes;
    PutVarintSigned64(&bytes, value);
    std::string unsigned_bytes;
    PutVarint64(&unsigned_bytes, static_cast<uint64_t>(value));
    EXPECT_EQ(bytes, unsigned_bytes);  // the stored form records already hold
    bytes += "rest";
    std::string_view input = bytes;
    int64_t decoded = 7;
    ASSERT_TRUE(GetVarintSigned64(&input, &decoded));
    EXPECT_EQ(decoded, value);
    EXPECT_EQ(input, "rest");
  }
  std::string_view truncated("\x80", 1);
  int64_t untouched = 7;
  EXPECT_FALSE(GetVarintSigned64(&truncated, &untouched));
  EXPECT_EQ(untouched, 7);
}

TEST(CodingTest, LengthPrefixed) {
  std::string out;
  PutLengthPrefixed(&out, "abc");
  PutLengthPrefixed(&out, "");
  PutLengthPrefixed(&out, std::string(200, 'x'));
  EXPECT_EQ(out.substr(0, 5), std::string("\x03\x61\x62\x63\x00", 5));  // 3 "abc" 0
  std::string_view input = out;
  std::string_view bytes;
  ASSERT_TRUE(GetLengthPrefixed(&input, &bytes));
  EXPECT_EQ(bytes, "abc");
  ASSERT_TRUE(GetLengthPrefixed(&input, &bytes));
  EXPECT_EQ(bytes, "");
  ASSERT_TRUE(GetLengthPrefixed(&input, &bytes));
  EXPECT_EQ(bytes, std::string(200, 'x'));
  EXPECT_TRUE(input.empty());
}

TEST(CodingTest, LengthPrefixedTooShortLeavesInput) {
  std::string_view input("\x05\x61\x62\x63", 4);  // claims 5 bytes, has 3
  std::string_view bytes = "unchanged";
  EXPECT_FALSE(GetLengthPrefixed(&input, &bytes));
  EXPECT_EQ(input.size(), 4u);
  EXPECT_EQ(bytes, "unchanged");
}

TEST(CodingTest, DecodeVarint64ReturnsThePositionAfter) {
  for (const uint64_t value : {0ULL, 1ULL, 127ULL, 128ULL, 300ULL, 1ULL << 35, ~0ULL}) {
    std::string out;
    PutVarint64(&out, value);
    out.push_back('z');  // what follows is not read
    uint64_t decoded = 0;
    const char* const next = DecodeVarint64(out.data(), out.data() + out.size(), &decoded);
    ASSERT_NE(next, nullptr) << value;
    EXPECT_EQ(decoded, value);
    EXPECT_EQ(next, out.data() + out.size() - 1);
  }
}

TEST(CodingTest, DecodeVarint64StopsAtTheLimit) {
  // The bytes past the limit would complete the varint: they must not be read.
  const std::string bytes("\x80\x80\x01", 3);
  uint64_t value = 7;
  for (size_t limit = 0; limit < bytes.size(); ++limit) {
    EXPECT_EQ(DecodeVarint64(bytes.data(), bytes.data() + limit, &value), nullptr) << limit;
    EXPECT_EQ(value, 7u);
  }
  EXPECT_EQ(DecodeVarint64(bytes.data(), bytes.data() + 3, &value), bytes.data() + 3);
  EXPECT_EQ(value, 1u << 14);
  const std::string overlong("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 10);
  EXPECT_EQ(DecodeVarint64(overlong.data(), overlong.data() + overlong.size(), &value), nullptr);
}

TEST(CodingTest, DecodeLengthPrefixedStopsAtTheLimit) {
  std::string out;
  PutLengthPrefixed(&out, "abc");
  PutLengthPrefixed(&out, std::string(300, 'y'));
  const char* const end = out.data() + out.size();
  std::string_view bytes;
  const char* next = DecodeLengthPrefixed(out.data(), end, &bytes);
  ASSERT_EQ(next, out.data() + 4);
  EXPECT_EQ(bytes, "abc");
  next = DecodeLengthPrefixed(next, end, &bytes);
  ASSERT_EQ(next, end);
  EXPECT_EQ(bytes, std::string(300, 'y'));
  // A shorter limit cuts the first (limits below 4) or the second: the read fails and leaves
  // *bytes as it was.
  for (size_t limit = 0; limit < out.size(); ++limit) {
    std::string_view kept = "kept";
    const char* const start = limit < 4 ? out.data() : out.data() + 4;
    EXPECT_EQ(DecodeLengthPrefixed(start, out.data() + limit, &kept), nullptr) << limit;
    EXPECT_EQ(kept, "kept");
  }
}

}  // namespace
}  // namespace dynafake::util
