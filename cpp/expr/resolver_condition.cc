// Resolution of condition, filter and key-condition expressions (see resolver.h).
#include <array>
#include <optional>
#include <vector>

#include "expr/resolver.h"
#include "expr/resolver_internal.h"
#include "util/base64.h"
#include "util/result.h"

namespace dynafake::expr {
namespace {

using internal::Bindings;
using model::AttributeType;
using model::AttributeValue;
using OptionalType = std::optional<AttributeType>;

// The first error of each kind found within one leaf of the condition.
struct Findings {
  std::string arity;
  std::string distinct;
  std::string function;
};

bool IsOrderable(AttributeType type) {
  return type == AttributeType::kS || type == AttributeType::kN || type == AttributeType::kB;
}

std::string OperandTypeMessage(std::string_view op, std::string_view type) {
  return "Incorrect operand type for operator or function; operator or function: " +
         std::string(op) + ", operand type: " + std::string(type);
}

std::string_view ComparatorText(Comparator comparator) {
  switch (comparator) {
    case Comparator::kEqual:
      return "=";
    case Comparator::kNotEqual:
      return "<>";
    case Comparator::kLess:
      return "<";
    case Comparator::kLessOrEqual:
      return "<=";
    case Comparator::kGreater:
      return ">";
    case Comparator::kGreaterOrEqual:
      return ">=";
  }
  return "=";
}

// "{N:1}", "{S:a}", "{B:YQ==}" as the service prints BETWEEN bounds.
std::string BoundText(const AttributeValue& value) {
  std::string text = "AttributeValue: {";
  text += model::AttributeTypeName(value.type());
  text += ":";
  switch (value.type()) {
    case AttributeType::kN:
      text += value.as_number().ToString();
      break;
    case AttributeType::kB:
      text += util::Base64Encode(value.as_string());
      break;
    default:
      text += value.as_string();
      break;
  }
  return text + "}";
}

int CompareScalars(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() == AttributeType::kN) {
    return a.as_number().Compare(b.as_number());
  }
  const int order = a.as_string().compare(b.as_string());
  return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

class ConditionResolver {
 public:
  explicit ConditionResolver(const Bindings& bindings)
      : bindings_(bindings), parsed_(bindings.parsed()) {}

  Status Build(uint32_t index, Condition* out);

 private:
  Status Fail(std::string_view message) const { return ExpressionError(parsed_.kind, message); }

  const SyntaxNode& node(uint32_t index) const { return parsed_.node(index); }

  uint32_t child(const SyntaxNode& node, uint32_t i) const { return parsed_.child(node, i); }

  std::string FirstUndefinedIn(uint32_t start, uint32_t leaf) const;
  void Analyze(uint32_t start, uint32_t leaf, Findings* findings) const;
  OptionalType AnalyzeOperator(const SyntaxNode& n, const OptionalType* types,
                               Findings* findings) const;
  OptionalType AnalyzeCall(const SyntaxNode& call, const OptionalType* types,
                           Findings* findings) const;
  std::string CallTypeError(const SyntaxNode& call, const OptionalType* types) const;
  void CheckDistinct(std::string_view op, uint32_t a, uint32_t b, Findings* findings) const;
  std::string BetweenError(const SyntaxNode& between, const OptionalType* types) const;
  Status CheckLeaf(uint32_t index) const;
  void BuildLeaf(const SyntaxNode& leaf, Condition* out) const;

