#include "expr/legacy.h"

#include <array>
#include <set>
#include <utility>

#include "expr/evaluate.h"
#include "util/result.h"

namespace dynafake::expr {
namespace {

using model::AttributeType;
using model::AttributeValue;

constexpr std::string_view kInvalidParameter = "One or more parameter values were invalid: ";

constexpr std::array<std::pair<std::string_view, ComparisonOperator>, 13> kOperatorNames = {{
    {"EQ", ComparisonOperator::kEq},
    {"NE", ComparisonOperator::kNe},
    {"IN", ComparisonOperator::kIn},
    {"LE", ComparisonOperator::kLe},
    {"LT", ComparisonOperator::kLt},
    {"GE", ComparisonOperator::kGe},
    {"GT", ComparisonOperator::kGt},
    {"BETWEEN", ComparisonOperator::kBetween},
    {"NOT_NULL", ComparisonOperator::kNotNull},
    {"NULL", ComparisonOperator::kNull},
    {"CONTAINS", ComparisonOperator::kContains},
    {"NOT_CONTAINS", ComparisonOperator::kNotContains},
    {"BEGINS_WITH", ComparisonOperator::kBeginsWith},
}};

Status InvalidParameter(std::string_view detail) {
  std::string message(kInvalidParameter);
  message += detail;
  return ValidationError(std::move(message));
}

Path TopLevelPath(const std::string& attribute) {
  PathElement element;
  element.name = attribute;
  return Path{std::move(element)};
}

Operand PathOperand(const std::string& attribute) {
  Operand operand;
  operand.kind = Operand::Kind::kPath;
  operand.path = TopLevelPath(attribute);
  return operand;
}

Operand ValueOperand(AttributeValue value) {
  Operand operand;
  operand.kind = Operand::Kind::kValue;
  operand.value = std::move(value);
  return operand;
}

Condition Join(Condition::Kind kind, Condition left, Condition right) {
  Condition joined;
  joined.kind = kind;
  joined.children.push_back(std::move(left));
  joined.children.push_back(std::move(right));
  return joined;
}

Condition Negate(Condition condition) {
  Condition negated;
  negated.kind = Condition::Kind::kNot;
  negated.children.push_back(std::move(condition));
  return negated;
}

// The condition on `attribute` of `kind`, with the attribute as first operand and `values` after.
Condition OnAttribute(Condition::Kind kind, const std::string& attribute,
                      const std::vector<AttributeValue>& values) {
  Condition condition;
  condition.kind = kind;
  condition.operands.reserve(values.size() + 1);
  condition.operands.push_back(PathOperand(attribute));
  for (const AttributeValue& value : values) {
    condition.operands.push_back(ValueOperand(value));
  }
  return condition;
}

Condition Compare(Comparator comparator, const std::string& attribute,
                  const std::vector<AttributeValue>& values) {
  Condition condition = OnAttribute(Condition::Kind::kCompare, attribute, values);
  condition.comparator = comparator;
  return condition;
}

bool ArgumentCountFits(ComparisonOperator comparison_operator, size_t count) {
  switch (comparison_operator) {
    case ComparisonOperator::kNull:
    case ComparisonOperator::kNotNull:
      return count == 0;
    case ComparisonOperator::kIn:
      return count >= 1;
    case ComparisonOperator::kBetween:
      return count == 2;
    default:
      return count == 1;
  }
}

// DynamoDB: the operand types each operator accepts; EQ and NE take any type
// (dynamodb-behaviour.md 5.6).
bool OperandTypeFits(ComparisonOperator comparison_operator, AttributeType type) {
  switch (comparison_operator) {
    case ComparisonOperator::kEq:
    case ComparisonOperator::kNe:
    case ComparisonOperator::kNull:
    case ComparisonOperator::kNotNull:
      return true;
    case ComparisonOperator::kBeginsWith:
      return type == AttributeType::kS || type == AttributeType::kB;
    case ComparisonOperator::kContains:
    case ComparisonOperator::kNotContains:
      // DynamoDB: CONTAINS looks for one element or a substring, so sets, lists and maps are
      // refused as its operand while BOOL and NULL (possible list elements) are not.
      return !model::IsSetType(type) && type != AttributeType::kL && type != AttributeType::kM;
    default:
      return model::IsScalarKeyType(type);
  }
}

// Order of two values of one scalar key type (S and B bytewise, N numerically): -1, 0 or 1.
int CompareScalars(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() == AttributeType::kN) {
    return a.as_number().Compare(b.as_number());
  }
  const int order = a.as_string().compare(b.as_string());
  return (order > 0) - (order < 0);
}

Status CheckOperands(const AttributeCondition& condition) {
  const std::vector<AttributeValue>& values = condition.attribute_value_list;
  const std::string_view name = ComparisonOperatorName(condition.comparison_operator);
  if (!ArgumentCountFits(condition.comparison_operator, values.size())) {
    return InvalidParameter("Invalid number of argument(s) for the " + std::string(name) +
                            " ComparisonOperator");
  }
  for (const AttributeValue& value : values) {
    if (value.type() != values.front().type()) {
      return InvalidParameter("AttributeValues inside AttributeValueList must be of same type");
    }
  }
  for (const AttributeValue& value : values) {
    if (!OperandTypeFits(condition.comparison_operator, value.type())) {
      return InvalidParameter("ComparisonOperator " + std::string(name) + " is not valid for " +
                              std::string(model::AttributeTypeName(value.type())) +
                              " AttributeValue type");
    }
  }
  if (condition.comparison_operator == ComparisonOperator::kBetween &&
      CompareScalars(values[0], values[1]) > 0) {
    return ValidationError(
        "The BETWEEN condition was provided a range where the lower bound is greater than the "
        "upper bound");
  }
  return Status::Ok();
}

Condition BuildComparison(const AttributeCondition& condition) {
  const std::string& attribute = condition.attribute;
  const std::vector<AttributeValue>& values = condition.attribute_value_list;
  switch (condition.comparison_operator) {
    case ComparisonOperator::kEq:
      return Compare(Comparator::kEqual, attribute, values);
    case ComparisonOperator::kNe:
      return Compare(Comparator::kNotEqual, attribute, values);
    case ComparisonOperator::kLe:
      return Compare(Comparator::kLessOrEqual, attribute, values);
    case ComparisonOperator::kLt:
      return Compare(Comparator::kLess, attribute, values);
    case ComparisonOperator::kGe:
      return Compare(Comparator::kGreaterOrEqual, attribute, values);
    case ComparisonOperator::kGt:
      return Compare(Comparator::kGreater, attribute, values);
    case ComparisonOperator::kIn:
      return OnAttribute(Condition::Kind::kIn, attribute, values);
    case ComparisonOperator::kBetween:
      return OnAttribute(Condition::Kind::kBetween, attribute, values);
    case ComparisonOperator::kNotNull:
      return OnAttribute(Condition::Kind::kAttributeExists, attribute, values);
    case ComparisonOperator::kNull:
      return OnAttribute(Condition::Kind::kAttributeNotExists, attribute, values);
    case ComparisonOperator::kContains:
      return OnAttribute(Condition::Kind::kContains, attribute, values);
    case ComparisonOperator::kNotContains:
      // DynamoDB: NOT_CONTAINS is false for a missing attribute, unlike NOT contains(...)
      // (alternator test_expected.py::test_update_expected_1_not_contains).
      return Join(Condition::Kind::kAnd,
                  OnAttribute(Condition::Kind::kAttributeExists, attribute, {}),
                  Negate(OnAttribute(Condition::Kind::kContains, attribute, values)));
    case ComparisonOperator::kBeginsWith:
      return OnAttribute(Condition::Kind::kBeginsWith, attribute, values);
  }
  return Condition();
}

// The Exists/Value form of one Expected entry (no ComparisonOperator).
Result<Condition> TranslateExistsForm(const ExpectedCondition& entry) {
  const std::string& attribute = entry.attribute;
  if (entry.attribute_value_list) {
    return InvalidParameter(
        "AttributeValueList can only be used with a ComparisonOperator for Attribute: " +
        attribute);
  }
  const bool exists = entry.exists.value_or(true);
  if (exists && !entry.value) {
    return InvalidParameter(std::string("Value must be provided when Exists is ") +
                            (entry.exists ? "true" : "null") + " for Attribute: " + attribute);
  }
  if (!exists && entry.value) {
    return InvalidParameter("Value cannot be used when Exists is false for Attribute: " +
                            attribute);
  }
  if (!exists) {
    return OnAttribute(Condition::Kind::kAttributeNotExists, attribute, {});
  }
  return Compare(Comparator::kEqual, attribute, {*entry.value});
}

Result<Condition> TranslateExpectedEntry(const ExpectedCondition& entry) {
  const std::string& attribute = entry.attribute;
  if (entry.attribute_value_list && entry.value) {
    return InvalidParameter("Value and AttributeValueList cannot be used together for Attribute: " +
                            attribute);
  }
  if (!entry.comparison_operator) {
    return TranslateExistsForm(entry);
  }
  const ComparisonOperator comparison_operator = *entry.comparison_operator;
  if (entry.exists) {
    return InvalidParameter(
        "Exists and ComparisonOperator cannot be used together for Attribute: " + attribute);
  }
  if (comparison_operator != ComparisonOperator::kNull &&
      comparison_operator != ComparisonOperator::kNotNull && !entry.attribute_value_list &&
      !entry.value) {
    return InvalidParameter("Value or AttributeValueList must be used with ComparisonOperator: " +
                            std::string(ComparisonOperatorName(comparison_operator)) +
                            " for Attribute: " + attribute);
  }
  AttributeCondition condition;
  condition.attribute = attribute;
  condition.comparison_operator = comparison_operator;
  if (entry.attribute_value_list) {
    condition.attribute_value_list = *entry.attribute_value_list;
  } else if (entry.value) {
    condition.attribute_value_list.push_back(*entry.value);
  }
  return TranslateAttributeCondition(condition);
}

Condition::Kind JoinKind(ConditionalOperator conditional_operator) {
  return conditional_operator == ConditionalOperator::kOr ? Condition::Kind::kOr
                                                          : Condition::Kind::kAnd;
}

// Folds `conditions` left to right with `conditional_operator`; nullopt when there is none.
std::optional<Condition> JoinAll(std::vector<Condition> conditions,
                                 ConditionalOperator conditional_operator) {
  if (conditions.empty()) {
    return std::nullopt;
  }
  Condition joined = std::move(conditions.front());
  for (size_t i = 1; i < conditions.size(); ++i) {
    joined = Join(JoinKind(conditional_operator), std::move(joined), std::move(conditions[i]));
  }
  return joined;
}

Status CheckAttributeUpdate(const AttributeUpdate& update) {
  if (!update.value) {
    if (update.action != AttributeAction::kDelete) {
      return InvalidParameter("Only DELETE action is allowed when no attribute value is specified");
    }
    return Status::Ok();
  }
  const AttributeType type = update.value->type();
  const std::string type_name(model::AttributeTypeName(type));
  if (update.action == AttributeAction::kDelete && !model::IsSetType(type)) {
    return InvalidParameter("DELETE action with value is not supported for the type " + type_name);
  }
  // DynamoDB: unlike the expression ADD, the legacy ADD also appends to a list
  // (dynamodb-behaviour.md 4.4).
  if (update.action == AttributeAction::kAdd && type != AttributeType::kN &&
      type != AttributeType::kL && !model::IsSetType(type)) {
    return InvalidParameter("ADD action is not supported for the type " + type_name);
  }
  return Status::Ok();
}

// ADD of a list: SET a = list_append(if_not_exists(a, []), value).
Operand ListAppendOperand(const std::string& attribute, const AttributeValue& value) {
  Operand existing;
  existing.kind = Operand::Kind::kIfNotExists;
  existing.path = TopLevelPath(attribute);
  existing.arguments.push_back(ValueOperand(AttributeValue::List({})));
  Operand append;
  append.kind = Operand::Kind::kListAppend;
  append.arguments.push_back(std::move(existing));
  append.arguments.push_back(ValueOperand(value));
  return append;
}

UpdateAction BuildAction(const AttributeUpdate& update) {
  UpdateAction action;
  action.path = TopLevelPath(update.attribute);
  if (!update.value) {
    action.kind = UpdateAction::Kind::kRemove;
    return action;
  }
  switch (update.action) {
    case AttributeAction::kPut:
      action.kind = UpdateAction::Kind::kSet;
      action.value = ValueOperand(*update.value);
      break;
    case AttributeAction::kAdd:
      if (update.value->type() == AttributeType::kL) {
        action.kind = UpdateAction::Kind::kSet;
        action.value = ListAppendOperand(update.attribute, *update.value);
      } else {
        action.kind = UpdateAction::Kind::kAdd;
        action.value = ValueOperand(*update.value);
      }
      break;
    case AttributeAction::kDelete:
      action.kind = UpdateAction::Kind::kDelete;
      action.value = ValueOperand(*update.value);
      break;
  }
  return action;
}

}  // namespace

