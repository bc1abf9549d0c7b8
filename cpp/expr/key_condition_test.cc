// KeyConditionExpression text -> front end (parse + resolve) -> ValidateKeyCondition against a key
// schema -> the key range, or the first error the service reports.
#include "expr/key_condition.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "expr/expressions.h"
#include "util/base64.h"

namespace dynafake::expr {
namespace {

using model::AttributeType;
using model::AttributeValue;
using model::KeySchema;
using model::Number;

AttributeValue Num(const char* text) {
  return AttributeValue::FromNumber(*Number::Parse(text));
}

const std::map<std::string, std::string>& Names() {
  static const auto* names =
      new std::map<std::string, std::string>{{"#k1", "p"}, {"#k2", "c"}, {"#dot", "p.q"}};
  return *names;
}

const model::Item& Values() {
  static const auto* values = new model::Item{
      {":p", AttributeValue::String("x")},
      {":p2", AttributeValue::String("y")},
      {":s", AttributeValue::String("00")},
      {":s2", AttributeValue::String("05")},
      {":t", AttributeValue::String("S")},
      {":n", Num("3")},
      {":n2", Num("7")},
      {":b", AttributeValue::Binary("\x01")},
      {":b2", AttributeValue::Binary("\x02")},
      {":bool", AttributeValue::Bool(true)},
      {":empty", AttributeValue::String("")},
      {":emptyb", AttributeValue::Binary("")},
      {":big", AttributeValue::String(std::string(1025, 'z'))},
      {":max", AttributeValue::String(std::string(1024, 'z'))},
  };
  return *values;
}

KeySchema Schema(AttributeType hash_type) {
  return KeySchema{{"p", hash_type}, std::nullopt};
}

KeySchema Schema(AttributeType hash_type, AttributeType range_type) {
  return KeySchema{{"p", hash_type}, model::KeyAttribute{"c", range_type}};
}

const KeySchema kHashOnly = Schema(AttributeType::kS);
const KeySchema kNumberSort = Schema(AttributeType::kS, AttributeType::kN);
const KeySchema kStringSort = Schema(AttributeType::kS, AttributeType::kS);
const KeySchema kBinarySort = Schema(AttributeType::kS, AttributeType::kB);

std::string Render(const AttributeValue& value) {
  switch (value.type()) {
    case AttributeType::kS:
      return "S(" + value.as_string() + ")";
    case AttributeType::kN:
      return "N(" + value.as_number().ToString() + ")";
    case AttributeType::kB:
      return "B(" + util::Base64Encode(value.as_string()) + ")";
    default:
      return std::string(model::AttributeTypeName(value.type()));
  }
}

std::string Render(const KeyCondition& condition) {
  static const char* const kKinds[] = {"=", "<", "<=", ">", ">=", "BETWEEN", "begins_with"};
  std::string out = Render(condition.partition_value);
  if (condition.sort) {
    out += "; " + std::string(kKinds[static_cast<int>(condition.sort->kind)]) + " " +
           Render(condition.sort->value);
    if (condition.sort->kind == SortKeyCondition::Kind::kBetween) {
      out += " " + Render(condition.sort->upper);
    }
  }
  return out;
}

// The rendered key range, or the whole message of the first error (front end or schema check).
std::string Validate(const KeySchema& schema, const std::string& text) {
  RequestExpressions request(nullptr, &Names(), &Values());
  Result<Condition> condition = request.ParseCondition(text, ExpressionKind::kKeyCondition);
  if (!condition.has_value()) {
    return condition.error().message();
  }
  Result<KeyCondition> key = ValidateKeyCondition(*condition, schema);
  if (!key.has_value()) {
    EXPECT_EQ(key.error().code(), ErrorCode::kValidation) << text;
    return key.error().message();
  }
  return Render(*key);
}

struct Case {
  const KeySchema* schema;
  std::string text;
  std::string expected;
};

void ExpectAll(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(Validate(*c.schema, c.text), c.expected) << c.text;
  }
}

TEST(KeyConditionTest, AcceptsEveryAllowedShape) {
  ExpectAll({
      {&kHashOnly, "p = :p", "S(x)"},
      {&kHashOnly, " p  =   :p ", "S(x)"},
      {&kNumberSort, "p = :p", "S(x)"},
      {&kNumberSort, "p=:p AND c=:n", "S(x); = N(3)"},
      {&kNumberSort, "p=:p AND c<:n", "S(x); < N(3)"},
      {&kNumberSort, "p=:p AND c<=:n", "S(x); <= N(3)"},
      {&kNumberSort, "p=:p AND c>:n", "S(x); > N(3)"},
      {&kNumberSort, "p=:p AND c>=:n", "S(x); >= N(3)"},
      {&kNumberSort, "p=:p AND c BETWEEN :n AND :n2", "S(x); BETWEEN N(3) N(7)"},
      {&kNumberSort, "p=:p AnD c BeTwEeN :n aNd :n2", "S(x); BETWEEN N(3) N(7)"},
      {&kNumberSort, "p=:p AND c BETWEEN :n AND :n", "S(x); BETWEEN N(3) N(3)"},
      {&kStringSort, "p=:p AND begins_with(c, :s)", "S(x); begins_with S(00)"},
      {&kStringSort, "p=:p AND c BETWEEN :s AND :s2", "S(x); BETWEEN S(00) S(05)"},
      {&kStringSort, "p=:p AND c <= :max", "S(x); <= S(" + std::string(1024, 'z') + ")"},
      {&kBinarySort, "p=:p AND begins_with(c, :b)", "S(x); begins_with B(AQ==)"},
      {&kBinarySort, "p=:p AND c BETWEEN :b AND :b2", "S(x); BETWEEN B(AQ==) B(Ag==)"},
      // Either order of the two conditions, parentheses around each and around the whole.
      {&kNumberSort, "c = :n AND p = :p", "S(x); = N(3)"},
      {&kNumberSort, "((c=:n) AND (p=:p))", "S(x); = N(3)"},
      {&kNumberSort, "(p = :p AND c > :n)", "S(x); > N(3)"},
      {&kNumberSort, "#k1 = :p AND #k2 < :n", "S(x); < N(3)"},
  });
}

// DynamoDB: the key may stand right of the operator; the comparison turns around with it.
TEST(KeyConditionTest, KeyOnTheRightMirrorsTheOperator) {
  ExpectAll({
      {&kHashOnly, ":p = p", "S(x)"},
      {&kNumberSort, ":p = p AND :n = c", "S(x); = N(3)"},
      {&kNumberSort, ":p = p AND :n < c", "S(x); > N(3)"},
      {&kNumberSort, ":p = p AND :n <= c", "S(x); >= N(3)"},
      {&kNumberSort, ":p = p AND :n > c", "S(x); < N(3)"},
      {&kNumberSort, ":p = p AND :n >= c", "S(x); <= N(3)"},
  });
}

TEST(KeyConditionTest, RejectsOperatorsOtherThanComparisonsBetweenAndBeginsWith) {
  const std::string kPrefix = "Invalid operator used in KeyConditionExpression: ";
  ExpectAll({
      {&kNumberSort, "p=:p OR c=:n", kPrefix + "OR"},
      {&kNumberSort, "c=:n OR p=:p", kPrefix + "OR"},
      {&kNumberSort, "a > b and size(b) > c or a > c", kPrefix + "OR"},
      {&kNumberSort, "NOT c=:n AND p=:p", kPrefix + "NOT"},
      {&kNumberSort, "not a > b", kPrefix + "NOT"},
      {&kNumberSort, "p=:p AND c<>:n", kPrefix + "<>"},
      {&kNumberSort, "a <> b", kPrefix + "<>"},
      {&kNumberSort, "p=:p AND c IN (:n)", kPrefix + "IN"},
      {&kNumberSort, "a in (b, size(c), d)", kPrefix + "IN"},
      {&kNumberSort, "p=:p AND attribute_exists(c)", kPrefix + "attribute_exists"},
      {&kNumberSort, "attribute_not_exists(p)", kPrefix + "attribute_not_exists"},
      {&kNumberSort, "attribute_type(p, :t)", kPrefix + "attribute_type"},
      {&kNumberSort, "p=:p AND contains(c, :n)", kPrefix + "contains"},
      {&kNumberSort, "contains(a.d, b)", kPrefix + "contains"},
      // The leaves before the offending operator are checked first.
      {&kNumberSort, "p=:p AND (c=:n OR c=:n2)", kPrefix + "OR"},
      {&kNumberSort, "p=:p AND p=:p AND (c=:n OR c=:n2)",
       "KeyConditionExpressions must only contain one condition per key"},
  });
}

TEST(KeyConditionTest, RejectsMalformedConditionsInReadingOrder) {
  const std::string kNested = "KeyConditionExpressions cannot contain nested operations";
  const std::string kMultiple =
      "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition";
  const std::string kNestedPath =
      "KeyConditionExpressions cannot have conditions on nested attributes";
  const std::string kNoKey =
      "Invalid condition in KeyConditionExpression: No key attribute specified";
  ExpectAll({
      {&kNumberSort, "size(b) > a AND a.b > b AND b > c", kNested},
      {&kNumberSort, "a > size(b.d)", kNested},
      {&kNumberSort, "a between size(b) and size(a)", kNested},
      {&kNumberSort, "p = :p AND size(c) = :n", kNested},
      // The first operand is read first: size() is found before the missing key attribute.
      {&kNumberSort, "size(c) BETWEEN :n AND :n2", kNested},
      {&kNumberSort, "b > a.b", kMultiple},
      {&kNumberSort, "b between c[1] and d", kMultiple},
      {&kNumberSort, "a between b and size(a)", kMultiple},
      {&kNumberSort, "begins_with(a, b)", kMultiple},
      {&kNumberSort, "p = c", kMultiple},
      {&kNumberSort, "b.d > a AND c.d > e.f", kNestedPath},
      {&kNumberSort, "a.d > c", kNestedPath},
      {&kNumberSort, "b[0] > a", kNestedPath},
      {&kNumberSort, "p.q = :p", kNestedPath},
      {&kNumberSort, "#k1.q = :p", kNestedPath},
      {&kNumberSort, "p = :p AND :n < c[0]", kNestedPath},
      {&kStringSort, "p = :p AND begins_with(c.foo, :s)", kNestedPath},
      {&kNumberSort, ":p = :p2", kNoKey},
      {&kNumberSort, ":n2 > :n AND p < :n2", kNoKey},
      {&kNumberSort, ":n > b AND :n < :n2", kNoKey},
      {&kNumberSort, ":s between size(b) and size(a) and b > :s2",
       "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute "
       "as its first operand"},
      {&kNumberSort, "p = :p AND :n BETWEEN c AND :n2",
       "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute "
       "as its first operand"},
      {&kNumberSort, "begins_with(:s, b) and a > :s2",
       "Invalid condition in KeyConditionExpression: begins_with operator must have the key "
       "attribute as its first operand"},
  });
}

TEST(KeyConditionTest, AllowsOneConditionPerKeyAndAtMostTwo) {
  const std::string kOnePerKey = "KeyConditionExpressions must only contain one condition per key";
  const std::string kLength = "Conditions can be of length 1 or 2 only";
  ExpectAll({
      {&kNumberSort, "p=:p AND p=:p", kOnePerKey},
      {&kNumberSort, "p=:p AND c>=:n AND c>=:n", kOnePerKey},
      {&kNumberSort, "p=:p AND c>:n AND c<:n2", kOnePerKey},
      {&kNumberSort, "b > :n AND b < :n and c = :n and d = :n", kOnePerKey},
      {&kNumberSort, "(a > :n and b > :n) and (b > :n and c > :n)", kOnePerKey},
      {&kNumberSort, "#k1 = :p AND p = :p", kOnePerKey},
      {&kNumberSort, ":s = a and b = :s and :s = c", kLength},
      {&kNumberSort, "(a > :n and b > :n) and (c > :n and d > :n) and (e > :n and f > :n)",
       kLength},
      {&kNumberSort, "p = :p AND c < :n AND a < :n", kLength},
      {&kHashOnly, "p = :p AND c < :n AND a < :n", kLength},
  });
}

TEST(KeyConditionTest, ChecksThePartitionKeyBeforeTheSortKey) {
  const std::string kNotSupported = "Query key condition not supported";
  const std::string kTypeMismatch =
      "One or more parameter values were invalid: Condition parameter type does not match schema "
      "type";
  ExpectAll({
      // A second condition on a hash-only key, whatever it names.
      {&kHashOnly, "p = :p AND c = :n", kNotSupported},
      {&kHashOnly, "y = :p and z = :p", kNotSupported},
      // Only = on the partition key.
      {&kHashOnly, "p > :p", kNotSupported},
      {&kHashOnly, "p < :p", kNotSupported},
      {&kHashOnly, ":p <= p", kNotSupported},
      {&kHashOnly, ":p >= p", kNotSupported},
      {&kHashOnly, "begins_with(p, :p)", kNotSupported},
      {&kHashOnly, "p between :p and :p2", kNotSupported},
      {&kNumberSort, "p < :p AND c = :n", kNotSupported},
      // The value's type is checked before the operator.
      {&kHashOnly, ":n > p", kTypeMismatch},
      {&kHashOnly, "p = :n", kTypeMismatch},
      {&kNumberSort, "p = :n AND z = :n", kTypeMismatch},
      {&kNumberSort, "p = :p AND c = :s", kTypeMismatch},
      {&kNumberSort, "p = :p AND c = :bool", kTypeMismatch},
      {&kNumberSort, "p = :p AND begins_with(c, :s)", kTypeMismatch},
      {&kStringSort, "p = :p AND c BETWEEN :n AND :n2", kTypeMismatch},
      // A missing key attribute: the partition key always, the sort key when two conditions name
      // something else.
      {&kHashOnly, "z = :n", "Query condition missed key schema element: p"},
      {&kHashOnly, "#dot = :p", "Query condition missed key schema element: p"},
      {&kNumberSort, "c = :n", "Query condition missed key schema element: p"},
      {&kNumberSort, "c between :n and :n2", "Query condition missed key schema element: p"},
      {&kNumberSort, "y = :n AND z = :n", "Query condition missed key schema element: p"},
      {&kNumberSort, "p = :p and z = :n", "Query condition missed key schema element: c"},
      {&kNumberSort, "p = :p AND a < :n", "Query condition missed key schema element: c"},
  });
}

TEST(KeyConditionTest, RejectsEmptyAndOversizedKeyValues) {
  ExpectAll({
      {&kHashOnly, "p = :empty",
       "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
       "contain an empty string value. Key: p"},
      {&kStringSort, "p = :p AND c > :empty",
       "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
       "contain an empty string value. Key: c"},
      {&kStringSort, "p = :p AND c BETWEEN :empty AND :s",
       "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
       "contain an empty string value. Key: c"},
      {&kBinarySort, "p = :p AND begins_with(c, :emptyb)",
       "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
       "contain an empty binary value. Key: c"},
      // The partition key's checks all come before the sort key's.
      {&kNumberSort, "c = :s AND p = :empty",
       "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
       "contain an empty string value. Key: p"},
      {&kStringSort, "p = :p AND c < :big",
       "One or more parameter values were invalid: Aggregated size of all range keys has exceeded "
       "the size limit of 1024 bytes"},
      {&kNumberSort, "p = :p AND c < :big",
       "One or more parameter values were invalid: Aggregated size of all range keys has exceeded "
       "the size limit of 1024 bytes"},
  });
}

Operand PathOperand(const char* name) {
  Operand operand;
  operand.kind = Operand::Kind::kPath;
  operand.path = {PathElement{PathElement::Kind::kName, name, 0}};
  return operand;
}

Operand ValueOperand(AttributeValue value) {
  Operand operand;
  operand.kind = Operand::Kind::kValue;
  operand.value = std::move(value);
  return operand;
}

Condition Compare(Comparator comparator, Operand left, Operand right) {
  Condition condition;
  condition.kind = Condition::Kind::kCompare;
  condition.comparator = comparator;
  condition.operands = {std::move(left), std::move(right)};
  return condition;
}

TEST(KeyConditionTest, ReturnsTheValuesWithTheirTypes) {
  Condition both;
  both.kind = Condition::Kind::kAnd;
  both.children = {Compare(Comparator::kEqual, PathOperand("p"), ValueOperand(Num("1"))),
                   Compare(Comparator::kLess, ValueOperand(Num("2")), PathOperand("c"))};
  const Result<KeyCondition> key =
      ValidateKeyCondition(both, Schema(AttributeType::kN, AttributeType::kN));
  ASSERT_TRUE(key.has_value()) << key.error().message();
  EXPECT_EQ(key->partition_value, Num("1"));
  ASSERT_TRUE(key->sort.has_value());
  EXPECT_EQ(key->sort->kind, SortKeyCondition::Kind::kGreater);
  EXPECT_EQ(key->sort->value, Num("2"));
  EXPECT_EQ(key->sort->upper.type(), AttributeType::kNULL);

  const Result<KeyCondition> hash_only =
      ValidateKeyCondition(both.children[0], Schema(AttributeType::kN));
  ASSERT_TRUE(hash_only.has_value()) << hash_only.error().message();
  EXPECT_EQ(hash_only->partition_value, Num("1"));
  EXPECT_FALSE(hash_only->sort.has_value());
}

// Any operation in an operand's place, not only size(), is a nested operation.
TEST(KeyConditionTest, RejectsEveryOperationAsAnOperand) {
  Operand sum;
  sum.kind = Operand::Kind::kPlus;
  sum.arguments = {ValueOperand(Num("1")), ValueOperand(Num("2"))};
  const Result<KeyCondition> key = ValidateKeyCondition(
      Compare(Comparator::kEqual, PathOperand("p"), sum), Schema(AttributeType::kN));
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().message(), "KeyConditionExpressions cannot contain nested operations");
}

