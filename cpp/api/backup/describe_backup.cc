// DescribeBackup: a backup's details and what its source table was when it was taken.
#include "api/backup/backup_json.h"
#include "api/operation.h"
#include "backup/backups.h"
#include "util/result.h"

namespace dynafake::api {

Result<wire::Json> DescribeBackup(RequestContext& context, const wire::Json& request) {
  DF_ASSIGN_OR_RETURN(backup::Backup backup,
                      context.backups->Find(request.at("BackupArn").get<std::string>()));
  return wire::Json{{"BackupDescription", BackupDescriptionJson(backup, context.now_micros())}};
}

}  // namespace dynafake::api
