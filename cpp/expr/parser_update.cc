// The update and projection grammars of the parser (see parser_internal.h).
#include <iterator>

#include "expr/parser_internal.h"

namespace dynafake::expr::internal {
namespace {

struct Section {
  Keyword keyword;
  UpdateAction::Kind kind;
  const char* name;
};

constexpr Section kSections[] = {
    {Keyword::kSet, UpdateAction::Kind::kSet, "SET"},
    {Keyword::kRemove, UpdateAction::Kind::kRemove, "REMOVE"},
    {Keyword::kAdd, UpdateAction::Kind::kAdd, "ADD"},
    {Keyword::kDelete, UpdateAction::Kind::kDelete, "DELETE"},
};

}  // namespace

// update := section+, each "SET|REMOVE|ADD|DELETE action (',' action)*", no separator between
// sections. DynamoDB: sections may come in any order; a repeated one is reported after the parse.
bool Parser::ParseUpdateRoot() {
  while (!At(TokenKind::kEnd)) {
    const Section* section = nullptr;
    for (size_t i = 0; i < std::size(kSections); ++i) {
      if (AtKeyword(kSections[i].keyword)) {
        section = &kSections[i];
        if ((sections_seen_ & (1u << i)) != 0 && repeated_section_ == nullptr) {
          repeated_section_ = section->name;
        }
        sections_seen_ |= static_cast<uint8_t>(1u << i);
      }
    }
    if (section == nullptr) {
      return SyntaxError();
    }
    Advance();
    while (true) {
      if (!ParseUpdateAction(section->kind)) {
        return false;
      }
      if (!At(TokenKind::kComma)) {
        break;
      }
      Advance();
    }
  }
  return true;
}

bool Parser::ParseTargetPath(uint32_t* node) {
  if (!IsName(Current()) && !At(TokenKind::kNamePlaceholder)) {
    return SyntaxError();
  }
  return ParsePath(node);
}

bool Parser::ParseUpdateAction(UpdateAction::Kind kind) {
  SyntaxAction action;
  action.kind = kind;
  if (!ParseTargetPath(&action.path)) {
    return false;
  }
  switch (kind) {
    case UpdateAction::Kind::kSet:
      if (!Expect(TokenKind::kEqual) || !ParseSetValue(&action.value)) {
        return false;
      }
      break;
    case UpdateAction::Kind::kRemove:
      break;
    case UpdateAction::Kind::kAdd:
    case UpdateAction::Kind::kDelete:
      // DynamoDB: ADD and DELETE take a :value only ("ADD numx 1" fails at "1").
      if (!At(TokenKind::kValuePlaceholder) || !ParseAtom(&action.value)) {
        return SyntaxError();
      }
      break;
  }
  out_->actions.push_back(action);
  return true;
}

// value := term [('+' | '-') operand], term := '(' value ')' | operand. DynamoDB: exactly two
// operands ("a + b + c" is a syntax error), and the whole value may be parenthesized.
bool Parser::ParseSetValue(uint32_t* node) {
  uint32_t left;
  bool arithmetic = false;
  if (!ParseSetTerm(&left, &arithmetic)) {
    return false;
  }
  if (arithmetic || (!At(TokenKind::kPlus) && !At(TokenKind::kMinus))) {
    *node = left;
    return true;
  }
  const Token op = Current();
  Advance();
  uint32_t right;
  if (!CountOperator() || !ParseUpdateOperand(&right)) {
    return false;
  }
  *node =
      AddBinary(op.kind == TokenKind::kPlus ? NodeKind::kPlus : NodeKind::kMinus, op, left, right);
  return true;
}

bool Parser::ParseSetTerm(uint32_t* node, bool* arithmetic) {
  if (!At(TokenKind::kLeftParen)) {
    return ParseAtom(node);
  }
  Advance();
  if (!Enter() || !ParseSetValue(node) || !Expect(TokenKind::kRightParen)) {
    return false;
  }
  Leave();
  const NodeKind kind = out_->nodes[*node].kind;
  *arithmetic = kind == NodeKind::kPlus || kind == NodeKind::kMinus;
  out_->nodes[*node].parenthesized = true;
  return true;
}

// DynamoDB: function arguments and the right side of '+'/'-' are operands, never arithmetic
// ("f(x+y)" is a syntax error), and a parenthesized path does not continue ("(b.c).d").
bool Parser::ParseUpdateOperand(uint32_t* node) {
  if (!At(TokenKind::kLeftParen)) {
    return ParseAtom(node);
  }
  Advance();
  if (!Enter() || !ParseUpdateOperand(node) || !Expect(TokenKind::kRightParen)) {
    return false;
  }
  Leave();
  out_->nodes[*node].parenthesized = true;
  return true;
}

// projection := path (',' path)*.
bool Parser::ParseProjectionRoot() {
  while (true) {
    uint32_t path;
    if (!ParseTargetPath(&path)) {
      return false;
    }
    out_->paths.push_back(path);
    if (!At(TokenKind::kComma)) {
      break;
    }
    Advance();
  }
  return At(TokenKind::kEnd) || SyntaxError();
}

}  // namespace dynafake::expr::internal