// What the front end already reports for a KeyConditionExpression, before any key check.
TEST(KeyConditionTest, FrontEndErrorsComeFirst) {
  ExpectAll({
      {&kNumberSort, "p = :p AND begins_with(c, :n)",
       "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
       "operator or function: begins_with, operand type: N"},
      {&kNumberSort, "p = :p AND c < :bool",
       "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
       "operator or function: <, operand type: BOOL"},
      {&kNumberSort, "p = :p AND :bool >= c",
       "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
       "operator or function: >=, operand type: BOOL"},
      {&kNumberSort, "p = :p AND c BETWEEN :n2 AND :n",
       "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater "
       "than or equal to lower bound; lower bound operand: AttributeValue: {N:7}, upper bound "
       "operand: AttributeValue: {N:3}"},
      {&kNumberSort, "p=:p AND dog(c, :n)",
       "Invalid KeyConditionExpression: Invalid function name; function: dog"},
      {&kStringSort, "p=:p AND BEGINS_WITH(c, :s)",
       "Invalid KeyConditionExpression: Invalid function name; function: BEGINS_WITH"},
      {&kNumberSort, "((c=:n) AND ((p=:p)))",
       "Invalid KeyConditionExpression: The expression has redundant parentheses;"},
      {&kNumberSort, "p = p",
       "Invalid KeyConditionExpression: The first operand must be distinct from the remaining "
       "operands for this operator or function; operator: =, first operand: [p]"},
      {&kNumberSort, "", "Invalid KeyConditionExpression: The expression can not be empty;"},
      {&kNumberSort, "p",
       "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"p\""},
      {&kNumberSort, ":p",
       "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \":p\""},
      {&kNumberSort, "p=:p AND c!=:n",
       "Invalid KeyConditionExpression: Syntax error; token: \"!\", near: \"c!=\""},
      {&kNumberSort, "a > 4",
       "Invalid KeyConditionExpression: Syntax error; token: \"4\", near: \"> 4\""},
      {&kNumberSort, "(size(a))[0] > a",
       "Invalid KeyConditionExpression: Syntax error; token: \"[\", near: \")[0\""},
      {&kNumberSort, "size(p)",
       "Invalid KeyConditionExpression: The function is not allowed to be used this way in an "
       "expression; function: size"},
      {&kNumberSort, "p = :p AND c = :undefined",
       "Invalid KeyConditionExpression: An expression attribute value used in expression is not "
       "defined; attribute value: :undefined"},
      {&kNumberSort, "#nope = :p",
       "Invalid KeyConditionExpression: An expression attribute name used in the document path is "
       "not defined; attribute name: #nope"},
      {&kNumberSort, "data.foo = :p",
       "Invalid KeyConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
       "data"},
  });
}

