#include "expr/parser.h"

#include <algorithm>
#include <functional>
#include <string>

#include "expr/lexer.h"
#include "expr/parser_internal.h"
#include "expr/static_checks.h"
#include <pthread.h>

namespace dynafake::expr {
namespace internal {
namespace {

// Deeper than anything a 4096-byte text can nest; only a guard for the recursion.
constexpr int kMaxDepth = 4200;

bool IsConditionKind(ExpressionKind kind) {
  return kind == ExpressionKind::kCondition || kind == ExpressionKind::kFilter ||
         kind == ExpressionKind::kKeyCondition;
}

}  // namespace

Parser::Parser(ParsedExpression* out)
    : out_(out), condition_grammar_(IsConditionKind(out->kind)), tokens_(Tokenize(out->text)) {
  out_->nodes.reserve(tokens_.size());
  out_->steps.reserve(tokens_.size() / 2 + 1);
  out_->child_indexes.reserve(tokens_.size());
  out_->names.reserve(8);
  out_->values.reserve(8);
  scratch_.reserve(16);
}

bool Parser::Run() {
  switch (out_->kind) {
    case ExpressionKind::kUpdate:
      return ParseUpdateRoot();
    case ExpressionKind::kProjection:
      return ParseProjectionRoot();
    default:
      return ParseConditionRoot();
  }
}

bool Parser::AtKeyword(Keyword keyword) const {
  return Current().kind == TokenKind::kIdentifier && Current().keyword == keyword &&
         !IsName(Current());
}

bool Parser::IsName(const Token& token) const {
  if (token.kind != TokenKind::kIdentifier) {
    return false;
  }
  switch (token.keyword) {
    case Keyword::kAnd:
    case Keyword::kOr:
    case Keyword::kNot:
    case Keyword::kBetween:
    case Keyword::kIn:
      return !condition_grammar_;
    case Keyword::kSet:
    case Keyword::kRemove:
    case Keyword::kAdd:
    case Keyword::kDelete:
      return out_->kind != ExpressionKind::kUpdate;
    case Keyword::kNone:
      return true;
  }
  return true;
}

// DynamoDB: "Syntax error; token: \"<tok>\", near: \"<context>\"", where the context runs from the
// token before the offending one to the token after it, with the whitespace between them
// ("ADD hits : incr" -> token ":", near "hits : incr"); "<EOF>" names the end of the text.
bool Parser::SyntaxError() {
  const std::string_view text = out_->text;
  const Token& bad = Current();
  const size_t near_begin = pos_ == 0 ? 0 : tokens_[pos_ - 1].begin;
  size_t near_end = text.size();
  if (bad.kind != TokenKind::kEnd && Next().kind != TokenKind::kEnd) {
    near_end = Next().end;
  }
  std::string message = "Syntax error; token: \"";
  message += bad.kind == TokenKind::kEnd ? std::string("<EOF>") : SanitizeUtf8(bad.Text(text));
  message += "\", near: \"";
  message += SanitizeUtf8(text.substr(near_begin, near_end - near_begin));
  message += "\"";
  return Fail(std::move(message));
}

bool Parser::Fail(std::string message) {
  out_->error = std::move(message);
  return false;
}

bool Parser::Expect(TokenKind kind) {
  if (!At(kind)) {
    return SyntaxError();
  }
  Advance();
  return true;
}

bool Parser::CountOperator() {
  if (++operators_ > kMaxOperators) {
    // DynamoDB: counting stops at the first operator over the limit, so the count is always 301.
    return Fail("The expression contains too many operators; operator count: " +
                std::to_string(operators_));
  }
  return true;
}

bool Parser::Enter() {
  if (++depth_ > kMaxDepth) {
    return SyntaxError();
  }
  return true;
}

uint32_t Parser::AddNode(NodeKind kind, const Token& main) {
  SyntaxNode node;
  node.kind = kind;
  node.begin = main.begin;
  node.end = main.end;
  out_->nodes.push_back(node);
  return static_cast<uint32_t>(out_->nodes.size() - 1);
}

uint32_t Parser::AddBinary(NodeKind kind, const Token& main, uint32_t left, uint32_t right) {
  const uint32_t index = AddNode(kind, main);
  SyntaxNode& node = out_->nodes[index];
  node.first = static_cast<uint32_t>(out_->child_indexes.size());
  node.count = 2;
  out_->child_indexes.push_back(left);
  out_->child_indexes.push_back(right);
  return index;
}

uint32_t Parser::AddWithScratchChildren(NodeKind kind, const Token& main, size_t mark) {
  const uint32_t index = AddNode(kind, main);
  SyntaxNode& node = out_->nodes[index];
  node.first = static_cast<uint32_t>(out_->child_indexes.size());
  node.count = static_cast<uint32_t>(scratch_.size() - mark);
  out_->child_indexes.insert(out_->child_indexes.end(), scratch_.begin() + mark, scratch_.end());
  scratch_.resize(mark);
  return index;
}

uint32_t Parser::Placeholder(std::vector<std::string>* table, const Token& token) {
  const std::string_view text = token.Text(out_->text);
  for (size_t i = 0; i < table->size(); ++i) {
    if ((*table)[i] == text) {
      return static_cast<uint32_t>(i);
    }
  }
  table->emplace_back(text);
  return static_cast<uint32_t>(table->size() - 1);
}

void Parser::MarkParenthesized(uint32_t node) {
  // DynamoDB: "((x))", two groups around the same thing, is an error wherever it appears.
  if (out_->nodes[node].parenthesized) {
    redundant_parens_ = true;
  }
  out_->nodes[node].parenthesized = true;
}

bool Parser::ParsePath(uint32_t* node) {
  const Token& first = Current();
  SyntaxStep step;
  step.begin = first.begin;
  step.end = first.end;
  if (first.kind == TokenKind::kNamePlaceholder) {
    step.kind = SyntaxStep::Kind::kPlaceholder;
    step.number = Placeholder(&out_->names, first);
  }
  *node = AddNode(NodeKind::kPath, first);
  out_->nodes[*node].first = static_cast<uint32_t>(out_->steps.size());
  out_->nodes[*node].count = 1;
  out_->steps.push_back(step);
  Advance();
  return ParsePathTail(*node);
}

bool Parser::ParsePathTail(uint32_t node) {
  SyntaxNode* path = &out_->nodes[node];
  if (path->first + path->count != out_->steps.size()) {
    // Keep the path's steps contiguous before growing it.
    const uint32_t first = path->first;
    path->first = static_cast<uint32_t>(out_->steps.size());
    for (uint32_t i = 0; i < path->count; ++i) {
      out_->steps.push_back(out_->steps[first + i]);
    }
  }
  while (At(TokenKind::kDot) || At(TokenKind::kLeftBracket)) {
    path->parenthesized = false;
    if (At(TokenKind::kLeftBracket)) {
      Advance();
      if (!AddIndexStep() || !Expect(TokenKind::kRightBracket)) {
        return false;
      }
    } else {
      Advance();
      const Token& name = Current();
      if (!IsName(name) && name.kind != TokenKind::kNamePlaceholder) {
        return SyntaxError();
      }
      SyntaxStep step;
      step.begin = name.begin;
      step.end = name.end;
      if (name.kind == TokenKind::kNamePlaceholder) {
        step.kind = SyntaxStep::Kind::kPlaceholder;
        step.number = Placeholder(&out_->names, name);
      }
      out_->steps.push_back(step);
      Advance();
    }
    path = &out_->nodes[node];
    ++path->count;
  }
  // DynamoDB: every element counts as a level, list indexes included ("a.b[1]" has three).
  if (path->count > kMaxPathDepth) {
    return Fail("The document path has too many nesting levels; nesting levels: " +
                std::to_string(path->count));
  }
  return true;
}

// DynamoDB: an index is literal digits; too large a one fails before anything else is checked.
bool Parser::AddIndexStep() {
  const Token& digits = Current();
  if (digits.kind != TokenKind::kNumber) {
    return SyntaxError();
  }
  const std::string_view text = digits.Text(out_->text);
  uint64_t value = 0;
  bool in_range = text.size() <= 10;
  for (size_t i = 0; in_range && i < text.size(); ++i) {
    value = value * 10 + static_cast<uint64_t>(text[i] - '0');
  }
  if (!in_range || value > kMaxListIndex) {
    return Fail("List index is not within the allowable range; index: [" + std::string(text) + "]");
  }
  SyntaxStep step;
  step.kind = SyntaxStep::Kind::kIndex;
  step.begin = digits.begin;
  step.end = digits.end;
  step.number = static_cast<uint32_t>(value);
  out_->steps.push_back(step);
  Advance();
  return true;
}

bool Parser::ParseAtom(uint32_t* node) {
  const Token& token = Current();
  if (IsName(token) && Next().kind == TokenKind::kLeftParen) {
    return ParseCall(node);
  }
  if (IsName(token) || token.kind == TokenKind::kNamePlaceholder) {
    return ParsePath(node);
  }
  if (token.kind == TokenKind::kValuePlaceholder) {
    *node = AddNode(NodeKind::kValue, token);
    out_->nodes[*node].first = Placeholder(&out_->values, token);
    Advance();
    return true;
  }
  return SyntaxError();
}

bool Parser::ParseOperandList() {
  while (true) {
    uint32_t operand;
    if (!(condition_grammar_ ? ParseConditionOperand(&operand) : ParseUpdateOperand(&operand))) {
      return false;
    }
    scratch_.push_back(operand);
    if (!At(TokenKind::kComma)) {
      return Expect(TokenKind::kRightParen);
    }
    Advance();
  }
}

bool Parser::ParseCall(uint32_t* node) {
  const Token name = Current();
  Advance();
  Advance();  // '('
  if (!Enter()) {
    return false;
  }
  const size_t mark = scratch_.size();
  if (!ParseOperandList()) {
    return false;
  }
  Leave();
  *node = AddWithScratchChildren(NodeKind::kCall, name, mark);
  out_->nodes[*node].function = LookupFunction(name.Text(out_->text));
  return true;
}

size_t MaxNesting(std::string_view text) {
  size_t depth = 0, deepest = 0;
  for (const char c : text) {
    if (c == '(') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ')' && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// Each nesting level of the recursive descent costs a few hundred bytes of stack; a 4096-byte
// text nests up to 4096 levels, about a megabyte. Such texts are parsed on a thread of their own
// with a stack sized for them, so the caller's stack size never matters.
bool RunOnLargeStack(const std::function<void()>& work) {
  pthread_attr_t attributes;
  if (pthread_attr_init(&attributes) != 0) {
    return false;
  }
  pthread_t thread;
  const bool started = pthread_attr_setstacksize(&attributes, kLargeStackBytes) == 0 &&
                       pthread_create(
                           &thread, &attributes,
                           [](void* argument) -> void* {
                             (*static_cast<const std::function<void()>*>(argument))();
                             return nullptr;
                           },
                           const_cast<std::function<void()>*>(&work)) == 0;
  pthread_attr_destroy(&attributes);
  if (started) {
    pthread_join(thread, nullptr);
  }
  return started;
}

}  // namespace internal

std::shared_ptr<const ParsedExpression> ParseExpression(ExpressionKind kind,
                                                        std::string_view text) {
  auto parsed = std::make_shared<ParsedExpression>();
  parsed->kind = kind;
  if (text.size() > kMaxExpressionBytes) {
    // DynamoDB: only condition and filter expressions append the size (captured from the
    // service: ProjectionExpression, UpdateExpression and KeyConditionExpression end at ';').
    parsed->error = "Expression size has exceeded the maximum allowed size;";
    if (kind == ExpressionKind::kCondition || kind == ExpressionKind::kFilter) {
      parsed->error += " expression size: " + std::to_string(text.size());
    }
    return parsed;
  }
  parsed->text.assign(text);
  // DynamoDB: a text of whitespace only is as empty as "" (it has no tokens).
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    parsed->error = "The expression can not be empty;";
    return parsed;
  }
  ParsedExpression* const out = parsed.get();
  auto parse = [out] {
    internal::Parser parser(out);
    if (parser.Run()) {
      out->error = CheckText(*out, parser.redundant_parens(), parser.repeated_section());
    }
  };
  if (internal::MaxNesting(text) <= internal::kShallowNesting ||
      !internal::RunOnLargeStack(parse)) {
    parse();
  }
  return parsed;
}

}  // namespace dynafake::expr
