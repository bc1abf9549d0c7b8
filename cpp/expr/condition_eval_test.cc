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

Operand Size(Operand argument) {
  Operand operand;
  operand.kind = Operand::Kind::kSize;
  operand.arguments.push_back(std::move(argument));
  return operand;
}

Condition Of(Condition::Kind kind, std::vector<Operand> operands) {
  Condition condition;
  condition.kind = kind;
  condition.operands = std::move(operands);
  return condition;
}

Condition Cmp(Operand a, Comparator comparator, Operand b) {
  Condition condition = Of(Condition::Kind::kCompare, {std::move(a), std::move(b)});
  condition.comparator = comparator;
  return condition;
}

Condition Eq(Operand a, Operand b) {
  return Cmp(std::move(a), Comparator::kEqual, std::move(b));
}

Condition Ne(Operand a, Operand b) {
  return Cmp(std::move(a), Comparator::kNotEqual, std::move(b));
}

Condition Lt(Operand a, Operand b) {
  return Cmp(std::move(a), Comparator::kLess, std::move(b));
}

Condition Le(Operand a, Operand b) {
  return Cmp(std::move(a), Comparator::kLessOrEqual, std::move(b));
}

Condition Gt(Operand a, Operand b) {
  return Cmp(std::move(a), Comparator::kGreater, std::move(b));
}

Condition Ge(Operand a, Operand b) {
  return Cmp(std::move(a), Comparator::kGreaterOrEqual, std::move(b));
}

Condition Between(Operand a, Operand lower, Operand upper) {
  return Of(Condition::Kind::kBetween, {std::move(a), std::move(lower), std::move(upper)});
}

Condition In(Operand a, std::vector<Operand> list) {
  list.insert(list.begin(), std::move(a));
  return Of(Condition::Kind::kIn, std::move(list));
}

Condition Logic(Condition::Kind kind, std::vector<Condition> children) {
  Condition condition;
  condition.kind = kind;
  condition.children = std::move(children);
  return condition;
}

Condition And(Condition a, Condition b) {
  return Logic(Condition::Kind::kAnd, {std::move(a), std::move(b)});
}

Condition Or(Condition a, Condition b) {
  return Logic(Condition::Kind::kOr, {std::move(a), std::move(b)});
}

Condition Not(Condition a) {
  return Logic(Condition::Kind::kNot, {std::move(a)});
}

Condition Exists(std::string_view path) {
  return Of(Condition::Kind::kAttributeExists, {At(path)});
}

Condition NotExists(std::string_view path) {
  return Of(Condition::Kind::kAttributeNotExists, {At(path)});
}

Condition Type(Operand a, std::string type) {
  return Of(Condition::Kind::kAttributeType, {std::move(a), V(S(std::move(type)))});
}

Condition BeginsWith(Operand a, Operand b) {
  return Of(Condition::Kind::kBeginsWith, {std::move(a), std::move(b)});
}

Condition Contains(Operand a, Operand b) {
  return Of(Condition::Kind::kContains, {std::move(a), std::move(b)});
}

const std::string kAccented = "\xC3\xA9";                       // é: 2 bytes, 1 UTF-16 unit
const std::string kClef = "\xF0\x9D\x84\x9E";                   // 𝄞: 4 bytes, 2 UTF-16 units
const std::string kBytes = std::string("\x01\x80\x00\xFF", 4);  // with a NUL inside

model::Item TestItem() {
  return {
      {"pk", S("p1")},
      {"s", S("hello")},
      {"n", N("10")},
      {"b", B(kBytes)},
      {"t", AttributeValue::Bool(true)},
      {"z", AttributeValue::Null()},
      {"ss", AttributeValue::StringSet({"a", "b"})},
      {"ns", NS({"1", "2.5"})},
      {"bs", AttributeValue::BinarySet({"\x01", "\x02"})},
      {"l", L({S("x"), N("1"), L({N("2")}), M({{"k", S("v")}})})},
      {"m", M({{"a", M({{"b", N("5")}})}, {"dot.name", S("d")}, {"list", L({N("7")})}})},
      {"u", S(kAccented + kClef)},
      {"e", S("")},
      {"h", S(std::string(100, 'h'))},
  };
}

struct Case {
  std::string name;
  Condition condition;
  bool expected;
};

