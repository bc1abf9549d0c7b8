// DescribeContinuousBackups: the table's point-in-time recovery and its restorable window.
#include "api/backup/backup_json.h"
#include "api/common/item_arguments.h"
#include "api/operation.h"
#include "util/result.h"

namespace dynafake::api {

Result<wire::Json> DescribeContinuousBackups(RequestContext& context, const wire::Json& request) {
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table,
                      TableForBackups(context, TableNameArgument(request)));
  return ContinuousBackupsAnswer(*table, context.now_micros());
}

}  // namespace dynafake::api
