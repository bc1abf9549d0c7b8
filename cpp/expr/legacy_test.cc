#include "expr/legacy.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "expr/evaluate.h"
#include "model/number.h"

namespace dynafake::expr {
namespace {

using model::AttributeValue;
using model::Item;

AttributeValue S(std::string text) {
  return AttributeValue::String(std::move(text));
}

AttributeValue N(std::string_view text) {
  return AttributeValue::FromNumber(model::Number::Parse(text).value());
}

AttributeValue B(std::string bytes) {
  return AttributeValue::Binary(std::move(bytes));
}

ExpectedCondition WithOperator(std::string attribute, ComparisonOperator comparison_operator,
                               std::vector<AttributeValue> values) {
  ExpectedCondition entry;
  entry.attribute = std::move(attribute);
  entry.comparison_operator = comparison_operator;
  entry.attribute_value_list = std::move(values);
  return entry;
}

ExpectedCondition WithValue(std::string attribute, AttributeValue value) {
  ExpectedCondition entry;
  entry.attribute = std::move(attribute);
  entry.value = std::move(value);
  return entry;
}

ExpectedCondition NotExists(std::string attribute) {
  ExpectedCondition entry;
  entry.attribute = std::move(attribute);
  entry.exists = false;
  return entry;
}

std::string ExpectedError(const std::vector<ExpectedCondition>& expected) {
  Result<std::optional<Condition>> result = TranslateExpected(expected);
  return result.has_value() ? "(ok)" : result.error().message();
}

std::string FilterError(std::string attribute, ComparisonOperator comparison_operator,
                        std::vector<AttributeValue> values) {
  AttributeCondition condition{std::move(attribute), comparison_operator, std::move(values)};
  Result<Condition> result = TranslateAttributeCondition(condition);
  return result.has_value() ? "(ok)" : result.error().message();
}

// Whether `item` satisfies the single Expected entry.
bool Holds(const ExpectedCondition& entry, const Item& item) {
  Result<std::optional<Condition>> condition = TranslateExpected({entry});
  EXPECT_TRUE(condition.has_value()) << condition.error().message();
  return EvaluateCondition(**condition, item);
}

const Item kItem = {
    {"pk", S("k")},
    {"n", N("5")},
    {"s", S("hello")},
    {"b", B("hi there")},
    {"ns", AttributeValue::NumberSet({model::Number::Parse("2").value()})},
    {"list", AttributeValue::List({N("4"), S("x")})},
};

TEST(LegacyComparisonOperatorTest, NamesRoundTrip) {
  for (std::string_view name : {"EQ", "NE", "IN", "LE", "LT", "GE", "GT", "BETWEEN", "NOT_NULL",
                                "NULL", "CONTAINS", "NOT_CONTAINS", "BEGINS_WITH"}) {
    std::optional<ComparisonOperator> parsed = ParseComparisonOperator(name);
    ASSERT_TRUE(parsed.has_value()) << name;
    EXPECT_EQ(ComparisonOperatorName(*parsed), name);
  }
  EXPECT_FALSE(ParseComparisonOperator("eq").has_value());
  EXPECT_FALSE(ParseComparisonOperator("NOT").has_value());
}

TEST(LegacyConditionalOperatorTest, NeedsTwoEntries) {
  EXPECT_EQ(CheckConditionalOperator(0).message(),
            "ConditionalOperator cannot be used without Filter or Expected");
  EXPECT_EQ(CheckConditionalOperator(1).message(),
            "ConditionalOperator can only be used when Filter or Expected has two or more "
            "elements");
  EXPECT_TRUE(CheckConditionalOperator(2).ok());
}

TEST(LegacyExpectedTest, EmptyExpectedIsNoCondition) {
  Result<std::optional<Condition>> result = TranslateExpected({});
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->has_value());
}

TEST(LegacyExpectedTest, ValueFormIsEquality) {
  Result<std::optional<Condition>> result = TranslateExpected({WithValue("a", N("1"))});
  ASSERT_TRUE(result.has_value());
  const Condition& condition = **result;
  EXPECT_EQ(condition.kind, Condition::Kind::kCompare);
  EXPECT_EQ(condition.comparator, Comparator::kEqual);
  ASSERT_EQ(condition.operands.size(), 2u);
  EXPECT_EQ(condition.operands[0].kind, Operand::Kind::kPath);
  ASSERT_EQ(condition.operands[0].path.size(), 1u);
  EXPECT_EQ(condition.operands[0].path[0].name, "a");
  EXPECT_EQ(condition.operands[1].kind, Operand::Kind::kValue);
  EXPECT_EQ(condition.operands[1].value, N("1"));
}

TEST(LegacyExpectedTest, ExistsFalseIsAttributeNotExists) {
  Result<std::optional<Condition>> result = TranslateExpected({NotExists("a.b")});
  ASSERT_TRUE(result.has_value());
  const Condition& condition = **result;
  EXPECT_EQ(condition.kind, Condition::Kind::kAttributeNotExists);
  ASSERT_EQ(condition.operands.size(), 1u);
  // A legacy attribute name is never a document path: the dot is part of the name.
  ASSERT_EQ(condition.operands[0].path.size(), 1u);
  EXPECT_EQ(condition.operands[0].path[0].name, "a.b");
}

TEST(LegacyExpectedTest, EntriesJoinWithTheConditionalOperator) {
  const std::vector<ExpectedCondition> expected = {WithValue("a", N("1")), NotExists("b"),
                                                   WithValue("c", N("3"))};
  Result<std::optional<Condition>> and_result = TranslateExpected(expected);
  ASSERT_TRUE(and_result.has_value());
  const Condition& joined = **and_result;
  EXPECT_EQ(joined.kind, Condition::Kind::kAnd);
  ASSERT_EQ(joined.children.size(), 2u);
  EXPECT_EQ(joined.children[0].kind, Condition::Kind::kAnd);
  EXPECT_EQ(joined.children[1].kind, Condition::Kind::kCompare);

  Result<std::optional<Condition>> or_result =
      TranslateExpected(expected, ConditionalOperator::kOr);
  ASSERT_TRUE(or_result.has_value());
  EXPECT_EQ((*or_result)->kind, Condition::Kind::kOr);
  EXPECT_EQ((*or_result)->children[0].kind, Condition::Kind::kOr);
}

TEST(LegacyExpectedTest, StructuralErrors) {
  ExpectedCondition both = WithOperator("a", ComparisonOperator::kEq, {N("1")});
  both.value = N("1");
  EXPECT_EQ(ExpectedError({both}),
            "One or more parameter values were invalid: Value and AttributeValueList cannot be "
            "used together for Attribute: a");

  ExpectedCondition exists_and_operator = WithOperator("a", ComparisonOperator::kEq, {N("1")});
  exists_and_operator.exists = false;
  EXPECT_EQ(ExpectedError({exists_and_operator}),
            "One or more parameter values were invalid: Exists and ComparisonOperator cannot be "
            "used together for Attribute: a");

  ExpectedCondition operator_alone;
  operator_alone.attribute = "a";
  operator_alone.comparison_operator = ComparisonOperator::kEq;
  EXPECT_EQ(ExpectedError({operator_alone}),
            "One or more parameter values were invalid: Value or AttributeValueList must be used "
            "with ComparisonOperator: EQ for Attribute: a");

  ExpectedCondition list_alone;
  list_alone.attribute = "a";
  list_alone.attribute_value_list = std::vector<AttributeValue>{N("1")};
  EXPECT_EQ(ExpectedError({list_alone}),
            "One or more parameter values were invalid: AttributeValueList can only be used with a "
            "ComparisonOperator for Attribute: a");
}

TEST(LegacyExpectedTest, ExistsErrors) {
  ExpectedCondition nothing;
  nothing.attribute = "a";
  EXPECT_EQ(ExpectedError({nothing}),
            "One or more parameter values were invalid: Value must be provided when Exists is "
            "null for Attribute: a");

  ExpectedCondition exists_true;
  exists_true.attribute = "a";
  exists_true.exists = true;
  EXPECT_EQ(ExpectedError({exists_true}),
            "One or more parameter values were invalid: Value must be provided when Exists is "
            "true for Attribute: a");

  ExpectedCondition false_with_value = NotExists("a");
  false_with_value.value = N("1");
  EXPECT_EQ(ExpectedError({false_with_value}),
            "One or more parameter values were invalid: Value cannot be used when Exists is false "
            "for Attribute: a");
}

TEST(LegacyExpectedTest, ComparisonOperatorWithValueInsteadOfList) {
  ExpectedCondition entry;
  entry.attribute = "n";
  entry.comparison_operator = ComparisonOperator::kGt;
  entry.value = N("4");
  EXPECT_TRUE(Holds(entry, kItem));
  entry.value = N("5");
  EXPECT_FALSE(Holds(entry, kItem));
}

TEST(LegacyExpectedTest, FirstFailingEntryWins) {
  ExpectedCondition bad;
  bad.attribute = "z";
  EXPECT_EQ(ExpectedError({WithValue("a", N("1")), bad, NotExists("a")}),
            "One or more parameter values were invalid: Value must be provided when Exists is "
            "null for Attribute: z");
}

TEST(LegacyAttributeConditionTest, ArgumentCounts) {
  const std::string prefix = "One or more parameter values were invalid: Invalid number of ";
  EXPECT_EQ(FilterError("a", ComparisonOperator::kEq, {}),
            prefix + "argument(s) for the EQ ComparisonOperator");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kLt, {N("1"), N("2")}),
            prefix + "argument(s) for the LT ComparisonOperator");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kNull, {N("1")}),
            prefix + "argument(s) for the NULL ComparisonOperator");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kNotNull, {N("1")}),
            prefix + "argument(s) for the NOT_NULL ComparisonOperator");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kBetween, {N("1")}),
            prefix + "argument(s) for the BETWEEN ComparisonOperator");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kIn, {}),
            prefix + "argument(s) for the IN ComparisonOperator");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kIn, {N("1"), N("2"), N("3")}), "(ok)");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kNotNull, {}), "(ok)");
}

