// DeleteTable: answers with the table in DELETING status; the catalog drops the items and frees the
// name once the transition ends (at once by default).
#include "dynafake/clock.h"

#include "api/common/item_arguments.h"
#include "api/control/stream_lifecycle.h"
#include "api/control/table_description_json.h"
#include "api/operation.h"
#include "backup/backups.h"
#include "capacity/metering.h"
#include "util/result.h"

namespace dynafake::api {

namespace {

constexpr int64_t kSystemBackupLifetimeMicros = 35 * kMicrosPerDay;

}  // namespace

Result<wire::Json> DeleteTable(RequestContext& context, const wire::Json& request) {
  // DynamoDB: deleting a table with point-in-time recovery keeps a SYSTEM backup of it, named
  // "<table>$DeletedTableBackup", for 35 days
  // (conformance/test_backups.py::test_system_backup_of_deleted_table). Its items are read from
  // a snapshot taken before the deletion.
  std::shared_ptr<const storage::Snapshot> snapshot;
  table::TableDescription before;
  if (std::shared_ptr<table::Table> table =
          context.catalog->FindTable(context.region, TableNameArgument(request));
      table != nullptr && context.backups != nullptr) {
    before = table->Describe();
    if (before.point_in_time_recovery.enabled) {
      snapshot = table->store()->GetSnapshot();
    }
  }
  DF_ASSIGN_OR_RETURN(table::TableDescription description,
                      context.catalog->DeleteTable(context.region, TableNameArgument(request)));
  if (snapshot != nullptr) {
    DF_RETURN_IF_ERROR(context.backups
                           ->Create(before, snapshot.get(),
                                    before.table_name + "$DeletedTableBackup",
                                    backup::BackupType::kSystem,
                                    context.now_micros() + kSystemBackupLifetimeMicros)
                           .status());
  }
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
