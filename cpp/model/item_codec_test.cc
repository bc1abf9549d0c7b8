#include "model/item_codec.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dynafake::model {
namespace {

AttributeValue S(std::string text) {
  return AttributeValue::String(std::move(text));
}

AttributeValue N(std::string_view text) {
  return AttributeValue::FromNumber(*Number::Parse(text));
}

Number Num(std::string_view text) {
  return *Number::Parse(text);
}

std::string Encode(const Item& item) {
  std::string out;
  EncodeItem(item, &out);
  return out;
}

Item EveryType() {
  return Item{
      {"s", S("hello \xc3\xa9")},
      {"empty", S("")},
      {"n", N("-12.5")},
      {"zero", N("0")},
      {"big", N("9.9999999999999999999999999999999999999e125")},
      {"tiny", N("-1e-130")},
      {"b", AttributeValue::Binary(std::string("\x00\xff\x80", 3))},
      {"b0", AttributeValue::Binary("")},
      {"t", AttributeValue::Bool(true)},
      {"f", AttributeValue::Bool(false)},
      {"null", AttributeValue::Null()},
      {"ss", AttributeValue::StringSet({"b", "a", ""})},
      {"ns", AttributeValue::NumberSet({Num("1"), Num("-0.5"), Num("0"), Num("123456789")})},
      {"bs", AttributeValue::BinarySet({std::string("\x00", 1), "\xff"})},
      {"l",
       AttributeValue::List({S("x"), N("1"), AttributeValue::List({}), AttributeValue::Null()})},
      {"m", AttributeValue::Map(
                {{"inner", AttributeValue::Map({{"deep", N("7")}})}, {"", S("empty name")}})},
      {std::string("n\0ul", 4), S("name with NUL")},
  };
}

TEST(ItemCodecTest, RoundTripEveryType) {
  const Item item = EveryType();
  const std::string encoded = Encode(item);
  EXPECT_EQ(encoded[0], '\x01');
  Result<Item> decoded = DecodeItem(encoded);
  ASSERT_TRUE(decoded.has_value()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, item);
  // Set members keep their order; equality alone would not show it.
  EXPECT_EQ(decoded->at("ss").as_string_set(), (std::vector<std::string>{"b", "a", ""}));
  EXPECT_EQ(decoded->at("ns").as_number_set()[1].ToString(), "-0.5");
  EXPECT_EQ(decoded->at("n").as_number().ToString(), "-12.5");
}

TEST(ItemCodecTest, EmptyItem) {
  EXPECT_EQ(Encode({}), std::string("\x01\x00", 2));
  Result<Item> decoded = DecodeItem(std::string("\x01\x00", 2));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_TRUE(decoded->empty());
}

TEST(ItemCodecTest, AppendsToOutput) {
  std::string out = "prefix";
  EncodeItem({{"a", S("x")}}, &out);
  EXPECT_EQ(out, "prefix\x01\x01\x01\x61\x01\x01\x78");
}

// Pins the on-disk format: these bytes must decode the same forever.
TEST(ItemCodecTest, GoldenBytes) {
  const std::string golden =
      "\x01\x03"                       // version 1, three attributes
      "\x01\x61\x01\x01\x78"           // "a": S "x"
      "\x01\x6c\x0a\x02\x05\x06"       // "l": L [BOOL true, NULL]
      "\x01\x6e\x02\x07\x04\x12\x50";  // "n": N -12.5: 3 digits, negative; exponent 2
  const Item item = {{"a", S("x")},
                     {"l", AttributeValue::List({AttributeValue::Bool(true), AttributeValue()})},
                     {"n", N("-12.5")}};
  EXPECT_EQ(Encode(item), golden);
  Result<Item> decoded = DecodeItem(golden);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, item);
}

void ExpectCorrupt(std::string_view bytes) {
  Result<Item> decoded = DecodeItem(bytes);
  ASSERT_FALSE(decoded.has_value()) << bytes.size();
  EXPECT_EQ(decoded.error().code(), ErrorCode::kInternalServerError);
}

// Writes down every part it is shown, and how many containers were open at most.
class Recorder final : public EncodedItemVisitor {
 public:
  void BeginMap(size_t size) override { Open("{" + std::to_string(size)); }

  void MemberName(std::string_view name) override { log += " " + std::string(name) + ":"; }

  void EndMap() override { Close("}"); }

  void BeginList(size_t size) override { Open("[" + std::to_string(size)); }

  void EndList() override { Close("]"); }

  void BeginSet(AttributeType type, size_t size) override {
    Open("<" + std::string(AttributeTypeName(type)) + std::to_string(size));
  }

  void EndSet() override { Close(">"); }

  void StringOrBinary(AttributeType type, std::string_view bytes) override {
    log += " " + std::string(AttributeTypeName(type)) + "'" + std::string(bytes) + "'";
  }

  void NumberParts(bool negative, int32_t exponent, std::string_view digits) override {
    log += std::string(negative ? " N-" : " N+") + std::string(digits) + "e" +
           std::to_string(exponent);
  }

