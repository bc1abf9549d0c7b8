// The parser's state and grammar functions, shared by parser.cc (common parts and the condition
// grammar) and parser_update.cc (update and projection grammars). Not for use outside the parser.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/syntax.h"
#include "expr/token.h"

namespace dynafake::expr::internal {

// Texts nesting parentheses deeper than this are parsed on a thread with a kLargeStackBytes stack.
inline constexpr size_t kShallowNesting = 128;
inline constexpr size_t kLargeStackBytes = 16 << 20;

// The deepest parenthesis nesting of `text`.
size_t MaxNesting(std::string_view text);
// Runs `work` on a new thread with a kLargeStackBytes stack and waits for it; false (and nothing
// ran) if no such thread could be started.
bool RunOnLargeStack(const std::function<void()>& work);

// Every grammar function returns false after recording the error in `out_->error`; the node it
// built is stored through its `node` argument otherwise.
class Parser {
 public:
  explicit Parser(ParsedExpression* out);

  // Parses the whole text; false with out->error set on failure.
  bool Run();

  // The text-only semantic findings, checked in the service's order after a successful parse.
  bool redundant_parens() const { return redundant_parens_; }

  // The first section (SET, REMOVE, ADD, DELETE) given twice; nullptr if none.
  const char* repeated_section() const { return repeated_section_; }

 private:
  // Tokens.
  const Token& Current() const { return tokens_[pos_]; }

  const Token& Next() const { return tokens_[pos_ + 1 < tokens_.size() ? pos_ + 1 : pos_]; }

  void Advance() {
    if (pos_ + 1 < tokens_.size()) {
      ++pos_;
    }
  }

  bool At(TokenKind kind) const { return Current().kind == kind; }

  bool AtKeyword(Keyword keyword) const;
  // An identifier usable as a name in this grammar (not one of its keywords).
  bool IsName(const Token& token) const;

  // Errors.
  bool SyntaxError();
  bool Fail(std::string message);
  bool Expect(TokenKind kind);
  bool CountOperator();
  bool Enter();

  void Leave() { --depth_; }

  // Nodes.
  uint32_t AddNode(NodeKind kind, const Token& main);
  uint32_t AddBinary(NodeKind kind, const Token& main, uint32_t left, uint32_t right);
  // A node whose children are scratch_[mark..]; pops them.
  uint32_t AddWithScratchChildren(NodeKind kind, const Token& main, size_t mark);
  uint32_t Placeholder(std::vector<std::string>* table, const Token& token);
  void MarkParenthesized(uint32_t node);

  // Paths.
  bool ParsePath(uint32_t* node);
  bool ParsePathTail(uint32_t node);
  bool AddIndexStep();

  // Atoms shared by the grammars: a path, a :value or a function call.
  bool ParseAtom(uint32_t* node);
  bool ParseCall(uint32_t* node);
  // Operands of the expression's grammar separated by commas, up to and including ')', pushed
  // onto scratch_ (function arguments, IN lists).
  bool ParseOperandList();

  // Condition grammar (parser.cc).
  bool ParseConditionRoot();
  bool ParseCondition(bool allow_operand, uint32_t* node);
  bool ParsePrimary(bool allow_operand, uint32_t* node);
  bool ParseComparisonTail(uint32_t left, uint32_t* node);
  bool ParseInList(uint32_t left, const Token& in, uint32_t* node);
  bool ParseConditionOperand(uint32_t* node);
  bool StartsComparisonTail() const;
  bool IsBareOperand(uint32_t node) const;

  // Update and projection grammars (parser_update.cc).
  bool ParseUpdateRoot();
  bool ParseUpdateAction(UpdateAction::Kind kind);
  bool ParseSetValue(uint32_t* node);
  bool ParseSetTerm(uint32_t* node, bool* arithmetic);
  bool ParseUpdateOperand(uint32_t* node);
  bool ParseProjectionRoot();
  bool ParseTargetPath(uint32_t* node);

  ParsedExpression* const out_;
  const bool condition_grammar_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int operators_ = 0;
  int depth_ = 0;
  bool redundant_parens_ = false;
  const char* repeated_section_ = nullptr;
  uint8_t sections_seen_ = 0;
  std::vector<uint32_t> scratch_;
};

}  // namespace dynafake::expr::internal
