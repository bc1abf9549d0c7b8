// Resolution of update and projection expressions (see resolver.h).
#include "expr/resolver.h"
#include "expr/resolver_internal.h"
#include "util/result.h"

namespace dynafake::expr {
namespace {

using internal::Bindings;
using model::AttributeType;

// DynamoDB: the long type names of the ADD/DELETE operand message.
std::string_view LongTypeName(AttributeType type) {
  switch (type) {
    case AttributeType::kS:
      return "STRING";
    case AttributeType::kN:
      return "NUMBER";
    case AttributeType::kB:
      return "BINARY";
    case AttributeType::kBOOL:
      return "BOOLEAN";
    case AttributeType::kNULL:
      return "NULL";
    case AttributeType::kL:
      return "LIST";
    case AttributeType::kM:
      return "MAP";
    default:
      return model::AttributeTypeName(type);
  }
}

// DynamoDB: ADD takes a number or a set, DELETE a set; the message names the type set it checked
// ("...; operator: DELETE, operand type: STRING, typeSet: ALLOWED_FOR_DELETE_OPERAND", captured
// from the service).
std::string AddDeleteOperandError(const Bindings& bindings, const SyntaxAction& action) {
  const AttributeType type = *bindings.ConstantType(action.value);
  const bool add = action.kind == UpdateAction::Kind::kAdd;
  if (model::IsSetType(type) || (add && type == AttributeType::kN)) {
    return "";
  }
  const std::string op = add ? "ADD" : "DELETE";
  return "Incorrect operand type for operator or function; operator: " + op +
         ", operand type: " + std::string(LongTypeName(type)) + ", typeSet: ALLOWED_FOR_" + op +
         "_OPERAND";
}

std::string OperandTypeMessage(std::string_view op, AttributeType type) {
  return "Incorrect operand type for operator or function; operator or function: " +
         std::string(op) + ", operand type: " + std::string(model::AttributeTypeName(type));
}

class ValueChecker {
 public:
  explicit ValueChecker(const Bindings& bindings)
      : bindings_(bindings), parsed_(bindings.parsed()) {}

  // The first function error of a SET value, inner functions before outer ones (dynalite
  // updateParser checkFunction: arity, if_not_exists path, operand types).
  std::string Check(uint32_t value) const {
    for (uint32_t i = internal::SubtreeStart(parsed_, value); i <= value; ++i) {
      const SyntaxNode& node = parsed_.node(i);
      std::string error = node.kind == NodeKind::kCall ? CheckCall(node)
                          : node.kind == NodeKind::kPlus || node.kind == NodeKind::kMinus
                              ? CheckArithmetic(node)
                              : "";
      if (!error.empty()) {
        return error;
      }
    }
    return "";
  }

 private:
  std::string CheckCall(const SyntaxNode& call) const {
    const std::string name(parsed_.Source(call.begin, call.end));
    if (call.count != 2) {
      return "Incorrect number of operands for operator or function; operator or function: " +
             name + ", number of operands: " + std::to_string(call.count);
    }
    const SyntaxNode& first = parsed_.node(parsed_.child(call, 0));
    if (call.function == Function::kIfNotExists) {
      return first.kind == NodeKind::kPath
                 ? ""
                 : "Operator or function requires a document path; operator or function: " + name;
    }
    for (uint32_t i = 0; i < 2; ++i) {
      const uint32_t argument = parsed_.child(call, i);
      const SyntaxNode& node = parsed_.node(argument);
      if (node.kind == NodeKind::kCall && node.function == Function::kListAppend) {
        // DynamoDB: list_append does not take another list_append as an operand.
        return "The function is not allowed to be used this way in an expression; function: " +
               name;
      }
      const auto type = bindings_.ConstantType(argument);
      if (type && *type != AttributeType::kL) {
        return OperandTypeMessage(name, *type);
      }
    }
    return "";
  }

  std::string CheckArithmetic(const SyntaxNode& node) const {
    const std::string_view op = node.kind == NodeKind::kPlus ? "+" : "-";
    for (uint32_t i = 0; i < 2; ++i) {
      const auto type = bindings_.ConstantType(parsed_.child(node, i));
      if (type && *type != AttributeType::kN) {
        return OperandTypeMessage(op, *type);
      }
    }
    return "";
  }

  const Bindings& bindings_;
  const ParsedExpression& parsed_;
};

Status FirstError(ExpressionKind kind, std::initializer_list<const std::string*> messages) {
  for (const std::string* message : messages) {
    if (!message->empty()) {
      return ExpressionError(kind, *message);
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Update> ResolveUpdate(const ParsedExpression& parsed, const Placeholders& placeholders) {
  const Bindings bindings(parsed, placeholders);
  const std::string undefined_name = bindings.FirstUndefinedName();
  const std::string undefined_value = bindings.FirstUndefinedValue();
  DF_RETURN_IF_ERROR(FirstError(parsed.kind, {&undefined_name, &undefined_value}));

  Update update;
  update.actions.resize(parsed.actions.size());
  std::vector<Path> targets;
  targets.reserve(parsed.actions.size());
  for (const SyntaxAction& action : parsed.actions) {
    targets.push_back(bindings.ResolvePath(parsed.node(action.path)));
  }
  const std::string paths = internal::PathsError(targets);
  DF_RETURN_IF_ERROR(FirstError(parsed.kind, {&paths}));

  for (const SyntaxAction& action : parsed.actions) {
    if (action.kind == UpdateAction::Kind::kAdd || action.kind == UpdateAction::Kind::kDelete) {
      const std::string operand = AddDeleteOperandError(bindings, action);
      DF_RETURN_IF_ERROR(FirstError(parsed.kind, {&operand}));
    }
  }
  const ValueChecker checker(bindings);
  for (const SyntaxAction& action : parsed.actions) {
    if (action.kind == UpdateAction::Kind::kSet) {
      const std::string function = checker.Check(action.value);
      DF_RETURN_IF_ERROR(FirstError(parsed.kind, {&function}));
    }
  }

  for (size_t i = 0; i < parsed.actions.size(); ++i) {
    const SyntaxAction& action = parsed.actions[i];
    UpdateAction& out = update.actions[i];
    out.kind = action.kind;
    out.path = std::move(targets[i]);
    if (action.kind != UpdateAction::Kind::kRemove) {
      out.value = bindings.ResolveOperand(action.value);
    }
  }
  return update;
}

Result<Projection> ResolveProjection(const ParsedExpression& parsed,
                                     const Placeholders& placeholders) {
  const Bindings bindings(parsed, placeholders);
  const std::string undefined_name = bindings.FirstUndefinedName();
  DF_RETURN_IF_ERROR(FirstError(parsed.kind, {&undefined_name}));
  Projection projection;
  projection.paths.reserve(parsed.paths.size());
  for (uint32_t path : parsed.paths) {
    projection.paths.push_back(bindings.ResolvePath(parsed.node(path)));
  }
  const std::string paths = internal::PathsError(projection.paths);
  DF_RETURN_IF_ERROR(FirstError(parsed.kind, {&paths}));
  return projection;
}

}  // namespace dynafake::expr
