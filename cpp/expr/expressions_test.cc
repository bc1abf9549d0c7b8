// The front end through its facade: parse (cached) + resolve against a request's names and
// values, with the service's messages and their precedence. Input -> resolved tree or error.
#include "expr/expressions.h"

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "expr/parse_cache.h"
#include "util/base64.h"

namespace dynafake::expr {
namespace {

using model::AttributeValue;
using model::Number;

AttributeValue Num(const char* text) {
  return AttributeValue::FromNumber(*Number::Parse(text));
}

const std::map<std::string, std::string>& Names() {
  static const auto* names = new std::map<std::string, std::string>{
      {"#a", "a"}, {"#b", "b"}, {"#c", "c"}, {"#d", "[3]"}, {"#dot", "a.b"}, {"#pk", "pk"}};
  return *names;
}

const model::Item& Values() {
  static const auto* values = new model::Item{
      {":s", AttributeValue::String("str")},
      {":s2", AttributeValue::String("abc")},
      {":t", AttributeValue::String("N")},
      {":dog", AttributeValue::String("DOG")},
      {":n", Num("1")},
      {":n5", Num("5")},
      {":b", AttributeValue::Binary("\x01")},
      {":b2", AttributeValue::Binary("\x02")},
      {":bool", AttributeValue::Bool(true)},
      {":null", AttributeValue::Null()},
      {":l", AttributeValue::List({})},
      {":m", AttributeValue::Map({})},
      {":ss", AttributeValue::StringSet({"x"})},
      {":ns", AttributeValue::NumberSet({*Number::Parse("1")})},
      {":bs", AttributeValue::BinarySet({"\x01"})},
  };
  return *values;
}

std::string Render(const Path& path) {
  std::string out;
  for (const PathElement& element : path) {
    if (element.kind == PathElement::Kind::kIndex) {
      out += "[" + std::to_string(element.index) + "]";
      continue;
    }
    if (!out.empty()) {
      out += ".";
    }
    const bool plain =
        element.name.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == std::string::npos;
    out += plain ? element.name : "`" + element.name + "`";
  }
  return out;
}

std::string Render(const AttributeValue& value) {
  const std::string type(model::AttributeTypeName(value.type()));
  switch (value.type()) {
    case model::AttributeType::kS:
      return "S(" + value.as_string() + ")";
    case model::AttributeType::kN:
      return "N(" + value.as_number().ToString() + ")";
    case model::AttributeType::kB:
      return "B(" + util::Base64Encode(value.as_string()) + ")";
    case model::AttributeType::kBOOL:
      return value.as_bool() ? "BOOL(true)" : "BOOL(false)";
    case model::AttributeType::kNULL:
      return "NULL";
    case model::AttributeType::kL:
      return "L(" + std::to_string(value.as_list().size()) + ")";
    case model::AttributeType::kM:
      return "M(" + std::to_string(value.as_map().size()) + ")";
    case model::AttributeType::kNS:
      return "NS(" + std::to_string(value.as_number_set().size()) + ")";
    default:
      return type + "(" + std::to_string(value.as_string_set().size()) + ")";
  }
}

std::string Render(const Operand& operand) {
  switch (operand.kind) {
    case Operand::Kind::kPath:
      return Render(operand.path);
    case Operand::Kind::kValue:
      return Render(operand.value);
    case Operand::Kind::kSize:
      return "size(" + Render(operand.arguments[0]) + ")";
    case Operand::Kind::kIfNotExists:
      return "if_not_exists(" + Render(operand.path) + ", " + Render(operand.arguments[0]) + ")";
    case Operand::Kind::kListAppend:
      return "list_append(" + Render(operand.arguments[0]) + ", " + Render(operand.arguments[1]) +
             ")";
    case Operand::Kind::kPlus:
      return "(" + Render(operand.arguments[0]) + " + " + Render(operand.arguments[1]) + ")";
    case Operand::Kind::kMinus:
      return "(" + Render(operand.arguments[0]) + " - " + Render(operand.arguments[1]) + ")";
  }
  return "?";
}

std::string RenderOperands(const Condition& condition, size_t first, const char* separator) {
  std::string out;
  for (size_t i = first; i < condition.operands.size(); ++i) {
    out += (i == first ? "" : separator) + Render(condition.operands[i]);
  }
  return out;
}

std::string Render(const Condition& c) {
  static const char* const kComparators[] = {"=", "<>", "<", "<=", ">", ">="};
  switch (c.kind) {
    case Condition::Kind::kCompare:
      return "(" + Render(c.operands[0]) + " " + kComparators[static_cast<int>(c.comparator)] +
             " " + Render(c.operands[1]) + ")";
    case Condition::Kind::kBetween:
      return "(" + Render(c.operands[0]) + " BETWEEN " + Render(c.operands[1]) + " AND " +
             Render(c.operands[2]) + ")";
    case Condition::Kind::kIn:
      return "(" + Render(c.operands[0]) + " IN " + RenderOperands(c, 1, ", ") + ")";
    case Condition::Kind::kAnd:
      return "(" + Render(c.children[0]) + " AND " + Render(c.children[1]) + ")";
    case Condition::Kind::kOr:
      return "(" + Render(c.children[0]) + " OR " + Render(c.children[1]) + ")";
    case Condition::Kind::kNot:
      return "(NOT " + Render(c.children[0]) + ")";
    case Condition::Kind::kAttributeExists:
      return "attribute_exists(" + RenderOperands(c, 0, ", ") + ")";
    case Condition::Kind::kAttributeNotExists:
      return "attribute_not_exists(" + RenderOperands(c, 0, ", ") + ")";
    case Condition::Kind::kAttributeType:
      return "attribute_type(" + RenderOperands(c, 0, ", ") + ")";
    case Condition::Kind::kBeginsWith:
      return "begins_with(" + RenderOperands(c, 0, ", ") + ")";
    case Condition::Kind::kContains:
      return "contains(" + RenderOperands(c, 0, ", ") + ")";
  }
  return "?";
}

std::string Render(const Update& update) {
  static const char* const kActions[] = {"SET", "REMOVE", "ADD", "DELETE"};
  std::string out;
  for (const UpdateAction& action : update.actions) {
    out += out.empty() ? "" : "; ";
    out += std::string(kActions[static_cast<int>(action.kind)]) + " " + Render(action.path);
    if (action.kind == UpdateAction::Kind::kSet) {
      out += " = " + Render(action.value);
    } else if (action.kind != UpdateAction::Kind::kRemove) {
      out += " " + Render(action.value);
    }
  }
  return out;
}

std::string Render(const Projection& projection) {
  std::string out;
  for (const Path& path : projection.paths) {
    out += (out.empty() ? "" : ", ") + Render(path);
  }
  return out;
}

template <typename T>
std::string Outcome(const Result<T>& result) {
  return result.has_value() ? Render(*result) : result.error().message();
}

// The rendered resolution of `text`, or its error message.
std::string Resolve(ExpressionKind kind, std::string_view text, ParseCache* cache = nullptr) {
  RequestExpressions request(cache, &Names(), &Values());
  switch (kind) {
    case ExpressionKind::kUpdate:
      return Outcome(request.ParseUpdate(text));
    case ExpressionKind::kProjection:
      return Outcome(request.ParseProjection(text));
    default:
      return Outcome(request.ParseCondition(text, kind));
  }
}

struct ResolveCase {
  ExpressionKind kind;
  std::string text;
  std::string expected;  // the rendered tree, or the whole error message
};

std::ostream& operator<<(std::ostream& out, const ResolveCase& c) {
  return out << ExpressionKindName(c.kind) << " `" << c.text.substr(0, 80) << "`";
}

ResolveCase C(std::string text, std::string expected) {
  return {ExpressionKind::kCondition, std::move(text), std::move(expected)};
}

ResolveCase U(std::string text, std::string expected) {
  return {ExpressionKind::kUpdate, std::move(text), std::move(expected)};
}

ResolveCase P(std::string text, std::string expected) {
  return {ExpressionKind::kProjection, std::move(text), std::move(expected)};
}

std::string CE(std::string message) {
  return "Invalid ConditionExpression: " + message;
}

std::string UE(std::string message) {
  return "Invalid UpdateExpression: " + message;
}

std::string PE(std::string message) {
  return "Invalid ProjectionExpression: " + message;
}

std::string Distinct(std::string op, std::string path) {
  return "The first operand must be distinct from the remaining operands for this operator or "
         "function; operator: " +
         op + ", first operand: " + path;
}

std::string OperandType(std::string op, std::string type) {
  return "Incorrect operand type for operator or function; operator or function: " + op +
         ", operand type: " + type;
}

std::string Arity(std::string f, int n) {
  return "Incorrect number of operands for operator or function; operator or function: " + f +
         ", number of operands: " + std::to_string(n);
}

std::string NeedsPath(std::string f) {
  return "Operator or function requires a document path; operator or function: " + f;
}

std::string UndefinedName(std::string name) {
  return "An expression attribute name used in the document path is not defined; attribute "
         "name: " +
         name;
}

std::string UndefinedValue(std::string value) {
  return "An expression attribute value used in expression is not defined; attribute value: " +
         value;
}

std::string Overlap(std::string one, std::string two) {
  return "Two document paths overlap with each other; must remove or rewrite one of these paths; "
         "path one: " +
         one + ", path two: " + two;
}

std::string Conflict(std::string one, std::string two) {
  return "Two document paths conflict with each other; must remove or rewrite one of these "
         "paths; path one: " +
         one + ", path two: " + two;
}

std::string AddDelete(std::string op, std::string type) {
  return "Incorrect operand type for operator or function; operator: " + op +
         ", operand type: " + type + ", typeSet: ALLOWED_FOR_" + op + "_OPERAND";
}

class ResolveTable : public ::testing::TestWithParam<ResolveCase> {};

TEST_P(ResolveTable, Outcome) {
  EXPECT_EQ(Resolve(GetParam().kind, GetParam().text), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    ConditionTrees, ResolveTable,
    ::testing::Values(
        C("a = :n", "(a = N(1))"), C("#a <> :s", "(a <> S(str))"),
        C("#dot.b[2] < :n", "(`a.b`.b[2] < N(1))"),
        C("#d[3].#dot >= :b", "(`[3]`[3].`a.b` >= B(AQ==))"),
        C("a BETWEEN :n AND :n5", "(a BETWEEN N(1) AND N(5))"),
        C("a IN (:s, :n, b.c)", "(a IN S(str), N(1), b.c)"),
        C("attribute_exists(#a.x)", "attribute_exists(a.x)"),
        C("attribute_not_exists(a[0])", "attribute_not_exists(a[0])"),
        C("attribute_type(a, :t)", "attribute_type(a, S(N))"),
        C("begins_with(a, :s)", "begins_with(a, S(str))"),
        C("contains(:l, a)", "contains(L(0), a)"), C("size(a) > :n", "(size(a) > N(1))"),
        C("size(:ss) = :n", "(size(SS(1)) = N(1))"),
        C("a = :n AND b = :s OR NOT c = :n", "(((a = N(1)) AND (b = S(str))) OR (NOT (c = N(1))))"),
        C("a = :n OR b = :n AND c = :n", "((a = N(1)) OR ((b = N(1)) AND (c = N(1))))"),
        C("NOT NOT a = :n", "(NOT (NOT (a = N(1))))"),
        C("(a) = (:n) AND ((b).c = :n)", "((a = N(1)) AND (b.c = N(1)))"),
        C("a = :l AND b <> :m", "((a = L(0)) AND (b <> M(0)))"), C(":n < :n5", "(N(1) < N(5))"),
        C("a BETWEEN :b AND :b2", "(a BETWEEN B(AQ==) AND B(Ag==))"),
        C("a BETWEEN :s2 AND :s", "(a BETWEEN S(abc) AND S(str))"),
        C("a BETWEEN :n AND :n", "(a BETWEEN N(1) AND N(1))"),
        C("a IN (:bool, :l, :null)", "(a IN BOOL(true), L(0), NULL)"),
        C("begins_with(:b, a)", "begins_with(B(AQ==), a)"), C(":n = :n", "(N(1) = N(1))"),
        C("contains(a, b)", "contains(a, b)")));

// Per leaf, left to right; within a leaf: undefined placeholder, operand count, identical operands,
// operand type (dynalite conditionParser checkConditionErrors, confirmed by its tests).
INSTANTIATE_TEST_SUITE_P(
    ConditionErrors, ResolveTable,
    ::testing::Values(
        C("#zz = :s", CE(UndefinedName("#zz"))), C("a = :zz", CE(UndefinedValue(":zz"))),
        C(":zz = #zz", CE(UndefinedValue(":zz"))),
        C("attribute_exists(#Pictures.RearView, :x) and a=a", CE(UndefinedName("#Pictures"))),
        C("begins_with(:hello, #a, #b)", CE(UndefinedValue(":hello"))),
        C("(#P between :lo and :hi) and (#PC in (:cat1, :cat2))", CE(UndefinedName("#P"))),
        C("#4g > a", CE(UndefinedName("#4g"))), C("#_ > a", CE(UndefinedName("#_"))),
        C("(a)between(b.c[45].#zz)and(:s)", CE(UndefinedName("#zz"))),
        C("a = a AND #zz = b AND :views > a", CE(Distinct("=", "[a]"))),
        C("#a <> a", CE(Distinct("<>", "[a]"))), C("a > #a", CE(Distinct(">", "[a]"))),
        C("((a=a) OR (a=a))", CE(Distinct("=", "[a]"))),
        C("contains(ab.bc[1].a, ab.bc[1].#a)", CE(Distinct("contains", "[ab, bc, [1], a]"))),
        C("attribute_type(ab.bc[1].#a, ab.bc[1].a)",
          CE(Distinct("attribute_type", "[ab, bc, [1], a]"))),
        C("begins_with(ab.bc[1].a, ab.bc[1].#a)", CE(Distinct("begins_with", "[ab, bc, [1], a]"))),
        C("contains(#c, c)", CE(Distinct("contains", "[c]"))), C("#dot = a.b", "(`a.b` = a.b)"),
        C("#d = a[3]", "(`[3]` = a[3])"),
        C("attribute_exists(things, a) and a=a", CE(Arity("attribute_exists", 2))),
        C("attribute_not_exists(things, b)", CE(Arity("attribute_not_exists", 2))),
        C("attribute_type(things)", CE(Arity("attribute_type", 1))),
        C("begins_with(things)", CE(Arity("begins_with", 1))),
        C("begins_with(things, size(a), b)", CE(Arity("begins_with", 3))),
        C("contains(things)", CE(Arity("contains", 1))),
        C("size(things, a) > b", CE(Arity("size", 2))),
        C("contains(a, a, a)", CE(Arity("contains", 3))),
        C("size(size(a)) > size(a, b)", CE(Arity("size", 2))),
        C("attribute_type(a, size(a)) and a=a and a=:s", CE(OperandType("attribute_type", "N"))),
        C("attribute_type(a, :n)", CE(OperandType("attribute_type", "N"))),
        C("attribute_type(a, :b)", CE(OperandType("attribute_type", "B"))),
        C("attribute_type(a, :bool)", CE(OperandType("attribute_type", "BOOL"))),
        C("attribute_type(a, :l)", CE(OperandType("attribute_type", "L"))),
        C("attribute_type(a, :ss)", CE(OperandType("attribute_type", "SS"))),
        C("attribute_type(a, b)",
          CE(OperandType("attribute_type", "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}"))),
        C("attribute_type(a, :dog)",
          CE("Invalid attribute type name found; type: DOG, valid types: "
             "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}")),
        C("attribute_type(a, a)", CE(Distinct("attribute_type", "[a]"))),
        // attribute_type accepts a value as its first operand; only the type name is checked.
        C("attribute_type(:s, :dog)",
          CE("Invalid attribute type name found; type: DOG, valid types: "
             "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}")),
        C("begins_with(a, size(a)) and a=:s", CE(OperandType("begins_with", "N"))),
        C("begins_with(a, :n)", CE(OperandType("begins_with", "N"))),
        C("begins_with(a, :bool)", CE(OperandType("begins_with", "BOOL"))),
        C("begins_with(a, :null)", CE(OperandType("begins_with", "NULL"))),
        C("begins_with(a, :m)", CE(OperandType("begins_with", "M"))),
        C("begins_with(a, :ns)", CE(OperandType("begins_with", "NS"))),
        C("begins_with(:l, a)", CE(OperandType("begins_with", "L"))),
        C("begins_with(:bs, a)", CE(OperandType("begins_with", "BS"))),
        C("size(size(a)) > :n", CE(OperandType("size", "N"))),
        C("attribute_not_exists(size(:n))", CE(OperandType("size", "N"))),
        C("attribute_not_exists(size(:s))", CE(NeedsPath("attribute_not_exists"))),
        C("size(:bool) > a", CE(OperandType("size", "BOOL"))),
        C("size(:null) > a", CE(OperandType("size", "NULL"))),
        C("attribute_exists(:s) and a=a", CE(NeedsPath("attribute_exists"))),
        C("attribute_exists(size(a))", CE(NeedsPath("attribute_exists"))),
        // DynamoDB: an ordering comparison or BETWEEN with an unorderable constant is rejected.
        C("n > :bool", CE(OperandType(">", "BOOL"))), C("n < :l", CE(OperandType("<", "L"))),
        C("n <= :null", CE(OperandType("<=", "NULL"))), C("n >= :ss", CE(OperandType(">=", "SS"))),
        C(":m > n", CE(OperandType(">", "M"))), C(":n > :bool", CE(OperandType(">", "BOOL"))),
        C("size(s) > :bool", CE(OperandType(">", "BOOL"))),
        C("attribute_not_exists(zzz) OR n > :bool", CE(OperandType(">", "BOOL"))),
        C("NOT (n > :bool)", CE(OperandType(">", "BOOL"))),
        C("n BETWEEN :bool AND :bool", CE(OperandType("BETWEEN", "BOOL"))),
        C(":ns BETWEEN a AND b", CE(OperandType("BETWEEN", "NS"))),
        C("a BETWEEN :bool AND :n", CE(OperandType("BETWEEN", "BOOL"))),
        C("a between :n and :s",
          CE("The BETWEEN operator requires same data type for lower and upper bounds; lower bound "
             "operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:str}")),
        C("a between :n5 and :n",
          CE("The BETWEEN operator requires upper bound to be greater than or equal to lower "
             "bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: "
             "AttributeValue: {N:1}")),
        C("a between :s and :s2",
          CE("The BETWEEN operator requires upper bound to be greater than or equal to lower "
             "bound; lower bound operand: AttributeValue: {S:str}, upper bound operand: "
             "AttributeValue: {S:abc}")),
        C("a between :b2 and :b",
          CE("The BETWEEN operator requires upper bound to be greater than or equal to lower "
             "bound; lower bound operand: AttributeValue: {B:Ag==}, upper bound operand: "
             "AttributeValue: {B:AQ==}")),
        // Leaf order beats kind order: the first leaf with any error decides.
        C("begins_with(a, :n) AND #zz = :s", CE(OperandType("begins_with", "N"))),
        C("#zz = :s AND begins_with(a, :n)", CE(UndefinedName("#zz"))),
        C("a = :n AND (b = :n OR contains(c))", CE(Arity("contains", 1))),
        C("a = a AND contains(c)", CE(Distinct("=", "[a]"))),
        C("contains(c) AND a = a", CE(Arity("contains", 1)))));

INSTANTIATE_TEST_SUITE_P(
    OtherKinds, ResolveTable,
    ::testing::Values(
        ResolveCase{ExpressionKind::kKeyCondition, "#pk = :s AND sk BETWEEN :n AND :n5",
                    "((pk = S(str)) AND (sk BETWEEN N(1) AND N(5)))"},
        ResolveCase{ExpressionKind::kKeyCondition, "a between :b and :a",
                    "Invalid KeyConditionExpression: " + UndefinedValue(":a")},
        ResolveCase{ExpressionKind::kKeyCondition, "pk = :s AND sk BETWEEN :n5 AND :n",
                    "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to "
                    "be greater than or equal to lower bound; lower bound operand: AttributeValue: "
                    "{N:5}, upper bound operand: AttributeValue: {N:1}"},
        ResolveCase{ExpressionKind::kKeyCondition, "((pk = :s))",
                    "Invalid KeyConditionExpression: The expression has redundant parentheses;"},
        ResolveCase{ExpressionKind::kFilter, "#missing = :s",
                    "Invalid FilterExpression: " + UndefinedName("#missing")},
        ResolveCase{ExpressionKind::kFilter, "n > :bool",
                    "Invalid FilterExpression: " + OperandType(">", "BOOL")},
        ResolveCase{ExpressionKind::kFilter, "",
                    "Invalid FilterExpression: The expression can not be empty;"}));

INSTANTIATE_TEST_SUITE_P(
    Updates, ResolveTable,
    ::testing::Values(
        U("SET a = :n", "SET a = N(1)"),
        U("SET a = :n, b = a + :n REMOVE c[1] ADD d :ns DELETE e :ss",
          "SET a = N(1); SET b = (a + N(1)); REMOVE c[1]; ADD d NS(1); DELETE e SS(1)"),
        U("REMOVE x SET #dot = :s", "REMOVE x; SET `a.b` = S(str)"),
        U("SET #dot = :s, a.b = :n", "SET `a.b` = S(str); SET a.b = N(1)"),
        U("SET a = if_not_exists(a, :n) - :n5", "SET a = (if_not_exists(a, N(1)) - N(5))"),
        U("SET l = list_append(if_not_exists(l, :l), :l)",
          "SET l = list_append(if_not_exists(l, L(0)), L(0))"),
        U("SET a = (b + :n)", "SET a = (b + N(1))"), U("SET a = ((b))", "SET a = b"),
        U("ADD a :n, s :ss, b :bs", "ADD a N(1); ADD s SS(1); ADD b BS(1)"),
        U("SET a[0] = :s, a[1] = :s", "SET a[0] = S(str); SET a[1] = S(str)"),
        U("SET a.b = :s, a.c = :s", "SET a.b = S(str); SET a.c = S(str)"),
        U("SET #zz = :zz", UE(UndefinedName("#zz"))),
        U("SET a = :zz, #zz = b", UE(UndefinedName("#zz"))),
        U("SET #a = if_not_exists(:zz)", UE(UndefinedValue(":zz"))),
        U("SET #x = if_not_exists(:c)", UE(UndefinedName("#x"))),
        U("set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a)",
          UE(Overlap("[c, [1], a]", "[c]"))),
        U("set c.b.#c = a, c = a, #d = a", UE(Overlap("[c, b, c]", "[c]"))),
        U("set a = b remove a, #c, #d", UE(Overlap("[a]", "[a]"))),
        U("set #c[3].#d = a, #c[3] = a", UE(Overlap("[c, [3], [3]]", "[c, [3]]"))),
        U("remove c, #c.a, #d", UE(Overlap("[c]", "[c, a]"))),
        U("remove a, #c, a, #d", UE(Overlap("[a]", "[a]"))),
        U("SET #a = :s, a = :n", UE(Overlap("[a]", "[a]"))),
        U("SET lst[0] = :s, lst[0].ok = :s", UE(Overlap("[lst, [0]]", "[lst, [0], ok]"))),
        U("set #c[3].#d = a, #c.#d[3] = if_not_exists(a)",
          UE(Conflict("[c, [3], [3]]", "[c, [3], [3]]"))),
        U("remove a.#c set a[1] = #d", UE(Conflict("[a, c]", "[a, [1]]"))),
        U("SET a.b = :s, a[1] = :s, a.b.c = :s", UE(Overlap("[a, b]", "[a, b, c]"))),
        U("set b = list_append(:s, a), c = if_not_exists(a) add a.b :s",
          UE(AddDelete("ADD", "STRING"))),
        U("delete a.b :s", UE(AddDelete("DELETE", "STRING"))),
        U("add a.b :null", UE(AddDelete("ADD", "NULL"))),
        U("delete a.b :null", UE(AddDelete("DELETE", "NULL"))),
        U("add a.b :bool", UE(AddDelete("ADD", "BOOLEAN"))),
        U("add a.b :b", UE(AddDelete("ADD", "BINARY"))),
        U("add a.b :m", UE(AddDelete("ADD", "MAP"))),
        U("delete a.b :m", UE(AddDelete("DELETE", "MAP"))),
        U("add a.b :l", UE(AddDelete("ADD", "LIST"))),
        U("delete a.b :l", UE(AddDelete("DELETE", "LIST"))),
        U("delete a.b :n", UE(AddDelete("DELETE", "NUMBER"))),
        U("set a = if_not_exists(c)", UE(Arity("if_not_exists", 1))),
        U("set a = list_append(c)", UE(Arity("list_append", 1))),
        U("set a = list_append(a, b, c)", UE(Arity("list_append", 3))),
        U("set a = if_not_exists(:s, c)", UE(NeedsPath("if_not_exists"))),
        U("set a = if_not_exists(if_not_exists(a, b), c)", UE(NeedsPath("if_not_exists"))),
        U("set a = list_append(:s, a)", UE(OperandType("list_append", "S"))),
        U("set a = list_append(a, :n)", UE(OperandType("list_append", "N"))),
        U("set a = list_append(:b, a)", UE(OperandType("list_append", "B"))),
        U("set a = list_append(:bool, a)", UE(OperandType("list_append", "BOOL"))),
        U("set a = list_append(:null, a)", UE(OperandType("list_append", "NULL"))),
        U("set a = list_append(:ss, a)", UE(OperandType("list_append", "SS"))),
        U("set a = list_append(:m, a)", UE(OperandType("list_append", "M"))),
        U("set a = a + :s", UE(OperandType("+", "S"))),
        U("set a = :s + :b", UE(OperandType("+", "S"))),
        U("set a = :b + a", UE(OperandType("+", "B"))),
        U("set a = a + :bool", UE(OperandType("+", "BOOL"))),
        U("set a = a + :l", UE(OperandType("+", "L"))),
        U("set a = a - :ns", UE(OperandType("-", "NS"))),
        U("set a = a - :m", UE(OperandType("-", "M"))),
        U("set a = list_append(list_append(l, :l), :l)",
          UE("The function is not allowed to be used this way in an expression; function: "
             "list_append")),
        // Precedence: overlap before operand type before function errors.
        U("SET a = :n ADD a :s", UE(Overlap("[a]", "[a]"))),
        U("SET a = list_append(:s, b) ADD c :s", UE(AddDelete("ADD", "STRING"))),
        U("SET a = list_append(:s, b), b = if_not_exists(c)", UE(OperandType("list_append", "S"))),
        U("SET a = if_not_exists(c), b = list_append(:s, b)", UE(Arity("if_not_exists", 1))),
        U("SET a = list_append(if_not_exists(:s, b), :n)", UE(NeedsPath("if_not_exists")))));

INSTANTIATE_TEST_SUITE_P(
    Projections, ResolveTable,
    ::testing::Values(
        P("a", "a"), P("a, b.c, d[1]", "a, b.c, d[1]"), P("#dot, #d[1]", "`a.b`, `[3]`[1]"),
        P("#a.#b, c", "a.b, c"), P("a.b, a.c, l[0], l[1]", "a.b, a.c, l[0], l[1]"),
        P("#zz", PE(UndefinedName("#zz"))), P("a.#zz, #yy", PE(UndefinedName("#zz"))),
        P("a, a", PE(Overlap("[a]", "[a]"))), P("a, a.b", PE(Overlap("[a]", "[a, b]"))),
        P("a.b, a", PE(Overlap("[a, b]", "[a]"))), P("x, a.b, a", PE(Overlap("[a, b]", "[a]"))),
        P("alist[0], alist", PE(Overlap("[alist, [0]]", "[alist]"))),
        P("#a, #a.#b", PE(Overlap("[a]", "[a, b]"))), P("#a, a", PE(Overlap("[a]", "[a]"))),
        P("a.b[0],a.b[0]", PE(Overlap("[a, b, [0]]", "[a, b, [0]]"))),
        P("a.b, a[1]", PE(Conflict("[a, b]", "[a, [1]]"))),
        P("a.b, a[1], a", PE(Overlap("[a, b]", "[a]"))), P("#dot, a.b", "`a.b`, a.b"),
        P("#d, a[3]", "`[3]`, a[3]")));

TEST(RequestExpressionsTest, UnusedPlaceholdersAcrossExpressions) {
  const std::map<std::string, std::string> names = {
      {"#a", "a"}, {"#b", "b"}, {"#c", "c"}, {"#z", "z"}};
  const model::Item values = {{":x", Num("1")}, {":y", Num("2")}, {":w", Num("3")}};
  RequestExpressions request(nullptr, &names, &values);
  ASSERT_TRUE(request.ParseUpdate("SET #a = :x").has_value());
  ASSERT_TRUE(request.ParseCondition("#c = :y", ExpressionKind::kCondition).has_value());
  // DynamoDB's own key order varies; dynafake lists them sorted. Names come before values.
  EXPECT_EQ(request.CheckAllUsed().message(),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b, #z}");
  ASSERT_TRUE(request.ParseProjection("#b, #z").has_value());
  EXPECT_EQ(request.CheckAllUsed().message(),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
  ASSERT_TRUE(
      request.ParseCondition("attribute_exists(a) OR a = :w", ExpressionKind::kFilter).has_value());
  EXPECT_TRUE(request.CheckAllUsed().ok());
}

TEST(RequestExpressionsTest, NoMapsAreAlwaysUsed) {
  RequestExpressions request(nullptr, nullptr, nullptr);
  EXPECT_TRUE(request.CheckAllUsed().ok());
  EXPECT_EQ(Outcome(request.ParseCondition("#a = :v", ExpressionKind::kCondition)),
            CE(UndefinedName("#a")));
  EXPECT_EQ(Outcome(request.ParseCondition("a = :v", ExpressionKind::kCondition)),
            CE(UndefinedValue(":v")));
}

TEST(RequestExpressionsTest, ErrorsAreValidationExceptions) {
  RequestExpressions request(nullptr, &Names(), &Values());
  const auto result = request.ParseUpdate("SET a =");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kValidation);
}

TEST(ParseCacheTest, SharedParseResolvedPerRequest) {
  const auto cache = NewParseCache(16);
  const std::map<std::string, std::string> first = {{"#n", "x"}};
  const std::map<std::string, std::string> second = {{"#n", "y"}};
  const model::Item values = {{":v", Num("1")}};
  RequestExpressions one(cache.get(), &first, &values);
  RequestExpressions two(cache.get(), &second, &values);
  EXPECT_EQ(Outcome(one.ParseCondition("#n = :v", ExpressionKind::kCondition)), "(x = N(1))");
  EXPECT_EQ(Outcome(two.ParseCondition("#n = :v", ExpressionKind::kCondition)), "(y = N(1))");
  EXPECT_EQ(cache->size(), 1u);
  // The same text as another kind is another entry; its messages name that kind.
  EXPECT_EQ(Outcome(two.ParseCondition("#n = ", ExpressionKind::kFilter)),
            "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
  EXPECT_EQ(Outcome(two.ParseCondition("#n = ", ExpressionKind::kCondition)),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
  EXPECT_EQ(cache->size(), 3u);
  EXPECT_EQ(Outcome(two.ParseCondition("#n = ", ExpressionKind::kCondition)),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
  EXPECT_EQ(cache->size(), 3u);
}

TEST(ParseCacheTest, Bounded) {
  ParseCache cache(4);
  for (int i = 0; i < 50; ++i) {
    cache.Get(ExpressionKind::kProjection, "a" + std::to_string(i));
  }
  EXPECT_EQ(cache.size(), 4u);
  EXPECT_EQ(cache.Get(ExpressionKind::kProjection, "a49")->text, "a49");
  EXPECT_EQ(cache.Get(ExpressionKind::kProjection, "a1")->text, "a1");
  EXPECT_EQ(cache.size(), 4u);
  // Over-long texts are never kept.
  cache.Get(ExpressionKind::kProjection, std::string(5000, 'a'));
  EXPECT_EQ(cache.size(), 4u);
  ParseCache disabled(0);
  EXPECT_EQ(disabled.Get(ExpressionKind::kCondition, "a = b")->error, "");
  EXPECT_EQ(disabled.size(), 0u);
}

TEST(ParseCacheTest, ConcurrentUse) {
  const auto cache = NewParseCache(8);
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const int k = (i * 7 + t) % 12;
        const std::string text = "#a = :n AND a" + std::to_string(k) + " = :s";
        const std::string expected = "((a = N(1)) AND (a" + std::to_string(k) + " = S(str)))";
        if (Resolve(ExpressionKind::kCondition, text, cache.get()) != expected) {
          ++mismatches;
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_LE(cache->size(), 8u);
}

// Hostile texts fail fast with the service's messages; none may crash or hang.
TEST(HostileInputTest, HugeAndDeepTexts) {
  EXPECT_EQ(Resolve(ExpressionKind::kCondition, std::string(100000, '(')),
            CE("Expression size has exceeded the maximum allowed size; expression size: 100000"));
  EXPECT_EQ(Resolve(ExpressionKind::kUpdate, std::string(1 << 20, 'a')),
            UE("Expression size has exceeded the maximum allowed size;"));
  std::string nested = "a < ";
  for (int i = 0; i < 680; ++i) {
    nested += "size(";
  }
  nested += "b" + std::string(680, ')');
  EXPECT_EQ(Resolve(ExpressionKind::kCondition, nested), CE(OperandType("size", "N")));
  EXPECT_EQ(Resolve(ExpressionKind::kCondition, std::string(4096, '(')),
            CE("Syntax error; token: \"<EOF>\", near: \"(\""));
  EXPECT_EQ(Resolve(ExpressionKind::kProjection, std::string(2048, ',') + "a"),
            PE("Syntax error; token: \",\", near: \",,\""));
}

TEST(HostileInputTest, NulAndInvalidUtf8) {
  EXPECT_EQ(Resolve(ExpressionKind::kCondition, std::string("a = :n\0", 7)),
            CE("Syntax error; token: \"" + std::string(1, '\0') + "\", near: \":n" +
               std::string(1, '\0') + "\""));
  EXPECT_EQ(Resolve(ExpressionKind::kCondition, "a = \xff"),
            CE("Syntax error; token: \"\xEF\xBF\xBD\", near: \"= \xEF\xBF\xBD\""));
}

TEST(HostileInputTest, ManyPathsAndPlaceholders) {
  std::string projection;
  std::map<std::string, std::string> names;
  for (int i = 0; i < 680; ++i) {
    const std::string key = "#a" + std::to_string(i);
    projection += (i == 0 ? "" : ",") + key;
    names[key] = "attribute" + std::to_string(i);
  }
  RequestExpressions request(nullptr, &names, nullptr);
  const auto result = request.ParseProjection(projection);
  ASSERT_TRUE(result.has_value()) << result.error().message();
  EXPECT_EQ(result->paths.size(), 680u);
  EXPECT_TRUE(request.CheckAllUsed().ok());
}

TEST(HostileInputTest, RandomTextsThroughTheFacade) {
  const auto cache = NewParseCache(64);
  uint64_t state = 0x2545F4914F6CDD1DULL;
  const std::string alphabet = "a#:_(),.[]=<>+-1 sizecontains#a:n:s:bool\xff\0SETADDANDORNOTIN";
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (int i = 0; i < round % 61; ++i) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      text += alphabet[state % alphabet.size()];
    }
    for (ExpressionKind kind : {ExpressionKind::kCondition, ExpressionKind::kUpdate,
                                ExpressionKind::kProjection, ExpressionKind::kKeyCondition}) {
      const std::string outcome = Resolve(kind, text, cache.get());
      if (outcome.rfind("Invalid ", 0) != 0) {
        // A success renders a tree: re-resolving gives the same one.
        EXPECT_EQ(Resolve(kind, text), outcome);
      }
    }
  }
}

}  // namespace
}  // namespace dynafake::expr