TEST(LegacyAttributeConditionTest, ValuesMustShareOneType) {
  EXPECT_EQ(FilterError("a", ComparisonOperator::kIn, {N("3"), S("dog")}),
            "One or more parameter values were invalid: AttributeValues inside AttributeValueList "
            "must be of same type");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kBetween, {N("4"), S("dog")}),
            "One or more parameter values were invalid: AttributeValues inside AttributeValueList "
            "must be of same type");
}

TEST(LegacyAttributeConditionTest, OperandTypes) {
  const AttributeValue string_set = AttributeValue::StringSet({"a"});
  const AttributeValue list = AttributeValue::List({});
  EXPECT_EQ(FilterError("a", ComparisonOperator::kGt, {string_set}),
            "One or more parameter values were invalid: ComparisonOperator GT is not valid for SS "
            "AttributeValue type");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kIn, {list, list}),
            "One or more parameter values were invalid: ComparisonOperator IN is not valid for L "
            "AttributeValue type");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kLe, {AttributeValue::Bool(true)}),
            "One or more parameter values were invalid: ComparisonOperator LE is not valid for "
            "BOOL AttributeValue type");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kBeginsWith, {N("3")}),
            "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not "
            "valid for N AttributeValue type");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kContains, {list}),
            "One or more parameter values were invalid: ComparisonOperator CONTAINS is not valid "
            "for L AttributeValue type");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kNotContains, {AttributeValue::Map({})}),
            "One or more parameter values were invalid: ComparisonOperator NOT_CONTAINS is not "
            "valid for M AttributeValue type");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kBetween, {string_set, string_set}),
            "One or more parameter values were invalid: ComparisonOperator BETWEEN is not valid "
            "for SS AttributeValue type");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kEq, {string_set}), "(ok)");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kNe, {list}), "(ok)");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kContains, {AttributeValue::Bool(true)}), "(ok)");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kBeginsWith, {B("x")}), "(ok)");
}

