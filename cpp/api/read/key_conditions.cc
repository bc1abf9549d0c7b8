#include "api/read/key_conditions.h"

#include <string>

#include "api/read/key_range.h"
#include "util/result.h"

namespace dynafake::api {
namespace {

using expr::ComparisonOperator;
using Kind = expr::SortKeyCondition::Kind;

constexpr char kNotSupported[] = "Query key condition not supported";
constexpr char kBadLength[] = "Conditions can be of length 1 or 2 only";
constexpr size_t kMaxConditions = 8;

const expr::AttributeCondition* FindCondition(
    const std::vector<expr::AttributeCondition>& conditions, const std::string& name) {
  for (const expr::AttributeCondition& condition : conditions) {
    if (condition.attribute == name) {
      return &condition;
    }
  }
  return nullptr;
}

bool Indexable(ComparisonOperator comparison_operator) {
  switch (comparison_operator) {
    case ComparisonOperator::kNull:
    case ComparisonOperator::kNotNull:
    case ComparisonOperator::kNe:
    case ComparisonOperator::kContains:
    case ComparisonOperator::kNotContains:
    case ComparisonOperator::kIn:
      return false;
    default:
      return true;
  }
}

// REQUIRES: Indexable(comparison_operator).
Kind SortKind(ComparisonOperator comparison_operator) {
  switch (comparison_operator) {
    case ComparisonOperator::kLt:
      return Kind::kLess;
    case ComparisonOperator::kLe:
      return Kind::kLessOrEqual;
    case ComparisonOperator::kGt:
      return Kind::kGreater;
    case ComparisonOperator::kGe:
      return Kind::kGreaterOrEqual;
    case ComparisonOperator::kBetween:
      return Kind::kBetween;
    case ComparisonOperator::kBeginsWith:
      return Kind::kBeginsWith;
    default:
      return Kind::kEqual;
  }
}

// DynamoDB: an empty S or B key value in a condition is refused like an empty key on write, in
// KeyConditions as in KeyConditionExpression (conformance/test_query.py::test_empty_key_value).
Status CheckNotEmpty(const expr::AttributeCondition& condition, const model::KeyAttribute& key) {
  for (const model::AttributeValue& value : condition.attribute_value_list) {
    if (value.type() != model::AttributeType::kN && value.as_string().empty()) {
      return ValidationError(
          std::string("One or more parameter values are not valid. The AttributeValue for a key "
                      "attribute cannot contain an empty ") +
          (value.type() == model::AttributeType::kS ? "string" : "binary") +
          " value. Key: " + key.name);
    }
  }
  return Status::Ok();
}

// One key attribute's condition, or nullptr when the attribute may go without one.
Result<const expr::AttributeCondition*> CheckKeyAttribute(
    const std::vector<expr::AttributeCondition>& conditions, const model::KeySchema& schema,
    const model::KeyAttribute& key, bool hash) {
  if (hash && !schema.range && conditions.size() > 1) {
    return ValidationError(kNotSupported);
  }
  const expr::AttributeCondition* condition = FindCondition(conditions, key.name);
  if (condition == nullptr) {
    // DynamoDB: the sort key may go without a condition only when the partition key's is the only
    // one.
    if (hash || conditions.size() > 1) {
      return ValidationError("Query condition missed key schema element: " + key.name);
    }
    return condition;
  }
  if (!Indexable(condition->comparison_operator)) {
    return ValidationError("Attempted conditional constraint is not an indexable operation");
  }
  for (const model::AttributeValue& value : condition->attribute_value_list) {
    if (value.type() != key.type) {
      return ValidationError(
          "One or more parameter values were invalid: Condition parameter type does not match "
          "schema type");
    }
  }
  if (hash && condition->comparison_operator != ComparisonOperator::kEq) {
    return ValidationError(kNotSupported);
  }
  DF_RETURN_IF_ERROR(CheckNotEmpty(*condition, key));
  return condition;
}

}  // namespace

// DynamoDB: KeyConditions' values are checked like a QueryFilter's before the table is looked up
// (dynalite validations/query.js; conformance/test_query.py::test_legacy_key_conditions_errors).
Status CheckLegacyKeyConditions(const std::vector<expr::AttributeCondition>& conditions) {
  for (const expr::AttributeCondition& condition : conditions) {
    DF_RETURN_IF_ERROR(expr::TranslateAttributeCondition(condition).status());
  }
  // DynamoDB: KeyConditions may constrain every attribute of a multi-attribute index key (up to
  // 4 HASH and 4 RANGE ones; moto's aws_verified test_key_conditions_with_range_keys), so only
  // more than that is refused before the key schema is known.
  if (conditions.empty() || conditions.size() > kMaxConditions) {
    return ValidationError(kBadLength);
  }
  return Status::Ok();
}

Result<expr::KeyCondition> ValidateLegacyMultiAttributeKeyConditions(
    const std::vector<expr::AttributeCondition>& conditions, const expr::MultiAttributeKey& key) {
  for (const expr::AttributeCondition& condition : conditions) {
    if (!Indexable(condition.comparison_operator)) {
      return ValidationError("Attempted conditional constraint is not an indexable operation");
    }
  }
  DF_ASSIGN_OR_RETURN(std::optional<expr::Condition> joined, expr::TranslateFilter(conditions));
  return expr::ValidateMultiAttributeKeyCondition(*joined, key);
}

// DynamoDB: the order is dynalite actions/query.js's walk of the key schema
// (conformance/test_query.py::test_legacy_key_conditions_errors).
Result<expr::KeyCondition> ValidateLegacyKeyConditions(
    const std::vector<expr::AttributeCondition>& conditions, const model::KeySchema& schema) {
  if (conditions.size() > 2) {
    return ValidationError(kBadLength);
  }
  DF_ASSIGN_OR_RETURN(const expr::AttributeCondition* partition,
                      CheckKeyAttribute(conditions, schema, schema.hash, true));
  const expr::AttributeCondition* sort = nullptr;
  if (schema.range) {
    DF_ASSIGN_OR_RETURN(sort, CheckKeyAttribute(conditions, schema, *schema.range, false));
  }
  expr::KeyCondition result;
  result.partition_value = partition->attribute_value_list.front();
  if (sort != nullptr) {
    expr::SortKeyCondition& out = result.sort.emplace();
    out.kind = SortKind(sort->comparison_operator);
    out.value = sort->attribute_value_list.front();
    if (sort->attribute_value_list.size() > 1) {
      out.upper = sort->attribute_value_list[1];
    }
  }
  return result;
}

// DynamoDB: dynalite actions/query.js's checks, in its order
// (conformance/test_query.py::test_start_key_outside_condition).
Status CheckStartKeyBounds(const model::Item& start_key, const model::KeySchema& schema,
                           const expr::KeyCondition& condition) {
  const bool same_partition = start_key.at(schema.hash.name) == condition.partition_value;
  if (!schema.range || !condition.sort) {
    if (!same_partition) {
      return ValidationError(
          "The provided starting key is outside query boundaries based on provided conditions");
    }
    return Status::Ok();
  }
  if (!SortKeyConditionHolds(*condition.sort, start_key.at(schema.range->name))) {
    return ValidationError("The provided starting key does not match the range key predicate");
  }
  if (!same_partition) {
    return ValidationError("The query can return at most one row and cannot be restarted");
  }
  return Status::Ok();
}

Status CheckStartKeyBounds(const model::Item& start_key, const expr::MultiAttributeKey& key,
                           const expr::KeyCondition& condition) {
  bool same_partition = start_key.at(key.hash.front()->name) == condition.partition_value;
  for (size_t i = 1; i < key.hash.size(); ++i) {
    same_partition = same_partition &&
                     start_key.at(key.hash[i]->name) == condition.more_partition_values.at(i - 1);
  }
  if (!condition.sort) {
    if (!same_partition) {
      return ValidationError(
          "The provided starting key is outside query boundaries based on provided conditions");
    }
    return Status::Ok();
  }
  bool holds = true;
  for (size_t i = 0; i < condition.sort_prefix_values.size(); ++i) {
    holds = holds && start_key.at(key.range.at(i)->name) == condition.sort_prefix_values[i];
  }
  const model::AttributeValue& last =
      start_key.at(key.range.at(condition.sort_prefix_values.size())->name);
  if (!holds || !SortKeyConditionHolds(*condition.sort, last)) {
    return ValidationError("The provided starting key does not match the range key predicate");
  }
  if (!same_partition) {
    return ValidationError("The query can return at most one row and cannot be restarted");
  }
  return Status::Ok();
}

}  // namespace dynafake::api
