#include "expr/lexer.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dynafake::expr {
namespace {

// "kind:text" per token, the final end token included as "end".
std::string Describe(std::string_view text) {
  std::string out;
  for (const Token& token : Tokenize(text)) {
    if (!out.empty()) {
      out += ' ';
    }
    switch (token.kind) {
      case TokenKind::kEnd:
        out += "end";
        continue;
      case TokenKind::kIdentifier:
        out += token.keyword == Keyword::kNone ? "id:" : "kw:";
        break;
      case TokenKind::kNamePlaceholder:
        out += "name:";
        break;
      case TokenKind::kValuePlaceholder:
        out += "value:";
        break;
      case TokenKind::kNumber:
        out += "num:";
        break;
      case TokenKind::kUnknown:
        out += "?:";
        break;
      default:
        out += "p:";
        break;
    }
    out += token.Text(text);
  }
  return out;
}

struct LexCase {
  std::string text;
  std::string tokens;
};

class LexerTable : public ::testing::TestWithParam<LexCase> {};

TEST_P(LexerTable, Tokens) {
  EXPECT_EQ(Describe(GetParam().text), GetParam().tokens);
}

INSTANTIATE_TEST_SUITE_P(
    Lexer, LexerTable,
    ::testing::Values(LexCase{"", "end"}, LexCase{" \t\r\n", "end"}, LexCase{"a", "id:a end"},
                      LexCase{"Alpha_Numeric_123", "id:Alpha_Numeric_123 end"},
                      LexCase{"A123_", "id:A123_ end"},
                      // DynamoDB: a name cannot start with '_' or a digit; '_' alone is unknown.
                      LexCase{"_123", "?:_ num:123 end"}, LexCase{"_abc", "?:_ id:abc end"},
                      LexCase{"123a", "num:123 id:a end"},
                      // "0" stands alone: "001" is three tokens.
                      LexCase{"001", "num:0 num:0 num:1 end"}, LexCase{"10", "num:10 end"},
                      LexCase{"#a #1 #_ #123a", "name:#a name:#1 name:#_ name:#123a end"},
                      LexCase{":a :1 :_ :Alpha_1", "value::a value::1 value::_ value::Alpha_1 end"},
                      // A lone '#' or ':' is an unknown character.
                      LexCase{"# :", "?:# ?:: end"}, LexCase{"#!hi", "?:# ?:! id:hi end"},
                      LexCase{":hi!there", "value::hi ?:! id:there end"},
                      LexCase{"a.b[1]", "id:a p:. id:b p:[ num:1 p:] end"},
                      LexCase{"=<><<=>>=", "p:= p:<> p:< p:<= p:> p:>= end"},
                      LexCase{"(a,b)+-", "p:( id:a p:, id:b p:) p:+ p:- end"},
                      LexCase{"and OR Not bEtWeEn in", "kw:and kw:OR kw:Not kw:bEtWeEn kw:in end"},
                      LexCase{"SET set Remove add DELETE",
                              "kw:SET kw:set kw:Remove kw:add kw:DELETE end"},
                      LexCase{"andx sets inx", "id:andx id:sets id:inx end"},
                      LexCase{"a-b$c\"d!", "id:a p:- id:b ?:$ id:c ?:\" id:d ?:! end"},
                      LexCase{"a*b/c", "id:a ?:* id:b ?:/ id:c end"},
                      // One unknown token per code point, whatever its length in UTF-8.
                      LexCase{"ü>a", "?:ü p:> id:a end"}, LexCase{"１２", "?:１ ?:２ end"},
                      LexCase{"😀", "?:😀 end"}));

TEST(LexerTest, SpansCoverTheText) {
  const std::string text = "  SET #a = :v ";
  const std::vector<Token> tokens = Tokenize(text);
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].begin, 2u);
  EXPECT_EQ(tokens[0].end, 5u);
  EXPECT_EQ(tokens[0].keyword, Keyword::kSet);
  EXPECT_EQ(tokens[1].kind, TokenKind::kNamePlaceholder);
  EXPECT_EQ(tokens[3].kind, TokenKind::kValuePlaceholder);
  EXPECT_EQ(tokens[4].kind, TokenKind::kEnd);
  EXPECT_EQ(tokens[4].begin, text.size());
  EXPECT_EQ(tokens[4].end, text.size());
}

TEST(LexerTest, InvalidUtf8AndNulAreSingleByteUnknownTokens) {
  const std::string text("a\xff\xc3(\0b", 6);
  const std::vector<Token> tokens = Tokenize(text);
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_EQ(tokens[1].kind, TokenKind::kUnknown);
  EXPECT_EQ(tokens[1].end - tokens[1].begin, 1u);
  EXPECT_EQ(tokens[2].kind, TokenKind::kUnknown);  // a truncated two-byte sequence
  EXPECT_EQ(tokens[2].end - tokens[2].begin, 1u);
  EXPECT_EQ(tokens[3].kind, TokenKind::kLeftParen);
  EXPECT_EQ(tokens[4].kind, TokenKind::kUnknown);  // NUL
  EXPECT_EQ(tokens[5].Text(text), "b");
}

TEST(LexerTest, OtherWhitespaceIsNotSkipped) {
  EXPECT_EQ(Describe("a\vb\fc"), "id:a ?:\v id:b ?:\f id:c end");
}

TEST(LexerTest, SanitizeUtf8) {
  EXPECT_EQ(SanitizeUtf8("plain"), "plain");
  EXPECT_EQ(SanitizeUtf8("ü１😀"), "ü１😀");
  EXPECT_EQ(SanitizeUtf8("a\xff"
                         "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(SanitizeUtf8("\xc3"), "\xEF\xBF\xBD");
  EXPECT_EQ(SanitizeUtf8("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
}

TEST(LexerTest, LongInputsLexInLinearTime) {
  const std::string text(1 << 20, '(');
  const std::vector<Token> tokens = Tokenize(text);
  EXPECT_EQ(tokens.size(), (1u << 20) + 1);
}

}  // namespace
}  // namespace dynafake::expr