TEST(LegacyAttributeConditionTest, BetweenBoundsInOrder) {
  const std::string message =
      "The BETWEEN condition was provided a range where the lower bound is greater than the "
      "upper bound";
  EXPECT_EQ(FilterError("a", ComparisonOperator::kBetween, {N("4"), N("3")}), message);
  EXPECT_EQ(FilterError("a", ComparisonOperator::kBetween, {N("10"), N("9")}), message);
  EXPECT_EQ(FilterError("a", ComparisonOperator::kBetween, {S("dog"), S("aardvark")}), message);
  EXPECT_EQ(FilterError("a", ComparisonOperator::kBetween, {B("\xff"), B("\x01")}), message);
  EXPECT_EQ(FilterError("a", ComparisonOperator::kBetween, {N("3"), N("3")}), "(ok)");
  EXPECT_EQ(FilterError("a", ComparisonOperator::kBetween, {N("9"), N("10")}), "(ok)");
}

TEST(LegacyAttributeConditionTest, Shapes) {
  Result<Condition> in =
      TranslateAttributeCondition({"a", ComparisonOperator::kIn, {N("1"), N("2")}});
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(in->kind, Condition::Kind::kIn);
  EXPECT_EQ(in->operands.size(), 3u);

  Result<Condition> not_null = TranslateAttributeCondition({"a", ComparisonOperator::kNotNull, {}});
  ASSERT_TRUE(not_null.has_value());
  EXPECT_EQ(not_null->kind, Condition::Kind::kAttributeExists);

  Result<Condition> null = TranslateAttributeCondition({"a", ComparisonOperator::kNull, {}});
  ASSERT_TRUE(null.has_value());
  EXPECT_EQ(null->kind, Condition::Kind::kAttributeNotExists);

  Result<Condition> not_contains =
      TranslateAttributeCondition({"a", ComparisonOperator::kNotContains, {S("x")}});
  ASSERT_TRUE(not_contains.has_value());
  EXPECT_EQ(not_contains->kind, Condition::Kind::kAnd);
  EXPECT_EQ(not_contains->children[0].kind, Condition::Kind::kAttributeExists);
  EXPECT_EQ(not_contains->children[1].kind, Condition::Kind::kNot);
  EXPECT_EQ(not_contains->children[1].children[0].kind, Condition::Kind::kContains);
}

