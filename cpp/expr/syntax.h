// The unresolved syntax tree: what the parser builds from the text alone, before #names and
// :values are looked up. It is what the parse cache shares between requests, so it never refers to
// any request's data. Nodes live in flat arrays and refer to each other by index.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "expr/ast.h"
#include "expr/expressions.h"

namespace dynafake::expr {

// The functions of the language. Names are case-sensitive: BEGINS_WITH is an unknown function.
enum class Function : uint8_t {
  kUnknown,
  kAttributeExists,
  kAttributeNotExists,
  kAttributeType,
  kBeginsWith,
  kContains,
  kSize,
  kIfNotExists,  // update expressions only
  kListAppend,   // update expressions only
};

Function LookupFunction(std::string_view name);
// Operands the function takes.
int FunctionArity(Function function);
// if_not_exists and list_append; all others belong to conditions.
bool IsUpdateFunction(Function function);

enum class NodeKind : uint8_t {
  kPath,     // steps [first, first + count)
  kValue,    // :value placeholder number `first`
  kCall,     // function(children...)
  kCompare,  // children[0] <comparator> children[1]
  kBetween,  // children[0] BETWEEN children[1] AND children[2]
  kIn,       // children[0] IN (children[1..])
  kAnd,      // children[0] AND children[1]
  kOr,       // children[0] OR children[1]
  kNot,      // NOT children[0]
  kPlus,     // children[0] + children[1] (SET values)
  kMinus,    // children[0] - children[1] (SET values)
};

struct SyntaxNode {
  NodeKind kind = NodeKind::kPath;
  Comparator comparator = Comparator::kEqual;  // kCompare
  Function function = Function::kUnknown;      // kCall
  // The outermost form of the node was a parenthesized group "( ... )".
  bool parenthesized = false;
  // Source bytes of the node's main token: the function name, the placeholder, the operator.
  uint32_t begin = 0;
  uint32_t end = 0;
  // kPath: steps; kValue: placeholder number in `first`; others: children in `child_indexes`.
  uint32_t first = 0;
  uint32_t count = 0;
};

struct SyntaxStep {
  enum class Kind : uint8_t { kName, kPlaceholder, kIndex };
  Kind kind = Kind::kName;
  uint32_t begin = 0;  // source bytes of the name, placeholder or index digits
  uint32_t end = 0;
  uint32_t number = 0;  // kIndex: the index; kPlaceholder: the #name placeholder number
};

struct SyntaxAction {
  UpdateAction::Kind kind = UpdateAction::Kind::kSet;
  uint32_t path = 0;   // a kPath node
  uint32_t value = 0;  // SET: the value node; ADD/DELETE: a kValue node; REMOVE: unused
};

// One parsed expression text. Either `error` is set (a syntax error, a limit, or a check that
// depends on the text alone), or the tree is complete.
struct ParsedExpression {
  ExpressionKind kind = ExpressionKind::kCondition;
  std::string text;
  // The message without its "Invalid <Kind>Expression: " prefix; empty when the text is valid.
  std::string error;

  std::vector<SyntaxNode> nodes;
  std::vector<uint32_t> child_indexes;
  std::vector<SyntaxStep> steps;
  // Distinct placeholders in order of first use; steps and nodes refer to them by number.
  std::vector<std::string> names;
  std::vector<std::string> values;

  uint32_t root = 0;                  // condition kinds
  std::vector<SyntaxAction> actions;  // kUpdate, in source order
  std::vector<uint32_t> paths;        // kProjection: kPath nodes in source order

  const SyntaxNode& node(uint32_t index) const { return nodes[index]; }

  uint32_t child(const SyntaxNode& node, uint32_t i) const { return child_indexes[node.first + i]; }

  std::string_view Source(uint32_t begin, uint32_t end) const {
    return std::string_view(text).substr(begin, end - begin);
  }
};

}  // namespace dynafake::expr
