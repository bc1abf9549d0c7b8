// The pre-expression parameters (Expected, AttributeUpdates, AttributesToGet, KeyConditions,
// QueryFilter, ScanFilter) translated into the resolved trees of ast.h, so that one set of
// evaluators serves both generations of the API (docs: dynamodb-behaviour.md 5.6).
//
// Inputs are plain structs: the API layer reads them from the request, with every value already
// parsed and validated by the wire layer. Errors are ValidationException with the service's texts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynafake/status.h"

#include "expr/ast.h"
#include "model/attribute_value.h"

namespace dynafake::expr {

enum class ComparisonOperator : uint8_t {
  kEq,
  kNe,
  kIn,
  kLe,
  kLt,
  kGe,
  kGt,
  kBetween,
  kNotNull,
  kNull,
  kContains,
  kNotContains,
  kBeginsWith,
};

// "EQ" -> kEq, ...; nullopt for a name outside the service's enum.
std::optional<ComparisonOperator> ParseComparisonOperator(std::string_view name);
// The wire spelling: "EQ", "NOT_CONTAINS", ...
std::string_view ComparisonOperatorName(ComparisonOperator comparison_operator);

enum class ConditionalOperator : uint8_t { kAnd, kOr };

// One entry of Expected, its members as the request gave them (nullopt: absent).
struct ExpectedCondition {
  std::string attribute;
  std::optional<model::AttributeValue> value;
  std::optional<bool> exists;
  std::optional<ComparisonOperator> comparison_operator;
  std::optional<std::vector<model::AttributeValue>> attribute_value_list;
};

// One entry of KeyConditions, QueryFilter or ScanFilter.
struct AttributeCondition {
  std::string attribute;
  ComparisonOperator comparison_operator = ComparisonOperator::kEq;
  std::vector<model::AttributeValue> attribute_value_list;
};

enum class AttributeAction : uint8_t { kPut, kAdd, kDelete };

// One entry of AttributeUpdates (Action defaults to PUT).
struct AttributeUpdate {
  std::string attribute;
  AttributeAction action = AttributeAction::kPut;
  std::optional<model::AttributeValue> value;
};

// For a request that carries ConditionalOperator, given how many entries its Expected (or
// QueryFilter/ScanFilter) map has: "ConditionalOperator cannot be used without Filter or
// Expected" for none, "ConditionalOperator can only be used when Filter or Expected has two or
// more elements" for one.
Status CheckConditionalOperator(size_t entries);

// Expected as one condition, the entries joined by `conditional_operator`; nullopt when there is
// no entry. Errors, first failing entry in order, all prefixed "One or more parameter values were
// invalid: " unless noted: "Value and AttributeValueList cannot be used together for Attribute:
// <a>", "Exists and ComparisonOperator cannot be used together for Attribute: <a>", "Value or
// AttributeValueList must be used with ComparisonOperator: <OP> for Attribute: <a>", the argument
// count, same-type and operand-type errors of TranslateAttributeCondition, "AttributeValueList can
// only be used with a ComparisonOperator for Attribute: <a>", "Value must be provided when Exists
// is <true|null> for Attribute: <a>", "Value cannot be used when Exists is false for Attribute:
// <a>".
Result<std::optional<Condition>> TranslateExpected(
    const std::vector<ExpectedCondition>& expected,
    ConditionalOperator conditional_operator = ConditionalOperator::kAnd);

// One comparison of KeyConditions/QueryFilter/ScanFilter (or of Expected). Errors: "One or more
// parameter values were invalid: Invalid number of argument(s) for the <OP> ComparisonOperator",
// "... AttributeValues inside AttributeValueList must be of same type", "... ComparisonOperator
// <OP> is not valid for <T> AttributeValue type", and (without the prefix) "The BETWEEN condition
// was provided a range where the lower bound is greater than the upper bound".
Result<Condition> TranslateAttributeCondition(const AttributeCondition& condition);

// QueryFilter/ScanFilter as one condition; nullopt when there is no entry.
Result<std::optional<Condition>> TranslateFilter(
    const std::vector<AttributeCondition>& conditions,
    ConditionalOperator conditional_operator = ConditionalOperator::kAnd);

// AttributeUpdates as an update: PUT sets, ADD adds numbers, unites sets and appends lists,
// DELETE with a value takes a set difference and without one removes the attribute. Errors (all
// prefixed "One or more parameter values were invalid: "): "Only DELETE action is allowed when no
// attribute value is specified", "DELETE action with value is not supported for the type <T>",
// "ADD action is not supported for the type <T>".
Result<Update> TranslateAttributeUpdates(const std::vector<AttributeUpdate>& updates);

// Applies an update TranslateAttributeUpdates built, with the legacy runtime text "Type mismatch
// for attribute to update" where an expression would report an operand of the wrong type.
Result<model::Item> ApplyAttributeUpdates(const Update& update, model::Item item, bool item_exists);

// AttributesToGet as a projection of top-level attributes. Error: "One or more parameter values
// were invalid: Duplicate value in attribute name: <a>".
Result<Projection> TranslateAttributesToGet(const std::vector<std::string>& names);

}  // namespace dynafake::expr