TEST(LegacyAttributeConditionTest, Semantics) {
  EXPECT_TRUE(Holds(WithOperator("n", ComparisonOperator::kEq, {N("5.0")}), kItem));
  EXPECT_FALSE(Holds(WithOperator("n", ComparisonOperator::kEq, {S("5")}), kItem));
  EXPECT_TRUE(Holds(WithOperator("n", ComparisonOperator::kNe, {S("5")}), kItem));
  // DynamoDB: NE holds for a missing attribute.
  EXPECT_TRUE(Holds(WithOperator("missing", ComparisonOperator::kNe, {N("1")}), kItem));
  EXPECT_TRUE(Holds(WithOperator("n", ComparisonOperator::kLe, {N("5")}), kItem));
  EXPECT_FALSE(Holds(WithOperator("n", ComparisonOperator::kLt, {N("5")}), kItem));
  EXPECT_TRUE(Holds(WithOperator("s", ComparisonOperator::kGe, {S("hello")}), kItem));
  EXPECT_FALSE(Holds(WithOperator("s", ComparisonOperator::kGt, {S("hello")}), kItem));
  EXPECT_FALSE(Holds(WithOperator("n", ComparisonOperator::kLe, {S("9")}), kItem));
  EXPECT_TRUE(Holds(WithOperator("n", ComparisonOperator::kIn, {N("1"), N("5")}), kItem));
  EXPECT_FALSE(Holds(WithOperator("ns", ComparisonOperator::kIn, {N("2")}), kItem));
  EXPECT_TRUE(Holds(WithOperator("n", ComparisonOperator::kBetween, {N("1"), N("5")}), kItem));
  EXPECT_FALSE(
      Holds(WithOperator("missing", ComparisonOperator::kBetween, {N("0"), N("9")}), kItem));
  EXPECT_TRUE(Holds(WithOperator("s", ComparisonOperator::kNotNull, {}), kItem));
  EXPECT_TRUE(Holds(WithOperator("missing", ComparisonOperator::kNull, {}), kItem));
  EXPECT_TRUE(Holds(WithOperator("s", ComparisonOperator::kContains, {S("ell")}), kItem));
  EXPECT_TRUE(Holds(WithOperator("b", ComparisonOperator::kContains, {B("here")}), kItem));
  EXPECT_TRUE(Holds(WithOperator("ns", ComparisonOperator::kContains, {N("2")}), kItem));
  EXPECT_TRUE(Holds(WithOperator("list", ComparisonOperator::kContains, {N("4")}), kItem));
  EXPECT_FALSE(Holds(WithOperator("missing", ComparisonOperator::kContains, {N("4")}), kItem));
  EXPECT_TRUE(Holds(WithOperator("s", ComparisonOperator::kNotContains, {S("dog")}), kItem));
  EXPECT_TRUE(Holds(WithOperator("s", ComparisonOperator::kNotContains, {N("1")}), kItem));
  EXPECT_FALSE(Holds(WithOperator("s", ComparisonOperator::kNotContains, {S("ell")}), kItem));
  // DynamoDB: NOT_CONTAINS is false, not true, for a missing attribute.
  EXPECT_FALSE(Holds(WithOperator("missing", ComparisonOperator::kNotContains, {N("1")}), kItem));
  EXPECT_TRUE(Holds(WithOperator("s", ComparisonOperator::kBeginsWith, {S("hell")}), kItem));
  EXPECT_FALSE(Holds(WithOperator("n", ComparisonOperator::kBeginsWith, {S("5")}), kItem));
}

