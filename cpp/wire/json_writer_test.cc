#include "wire/json_writer.h"

#include <random>

#include <gtest/gtest.h>

#include "model/item_codec.h"
#include "wire/attribute_value_json.h"

namespace dynafake::wire {
namespace {

TEST(JsonWriter, MatchesDumpOnDocuments) {
  const char* documents[] = {
      R"({})",
      R"({"a":[1,-2,3.5,1e300,true,false,null,"x"],"b":{"c":{}},"d":[]})",
      R"({"Item":{"pk":{"S":"a\"b\\c\n\t\u0001 é 日本"},"n":{"N":"-1.5"}}})",
      R"({"CapacityUnits":1.0,"Half":0.5,"Big":18446744073709551615,"Neg":-9223372036854775808})",
  };
  for (const char* text : documents) {
    const Json value = Json::parse(text);
    EXPECT_EQ(ToJsonText(value), value.dump()) << text;
  }
}

TEST(JsonWriter, DoublesKeepAFraction) {
  EXPECT_EQ(ToJsonText(Json(1.0)), "1.0");
  EXPECT_EQ(ToJsonText(Json(400.0)), "400.0");
  EXPECT_EQ(ToJsonText(Json(0.5)), "0.5");
}

TEST(JsonWriter, EveryControlCharacterIsEscapedAsDumpDoes) {
  std::string text;
  for (int c = 0; c < 0x80; ++c) {
    text.push_back(static_cast<char>(c));
  }
  const Json value = {{"s", text}};
  EXPECT_EQ(ToJsonText(value), value.dump());
}

TEST(JsonWriter, RandomStringsRoundTrip) {
  std::mt19937 random(7);
  for (int i = 0; i < 200; ++i) {
    std::string text;
    const int length = static_cast<int>(random() % 40);
    for (int j = 0; j < length; ++j) {
      text.push_back(static_cast<char>(random() % 0x80));
    }
    const Json value = {{"k" + std::to_string(i), text}};
    EXPECT_EQ(Json::parse(ToJsonText(value)), value);
  }
}

TEST(JsonWriter, EscapesAtEveryOffsetOfLongStrings) {
  // The writer skips clean eight-byte chunks: put each special byte at every offset of strings
  // long enough to span several chunks, among ASCII and multi-byte UTF-8.
  const std::string specials[] = {"\"", "\\", "\n", std::string(1, '\x01'), std::string(1, '\x1f')};
  for (const std::string& special : specials) {
    for (size_t offset = 0; offset < 40; ++offset) {
      std::string text = std::string(offset, 'a') + special + "é日本 more text after";
      EXPECT_EQ(ToJsonText(Json(text)), Json(text).dump()) << offset;
    }
  }
  const std::string clean = "plain ascii and é 日本 without anything to escape";
  EXPECT_EQ(ToJsonText(Json(clean)), Json(clean).dump());
}

TEST(JsonWriter, ItemJsonMatchesTheTreeForEveryType) {
  const Json wire_item = Json::parse(R"({
    "s": {"S": "a\"b\\ \u0001 é 𝄞"}, "n": {"N": "-12.50"}, "b": {"B": "AP+A"},
    "t": {"BOOL": true}, "f": {"BOOL": false}, "z": {"NULL": true},
    "ss": {"SS": ["x", "y\n"]}, "ns": {"NS": ["1", "-0.5E3"]}, "bs": {"BS": ["AAE=", "/w=="]},
    "l": {"L": [{"S": "e"}, {"L": []}, {"M": {}}]},
    "m": {"M": {"inner": {"M": {"deep": {"N": "0"}}}, "k": {"SS": ["q"]}}}})");
  const model::Item item = ParseItem(wire_item).value();
  std::string direct;
  AppendItemJson(item, &direct);
  EXPECT_EQ(direct, ToJsonText(ItemToJson(item)));
  std::string empty;
  AppendItemJson(model::Item(), &empty);
  EXPECT_EQ(empty, "{}");

  std::string encoded;
  model::EncodeItem(item, &encoded);
  std::string from_encoding;
  ASSERT_TRUE(AppendEncodedItemJson(encoded, &from_encoding).ok());
  EXPECT_EQ(from_encoding, direct);
  encoded.clear();
  model::EncodeItem(model::Item(), &encoded);
  std::string empty_from_encoding;
  ASSERT_TRUE(AppendEncodedItemJson(encoded, &empty_from_encoding).ok());
  EXPECT_EQ(empty_from_encoding, "{}");
  std::string corrupt;
  EXPECT_FALSE(AppendEncodedItemJson(encoded.substr(0, 0) + "\x01\x05", &corrupt).ok());
}

