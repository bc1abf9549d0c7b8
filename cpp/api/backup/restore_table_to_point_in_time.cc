// RestoreTableToPointInTime: a new table with the source's items as they were at one second of its
// restorable window: its items now, with every change made after that second undone from the
// change log (table/change_log.h), TTL deletions and transactions included.
#include <memory>

#include "dynafake/clock.h"

#include "api/backup/backup_json.h"
#include "api/backup/restore_table.h"
#include "api/common/item_arguments.h"
#include "api/control/table_definition.h"
#include "api/operation.h"
#include "table/change_log.h"
#include "util/result.h"
#include "util/strings.h"

namespace dynafake::api {
namespace {

// "2026-11-21T10:15:30Z"
std::string IsoTime(int64_t micros) {
  return util::FormatIso8601Millis(micros).substr(0, 19) + "Z";
}

// The source by SourceTableArn (of any region of the engine) or SourceTableName (of the caller's).
Result<std::shared_ptr<table::Table>> SourceTable(const RequestContext& context,
                                                  const wire::Json& request) {
  std::string region = context.region;
  std::string name;
  if (HasMember(request, "SourceTableArn")) {
    name = request.at("SourceTableArn").get<std::string>();
    if (std::optional<table::TableArnParts> parts = table::ParseTableArn(name)) {
      region = std::string(parts->region);
    }
  } else {
    name = request.at("SourceTableName").get<std::string>();
  }
  std::shared_ptr<table::Table> table = context.catalog->FindTable(region, name);
  if (table == nullptr) {
    return TableNotFound(name);
  }
  DF_RETURN_IF_ERROR(CheckBackupsAvailable(*table));
  return table;
}

}  // namespace

Result<wire::Json> RestoreTableToPointInTime(RequestContext& context, const wire::Json& request) {
  // DynamoDB ⚠: the wording of these two shape errors is not confirmed.
  if (HasMember(request, "SourceTableArn") == HasMember(request, "SourceTableName")) {
    return ValidationError("Exactly one of SourceTableArn or SourceTableName must be specified");
  }
  const bool use_latest = BoolMember(request, "UseLatestRestorableTime");
  if (use_latest == HasMember(request, "RestoreDateTime")) {
    return ValidationError(
        "Exactly one of RestoreDateTime or UseLatestRestorableTime must be specified");
  }
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> source, SourceTable(context, request));
  const table::TableDescription described = source->Describe();
  const table::PointInTimeRecovery& pitr = described.point_in_time_recovery;
  if (!pitr.enabled) {
    return Status(ErrorCode::kPointInTimeRecoveryUnavailable,
                  "Point in time recovery is not enabled for table '" + described.table_name + "'");
  }
  const RestorableWindow window = RestorableWindowOf(pitr, context.now_micros());
  int64_t restore_micros = window.latest_micros;
  if (!use_latest) {
    const int64_t asked = TimestampMicros(request.at("RestoreDateTime"));
    // The window's bounds are answered to the millisecond, so a time read from them is inside.
    // DynamoDB ⚠: the message names both bounds; its exact wording is not confirmed.
    if (asked < window.earliest_micros - window.earliest_micros % 1000 ||
        asked > window.latest_micros) {
      return Status(ErrorCode::kInvalidRestoreTime, "Restore time must be between " +
                                                        IsoTime(window.earliest_micros) + " and " +
                                                        IsoTime(window.latest_micros));
    }
    // DynamoDB: restores are to the second: the items as they were at its start (the changes
    // made at that very instant included), never before recovery began.
    restore_micros = std::max(window.earliest_micros, asked - asked % kMicrosPerSecond);
  }
  const std::string target_name = request.at("TargetTableName").get<std::string>();
  if (context.catalog->FindTable(context.region, target_name) != nullptr) {
    return Status(ErrorCode::kTableAlreadyExists, "Table already exists: " + target_name);
  }
  DF_ASSIGN_OR_RETURN(table::TableDescription target,
                      RestoredTableDescription(context, request, described));
  const std::shared_ptr<const storage::Snapshot> snapshot = source->store()->GetSnapshot();
  table::RestoreSummary summary;
  summary.source_table_arn = described.table_arn;
  summary.restore_micros = restore_micros;
  return RestoreTable(context, std::move(target), std::move(summary), [&](table::Table& table) {
    table::Table::BulkLoad load(table);
    DF_RETURN_IF_ERROR(table::VisitItemsAsOf(
        *source->store(), *snapshot, described.table_id, restore_micros,
        [&](std::string_view encoded_item) { return load.Add(encoded_item); }));
    return load.Finish();
  });
}

}  // namespace dynafake::api
