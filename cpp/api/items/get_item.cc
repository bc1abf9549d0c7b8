// GetItem: one item by its full primary key.
#include "api/common/consumed_capacity.h"
#include "api/common/item_arguments.h"
#include "api/operation.h"
#include "capacity/units.h"
#include "model/key.h"
#include "util/result.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {

Result<wire::Json> GetItem(RequestContext& context, const wire::Json& request) {
  DF_RETURN_IF_ERROR(
      RejectUnsupported(request, {"ProjectionExpression", "ExpressionAttributeNames"}));
  DF_ASSIGN_OR_RETURN(model::Item key, ParseAttributeMap(request.at("Key")));
  DF_ASSIGN_OR_RETURN(std::vector<std::string> attributes_to_get, ParseAttributesToGet(request));
  const std::string& table_name = TableNameArgument(request);
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table, UsableTable(context, table_name));
  DF_RETURN_IF_ERROR(model::ValidateKeyArgument(table->key_schema(), key));

  DF_ASSIGN_OR_RETURN(std::optional<model::Item> item, table->GetItem(key));
  wire::Json response = wire::Json::object();
  ConsumedCapacity consumed{table_name};
  // DynamoDB: a read costs by the whole item's size whatever is projected, and a missing item still
  // costs one read (conformance/test_consumed_capacity.py).
  consumed.table_units =
      capacity::ReadUnits(item ? model::ItemSize(*item) : 0, BoolMember(request, "ConsistentRead"));
  if (item) {
    // DynamoDB: an existing item with no projected attribute is returned as an empty Item.
    response["Item"] = wire::ItemToJson(ProjectAttributes(*item, attributes_to_get));
  }
  AddConsumedCapacity(consumed, ParseReturnConsumedCapacity(request), &response);
  return response;
}

}  // namespace dynafake::api