void RunCases(const std::vector<Case>& cases, const model::Item& item) {
  for (const Case& c : cases) {
    EXPECT_EQ(EvaluateCondition(c.condition, item), c.expected) << c.name;
  }
}

TEST(ConditionEvalTest, Equality) {
  RunCases(
      {
          {"number", Eq(At("n"), V(N("10"))), true},
          {"number by value", Eq(At("n"), V(N("1.0e1"))), true},
          {"number unequal", Eq(At("n"), V(N("11"))), false},
          {"number vs string", Eq(At("n"), V(S("10"))), false},
          {"number vs string <>", Ne(At("n"), V(S("10"))), true},
          {"string", Eq(At("s"), V(S("hello"))), true},
          {"string case", Eq(At("s"), V(S("Hello"))), false},
          {"binary", Eq(At("b"), V(B(kBytes))), true},
          {"binary vs string", Eq(At("b"), V(S(kBytes))), false},
          {"bool", Eq(At("t"), V(AttributeValue::Bool(true))), true},
          {"bool false", Eq(At("t"), V(AttributeValue::Bool(false))), false},
          {"null", Eq(At("z"), V(AttributeValue::Null())), true},
          {"string set any order", Eq(At("ss"), V(AttributeValue::StringSet({"b", "a"}))), true},
          {"string set subset", Eq(At("ss"), V(AttributeValue::StringSet({"a"}))), false},
          {"number set by value", Eq(At("ns"), V(NS({"2.50", "1"}))), true},
          {"binary set", Eq(At("bs"), V(AttributeValue::BinarySet({"\x02", "\x01"}))), true},
          {"string set vs binary set", Eq(At("ss"), V(AttributeValue::BinarySet({"a", "b"}))),
           false},
          {"list deep", Eq(At("l"), V(L({S("x"), N("1.0"), L({N("2")}), M({{"k", S("v")}})}))),
           true},
          {"list order matters", Eq(At("l[2]"), V(L({N("2"), N("3")}))), false},
          {"map deep", Eq(At("m.a"), V(M({{"b", N("5")}}))), true},
          {"map differs", Eq(At("m.a"), V(M({{"b", N("6")}}))), false},
          {"two attributes", Eq(At("l[1]"), At("ns")), false},
          {"nested vs nested", Eq(At("m.list[0]"), V(N("7"))), true},
          {"missing =", Eq(At("nope"), V(N("1"))), false},
          {"missing <>", Ne(At("nope"), V(N("1"))), true},
          {"two missing =", Eq(At("nope"), At("nada")), false},
          {"two missing <>", Ne(At("nope"), At("nada")), true},
          {"missing nested <>", Ne(At("m.a.c"), V(N("1"))), true},
          {"equal <>", Ne(At("n"), V(N("10"))), false},
          {"empty string", Eq(At("e"), V(S(""))), true},
      },
      TestItem());
}

TEST(ConditionEvalTest, Ordering) {
  RunCases(
      {
          {"n < 11", Lt(At("n"), V(N("11"))), true},
          {"n < 10", Lt(At("n"), V(N("10"))), false},
          {"n <= 10", Le(At("n"), V(N("10"))), true},
          {"n > 9.99", Gt(At("n"), V(N("9.99"))), true},
          {"n > -20", Gt(At("n"), V(N("-20"))), true},
          {"n >= 1e1", Ge(At("n"), V(N("1e1"))), true},
          {"n >= 10.0001", Ge(At("n"), V(N("10.0001"))), false},
          {"s < hellp", Lt(At("s"), V(S("hellp"))), true},
          {"prefix sorts first", Lt(At("s"), V(S("hello!"))), true},
          {"upper case sorts first", Gt(At("s"), V(S("Hello"))), true},
          {"utf-8 bytes: é > z", Gt(V(S(kAccented)), V(S("z"))), true},
          {"utf-8 bytes: 𝄞 > é", Gt(V(S(kClef)), V(S(kAccented))), true},
          {"binary unsigned", Gt(At("b"), V(B("\x01\x7F"))), true},
          {"binary shorter first", Lt(V(B(std::string("\x01\x80", 2))), At("b")), true},
          {"number vs string", Lt(At("n"), V(S("a"))), false},
          {"string vs number", Gt(At("s"), V(N("1"))), false},
          {"bool unordered", Le(At("t"), At("t")), false},
          {"null unordered", Ge(At("z"), At("z")), false},
          {"list unordered", Le(At("l"), At("l")), false},
          {"map unordered", Ge(At("m"), At("m")), false},
          {"set unordered", Le(At("ss"), At("ss")), false},
          {"missing <", Lt(At("nope"), V(N("1"))), false},
          {"missing >=", Ge(At("nope"), V(N("1"))), false},
          {"two missing <=", Le(At("nope"), At("nada")), false},
          {"attribute vs attribute", Lt(At("m.a.b"), At("n")), true},
      },
      TestItem());
}

