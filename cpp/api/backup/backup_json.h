// The backup objects of the service's answers: BackupDetails, BackupSummary, BackupDescription
// (with SourceTableDetails and SourceTableFeatureDetails) and ContinuousBackupsDescription, and the
// small pieces the backup operations share.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "dynafake/status.h"

#include "api/request_context.h"
#include "backup/backup.h"
#include "table/schema.h"
#include "table/table.h"
#include "wire/json.h"

namespace dynafake::api {

// TableNotFoundException "Table not found: <name>", the backup operations' missing table.
Status TableNotFound(std::string_view table_name);

// The members of `object` among `members` that it has.
wire::Json SelectMembers(const wire::Json& object, std::initializer_list<const char*> members);

// The table the backup operations name by TableName: TableNotFoundException "Table not found:
// <name>" when there is none in the caller's region.
Result<std::shared_ptr<table::Table>> TableForBackups(const RequestContext& context,
                                                      const std::string& table_name);

// DynamoDB ⚠: backups of a table still CREATING are refused with
// ContinuousBackupsUnavailableException "Backups are being enabled for the table: <name>. Please
// retry later"; a DELETING table is not found.
Status CheckBackupsAvailable(const table::Table& table);

// A timestamp member (epoch seconds) in engine microseconds.
int64_t TimestampMicros(const wire::Json& value);

wire::Json BackupDetailsJson(const backup::Backup& backup);
wire::Json BackupSummaryJson(const backup::Backup& backup);
wire::Json BackupDescriptionJson(const backup::Backup& backup, int64_t now_micros);

// DynamoDB: LatestRestorableDateTime lags the clock by five minutes, and neither bound precedes
// the time point-in-time recovery was enabled.
struct RestorableWindow {
  int64_t earliest_micros = 0;
  int64_t latest_micros = 0;
};

RestorableWindow RestorableWindowOf(const table::PointInTimeRecovery& pitr, int64_t now_micros);

// The answer of UpdateContinuousBackups and DescribeContinuousBackups for `table`.
wire::Json ContinuousBackupsAnswer(const table::Table& table, int64_t now_micros);

}  // namespace dynafake::api
