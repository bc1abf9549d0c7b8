#include "wire/attribute_value_json.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dynafake::wire {
namespace {

using model::AttributeType;
using model::AttributeValue;

constexpr char kInvalid[] = "One or more parameter values were invalid: ";

// "OK", or "<ErrorCode name>: <message>".
std::string ParseOutcome(std::string_view json_text) {
  const Result<AttributeValue> value = ParseAttributeValue(Json::parse(json_text));
  return value.has_value() ? "OK" : value.error().ToString();
}

std::string Validation(std::string_view message) {
  return "ValidationException: " + std::string(message);
}

std::string Serialization(std::string_view message) {
  return "SerializationException: " + std::string(message);
}

std::string ItemOutcome(std::string_view json_text) {
  const Result<model::Item> item = ParseItem(Json::parse(json_text));
  return item.has_value() ? "OK" : item.error().ToString();
}

// Every row of dynamodb-behaviour.md 2.1.
TEST(ParseAttributeValueTest, DocumentedValidationMessages) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({})",
       "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"},
      {R"({"S": "a", "N": "1"})",
       "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
       "supported datatypes"},
      {R"({"BOOL": true, "NULL": true})",
       "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
       "supported datatypes"},
      {R"({"NULL": false})",
       std::string(kInvalid) + "Null attribute value types must have the value of true"},
      {R"({"SS": []})", std::string(kInvalid) + "An string set  may not be empty"},
      {R"({"NS": []})", std::string(kInvalid) + "An number set  may not be empty"},
      {R"({"BS": []})", std::string(kInvalid) + "Binary sets should not be empty"},
      {R"({"SS": ["a", "a"]})",
       std::string(kInvalid) + "Input collection [a, a] contains duplicates."},
      {R"({"SS": ["x", "a", "b", "a"]})",
       std::string(kInvalid) + "Input collection [x, a, b, a] contains duplicates."},
      {R"({"NS": ["1", "1.0"]})", "Input collection contains duplicates"},
      {R"({"NS": ["1000", "2", "1e3"]})", "Input collection contains duplicates"},
      {R"({"BS": ["YQ==", "YQ=="]})",
       std::string(kInvalid) + "Input collection [YQ==, YQ==]of type BS contains duplicates."},
      {R"({"N": "NaN"})", "The parameter cannot be converted to a numeric value: NaN"},
      {R"({"N": "Infinity"})", "The parameter cannot be converted to a numeric value: Infinity"},
      {R"({"N": "dog"})", "The parameter cannot be converted to a numeric value: dog"},
      {R"({"N": " 1"})", "The parameter cannot be converted to a numeric value:  1"},
      {R"({"N": "1 "})", "The parameter cannot be converted to a numeric value: 1 "},
      {R"({"N": ""})", "The parameter cannot be converted to a numeric value"},
      {R"({"NS": ["1", ""]})", "The parameter cannot be converted to a numeric value"},
      {R"({"NS": ["1", "b"]})", "The parameter cannot be converted to a numeric value: b"},
      {R"({"N": "1e126"})",
       "Number overflow. Attempting to store a number with magnitude larger than supported range"},
      {R"({"N": "-1e126"})",
       "Number overflow. Attempting to store a number with magnitude larger than supported range"},
      {R"({"N": "1e-131"})",
       "Number underflow. Attempting to store a number with magnitude smaller than supported "
       "range"},
      {R"({"N": "123456789012345678901234567890123456789"})",
       "Attempting to store more than 38 significant digits in a Number"},
      {R"({"NS": ["-1.23456789012345678901234567890123456789"]})",
       "Attempting to store more than 38 significant digits in a Number"},
  };
  for (const auto& [input, message] : cases) {
    EXPECT_EQ(ParseOutcome(input), Validation(message)) << input;
  }
}

