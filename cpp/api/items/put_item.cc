// PutItem: creates or replaces a whole item.
#include "api/common/consumed_capacity.h"
#include "api/common/item_arguments.h"
#include "api/operation.h"
#include "capacity/units.h"
#include "model/key.h"
#include "util/result.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {

Result<wire::Json> PutItem(RequestContext& context, const wire::Json& request) {
  DF_RETURN_IF_ERROR(RejectConditionParameters(request));
  DF_ASSIGN_OR_RETURN(model::Item item, ParseAttributeMap(request.at("Item")));
  DF_ASSIGN_OR_RETURN(const bool return_all_old, ParseReturnAllOld(request));
  DF_RETURN_IF_ERROR(CheckItemSize(item));
  const std::string& table_name = TableNameArgument(request);
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table, UsableTable(context, table_name));
  DF_RETURN_IF_ERROR(model::ValidateItemKey(table->key_schema(), item));

  std::optional<model::Item> key = table->key_schema().ExtractKey(item);
  DF_ASSIGN_OR_RETURN(table::WriteResult written,
                      table->Write(*key, [&item](const std::optional<model::Item>&) {
                        return Result<std::optional<model::Item>>(item);
                      }));

  wire::Json response = wire::Json::object();
  if (return_all_old && written.old_item) {
    response["Attributes"] = wire::ItemToJson(*written.old_item);
  }
  ConsumedCapacity consumed{table_name};
  // DynamoDB: a replacing write costs by the larger of the old and new item.
  consumed.table_units = capacity::WriteUnits(static_cast<int64_t>(
      std::max(model::ItemSize(item), written.old_item ? model::ItemSize(*written.old_item) : 0)));
  AddConsumedCapacity(consumed, ParseReturnConsumedCapacity(request), &response);
  return response;
}

}  // namespace dynafake::api
