// The parser alone: syntax errors and the checks that depend on the text only. Resolution with
// names and values is covered by expressions_test.cc.
#include "expr/parser.h"

#include <string>

#include <gtest/gtest.h>

#include "expr/reserved_words.h"

namespace dynafake::expr {
namespace {

struct ParseCase {
  ExpressionKind kind;
  std::string text;
  std::string error;  // without the "Invalid <Kind>Expression: " prefix; "" when valid
};

std::ostream& operator<<(std::ostream& out, const ParseCase& c) {
  return out << ExpressionKindName(c.kind) << " `" << c.text.substr(0, 80) << "`";
}

ParseCase C(std::string text, std::string error = "") {
  return {ExpressionKind::kCondition, std::move(text), std::move(error)};
}

ParseCase U(std::string text, std::string error = "") {
  return {ExpressionKind::kUpdate, std::move(text), std::move(error)};
}

ParseCase P(std::string text, std::string error = "") {
  return {ExpressionKind::kProjection, std::move(text), std::move(error)};
}

std::string Syntax(std::string token, std::string near) {
  return "Syntax error; token: \"" + token + "\", near: \"" + near + "\"";
}

std::string Repeat(std::string_view text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += text;
  }
  return out;
}

class ParserTable : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParserTable, Error) {
  const auto parsed = ParseExpression(GetParam().kind, GetParam().text);
  EXPECT_EQ(parsed->error, GetParam().error);
}

// Near-context cases confirmed from the service's messages (issues, conformance captures).
INSTANTIATE_TEST_SUITE_P(
    NearContext, ParserTable,
    ::testing::Values(
        U("SET _123 = :v", Syntax("_", "SET _123")), U("SET _abc = :v", Syntax("_", "SET _abc")),
        U("ADD hits : incr", Syntax(":", "hits : incr")),
        U("INVALID SYNTAX HERE", Syntax("INVALID", "INVALID SYNTAX")),
        U("SET #as, #b = :v", Syntax(",", "#as, #b")), U("SET a = :v, #, b", Syntax("#", ", #,")),
        P("a b", Syntax("b", "a b")), P("a,", Syntax("<EOF>", ",")), P("!!!", Syntax("!", "!!")),
        C("attribute_type()", Syntax(")", "()")), U("SET note = :v +", Syntax("<EOF>", "+")),
        U("SET numx = numx * :v", Syntax("*", "numx * :v")),
        U("SET numx = numx / :v", Syntax("/", "numx / :v")), U("ADD numx", Syntax("<EOF>", "numx")),
        U("DELETE setx", Syntax("<EOF>", "setx")), U("ADD numx 1", Syntax("1", "numx 1")),
        U("DELETE setx a", Syntax("a", "setx a")), P("l[a]", Syntax("a", "[a]")),
        P("l[]", Syntax("]", "[]")), P("l[001]", Syntax("0", "001")),
        P("l[0000000000001]", Syntax("0", "000")), P("l[１２３]", Syntax("１", "[１２")),
        // Whitespace around the neighbours is part of the context, leading and trailing too.
        U("  INVALID", Syntax("INVALID", "  INVALID")), U("SET a = ", Syntax("<EOF>", "= ")),
        C("a b ", Syntax("b", "a b "))));