TEST(LegacyExpectedTest, ExistsSemantics) {
  EXPECT_TRUE(Holds(WithValue("n", N("5")), kItem));
  EXPECT_FALSE(Holds(WithValue("n", N("6")), kItem));
  EXPECT_FALSE(Holds(WithValue("missing", N("5")), kItem));
  EXPECT_TRUE(Holds(NotExists("missing"), kItem));
  EXPECT_FALSE(Holds(NotExists("n"), kItem));
  ExpectedCondition exists_with_value = WithValue("s", S("hello"));
  exists_with_value.exists = true;
  EXPECT_TRUE(Holds(exists_with_value, kItem));
}

TEST(LegacyFilterTest, JoinsEntries) {
  Result<std::optional<Condition>> none = TranslateFilter({});
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());

  const std::vector<AttributeCondition> conditions = {
      {"n", ComparisonOperator::kEq, {N("5")}},
      {"s", ComparisonOperator::kEq, {S("nope")}},
  };
  Result<std::optional<Condition>> all = TranslateFilter(conditions);
  ASSERT_TRUE(all.has_value());
  EXPECT_FALSE(EvaluateCondition(**all, kItem));
  Result<std::optional<Condition>> any = TranslateFilter(conditions, ConditionalOperator::kOr);
  ASSERT_TRUE(any.has_value());
  EXPECT_TRUE(EvaluateCondition(**any, kItem));

  Result<std::optional<Condition>> bad =
      TranslateFilter({conditions[0], {"s", ComparisonOperator::kGt, {}}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message(),
            "One or more parameter values were invalid: Invalid number of argument(s) for the GT "
            "ComparisonOperator");
}

AttributeUpdate Action(std::string attribute, AttributeAction action,
                       std::optional<AttributeValue> value) {
  return AttributeUpdate{std::move(attribute), action, std::move(value)};
}

std::string UpdatesError(const std::vector<AttributeUpdate>& updates) {
  Result<Update> result = TranslateAttributeUpdates(updates);
  return result.has_value() ? "(ok)" : result.error().message();
}

