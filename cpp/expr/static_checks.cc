#include "expr/static_checks.h"

#include <algorithm>
#include <array>

#include "expr/reserved_words.h"

namespace dynafake::expr {
namespace {

struct FunctionInfo {
  std::string_view name;
  Function function;
  int arity;
};

constexpr std::array<FunctionInfo, 8> kFunctions = {{
    {"attribute_exists", Function::kAttributeExists, 1},
    {"attribute_not_exists", Function::kAttributeNotExists, 1},
    {"attribute_type", Function::kAttributeType, 2},
    {"begins_with", Function::kBeginsWith, 2},
    {"contains", Function::kContains, 2},
    {"size", Function::kSize, 1},
    {"if_not_exists", Function::kIfNotExists, 2},
    {"list_append", Function::kListAppend, 2},
}};

bool IsConditionKind(ExpressionKind kind) {
  return kind == ExpressionKind::kCondition || kind == ExpressionKind::kFilter ||
         kind == ExpressionKind::kKeyCondition;
}

std::string_view NameOf(const ParsedExpression& parsed, const SyntaxNode& node) {
  return parsed.Source(node.begin, node.end);
}

std::string ReservedWordError(const ParsedExpression& parsed) {
  for (const SyntaxStep& step : parsed.steps) {
    const std::string_view word = parsed.Source(step.begin, step.end);
    if (step.kind == SyntaxStep::Kind::kName && IsReservedWord(word)) {
      return "Attribute name is a reserved keyword; reserved keyword: " + std::string(word);
    }
  }
  return "";
}

// DynamoDB: an unknown name is reported before a function used in the wrong kind of expression;
// both in the order the names are written.
std::string FunctionNameError(const ParsedExpression& parsed) {
  std::vector<const SyntaxNode*> calls;
  for (const SyntaxNode& node : parsed.nodes) {
    if (node.kind == NodeKind::kCall) {
      calls.push_back(&node);
    }
  }
  std::sort(calls.begin(), calls.end(),
            [](const SyntaxNode* a, const SyntaxNode* b) { return a->begin < b->begin; });
  const bool in_update = parsed.kind == ExpressionKind::kUpdate;
  for (const SyntaxNode* call : calls) {
    const std::string name(NameOf(parsed, *call));
    if (call->function == Function::kUnknown) {
      return "Invalid function name; function: " + name;
    }
    if (IsUpdateFunction(call->function) != in_update) {
      // DynamoDB: the service's own texts for a function of the other kind of expression.
      return in_update ? "The function is not allowed in an update expression; function: " + name
                       : "The function is not allowed in a condition expression; function: " + name;
    }
  }
  return "";
}

// DynamoDB: only size() may be an operand; a boolean function may not be compared or passed to a
// function, and size() may not stand alone as a condition. Reported in the order the service's
// parser completes the enclosing constructs (children before parents, left to right), which is
// the order of the node array.
std::string MisusedFunctionError(const ParsedExpression& parsed) {
  auto misuse = [&](const SyntaxNode& call) {
    return "The function is not allowed to be used this way in an expression; function: " +
           std::string(NameOf(parsed, call));
  };
  for (const SyntaxNode& node : parsed.nodes) {
    const bool takes_operands = node.kind == NodeKind::kCompare ||
                                node.kind == NodeKind::kBetween || node.kind == NodeKind::kIn ||
                                node.kind == NodeKind::kCall;
    const bool takes_conditions =
        node.kind == NodeKind::kAnd || node.kind == NodeKind::kOr || node.kind == NodeKind::kNot;
    for (uint32_t i = 0; (takes_operands || takes_conditions) && i < node.count; ++i) {
      const SyntaxNode& child = parsed.node(parsed.child(node, i));
      if (child.kind != NodeKind::kCall) {
        continue;
      }
      const bool is_size = child.function == Function::kSize;
      if (takes_operands != is_size) {
        return misuse(child);
      }
    }
  }
  const SyntaxNode& root = parsed.node(parsed.root);
  if (root.kind == NodeKind::kCall && root.function == Function::kSize) {
    return misuse(root);
  }
  return "";
}

}  // namespace

Function LookupFunction(std::string_view name) {
  for (const FunctionInfo& info : kFunctions) {
    if (info.name == name) {
      return info.function;
    }
  }
  return Function::kUnknown;
}

int FunctionArity(Function function) {
  for (const FunctionInfo& info : kFunctions) {
    if (info.function == function) {
      return info.arity;
    }
  }
  return 0;
}

bool IsUpdateFunction(Function function) {
  return function == Function::kIfNotExists || function == Function::kListAppend;
}

std::string CheckText(const ParsedExpression& parsed, bool redundant_parens,
                      const char* repeated_section) {
  if (IsConditionKind(parsed.kind)) {
    if (redundant_parens) {
      return "The expression has redundant parentheses;";
    }
    std::string error = FunctionNameError(parsed);
    if (error.empty()) {
      error = MisusedFunctionError(parsed);
    }
    return error.empty() ? ReservedWordError(parsed) : error;
  }
  std::string error = ReservedWordError(parsed);
  if (!error.empty() || parsed.kind == ExpressionKind::kProjection) {
    return error;
  }
  error = FunctionNameError(parsed);
  if (error.empty() && repeated_section != nullptr) {
    error = "The \"" + std::string(repeated_section) + "\" section can only be used once in an " +
            "update expression;";
  }
  return error;
}

}  // namespace dynafake::expr
