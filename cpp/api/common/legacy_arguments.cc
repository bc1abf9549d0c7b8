#include "api/common/legacy_arguments.h"

#include <string>
#include <utility>

#include "util/result.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {
namespace {

// The member `name` of `json` unless absent or null.
const wire::Json* PresentMember(const wire::Json& json, std::string_view name) {
  auto it = json.find(name);
  return it == json.end() || it->is_null() ? nullptr : &*it;
}

Result<std::vector<model::AttributeValue>> ParseValueList(const wire::Json& list) {
  std::vector<model::AttributeValue> values;
  values.reserve(list.size());
  for (const wire::Json& value_json : list) {
    DF_ASSIGN_OR_RETURN(model::AttributeValue value, wire::ParseAttributeValue(value_json));
    values.push_back(std::move(value));
  }
  return values;
}

// REQUIRES: the shape validator accepted the enum value.
expr::ComparisonOperator ComparisonOperatorMember(const wire::Json& json) {
  return expr::ParseComparisonOperator(json.get_ref<const std::string&>())
      .value_or(expr::ComparisonOperator::kEq);
}

Result<expr::ExpectedCondition> ParseExpectedEntry(const std::string& attribute,
                                                   const wire::Json& json) {
  expr::ExpectedCondition entry;
  entry.attribute = attribute;
  if (const wire::Json* value = PresentMember(json, "Value")) {
    DF_ASSIGN_OR_RETURN(entry.value, wire::ParseAttributeValue(*value));
  }
  if (const wire::Json* exists = PresentMember(json, "Exists")) {
    entry.exists = exists->get<bool>();
  }
  if (const wire::Json* comparison_operator = PresentMember(json, "ComparisonOperator")) {
    entry.comparison_operator = ComparisonOperatorMember(*comparison_operator);
  }
  if (const wire::Json* list = PresentMember(json, "AttributeValueList")) {
    DF_ASSIGN_OR_RETURN(entry.attribute_value_list, ParseValueList(*list));
  }
  return entry;
}

Result<expr::AttributeUpdate> ParseAttributeUpdate(const std::string& attribute,
                                                   const wire::Json& json) {
  expr::AttributeUpdate update;
  update.attribute = attribute;
  if (const wire::Json* value = PresentMember(json, "Value")) {
    DF_ASSIGN_OR_RETURN(update.value, wire::ParseAttributeValue(*value));
  }
  if (const wire::Json* action = PresentMember(json, "Action")) {
    const std::string& name = action->get_ref<const std::string&>();
    if (name == "ADD") {
      update.action = expr::AttributeAction::kAdd;
    } else if (name == "DELETE") {
      update.action = expr::AttributeAction::kDelete;
    }
  }
  return update;
}

}  // namespace

expr::ConditionalOperator ConditionalOperatorArgument(const wire::Json& request) {
  const wire::Json* conditional_operator = PresentMember(request, "ConditionalOperator");
  return conditional_operator != nullptr && conditional_operator->is_string() &&
                 conditional_operator->get_ref<const std::string&>() == "OR"
             ? expr::ConditionalOperator::kOr
             : expr::ConditionalOperator::kAnd;
}

Result<std::optional<expr::Condition>> ParseExpected(const wire::Json& request) {
  const wire::Json* expected_json = PresentMember(request, "Expected");
  if (expected_json == nullptr) {
    return std::optional<expr::Condition>();
  }
  std::vector<expr::ExpectedCondition> expected;
  expected.reserve(expected_json->size());
  for (const auto& [attribute, entry_json] : expected_json->items()) {
    DF_ASSIGN_OR_RETURN(expr::ExpectedCondition entry, ParseExpectedEntry(attribute, entry_json));
    expected.push_back(std::move(entry));
  }
  return expr::TranslateExpected(expected, ConditionalOperatorArgument(request));
}

Result<std::optional<expr::Update>> ParseAttributeUpdates(const wire::Json& request) {
  const wire::Json* updates_json = PresentMember(request, "AttributeUpdates");
  if (updates_json == nullptr) {
    return std::optional<expr::Update>();
  }
  std::vector<expr::AttributeUpdate> updates;
  updates.reserve(updates_json->size());
  for (const auto& [attribute, update_json] : updates_json->items()) {
    DF_ASSIGN_OR_RETURN(expr::AttributeUpdate update, ParseAttributeUpdate(attribute, update_json));
    updates.push_back(std::move(update));
  }
  DF_ASSIGN_OR_RETURN(expr::Update update, expr::TranslateAttributeUpdates(updates));
  return std::optional<expr::Update>(std::move(update));
}

Result<std::optional<expr::Projection>> ParseAttributesToGet(const wire::Json& request) {
  const wire::Json* names_json = PresentMember(request, "AttributesToGet");
  if (names_json == nullptr) {
    return std::optional<expr::Projection>();
  }
  std::vector<std::string> names;
  names.reserve(names_json->size());
  for (const wire::Json& name : *names_json) {
    names.push_back(name.get<std::string>());
  }
  DF_ASSIGN_OR_RETURN(expr::Projection projection, expr::TranslateAttributesToGet(names));
  return std::optional<expr::Projection>(std::move(projection));
}

Result<std::vector<expr::AttributeCondition>> ParseAttributeConditions(const wire::Json& map) {
  std::vector<expr::AttributeCondition> conditions;
  conditions.reserve(map.size());
  for (const auto& [attribute, condition_json] : map.items()) {
    expr::AttributeCondition& condition = conditions.emplace_back();
    condition.attribute = attribute;
    if (const wire::Json* comparison_operator =
            PresentMember(condition_json, "ComparisonOperator")) {
      condition.comparison_operator = ComparisonOperatorMember(*comparison_operator);
    }
    if (const wire::Json* list = PresentMember(condition_json, "AttributeValueList")) {
      DF_ASSIGN_OR_RETURN(condition.attribute_value_list, ParseValueList(*list));
    }
  }
  return conditions;
}

}  // namespace dynafake::api