Result<Item> Apply(const std::vector<AttributeUpdate>& updates, const Item& item) {
  Result<Update> update = TranslateAttributeUpdates(updates);
  EXPECT_TRUE(update.has_value()) << update.error().message();
  return ApplyAttributeUpdates(*update, item, /*item_exists=*/true);
}

TEST(LegacyAttributeUpdatesTest, Errors) {
  const std::string prefix = "One or more parameter values were invalid: ";
  EXPECT_EQ(UpdatesError({Action("a", AttributeAction::kPut, std::nullopt)}),
            prefix + "Only DELETE action is allowed when no attribute value is specified");
  EXPECT_EQ(UpdatesError({Action("a", AttributeAction::kAdd, std::nullopt)}),
            prefix + "Only DELETE action is allowed when no attribute value is specified");
  EXPECT_EQ(UpdatesError({Action("a", AttributeAction::kDelete, N("1"))}),
            prefix + "DELETE action with value is not supported for the type N");
  EXPECT_EQ(UpdatesError({Action("a", AttributeAction::kDelete, AttributeValue::List({}))}),
            prefix + "DELETE action with value is not supported for the type L");
  EXPECT_EQ(UpdatesError({Action("a", AttributeAction::kAdd, S("x"))}),
            prefix + "ADD action is not supported for the type S");
  EXPECT_EQ(UpdatesError({Action("a", AttributeAction::kAdd, AttributeValue::Map({}))}),
            prefix + "ADD action is not supported for the type M");
  EXPECT_EQ(UpdatesError({Action("a", AttributeAction::kAdd, AttributeValue::Bool(true))}),
            prefix + "ADD action is not supported for the type BOOL");
  EXPECT_EQ(UpdatesError({Action("a", AttributeAction::kAdd, AttributeValue::List({}))}), "(ok)");
  EXPECT_EQ(UpdatesError({Action("a", AttributeAction::kDelete, std::nullopt)}), "(ok)");
}

TEST(LegacyAttributeUpdatesTest, Shapes) {
  Result<Update> update = TranslateAttributeUpdates({
      Action("put", AttributeAction::kPut, N("1")),
      Action("add", AttributeAction::kAdd, N("1")),
      Action("append", AttributeAction::kAdd, AttributeValue::List({N("1")})),
      Action("difference", AttributeAction::kDelete, AttributeValue::StringSet({"a"})),
      Action("remove", AttributeAction::kDelete, std::nullopt),
  });
  ASSERT_TRUE(update.has_value());
  ASSERT_EQ(update->actions.size(), 5u);
  EXPECT_EQ(update->actions[0].kind, UpdateAction::Kind::kSet);
  EXPECT_EQ(update->actions[0].value.kind, Operand::Kind::kValue);
  EXPECT_EQ(update->actions[1].kind, UpdateAction::Kind::kAdd);
  EXPECT_EQ(update->actions[2].kind, UpdateAction::Kind::kSet);
  EXPECT_EQ(update->actions[2].value.kind, Operand::Kind::kListAppend);
  EXPECT_EQ(update->actions[2].value.arguments[0].kind, Operand::Kind::kIfNotExists);
  EXPECT_EQ(update->actions[3].kind, UpdateAction::Kind::kDelete);
  EXPECT_EQ(update->actions[4].kind, UpdateAction::Kind::kRemove);
  EXPECT_EQ(update->actions[4].path[0].name, "remove");
}

