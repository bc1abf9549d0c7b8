// RestoreTableFromBackup: a new table (in the caller's region, whichever region the backup is of)
// with the backup's items, indexes, capacity and encryption, less what the overrides leave out.
#include "api/backup/backup_json.h"
#include "api/backup/restore_table.h"
#include "api/operation.h"
#include "backup/backups.h"
#include "util/result.h"

namespace dynafake::api {

Result<wire::Json> RestoreTableFromBackup(RequestContext& context, const wire::Json& request) {
  const std::string arn = request.at("BackupArn").get<std::string>();
  DF_ASSIGN_OR_RETURN(backup::Backup found, context.backups->Find(arn));
  const std::string target_name = request.at("TargetTableName").get<std::string>();
  if (context.catalog->FindTable(context.region, target_name) != nullptr) {
    return Status(ErrorCode::kTableAlreadyExists, "Table already exists: " + target_name);
  }
  DF_ASSIGN_OR_RETURN(table::TableDescription target,
                      RestoredTableDescription(context, request, found.source));
  DF_ASSIGN_OR_RETURN(backup::Backup backup, context.backups->BeginRestore(arn));
  table::RestoreSummary summary;
  summary.source_backup_arn = arn;
  summary.source_table_arn = backup.source.table_arn;
  summary.restore_micros = backup.creation_micros;
  Result<wire::Json> answer =
      RestoreTable(context, std::move(target), std::move(summary),
                   [&](table::Table& table) { return context.backups->FillTable(backup, table); });
  context.backups->EndRestore(arn);
  return answer;
}

}  // namespace dynafake::api