INSTANTIATE_TEST_SUITE_P(
    ConditionSyntax, ParserTable,
    ::testing::Values(
        C("a", Syntax("<EOF>", "a")), C(":v", Syntax("<EOF>", ":v")),
        C("(a)", Syntax("<EOF>", ")")), C("NOT (a)", Syntax("<EOF>", ")")),
        C("NOT a", Syntax("<EOF>", "a")), C("a = ", Syntax("<EOF>", "= ")),
        C("a > 4", Syntax("4", "> 4")),
        C("things are not gonna be ok", Syntax("are", "things are not")),
        C("attribute_exists(Pictures-RearView)", Syntax("-", "Pictures-RearView")),
        C("attribute_exists(\"Pictures.RearView\")", Syntax("\"", "(\"Pictures")),
        C("attribute_exists(Pictures..RearView)", Syntax(".", "..RearView")),
        C("attribute_exists(Pi#ctures.RearView)", Syntax("#ctures", "Pi#ctures.")),
        C("attribute_exists(asdf[a])", Syntax("a", "[a]")), C("a in b, c", Syntax("b", "in b,")),
        C("a > between", Syntax("between", "> between")), C("a in b", Syntax("b", "in b")),
        C("a in (b,c,)", Syntax(")", ",)")), C("a in ()", Syntax(")", "()")),
        C("(a)between(b.(c.d))and(c)", Syntax("(", ".(c")),
        C("(a)between(b.c.d)and((c)", Syntax("<EOF>", ")")), C("#$.b > a", Syntax("#", "#$")),
        C("a > :things.stuff", Syntax(".", ":things.stuff")), C("b[:a] > a", Syntax(":a", "[:a]")),
        C("b[#_] > a", Syntax("#_", "[#_]")), C("ü > a", Syntax("ü", "ü >")),
        C("(a)between(b.c[4.5].#d)and(:a)", Syntax(".", "4.5")),
        C("size(a).b > a", Syntax(".", ").b")), C("(size(a)).b > a", Syntax(".", ").b")),
        C("size(a)[0] > a", Syntax("[", ")[0")), C("(size(a))[0] > a", Syntax("[", ")[0")),
        C("a = b c", Syntax("c", "b c")), C("(a = b))", Syntax(")", "))")),
        C("a = b AND", Syntax("<EOF>", "AND")), C("a AND b = c", Syntax("AND", "a AND b")),
        C("(a OR b = c)", Syntax("OR", "a OR b")), C("a = b OR c", Syntax("<EOF>", "c")),
        C("a BETWEEN b", Syntax("<EOF>", "b")), C("a BETWEEN b OR c", Syntax("OR", "b OR c")),
        C("a = (b = c)", Syntax("=", "b = c")), C("(a = b) = c", Syntax("=", ") = c")),
        C("a.and = b", Syntax("and", ".and =")), C("a[-1] = b", Syntax("-", "[-1")),
        C("f(a) b", Syntax("b", ") b")), C("#f(a) = b", Syntax("(", "#f(a")),
        C("a <> = b", Syntax("=", "<> = b")), C("a != b", Syntax("!", "a !=")),
        C("a == b", Syntax("=", "== b")), C("a = b;", Syntax(";", "b;")),
        C("a\x01= b", Syntax("\x01", "a\x01=")),
        C(std::string("a = \0b", 6), Syntax(std::string("\0", 1), std::string("= \0b", 4)))));

INSTANTIATE_TEST_SUITE_P(
    UpdateSyntax, ParserTable,
    ::testing::Values(
        U("whatever", Syntax("whatever", "whatever")), U("set a", Syntax("<EOF>", "a")),
        U("set a=set", Syntax("set", "=set")), U("remove a = b", Syntax("=", "a = b")),
        U("add a = b", Syntax("=", "a = b")), U("delete a b", Syntax("b", "a b")),
        U("delete a if_not_exist(b)", Syntax("if_not_exist", "a if_not_exist(")),
        U("add abort b", Syntax("b", "abort b")), U("set a b", Syntax("b", "a b")),
        U("set :a = b", Syntax(":a", "set :a =")), U("remove :a", Syntax(":a", "remove :a")),
        U("set a[1] = \"eight\"", Syntax("\"", "= \"eight")), U("set a[1] = 1", Syntax("1", "= 1")),
        U("SET a = if_not_exist(a, 100)", Syntax("100", ", 100)")),
        U("SET if_not_exist(a, b) = a", Syntax("(", "if_not_exist(a")),
        U("set (a = (b + c))", Syntax("(", "set (a")), U("set a = (b.c).d + e", Syntax(".", ").d")),
        U("set a = (b.c)[0] + e", Syntax("[", ")[0")), U("set a = b + c + d", Syntax("+", "c + d")),
        U("SET a = (b + c) + d", Syntax("+", ") + d")), U("SET a = f(b + c)", Syntax("+", "b + c")),
        U("SET a = b, c = d,", Syntax("<EOF>", ",")), U("SET # = :a", Syntax("#", "SET # =")),
        U("SET a = :", Syntax(":", "= :")), U("SET a = :hi!there", Syntax("!", ":hi!there")),
        U("SET hi-there = :a", Syntax("-", "hi-there")),
        U("SET 123a = :v", Syntax("123", "SET 123a")),
        U("SET a = :v REMOVE", Syntax("<EOF>", "REMOVE")), U("SET a = :v,", Syntax("<EOF>", ",")),
        U("SET a = :v AND b = :w", Syntax("AND", ":v AND b")),
        U("SET a = -:v", Syntax("-", "= -:v")), U("SET a.set = :v", Syntax("set", ".set =")),
        U("REMOVE a, SET b = :v", Syntax("SET", ", SET b")),
        U("ADD a :v :w", Syntax(":w", ":v :w"))));