  const Bindings& bindings_;
  const ParsedExpression& parsed_;
};

// The undefined placeholder written first within the leaf.
std::string ConditionResolver::FirstUndefinedIn(uint32_t start, uint32_t leaf) const {
  uint32_t first_offset = UINT32_MAX;
  std::string message;
  for (uint32_t i = start; i <= leaf; ++i) {
    const SyntaxNode& n = node(i);
    if (n.kind == NodeKind::kValue && bindings_.value(n.first) == nullptr &&
        n.begin < first_offset) {
      first_offset = n.begin;
      message = bindings_.UndefinedValueMessage(n.first);
    }
    for (uint32_t j = 0; n.kind == NodeKind::kPath && j < n.count; ++j) {
      const SyntaxStep& step = parsed_.steps[n.first + j];
      if (step.kind == SyntaxStep::Kind::kPlaceholder && bindings_.name(step.number) == nullptr &&
          step.begin < first_offset) {
        first_offset = step.begin;
        message = bindings_.UndefinedNameMessage(step.number);
      }
    }
  }
  return message;
}

// DynamoDB: "contains(a, a)", "a = #a" (#a being a): the first operand must differ from the
// others; compared after #name substitution.
void ConditionResolver::CheckDistinct(std::string_view op, uint32_t a, uint32_t b,
                                      Findings* findings) const {
  const SyntaxNode& first = node(a);
  const SyntaxNode& second = node(b);
  if (!findings->distinct.empty() || first.kind != NodeKind::kPath ||
      second.kind != NodeKind::kPath) {
    return;
  }
  const Path path = bindings_.ResolvePath(first);
  if (path != bindings_.ResolvePath(second)) {
    return;
  }
  findings->distinct =
      "The first operand must be distinct from the remaining operands for this operator or "
      "function; operator: " +
      std::string(op) + ", first operand: " + internal::PathString(path);
}

// Types of the leaf's nodes in creation order (children first, as the service's parser checks
// them); nullopt where unknown until evaluation (paths) or after an error.
void ConditionResolver::Analyze(uint32_t start, uint32_t leaf, Findings* findings) const {
  // Leaves are small; only hostile nesting needs the heap.
  std::array<OptionalType, 32> inline_types;
  std::vector<OptionalType> heap_types;
  OptionalType* types = inline_types.data();
  if (leaf - start + 1 > inline_types.size()) {
    heap_types.resize(leaf - start + 1);
    types = heap_types.data();
  }
  OptionalType operand_types[3];
  for (uint32_t i = start; i <= leaf; ++i) {
    const SyntaxNode& n = node(i);
    if (n.kind == NodeKind::kPath) {
      continue;
    }
    if (n.kind == NodeKind::kValue) {
      types[i - start] = bindings_.value(n.first)->type();
      continue;
    }
    for (uint32_t c = 0; c < 3; ++c) {
      operand_types[c] = c < n.count ? types[child(n, c) - start] : std::nullopt;
    }
    types[i - start] = n.kind == NodeKind::kCall ? AnalyzeCall(n, operand_types, findings)
                                                 : AnalyzeOperator(n, operand_types, findings);
  }
}

OptionalType ConditionResolver::AnalyzeOperator(const SyntaxNode& n, const OptionalType* types,
                                                Findings* findings) const {
  if (n.kind == NodeKind::kCompare) {
    const std::string_view op = ComparatorText(n.comparator);
    CheckDistinct(op, child(n, 0), child(n, 1), findings);
    const bool ordering =
        n.comparator != Comparator::kEqual && n.comparator != Comparator::kNotEqual;
    for (int i = 0; ordering && i < 2 && findings->function.empty(); ++i) {
      // DynamoDB: a constant that has no order (BOOL, NULL, sets, L, M) is rejected up front; the
      // same type read from the item just compares false.
      if (types[i] && !IsOrderable(*types[i])) {
        findings->function = OperandTypeMessage(op, model::AttributeTypeName(*types[i]));
      }
    }
  } else if (n.kind == NodeKind::kBetween && findings->function.empty()) {
    findings->function = BetweenError(n, types);
  }
  return AttributeType::kBOOL;
}

std::string ConditionResolver::BetweenError(const SyntaxNode& between,
                                            const OptionalType* types) const {
  for (int i = 0; i < 3; ++i) {
    if (types[i] && !IsOrderable(*types[i])) {
      return OperandTypeMessage("BETWEEN", model::AttributeTypeName(*types[i]));
    }
  }
  const SyntaxNode& low = node(child(between, 1));
  const SyntaxNode& high = node(child(between, 2));
  if (low.kind != NodeKind::kValue || high.kind != NodeKind::kValue) {
    return "";
  }
  const AttributeValue& lower = *bindings_.value(low.first);
  const AttributeValue& upper = *bindings_.value(high.first);
  const std::string bounds =
      "lower bound operand: " + BoundText(lower) + ", upper bound operand: " + BoundText(upper);
  if (lower.type() != upper.type()) {
    return "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds;
  }
  if (CompareScalars(lower, upper) > 0) {
    return "The BETWEEN operator requires upper bound to be greater than or equal to lower "
           "bound; " +
           bounds;
  }
  return "";
}

OptionalType ConditionResolver::AnalyzeCall(const SyntaxNode& call, const OptionalType* types,
                                            Findings* findings) const {
  // DynamoDB (dynalite checkFunction): after a wrong operand count, later functions go unchecked.
  if (!findings->arity.empty()) {
    return std::nullopt;
  }
  const std::string_view name = parsed_.Source(call.begin, call.end);
  if (static_cast<int>(call.count) != FunctionArity(call.function)) {
    findings->arity =
        "Incorrect number of operands for operator or function; operator or function: " +
        std::string(name) + ", number of operands: " + std::to_string(call.count);
    return std::nullopt;
  }
  if (call.count == 2) {
    CheckDistinct(name, child(call, 0), child(call, 1), findings);
  }
  if (findings->function.empty()) {
    findings->function = CallTypeError(call, types);
  }
  return call.function == Function::kSize ? AttributeType::kN : AttributeType::kBOOL;
}

std::string ConditionResolver::CallTypeError(const SyntaxNode& call,
                                             const OptionalType* types) const {
  const std::string name(parsed_.Source(call.begin, call.end));
  const bool path_first = node(child(call, 0)).kind == NodeKind::kPath;
  switch (call.function) {
    case Function::kAttributeExists:
    case Function::kAttributeNotExists:
    case Function::kAttributeType:
      // DynamoDB: only attribute_exists and attribute_not_exists demand a document path;
      // attribute_type also tests a value (conformance/test_condition_expression.py::
      // test_condition[attribute_type(:five, :t_N)]).
      if (!path_first && call.function != Function::kAttributeType) {
        return "Operator or function requires a document path; operator or function: " + name;
      }
      if (call.function != Function::kAttributeType) {
        return "";
      }
      if (types[1] != AttributeType::kS) {
        // DynamoDB: with a path as the type operand the service names every type it knows.
        return OperandTypeMessage(name, types[1] ? model::AttributeTypeName(*types[1])
                                                 : "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
      }
      {
        const std::string& type = bindings_.value(node(child(call, 1)).first)->as_string();
        for (std::string_view known : {"S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M"}) {
          if (type == known) {
            return "";
          }
        }
        return "Invalid attribute type name found; type: " + type +
               ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}";
      }
    case Function::kBeginsWith:
      for (int i = 0; i < 2; ++i) {
        if (types[i] && *types[i] != AttributeType::kS && *types[i] != AttributeType::kB) {
          return OperandTypeMessage(name, model::AttributeTypeName(*types[i]));
        }
      }
      return "";
    case Function::kSize:
      if (types[0] == AttributeType::kN || types[0] == AttributeType::kBOOL ||
          types[0] == AttributeType::kNULL) {
        return OperandTypeMessage(name, model::AttributeTypeName(*types[0]));
      }
      return "";
    default:
      return "";
  }
}

Status ConditionResolver::CheckLeaf(uint32_t index) const {
  const uint32_t start = internal::SubtreeStart(parsed_, index);
  std::string message = FirstUndefinedIn(start, index);
  if (!message.empty()) {
    return Fail(message);
  }
  Findings findings;
  Analyze(start, index, &findings);
  for (const std::string* found : {&findings.arity, &findings.distinct, &findings.function}) {
    if (!found->empty()) {
      return Fail(*found);
    }
  }
  return Status::Ok();
}

void ConditionResolver::BuildLeaf(const SyntaxNode& leaf, Condition* out) const {
  switch (leaf.kind) {
    case NodeKind::kCompare:
      out->kind = Condition::Kind::kCompare;
      out->comparator = leaf.comparator;
      break;
    case NodeKind::kBetween:
      out->kind = Condition::Kind::kBetween;
      break;
    case NodeKind::kIn:
      out->kind = Condition::Kind::kIn;
      break;
    default:
      switch (leaf.function) {
        case Function::kAttributeExists:
          out->kind = Condition::Kind::kAttributeExists;
          break;
        case Function::kAttributeNotExists:
          out->kind = Condition::Kind::kAttributeNotExists;
          break;
        case Function::kAttributeType:
          out->kind = Condition::Kind::kAttributeType;
          break;
        case Function::kBeginsWith:
          out->kind = Condition::Kind::kBeginsWith;
          break;
        default:
          out->kind = Condition::Kind::kContains;
          break;
      }
      break;
  }
  out->operands.reserve(leaf.count);
  for (uint32_t i = 0; i < leaf.count; ++i) {
    out->operands.push_back(bindings_.ResolveOperand(child(leaf, i)));
  }
}

Status ConditionResolver::Build(uint32_t index, Condition* out) {
  const SyntaxNode& n = node(index);
  if (n.kind == NodeKind::kAnd || n.kind == NodeKind::kOr || n.kind == NodeKind::kNot) {
    out->kind = n.kind == NodeKind::kAnd  ? Condition::Kind::kAnd
                : n.kind == NodeKind::kOr ? Condition::Kind::kOr
                                          : Condition::Kind::kNot;
    out->children.resize(n.count);
    for (uint32_t i = 0; i < n.count; ++i) {
      DF_RETURN_IF_ERROR(Build(child(n, i), &out->children[i]));
    }
    return Status::Ok();
  }
  DF_RETURN_IF_ERROR(CheckLeaf(index));
  BuildLeaf(n, out);
  return Status::Ok();
}

}  // namespace

Result<Condition> ResolveCondition(const ParsedExpression& parsed,
                                   const Placeholders& placeholders) {
  const internal::Bindings bindings(parsed, placeholders);
  ConditionResolver resolver(bindings);
  Condition condition;
  DF_RETURN_IF_ERROR(resolver.Build(parsed.root, &condition));
  return condition;
}

}  // namespace dynafake::expr
