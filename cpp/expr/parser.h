// The parser: one recursive-descent parser for the four grammars (condition, filter and key
// condition share one; update; projection). It applies every rule that depends on the text alone,
// in the service's order, so its result can be shared by all requests with the same text.
#pragma once

#include <memory>
#include <string_view>

#include "expr/expressions.h"
#include "expr/syntax.h"

namespace dynafake::expr {

// DynamoDB: an expression string may be at most 4096 bytes.
inline constexpr size_t kMaxExpressionBytes = 4096;
// DynamoDB: at most 300 operators (comparisons, BETWEEN, IN, AND, OR, NOT, + and -).
inline constexpr int kMaxOperators = 300;
// DynamoDB: at most 100 operands in an IN list.
inline constexpr size_t kMaxInOperands = 100;
// DynamoDB: a document path has at most 32 levels.
inline constexpr uint32_t kMaxPathDepth = 32;
// DynamoDB: the largest list index accepted in a document path.
inline constexpr uint64_t kMaxListIndex = 4294967294;

// Parses `text` as an expression of `kind`. The result always carries the text; `error` is set
// when the text is invalid whatever the request's names and values are: too long, empty, a syntax
// error, a limit, a reserved word, a function misused, ... Messages lack the "Invalid
// <Kind>Expression: " prefix.
std::shared_ptr<const ParsedExpression> ParseExpression(ExpressionKind kind, std::string_view text);

}  // namespace dynafake::expr
