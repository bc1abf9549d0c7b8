#include "expr/resolver.h"

#include <optional>

#include "expr/resolver_internal.h"

namespace dynafake::expr {

using model::AttributeType;
using model::AttributeValue;

namespace internal {

Bindings::Bindings(const ParsedExpression& parsed, const Placeholders& placeholders)
    : parsed_(parsed), names_(parsed.names.size()), values_(parsed.values.size()) {
  for (size_t i = 0; i < parsed.names.size() && placeholders.names != nullptr; ++i) {
    const auto it = placeholders.names->find(parsed.names[i]);
    names_[i] = it == placeholders.names->end() ? nullptr : &it->second;
  }
  for (size_t i = 0; i < parsed.values.size() && placeholders.values != nullptr; ++i) {
    const auto it = placeholders.values->find(parsed.values[i]);
    values_[i] = it == placeholders.values->end() ? nullptr : &it->second;
  }
}

std::string Bindings::UndefinedNameMessage(uint32_t number) const {
  return "An expression attribute name used in the document path is not defined; attribute "
         "name: " +
         parsed_.names[number];
}

std::string Bindings::UndefinedValueMessage(uint32_t number) const {
  return "An expression attribute value used in expression is not defined; attribute value: " +
         parsed_.values[number];
}

std::string Bindings::FirstUndefinedName() const {
  for (uint32_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == nullptr) {
      return UndefinedNameMessage(i);
    }
  }
  return "";
}

std::string Bindings::FirstUndefinedValue() const {
  for (uint32_t i = 0; i < values_.size(); ++i) {
    if (values_[i] == nullptr) {
      return UndefinedValueMessage(i);
    }
  }
  return "";
}

Path Bindings::ResolvePath(const SyntaxNode& path) const {
  Path resolved(path.count);
  for (uint32_t i = 0; i < path.count; ++i) {
    const SyntaxStep& step = parsed_.steps[path.first + i];
    PathElement& element = resolved[i];
    switch (step.kind) {
      case SyntaxStep::Kind::kName:
        element.name.assign(parsed_.Source(step.begin, step.end));
        break;
      case SyntaxStep::Kind::kPlaceholder:
        // DynamoDB: a #name is one element even if its attribute name holds dots or brackets.
        element.name = *names_[step.number];
        break;
      case SyntaxStep::Kind::kIndex:
        element.kind = PathElement::Kind::kIndex;
        element.index = step.number;
        break;
    }
  }
  return resolved;
}

Operand Bindings::ResolveOperand(uint32_t index) const {
  const SyntaxNode& node = parsed_.node(index);
  Operand operand;
  switch (node.kind) {
    case NodeKind::kPath:
      operand.kind = Operand::Kind::kPath;
      operand.path = ResolvePath(node);
      return operand;
    case NodeKind::kValue:
      operand.value = *values_[node.first];
      return operand;
    case NodeKind::kPlus:
    case NodeKind::kMinus:
      operand.kind = node.kind == NodeKind::kPlus ? Operand::Kind::kPlus : Operand::Kind::kMinus;
      break;
    default:
      operand.kind = node.function == Function::kSize          ? Operand::Kind::kSize
                     : node.function == Function::kIfNotExists ? Operand::Kind::kIfNotExists
                                                               : Operand::Kind::kListAppend;
      break;
  }
  uint32_t first_argument = 0;
  if (operand.kind == Operand::Kind::kIfNotExists) {
    operand.path = ResolvePath(parsed_.node(parsed_.child(node, 0)));
    first_argument = 1;
  }
  for (uint32_t i = first_argument; i < node.count; ++i) {
    operand.arguments.push_back(ResolveOperand(parsed_.child(node, i)));
  }
  return operand;
}

std::optional<AttributeType> Bindings::ConstantType(uint32_t index) const {
  const SyntaxNode& node = parsed_.node(index);
  if (node.kind != NodeKind::kValue) {
    return std::nullopt;
  }
  return values_[node.first]->type();
}

uint32_t SubtreeStart(const ParsedExpression& parsed, uint32_t root) {
  while (parsed.node(root).kind != NodeKind::kPath && parsed.node(root).kind != NodeKind::kValue &&
         parsed.node(root).count > 0) {
    root = parsed.child(parsed.node(root), 0);
  }
  return root;
}

std::string PathString(const Path& path) {
  std::string text = "[";
  for (size_t i = 0; i < path.size(); ++i) {
    text += i == 0 ? "" : ", ";
    if (path[i].kind == PathElement::Kind::kIndex) {
      text += "[" + std::to_string(path[i].index) + "]";
    } else {
      text += path[i].name;
    }
  }
  return text + "]";
}

namespace {

enum class PathRelation { kDisjoint, kOverlap, kConflict };

PathRelation Relate(const Path& a, const Path& b) {
  const size_t common = std::min(a.size(), b.size());
  for (size_t i = 0; i < common; ++i) {
    if (a[i].kind != b[i].kind) {
      return PathRelation::kConflict;
    }
    if (a[i] != b[i]) {
      return PathRelation::kDisjoint;
    }
  }
  return PathRelation::kOverlap;
}

std::string PairMessage(std::string_view what, const Path& one, const Path& two) {
  return "Two document paths " + std::string(what) +
         " with each other; must remove or rewrite one of these paths; path one: " +
         PathString(one) + ", path two: " + PathString(two);
}

}  // namespace

std::string PathsError(const std::vector<Path>& paths) {
  const Path* conflict_one = nullptr;
  const Path* conflict_two = nullptr;
  for (size_t j = 1; j < paths.size(); ++j) {
    for (size_t i = 0; i < j; ++i) {
      if (paths[i][0].name != paths[j][0].name) {
        continue;  // paths start with a name; different first names never meet
      }
      const PathRelation relation = Relate(paths[i], paths[j]);
      if (relation == PathRelation::kOverlap) {
        return PairMessage("overlap", paths[i], paths[j]);
      }
      if (relation == PathRelation::kConflict && conflict_one == nullptr) {
        conflict_one = &paths[i];
        conflict_two = &paths[j];
      }
    }
  }
  return conflict_one == nullptr ? "" : PairMessage("conflict", *conflict_one, *conflict_two);
}

}  // namespace internal

Status ExpressionError(ExpressionKind kind, std::string_view message) {
  std::string text = "Invalid ";
  text += ExpressionKindName(kind);
  text += ": ";
  text += message;
  return ValidationError(std::move(text));
}

}  // namespace dynafake::expr
