#include "expr/fuzz/invariants.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "model/number.h"

namespace dynafake::expr::fuzz {

// DynamoDB: a document path has at most 32 levels.
constexpr size_t kMaxPathElements = 32;
// DynamoDB: IN takes 1 to 100 operands besides its left side.
constexpr size_t kMaxInOperands = 101;

[[noreturn]] void Fail(std::string_view invariant, std::string_view detail) {
  std::fprintf(stderr, "expression_fuzzer: broken invariant: %.*s\n  detail: %.*s\n",
               static_cast<int>(invariant.size()), invariant.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

namespace {

model::Number Num(std::string_view text) {
  return model::Number::Parse(text).value();
}

}  // namespace

const Placeholders& FixedPlaceholders() {
  static const Placeholders* const fixed = [] {
    auto* p = new Placeholders;
    p->names = {{"#a", "a"},      {"#b", "b"},        {"#n", "name"}, {"#dot", "a.b"},
                {"#r", "Select"}, {"#u", "\xc3\xbc"}, {"#pk", "pk"},  {"#1", "x_1"}};
    using model::AttributeValue;
    p->values = {
        {":s", AttributeValue::String("abc")},
        {":e", AttributeValue::String("")},
        {":t", AttributeValue::String("NS")},
        {":n", AttributeValue::FromNumber(Num("5"))},
        {":m", AttributeValue::FromNumber(Num("-12.5e3"))},
        {":b", AttributeValue::Binary(std::string("\x00\xff", 2))},
        {":l",
         AttributeValue::List({AttributeValue::String("x"), AttributeValue::FromNumber(Num("1"))})},
        {":map", AttributeValue::Map({{"k", AttributeValue::String("v")}})},
        {":ss", AttributeValue::StringSet({"a", "b"})},
        {":ns", AttributeValue::NumberSet({Num("1"), Num("2")})},
        {":bs", AttributeValue::BinarySet({"\x01", "\x02"})},
        {":bool", AttributeValue::Bool(true)},
        {":null", AttributeValue::Null()},
    };
    return p;
  }();
  return *fixed;
}

namespace {

bool IsBareName(std::string_view name) {
  if (name.empty() || !((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z'))) {
    return false;
  }
  for (const char c : name) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!alnum && c != '_') {
      return false;
    }
  }
  return true;
}

bool IsFixedName(std::string_view name) {
  for (const auto& entry : FixedPlaceholders().names) {
    if (entry.second == name) {
      return true;
    }
  }
  return false;
}

bool IsFixedValue(const model::AttributeValue& value) {
  for (const auto& entry : FixedPlaceholders().values) {
    if (entry.second == value) {
      return true;
    }
  }
  return false;
}

void CheckPath(const Path& path) {
  Require(!path.empty(), "a document path has at least one element");
  Require(path.size() <= kMaxPathElements, "a document path has at most 32 elements");
  Require(path[0].kind == PathElement::Kind::kName, "a document path starts with a name");
  for (const PathElement& element : path) {
    if (element.kind == PathElement::Kind::kName) {
      Require(IsBareName(element.name) || IsFixedName(element.name),
              "a path name is a bare name or a substituted #name", element.name);
    }
  }
}

// `top_of_set` marks the right-hand side of a SET action, the only place + and - may appear.
void CheckOperand(const Operand& operand, bool in_update, bool top_of_set) {
  const size_t arity = operand.arguments.size();
  switch (operand.kind) {
    case Operand::Kind::kPath:
      CheckPath(operand.path);
      Require(arity == 0, "a path operand has no arguments");
      return;
    case Operand::Kind::kValue:
      Require(IsFixedValue(operand.value), "a value operand is a substituted :value");
      Require(arity == 0, "a value operand has no arguments");
      return;
    case Operand::Kind::kSize:
      Require(arity == 1, "size() has one argument");
      break;
    case Operand::Kind::kIfNotExists:
      Require(in_update, "if_not_exists() appears only in updates");
      CheckPath(operand.path);
      Require(arity == 1, "if_not_exists() has a path and one argument");
      break;
    case Operand::Kind::kListAppend:
      Require(in_update, "list_append() appears only in updates");
      Require(arity == 2, "list_append() has two arguments");
      break;
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus:
      Require(in_update && top_of_set, "+ and - appear only at the top of a SET value");
      Require(arity == 2, "+ and - have two operands");
      break;
  }
  for (const Operand& argument : operand.arguments) {
    CheckOperand(argument, in_update, false);
  }
}

// DynamoDB: the paths of one update or projection neither overlap (one a prefix of the other) nor
// conflict (a name and an index at the first position where they differ).
void CheckDistinctPaths(const std::vector<const Path*>& paths) {
  for (size_t i = 0; i < paths.size(); ++i) {
    for (size_t j = i + 1; j < paths.size(); ++j) {
      const Path& a = *paths[i];
      const Path& b = *paths[j];
      size_t k = 0;
      while (k < a.size() && k < b.size() && a[k] == b[k]) {
        ++k;
      }
      Require(k < a.size() && k < b.size(), "no two paths overlap");
      Require(a[k].kind == b[k].kind, "no two paths conflict");
    }
  }
}

bool SameOperand(const Operand& a, const Operand& b) {
  if (a.kind != b.kind || a.path != b.path || !(a.value == b.value) ||
      a.arguments.size() != b.arguments.size()) {
    return false;
  }
  for (size_t i = 0; i < a.arguments.size(); ++i) {
    if (!SameOperand(a.arguments[i], b.arguments[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace

void CheckCondition(const Condition& condition) {
  const size_t operands = condition.operands.size();
  const size_t children = condition.children.size();
  switch (condition.kind) {
    case Condition::Kind::kCompare:
    case Condition::Kind::kBeginsWith:
    case Condition::Kind::kContains:
      Require(operands == 2 && children == 0, "a comparison or function has two operands");
      break;
    case Condition::Kind::kBetween:
      Require(operands == 3 && children == 0, "BETWEEN has three operands");
      break;
    case Condition::Kind::kIn:
      Require(operands >= 2 && operands <= kMaxInOperands && children == 0,
              "IN has a left side and 1 to 100 operands");
      break;
    case Condition::Kind::kAnd:
    case Condition::Kind::kOr:
      Require(operands == 0 && children == 2, "AND and OR have two children");
      break;
    case Condition::Kind::kNot:
      Require(operands == 0 && children == 1, "NOT has one child");
      break;
    case Condition::Kind::kAttributeExists:
    case Condition::Kind::kAttributeNotExists:
      Require(operands == 1 && children == 0, "attribute_(not_)exists has one operand");
      Require(condition.operands[0].kind == Operand::Kind::kPath,
              "attribute_(not_)exists takes a path");
      break;
    case Condition::Kind::kAttributeType:
      Require(operands == 2 && children == 0, "attribute_type has two operands");
      Require(condition.operands[0].kind == Operand::Kind::kPath,
              "attribute_type takes a path first");
      Require(condition.operands[1].kind == Operand::Kind::kValue &&
                  condition.operands[1].value.type() == model::AttributeType::kS,
              "attribute_type takes an S value second");
      break;
  }
  for (const Operand& operand : condition.operands) {
    CheckOperand(operand, false, false);
  }
  for (const Condition& child : condition.children) {
    CheckCondition(child);
  }
}

void CheckUpdate(const Update& update) {
  Require(!update.actions.empty(), "an update has at least one action");
  std::vector<const Path*> paths;
  for (const UpdateAction& action : update.actions) {
    CheckPath(action.path);
    paths.push_back(&action.path);
    if (action.kind == UpdateAction::Kind::kSet) {
      CheckOperand(action.value, true, true);
    } else if (action.kind != UpdateAction::Kind::kRemove) {
      Require(action.value.kind == Operand::Kind::kValue, "ADD and DELETE take a :value");
      CheckOperand(action.value, true, false);
    }
  }
  CheckDistinctPaths(paths);
}

void CheckProjection(const Projection& projection) {
  Require(!projection.paths.empty(), "a projection has at least one path");
  std::vector<const Path*> paths;
  for (const Path& path : projection.paths) {
    CheckPath(path);
    paths.push_back(&path);
  }
  CheckDistinctPaths(paths);
}

bool SameCondition(const Condition& a, const Condition& b) {
  if (a.kind != b.kind || a.comparator != b.comparator || a.operands.size() != b.operands.size() ||
      a.children.size() != b.children.size()) {
    return false;
  }
  for (size_t i = 0; i < a.operands.size(); ++i) {
    if (!SameOperand(a.operands[i], b.operands[i])) {
      return false;
    }
  }
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!SameCondition(a.children[i], b.children[i])) {
      return false;
    }
  }
  return true;
}

bool SameUpdate(const Update& a, const Update& b) {
  if (a.actions.size() != b.actions.size()) {
    return false;
  }
  for (size_t i = 0; i < a.actions.size(); ++i) {
    const UpdateAction& x = a.actions[i];
    const UpdateAction& y = b.actions[i];
    if (x.kind != y.kind || x.path != y.path || !SameOperand(x.value, y.value)) {
      return false;
    }
  }
  return true;
}

}  // namespace dynafake::expr::fuzz
