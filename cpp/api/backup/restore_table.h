// What RestoreTableFromBackup and RestoreTableToPointInTime share: the new table's definition from
// its source and the request's overrides, and the restore itself (create, fill, settle).
#pragma once

#include <functional>

#include "api/request_context.h"
#include "table/schema.h"
#include "wire/json.h"

namespace dynafake::api {

// The table a restore makes of `source` (the table as backed up, or as it is now): its key schema,
// and, unless the request overrides them, all its local and global secondary indexes, its billing
// mode and capacity, and its encryption; nothing else (no stream, Time to Live, point-in-time
// recovery, tags, deletion protection or table class). The overrides are checked as CreateTable
// checks the same members.
Result<table::TableDescription> RestoredTableDescription(const RequestContext& context,
                                                         const wire::Json& request,
                                                         const table::TableDescription& source);

// Creates `target` (TableAlreadyExistsException when its name is taken in the caller's region),
// CREATING with `summary` until `fill` has stored every item, then lets it settle; answers with
// its description, CREATING with its RestoreSummary. A failed fill removes the table.
Result<wire::Json> RestoreTable(RequestContext& context, table::TableDescription target,
                                table::RestoreSummary summary,
                                const std::function<Status(table::Table&)>& fill);

}  // namespace dynafake::api
