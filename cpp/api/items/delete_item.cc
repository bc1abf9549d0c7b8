// DeleteItem: removes one item by its full primary key; deleting a missing item succeeds.
#include "api/common/consumed_capacity.h"
#include "api/common/item_arguments.h"
#include "api/operation.h"
#include "capacity/units.h"
#include "model/key.h"
#include "util/result.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {

Result<wire::Json> DeleteItem(RequestContext& context, const wire::Json& request) {
  DF_RETURN_IF_ERROR(RejectConditionParameters(request));
  DF_ASSIGN_OR_RETURN(model::Item key, ParseAttributeMap(request.at("Key")));
  DF_ASSIGN_OR_RETURN(const bool return_all_old, ParseReturnAllOld(request));
  const std::string& table_name = TableNameArgument(request);
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table, UsableTable(context, table_name));
  DF_RETURN_IF_ERROR(model::ValidateKeyArgument(table->key_schema(), key));

  DF_ASSIGN_OR_RETURN(table::WriteResult written,
                      table->Write(key, [](const std::optional<model::Item>&) {
                        return Result<std::optional<model::Item>>(std::nullopt);
                      }));

  wire::Json response = wire::Json::object();
  if (return_all_old && written.old_item) {
    response["Attributes"] = wire::ItemToJson(*written.old_item);
  }
  ConsumedCapacity consumed{table_name};
  // DynamoDB: a delete costs by the deleted item's size, and 1 unit when there was none.
  consumed.table_units = capacity::WriteUnits(
      written.old_item ? static_cast<int64_t>(model::ItemSize(*written.old_item)) : 0);
  AddConsumedCapacity(consumed, ParseReturnConsumedCapacity(request), &response);
  return response;
}

}  // namespace dynafake::api