// Hash attributes p (S) and h (N); range attributes c (N), d (S) and e (B).
std::string ValidateMulti(const std::string& text) {
  static const model::KeyAttribute p{"p", AttributeType::kS};
  static const model::KeyAttribute h{"h", AttributeType::kN};
  static const model::KeyAttribute c{"c", AttributeType::kN};
  static const model::KeyAttribute d{"d", AttributeType::kS};
  static const model::KeyAttribute e{"e", AttributeType::kB};
  RequestExpressions request(nullptr, &Names(), &Values());
  Result<Condition> condition = request.ParseCondition(text, ExpressionKind::kKeyCondition);
  if (!condition.has_value()) {
    return condition.error().message();
  }
  Result<KeyCondition> key =
      ValidateMultiAttributeKeyCondition(*condition, MultiAttributeKey{{&p, &h}, {&c, &d, &e}});
  if (!key.has_value()) {
    EXPECT_EQ(key.error().code(), ErrorCode::kValidation) << text;
    return key.error().message();
  }
  std::string out = Render(*key);
  for (const AttributeValue& value : key->more_partition_values) {
    out += " +" + Render(value);
  }
  for (const AttributeValue& value : key->sort_prefix_values) {
    out += " |" + Render(value);
  }
  return out;
}

TEST(MultiAttributeKeyConditionTest, AcceptsEqualityOnEveryHashAttributeAndASortPrefix) {
  EXPECT_EQ(ValidateMulti("p = :p AND h = :n"), "S(x) +N(3)");
  EXPECT_EQ(ValidateMulti(":n = h AND p = :p"), "S(x) +N(3)");
  EXPECT_EQ(ValidateMulti("p = :p AND h = :n AND c > :n2"), "S(x); > N(7) +N(3)");
  EXPECT_EQ(ValidateMulti("p = :p AND h = :n AND c = :n2 AND begins_with(d, :s)"),
            "S(x); begins_with S(00) +N(3) |N(7)");
  EXPECT_EQ(ValidateMulti("d BETWEEN :s AND :s2 AND c = :n2 AND p = :p AND h = :n"),
            "S(x); BETWEEN S(00) S(05) +N(3) |N(7)");
  // The conditions' order in the expression does not matter, only the KeySchema's.
  EXPECT_EQ(ValidateMulti("p = :p AND h = :n AND begins_with(d, :s) AND c = :n"),
            "S(x); begins_with S(00) +N(3) |N(3)");
  EXPECT_EQ(ValidateMulti("p = :p AND h = :n AND c = :n2 AND d = :s AND e = :b"),
            "S(x); = B(AQ==) +N(3) |N(7) |S(00)");
}