std::optional<ComparisonOperator> ParseComparisonOperator(std::string_view name) {
  for (const auto& [text, comparison_operator] : kOperatorNames) {
    if (text == name) {
      return comparison_operator;
    }
  }
  return std::nullopt;
}

std::string_view ComparisonOperatorName(ComparisonOperator comparison_operator) {
  for (const auto& [text, candidate] : kOperatorNames) {
    if (candidate == comparison_operator) {
      return text;
    }
  }
  return "";
}

Status CheckConditionalOperator(size_t entries) {
  if (entries == 0) {
    return ValidationError("ConditionalOperator cannot be used without Filter or Expected");
  }
  if (entries == 1) {
    return ValidationError(
        "ConditionalOperator can only be used when Filter or Expected has two or more elements");
  }
  return Status::Ok();
}

Result<std::optional<Condition>> TranslateExpected(const std::vector<ExpectedCondition>& expected,
                                                   ConditionalOperator conditional_operator) {
  std::vector<Condition> conditions;
  conditions.reserve(expected.size());
  for (const ExpectedCondition& entry : expected) {
    DF_ASSIGN_OR_RETURN(Condition condition, TranslateExpectedEntry(entry));
    conditions.push_back(std::move(condition));
  }
  return JoinAll(std::move(conditions), conditional_operator);
}

