#include "model/key_codec.h"

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dynafake::model {
namespace {

int Sign(int x) {
  return (x > 0) - (x < 0);
}

// memcmp order of two byte strings, as LevelDB's bytewise comparator sees them.
int CompareBytes(std::string_view a, std::string_view b) {
  const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) {
    return Sign(c);
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

// DynamoDB order of two key values of one type.
int CompareValues(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() == AttributeType::kN) {
    return a.as_number().Compare(b.as_number());
  }
  return CompareBytes(a.as_string(), b.as_string());
}

std::string Encode(const AttributeValue& value) {
  std::string out;
  EncodeKeyValue(value, &out);
  return out;
}

AttributeValue N(std::string_view text) {
  return AttributeValue::FromNumber(*Number::Parse(text));
}

class RandomValues {
 public:
  explicit RandomValues(uint32_t seed) : random_(seed) {}

  int Uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }

  // Numbers of every sign and magnitude from 1E-130 to 9.99E125, with up to 38 digits; a third
  // share a common prefix so that long equal runs of digits get compared.
  AttributeValue Number() {
    if (Uniform(0, 30) == 0) {
      return N("0");
    }
    std::string digits;
    const int count = Uniform(1, 38);
    const bool shared_prefix = Uniform(0, 2) == 0;
    for (int i = 0; i < count; ++i) {
      digits.push_back(static_cast<char>('0' + (shared_prefix && i < 20 ? 7 : Uniform(0, 9))));
    }
    digits[0] = static_cast<char>('0' + Uniform(1, 9));
    const int exponent = Uniform(0, 3) == 0 ? Uniform(-3, 3) : Uniform(-129, 126);
    const std::string text =
        std::string(Uniform(0, 1) ? "-" : "") + "0." + digits + "e" + std::to_string(exponent);
    return N(text);
  }

  std::string Bytes(bool utf8) {
    static const std::vector<std::string> kPieces = {
        std::string("\0", 1), "a",           "b", "z", "\x7f", "\xc3\xa9", "\xe2\x82\xac",
        "\xf0\x9f\x98\x80",   "\xef\xbf\xbf"};
    static const std::vector<std::string> kBytes = {
        std::string("\0", 1), std::string("\0\0", 2), "\x01", "\x7f", "\x80", "\xfe", "\xff", "a"};
    const std::vector<std::string>& pieces = utf8 ? kPieces : kBytes;
    std::string out;
    const int count = Uniform(0, 6);
    for (int i = 0; i < count; ++i) {
      out += pieces[static_cast<size_t>(Uniform(0, static_cast<int>(pieces.size()) - 1))];
    }
    return out;
  }

  AttributeValue Of(AttributeType type) {
    switch (type) {
      case AttributeType::kN:
        return Number();
      case AttributeType::kS:
        return AttributeValue::String(Bytes(true));
      default:
        return AttributeValue::Binary(Bytes(false));
    }
  }

 private:
  std::mt19937 random_;
};

void CheckOrderAndRoundTrip(AttributeType type) {
  RandomValues random(1234 + static_cast<uint32_t>(type));
  std::vector<AttributeValue> values;
  for (int i = 0; i < 600; ++i) {
    values.push_back(random.Of(type));
  }
  if (type == AttributeType::kN) {
    for (const char* edge : {"1e-130", "-1e-130", "9.9999999999999999999999999999999999999e125",
                             "-9.9999999999999999999999999999999999999e125", "1", "-1", "0.1",
                             "-0.1", "0.11", "-0.11", "0.101", "-0.101", "10", "-10", "0"}) {
      values.push_back(N(edge));
    }
  }
  std::vector<std::string> encoded;
  for (const AttributeValue& value : values) {
    encoded.push_back(Encode(value));
    std::string_view input = encoded.back();
    Result<AttributeValue> decoded = DecodeKeyValue(type, &input);
    ASSERT_TRUE(decoded.has_value()) << decoded.status().ToString();
    EXPECT_EQ(*decoded, value);
    EXPECT_TRUE(input.empty());
  }
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t j = 0; j < values.size(); j += 7) {
      ASSERT_EQ(CompareBytes(encoded[i], encoded[j]), CompareValues(values[i], values[j]))
          << i << " " << j;
      // Self-delimiting: a distinct encoding is never a prefix of another.
      if (encoded[i] != encoded[j]) {
        ASSERT_NE(encoded[j].compare(0, encoded[i].size(), encoded[i]), 0);
      }
    }
  }
}

