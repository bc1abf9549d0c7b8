// PutItem: creates or replaces a whole item, optionally under a condition on the old one.
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

// DynamoDB's order of checks (dynalite validations/putItem.js, actions/putItem.js): expression
// parameter rules, item values, ReturnValues, item size, Expected, expressions, then the table and
// the item's key and index keys, then the condition against the stored item.
Result<wire::Json> PutItem(RequestContext& context, const wire::Json& request) {
  Result<model::Item> parsed_item = ParseAttributeMap(request.at("Item"));
  DF_RETURN_IF_ERROR(SerializationErrorOf(parsed_item.status()));
  DF_RETURN_IF_ERROR(CheckExpressionParameters(request, kConditionalWriteParameters));
  DF_ASSIGN_OR_RETURN(model::Item item, std::move(parsed_item));
  DF_ASSIGN_OR_RETURN(const bool return_all_old, ParseReturnAllOld(request));
  DF_RETURN_IF_ERROR(CheckItemSize(item));
  DF_ASSIGN_OR_RETURN(std::optional<expr::Condition> expected, ParseExpected(request));
  DF_ASSIGN_OR_RETURN(ParsedExpressions expressions,
                      ParseExpressions(context, request, kConditionalWriteParameters));
  const WriteCondition condition =
      MakeWriteCondition(request, std::move(expressions.condition), std::move(expected));
  const std::string& table_name = TableNameArgument(request);
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table, UsableTable(context, table_name));
  DF_RETURN_IF_ERROR(model::ValidateItemKey(table->key_schema(), item));
  // DynamoDB: a bad index key is a validation error, reported before the condition is evaluated.
  // Without a condition the table's own check in the write reports the same error.
  if (condition.condition) {
    DF_RETURN_IF_ERROR(table->CheckIndexKeys(item));
  }

  std::optional<model::Item> key = table->key_schema().ExtractKey(item);
  CapacityMeter meter(context, *table);
  ConsumedCapacity consumed{table_name};
  DF_ASSIGN_OR_RETURN(table::WriteResult written,
                      MeteredWrite(
                          meter, *table, *key,
                          [&item, &condition](const std::optional<model::Item>& old_item)
                              -> Result<std::optional<model::Item>> {
                            DF_RETURN_IF_ERROR(CheckWriteCondition(condition, old_item));
                            return std::optional<model::Item>(item);
                          },
                          &consumed));

  wire::Json response = wire::Json::object();
  if (return_all_old && written.old_item) {
    response["Attributes"] = wire::ItemToJson(*written.old_item);
  }
  AddConsumedCapacity(consumed, ParseReturnConsumedCapacity(request), &response);
  AddItemCollectionMetrics(request, table->key_schema(), item, written, &response);
  return response;
}

}  // namespace dynafake::api
