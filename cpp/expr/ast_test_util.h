// Builders of values and resolved trees for the evaluator tests: S("x"), N("1.5"), P("a.b[2]"),
// At("a.b") and V(value) read like the expressions they stand for.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "expr/ast.h"
#include "model/attribute_value.h"

namespace dynafake::expr {

inline model::AttributeValue S(std::string text) {
  return model::AttributeValue::String(std::move(text));
}

inline model::Number Num(std::string_view text) {
  return *model::Number::Parse(text);
}

inline model::AttributeValue N(std::string_view text) {
  return model::AttributeValue::FromNumber(Num(text));
}

inline model::AttributeValue B(std::string bytes) {
  return model::AttributeValue::Binary(std::move(bytes));
}

inline model::AttributeValue NS(std::vector<std::string_view> members) {
  std::vector<model::Number> numbers;
  for (std::string_view member : members) {
    numbers.push_back(Num(member));
  }
  return model::AttributeValue::NumberSet(std::move(numbers));
}

inline model::AttributeValue SS(std::vector<std::string> members) {
  return model::AttributeValue::StringSet(std::move(members));
}

inline model::AttributeValue L(model::AttributeList elements) {
  return model::AttributeValue::List(std::move(elements));
}

inline model::AttributeValue M(model::AttributeMap members) {
  return model::AttributeValue::Map(std::move(members));
}

inline PathElement Name(std::string name) {
  return PathElement{PathElement::Kind::kName, std::move(name), 0};
}

inline PathElement Index(uint32_t index) {
  return PathElement{PathElement::Kind::kIndex, "", index};
}

// "a.b[2].c" as a path; a name containing a dot needs Name() instead.
inline Path P(std::string_view text) {
  Path path;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '.') {
      ++i;
    } else if (text[i] == '[') {
      const size_t close = text.find(']', i);
      path.push_back(Index(static_cast<uint32_t>(std::stoul(std::string(text.substr(i + 1))))));
      i = close + 1;
    } else {
      const size_t end = std::min(text.find_first_of(".[", i), text.size());
      path.push_back(Name(std::string(text.substr(i, end - i))));
      i = end;
    }
  }
  return path;
}

inline Operand At(Path path) {
  Operand operand;
  operand.kind = Operand::Kind::kPath;
  operand.path = std::move(path);
  return operand;
}

inline Operand At(std::string_view path) {
  return At(P(path));
}

inline Operand V(model::AttributeValue value) {
  Operand operand;
  operand.kind = Operand::Kind::kValue;
  operand.value = std::move(value);
  return operand;
}

}  // namespace dynafake::expr