TEST(ConditionEvalTest, BetweenAndIn) {
  RunCases(
      {
          {"inside", Between(At("n"), V(N("5")), V(N("20"))), true},
          {"lower bound inclusive", Between(At("n"), V(N("10")), V(N("20"))), true},
          {"upper bound inclusive", Between(At("n"), V(N("1")), V(N("10.0"))), true},
          {"below", Between(At("n"), V(N("11")), V(N("20"))), false},
          {"bounds reversed", Between(At("n"), V(N("20")), V(N("5"))), false},
          {"strings", Between(At("s"), V(S("a")), V(S("i"))), true},
          {"binary", Between(At("b"), V(B("\x01")), V(B("\x02"))), true},
          {"mixed bound types", Between(At("n"), V(N("1")), V(S("z"))), false},
          {"wrong type", Between(At("s"), V(N("1")), V(N("20"))), false},
          {"unordered type", Between(At("t"), At("t"), At("t")), false},
          {"missing", Between(At("nope"), V(N("1")), V(N("20"))), false},
          {"in second", In(At("n"), {V(S("10")), V(N("10"))}), true},
          {"in none", In(At("n"), {V(S("10")), V(N("11"))}), false},
          {"in deep list", In(At("l[2]"), {V(N("2")), V(L({N("2")}))}), true},
          {"in set any order", In(At("ss"), {V(AttributeValue::StringSet({"b", "a"}))}), true},
          {"in attribute", In(At("m.a.b"), {At("n"), At("m.a.b")}), true},
          {"in missing", In(At("nope"), {V(N("1")), At("nada")}), false},
      },
      TestItem());
}

TEST(ConditionEvalTest, Existence) {
  Path dotted = P("m");
  dotted.push_back(PathElement{PathElement::Kind::kName, "dot.name", 0});
  RunCases(
      {
          {"top level", Exists("pk"), true},
          {"top level missing", Exists("nope"), false},
          {"nested map", Exists("m.a.b"), true},
          {"nested missing", Exists("m.a.c"), false},
          {"list index", Exists("l[2][0]"), true},
          {"list index past end", Exists("l[4]"), false},
          {"member of a list", Exists("l.x"), false},
          {"index into a map", Exists("m[0]"), false},
          {"member of a string", Exists("s.x"), false},
          {"name with a dot", Of(Condition::Kind::kAttributeExists, {At(dotted)}), true},
          {"dot as path", Exists("m.dot.name"), false},
          {"not exists missing", NotExists("nope"), true},
          {"not exists present", NotExists("m.list[0]"), false},
          {"not exists past end", NotExists("m.list[1]"), true},
          {"null exists", Exists("z"), true},
      },
      TestItem());
}

TEST(ConditionEvalTest, AttributeType) {
  RunCases(
      {
          {"S", Type(At("s"), "S"), true},
          {"N", Type(At("n"), "N"), true},
          {"B", Type(At("b"), "B"), true},
          {"BOOL", Type(At("t"), "BOOL"), true},
          {"NULL", Type(At("z"), "NULL"), true},
          {"SS", Type(At("ss"), "SS"), true},
          {"NS", Type(At("ns"), "NS"), true},
          {"BS", Type(At("bs"), "BS"), true},
          {"L", Type(At("l"), "L"), true},
          {"M", Type(At("m"), "M"), true},
          {"nested", Type(At("l[3].k"), "S"), true},
          {"wrong type", Type(At("s"), "N"), false},
          {"set is not its element type", Type(At("ss"), "S"), false},
          {"missing", Type(At("nope"), "NULL"), false},
          {"request value", Type(V(N("0")), "N"), true},
      },
      TestItem());
}