TEST(KeyCodecTest, NumbersSortNumerically) {
  CheckOrderAndRoundTrip(AttributeType::kN);
}

TEST(KeyCodecTest, StringsSortByUtf8Bytes) {
  CheckOrderAndRoundTrip(AttributeType::kS);
}

TEST(KeyCodecTest, BinariesSortByUnsignedBytes) {
  CheckOrderAndRoundTrip(AttributeType::kB);
}

TEST(KeyCodecTest, EqualNumbersEncodeEqually) {
  EXPECT_EQ(Encode(N("1000")), Encode(N("1e3")));
  EXPECT_EQ(Encode(N("-0.50")), Encode(N("-.5")));
  EXPECT_EQ(Encode(N("-0")), Encode(N("0")));
}

TEST(KeyCodecTest, KnownBytes) {
  EXPECT_EQ(Encode(AttributeValue::String("a")), std::string("a\x00\x01", 3));
  EXPECT_EQ(Encode(AttributeValue::Binary(std::string("\x00", 1))),
            std::string("\x00\xff\x00\x01", 4));
  EXPECT_EQ(Encode(N("0")), "\x02");
  // 12.5 = 0.125e2: exponent 2 + 0x8000, pairs (1,2) -> 13 and (5,0) -> 51, end 0x00.
  EXPECT_EQ(Encode(N("12.5")), std::string("\x03\x80\x02\x0d\x33\x00", 6));
  // -12.5: inverted exponent and pairs (101 - 13 = 88, 101 - 51 = 50), end 0xFF.
  EXPECT_EQ(Encode(N("-12.5")), std::string("\x01\x7f\xfd\x58\x32\xff", 6));
}

// A partition key encoding followed by a sort key encoding sorts by (partition, sort).
TEST(KeyCodecTest, CompositeKeysSortByPartitionThenSort) {
  RandomValues random(99);
  for (const auto& [hash_type, range_type] : std::vector<std::pair<AttributeType, AttributeType>>{
           {AttributeType::kS, AttributeType::kN},
           {AttributeType::kB, AttributeType::kS},
           {AttributeType::kN, AttributeType::kB},
           {AttributeType::kS, AttributeType::kS}}) {
    std::vector<std::pair<AttributeValue, AttributeValue>> keys;
    std::vector<std::string> encoded;
    for (int i = 0; i < 300; ++i) {
      // Few distinct partitions, so that equal partition keys are common.
      AttributeValue hash = i % 3 == 0 && !keys.empty() ? keys[static_cast<size_t>(i) / 2].first
                                                        : random.Of(hash_type);
      AttributeValue range = random.Of(range_type);
      encoded.push_back(Encode(hash) + Encode(range));
      keys.emplace_back(std::move(hash), std::move(range));
    }
    for (size_t i = 0; i < keys.size(); ++i) {
      for (size_t j = 0; j < keys.size(); ++j) {
        int expected = CompareValues(keys[i].first, keys[j].first);
        if (expected == 0) {
          expected = CompareValues(keys[i].second, keys[j].second);
        }
        ASSERT_EQ(CompareBytes(encoded[i], encoded[j]), expected) << i << " " << j;
      }
      // Both parts decode back from the concatenation.
      std::string_view input = encoded[i];
      Result<AttributeValue> hash = DecodeKeyValue(hash_type, &input);
      Result<AttributeValue> range = DecodeKeyValue(range_type, &input);
      ASSERT_TRUE(hash.has_value() && range.has_value());
      EXPECT_EQ(*hash, keys[i].first);
      EXPECT_EQ(*range, keys[i].second);
      EXPECT_TRUE(input.empty());
    }
  }
}

