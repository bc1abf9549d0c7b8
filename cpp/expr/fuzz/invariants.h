// What the expression fuzzer holds the front end to: the fixed placeholders its requests define,
// well-formed resolved trees, and structural equality of two parses of the same text.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "expr/ast.h"
#include "model/attribute_value.h"

namespace dynafake::expr::fuzz {

// Reports a broken invariant on stderr and aborts, so libFuzzer keeps the input.
[[noreturn]] void Fail(std::string_view invariant, std::string_view detail);

inline void Require(bool holds, std::string_view invariant, std::string_view detail = {}) {
  if (!holds) {
    Fail(invariant, detail);
  }
}

// ExpressionAttributeNames and ExpressionAttributeValues as a request gives them.
struct Placeholders {
  std::map<std::string, std::string> names;
  model::Item values;
};

// Every placeholder a fuzzed request may define: a few #names (one dotted, one reserved word, one
// non-ASCII) and a :value of every type.
const Placeholders& FixedPlaceholders();

// Each aborts through Fail() unless the tree is one the front end may return: arities, operand
// kinds where the grammar allows them, paths of 1 to 32 elements starting with a name, every
// #name and :value substituted by a fixed one, no two update or projection paths overlapping or
// conflicting.
void CheckCondition(const Condition& condition);
void CheckUpdate(const Update& update);
void CheckProjection(const Projection& projection);

bool SameCondition(const Condition& a, const Condition& b);
bool SameUpdate(const Update& a, const Update& b);

}  // namespace dynafake::expr::fuzz