  void Bool(bool value) override { log += value ? " true" : " false"; }

  void Null() override { log += " null"; }

  std::string log;
  int max_open = 0;

 private:
  void Open(const std::string& text) {
    log += text;
    max_open = std::max(max_open, ++open_);
  }

  void Close(const char* text) {
    log += text;
    --open_;
  }

  int open_ = 0;
};

struct Visit {
  Status status;
  std::string log;
  int max_open = 0;
};

// Walks `bytes` through both entry points, which must agree on everything the visitor sees.
Visit VisitBoth(std::string_view bytes) {
  Recorder through_base;
  const Status status = VisitEncodedItem(bytes, &through_base);
  Recorder direct;
  const Status direct_status = VisitEncodedItemDirect(bytes, &direct);
  EXPECT_EQ(status.ok(), direct_status.ok());
  EXPECT_EQ(status.code(), direct_status.code());
  EXPECT_EQ(through_base.log, direct.log);
  EXPECT_EQ(through_base.max_open, direct.max_open);
  EXPECT_LE(direct.max_open, kMaxOpenContainers);
  return Visit{status, direct.log, direct.max_open};
}

void ExpectVisitCorrupt(std::string_view bytes) {
  const Visit visit = VisitBoth(bytes);
  ASSERT_FALSE(visit.status.ok()) << bytes.size();
  EXPECT_EQ(visit.status.code(), ErrorCode::kInternalServerError);
}

TEST(ItemCodecTest, RejectsUnknownVersionAndCorruption) {
  using namespace std::string_literals;  // NOLINT(google-build-using-namespace): "\0" literals
  const Result<Item> newer = DecodeItem("\x02\x00"s);
  ASSERT_FALSE(newer.has_value());
  EXPECT_EQ(newer.error().message(), "Unsupported item format version 2");
  // One attribute named "a", then its value.
  const std::string one_attribute = "\x01\x01\x01\x61"s;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {""s, "empty"},
      {"\x00\x00"s, "version 0"},
      {"\x01\x00\x00"s, "trailing byte"},
      {one_attribute + "\x0c"s, "unknown tag"},
      {"\x01\x02\x01\x61\x06\x01\x61\x06"s, "duplicate name"},
      {one_attribute + "\x02\x01"s, "zero marked negative"},
      {one_attribute + "\x02\x02\x02\xa0"s, "nibble 10"},
      {one_attribute + "\x02\x04\x02\x05"s, "leading zero digit"},
      {one_attribute + "\x02\x02\x02\x15"s, "padding nibble set"},
      {one_attribute + "\x02\x04\x02\x10"s, "trailing zero digit"},
      {one_attribute + "\x02\x04\x02\x1b"s, "last nibble 11"},
      {one_attribute + "\x02\x08\x02\x12"s, "digits cut short"},
      {one_attribute + "\x02\x02"s, "exponent missing"},
      {one_attribute + "\x02\x02\x80\xf1\x04\x10"s, "exponent 40000"},
      {"\x01\xff\xff\xff\xff\x0f"s, "huge attribute count"},
      {one_attribute + "\x0a\xff\xff\xff\xff\x0f"s, "huge list count"},
  };
  for (const auto& [bytes, reason] : cases) {
    SCOPED_TRACE(reason);
    ExpectCorrupt(bytes);
    // The walk does not build the item, so it cannot see a duplicate name; all else it refuses.
    if (reason != "duplicate name") {
      ExpectVisitCorrupt(bytes);
    }
  }
}

TEST(ItemCodecTest, EveryTruncationFails) {
  const std::string encoded = Encode(EveryType());
  for (size_t length = 0; length < encoded.size(); ++length) {
    ExpectCorrupt(std::string_view(encoded.data(), length));
    ExpectVisitCorrupt(std::string_view(encoded.data(), length));
  }
}

TEST(ItemCodecTest, RandomGarbageNeverCrashes) {
  std::mt19937 random(7);
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string bytes(static_cast<size_t>(random() % 40), '\0');
    for (char& c : bytes) {
      // Mostly small values, so that tags, counts and lengths are often plausible.
      c = static_cast<char>(random() % 4 == 0 ? random() & 0xFF : random() % 12);
    }
    if (!bytes.empty() && i % 2 == 0) {
      bytes[0] = '\x01';
    }
    Result<Item> result = DecodeItem(bytes);
    const Visit visit = VisitBoth(bytes);
    if (!visit.status.ok()) {
      EXPECT_EQ(visit.status.code(), ErrorCode::kInternalServerError);
    }
    if (result.has_value()) {
      EXPECT_TRUE(visit.status.ok());
      ++decoded;
      // Whatever decodes survives a re-encoding.
      Result<Item> again = DecodeItem(Encode(*result));
      ASSERT_TRUE(again.has_value());
      EXPECT_EQ(*again, *result);
    } else {
      EXPECT_EQ(result.error().code(), ErrorCode::kInternalServerError);
    }
  }
  EXPECT_GT(decoded, 0);
}

