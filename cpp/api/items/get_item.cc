// GetItem: one item by its full primary key, whole or projected.
#include "api/common/capacity_meter.h"
#include "api/common/consumed_capacity.h"
#include "api/common/expression_arguments.h"
#include "api/common/item_arguments.h"
#include "api/common/legacy_arguments.h"
#include "api/operation.h"
#include "capacity/units.h"
#include "expr/evaluate.h"
#include "model/key.h"
#include "util/result.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {

// DynamoDB's order of checks (dynalite validations/getItem.js, actions/getItem.js): expression
// parameter rules, key values, AttributesToGet, ProjectionExpression, then the table, the key
// schema and the projection's paths into key attributes.
Result<wire::Json> GetItem(RequestContext& context, const wire::Json& request) {
  Result<model::Item> parsed_key = ParseAttributeMap(request.at("Key"));
  DF_RETURN_IF_ERROR(SerializationErrorOf(parsed_key.status()));
  DF_RETURN_IF_ERROR(CheckExpressionParameters(request, kProjectionParameters));
  DF_ASSIGN_OR_RETURN(model::Item key, std::move(parsed_key));
  DF_ASSIGN_OR_RETURN(std::optional<expr::Projection> projection, ParseAttributesToGet(request));
  DF_ASSIGN_OR_RETURN(ParsedExpressions expressions,
                      ParseExpressions(context, request, kProjectionParameters));
  if (expressions.projection) {
    projection = std::move(expressions.projection);
  }
  const std::string& table_name = TableNameArgument(request);
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table, UsableTable(context, table_name));
  DF_RETURN_IF_ERROR(model::ValidateKeyArgument(table->key_schema(), key));
  DF_RETURN_IF_ERROR(CheckKeyPaths(*table, ProjectionPaths(projection)));

  CapacityMeter meter(context, *table);
  const std::optional<PartitionKey> partition = meter.ItemPartitionKey(key);
  DF_RETURN_IF_ERROR(meter.AdmitRead(nullptr, partition));
  DF_ASSIGN_OR_RETURN(std::optional<model::Item> item, table->GetItem(key));
  wire::Json response = wire::Json::object();
  ConsumedCapacity consumed{table_name};
  // DynamoDB: a read costs by the whole item's size whatever is projected, and a missing item still
  // costs one read (conformance/test_consumed_capacity.py).
  consumed.table_units =
      capacity::ReadUnits(item ? model::ItemSize(*item) : 0, BoolMember(request, "ConsistentRead"));
  meter.Charge(capacity::Operation::kRead, consumed, partition);
  if (item) {
    // DynamoDB: an existing item with no projected attribute is returned as an empty Item.
    response["Item"] =
        wire::ItemToJson(projection ? expr::ApplyProjection(*projection, *item) : *item);
  }
  AddConsumedCapacity(consumed, ParseReturnConsumedCapacity(request), &response);
  return response;
}

}  // namespace dynafake::api