INSTANTIATE_TEST_SUITE_P(
    ProjectionSyntax, ParserTable,
    ::testing::Values(P(",a", Syntax(",", ",a")), P("a,,b", Syntax(",", ",,b")),
                      P("(a)", Syntax("(", "(a")), P("a.b(c)", Syntax("(", "b(c")),
                      P(":a", Syntax(":a", ":a")), P("a[1", Syntax("<EOF>", "1")),
                      P("a.", Syntax("<EOF>", ".")), P("a[1].[2]", Syntax("[", ".[2")),
                      P("a = b", Syntax("=", "a = b"))));

// DynamoDB: the size limit counts bytes; condition and filter expressions add the size, the
// other kinds stop at ';' (captured from the service).
INSTANTIATE_TEST_SUITE_P(
    Limits, ParserTable,
    ::testing::Values(
        C("a" + std::string(4090, 'z') + " = :v"), P("a" + std::string(4095, 'z')),
        C("a" + std::string(4096, 'z'),
          "Expression size has exceeded the maximum allowed size; expression size: 4097"),
        ParseCase{ExpressionKind::kFilter, std::string(5000, '('),
                  "Expression size has exceeded the maximum allowed size; expression size: 5000"},
        ParseCase{ExpressionKind::kKeyCondition, std::string(4097, 'a'),
                  "Expression size has exceeded the maximum allowed size;"},
        U("SET " + std::string(4097, 'a') + " = :v",
          "Expression size has exceeded the maximum allowed size;"),
        P(std::string(4097, 'a'), "Expression size has exceeded the maximum allowed size;"),
        C(std::string(2048, 'a') + "\xc3\xbc" + std::string(2047, 'a'),
          "Expression size has exceeded the maximum allowed size; expression size: 4097"),
        C("", "The expression can not be empty;"),
        C("  \t\r\n ", "The expression can not be empty;"),
        U("", "The expression can not be empty;"), P(" ", "The expression can not be empty;"),
        ParseCase{ExpressionKind::kKeyCondition, "", "The expression can not be empty;"},
        ParseCase{ExpressionKind::kFilter, "\n", "The expression can not be empty;"},
        // 300 operators pass; the 301st fails whatever follows.
        C("a<b" + Repeat(" or (a<b", 149) + Repeat(")", 149)),
        C("a<b" + Repeat(" or (a<b", 150) + Repeat(")", 150),
          "The expression contains too many operators; operator count: 301"),
        C("a<b" + Repeat(" or (a<b", 454) + Repeat(")", 454),
          "The expression contains too many operators; operator count: 301"),
        C(Repeat("not ", 300) + "a<b",
          "The expression contains too many operators; operator count: 301"),
        C(Repeat("not ", 299) + "a<b"),
        C(Repeat("not ", 1000) + "a<b",
          "The expression contains too many operators; operator count: 301"),
        U("SET " + Repeat("a = b + c, ", 300) + "z = y - x",
          "The expression contains too many operators; operator count: 301"),
        // IN counts once; functions are not operators.
        C("a IN (" + Repeat(":v,", 99) + ":v)" + Repeat(" AND a IN (:v)", 149)),
        C("a < " + Repeat("size(", 300) + "b" + Repeat(")", 300)),
        C("a IN (" + Repeat(":v,", 100) + ":v)",
          "The IN operator is provided with too many operands; number of operands: 101"),
        C("a IN (" + Repeat(":v,", 150) + ":v)",
          "The IN operator is provided with too many operands; number of operands: 151"),
        P("a" + Repeat(".b", 31)),
        P("a" + Repeat(".b", 32),
          "The document path has too many nesting levels; nesting levels: 33"),
        P("a" + Repeat("[0]", 40),
          "The document path has too many nesting levels; nesting levels: 41"),
        C("(a" + Repeat(".b", 20) + ")" + Repeat(".c", 12) + " = :v",
          "The document path has too many nesting levels; nesting levels: 33"),
        U("SET a" + Repeat(".b", 32) + " = :v",
          "The document path has too many nesting levels; nesting levels: 33"),
        P("l[4294967294]"),
        P("l[4294967295]", "List index is not within the allowable range; index: [4294967295]"),
        P("l[99999999999999]",
          "List index is not within the allowable range; index: [99999999999999]"),
        P("l[999999999999999999999]",
          "List index is not within the allowable range; index: [999999999999999999999]"),
        C("a[12345678901] = :v",
          "List index is not within the allowable range; index: [12345678901]")));

