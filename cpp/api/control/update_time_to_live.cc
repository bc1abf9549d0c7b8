// UpdateTimeToLive: enables or disables Time to Live on a table (rules in ttl/time_to_live.h) and
// answers with the TimeToLiveSpecification as given.
#include <string>

#include "api/common/item_arguments.h"
#include "api/operation.h"
#include "ttl/time_to_live.h"
#include "util/result.h"

namespace dynafake::api {

Result<wire::Json> UpdateTimeToLive(RequestContext& context, const wire::Json& request) {
  // The shape validator has checked the specification: Enabled a boolean, AttributeName a string
  // of 1 to 255 characters, both present.
  const wire::Json& specification = request.at("TimeToLiveSpecification");
  const bool enabled = specification.at("Enabled").get<bool>();
  const std::string& attribute_name =
      specification.at("AttributeName").get_ref<const std::string&>();
  DF_ASSIGN_OR_RETURN(
      std::shared_ptr<table::Table> table,
      context.catalog->GetTableForControl(context.region, TableNameArgument(request)));
  const int64_t now = context.now_micros();
  const int64_t transition_micros = context.catalog->transition_micros();
  Status status;
  DF_RETURN_IF_ERROR(table->UpdateDescription([&](table::TableDescription& d) {
    // DynamoDB: a table being created is in use (ResourceNotFoundException for the first moments
    // of its creation); a DELETING one still accepts the change
    // (conformance/test_time_to_live.py::test_update_while_creating).
    if (d.table_status == table::TableStatus::kCreating) {
      status = Status(ErrorCode::kResourceInUse,
                      "Attempt to change a resource which is still in use: Table " + d.table_name +
                          " is being created");
      return;
    }
    ttl::CompleteTimeToLiveTransition(d.time_to_live, now);
    status =
        ttl::ApplyTimeToLiveChange(d.time_to_live, enabled, attribute_name, now, transition_micros);
  }));
  DF_RETURN_IF_ERROR(status);
  DF_RETURN_IF_ERROR(context.catalog->Persist(*table));
  return wire::Json{
      {"TimeToLiveSpecification", {{"Enabled", enabled}, {"AttributeName", attribute_name}}}};
}

}  // namespace dynafake::api