TEST(ConditionEvalTest, BeginsWith) {
  RunCases(
      {
          {"string prefix", BeginsWith(At("s"), V(S("hel"))), true},
          {"whole string", BeginsWith(At("s"), V(S("hello"))), true},
          {"longer than string", BeginsWith(At("s"), V(S("hello!"))), false},
          {"not a prefix", BeginsWith(At("s"), V(S("ello"))), false},
          {"case sensitive", BeginsWith(At("s"), V(S("H"))), false},
          {"binary prefix", BeginsWith(At("b"), V(B("\x01\x80"))), true},
          {"binary not prefix", BeginsWith(At("b"), V(B("\x80"))), false},
          {"string vs binary", BeginsWith(At("s"), V(B("he"))), false},
          {"number", BeginsWith(At("n"), V(S("1"))), false},
          {"list", BeginsWith(At("l"), V(S("x"))), false},
          {"missing", BeginsWith(At("nope"), V(S("x"))), false},
          {"reversed operands", BeginsWith(V(S("hello world")), At("s")), true},
          {"attribute prefix", BeginsWith(At("s"), At("l[0]")), false},
          {"utf-8 prefix", BeginsWith(At("u"), V(S(kAccented))), true},
      },
      TestItem());
}

TEST(ConditionEvalTest, Contains) {
  RunCases(
      {
          {"substring", Contains(At("s"), V(S("ell"))), true},
          {"not substring", Contains(At("s"), V(S("elo"))), false},
          {"string vs number", Contains(At("n"), V(N("1"))), false},
          {"string operand number", Contains(At("s"), V(N("1"))), false},
          {"binary substring", Contains(At("b"), V(B(std::string("\x80\x00", 2)))), true},
          {"binary vs string operand", Contains(At("b"), V(S("\x80"))), false},
          {"string set member", Contains(At("ss"), V(S("a"))), true},
          {"string set non-member", Contains(At("ss"), V(S("c"))), false},
          {"string set vs set operand", Contains(At("ss"), V(AttributeValue::StringSet({"a"}))),
           false},
          {"number set by value", Contains(At("ns"), V(N("2.50"))), true},
          {"number set vs string", Contains(At("ns"), V(S("1"))), false},
          {"binary set member", Contains(At("bs"), V(B("\x02"))), true},
          {"binary set vs string", Contains(At("bs"), V(S("\x02"))), false},
          {"list string", Contains(At("l"), V(S("x"))), true},
          {"list number by value", Contains(At("l"), V(N("1.00"))), true},
          {"list nested list", Contains(At("l"), V(L({N("2")}))), true},
          {"list nested map", Contains(At("l"), V(M({{"k", S("v")}}))), true},
          {"list non-member", Contains(At("l"), V(S("y"))), false},
          {"map", Contains(At("m"), V(S("a"))), false},
          {"missing container", Contains(At("nope"), V(S("a"))), false},
          {"missing operand", Contains(At("l"), At("nope")), false},
          {"attribute operand", Contains(At("l"), At("l[1]")), true},
          {"size operand", Contains(At("l"), Size(V(S("a")))), true},
      },
      TestItem());
}