// The checks that need only the text, in dynalite checkErrors order: for conditions redundant
// parentheses, function name, misused function, reserved word; for updates reserved word,
// function name, repeated section.
INSTANTIATE_TEST_SUITE_P(
    TextChecks, ParserTable,
    ::testing::Values(
        C("a=a and a > ((views))", "The expression has redundant parentheses;"),
        C("(a)between(((b.c)).d)and(c)", "The expression has redundant parentheses;"),
        C("a > whatever((:things), ((a)))", "The expression has redundant parentheses;"),
        C("a=a AND ((a=a AND a=a)) AND a=a", "The expression has redundant parentheses;"),
        C("a=a OR ((a=a OR a=a)) OR a=a", "The expression has redundant parentheses;"),
        C("a=a AND ((a=a AND (a=a AND a=a)))", "The expression has redundant parentheses;"),
        C("((attribute_not_exists(pk)))", "The expression has redundant parentheses;"),
        C("((#pk = :pk)) AND ((#sk = :sk))", "The expression has redundant parentheses;"),
        C("NOT ((a = b))", "The expression has redundant parentheses;"),
        C(Repeat("(", 2046) + "a<b" + Repeat(")", 2046),
          "The expression has redundant parentheses;"),
        C("((a) = b)"), C("(#pk = :pk AND (#sk = :sk))"), C("((a=a) OR (a=b))"), C("(a).b = c"),
        C("((a).b) = c"), C("(((a).b)) = c", "The expression has redundant parentheses;"),
        C("a=a and whatever((:things)) > a", "Invalid function name; function: whatever"),
        C("attRIbute_exIsts((views), #a)", "Invalid function name; function: attRIbute_exIsts"),
        C("BEGINS_WITH(a, :v)", "Invalid function name; function: BEGINS_WITH"),
        C("a < " + Repeat("f(", 1355) + "b" + Repeat(")", 1355),
          "Invalid function name; function: f"),
        C("g(a) = f(b)", "Invalid function name; function: g"),
        C("size(g(a)) = f(b)", "Invalid function name; function: g"),
        C("if_not_exists(a, :v) = :v",
          "The function is not allowed in a condition expression; function: if_not_exists"),
        C("a = list_append(a, b)",
          "The function is not allowed in a condition expression; function: list_append"),
        C("whatever(a) = list_append(a, b)", "Invalid function name; function: whatever"),
        C("list_append(a, b) = whatever(a)",
          "The function is not allowed in a condition expression; function: list_append"),
        C("a=a and attribute_exists((views), (#a)) > b",
          "The function is not allowed to be used this way in an expression; function: "
          "attribute_exists"),
        C("attribute_not_exists(things) > b",
          "The function is not allowed to be used this way in an expression; function: "
          "attribute_not_exists"),
        C("attribute_type(things, :a) > b",
          "The function is not allowed to be used this way in an expression; function: "
          "attribute_type"),
        C("begins_with(things, a) > b",
          "The function is not allowed to be used this way in an expression; function: "
          "begins_with"),
        C("contains(:things, c) > b",
          "The function is not allowed to be used this way in an expression; function: contains"),
        C("size(contains(a, b)) > a",
          "The function is not allowed to be used this way in an expression; function: contains"),
        C("size(things)",
          "The function is not allowed to be used this way in an expression; function: size"),
        C("a = b AND size(things)",
          "The function is not allowed to be used this way in an expression; function: size"),
        C("NOT size(things)",
          "The function is not allowed to be used this way in an expression; function: size"),
        C("(size(things))",
          "The function is not allowed to be used this way in an expression; function: size"),
        C("a between b and attribute_exists(things)",
          "The function is not allowed to be used this way in an expression; function: "
          "attribute_exists"),
        C("a in (b, attribute_exists(things))",
          "The function is not allowed to be used this way in an expression; function: "
          "attribute_exists"),
        C("size(a) AND (b = attribute_exists(c))",
          "The function is not allowed to be used this way in an expression; function: "
          "attribute_exists"),
        C("begins_with(contains(a, b), c)",
          "The function is not allowed to be used this way in an expression; function: contains"),
        C("attribute_exists(size(a))"), C("size(a) = size(b)"), C("(size(a)) > :v"),
        C("attribute_exists(views, #a)",
          "Attribute name is a reserved keyword; reserved keyword: views"),
        C(":a < abOrT", "Attribute name is a reserved keyword; reserved keyword: abOrT"),
        C("a.b.Comment = :v", "Attribute name is a reserved keyword; reserved keyword: Comment"),
        C("#a.set = :v", "Attribute name is a reserved keyword; reserved keyword: set"),
        C("status = :v AND name = :w",
          "Attribute name is a reserved keyword; reserved keyword: status"),
        C("#status = :v AND size(#n) > :w"),
        // Precedence within the text checks.
        C("((views)) > whatever(a)", "The expression has redundant parentheses;"),
        C("views > whatever(a)", "Invalid function name; function: whatever"),
        C("views > attribute_exists(a)",
          "The function is not allowed to be used this way in an expression; function: "
          "attribute_exists"),
        U(" set #c = :c set abOrt = true ",
          "Attribute name is a reserved keyword; reserved keyword: abOrt"),
        U(" remove Absolute ", "Attribute name is a reserved keyword; reserved keyword: Absolute"),
        U("SET a = if_not_exists(views, f(x))",
          "Attribute name is a reserved keyword; reserved keyword: views"),
        U("set #c = if_not_exist(:c) set c = d", "Invalid function name; function: if_not_exist"),
        U("SET a = size(b)", "The function is not allowed in an update expression; function: size"),
        U("SET #r = contains(s, :needle)",
          "The function is not allowed in an update expression; function: contains"),
        U("SET a = attribute_exists(b) + f(c)",
          "The function is not allowed in an update expression; function: attribute_exists"),
        U("SET a = LIST_APPEND(a, b)", "Invalid function name; function: LIST_APPEND"),
        U("set a = #c set c = :d",
          "The \"SET\" section can only be used once in an update expression;"),
        U("remove #d set a = b remove e",
          "The \"REMOVE\" section can only be used once in an update expression;"),
        U("add #d :e set a = b add e :f",
          "The \"ADD\" section can only be used once in an update expression;"),
        U("delete #d :e set a = b delete #e :f",
          "The \"DELETE\" section can only be used once in an update expression;"),
        U("delete a :e set a = b delete c :f remove d remove e",
          "The \"DELETE\" section can only be used once in an update expression;"),
        U("SET and = :v, or = :w", "Attribute name is a reserved keyword; reserved keyword: and"),
        U("SET a = ((b))"), U("SET a = ((b.c.d)+(e))"), U("SET a = (b + c)"),
        P("a, status", "Attribute name is a reserved keyword; reserved keyword: status"),
        P("a.Comment[1]", "Attribute name is a reserved keyword; reserved keyword: Comment"),
        P("#comment, #status.b"),
        P("select",
          "Attribute name is a reserved keyword; reserved "
          "keyword: select")));

