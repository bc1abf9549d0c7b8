#include "model/attribute_value.h"

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace dynafake::model {
namespace {

Number Num(std::string_view text) {
  return *Number::Parse(text);
}

AttributeValue N(std::string_view text) {
  return AttributeValue::FromNumber(Num(text));
}

AttributeValue S(std::string text) {
  return AttributeValue::String(std::move(text));
}

TEST(AttributeTypeTest, NamesAndClasses) {
  EXPECT_EQ(AttributeTypeName(AttributeType::kS), "S");
  EXPECT_EQ(AttributeTypeName(AttributeType::kN), "N");
  EXPECT_EQ(AttributeTypeName(AttributeType::kB), "B");
  EXPECT_EQ(AttributeTypeName(AttributeType::kBOOL), "BOOL");
  EXPECT_EQ(AttributeTypeName(AttributeType::kNULL), "NULL");
  EXPECT_EQ(AttributeTypeName(AttributeType::kSS), "SS");
  EXPECT_EQ(AttributeTypeName(AttributeType::kNS), "NS");
  EXPECT_EQ(AttributeTypeName(AttributeType::kBS), "BS");
  EXPECT_EQ(AttributeTypeName(AttributeType::kL), "L");
  EXPECT_EQ(AttributeTypeName(AttributeType::kM), "M");
  EXPECT_TRUE(IsScalarKeyType(AttributeType::kS));
  EXPECT_TRUE(IsScalarKeyType(AttributeType::kN));
  EXPECT_TRUE(IsScalarKeyType(AttributeType::kB));
  EXPECT_FALSE(IsScalarKeyType(AttributeType::kBOOL));
  EXPECT_FALSE(IsScalarKeyType(AttributeType::kSS));
  EXPECT_TRUE(IsSetType(AttributeType::kSS));
  EXPECT_TRUE(IsSetType(AttributeType::kNS));
  EXPECT_TRUE(IsSetType(AttributeType::kBS));
  EXPECT_FALSE(IsSetType(AttributeType::kL));
  EXPECT_FALSE(IsSetType(AttributeType::kS));
}

TEST(AttributeValueTest, FactoriesAndAccessors) {
  EXPECT_EQ(AttributeValue().type(), AttributeType::kNULL);
  EXPECT_EQ(AttributeValue::Null().type(), AttributeType::kNULL);
  EXPECT_EQ(S("x").as_string(), "x");
  EXPECT_EQ(AttributeValue::Binary(std::string("\0\1", 2)).as_string(), std::string("\0\1", 2));
  EXPECT_EQ(AttributeValue::Binary("").type(), AttributeType::kB);
  EXPECT_EQ(N("12.50").as_number().ToString(), "12.5");
  EXPECT_TRUE(AttributeValue::Bool(true).as_bool());
  EXPECT_FALSE(AttributeValue::Bool(false).as_bool());
  EXPECT_EQ(AttributeValue::StringSet({"a", "b"}).as_string_set().size(), 2u);
  EXPECT_EQ(AttributeValue::BinarySet({"a"}).type(), AttributeType::kBS);
  EXPECT_EQ(AttributeValue::NumberSet({Num("1")}).as_number_set()[0].ToString(), "1");
  EXPECT_EQ(AttributeValue::List({S("a"), N("1")}).as_list().size(), 2u);
  const AttributeValue map = AttributeValue::Map({{"k", S("v")}});
  EXPECT_EQ(map.as_map().at("k").as_string(), "v");
}

TEST(AttributeValueTest, EqualityByValue) {
  EXPECT_EQ(N("1000"), N("1e3"));
  EXPECT_EQ(N("1"), N("1.0"));
  EXPECT_NE(N("1"), N("2"));
  EXPECT_EQ(S("a"), S("a"));
  EXPECT_NE(S("a"), S("b"));
  EXPECT_NE(S("1"), N("1"));
  EXPECT_NE(S("a"), AttributeValue::Binary("a"));
  EXPECT_EQ(AttributeValue::Null(), AttributeValue());
  EXPECT_EQ(AttributeValue::Bool(true), AttributeValue::Bool(true));
  EXPECT_NE(AttributeValue::Bool(true), AttributeValue::Bool(false));
  EXPECT_NE(AttributeValue::Bool(false), AttributeValue::Null());
}

TEST(AttributeValueTest, SetsAreOrderFree) {
  EXPECT_EQ(AttributeValue::StringSet({"a", "b", "c"}), AttributeValue::StringSet({"c", "a", "b"}));
  EXPECT_NE(AttributeValue::StringSet({"a", "b"}), AttributeValue::StringSet({"a", "c"}));
  EXPECT_NE(AttributeValue::StringSet({"a", "b"}), AttributeValue::StringSet({"a"}));
  EXPECT_NE(AttributeValue::StringSet({"a"}), AttributeValue::BinarySet({"a"}));
  EXPECT_EQ(AttributeValue::BinarySet({"\x01", "\x02"}),
            AttributeValue::BinarySet({"\x02", "\x01"}));
  EXPECT_EQ(AttributeValue::NumberSet({Num("1"), Num("2.0")}),
            AttributeValue::NumberSet({Num("2"), Num("1e0")}));
  EXPECT_NE(AttributeValue::NumberSet({Num("1"), Num("2")}),
            AttributeValue::NumberSet({Num("1"), Num("3")}));
  // Larger sets take the sorting path.
  std::vector<std::string> forward, backward;
  std::vector<Number> numbers_forward, numbers_backward;
  for (int i = 0; i < 50; ++i) {
    forward.push_back("m" + std::to_string(i));
    backward.insert(backward.begin(), "m" + std::to_string(i));
    numbers_forward.push_back(Num(std::to_string(i)));
    numbers_backward.insert(numbers_backward.begin(), Num(std::to_string(i) + ".0"));
  }
  EXPECT_EQ(AttributeValue::StringSet(forward), AttributeValue::StringSet(backward));
  EXPECT_EQ(AttributeValue::NumberSet(numbers_forward),
            AttributeValue::NumberSet(numbers_backward));
  backward[10] = "other";
  numbers_backward[10] = Num("1000");
  EXPECT_NE(AttributeValue::StringSet(forward), AttributeValue::StringSet(backward));
  EXPECT_NE(AttributeValue::NumberSet(numbers_forward),
            AttributeValue::NumberSet(numbers_backward));
}

TEST(AttributeValueTest, ListsInOrderMapsByName) {
  EXPECT_EQ(AttributeValue::List({S("a"), N("1")}), AttributeValue::List({S("a"), N("1.0")}));
  EXPECT_NE(AttributeValue::List({S("a"), N("1")}), AttributeValue::List({N("1"), S("a")}));
  EXPECT_NE(AttributeValue::List({S("a")}), AttributeValue::List({S("a"), S("a")}));
  EXPECT_EQ(AttributeValue::Map({{"a", N("1")}, {"b", S("x")}}),
            AttributeValue::Map({{"b", S("x")}, {"a", N("1e0")}}));
  EXPECT_NE(AttributeValue::Map({{"a", N("1")}}), AttributeValue::Map({{"b", N("1")}}));
  EXPECT_NE(AttributeValue::Map({}), AttributeValue::List({}));
  EXPECT_EQ(AttributeValue::Map({}), AttributeValue::Map({}));
}

TEST(AttributeValueTest, CopiesAreIndependent) {
  AttributeValue original = AttributeValue::List({S("a")});
  AttributeValue copy = original;
  copy.mutable_list().push_back(S("b"));
  EXPECT_EQ(original.as_list().size(), 1u);
  EXPECT_EQ(copy.as_list().size(), 2u);

  AttributeValue map = AttributeValue::Map({{"k", S("v")}});
  AttributeMap& members = map.mutable_map();
  const AttributeValue snapshot = map;  // taken while a mutable reference is live
  members["k"] = S("changed");
  members["new"] = N("1");
  EXPECT_EQ(snapshot.as_map().size(), 1u);
  EXPECT_EQ(snapshot.as_map().at("k").as_string(), "v");
  EXPECT_EQ(map.as_map().at("k").as_string(), "changed");

  // Nested: mutate an element of a copied list.
  AttributeValue outer = AttributeValue::List({AttributeValue::Map({{"x", N("1")}})});
  AttributeValue outer_copy = outer;
  outer_copy.mutable_list()[0].mutable_map()["x"] = N("2");
  EXPECT_EQ(outer.as_list()[0].as_map().at("x"), N("1"));
  EXPECT_EQ(outer_copy.as_list()[0].as_map().at("x"), N("2"));
}

TEST(AttributeValueTest, AssignmentAndMove) {
  AttributeValue a = S("a");
  AttributeValue b = N("2");
  b = a;
  EXPECT_EQ(b, S("a"));
  b = b;  // self-assignment keeps the value
  EXPECT_EQ(b, S("a"));
  AttributeValue c = std::move(a);
  EXPECT_EQ(c, S("a"));
  EXPECT_EQ(a.type(), AttributeType::kNULL);  // NOLINT(bugprone-use-after-move): defined state
  AttributeValue d = AttributeValue::Bool(true);
  d = std::move(c);
  EXPECT_EQ(d, S("a"));
}

TEST(AttributeValueTest, ConcurrentCopiesAndMutations) {
  const AttributeValue shared = AttributeValue::List({S("a"), N("1")});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&shared, t] {
      for (int i = 0; i < 2000; ++i) {
        AttributeValue copy = shared;
        copy.mutable_list().push_back(N(std::to_string(t)));
        ASSERT_EQ(copy.as_list().size(), 3u);
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(shared.as_list().size(), 2u);
}

// Item sizes from dynamodb-behaviour.md 2.7.
TEST(AttributeValueSizeTest, DocumentedExamples) {
  const Item shirt = {{"shirt-color", S("R")}, {"shirt-size", S("M")}};
  EXPECT_EQ(ItemSize(shirt), 23u);
  const Item list_item = {{"a", AttributeValue::List({N("1"), S("xy")})}};
  EXPECT_EQ(ItemSize(list_item), 10u);
  EXPECT_EQ(ItemSize({}), 0u);
}

TEST(AttributeValueSizeTest, PerType) {
  EXPECT_EQ(S("").Size(), 0u);
  EXPECT_EQ(S("h\xc3\xa9llo").Size(), 6u);  // UTF-8 bytes
  EXPECT_EQ(AttributeValue::Binary(std::string(5, '\0')).Size(), 5u);
  EXPECT_EQ(N("0").Size(), 1u);
  EXPECT_EQ(N("-12.5").Size(), 4u);
  EXPECT_EQ(AttributeValue::Bool(false).Size(), 1u);
  EXPECT_EQ(AttributeValue::Null().Size(), 1u);
  EXPECT_EQ(AttributeValue::StringSet({"ab", "cde"}).Size(), 5u);
  EXPECT_EQ(AttributeValue::BinarySet({"ab", ""}).Size(), 2u);
  EXPECT_EQ(AttributeValue::NumberSet({Num("1"), Num("-12.5"), Num("0")}).Size(), 7u);
  EXPECT_EQ(AttributeValue::List({}).Size(), 3u);
  EXPECT_EQ(AttributeValue::Map({}).Size(), 3u);
  // M: 3 + (1 + 2 + 1) + (1 + 1 + 3).
  EXPECT_EQ(AttributeValue::Map({{"ab", S("x")}, {"c", N("-1")}}).Size(), 12u);
  // Nested: L of one M of one BOOL: 3 + 1 + (3 + 1 + 1 + 1).
  EXPECT_EQ(AttributeValue::List({AttributeValue::Map({{"k", AttributeValue::Bool(true)}})}).Size(),
            10u);
}

TEST(AttributeValueTest, NestingDepth) {
  EXPECT_EQ(S("x").NestingDepth(), 0);
  EXPECT_EQ(AttributeValue::StringSet({"a"}).NestingDepth(), 0);
  EXPECT_EQ(AttributeValue::List({}).NestingDepth(), 1);
  EXPECT_EQ(AttributeValue::Map({{"a", S("x")}}).NestingDepth(), 1);
  EXPECT_EQ(AttributeValue::List({S("x"), AttributeValue::Map({{"a", AttributeValue::List({})}})})
                .NestingDepth(),
            3);
  AttributeValue nested = AttributeValue::Map({});
  for (int i = 0; i < 30; ++i) {
    nested = AttributeValue::Map({{"a", nested}});
  }
  EXPECT_EQ(nested.NestingDepth(), 31);
}

}  // namespace
}  // namespace dynafake::model
