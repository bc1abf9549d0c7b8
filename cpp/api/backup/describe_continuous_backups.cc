// DescribeContinuousBackups: the table's point-in-time recovery and its restorable window.
#include <memory>

#include "api/backup/backup_json.h"
#include "api/common/item_arguments.h"
#include "api/operation.h"
#include "util/result.h"

namespace dynafake::api {

Result<wire::Json> DescribeContinuousBackups(RequestContext& context, const wire::Json& request) {
  const std::string& table_name = TableNameArgument(request);
  std::shared_ptr<table::Table> table = context.catalog->FindTable(context.region, table_name);
  if (table == nullptr) {
    return TableNotFound(table_name);
  }
  table::PointInTimeRecovery pitr;
  table->ReadDescription(
      [&](const table::TableDescription& d) { pitr = d.point_in_time_recovery; });
  return wire::Json{{"ContinuousBackupsDescription",
                     ContinuousBackupsDescriptionJson(pitr, context.now_micros())}};
}

}  // namespace dynafake::api
