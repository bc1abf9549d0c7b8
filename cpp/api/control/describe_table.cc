// DescribeTable: a table's description, by name or ARN, in any status.
#include "api/common/item_arguments.h"
#include "api/control/table_description_json.h"
#include "api/operation.h"
#include "util/result.h"

namespace dynafake::api {

Result<wire::Json> DescribeTable(RequestContext& context, const wire::Json& request) {
  DF_ASSIGN_OR_RETURN(
      std::shared_ptr<table::Table> table,
      context.catalog->GetTableForControl(context.region, TableNameArgument(request)));
  return wire::Json{{"Table", TableDescriptionToJson(table->Describe(), context.now_micros())}};
}

}  // namespace dynafake::api
