// The resolved expression tree: what the evaluators run. Placeholders are already substituted:
// #names are plain attribute names (a dot inside one is literal) and :values are AttributeValues.
// Built by the front end (parser + resolver, see expressions.h); immutable once built.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/attribute_value.h"

namespace dynafake::expr {

// One step of a document path: a map member (or top-level attribute) name, or a list index.
struct PathElement {
  enum class Kind : uint8_t { kName, kIndex };
  Kind kind = Kind::kName;
  std::string name;    // kName
  uint32_t index = 0;  // kIndex

  bool operator==(const PathElement& other) const = default;
};

// a.b[3].c: the first element is always a name (a top-level attribute).
using Path = std::vector<PathElement>;

// A value-producing term.
struct Operand {
  enum class Kind : uint8_t {
    kPath,         // the attribute at `path` (absent when the item has none)
    kValue,        // a resolved :value, in `value`
    kSize,         // size(arguments[0])
    kIfNotExists,  // if_not_exists(path, arguments[0]) (update expressions only)
    kListAppend,   // list_append(arguments[0], arguments[1]) (update expressions only)
    kPlus,         // arguments[0] + arguments[1] (update SET only)
    kMinus,        // arguments[0] - arguments[1] (update SET only)
  };
  Kind kind = Kind::kValue;
  Path path;
  model::AttributeValue value;
  std::vector<Operand> arguments;
};

enum class Comparator : uint8_t {
  kEqual,
  kNotEqual,
  kLess,
  kLessOrEqual,
  kGreater,
  kGreaterOrEqual
};

struct Condition {
  enum class Kind : uint8_t {
    kCompare,             // operands[0] <comparator> operands[1]
    kBetween,             // operands[0] BETWEEN operands[1] AND operands[2]
    kIn,                  // operands[0] IN (operands[1..])
    kAnd,                 // children[0] AND children[1]
    kOr,                  // children[0] OR children[1]
    kNot,                 // NOT children[0]
    kAttributeExists,     // attribute_exists(operands[0].path)
    kAttributeNotExists,  // attribute_not_exists(operands[0].path)
    kAttributeType,       // attribute_type(operands[0].path, operands[1] an S value naming a type)
    kBeginsWith,          // begins_with(operands[0], operands[1])
    kContains,            // contains(operands[0], operands[1])
  };
  Kind kind = Kind::kCompare;
  Comparator comparator = Comparator::kEqual;
  std::vector<Operand> operands;
  std::vector<Condition> children;
};

struct UpdateAction {
  enum class Kind : uint8_t { kSet, kRemove, kAdd, kDelete };
  Kind kind = Kind::kSet;
  Path path;
  // SET: the value expression; ADD/DELETE: a kValue operand; REMOVE: unused.
  Operand value;
};

// Actions in the order they appear in the expression. Every right-hand side is evaluated against
// the item as it was before the update.
struct Update {
  std::vector<UpdateAction> actions;
};

struct Projection {
  std::vector<Path> paths;
};

}  // namespace dynafake::expr
