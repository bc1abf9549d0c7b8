// DeleteItem: removes one item by its full primary key, optionally under a condition on it;
// deleting a missing item succeeds.
#include "api/common/capacity_meter.h"
#include "api/common/consumed_capacity.h"
#include "api/common/expression_arguments.h"
#include "api/common/item_arguments.h"
#include "api/common/item_collection_metrics.h"
#include "api/common/legacy_arguments.h"
#include "api/common/write_condition.h"
#include "api/operation.h"
#include "model/key.h"
#include "util/result.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {

// DynamoDB's order of checks (dynalite validations/deleteItem.js, actions/deleteItem.js):
// expression parameter rules, key values, ReturnValues, Expected, expressions, then the table and
// the key schema, then the condition against the stored item.
Result<wire::Json> DeleteItem(RequestContext& context, const wire::Json& request) {
  Result<model::Item> parsed_key = ParseAttributeMap(request.at("Key"));
  DF_RETURN_IF_ERROR(SerializationErrorOf(parsed_key.status()));
  DF_RETURN_IF_ERROR(CheckExpressionParameters(request, kConditionalWriteParameters));
  DF_ASSIGN_OR_RETURN(model::Item key, std::move(parsed_key));
  DF_ASSIGN_OR_RETURN(const bool return_all_old, ParseReturnAllOld(request));
  DF_ASSIGN_OR_RETURN(std::optional<expr::Condition> expected, ParseExpected(request));
  DF_ASSIGN_OR_RETURN(ParsedExpressions expressions,
                      ParseExpressions(context, request, kConditionalWriteParameters));
  const WriteCondition condition =
      MakeWriteCondition(request, std::move(expressions.condition), std::move(expected));
  const std::string& table_name = TableNameArgument(request);
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table, UsableTable(context, table_name));
  DF_RETURN_IF_ERROR(model::ValidateKeyArgument(table->key_schema(), key));

  CapacityMeter meter(context, *table);
  ConsumedCapacity consumed{table_name};
  DF_ASSIGN_OR_RETURN(table::WriteResult written,
                      MeteredWrite(
                          meter, *table, key,
                          [&condition](const std::optional<model::Item>& old_item)
                              -> Result<std::optional<model::Item>> {
                            DF_RETURN_IF_ERROR(CheckWriteCondition(condition, old_item));
                            return std::optional<model::Item>();
                          },
                          &consumed));

  wire::Json response = wire::Json::object();
  if (return_all_old && written.old_item) {
    response["Attributes"] = wire::ItemToJson(*written.old_item);
  }
  AddConsumedCapacity(consumed, ParseReturnConsumedCapacity(request), &response);
  AddItemCollectionMetrics(request, table->key_schema(), key, written, &response);
  return response;
}

}  // namespace dynafake::api
