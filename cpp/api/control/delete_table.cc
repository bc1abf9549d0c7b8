// DeleteTable: answers with the table in DELETING status; the catalog drops the items and frees the
// name once the transition ends (at once by default).
#include "api/common/item_arguments.h"
#include "api/control/stream_lifecycle.h"
#include "api/control/table_description_json.h"
#include "api/operation.h"
#include "capacity/metering.h"
#include "util/result.h"

namespace dynafake::api {

Result<wire::Json> DeleteTable(RequestContext& context, const wire::Json& request) {
  DF_ASSIGN_OR_RETURN(table::TableDescription description,
                      context.catalog->DeleteTable(context.region, TableNameArgument(request)));
  // DynamoDB: the stream of a deleted table is disabled and stays readable for 24 hours.
  if (description.stream_specification.stream_enabled) {
    StopStream(*context.streams, description);
  }
  // Its capacity state and usage go with it (table ids are never reused).
  if (context.metering != nullptr) {
    context.metering->Forget(description.table_id);
  }
  return wire::Json{
      {"TableDescription", TableDescriptionToJson(description, context.now_micros())}};
}

}  // namespace dynafake::api