INSTANTIATE_TEST_SUITE_P(
    Valid, ParserTable,
    ::testing::Values(
        C("a = :v"), C("#a <> :v"), C("a.b[1].#c < b"), C("a <= b"), C("a > b"), C("a >= b"),
        C("a BETWEEN :lo AND :hi"), C("(a)between(b)and(c)"), C("a IN (:v)"), C("a in (b, c, :d)"),
        C("attribute_exists(a)"), C("attribute_not_exists(#a.b)"), C("attribute_type(a, :t)"),
        C("begins_with(a, :p)"), C("contains(a, :v)"), C("size(a) > :n"), C(":n < size(a.b[2])"),
        C("NOT a = b"), C("NOT NOT a = b"), C("not (a = b)"), C("a = b AND c = d OR e = f"),
        C("a = b aNd c = d oR NOT e = f"), C("(a = b)"), C("(a) = (b)"), C("a = :v AND (b)in(c)"),
        C("contains (a, :v)"), C("a.#set = :v"), C("\ta\n=\r:v "), C("a[0] = b[4294967294]"),
        C("#1 = :1 AND #_ = :_"), U("SET a = :v"), U("set a = :v remove b"), U("SET a = b, c = :d"),
        U("SET a = b + :c, d = :e - f"), U("SET a = list_append(a, :v)"),
        U("SET a = list_append(if_not_exists(a, :e), :v)"), U("SET a = if_not_exists(a, :v) + :w"),
        U("SET #a[3].b = :v"), U("REMOVE a, b.c, d[1]"), U("ADD a :v, b :w"), U("DELETE a :v"),
        U("ADD a :v SET b = :w REMOVE c DELETE d :x"), U("sEt b = :v"), U("  set   b=:v  "),
        U("SET a = #b"), U("SET a=(:v)"), U("SET a = if_not_exists ( b , c )"), P("a"), P("a, b"),
        P(" a  ,   b  "), P("#n.#m[1], c"), P("a.b[0].c, a.b[1]")));

