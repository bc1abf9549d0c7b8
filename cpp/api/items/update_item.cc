// UpdateItem: edits one item in place, creating it from its key when absent (upsert), optionally
// under a condition on the old item (docs: dynamodb-behaviour.md 4.4).
#include <algorithm>
#include <array>
#include <string_view>

#include "api/common/capacity_meter.h"
#include "api/common/consumed_capacity.h"
#include "api/common/expression_arguments.h"
#include "api/common/index_keys.h"
#include "api/common/item_arguments.h"
#include "api/common/item_collection_metrics.h"
#include "api/common/item_update.h"
#include "api/common/legacy_arguments.h"
#include "api/common/write_condition.h"
#include "api/operation.h"
#include "expr/evaluate.h"
#include "model/key.h"
#include "util/result.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {
namespace {

constexpr std::array<std::string_view, 3> kLegacyParameters = {"AttributeUpdates", "Expected",
                                                               "ConditionalOperator"};
constexpr std::array<std::string_view, 2> kExpressionParameters = {"UpdateExpression",
                                                                   "ConditionExpression"};
constexpr ExpressionParameters kParameters{kLegacyParameters, kExpressionParameters, "Expected"};

enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

// REQUIRES: the shape validator accepted the enum value.
ReturnValues ParseReturnValues(const wire::Json& request) {
  const std::string text = StringMember(request, "ReturnValues", "NONE");
  if (text == "ALL_OLD") {
    return ReturnValues::kAllOld;
  }
  if (text == "UPDATED_OLD") {
    return ReturnValues::kUpdatedOld;
  }
  if (text == "ALL_NEW") {
    return ReturnValues::kAllNew;
  }
  return text == "UPDATED_NEW" ? ReturnValues::kUpdatedNew : ReturnValues::kNone;
}

// The paths the update writes, as a projection (for UPDATED_OLD and UPDATED_NEW).
expr::Projection UpdatedPaths(const expr::Update& update) {
  expr::Projection projection;
  projection.paths.reserve(update.actions.size());
  for (const expr::UpdateAction& action : update.actions) {
    projection.paths.push_back(action.path);
  }
  return projection;
}

// Attributes for the requested ReturnValues (docs: dynamodb-behaviour.md 4.4); empty when none.
model::Item ReturnedAttributes(ReturnValues return_values, const expr::Update& update,
                               const table::WriteResult& written) {
  static const model::Item kNoItem;
  const model::Item& old_item = written.old_item ? *written.old_item : kNoItem;
  const model::Item& new_item = written.new_item ? *written.new_item : kNoItem;
  switch (return_values) {
    case ReturnValues::kNone:
      return {};
    case ReturnValues::kAllOld:
      return old_item;
    case ReturnValues::kAllNew:
      return new_item;
    case ReturnValues::kUpdatedOld:
      return expr::ApplyProjection(UpdatedPaths(update), old_item);
    case ReturnValues::kUpdatedNew:
      // Removed paths no longer exist in the new item, so they are not returned.
      return expr::ApplyProjection(UpdatedPaths(update), new_item);
  }
  return {};
}

}  // namespace

// DynamoDB's order of checks (dynalite validations/updateItem.js, actions/updateItem.js):
// expression parameter rules, key values, AttributeUpdates, Expected, expressions, then the
// table, the key schema and the updated paths, then the condition against the stored item, the
// update itself, the size of the result and its index keys.
Result<wire::Json> UpdateItem(RequestContext& context, const wire::Json& request) {
  Result<model::Item> parsed_key = ParseAttributeMap(request.at("Key"));
  DF_RETURN_IF_ERROR(SerializationErrorOf(parsed_key.status()));
  DF_RETURN_IF_ERROR(CheckExpressionParameters(request, kParameters));
  DF_ASSIGN_OR_RETURN(model::Item key, std::move(parsed_key));
  DF_ASSIGN_OR_RETURN(std::optional<expr::Update> attribute_updates,
                      ParseAttributeUpdates(request));
  DF_ASSIGN_OR_RETURN(std::optional<expr::Condition> expected, ParseExpected(request));
  DF_ASSIGN_OR_RETURN(ParsedExpressions expressions,
                      ParseExpressions(context, request, kParameters));
  const ItemUpdate item_update =
      ChooseUpdate(std::move(expressions.update), std::move(attribute_updates));
  const WriteCondition condition =
      MakeWriteCondition(request, std::move(expressions.condition), std::move(expected));
  const std::string& table_name = TableNameArgument(request);
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table, UsableTable(context, table_name));
  DF_RETURN_IF_ERROR(model::ValidateKeyArgument(table->key_schema(), key));
  DF_RETURN_IF_ERROR(CheckUpdatedPaths(*table, item_update.update));

  CapacityMeter meter(context, *table);
  ConsumedCapacity consumed{table_name};
  DF_ASSIGN_OR_RETURN(table::WriteResult written,
                      MeteredWrite(
                          meter, *table, key,
                          [&](const std::optional<model::Item>& old_item) {
                            return UpdatedItem(item_update, condition, *table, key, old_item);
                          },
                          &consumed));

  wire::Json response = wire::Json::object();
  model::Item attributes =
      ReturnedAttributes(ParseReturnValues(request), item_update.update, written);
  // DynamoDB: Attributes is left out when there is nothing to return.
  if (!attributes.empty()) {
    response["Attributes"] = wire::ItemToJson(attributes);
  }
  AddConsumedCapacity(consumed, ParseReturnConsumedCapacity(request), &response);
  AddItemCollectionMetrics(request, table->key_schema(), key, written, &response);
  return response;
}

}  // namespace dynafake::api