TEST(LegacyAttributeUpdatesTest, Semantics) {
  const Item item = {
      {"pk", S("k")},
      {"n", N("1")},
      {"ss", AttributeValue::StringSet({"a", "b"})},
      {"list", AttributeValue::List({N("1")})},
      {"gone", S("x")},
  };
  Result<Item> updated = Apply(
      {
          Action("put", AttributeAction::kPut, S("v")),
          Action("n", AttributeAction::kAdd, N("2.5")),
          Action("fresh", AttributeAction::kAdd, N("-3")),
          Action("ss", AttributeAction::kAdd, AttributeValue::StringSet({"b", "c"})),
          Action("list", AttributeAction::kAdd, AttributeValue::List({N("2")})),
          Action("new_list", AttributeAction::kAdd, AttributeValue::List({S("x")})),
          Action("gone", AttributeAction::kDelete, std::nullopt),
          Action("absent", AttributeAction::kDelete, std::nullopt),
      },
      item);
  ASSERT_TRUE(updated.has_value()) << updated.error().message();
  const Item expected = {
      {"pk", S("k")},
      {"put", S("v")},
      {"n", N("3.5")},
      {"fresh", N("-3")},
      {"ss", AttributeValue::StringSet({"a", "b", "c"})},
      {"list", AttributeValue::List({N("1"), N("2")})},
      {"new_list", AttributeValue::List({S("x")})},
  };
  EXPECT_EQ(*updated, expected);
}

TEST(LegacyAttributeUpdatesTest, DeleteFromSet) {
  const Item item = {{"pk", S("k")}, {"ss", AttributeValue::StringSet({"a", "b"})}};
  Result<Item> smaller =
      Apply({Action("ss", AttributeAction::kDelete, AttributeValue::StringSet({"a", "z"}))}, item);
  ASSERT_TRUE(smaller.has_value()) << smaller.error().message();
  EXPECT_EQ(smaller->at("ss"), AttributeValue::StringSet({"b"}));

  Result<Item> emptied =
      Apply({Action("ss", AttributeAction::kDelete, AttributeValue::StringSet({"a", "b"}))}, item);
  ASSERT_TRUE(emptied.has_value()) << emptied.error().message();
  EXPECT_EQ(emptied->count("ss"), 0u);

  Result<Item> missing =
      Apply({Action("none", AttributeAction::kDelete, AttributeValue::StringSet({"a"}))}, item);
  ASSERT_TRUE(missing.has_value()) << missing.error().message();
  EXPECT_EQ(*missing, item);
}

TEST(LegacyAttributeUpdatesTest, TypeMismatchUsesTheLegacyText) {
  const Item item = {
      {"pk", S("k")}, {"ss", AttributeValue::StringSet({"1"})},
      {"n", N("1")},  {"ns", AttributeValue::NumberSet({model::Number::Parse("1").value()})},
      {"s", S("x")},
  };
  const AttributeValue number_set = AttributeValue::NumberSet({model::Number::Parse("1").value()});
  for (const AttributeUpdate& update : {
           Action("ss", AttributeAction::kDelete, number_set),
           Action("n", AttributeAction::kDelete, number_set),
           Action("ss", AttributeAction::kAdd, number_set),
           Action("ns", AttributeAction::kAdd, N("1")),
           Action("s", AttributeAction::kAdd, AttributeValue::List({N("1")})),
       }) {
    Result<Item> result = Apply({update}, item);
    ASSERT_FALSE(result.has_value()) << update.attribute;
    EXPECT_EQ(result.error().message(), "Type mismatch for attribute to update")
        << update.attribute;
  }
}

TEST(LegacyAttributesToGetTest, TopLevelPaths) {
  Result<Projection> projection = TranslateAttributesToGet({"a", "b.c"});
  ASSERT_TRUE(projection.has_value());
  ASSERT_EQ(projection->paths.size(), 2u);
  EXPECT_EQ(projection->paths[1].size(), 1u);
  EXPECT_EQ(projection->paths[1][0].name, "b.c");

  const Item item = {{"a", N("1")}, {"b", AttributeValue::Map({{"c", N("2")}})}, {"b.c", N("3")}};
  EXPECT_EQ(ApplyProjection(*projection, item), (Item{{"a", N("1")}, {"b.c", N("3")}}));
}

TEST(LegacyAttributesToGetTest, Duplicates) {
  Result<Projection> projection = TranslateAttributesToGet({"a", "b", "a"});
  ASSERT_FALSE(projection.has_value());
  EXPECT_EQ(projection.error().message(),
            "One or more parameter values were invalid: Duplicate value in attribute name: a");
}

}  // namespace
}  // namespace dynafake::expr