TEST(KeyCodecTest, CorruptInputFails) {
  const std::vector<std::pair<AttributeType, std::string>> bad = {
      {AttributeType::kS, ""},
      {AttributeType::kS, "abc"},
      {AttributeType::kS, std::string("a\x00", 2)},
      {AttributeType::kS, std::string("a\x00\x02", 3)},
      {AttributeType::kB, std::string("\x00\xfe", 2)},
      {AttributeType::kN, ""},
      {AttributeType::kN, "\x04"},
      {AttributeType::kN, "\x03\x80"},
      {AttributeType::kN, "\x03\x80\x02"},
      {AttributeType::kN, std::string("\x03\x80\x02\x00", 4)},      // no digits
      {AttributeType::kN, std::string("\x03\x80\x02\x65\x00", 5)},  // pair 101
      {AttributeType::kN, std::string("\x03\x80\x02\x01\x00", 5)},  // digits "00"
      {AttributeType::kN, std::string("\x03\x80\x02\x02\x00", 5)},  // leading zero "01"
      {AttributeType::kN, std::string("\x01\x7f\xfd\x00\xff", 5)},  // inverted pair 101
      {AttributeType::kBOOL, "\x01"},
  };
  for (const auto& [type, bytes] : bad) {
    std::string_view input = bytes;
    Result<AttributeValue> decoded = DecodeKeyValue(type, &input);
    ASSERT_FALSE(decoded.has_value()) << static_cast<int>(type) << " " << bytes.size();
    EXPECT_EQ(decoded.error().code(), ErrorCode::kInternalServerError);
    EXPECT_EQ(input.size(), bytes.size());
  }
}

TEST(KeyCodecTest, EveryTruncationFails) {
  for (const AttributeValue& value :
       {N("-123.456e-50"), N("98765432109876543210987654321098765432"),
        AttributeValue::String(std::string("ab\0c", 4)), AttributeValue::Binary("\xff\x00")}) {
    const std::string encoded = Encode(value);
    for (size_t length = 0; length < encoded.size(); ++length) {
      std::string_view input(encoded.data(), length);
      EXPECT_FALSE(DecodeKeyValue(value.type(), &input).has_value()) << length;
    }
  }
}

std::string EncodePrefix(const AttributeValue& prefix) {
  std::string out;
  EncodeKeyPrefix(prefix, &out);
  return out;
}

TEST(KeyCodecTest, PrefixKnownBytes) {
  EXPECT_EQ(EncodePrefix(AttributeValue::String("")), "");
  EXPECT_EQ(EncodePrefix(AttributeValue::String("ab")), "ab");
  EXPECT_EQ(EncodePrefix(AttributeValue::Binary(std::string("a\x00", 2))),
            std::string("a\x00\xff", 3));
  EXPECT_EQ(EncodePrefix(AttributeValue::String("\xc3\xa9")), "\xc3\xa9");
  // Appends to what *out holds, as EncodeKeyValue does.
  std::string out = "x";
  EncodeKeyPrefix(AttributeValue::String("y"), &out);
  EXPECT_EQ(out, "xy");
}

// A value's encoding starts with the prefix encoding of p exactly when the value starts with p:
// every byte prefix of every value (cutting multi-byte UTF-8 and escaped zeros alike) and
// unrelated pairs.
void CheckPrefixes(AttributeType type) {
  RandomValues random(77 + static_cast<uint32_t>(type));
  std::vector<AttributeValue> values;
  for (int i = 0; i < 300; ++i) {
    values.push_back(random.Of(type));
  }
  auto make = [type](std::string bytes) {
    return type == AttributeType::kS ? AttributeValue::String(std::move(bytes))
                                     : AttributeValue::Binary(std::move(bytes));
  };
  for (const AttributeValue& value : values) {
    const std::string& bytes = value.as_string();
    const std::string encoded = Encode(value);
    for (size_t length = 0; length <= bytes.size(); ++length) {
      const std::string prefix = EncodePrefix(make(bytes.substr(0, length)));
      ASSERT_TRUE(encoded.starts_with(prefix)) << length;
      // The whole value's prefix encoding is its encoding without the terminator.
      if (length == bytes.size()) {
        EXPECT_EQ(prefix + std::string("\x00\x01", 2), encoded);
      }
    }
  }
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t j = 0; j < values.size(); j += 3) {
      const bool starts = values[i].as_string().starts_with(values[j].as_string());
      ASSERT_EQ(Encode(values[i]).starts_with(EncodePrefix(values[j])), starts) << i << " " << j;
    }
  }
}

TEST(KeyCodecTest, StringPrefixesMatchEncodings) {
  CheckPrefixes(AttributeType::kS);
}

TEST(KeyCodecTest, BinaryPrefixesMatchEncodings) {
  CheckPrefixes(AttributeType::kB);
}

}  // namespace
}  // namespace dynafake::model
