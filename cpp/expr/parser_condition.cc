// The condition grammar of the parser (see parser_internal.h), shared by condition, filter and
// key-condition expressions.
#include <string>

#include "expr/parser.h"
#include "expr/parser_internal.h"

namespace dynafake::expr::internal {
namespace {

constexpr uint32_t kNoNode = UINT32_MAX;

bool IsComparator(TokenKind kind) {
  return kind == TokenKind::kEqual || kind == TokenKind::kNotEqual || kind == TokenKind::kLess ||
         kind == TokenKind::kLessOrEqual || kind == TokenKind::kGreater ||
         kind == TokenKind::kGreaterOrEqual;
}

Comparator ComparatorOf(TokenKind kind) {
  switch (kind) {
    case TokenKind::kNotEqual:
      return Comparator::kNotEqual;
    case TokenKind::kLess:
      return Comparator::kLess;
    case TokenKind::kLessOrEqual:
      return Comparator::kLessOrEqual;
    case TokenKind::kGreater:
      return Comparator::kGreater;
    case TokenKind::kGreaterOrEqual:
      return Comparator::kGreaterOrEqual;
    default:
      return Comparator::kEqual;
  }
}

}  // namespace

bool Parser::ParseConditionRoot() {
  if (!ParseCondition(false, &out_->root)) {
    return false;
  }
  return At(TokenKind::kEnd) || SyntaxError();
}

bool Parser::IsBareOperand(uint32_t node) const {
  const NodeKind kind = out_->nodes[node].kind;
  return kind == NodeKind::kPath || kind == NodeKind::kValue;
}

// condition := and (OR and)*, and := not (AND not)*, not := NOT* primary. Loops rather than one
// function per precedence level keep the stack shallow: a parenthesis level costs two frames.
bool Parser::ParseCondition(bool allow_operand, uint32_t* node) {
  uint32_t disjunction = kNoNode;
  Token or_op;
  while (true) {
    uint32_t conjunction = kNoNode;
    Token and_op;
    while (true) {
      const size_t mark = scratch_.size();  // positions of the NOT keywords before the primary
      while (AtKeyword(Keyword::kNot)) {
        scratch_.push_back(static_cast<uint32_t>(pos_));
        Advance();
        if (!CountOperator()) {
          return false;
        }
      }
      const bool alone = disjunction == kNoNode && conjunction == kNoNode;
      uint32_t term;
      if (!ParsePrimary(allow_operand && alone && scratch_.size() == mark, &term)) {
        return false;
      }
      while (scratch_.size() > mark) {
        const uint32_t negated = term;
        term = AddNode(NodeKind::kNot, tokens_[scratch_.back()]);
        scratch_.pop_back();
        out_->nodes[term].first = static_cast<uint32_t>(out_->child_indexes.size());
        out_->nodes[term].count = 1;
        out_->child_indexes.push_back(negated);
      }
      conjunction =
          conjunction == kNoNode ? term : AddBinary(NodeKind::kAnd, and_op, conjunction, term);
      if (!AtKeyword(Keyword::kAnd)) {
        break;
      }
      if (IsBareOperand(conjunction)) {
        return SyntaxError();
      }
      and_op = Current();
      Advance();
      if (!CountOperator()) {
        return false;
      }
    }
    disjunction = disjunction == kNoNode
                      ? conjunction
                      : AddBinary(NodeKind::kOr, or_op, disjunction, conjunction);
    if (!AtKeyword(Keyword::kOr)) {
      break;
    }
    if (IsBareOperand(disjunction)) {
      return SyntaxError();
    }
    or_op = Current();
    Advance();
    if (!CountOperator()) {
      return false;
    }
  }
  *node = disjunction;
  return true;
}

bool Parser::StartsComparisonTail() const {
  return IsComparator(Current().kind) || AtKeyword(Keyword::kBetween) || AtKeyword(Keyword::kIn);
}

// A primary is a parenthesized condition, a comparison, BETWEEN, IN, or a function standing alone.
// Inside parentheses (allow_operand) it may also be a bare operand, as in "(a) = :v".
bool Parser::ParsePrimary(bool allow_operand, uint32_t* node) {
  uint32_t first;
  if (At(TokenKind::kLeftParen)) {
    Advance();
    if (!Enter() || !ParseCondition(true, &first) || !Expect(TokenKind::kRightParen)) {
      return false;
    }
    Leave();
    MarkParenthesized(first);
    // DynamoDB: a parenthesized path continues, "(a.b).c" (dynalite GroupedPathExpression).
    if (out_->nodes[first].kind == NodeKind::kPath &&
        (At(TokenKind::kDot) || At(TokenKind::kLeftBracket)) && !ParsePathTail(first)) {
      return false;
    }
  } else if (!ParseAtom(&first)) {
    return false;
  }
  const NodeKind kind = out_->nodes[first].kind;
  const bool operand =
      kind == NodeKind::kPath || kind == NodeKind::kValue || kind == NodeKind::kCall;
  if (operand && StartsComparisonTail()) {
    return ParseComparisonTail(first, node);
  }
  if (IsBareOperand(first) && !allow_operand) {
    return SyntaxError();
  }
  *node = first;
  return true;
}

bool Parser::ParseComparisonTail(uint32_t left, uint32_t* node) {
  const Token op = Current();
  Advance();
  if (!CountOperator()) {
    return false;
  }
  if (op.keyword == Keyword::kIn && op.kind == TokenKind::kIdentifier) {
    return ParseInList(left, op, node);
  }
  if (op.kind == TokenKind::kIdentifier) {  // BETWEEN
    uint32_t low, high;
    if (!ParseConditionOperand(&low)) {
      return false;
    }
    if (!AtKeyword(Keyword::kAnd)) {
      return SyntaxError();
    }
    Advance();
    if (!ParseConditionOperand(&high)) {
      return false;
    }
    const size_t mark = scratch_.size();
    scratch_.insert(scratch_.end(), {left, low, high});
    *node = AddWithScratchChildren(NodeKind::kBetween, op, mark);
    return true;
  }
  uint32_t right;
  if (!ParseConditionOperand(&right)) {
    return false;
  }
  *node = AddBinary(NodeKind::kCompare, op, left, right);
  out_->nodes[*node].comparator = ComparatorOf(op.kind);
  return true;
}

bool Parser::ParseInList(uint32_t left, const Token& in, uint32_t* node) {
  if (!Expect(TokenKind::kLeftParen)) {
    return false;
  }
  const size_t mark = scratch_.size();
  scratch_.push_back(left);
  if (!ParseOperandList()) {
    return false;
  }
  const size_t listed = scratch_.size() - mark - 1;
  if (listed > kMaxInOperands) {
    return Fail("The IN operator is provided with too many operands; number of operands: " +
                std::to_string(listed));
  }
  *node = AddWithScratchChildren(NodeKind::kIn, in, mark);
  return true;
}

bool Parser::ParseConditionOperand(uint32_t* node) {
  if (!At(TokenKind::kLeftParen)) {
    return ParseAtom(node);
  }
  Advance();
  if (!Enter() || !ParseConditionOperand(node) || !Expect(TokenKind::kRightParen)) {
    return false;
  }
  Leave();
  MarkParenthesized(*node);
  if (out_->nodes[*node].kind == NodeKind::kPath &&
      (At(TokenKind::kDot) || At(TokenKind::kLeftBracket))) {
    return ParsePathTail(*node);
  }
  return true;
}

}  // namespace dynafake::expr::internal