TEST(ReservedWordsTest, TheServiceList) {
  EXPECT_EQ(ReservedWordCount(), 573u);
  for (const char* word :
       {"ABORT", "abort", "AbOrT", "ZONE", "zone", "FLATTERN", "innter", "Loged", "size", "NAME",
        "status", "Comment", "data", "AUTHORIZATION", "CORRESPONDING", "ttl", "AND", "between"}) {
    EXPECT_TRUE(IsReservedWord(word)) << word;
  }
  for (const char* word : {"", "a", "pk", "abortx", "flatten", "AUTHORIZATIONS", "CORRESPONDINGLY",
                           "data_", "size1", "sk", "Alpha_Numeric_123", "#status", ":value"}) {
    EXPECT_FALSE(IsReservedWord(word)) << word;
  }
}

TEST(ParserTest, KindNames) {
  EXPECT_EQ(ExpressionKindName(ExpressionKind::kCondition), "ConditionExpression");
  EXPECT_EQ(ExpressionKindName(ExpressionKind::kFilter), "FilterExpression");
  EXPECT_EQ(ExpressionKindName(ExpressionKind::kKeyCondition), "KeyConditionExpression");
  EXPECT_EQ(ExpressionKindName(ExpressionKind::kProjection), "ProjectionExpression");
  EXPECT_EQ(ExpressionKindName(ExpressionKind::kUpdate), "UpdateExpression");
}

TEST(ParserTest, ConditionTreeShape) {
  const auto parsed =
      ParseExpression(ExpressionKind::kCondition, "a = :v AND NOT (b < :w OR size(c) > :v)");
  ASSERT_EQ(parsed->error, "");
  const SyntaxNode& root = parsed->node(parsed->root);
  ASSERT_EQ(root.kind, NodeKind::kAnd);
  const SyntaxNode& left = parsed->node(parsed->child(root, 0));
  EXPECT_EQ(left.kind, NodeKind::kCompare);
  EXPECT_EQ(left.comparator, Comparator::kEqual);
  const SyntaxNode& right = parsed->node(parsed->child(root, 1));
  ASSERT_EQ(right.kind, NodeKind::kNot);
  const SyntaxNode& disjunction = parsed->node(parsed->child(right, 0));
  ASSERT_EQ(disjunction.kind, NodeKind::kOr);
  EXPECT_TRUE(disjunction.parenthesized);
  const SyntaxNode& greater = parsed->node(parsed->child(disjunction, 1));
  EXPECT_EQ(greater.comparator, Comparator::kGreater);
  const SyntaxNode& size = parsed->node(parsed->child(greater, 0));
  EXPECT_EQ(size.kind, NodeKind::kCall);
  EXPECT_EQ(size.function, Function::kSize);
  EXPECT_EQ(parsed->Source(size.begin, size.end), "size");
  // Placeholders are numbered in order of first use.
  EXPECT_EQ(parsed->values, (std::vector<std::string>{":v", ":w"}));
  EXPECT_TRUE(parsed->names.empty());
}

TEST(ParserTest, PrecedenceAndAssociativity) {
  // a OR b AND c = a OR (b AND c); NOT binds tighter than AND.
  const auto parsed =
      ParseExpression(ExpressionKind::kCondition, "a = :v OR NOT b = :v AND c = :v OR d = :v");
  ASSERT_EQ(parsed->error, "");
  const SyntaxNode& root = parsed->node(parsed->root);
  ASSERT_EQ(root.kind, NodeKind::kOr);
  const SyntaxNode& inner_or = parsed->node(parsed->child(root, 0));
  ASSERT_EQ(inner_or.kind, NodeKind::kOr);
  const SyntaxNode& conjunction = parsed->node(parsed->child(inner_or, 1));
  ASSERT_EQ(conjunction.kind, NodeKind::kAnd);
  EXPECT_EQ(parsed->node(parsed->child(conjunction, 0)).kind, NodeKind::kNot);
}

