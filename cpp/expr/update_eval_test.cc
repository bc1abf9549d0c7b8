#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "expr/ast.h"
#include "expr/ast_test_util.h"
#include "expr/evaluate.h"
#include "model/attribute_value.h"

namespace dynafake::expr {
namespace {

using model::AttributeValue;

constexpr std::string_view kMissing =
    "The provided expression refers to an attribute that does not exist in the item";
constexpr std::string_view kDataType =
    "An operand in the update expression has an incorrect data type";
constexpr std::string_view kBadPath =
    "The document path provided in the update expression is invalid for update";
constexpr std::string_view kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";

Operand Call(Operand::Kind kind, std::vector<Operand> arguments) {
  Operand operand;
  operand.kind = kind;
  operand.arguments = std::move(arguments);
  return operand;
}

Operand Plus(Operand a, Operand b) {
  return Call(Operand::Kind::kPlus, {std::move(a), std::move(b)});
}

Operand Minus(Operand a, Operand b) {
  return Call(Operand::Kind::kMinus, {std::move(a), std::move(b)});
}

Operand ListAppend(Operand a, Operand b) {
  return Call(Operand::Kind::kListAppend, {std::move(a), std::move(b)});
}

Operand IfNotExists(std::string_view path, Operand fallback) {
  Operand operand = Call(Operand::Kind::kIfNotExists, {std::move(fallback)});
  operand.path = P(path);
  return operand;
}

UpdateAction Action(UpdateAction::Kind kind, std::string_view path, Operand value) {
  UpdateAction action;
  action.kind = kind;
  action.path = P(path);
  action.value = std::move(value);
  return action;
}

UpdateAction Set(std::string_view path, Operand value) {
  return Action(UpdateAction::Kind::kSet, path, std::move(value));
}

UpdateAction Remove(std::string_view path) {
  return Action(UpdateAction::Kind::kRemove, path, Operand());
}

UpdateAction Add(std::string_view path, AttributeValue value) {
  return Action(UpdateAction::Kind::kAdd, path, V(std::move(value)));
}

UpdateAction Delete(std::string_view path, AttributeValue value) {
  return Action(UpdateAction::Kind::kDelete, path, V(std::move(value)));
}

Update U(std::vector<UpdateAction> actions) {
  return Update{std::move(actions)};
}

struct Case {
  std::string name;
  model::Item before;
  Update update;
  model::Item after;       // expected when `error` is empty
  std::string_view error;  // expected ValidationException message
};

void RunCases(const std::vector<Case>& cases, bool item_exists = true) {
  for (const Case& c : cases) {
    const Result<model::Item> result = ApplyUpdate(c.update, c.before, item_exists);
    if (c.error.empty()) {
      if (!result.has_value()) {
        ADD_FAILURE() << c.name << ": " << result.error().message();
        continue;
      }
      EXPECT_EQ(*result, c.after) << c.name;
    } else if (result.has_value()) {
      ADD_FAILURE() << c.name << ": expected an error";
    } else {
      EXPECT_EQ(result.error().code(), ErrorCode::kValidation) << c.name;
      EXPECT_EQ(result.error().message(), c.error) << c.name;
    }
  }
}

const model::Item kKey = {{"pk", S("k")}};

model::Item With(model::Item extra) {
  extra.emplace("pk", S("k"));
  return extra;
}

TEST(UpdateEvalTest, Set) {
  RunCases({
      {"new attribute", kKey, U({Set("a", V(S("x")))}), With({{"a", S("x")}})},
      {"replace with another type", With({{"a", S("x")}}), U({Set("a", V(N("1")))}),
       With({{"a", N("1")}})},
      {"copy an attribute", With({{"a", N("1")}}), U({Set("b", At("a"))}),
       With({{"a", N("1")}, {"b", N("1")}})},
      {"reads the old item", With({{"x", N("1")}}), U({Set("x", V(N("2"))), Set("y", At("x"))}),
       With({{"x", N("2")}, {"y", N("1")}})},
      {"swap", With({{"a", N("1")}, {"b", N("2")}}), U({Set("a", At("b")), Set("b", At("a"))}),
       With({{"a", N("2")}, {"b", N("1")}})},
      {"remove then copy", With({{"a", N("1")}}), U({Remove("a"), Set("b", At("a"))}),
       With({{"b", N("1")}})},
      {"copy a nested value", With({{"a", M({{"c", L({N("7")})}})}}), U({Set("z", At("a.c[0]"))}),
       With({{"a", M({{"c", L({N("7")})}})}, {"z", N("7")}})},
      {"missing attribute", kKey, U({Set("a", At("nope"))}), {}, kMissing},
      {"missing nested attribute", With({{"a", M({})}}), U({Set("b", At("a.c"))}), {}, kMissing},
      {"path through the wrong kind", With({{"a", L({})}}), U({Set("b", At("a.c"))}), {}, kMissing},
      {"empty list and map", kKey, U({Set("l", V(L({}))), Set("m", V(M({})))}),
       With({{"l", L({})}, {"m", M({})}})},
  });
}

TEST(UpdateEvalTest, Arithmetic) {
  RunCases({
      {"plus", With({{"n", N("10")}}), U({Set("n", Plus(At("n"), V(N("5"))))}),
       With({{"n", N("15")}})},
      {"minus", With({{"n", N("10")}}), U({Set("n", Minus(At("n"), V(N("20"))))}),
       With({{"n", N("-10")}})},
      {"exact decimal", kKey, U({Set("n", Plus(V(N("0.1")), V(N("0.2"))))}),
       With({{"n", N("0.3")}})},
      {"38 digits", kKey,
       U({Set("n", Plus(V(N("12345678901234567890123456789012345678")), V(N("1"))))}),
       With({{"n", N("12345678901234567890123456789012345679")}})},
      {"precision loss", kKey, U({Set("n", Plus(V(N("1e50")), V(N("1"))))}), {}, kOverflow},
      {"out of range", kKey, U({Set("n", Plus(V(N("9e125")), V(N("9e125"))))}), {}, kOverflow},
      {"two attributes", With({{"a", N("2")}, {"b", N("3")}}),
       U({Set("c", Minus(At("a"), At("b")))}),
       With({{"a", N("2")}, {"b", N("3")}, {"c", N("-1")}})},
      {"string operand",
       With({{"s", S("1")}}),
       U({Set("n", Plus(At("s"), V(N("1"))))}),
       {},
       kDataType},
      {"set operand",
       With({{"s", NS({"1"})}}),
       U({Set("n", Minus(V(N("1")), At("s")))}),
       {},
       kDataType},
      {"missing operand", kKey, U({Set("n", Plus(At("n"), V(N("1"))))}), {}, kMissing},
      {"missing first, then wrong type",
       With({{"s", S("x")}}),
       U({Set("n", Plus(At("nope"), At("s")))}),
       {},
       kMissing},
      {"if_not_exists counter", kKey, U({Set("n", Plus(IfNotExists("n", V(N("0"))), V(N("1"))))}),
       With({{"n", N("1")}})},
  });
}

TEST(UpdateEvalTest, Functions) {
  const AttributeValue list = L({N("1"), N("2")});
  RunCases({
      {"list_append at the end", With({{"l", list}}),
       U({Set("l", ListAppend(At("l"), V(L({S("x")}))))}),
       With({{"l", L({N("1"), N("2"), S("x")})}})},
      {"list_append at the front", With({{"l", list}}),
       U({Set("l", ListAppend(V(L({S("x")})), At("l")))}),
       With({{"l", L({S("x"), N("1"), N("2")})}})},
      {"list_append of a string",
       With({{"l", list}}),
       U({Set("l", ListAppend(At("l"), V(S("x"))))}),
       {},
       kDataType},
      {"list_append to a set",
       With({{"l", SS({"a"})}}),
       U({Set("l", ListAppend(At("l"), V(L({}))))}),
       {},
       kDataType},
      {"list_append to missing", kKey, U({Set("l", ListAppend(At("l"), V(L({}))))}), {}, kMissing},
      {"list_append with if_not_exists", kKey,
       U({Set("l", ListAppend(IfNotExists("l", V(L({}))), V(L({N("1")}))))}),
       With({{"l", L({N("1")})}})},
      {"if_not_exists present", With({{"a", S("old")}}),
       U({Set("a", IfNotExists("a", V(S("new"))))}), With({{"a", S("old")}})},
      {"if_not_exists missing", kKey, U({Set("a", IfNotExists("a", V(S("new"))))}),
       With({{"a", S("new")}})},
      {"if_not_exists other path", With({{"b", S("b")}}),
       U({Set("a", IfNotExists("b", V(S("new"))))}), With({{"a", S("b")}, {"b", S("b")}})},
      {"if_not_exists fallback missing",
       kKey,
       U({Set("a", IfNotExists("a", At("nope")))}),
       {},
       kMissing},
  });
}

model::Item Document() {
  return With({
      {"s", S("str")},
      {"m", M({{"a", M({{"b", N("5")}, {"c", N("6")}})}})},
      {"l", L({S("e0"), S("e1"), S("e2"), S("e3")})},
  });
}

model::Item DocumentWith(std::string_view name, AttributeValue value) {
  model::Item item = Document();
  item[std::string(name)] = std::move(value);
  return item;
}

TEST(UpdateEvalTest, NestedSet) {
  RunCases({
      {"new member", Document(), U({Set("m.a.d", V(N("7")))}),
       DocumentWith("m", M({{"a", M({{"b", N("5")}, {"c", N("6")}, {"d", N("7")}})}}))},
      {"replace member", Document(), U({Set("m.a.b", V(S("x")))}),
       DocumentWith("m", M({{"a", M({{"b", S("x")}, {"c", N("6")}})}}))},
      {"two members", Document(), U({Set("m.a.b", V(N("1"))), Set("m.z", V(N("2")))}),
       DocumentWith("m", M({{"a", M({{"b", N("1")}, {"c", N("6")}})}, {"z", N("2")}}))},
      {"replace element", Document(), U({Set("l[1]", V(S("x")))}),
       DocumentWith("l", L({S("e0"), S("x"), S("e2"), S("e3")}))},
      {"past the end appends", Document(), U({Set("l[9]", V(S("x")))}),
       DocumentWith("l", L({S("e0"), S("e1"), S("e2"), S("e3"), S("x")}))},
      {"appends in index order", Document(),
       U({Set("l[84]", V(S("a1"))), Set("l[37]", V(S("a2"))), Set("l[17]", V(S("a3"))),
          Set("l[50]", V(S("a4")))}),
       DocumentWith("l",
                    L({S("e0"), S("e1"), S("e2"), S("e3"), S("a3"), S("a2"), S("a4"), S("a1")}))},
      {"parent missing", Document(), U({Set("nope.x", V(N("1")))}), {}, kBadPath},
      {"grandparent missing", Document(), U({Set("m.z.x", V(N("1")))}), {}, kBadPath},
      {"member of a string", Document(), U({Set("s.x", V(N("1")))}), {}, kBadPath},
      {"member of a list", Document(), U({Set("l.x", V(N("1")))}), {}, kBadPath},
      {"index into a map", Document(), U({Set("m[0]", V(N("1")))}), {}, kBadPath},
      {"index into a missing attribute", Document(), U({Set("nope[0]", V(N("1")))}), {}, kBadPath},
      {"below an element past the end", Document(), U({Set("l[9].x", V(N("1")))}), {}, kBadPath},
  });
}

TEST(UpdateEvalTest, Remove) {
  RunCases({
      {"top level", Document(), U({Remove("s")}),
       [] {
         model::Item item = Document();
         item.erase("s");
         return item;
       }()},
      {"missing top level", Document(), U({Remove("nope")}), Document()},
      {"nested member", Document(), U({Remove("m.a.b")}),
       DocumentWith("m", M({{"a", M({{"c", N("6")}})}}))},
      {"last members leave an empty map", Document(), U({Remove("m.a.b"), Remove("m.a.c")}),
       DocumentWith("m", M({{"a", M({})}}))},
      {"missing member", Document(), U({Remove("m.a.z")}), Document()},
      {"element shifts the rest", Document(), U({Remove("l[0]")}),
       DocumentWith("l", L({S("e1"), S("e2"), S("e3")}))},
      {"indexes refer to the original list", Document(), U({Remove("l[3]"), Remove("l[1]")}),
       DocumentWith("l", L({S("e0"), S("e2")}))},
      {"past the end", Document(), U({Remove("l[9]")}), Document()},
      {"last element leaves an empty list", With({{"l", L({N("1")})}}), U({Remove("l[0]")}),
       With({{"l", L({})}})},
      {"remove and set elements",
       With({{"a", L({N("2"), N("3"), N("4"), N("5"), N("6"), N("7")})}}),
       U({Remove("a[1]"), Set("a[3]", V(N("17")))}),
       With({{"a", L({N("2"), N("4"), N("17"), N("6"), N("7")})}})},
      {"set and remove elements",
       With({{"a", L({N("2"), N("3"), N("4"), N("5"), N("6"), N("7")})}}),
       U({Set("a[3]", V(N("17"))), Remove("a[1]")}),
       With({{"a", L({N("2"), N("4"), N("17"), N("6"), N("7")})}})},
      {"deep",
       With({{"a", M({{"c", L({S("hi"), M({{"x", M({{"y", L({N("3"), N("5"), N("7")})}})},
                                           {"q", N("2")}})})}})}}),
       U({Remove("a.c[1].x.y[1]"), Remove("a.c[1].q")}),
       With({{"a", M({{"c", L({S("hi"), M({{"x", M({{"y", L({N("3"), N("7")})}})}})})}})}})},
      {"parent missing", Document(), U({Remove("nope.x")}), {}, kBadPath},
      {"parent missing below a map", Document(), U({Remove("m.z.x")}), {}, kBadPath},
      {"member of a string", Document(), U({Remove("s.x")}), {}, kBadPath},
      {"index into a string", Document(), U({Remove("s[0]")}), {}, kBadPath},
      {"index into a missing attribute", Document(), U({Remove("nope[0]")}), {}, kBadPath},
  });
}

TEST(UpdateEvalTest, RemoveOnNewItem) {
  RunCases(
      {
          {"nested path ignored", kKey, U({Remove("x.y"), Remove("x[0]")}), kKey},
          {"with a set", kKey, U({Remove("x.y"), Set("a", V(N("1")))}), With({{"a", N("1")}})},
          {"set of a nested path still fails", kKey, U({Set("x.y", V(N("1")))}), {}, kBadPath},
      },
      /*item_exists=*/false);
}

TEST(UpdateEvalTest, Add) {
  RunCases({
      {"number", With({{"n", N("10")}}), U({Add("n", N("5"))}), With({{"n", N("15")}})},
      {"number to zero", With({{"n", N("10")}}), U({Add("n", N("-10"))}), With({{"n", N("0")}})},
      {"missing number starts at 0", kKey, U({Add("n", N("-2.5"))}), With({{"n", N("-2.5")}})},
      {"number overflow", With({{"n", N("9e125")}}), U({Add("n", N("9e125"))}), {}, kOverflow},
      {"string set union", With({{"s", SS({"a", "b"})}}), U({Add("s", SS({"b", "c"}))}),
       With({{"s", SS({"a", "b", "c"})}})},
      {"number set union by value", With({{"s", NS({"1", "2.5"})}}),
       U({Add("s", NS({"2.50", "3"}))}), With({{"s", NS({"1", "2.5", "3"})}})},
      {"binary set union", With({{"s", AttributeValue::BinarySet({"\x01"})}}),
       U({Add("s", AttributeValue::BinarySet({"\x02"}))}),
       With({{"s", AttributeValue::BinarySet({"\x01", "\x02"})}})},
      {"missing set", kKey, U({Add("s", SS({"a"}))}), With({{"s", SS({"a"})}})},
      {"nested number", Document(), U({Add("m.a.b", N("1"))}),
       DocumentWith("m", M({{"a", M({{"b", N("6")}, {"c", N("6")}})}}))},
      {"new nested member", Document(), U({Add("m.a.z", N("1"))}),
       DocumentWith("m", M({{"a", M({{"b", N("5")}, {"c", N("6")}, {"z", N("1")}})}}))},
      {"nested parent missing", Document(), U({Add("nope.x", N("1"))}), {}, kBadPath},
      {"number to a string", Document(), U({Add("s", N("1"))}), {}, kDataType},
      {"number to a set", With({{"s", NS({"1"})}}), U({Add("s", N("1"))}), {}, kDataType},
      {"set to a number", With({{"n", N("1")}}), U({Add("n", NS({"1"}))}), {}, kDataType},
      {"set of another type", With({{"s", SS({"1"})}}), U({Add("s", NS({"1"}))}), {}, kDataType},
      {"string operand", Document(), U({Add("x", S("1"))}), {}, kDataType},
      {"list operand", Document(), U({Add("l", L({S("x")}))}), {}, kDataType},
  });
}

TEST(UpdateEvalTest, Delete) {
  RunCases({
      {"string set", With({{"s", SS({"a", "b", "c"})}}), U({Delete("s", SS({"a", "c", "z"}))}),
       With({{"s", SS({"b"})}})},
      {"number set by value", With({{"s", NS({"1", "2.5"})}}), U({Delete("s", NS({"2.50"}))}),
       With({{"s", NS({"1"})}})},
      {"binary set", With({{"s", AttributeValue::BinarySet({"\x01", "\x02"})}}),
       U({Delete("s", AttributeValue::BinarySet({"\x01"}))}),
       With({{"s", AttributeValue::BinarySet({"\x02"})}})},
      {"nothing in common", With({{"s", SS({"a"})}}), U({Delete("s", SS({"z"}))}),
       With({{"s", SS({"a"})}})},
      {"emptied set is removed", With({{"s", SS({"a", "b"})}}), U({Delete("s", SS({"b", "a"}))}),
       kKey},
      {"emptied nested set leaves the map", With({{"m", M({{"s", SS({"a"})}})}}),
       U({Delete("m.s", SS({"a"}))}), With({{"m", M({})}})},
      {"missing attribute", kKey, U({Delete("s", SS({"a"}))}), kKey},
      {"set of another type", With({{"s", SS({"1"})}}), U({Delete("s", NS({"1"}))}), {}, kDataType},
      {"from a number", With({{"n", N("1")}}), U({Delete("n", NS({"1"}))}), {}, kDataType},
      {"from a list", With({{"l", L({S("a")})}}), U({Delete("l", SS({"a"}))}), {}, kDataType},
      {"string operand", With({{"s", SS({"a"})}}), U({Delete("s", S("a"))}), {}, kDataType},
  });
}

TEST(UpdateEvalTest, ErrorsInExpressionOrder) {
  RunCases({
      {"missing value first",
       Document(),
       U({Set("a", At("nope")), Set("nope.x", V(N("1")))}),
       {},
       kMissing},
      {"bad path first",
       Document(),
       U({Set("nope.x", V(N("1"))), Set("a", At("nope"))}),
       {},
       kBadPath},
      {"type error first", Document(), U({Add("s", N("1")), Remove("nope.x")}), {}, kDataType},
  });
}

TEST(UpdateEvalTest, CopyOnWrite) {
  const model::Item before = Document();
  const Result<model::Item> after =
      ApplyUpdate(U({Set("m.a.b", V(N("1"))), Remove("l[0]")}), before);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(before, Document());
  EXPECT_EQ(after->at("m").as_map().at("a").as_map().at("b"), N("1"));
  EXPECT_EQ(after->at("l").as_list().size(), 3u);
}

TEST(UpdateEvalTest, ExistingItemByDefault) {
  const Result<model::Item> result = ApplyUpdate(U({Remove("x.y")}), kKey);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().message(), kBadPath);
}

}  // namespace
}  // namespace dynafake::expr