TEST(ItemCodecTest, MutatedEncodingsNeverCrash) {
  const std::string encoded = Encode(EveryType());
  std::mt19937 random(11);
  for (int i = 0; i < 20000; ++i) {
    std::string bytes = encoded;
    const int flips = 1 + static_cast<int>(random() % 3);
    for (int f = 0; f < flips; ++f) {
      bytes[random() % bytes.size()] = static_cast<char>(random() & 0xFF);
    }
    Result<Item> result = DecodeItem(bytes);
    if (!result.has_value()) {
      EXPECT_EQ(result.error().code(), ErrorCode::kInternalServerError);
    }
    const Visit visit = VisitBoth(bytes);
    if (result.has_value()) {
      EXPECT_TRUE(visit.status.ok());
    } else if (!visit.status.ok()) {
      EXPECT_EQ(visit.status.code(), ErrorCode::kInternalServerError);
    }
  }
}

TEST(ItemCodecTest, NestingBound) {
  AttributeValue nested = AttributeValue::Map({});
  for (int i = 0; i < 60; ++i) {
    nested = i % 2 == 0 ? AttributeValue::List({nested}) : AttributeValue::Map({{"k", nested}});
  }
  const Item item = {{"deep", nested}};
  Result<Item> decoded = DecodeItem(Encode(item));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, item);
  // A hand-made list nested 100000 deep is refused, not a stack overflow.
  std::string deep = "\x01\x01\x01\x61";  // one attribute "a"
  for (int i = 0; i < 100000; ++i) {
    deep.append("\x0a\x01", 2);
  }
  deep.push_back('\x06');
  ExpectCorrupt(deep);
}

TEST(ItemCodecTest, VisitShowsEveryPartInOrder) {
  const Item item = {{"a", S("x")},
                     {"l", AttributeValue::List({AttributeValue::Bool(true), AttributeValue()})},
                     {"m", AttributeValue::Map({{"k", AttributeValue::Bool(false)}})},
                     {"n", N("-12.5")},
                     {"ns", AttributeValue::NumberSet({Num("0"), Num("300")})},
                     {"z", AttributeValue::Binary(std::string("\x00\xff", 2))}};
  const Visit visit = VisitBoth(Encode(item));
  ASSERT_TRUE(visit.status.ok()) << visit.status.ToString();
  using namespace std::string_literals;  // NOLINT(google-build-using-namespace): "\0" literals
  EXPECT_EQ(
      visit.log,
      "{6 a: S'x' l:[2 true null] m:{1 k: false} n: N-125e2 ns:<NS2 N+e0 N+3e3> z: B'\x00\xff'}"s);
  EXPECT_EQ(visit.max_open, 2);
  EXPECT_TRUE(VisitBoth(Encode(EveryType())).status.ok());
}

TEST(ItemCodecTest, NestingUpToTheBoundIsRead) {
  for (const bool maps : {false, true}) {
    SCOPED_TRACE(maps ? "maps" : "lists");
    // A set inside the innermost of kMaxEncodedNesting lists or maps: every container the walk
    // can have open at once.
    AttributeValue nested = AttributeValue::StringSet({"x"});
    for (int i = 0; i < kMaxEncodedNesting; ++i) {
      nested = maps ? AttributeValue::Map({{"k", nested}}) : AttributeValue::List({nested});
    }
    const std::string encoded = Encode({{"a", nested}});
    Result<Item> decoded = DecodeItem(encoded);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, (Item{{"a", nested}}));
    const Visit visit = VisitBoth(encoded);
    ASSERT_TRUE(visit.status.ok());
    EXPECT_EQ(visit.max_open, kMaxOpenContainers);
    // One level more is refused.
    nested = maps ? AttributeValue::Map({{"k", nested}}) : AttributeValue::List({nested});
    ExpectCorrupt(Encode({{"a", nested}}));
    ExpectVisitCorrupt(Encode({{"a", nested}}));
  }
}

TEST(ItemCodecTest, LongDigitRunsAreReadWhole) {
  // No valid number has more than 38 digits, but the format can hold more: they are read whole.
  std::string digits;
  for (int i = 0; i < 5; ++i) {
    digits += "123456789";
  }
  std::string bytes = "\x01\x01\x01\x61\x02";  // one attribute "a", a number
  bytes.push_back(static_cast<char>(digits.size() * 2));
  bytes.push_back('\x02');  // exponent 1
  for (size_t i = 0; i < digits.size(); i += 2) {
    const int high = digits[i] - '0';
    const int low = i + 1 < digits.size() ? digits[i + 1] - '0' : 0;
    bytes.push_back(static_cast<char>((high << 4) | low));
  }
  const Visit visit = VisitBoth(bytes);
  ASSERT_TRUE(visit.status.ok());
  EXPECT_EQ(visit.log, "{1 a: N+" + digits + "e1}");
  Result<Item> decoded = DecodeItem(bytes);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->at("a").as_number().digits(), digits);
}

}  // namespace
}  // namespace dynafake::model
