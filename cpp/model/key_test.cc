#include "model/key.h"

#include <string>

#include <gtest/gtest.h>

namespace dynafake::model {
namespace {

AttributeValue S(std::string text) {
  return AttributeValue::String(std::move(text));
}

AttributeValue B(std::string bytes) {
  return AttributeValue::Binary(std::move(bytes));
}

AttributeValue N(std::string_view text) {
  return AttributeValue::FromNumber(*Number::Parse(text));
}

KeySchema HashOnly(AttributeType type = AttributeType::kS) {
  return KeySchema{{"pk", type}, {}};
}

KeySchema HashRange(AttributeType hash_type = AttributeType::kS,
                    AttributeType range_type = AttributeType::kN) {
  return KeySchema{{"pk", hash_type}, KeyAttribute{"sk", range_type}};
}

std::string Message(const Status& status) {
  if (status.ok()) {
    return "OK";
  }
  EXPECT_EQ(status.code(), ErrorCode::kValidation);
  return status.message();
}

constexpr char kNoMatch[] = "The provided key element does not match the schema";
constexpr char kHashTooLarge[] =
    "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size "
    "limit of2048 bytes";
constexpr char kRangeTooLarge[] =
    "One or more parameter values were invalid: Aggregated size of all range keys has exceeded "
    "the size limit of 1024 bytes";

TEST(KeySchemaTest, ExtractKey) {
  const Item item = {{"pk", S("a")}, {"sk", N("1")}, {"other", S("x")}};
  const std::optional<Item> key = HashRange().ExtractKey(item);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(*key, (Item{{"pk", S("a")}, {"sk", N("1")}}));
  EXPECT_EQ(*HashOnly().ExtractKey(item), (Item{{"pk", S("a")}}));
  EXPECT_FALSE(HashRange().ExtractKey({{"pk", S("a")}}).has_value());
  EXPECT_FALSE(HashOnly().ExtractKey({{"sk", S("a")}}).has_value());
}

TEST(KeySchemaTest, IsKeyAttribute) {
  EXPECT_TRUE(HashRange().IsKeyAttribute("pk"));
  EXPECT_TRUE(HashRange().IsKeyAttribute("sk"));
  EXPECT_FALSE(HashRange().IsKeyAttribute("other"));
  EXPECT_FALSE(HashOnly().IsKeyAttribute("sk"));
  EXPECT_FALSE(HashOnly().IsKeyAttribute("PK"));
}

TEST(ValidateKeyArgumentTest, Accepts) {
  EXPECT_EQ(Message(ValidateKeyArgument(HashOnly(), {{"pk", S("a")}})), "OK");
  EXPECT_EQ(Message(ValidateKeyArgument(HashRange(), {{"pk", S("a")}, {"sk", N("0")}})), "OK");
  EXPECT_EQ(
      Message(ValidateKeyArgument(HashOnly(AttributeType::kB), {{"pk", B(std::string(1, '\0'))}})),
      "OK");
  EXPECT_EQ(Message(ValidateKeyArgument(HashOnly(), {{"pk", S(std::string(2048, 'x'))}})), "OK");
  EXPECT_EQ(Message(ValidateKeyArgument(HashRange(AttributeType::kS, AttributeType::kS),
                                        {{"pk", S("a")}, {"sk", S(std::string(1024, 'x'))}})),
            "OK");
}

TEST(ValidateKeyArgumentTest, ShapeMismatch) {
  EXPECT_EQ(Message(ValidateKeyArgument(HashOnly(), {})), kNoMatch);
  EXPECT_EQ(Message(ValidateKeyArgument(HashOnly(), {{"pk", N("1")}})), kNoMatch);
  EXPECT_EQ(Message(ValidateKeyArgument(HashOnly(), {{"other", S("a")}})), kNoMatch);
  EXPECT_EQ(Message(ValidateKeyArgument(HashOnly(), {{"pk", S("a")}, {"x", S("b")}})), kNoMatch);
  EXPECT_EQ(Message(ValidateKeyArgument(HashRange(), {{"pk", S("a")}})), kNoMatch);
  EXPECT_EQ(Message(ValidateKeyArgument(HashRange(), {{"pk", S("a")}, {"sk", S("1")}})), kNoMatch);
  EXPECT_EQ(Message(ValidateKeyArgument(HashRange(), {{"pk", S("a")}, {"x", N("1")}})), kNoMatch);
  EXPECT_EQ(
      Message(ValidateKeyArgument(HashRange(), {{"pk", S("a")}, {"sk", N("1")}, {"x", N("1")}})),
      kNoMatch);
  // The shape is checked before values: an empty hash key with a wrong range type is a mismatch.
  EXPECT_EQ(Message(ValidateKeyArgument(HashRange(), {{"pk", S("")}, {"sk", S("1")}})), kNoMatch);
}

TEST(ValidateKeyArgumentTest, EmptyValues) {
  EXPECT_EQ(Message(ValidateKeyArgument(HashOnly(), {{"pk", S("")}})),
            "One or more parameter values were invalid: The AttributeValue for a key attribute "
            "cannot contain an empty string value. Key: pk");
  EXPECT_EQ(Message(ValidateKeyArgument(HashOnly(AttributeType::kB), {{"pk", B("")}})),
            "One or more parameter values were invalid: The AttributeValue for a key attribute "
            "cannot contain an empty binary value. Key: pk");
  EXPECT_EQ(Message(ValidateKeyArgument(HashRange(AttributeType::kS, AttributeType::kS),
                                        {{"pk", S("a")}, {"sk", S("")}})),
            "One or more parameter values were invalid: The AttributeValue for a key attribute "
            "cannot contain an empty string value. Key: sk");
}

TEST(ValidateKeyArgumentTest, Sizes) {
  EXPECT_EQ(Message(ValidateKeyArgument(HashOnly(), {{"pk", S(std::string(2049, 'x'))}})),
            kHashTooLarge);
  // UTF-8 bytes count: 1025 two-byte characters.
  std::string wide;
  for (int i = 0; i < 1025; ++i) {
    wide += "\xc3\xa9";
  }
  EXPECT_EQ(Message(ValidateKeyArgument(HashOnly(), {{"pk", S(wide)}})), kHashTooLarge);
  EXPECT_EQ(Message(ValidateKeyArgument(HashOnly(AttributeType::kB),
                                        {{"pk", B(std::string(2049, '\0'))}})),
            kHashTooLarge);
  EXPECT_EQ(Message(ValidateKeyArgument(HashRange(AttributeType::kS, AttributeType::kB),
                                        {{"pk", S("a")}, {"sk", B(std::string(1025, 'x'))}})),
            kRangeTooLarge);
  // The hash key is checked before the range key.
  EXPECT_EQ(Message(ValidateKeyArgument(HashRange(AttributeType::kS, AttributeType::kS),
                                        {{"pk", S(std::string(2049, 'x'))}, {"sk", S("")}})),
            kHashTooLarge);
  // Numbers are never length-checked.
  EXPECT_EQ(
      Message(ValidateKeyArgument(HashOnly(AttributeType::kN),
                                  {{"pk", N("-1.2345678901234567890123456789012345678e-100")}})),
      "OK");
}

TEST(ValidateItemKeyTest, Accepts) {
  EXPECT_EQ(Message(ValidateItemKey(HashRange(), {{"pk", S("a")}, {"sk", N("1")}, {"x", S("")}})),
            "OK");
  EXPECT_EQ(Message(ValidateItemKey(HashOnly(), {{"pk", S("a")}, {"sk", N("1")}})), "OK");
}

TEST(ValidateItemKeyTest, Messages) {
  EXPECT_EQ(Message(ValidateItemKey(HashRange(), {{"sk", N("1")}})),
            "One or more parameter values were invalid: Missing the key pk in the item");
  EXPECT_EQ(Message(ValidateItemKey(HashRange(), {{"pk", S("a")}})),
            "One or more parameter values were invalid: Missing the key sk in the item");
  EXPECT_EQ(Message(ValidateItemKey(HashRange(), {{"pk", N("1")}, {"sk", N("1")}})),
            "One or more parameter values were invalid: Type mismatch for key pk expected: S "
            "actual: N");
  EXPECT_EQ(Message(ValidateItemKey(HashRange(), {{"pk", S("a")}, {"sk", AttributeValue::Null()}})),
            "One or more parameter values were invalid: Type mismatch for key sk expected: N "
            "actual: NULL");
  EXPECT_EQ(Message(ValidateItemKey(HashRange(), {{"pk", S("")}, {"sk", N("1")}})),
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an empty string value. Key: pk");
  EXPECT_EQ(Message(ValidateItemKey(HashRange(AttributeType::kS, AttributeType::kB),
                                    {{"pk", S("a")}, {"sk", B("")}})),
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an empty binary value. Key: sk");
  EXPECT_EQ(Message(ValidateItemKey(HashOnly(), {{"pk", S(std::string(2049, 'x'))}})),
            kHashTooLarge);
  EXPECT_EQ(Message(ValidateItemKey(HashRange(AttributeType::kS, AttributeType::kS),
                                    {{"pk", S("a")}, {"sk", S(std::string(1025, 'x'))}})),
            kRangeTooLarge);
}

// Every check of the hash key comes before any check of the range key.
TEST(ValidateItemKeyTest, HashChecksFirst) {
  EXPECT_EQ(Message(ValidateItemKey(HashRange(), {{"pk", S("")}})),
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an empty string value. Key: pk");
  EXPECT_EQ(Message(ValidateItemKey(HashRange(), {{"pk", S(std::string(3000, 'x'))}})),
            kHashTooLarge);
}

}  // namespace
}  // namespace dynafake::model