TEST(MultiAttributeKeyConditionTest, RefusesEveryOtherShape) {
  const std::string kNotSupported = "Query key condition not supported";
  const std::string kTypeMismatch =
      "One or more parameter values were invalid: Condition parameter type does not match schema "
      "type";
  EXPECT_EQ(ValidateMulti("p = :p"), "Query condition missed key schema element: h");
  EXPECT_EQ(ValidateMulti("h = :n AND c = :n"), "Query condition missed key schema element: p");
  EXPECT_EQ(ValidateMulti("p = :p AND h > :n"), kNotSupported);
  EXPECT_EQ(ValidateMulti("p = :p AND h BETWEEN :n AND :n2"), kNotSupported);
  EXPECT_EQ(ValidateMulti("p = :p AND h = :s"), kTypeMismatch);
  EXPECT_EQ(ValidateMulti("p = :empty AND h = :n"),
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an empty string value. Key: p");
  EXPECT_EQ(ValidateMulti("p = :p AND h = :n AND d = :s"),
            "Query condition missed key schema element: c");
  EXPECT_EQ(ValidateMulti("p = :p AND h = :n AND c = :n AND e = :b"),
            "Query condition missed key schema element: d");
  EXPECT_EQ(ValidateMulti("p = :p AND h = :n AND c > :n AND d = :s"), kNotSupported);
  EXPECT_EQ(ValidateMulti("p = :p AND h = :n AND c BETWEEN :n AND :n2 AND d = :s"), kNotSupported);
  EXPECT_EQ(ValidateMulti("p = :p AND h = :n AND c = :s"), kTypeMismatch);
  EXPECT_EQ(ValidateMulti("p = :p AND h = :n AND zz = :s"),
            "Query condition missed key schema element: c");
  EXPECT_EQ(ValidateMulti("p = :p AND h = :n AND c = :n AND d = :s AND e = :b AND zz = :s"),
            kNotSupported);
  EXPECT_EQ(ValidateMulti("p = :p AND h = :n AND h = :n"),
            "KeyConditionExpressions must only contain one condition per key");
}

}  // namespace
}  // namespace dynafake::expr
