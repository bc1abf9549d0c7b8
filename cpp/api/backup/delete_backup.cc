// DeleteBackup: the backup and its items go; the answer describes it as DELETED.
#include "api/backup/backup_json.h"
#include "api/operation.h"
#include "backup/backups.h"
#include "util/result.h"

namespace dynafake::api {

Result<wire::Json> DeleteBackup(RequestContext& context, const wire::Json& request) {
  const std::string arn = request.at("BackupArn").get<std::string>();
  DF_ASSIGN_OR_RETURN(backup::Backup found, context.backups->Find(arn));
  // DynamoDB ⚠: SYSTEM backups cannot be deleted; the wording of the refusal is not confirmed
  // (conformance/test_backups.py::test_system_backup_of_deleted_table).
  if (found.backup_type == backup::BackupType::kSystem) {
    return ValidationError("System backups cannot be deleted: " + arn);
  }
  DF_ASSIGN_OR_RETURN(backup::Backup deleted, context.backups->Delete(arn));
  return wire::Json{{"BackupDescription", BackupDescriptionJson(deleted, context.now_micros())}};
}

}  // namespace dynafake::api