Result<Condition> TranslateAttributeCondition(const AttributeCondition& condition) {
  DF_RETURN_IF_ERROR(CheckOperands(condition));
  return BuildComparison(condition);
}

Result<std::optional<Condition>> TranslateFilter(const std::vector<AttributeCondition>& conditions,
                                                 ConditionalOperator conditional_operator) {
  std::vector<Condition> translated;
  translated.reserve(conditions.size());
  for (const AttributeCondition& condition : conditions) {
    DF_ASSIGN_OR_RETURN(Condition one, TranslateAttributeCondition(condition));
    translated.push_back(std::move(one));
  }
  return JoinAll(std::move(translated), conditional_operator);
}

Result<Update> TranslateAttributeUpdates(const std::vector<AttributeUpdate>& updates) {
  Update update;
  update.actions.reserve(updates.size());
  for (const AttributeUpdate& one : updates) {
    DF_RETURN_IF_ERROR(CheckAttributeUpdate(one));
    update.actions.push_back(BuildAction(one));
  }
  return update;
}

Result<model::Item> ApplyAttributeUpdates(const Update& update, model::Item item,
                                          bool item_exists) {
  Result<model::Item> updated = ApplyUpdate(update, std::move(item), item_exists);
  // DynamoDB: the legacy parameter reports a type clash with the stored value in its own words
  // (dynalite test updateItem "should return ValidationException if trying to delete/add
  // incorrect types").
  if (!updated.has_value() &&
      updated.error().message() ==
          "An operand in the update expression has an incorrect data type") {
    return ValidationError("Type mismatch for attribute to update");
  }
  return updated;
}

Result<Projection> TranslateAttributesToGet(const std::vector<std::string>& names) {
  Projection projection;
  projection.paths.reserve(names.size());
  std::set<std::string_view> seen;
  for (const std::string& name : names) {
    if (!seen.insert(name).second) {
      return InvalidParameter("Duplicate value in attribute name: " + name);
    }
    projection.paths.push_back(TopLevelPath(name));
  }
  return projection;
}

}  // namespace dynafake::expr