TEST(JsonWriter, RawJsonIsWrittenVerbatim) {
  Json response = Json::object();
  response["Items"] = RawJson(R"([{"a":{"S":"x"}},{}])");
  response["Count"] = 2;
  EXPECT_EQ(ToJsonText(response), R"({"Count":2,"Items":[{"a":{"S":"x"}},{}]})");
}

// The text AppendEncodedItemJson writes for `item` after `prefix`, which it must keep; checked
// against AppendItemJson, which writes from the built item.
void ExpectEncodedJsonMatches(const model::Item& item, const std::string& prefix = "") {
  std::string direct = prefix;
  AppendItemJson(item, &direct);
  std::string encoded;
  model::EncodeItem(item, &encoded);
  std::string from_encoding = prefix;
  ASSERT_TRUE(AppendEncodedItemJson(encoded, &from_encoding).ok());
  EXPECT_EQ(from_encoding, direct);
  EXPECT_EQ(Json::parse(from_encoding.substr(prefix.size())), ItemToJson(item));
}

TEST(JsonWriter, EncodedItemJsonEscapesNamesAndStringsOfEveryLength) {
  using model::AttributeValue;
  const std::string specials[] = {"", "\"", "\\", "\n", std::string(1, '\0'), "\x1f", "é"};
  for (const std::string& special : specials) {
    for (size_t length = 0; length < 40; ++length) {
      for (size_t offset = 0; offset <= length; offset += special.empty() ? length + 1 : 1) {
        std::string text(length, 'a');
        text.insert(offset, special);
        SCOPED_TRACE(Json(text).dump());
        ExpectEncodedJsonMatches(
            {{text, AttributeValue::String(text)},
             {text + "~set", AttributeValue::StringSet({text, "z" + text})},
             {text + "~list", AttributeValue::List({AttributeValue::String(text)})}});
      }
    }
  }
}

TEST(JsonWriter, EncodedItemJsonOfLongAndManyValues) {
  using model::AttributeValue;
  // More text than the room taken at first, in one value and in many.
  std::string long_text(100000, 'x');
  long_text[50000] = '\n';
  model::Item item = {{"long", AttributeValue::String(long_text)},
                      {"clean", AttributeValue::String(std::string(70000, 'y'))},
                      {"bin", AttributeValue::Binary(std::string(5000, '\xff'))}};
  ExpectEncodedJsonMatches(item);
  ExpectEncodedJsonMatches(item, "[{\"earlier\":{\"S\":\"item\"}},");
  model::Item many;
  for (int i = 0; i < 500; ++i) {
    many.emplace(
        "n" + std::to_string(i),
        AttributeValue::FromNumber(*model::Number::Parse("-1.5e" + std::to_string(i % 60))));
    many.emplace("s" + std::to_string(i),
                 AttributeValue::String("\"quoted\" " + std::to_string(i)));
    many.emplace("e" + std::to_string(i), AttributeValue::String(""));
  }
  ExpectEncodedJsonMatches(many);
}

TEST(JsonWriter, EncodedItemJsonOfNestingAtTheBound) {
  using model::AttributeValue;
  for (const bool maps : {false, true}) {
    AttributeValue nested =
        AttributeValue::NumberSet({*model::Number::Parse("1"), *model::Number::Parse("-0.25")});
    for (int i = 0; i < model::kMaxEncodedNesting; ++i) {
      nested = maps ? AttributeValue::Map({{"k", nested}, {"n", AttributeValue::Null()}})
                    : AttributeValue::List({AttributeValue::Bool(i % 2 == 0), nested});
    }
    ExpectEncodedJsonMatches({{"a", nested}, {"b", AttributeValue::List({})}});
  }
}

}  // namespace
}  // namespace dynafake::wire