TEST(ParserTest, UpdateActionsAndPaths) {
  const auto parsed = ParseExpression(
      ExpressionKind::kUpdate, "REMOVE x[2] SET #a.b = :v + c, d = list_append(d, :l) ADD e :n");
  ASSERT_EQ(parsed->error, "");
  ASSERT_EQ(parsed->actions.size(), 4u);
  EXPECT_EQ(parsed->actions[0].kind, UpdateAction::Kind::kRemove);
  EXPECT_EQ(parsed->actions[1].kind, UpdateAction::Kind::kSet);
  EXPECT_EQ(parsed->node(parsed->actions[1].value).kind, NodeKind::kPlus);
  EXPECT_EQ(parsed->node(parsed->actions[2].value).function, Function::kListAppend);
  EXPECT_EQ(parsed->actions[3].kind, UpdateAction::Kind::kAdd);
  const SyntaxNode& removed = parsed->node(parsed->actions[0].path);
  ASSERT_EQ(removed.count, 2u);
  EXPECT_EQ(parsed->steps[removed.first + 1].kind, SyntaxStep::Kind::kIndex);
  EXPECT_EQ(parsed->steps[removed.first + 1].number, 2u);
  const SyntaxNode& target = parsed->node(parsed->actions[1].path);
  EXPECT_EQ(parsed->steps[target.first].kind, SyntaxStep::Kind::kPlaceholder);
  EXPECT_EQ(parsed->names, std::vector<std::string>{"#a"});
  EXPECT_EQ(parsed->values, (std::vector<std::string>{":v", ":l", ":n"}));
}

TEST(ParserTest, ParenthesizedPathContinues) {
  const auto parsed = ParseExpression(ExpressionKind::kCondition, "((a.b)[1]).c = :v");
  ASSERT_EQ(parsed->error, "");
  const SyntaxNode& compare = parsed->node(parsed->root);
  const SyntaxNode& path = parsed->node(parsed->child(compare, 0));
  ASSERT_EQ(path.kind, NodeKind::kPath);
  ASSERT_EQ(path.count, 4u);
  EXPECT_EQ(parsed->Source(parsed->steps[path.first + 3].begin, parsed->steps[path.first + 3].end),
            "c");
}

// Hostile texts end in an error, never a crash; the deepest ones are parsed on a thread with a
// stack of their own.
TEST(ParserTest, DeepNestingWithinTheSizeLimit) {
  EXPECT_EQ(ParseExpression(ExpressionKind::kCondition, std::string(4096, '('))->error,
            Syntax("<EOF>", "("));
  EXPECT_EQ(ParseExpression(ExpressionKind::kCondition, "a=" + std::string(4094, '('))->error,
            Syntax("<EOF>", "("));
  EXPECT_EQ(ParseExpression(ExpressionKind::kUpdate, "SET a=" + std::string(4090, '('))->error,
            Syntax("<EOF>", "("));
  EXPECT_EQ(ParseExpression(ExpressionKind::kCondition,
                            std::string(2047, '(') + "a" + std::string(2047, ')'))
                ->error,
            Syntax("<EOF>", ")"));
  EXPECT_EQ(ParseExpression(ExpressionKind::kUpdate,
                            "SET a = " + Repeat("if_not_exists(a,", 200) + ":v" + Repeat(")", 200))
                ->error,
            "");
}

TEST(ParserTest, RandomBytesNeverCrash) {
  uint64_t state = 0x9E3779B97F4A7C15ULL;
  const std::string alphabet = "ab#:_(),.[]=<>+-01 \t\xc3\xbc\xff\0SETANDORNOTINBETWEEN";
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const size_t length = round % 97;
    for (size_t i = 0; i < length; ++i) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      text += alphabet[state % alphabet.size()];
    }
    for (ExpressionKind kind :
         {ExpressionKind::kCondition, ExpressionKind::kUpdate, ExpressionKind::kProjection}) {
      const auto parsed = ParseExpression(kind, text);
      EXPECT_EQ(parsed->text, text);
    }
  }
}

}  // namespace
}  // namespace dynafake::expr
