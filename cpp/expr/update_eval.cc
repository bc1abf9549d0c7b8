// Update application in two passes. First every action is planned against the old item, in
// expression order: its right-hand side evaluated, its path checked, ADD and DELETE combined with
// the old value. Then the planned outcomes are written through a tree of the action paths, so that
// all list indexes refer to the original list. Paths never overlap (the front end rejects that), so
// the old value at a path is also the value there when its outcome is written.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "expr/evaluate.h"
#include "util/result.h"

namespace dynafake::expr {
namespace {

using model::AttributeType;
using model::AttributeValue;
using model::Number;

Status MissingAttribute() {
  return ValidationError(
      "The provided expression refers to an attribute that does not exist in the item");
}

Status IncorrectDataType() {
  return ValidationError("An operand in the update expression has an incorrect data type");
}

Status InvalidPath() {
  return ValidationError(
      "The document path provided in the update expression is invalid for update");
}

Status Malformed() {
  return InternalError("Malformed update expression tree");
}

Result<AttributeValue> EvaluateValue(const Operand& operand, const model::Item& old_item);

Result<AttributeValue> ListAppend(const Operand& operand, const model::Item& old_item) {
  if (operand.arguments.size() != 2) {
    return Malformed();
  }
  DF_ASSIGN_OR_RETURN(AttributeValue head, EvaluateValue(operand.arguments[0], old_item));
  DF_ASSIGN_OR_RETURN(AttributeValue tail, EvaluateValue(operand.arguments[1], old_item));
  if (head.type() != AttributeType::kL || tail.type() != AttributeType::kL) {
    return IncorrectDataType();
  }
  model::AttributeList list = head.as_list();
  list.insert(list.end(), tail.as_list().begin(), tail.as_list().end());
  return AttributeValue::List(std::move(list));
}

Result<AttributeValue> Arithmetic(const Operand& operand, const model::Item& old_item) {
  if (operand.arguments.size() != 2) {
    return Malformed();
  }
  DF_ASSIGN_OR_RETURN(AttributeValue left, EvaluateValue(operand.arguments[0], old_item));
  DF_ASSIGN_OR_RETURN(AttributeValue right, EvaluateValue(operand.arguments[1], old_item));
  if (left.type() != AttributeType::kN || right.type() != AttributeType::kN) {
    return IncorrectDataType();
  }
  // DynamoDB: arithmetic is exact to 38 digits; a result that needs more, or is out of range,
  // fails with the overflow/underflow message instead of rounding.
  Result<Number> result = operand.kind == Operand::Kind::kPlus
                              ? Number::Add(left.as_number(), right.as_number())
                              : Number::Subtract(left.as_number(), right.as_number());
  if (!result.has_value()) {
    return result.error();
  }
  return AttributeValue::FromNumber(std::move(result).value());
}

Result<AttributeValue> EvaluateValue(const Operand& operand, const model::Item& old_item) {
  switch (operand.kind) {
    case Operand::Kind::kPath: {
      const AttributeValue* value = FindPath(old_item, operand.path);
      if (value == nullptr) {
        return MissingAttribute();
      }
      return *value;
    }
    case Operand::Kind::kValue:
      return operand.value;
    case Operand::Kind::kIfNotExists: {
      if (operand.arguments.size() != 1) {
        return Malformed();
      }
      const AttributeValue* value = FindPath(old_item, operand.path);
      return value != nullptr ? *value : EvaluateValue(operand.arguments[0], old_item);
    }
    case Operand::Kind::kListAppend:
      return ListAppend(operand, old_item);
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus:
      return Arithmetic(operand, old_item);
    case Operand::Kind::kSize:
      // The front end rejects size() in update expressions.
      break;
  }
  return Malformed();
}

// What one action does at its path.
struct Outcome {
  enum class Kind : uint8_t { kWrite, kRemove, kKeep };
  Kind kind = Kind::kKeep;
  AttributeValue value;  // kWrite
};

Outcome Write(AttributeValue value) {
  return Outcome{Outcome::Kind::kWrite, std::move(value)};
}

Outcome Remove() {
  return Outcome{Outcome::Kind::kRemove, AttributeValue()};
}

Outcome Keep() {
  return Outcome{};
}

// `base` followed by the members of `extra` it lacks, or `base` without the members of `removed`;
// `less` orders members by value (numbers numerically).
template <typename T, typename Less>
std::vector<T> Union(const std::vector<T>& base, const std::vector<T>& extra, Less less) {
  const auto by_value = [&less](const T* a, const T* b) { return less(*a, *b); };
  std::set<const T*, decltype(by_value)> seen(by_value);
  for (const T& member : base) {
    seen.insert(&member);
  }
  std::vector<T> result = base;
  for (const T& member : extra) {
    if (seen.insert(&member).second) {
      result.push_back(member);
    }
  }
  return result;
}

template <typename T, typename Less>
std::vector<T> Difference(const std::vector<T>& base, const std::vector<T>& removed, Less less) {
  const auto by_value = [&less](const T* a, const T* b) { return less(*a, *b); };
  std::set<const T*, decltype(by_value)> gone(by_value);
  for (const T& member : removed) {
    gone.insert(&member);
  }
  std::vector<T> result;
  for (const T& member : base) {
    if (gone.count(&member) == 0) {
      result.push_back(member);
    }
  }
  return result;
}

bool NumberLess(const Number& a, const Number& b) {
  return a.Compare(b) < 0;
}

// REQUIRES: `a` and `b` are sets of the same type.
AttributeValue SetUnion(const AttributeValue& a, const AttributeValue& b) {
  switch (a.type()) {
    case AttributeType::kNS:
      return AttributeValue::NumberSet(Union(a.as_number_set(), b.as_number_set(), NumberLess));
    case AttributeType::kSS:
      return AttributeValue::StringSet(
          Union(a.as_string_set(), b.as_string_set(), std::less<std::string>()));
    default:
      return AttributeValue::BinarySet(
          Union(a.as_string_set(), b.as_string_set(), std::less<std::string>()));
  }
}

// REQUIRES: `a` and `b` are sets of the same type. Null when nothing is left.
std::optional<AttributeValue> SetDifference(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() == AttributeType::kNS) {
    std::vector<Number> rest = Difference(a.as_number_set(), b.as_number_set(), NumberLess);
    return rest.empty() ? std::nullopt : std::optional(AttributeValue::NumberSet(std::move(rest)));
  }
  std::vector<std::string> rest =
      Difference(a.as_string_set(), b.as_string_set(), std::less<std::string>());
  if (rest.empty()) {
    return std::nullopt;
  }
  return a.type() == AttributeType::kSS ? AttributeValue::StringSet(std::move(rest))
                                        : AttributeValue::BinarySet(std::move(rest));
}

Result<Outcome> PlanAdd(const AttributeValue* current, const AttributeValue& operand) {
  if (operand.type() == AttributeType::kN) {
    // DynamoDB: ADD of a number to a missing attribute starts from 0.
    if (current == nullptr) {
      return Write(operand);
    }
    if (current->type() != AttributeType::kN) {
      return IncorrectDataType();
    }
    Result<Number> sum = Number::Add(current->as_number(), operand.as_number());
    if (!sum.has_value()) {
      return sum.error();
    }
    return Write(AttributeValue::FromNumber(std::move(sum).value()));
  }
  if (!model::IsSetType(operand.type())) {
    return IncorrectDataType();
  }
  // DynamoDB: ADD of a set to a missing attribute creates it; to a set of the same type, unites.
  if (current == nullptr) {
    return Write(operand);
  }
  if (current->type() != operand.type()) {
    return IncorrectDataType();
  }
  return Write(SetUnion(*current, operand));
}

Result<Outcome> PlanDelete(const AttributeValue* current, const AttributeValue& operand) {
  if (!model::IsSetType(operand.type())) {
    return IncorrectDataType();
  }
  // DynamoDB: DELETE from a missing attribute does nothing.
  if (current == nullptr) {
    return Keep();
  }
  if (current->type() != operand.type()) {
    return IncorrectDataType();
  }
  std::optional<AttributeValue> rest = SetDifference(*current, operand);
  // DynamoDB: a set that DELETE empties is removed (there are no empty sets).
  return rest.has_value() ? Write(std::move(*rest)) : Remove();
}

// True when the value holding the last element of `path` exists and is of the kind that element
// needs (a map for a name, a list for an index). The item itself holds top-level names.
bool ParentAccepts(const model::Item& item, const Path& path) {
  if (path.size() <= 1) {
    return true;
  }
  const Path parent_path(path.begin(), path.end() - 1);
  const AttributeValue* parent = FindPath(item, parent_path);
  if (parent == nullptr) {
    return false;
  }
  return path.back().kind == PathElement::Kind::kName ? parent->type() == AttributeType::kM
                                                      : parent->type() == AttributeType::kL;
}

Result<Outcome> Plan(const UpdateAction& action, const model::Item& old_item, bool item_exists) {
  if (action.path.empty() || action.path[0].kind != PathElement::Kind::kName) {
    return Malformed();
  }
  AttributeValue operand;
  if (action.kind != UpdateAction::Kind::kRemove) {
    DF_ASSIGN_OR_RETURN(operand, EvaluateValue(action.value, old_item));
  }
  if (!ParentAccepts(old_item, action.path)) {
    // DynamoDB: writing a.b or a[0] when a is missing or of the other kind fails, REMOVE
    // included, except that REMOVE on an item that does not exist yet is ignored.
    if (action.kind == UpdateAction::Kind::kRemove && !item_exists) {
      return Keep();
    }
    return InvalidPath();
  }
  const AttributeValue* current = FindPath(old_item, action.path);
  switch (action.kind) {
    case UpdateAction::Kind::kSet:
      return Write(std::move(operand));
    case UpdateAction::Kind::kRemove:
      // DynamoDB: removing a missing member, or an index past the end of a list, does nothing.
      return current == nullptr ? Keep() : Remove();
    case UpdateAction::Kind::kAdd:
      return PlanAdd(current, operand);
    case UpdateAction::Kind::kDelete:
      return PlanDelete(current, operand);
  }
  return Malformed();
}

// One position in the item touched by the update: an outcome, or members (of a map) or elements
// (of a list) below it that are touched.
struct Node {
  Outcome* outcome = nullptr;
  std::map<std::string_view, Node> members;
  std::map<uint32_t, Node> elements;
};

void Insert(Node& root, const Path& path, Outcome* outcome) {
  Node* node = &root;
  for (const PathElement& element : path) {
    node = element.kind == PathElement::Kind::kName ? &node->members[element.name]
                                                    : &node->elements[element.index];
  }
  node->outcome = outcome;
}

void ApplyBelow(AttributeValue& value, const Node& node);

void ApplyMembers(model::AttributeMap& map, const std::map<std::string_view, Node>& members) {
  for (const auto& [name, child] : members) {
    const auto it = map.find(name);
    if (child.outcome == nullptr) {
      // Missing or of the other kind only below ignored REMOVEs: planning checked the rest.
      if (it != map.end()) {
        ApplyBelow(it->second, child);
      }
      continue;
    }
    switch (child.outcome->kind) {
      case Outcome::Kind::kWrite:
        if (it == map.end()) {
          map.emplace(std::string(name), std::move(child.outcome->value));
        } else {
          it->second = std::move(child.outcome->value);
        }
        break;
      case Outcome::Kind::kRemove:
        // DynamoDB: removing the last member leaves an empty map behind.
        if (it != map.end()) {
          map.erase(it);
        }
        break;
      case Outcome::Kind::kKeep:
        break;
    }
  }
}

void ApplyElements(model::AttributeList& list, const std::map<uint32_t, Node>& elements) {
  model::AttributeList result;
  result.reserve(list.size() + elements.size());
  auto next = elements.begin();
  for (size_t i = 0; i < list.size(); ++i) {
    if (next == elements.end() || next->first != i) {
      result.push_back(std::move(list[i]));
      continue;
    }
    const Node& child = next->second;
    ++next;
    if (child.outcome == nullptr) {
      ApplyBelow(list[i], child);
      result.push_back(std::move(list[i]));
    } else if (child.outcome->kind == Outcome::Kind::kWrite) {
      result.push_back(std::move(child.outcome->value));
    } else if (child.outcome->kind == Outcome::Kind::kKeep) {
      result.push_back(std::move(list[i]));
    }
    // DynamoDB: a removed element is dropped and the later ones shift down; every index of one
    // expression refers to the list as it was before the update.
  }
  // DynamoDB: writing at an index past the end appends; several such writes append in index order,
  // whatever their order in the expression.
  for (; next != elements.end(); ++next) {
    const Outcome* outcome = next->second.outcome;
    if (outcome != nullptr && outcome->kind == Outcome::Kind::kWrite) {
      result.push_back(std::move(next->second.outcome->value));
    }
  }
  list = std::move(result);
}

void ApplyBelow(AttributeValue& value, const Node& node) {
  if (!node.members.empty() && value.type() == AttributeType::kM) {
    ApplyMembers(value.mutable_map(), node.members);
  } else if (!node.elements.empty() && value.type() == AttributeType::kL) {
    ApplyElements(value.mutable_list(), node.elements);
  }
}

}  // namespace

Result<model::Item> ApplyUpdate(const Update& update, model::Item item) {
  return ApplyUpdate(update, std::move(item), /*item_exists=*/true);
}

Result<model::Item> ApplyUpdate(const Update& update, model::Item item, bool item_exists) {
  // DynamoDB: every right-hand side reads the item as it was before the update, so
  // `SET a = b, b = a` swaps and `REMOVE a SET b = a` copies the old a.
  std::vector<Outcome> outcomes;
  outcomes.reserve(update.actions.size());
  for (const UpdateAction& action : update.actions) {
    DF_ASSIGN_OR_RETURN(Outcome outcome, Plan(action, item, item_exists));
    outcomes.push_back(std::move(outcome));
  }
  Node root;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    Insert(root, update.actions[i].path, &outcomes[i]);
  }
  ApplyMembers(item, root.members);
  return item;
}

}  // namespace dynafake::expr
