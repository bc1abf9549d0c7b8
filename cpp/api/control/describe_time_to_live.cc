// DescribeTimeToLive: the table's Time to Live status, and its attribute unless DISABLED.
#include <string>

#include "api/common/item_arguments.h"
#include "api/operation.h"
#include "ttl/time_to_live.h"
#include "util/result.h"

namespace dynafake::api {

Result<wire::Json> DescribeTimeToLive(RequestContext& context, const wire::Json& request) {
  DF_ASSIGN_OR_RETURN(
      std::shared_ptr<table::Table> table,
      context.catalog->GetTableForControl(context.region, TableNameArgument(request)));
  const int64_t now = context.now_micros();
  table::TableStatus table_status = table::TableStatus::kActive;
  bool settled = false;
  ttl::TimeToLiveDescription shown;
  DF_RETURN_IF_ERROR(table->UpdateDescription([&](table::TableDescription& d) {
    table_status = d.table_status;
    settled = ttl::CompleteTimeToLiveTransition(d.time_to_live, now);
    shown = ttl::DescribeTimeToLive(d.time_to_live);
  }));
  if (settled) {
    // Best effort: the transition completes from the clock again if this write is lost.
    (void)context.catalog->Persist(*table);
  }
  // DynamoDB: a table that is being created or deleted has no TTL to describe, though
  // UpdateTimeToLive accepts a DELETING one
  // (conformance/test_time_to_live.py::test_describe_while_creating_or_deleting).
  if (table_status == table::TableStatus::kCreating ||
      table_status == table::TableStatus::kDeleting) {
    const std::string state =
        table_status == table::TableStatus::kCreating ? "CREATING" : "DELETING";
    return ValidationError("Cannot describe time to live while table is in " + state +
                           " state: Current table state is " + state);
  }
  wire::Json description = {{"TimeToLiveStatus", ttl::TimeToLiveStatusName(shown.status)}};
  if (!shown.attribute_name.empty()) {
    description["AttributeName"] = shown.attribute_name;
  }
  return wire::Json{{"TimeToLiveDescription", std::move(description)}};
}

}  // namespace dynafake::api
