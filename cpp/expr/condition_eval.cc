// Condition evaluation: operands are borrowed from the item or the request, never copied, so a
// typical condition allocates nothing.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/evaluate.h"
#include "util/strings.h"

namespace dynafake::expr {
namespace {

using model::AttributeType;
using model::AttributeValue;
using model::Number;

// An operand's value during evaluation.
struct Term {
  enum class State : uint8_t {
    kMissing,  // the path names nothing in the item
    kValue,    // `value`, borrowed from the item or the request
    kSize,     // `size`, the number size() produced
    kInvalid,  // size() of something that has no size
  };
  State state = State::kMissing;
  const AttributeValue* value = nullptr;
  Number size;

  bool present() const { return state == State::kValue || state == State::kSize; }

  // REQUIRES: present().
  AttributeType type() const { return state == State::kSize ? AttributeType::kN : value->type(); }

  // REQUIRES: present() and type() == kN.
  const Number& number() const { return state == State::kSize ? size : value->as_number(); }
};

Term ValueTerm(const AttributeValue* value) {
  Term term;
  if (value != nullptr) {
    term.state = Term::State::kValue;
    term.value = value;
  }
  return term;
}

Term InvalidTerm() {
  Term term;
  term.state = Term::State::kInvalid;
  return term;
}

// The member or element `element` names inside `value`, or null when `value` is not a container of
// the matching kind or has no such member or element.
const AttributeValue* Step(const AttributeValue& value, const PathElement& element) {
  if (element.kind == PathElement::Kind::kName) {
    if (value.type() != AttributeType::kM) {
      return nullptr;
    }
    const model::AttributeMap& map = value.as_map();
    const auto it = map.find(element.name);
    return it == map.end() ? nullptr : &it->second;
  }
  if (value.type() != AttributeType::kL) {
    return nullptr;
  }
  const model::AttributeList& list = value.as_list();
  return element.index < list.size() ? &list[element.index] : nullptr;
}

std::optional<uint64_t> SizeOf(const AttributeValue& value) {
  switch (value.type()) {
    case AttributeType::kS:
      // DynamoDB: size() of a string counts UTF-16 code units, not UTF-8 bytes or code points:
      // size("é𝄞") is 3 (condition_eval_test.cc, SizeCountsUtf16Units).
      return util::Utf16Length(value.as_string());
    case AttributeType::kB:
      return value.as_string().size();
    case AttributeType::kSS:
    case AttributeType::kBS:
      return value.as_string_set().size();
    case AttributeType::kNS:
      return value.as_number_set().size();
    case AttributeType::kL:
      return value.as_list().size();
    case AttributeType::kM:
      return value.as_map().size();
    case AttributeType::kN:
    case AttributeType::kBOOL:
    case AttributeType::kNULL:
      break;
  }
  return std::nullopt;
}

// `count` as a Number without parsing. Short digit strings stay in the small-string buffer.
Number CountAsNumber(uint64_t count) {
  if (count == 0) {
    return Number();
  }
  char buffer[24] = {};
  const char* end = std::to_chars(buffer, buffer + sizeof(buffer), count).ptr;
  const auto length = static_cast<int32_t>(end - buffer);
  const char* last = end;
  while (last[-1] == '0') {
    --last;
  }
  return *Number::FromParts(false, length, std::string(buffer, static_cast<size_t>(last - buffer)));
}

Term Evaluate(const Operand& operand, const model::Item& item);

Term EvaluateSize(const Operand& operand, const model::Item& item) {
  if (operand.arguments.empty()) {
    return InvalidTerm();
  }
  const Term inner = Evaluate(operand.arguments[0], item);
  if (inner.state != Term::State::kValue) {
    return InvalidTerm();
  }
  const std::optional<uint64_t> size = SizeOf(*inner.value);
  if (!size.has_value()) {
    // DynamoDB: size() of a number, boolean or null (or of a missing attribute) makes every
    // comparison that uses it false, `<>` included, rather than failing the request.
    return InvalidTerm();
  }
  Term term;
  term.state = Term::State::kSize;
  term.size = CountAsNumber(*size);
  return term;
}

Term Evaluate(const Operand& operand, const model::Item& item) {
  switch (operand.kind) {
    case Operand::Kind::kPath:
      return ValueTerm(FindPath(item, operand.path));
    case Operand::Kind::kValue:
      return ValueTerm(&operand.value);
    case Operand::Kind::kSize:
      return EvaluateSize(operand, item);
    case Operand::Kind::kIfNotExists:
    case Operand::Kind::kListAppend:
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus:
      // Update-only operands; the front end rejects them in conditions.
      break;
  }
  return InvalidTerm();
}

bool Equal(const Term& a, const Term& b) {
  if (!a.present() || !b.present()) {
    return false;
  }
  if (a.state == Term::State::kValue && b.state == Term::State::kValue) {
    return *a.value == *b.value;
  }
  return a.type() == AttributeType::kN && b.type() == AttributeType::kN &&
         a.number().Compare(b.number()) == 0;
}

// -1, 0 or 1 when both terms are of the same orderable type, else nullopt.
std::optional<int> Order(const Term& a, const Term& b) {
  if (!a.present() || !b.present() || a.type() != b.type()) {
    return std::nullopt;
  }
  switch (a.type()) {
    case AttributeType::kN:
      return a.number().Compare(b.number());
    case AttributeType::kS:
    case AttributeType::kB: {
      // DynamoDB: strings and binaries order by unsigned bytes (char_traits<char> compares as
      // unsigned char), so "é" sorts after "z" and 0x80 after 0x7F.
      const int result = std::string_view(a.value->as_string()).compare(b.value->as_string());
      return result < 0 ? -1 : (result > 0 ? 1 : 0);
    }
    default:
      // DynamoDB: only numbers, strings and binaries are ordered; <, <=, >, >= and BETWEEN on any
      // other type are false, even between equal values.
      return std::nullopt;
  }
}

bool Compare(Comparator comparator, const Term& a, const Term& b) {
  if (comparator == Comparator::kEqual) {
    return Equal(a, b);
  }
  if (comparator == Comparator::kNotEqual) {
    // DynamoDB: a missing attribute is "not equal" to everything, even to another missing one, and
    // values of different types are not equal.
    return a.state != Term::State::kInvalid && b.state != Term::State::kInvalid && !Equal(a, b);
  }
  const std::optional<int> order = Order(a, b);
  if (!order.has_value()) {
    return false;
  }
  switch (comparator) {
    case Comparator::kLess:
      return *order < 0;
    case Comparator::kLessOrEqual:
      return *order <= 0;
    case Comparator::kGreater:
      return *order > 0;
    case Comparator::kGreaterOrEqual:
      return *order >= 0;
    default:
      return false;
  }
}

bool IsStringOrBinary(const Term& term) {
  return term.state == Term::State::kValue &&
         (term.type() == AttributeType::kS || term.type() == AttributeType::kB);
}

bool BeginsWith(const Term& text, const Term& prefix) {
  // DynamoDB: begins_with applies to two strings or two binaries; anything else is false.
  if (!IsStringOrBinary(text) || !IsStringOrBinary(prefix) || text.type() != prefix.type()) {
    return false;
  }
  return std::string_view(text.value->as_string()).starts_with(prefix.value->as_string());
}

bool ListContains(const model::AttributeList& list, const Term& needle) {
  return std::any_of(list.begin(), list.end(), [&](const AttributeValue& element) {
    return Equal(ValueTerm(&element), needle);
  });
}

bool NumberSetContains(const std::vector<Number>& members, const Number& needle) {
  return std::any_of(members.begin(), members.end(),
                     [&](const Number& member) { return member.Compare(needle) == 0; });
}

bool StringSetContains(const std::vector<std::string>& members, std::string_view needle) {
  return std::find(members.begin(), members.end(), needle) != members.end();
}

// DynamoDB: contains is a substring test on a string (operand a string) or a binary (operand a
// binary), a membership test on a set (operand of the element type) or a list (deep equality with
// any element, any type), and false on everything else.
bool Contains(const Term& haystack, const Term& needle) {
  if (haystack.state != Term::State::kValue || !needle.present()) {
    return false;
  }
  const AttributeValue& container = *haystack.value;
  const AttributeType needle_type = needle.type();
  switch (container.type()) {
    case AttributeType::kS:
    case AttributeType::kB:
      return needle_type == container.type() &&
             std::string_view(container.as_string()).find(needle.value->as_string()) !=
                 std::string_view::npos;
    case AttributeType::kSS:
      return needle_type == AttributeType::kS &&
             StringSetContains(container.as_string_set(), needle.value->as_string());
    case AttributeType::kBS:
      return needle_type == AttributeType::kB &&
             StringSetContains(container.as_string_set(), needle.value->as_string());
    case AttributeType::kNS:
      return needle_type == AttributeType::kN &&
             NumberSetContains(container.as_number_set(), needle.number());
    case AttributeType::kL:
      return ListContains(container.as_list(), needle);
    default:
      return false;
  }
}

bool HasType(const Term& term, const Term& type_name) {
  if (!term.present() || type_name.state != Term::State::kValue ||
      type_name.type() != AttributeType::kS) {
    return false;
  }
  return model::AttributeTypeName(term.type()) == type_name.value->as_string();
}

bool Between(const Term& value, const Term& lower, const Term& upper) {
  // DynamoDB: BETWEEN is inclusive and needs all three of one orderable type; bounds read from the
  // item in the wrong order simply make it false.
  const std::optional<int> above_lower = Order(value, lower);
  const std::optional<int> below_upper = Order(value, upper);
  return above_lower.has_value() && below_upper.has_value() && *above_lower >= 0 &&
         *below_upper <= 0;
}

bool In(const Condition& condition, const model::Item& item) {
  const Term value = Evaluate(condition.operands[0], item);
  for (size_t i = 1; i < condition.operands.size(); ++i) {
    // DynamoDB: the IN list may mix types; it is true when any entry is equal.
    if (Equal(value, Evaluate(condition.operands[i], item))) {
      return true;
    }
  }
  return false;
}

// Arity the evaluator needs per kind; a malformed tree evaluates to false instead of reading past
// the end.
bool WellFormed(const Condition& condition) {
  switch (condition.kind) {
    case Condition::Kind::kCompare:
    case Condition::Kind::kAttributeType:
    case Condition::Kind::kBeginsWith:
    case Condition::Kind::kContains:
      return condition.operands.size() >= 2;
    case Condition::Kind::kBetween:
      return condition.operands.size() >= 3;
    case Condition::Kind::kIn:
    case Condition::Kind::kAttributeExists:
    case Condition::Kind::kAttributeNotExists:
      return !condition.operands.empty();
    case Condition::Kind::kAnd:
    case Condition::Kind::kOr:
    case Condition::Kind::kNot:
      return !condition.children.empty();
  }
  return false;
}

}  // namespace

const AttributeValue* FindPath(const model::Item& item, const Path& path) {
  if (path.empty() || path[0].kind != PathElement::Kind::kName) {
    return nullptr;
  }
  const auto it = item.find(path[0].name);
  if (it == item.end()) {
    return nullptr;
  }
  const AttributeValue* value = &it->second;
  for (size_t i = 1; i < path.size() && value != nullptr; ++i) {
    value = Step(*value, path[i]);
  }
  return value;
}

bool EvaluateCondition(const Condition& condition, const model::Item& item) {
  if (!WellFormed(condition)) {
    return false;
  }
  const std::vector<Operand>& operands = condition.operands;
  switch (condition.kind) {
    case Condition::Kind::kCompare:
      return Compare(condition.comparator, Evaluate(operands[0], item),
                     Evaluate(operands[1], item));
    case Condition::Kind::kBetween:
      return Between(Evaluate(operands[0], item), Evaluate(operands[1], item),
                     Evaluate(operands[2], item));
    case Condition::Kind::kIn:
      return In(condition, item);
    case Condition::Kind::kAnd:
      for (const Condition& child : condition.children) {
        if (!EvaluateCondition(child, item)) {
          return false;
        }
      }
      return true;
    case Condition::Kind::kOr:
      for (const Condition& child : condition.children) {
        if (EvaluateCondition(child, item)) {
          return true;
        }
      }
      return false;
    case Condition::Kind::kNot:
      return !EvaluateCondition(condition.children[0], item);
    case Condition::Kind::kAttributeExists:
      return Evaluate(operands[0], item).present();
    case Condition::Kind::kAttributeNotExists:
      return !Evaluate(operands[0], item).present();
    case Condition::Kind::kAttributeType:
      // DynamoDB: the first operand may also be a request value (attribute_type(:v, :t)).
      return HasType(Evaluate(operands[0], item), Evaluate(operands[1], item));
    case Condition::Kind::kBeginsWith:
      return BeginsWith(Evaluate(operands[0], item), Evaluate(operands[1], item));
    case Condition::Kind::kContains:
      return Contains(Evaluate(operands[0], item), Evaluate(operands[1], item));
  }
  return false;
}

}  // namespace dynafake::expr
