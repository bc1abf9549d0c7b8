// CreateBackup: a consistent copy of the table's items, kept until DeleteBackup.
#include "api/backup/backup_json.h"
#include "api/common/item_arguments.h"
#include "api/operation.h"
#include "backup/backups.h"
#include "util/result.h"

namespace dynafake::api {

Result<wire::Json> CreateBackup(RequestContext& context, const wire::Json& request) {
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table,
                      TableForBackups(context, TableNameArgument(request)));
  DF_RETURN_IF_ERROR(CheckBackupsAvailable(*table));
  DF_ASSIGN_OR_RETURN(backup::Backup backup,
                      context.backups->Create(table->Describe(), nullptr,
                                              request.at("BackupName").get<std::string>(),
                                              backup::BackupType::kUser, 0));
  // DynamoDB: the answer says CREATING, with the size known so far (none).
  backup.backup_status = backup::BackupStatus::kCreating;
  backup.size_bytes = 0;
  return wire::Json{{"BackupDetails", BackupDetailsJson(backup)}};
}

}  // namespace dynafake::api