TEST(ConditionEvalTest, Size) {
  RunCases(
      {
          {"string", Eq(Size(At("s")), V(N("5"))), true},
          {"empty string", Eq(Size(At("e")), V(N("0"))), true},
          {"binary bytes", Eq(Size(At("b")), V(N("4"))), true},
          {"string set", Eq(Size(At("ss")), V(N("2"))), true},
          {"number set", Eq(Size(At("ns")), V(N("2"))), true},
          {"binary set", Eq(Size(At("bs")), V(N("2"))), true},
          {"list", Eq(Size(At("l")), V(N("4"))), true},
          {"map", Eq(Size(At("m")), V(N("3"))), true},
          {"nested", Eq(Size(At("m.list")), V(N("1"))), true},
          {"hundred", Eq(Size(At("h")), V(N("100"))), true},
          {"hundred by value", Eq(Size(At("h")), V(N("1e2"))), true},
          {"less", Lt(Size(At("h")), V(N("100.5"))), true},
          {"greater", Gt(Size(At("h")), V(N("99"))), true},
          {"<>", Ne(Size(At("s")), V(N("4"))), true},
          {"vs string", Eq(Size(At("s")), V(S("5"))), false},
          {"vs string <>", Ne(Size(At("s")), V(S("5"))), true},
          {"vs attribute", Lt(Size(At("s")), At("n")), true},
          {"size vs size", Eq(Size(At("ss")), Size(At("ns"))), true},
          {"request value", Eq(Size(V(S("abc"))), V(N("3"))), true},
          {"between", Between(Size(At("s")), V(N("1")), V(N("5"))), true},
          {"in", In(Size(At("s")), {V(N("4")), V(N("5"))}), true},
          {"number", Eq(Size(At("n")), V(N("2"))), false},
          {"number <>", Ne(Size(At("n")), V(N("2"))), false},
          {"bool", Ge(Size(At("t")), V(N("0"))), false},
          {"null", Ge(Size(At("z")), V(N("0"))), false},
          {"missing", Eq(Size(At("nope")), V(N("0"))), false},
          {"missing <>", Ne(Size(At("nope")), V(N("0"))), false},
          {"not of invalid", Not(Eq(Size(At("n")), V(N("2")))), true},
      },
      TestItem());
}

TEST(ConditionEvalTest, SizeCountsUtf16Units) {
  // "é𝄞" is 6 UTF-8 bytes, 2 code points and 3 UTF-16 code units.
  RunCases(
      {
          {"utf-16 units", Eq(Size(At("u")), V(N("3"))), true},
          {"not bytes", Eq(Size(At("u")), V(N("6"))), false},
          {"not code points", Eq(Size(At("u")), V(N("2"))), false},
      },
      TestItem());
}

TEST(ConditionEvalTest, Logic) {
  const Condition yes = Exists("pk");
  const Condition no = Exists("nope");
  RunCases(
      {
          {"and", And(yes, yes), true},
          {"and false", And(yes, no), false},
          {"or", Or(no, yes), true},
          {"or false", Or(no, no), false},
          {"not", Not(no), true},
          {"not not", Not(Not(yes)), true},
          {"a or b and c", Or(yes, And(no, no)), true},
          {"(a or b) and c", And(Or(yes, no), no), false},
          {"not over comparison", Not(Lt(At("n"), V(N("5")))), true},
          {"typical",
           And(And(yes, Eq(At("s"), V(S("hello")))), Between(At("n"), V(N("1")), V(N("99")))),
           true},
      },
      TestItem());
}

TEST(ConditionEvalTest, MissingItemIsEmpty) {
  RunCases(
      {
          {"create-only idiom", NotExists("pk"), true},
          {"exists", Exists("pk"), false},
          {"<>", Ne(At("pk"), V(S("p1"))), true},
          {"=", Eq(At("pk"), V(S("p1"))), false},
      },
      model::Item{});
}

TEST(ConditionEvalTest, FindPath) {
  const model::Item item = TestItem();
  ASSERT_NE(FindPath(item, P("l[3].k")), nullptr);
  EXPECT_EQ(*FindPath(item, P("l[3].k")), S("v"));
  EXPECT_EQ(*FindPath(item, P("m.a.b")), N("5"));
  EXPECT_EQ(FindPath(item, P("l[3].k.x")), nullptr);
  EXPECT_EQ(FindPath(item, P("m.list[1]")), nullptr);
  EXPECT_EQ(FindPath(item, Path{}), nullptr);
  EXPECT_EQ(FindPath(item, P("s[0]")), nullptr);
  const Path index_first = {PathElement{PathElement::Kind::kIndex, "", 0}};
  EXPECT_EQ(FindPath(item, index_first), nullptr);
}

TEST(ConditionEvalTest, MalformedTreeIsFalse) {
  RunCases(
      {
          {"compare without operands", Of(Condition::Kind::kCompare, {}), false},
          {"between with two", Of(Condition::Kind::kBetween, {At("n"), At("n")}), false},
          {"and without children", Logic(Condition::Kind::kAnd, {}), false},
          {"update operand",
           Eq(
               [] {
                 Operand plus;
                 plus.kind = Operand::Kind::kPlus;
                 return plus;
               }(),
               V(N("1"))),
           false},
      },
      TestItem());
}

}  // namespace
}  // namespace dynafake::expr
