// Tokens of the expression language: one lexer serves all four grammars.
#pragma once

#include <cstdint>
#include <string_view>

namespace dynafake::expr {

// X(enumerator, what it is)
#define DYNAFAKE_TOKEN_KINDS(X)                     \
  X(kEnd, "end of input")                           \
  X(kIdentifier, "bare name [A-Za-z][A-Za-z0-9_]*") \
  X(kNamePlaceholder, "#name")                      \
  X(kValuePlaceholder, ":value")                    \
  X(kNumber, "list index digits: 0 or [1-9][0-9]*") \
  X(kLeftParen, "(")                                \
  X(kRightParen, ")")                               \
  X(kLeftBracket, "[")                              \
  X(kRightBracket, "]")                             \
  X(kComma, ",")                                    \
  X(kDot, ".")                                      \
  X(kPlus, "+")                                     \
  X(kMinus, "-")                                    \
  X(kEqual, "=")                                    \
  X(kNotEqual, "<>")                                \
  X(kLess, "<")                                     \
  X(kLessOrEqual, "<=")                             \
  X(kGreater, ">")                                  \
  X(kGreaterOrEqual, ">=")                          \
  X(kUnknown, "a character no token starts with (one code point)")

enum class TokenKind : uint8_t {
#define DYNAFAKE_TOKEN_ENUM(name, what) name,
  DYNAFAKE_TOKEN_KINDS(DYNAFAKE_TOKEN_ENUM)
#undef DYNAFAKE_TOKEN_ENUM
};

// Keywords are identifiers whose text matches case-insensitively; whether one acts as a keyword
// depends on the grammar (AND is a plain name in an update expression, SET in a condition).
enum class Keyword : uint8_t {
  kNone,
  kAnd,
  kOr,
  kNot,
  kBetween,
  kIn,
  kSet,
  kRemove,
  kAdd,
  kDelete
};

// A token is a byte range of the expression text.
struct Token {
  TokenKind kind = TokenKind::kEnd;
  Keyword keyword = Keyword::kNone;
  uint32_t begin = 0;
  uint32_t end = 0;

  std::string_view Text(std::string_view source) const { return source.substr(begin, end - begin); }
};

}  // namespace dynafake::expr