TEST(ParseAttributeValueTest, ValidatesInsideListsAndMaps) {
  EXPECT_EQ(ParseOutcome(R"({"L": [{"S": "ok"}, {"N": "dog"}]})"),
            Validation("The parameter cannot be converted to a numeric value: dog"));
  EXPECT_EQ(ParseOutcome(R"({"M": {"a": {}}})"),
            Validation("Supplied AttributeValue is empty, must contain exactly one of the "
                       "supported datatypes"));
  EXPECT_EQ(ParseOutcome(R"({"M": {"a": {"L": [{"SS": ["z", "z"]}]}}})"),
            Validation(std::string(kInvalid) + "Input collection [z, z] contains duplicates."));
  EXPECT_EQ(ParseOutcome(R"({"L": [null]})"),
            Validation("Supplied AttributeValue is empty, must contain exactly one of the "
                       "supported datatypes"));
  EXPECT_EQ(
      ParseOutcome(R"({"L": [{"NULL": false}]})"),
      Validation(std::string(kInvalid) + "Null attribute value types must have the value of true"));
}

// The first failing rule wins: members in the model's order (S, N, B, SS, NS, BS, M, L, NULL,
// BOOL), each validated before the "more than one datatypes" check.
TEST(ParseAttributeValueTest, RuleOrder) {
  EXPECT_EQ(ParseOutcome(R"({"S": "a", "N": "b"})"),
            Validation("The parameter cannot be converted to a numeric value: b"));
  EXPECT_EQ(ParseOutcome(R"({"NULL": false, "SS": []})"),
            Validation(std::string(kInvalid) + "An string set  may not be empty"));
  EXPECT_EQ(ParseOutcome(R"({"N": "1e126", "NS": ["1", "1"]})"),
            Validation("Number overflow. Attempting to store a number with magnitude larger than "
                       "supported range"));
  EXPECT_EQ(ParseOutcome(R"({"BOOL": true, "L": [{}]})"),
            Validation("Supplied AttributeValue is empty, must contain exactly one of the "
                       "supported datatypes"));
}

TEST(ParseAttributeValueTest, SerializationErrors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"N": 123})", "NUMBER_VALUE cannot be converted to String"},
      {R"({"S": 123})", "NUMBER_VALUE cannot be converted to String"},
      {R"({"S": 2147483648})", "NUMBER_VALUE cannot be converted to String"},
      {R"({"S": 34.56})", "DECIMAL_VALUE cannot be converted to String"},
      {R"({"S": true})", "TRUE_VALUE cannot be converted to String"},
      {R"({"N": false})", "FALSE_VALUE cannot be converted to String"},
      {R"({"S": []})", "Unrecognized collection type class java.lang.String"},
      {R"({"S": {"S": "asdf"}})", "Start of structure or map found where not expected"},
      {R"({"B": 5})", "only base-64-encoded strings are convertible to bytes"},
      {R"({"B": true})", "only base-64-encoded strings are convertible to bytes"},
      {R"({"B": []})", "Unrecognized collection type class java.nio.ByteBuffer"},
      {R"({"B": {}})", "Start of structure or map found where not expected"},
      {R"({"B": "23456"})", "Base64 encoded length is expected a multiple of 4 bytes but found: 5"},
      {R"({"B": "=+/="})", "Invalid last non-pad Base64 character dectected"},
      {R"({"B": "+/+="})", "Invalid last non-pad Base64 character dectected"},
      {R"({"B": "ab!="})", "Invalid Base64 character: '!'"},
      {R"({"BOOL": "true"})", "Unexpected token received from parser"},
      {R"({"BOOL": 23})", "NUMBER_VALUE cannot be converted to Boolean"},
      {R"({"NULL": 34.56})", "DECIMAL_VALUE cannot be converted to Boolean"},
      {R"({"NULL": []})", "Unrecognized collection type class java.lang.Boolean"},
      {R"({"BOOL": {}})", "Start of structure or map found where not expected"},
      {R"({"SS": "a"})", "Unexpected field type"},
      {R"({"NS": 5})", "Unexpected field type"},
      {R"({"BS": true})", "Unexpected field type"},
      {R"({"L": {}})", "Start of structure or map found where not expected"},
      {R"({"SS": [1]})", "NUMBER_VALUE cannot be converted to String"},
      {R"({"NS": [1]})", "NUMBER_VALUE cannot be converted to String"},
      {R"({"BS": ["abc"]})",
       "Base64 encoded length is expected a multiple of 4 bytes but found: 3"},
      {R"({"M": 5})", "Unexpected field type"},
      {R"({"M": []})",
       "Unrecognized collection type java.util.Map<java.lang.String, "
       "com.amazonaws.dynamodb.v20120810.AttributeValue>"},
      {R"({"L": [5]})", "Unexpected value type in payload"},
      {R"({"M": {"a": "x"}})", "Unexpected value type in payload"},
      {R"({"L": [[]]})",
       "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"},
      {R"("x")", "Unexpected value type in payload"},
  };
  for (const auto& [input, message] : cases) {
    EXPECT_EQ(ParseOutcome(input), Serialization(message)) << input;
  }
}

// The service deserializes everything before validating: a type error anywhere wins.
TEST(ParseAttributeValueTest, SerializationBeatsValidation) {
  EXPECT_EQ(ParseOutcome(R"({"L": [{"N": "dog"}, {"S": 5}]})"),
            Serialization("NUMBER_VALUE cannot be converted to String"));
  EXPECT_EQ(ParseOutcome(R"({"N": "x", "B": 5})"),
            Serialization("only base-64-encoded strings are convertible to bytes"));
  EXPECT_EQ(ParseOutcome(R"({"SS": ["a", "a"], "M": {"k": {"BOOL": "yes"}}})"),
            Serialization("Unexpected token received from parser"));
  EXPECT_EQ(ItemOutcome(R"({"a": {"N": "x"}, "b": {"S": 5}})"),
            Serialization("NUMBER_VALUE cannot be converted to String"));
}

TEST(ParseAttributeValueTest, AcceptsEveryType) {
  const Result<AttributeValue> s = ParseAttributeValue(Json::parse(R"({"S": "h\u00e9"})"));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->as_string(), "h\xc3\xa9");
  EXPECT_EQ(ParseAttributeValue(Json::parse(R"({"N": "1e3"})"))->as_number().ToString(), "1000");
  EXPECT_EQ(ParseAttributeValue(Json::parse(R"({"B": "AP+A"})"))->as_string(),
            std::string("\x00\xff\x80", 3));
  EXPECT_TRUE(ParseAttributeValue(Json::parse(R"({"BOOL": true})"))->as_bool());
  EXPECT_FALSE(ParseAttributeValue(Json::parse(R"({"BOOL": false})"))->as_bool());
  EXPECT_EQ(ParseAttributeValue(Json::parse(R"({"NULL": true})"))->type(), AttributeType::kNULL);
  EXPECT_EQ(ParseAttributeValue(Json::parse(R"({"SS": ["b", "a"]})"))->as_string_set(),
            (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(
      ParseAttributeValue(Json::parse(R"({"NS": ["2", "1.50"]})"))->as_number_set()[1].ToString(),
      "1.5");
  EXPECT_EQ(ParseAttributeValue(Json::parse(R"({"BS": ["YQ==", "Yg=="]})"))->as_string_set(),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(
      ParseAttributeValue(Json::parse(R"({"L": [{"S": "x"}, {"N": "1"}]})"))->as_list().size(), 2u);
  EXPECT_EQ(
      ParseAttributeValue(Json::parse(R"({"M": {"k": {"S": "v"}}})"))->as_map().at("k").as_string(),
      "v");
}

// Empty strings and binaries are legal outside keys; empty lists and maps are legal too.
TEST(ParseAttributeValueTest, EmptyScalarsAndContainers) {
  EXPECT_EQ(ParseOutcome(R"({"S": ""})"), "OK");
  EXPECT_EQ(ParseOutcome(R"({"B": ""})"), "OK");
  EXPECT_EQ(ParseOutcome(R"({"SS": ["", "a"]})"), "OK");
  EXPECT_EQ(ParseOutcome(R"({"BS": ["", "YQ=="]})"), "OK");
  EXPECT_EQ(ParseOutcome(R"({"L": []})"), "OK");
  EXPECT_EQ(ParseOutcome(R"({"M": {}})"), "OK");
}

// JSON nulls and unknown members are absent.
TEST(ParseAttributeValueTest, NullsAndUnknownMembers) {
  EXPECT_EQ(ParseOutcome(R"({"S": null})"),
            Validation("Supplied AttributeValue is empty, must contain exactly one of the "
                       "supported datatypes"));
  EXPECT_EQ(ParseOutcome(R"({"X": "a"})"),
            Validation("Supplied AttributeValue is empty, must contain exactly one of the "
                       "supported datatypes"));
  EXPECT_EQ(ParseOutcome("null"),
            Validation("Supplied AttributeValue is empty, must contain exactly one of the "
                       "supported datatypes"));
  const Result<AttributeValue> value =
      ParseAttributeValue(Json::parse(R"({"S": "a", "N": null, "X": 1})"));
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ(value->as_string(), "a");
}

TEST(ParseAttributeValueTest, LargeSetsFindDuplicates) {
  Json strings = Json::array();
  Json numbers = Json::array();
  for (int i = 0; i < 100; ++i) {
    strings.push_back("s" + std::to_string(i));
    numbers.push_back(std::to_string(i));
  }
  EXPECT_TRUE(ParseAttributeValue(Json{{"SS", strings}}).has_value());
  EXPECT_TRUE(ParseAttributeValue(Json{{"NS", numbers}}).has_value());
  strings.push_back("s42");
  numbers.push_back("42.000");
  EXPECT_EQ(ParseAttributeValue(Json{{"NS", numbers}}).error().message(),
            "Input collection contains duplicates");
  const std::string message = ParseAttributeValue(Json{{"SS", strings}}).error().message();
  const std::string prefix = std::string(kInvalid) + "Input collection [s0, s1, s2, s3, ";
  const std::string suffix = "s98, s99, s42] contains duplicates.";
  ASSERT_GT(message.size(), prefix.size() + suffix.size());
  EXPECT_EQ(message.substr(0, prefix.size()), prefix);
  EXPECT_EQ(message.substr(message.size() - suffix.size()), suffix);
}

// A chain of `levels` maps (or lists), the innermost empty.
Json Nested(int levels, bool lists) {
  Json value = lists ? Json{{"L", Json::array()}} : Json{{"M", Json::object()}};
  for (int i = 1; i < levels; ++i) {
    Json container = lists ? Json::array() : Json::object();
    if (lists) {
      container.push_back(std::move(value));
    } else {
      container["a"] = std::move(value);
    }
    value = Json::object();
    value[lists ? "L" : "M"] = std::move(container);
  }
  return value;
}

// DynamoDB: an attribute holding 31 nested maps is the deepest accepted (with the item, 32
// levels); one more is refused.
TEST(ParseAttributeValueTest, NestingLimit) {
  for (const bool lists : {false, true}) {
    const Result<AttributeValue> deepest = ParseAttributeValue(Nested(31, lists));
    ASSERT_TRUE(deepest.has_value());
    EXPECT_EQ(deepest->NestingDepth(), 31);
    EXPECT_EQ(ParseAttributeValue(Nested(32, lists)).error().ToString(),
              Validation("Nesting Levels have exceeded supported limits"));
    EXPECT_EQ(ParseAttributeValue(Nested(50, lists)).error().message(),
              "Nesting Levels have exceeded supported limits");
    EXPECT_EQ(ParseItem(Json{{"nested", Nested(31, lists)}})->at("nested").NestingDepth(), 31);
    EXPECT_EQ(ParseItem(Json{{"nested", Nested(32, lists)}}).error().message(),
              "Nesting Levels have exceeded supported limits");
  }
  EXPECT_EQ(ParseAttributeValue(Nested(5000, false)).error().message(),
            "Nesting Levels have exceeded supported limits");
}

TEST(ParseItemTest, ShapesAndErrors) {
  const Result<model::Item> item =
      ParseItem(Json::parse(R"({"pk": {"S": "a"}, "n": {"N": "007"}, "": {"NULL": true}})"));
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->size(), 3u);
  EXPECT_EQ(item->at("n").as_number().ToString(), "7");
  EXPECT_TRUE(ParseItem(Json::parse("{}"))->empty());
  EXPECT_TRUE(ParseItem(Json())->empty());
  EXPECT_EQ(ItemOutcome("[]"),
            Serialization("Unrecognized collection type java.util.Map<java.lang.String, "
                          "com.amazonaws.dynamodb.v20120810.AttributeValue>"));
  EXPECT_EQ(ItemOutcome("5"),
            Serialization("class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl "
                          "cannot be cast to class java.lang.Class (sun.reflect.generics."
                          "reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in "
                          "module java.base of loader 'bootstrap')"));
  EXPECT_EQ(ItemOutcome(R"({"a": {"S": "x"}, "b": {}})"),
            Validation("Supplied AttributeValue is empty, must contain exactly one of the "
                       "supported datatypes"));
  EXPECT_EQ(ItemOutcome(R"({"a": 5})"), Serialization("Unexpected value type in payload"));
  EXPECT_EQ(ItemOutcome(R"({"a": null})"),
            Validation("Supplied AttributeValue is empty, must contain exactly one of the "
                       "supported datatypes"));
}

TEST(AttributeValueJsonTest, OutputShapes) {
  EXPECT_EQ(AttributeValueToJson(AttributeValue::String("x")).dump(), R"({"S":"x"})");
  EXPECT_EQ(
      AttributeValueToJson(AttributeValue::FromNumber(*model::Number::Parse("-1.50e2"))).dump(),
      R"({"N":"-150"})");
  EXPECT_EQ(AttributeValueToJson(AttributeValue::Binary(std::string("\x00\xff\x80", 3))).dump(),
            R"({"B":"AP+A"})");
  EXPECT_EQ(AttributeValueToJson(AttributeValue::Bool(false)).dump(), R"({"BOOL":false})");
  EXPECT_EQ(AttributeValueToJson(AttributeValue::Null()).dump(), R"({"NULL":true})");
  EXPECT_EQ(AttributeValueToJson(AttributeValue::StringSet({"b", "a"})).dump(),
            R"({"SS":["b","a"]})");
  EXPECT_EQ(AttributeValueToJson(AttributeValue::BinarySet({"a", ""})).dump(),
            R"({"BS":["YQ==",""]})");
  EXPECT_EQ(AttributeValueToJson(AttributeValue::NumberSet(
                                     {*model::Number::Parse("1e2"), *model::Number::Parse(".5")}))
                .dump(),
            R"({"NS":["100","0.5"]})");
  EXPECT_EQ(AttributeValueToJson(AttributeValue::List({})).dump(), R"({"L":[]})");
  EXPECT_EQ(AttributeValueToJson(AttributeValue::Map({})).dump(), R"({"M":{}})");
  EXPECT_EQ(ItemToJson({}).dump(), "{}");
}

// Parse then print gives the canonical wire form: numbers normalised, everything else as sent.
TEST(AttributeValueJsonTest, RoundTrips) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"a":{"S":"x"}})", R"({"a":{"S":"x"}})"},
      {R"({"n":{"N":"+001.500e1"}})", R"({"n":{"N":"15"}})"},
      {R"({"z":{"N":"-0.0"}})", R"({"z":{"N":"0"}})"},
      {R"({"b":{"B":"AP+A"}})", R"({"b":{"B":"AP+A"}})"},
      {R"({"ns":{"NS":["1e1","-2.50"]}})", R"({"ns":{"NS":["10","-2.5"]}})"},
      {R"({"l":{"L":[{"BOOL":true},{"NULL":true},{"M":{"k":{"BS":["YQ=="]}}}]}})",
       R"({"l":{"L":[{"BOOL":true},{"NULL":true},{"M":{"k":{"BS":["YQ=="]}}}]}})"},
      {R"({"s":{"SS":["z","a",""]},"e":{"S":""}})", R"({"e":{"S":""},"s":{"SS":["z","a",""]}})"},
  };
  for (const auto& [input, expected] : cases) {
    const Result<model::Item> item = ParseItem(Json::parse(input));
    ASSERT_TRUE(item.has_value()) << input << " " << item.status().ToString();
    const Json output = ItemToJson(*item);
    EXPECT_EQ(output.dump(), expected);
    // And the output parses back to an equal item.
    EXPECT_EQ(*ParseItem(output), *item);
  }
}

}  // namespace
}  // namespace dynafake::wire
