#include "api/backup/backup_json.h"

#include <algorithm>
#include <cmath>

#include "dynafake/clock.h"

#include "api/control/table_definition.h"
#include "api/control/table_description_json.h"

namespace dynafake::api {
namespace {

// DynamoDB ⚠: "LatestRestorableDateTime is typically 5 minutes before the current time".
constexpr int64_t kRestoreLagMicros = 5 * kMicrosPerMinute;

}  // namespace

wire::Json SelectMembers(const wire::Json& object, std::initializer_list<const char*> members) {
  wire::Json selected = wire::Json::object();
  for (const char* member : members) {
    if (auto it = object.find(member); it != object.end()) {
      selected[member] = *it;
    }
  }
  return selected;
}

Status TableNotFound(std::string_view table_name) {
  return Status(ErrorCode::kTableNotFound, "Table not found: " + std::string(table_name));
}

Result<std::shared_ptr<table::Table>> TableForBackups(const RequestContext& context,
                                                      const std::string& table_name) {
  std::shared_ptr<table::Table> table = context.catalog->FindTable(context.region, table_name);
  if (table == nullptr) {
    return TableNotFound(table_name);
  }
  return table;
}

Status CheckBackupsAvailable(const table::Table& table) {
  Status status;
  table.ReadDescription([&](const table::TableDescription& d) {
    if (d.table_status == table::TableStatus::kDeleting) {
      status = TableNotFound(d.table_name);
    } else if (d.table_status == table::TableStatus::kCreating) {
      status = Status(
          ErrorCode::kContinuousBackupsUnavailable,
          "Backups are being enabled for the table: " + d.table_name + ". Please retry later");
    }
  });
  return status;
}

int64_t TimestampMicros(const wire::Json& value) {
  const double seconds = value.is_number() ? value.get<double>() : 0;
  return std::isfinite(seconds) ? std::llround(seconds * 1e6) : 0;
}

wire::Json BackupDetailsJson(const backup::Backup& backup) {
  wire::Json json = {
      {"BackupArn", backup.backup_arn},
      {"BackupName", backup.backup_name},
      {"BackupSizeBytes", backup.size_bytes},
      {"BackupStatus", backup::BackupStatusName(backup.backup_status)},
      {"BackupType", backup::BackupTypeName(backup.backup_type)},
      {"BackupCreationDateTime", EpochSeconds(backup.creation_micros)},
  };
  if (backup.expiry_micros > 0) {
    json["BackupExpiryDateTime"] = EpochSeconds(backup.expiry_micros);
  }
  return json;
}

wire::Json BackupSummaryJson(const backup::Backup& backup) {
  wire::Json json = BackupDetailsJson(backup);
  json["TableName"] = backup.source.table_name;
  json["TableId"] = backup.source.table_uuid;
  json["TableArn"] = backup.source.table_arn;
  return json;
}

wire::Json BackupDescriptionJson(const backup::Backup& backup, int64_t now_micros) {
  const table::TableDescription& source = backup.source;
  const wire::Json described = TableDescriptionToJson(source, now_micros);
  wire::Json details = {
      {"TableName", source.table_name},
      {"TableId", source.table_uuid},
      {"TableArn", source.table_arn},
      {"TableSizeBytes", backup.size_bytes},
      {"KeySchema", described.at("KeySchema")},
      {"TableCreationDateTime", EpochSeconds(source.creation_micros)},
      {"ProvisionedThroughput", SelectMembers(described.at("ProvisionedThroughput"),
                                              {"ReadCapacityUnits", "WriteCapacityUnits"})},
      {"ItemCount", backup.item_count},
      {"BillingMode", BillingModeName(source.billing_mode)},
  };
  if (auto it = described.find("OnDemandThroughput"); it != described.end()) {
    details["OnDemandThroughput"] = *it;
  }
  wire::Json features = wire::Json::object();
  if (auto it = described.find("LocalSecondaryIndexes"); it != described.end()) {
    features["LocalSecondaryIndexes"] = wire::Json::array();
    for (const wire::Json& index : *it) {
      features["LocalSecondaryIndexes"].push_back(
          SelectMembers(index, {"IndexName", "KeySchema", "Projection"}));
    }
  }
  if (auto it = described.find("GlobalSecondaryIndexes"); it != described.end()) {
    features["GlobalSecondaryIndexes"] = wire::Json::array();
    for (const wire::Json& index : *it) {
      wire::Json info =
          SelectMembers(index, {"IndexName", "KeySchema", "Projection", "OnDemandThroughput"});
      info["ProvisionedThroughput"] = SelectMembers(index.at("ProvisionedThroughput"),
                                                    {"ReadCapacityUnits", "WriteCapacityUnits"});
      features["GlobalSecondaryIndexes"].push_back(std::move(info));
    }
  }
  if (source.stream_specification.stream_enabled) {
    features["StreamDescription"] = {
        {"StreamEnabled", true}, {"StreamViewType", source.stream_specification.stream_view_type}};
  }
  if (source.time_to_live.status != table::TimeToLiveStatus::kDisabled) {
    features["TimeToLiveDescription"] = {{"TimeToLiveStatus", "ENABLED"},
                                         {"AttributeName", source.time_to_live.attribute_name}};
  }
  if (auto it = described.find("SSEDescription"); it != described.end()) {
    features["SSEDescription"] = *it;
  }
  return {{"BackupDetails", BackupDetailsJson(backup)},
          {"SourceTableDetails", std::move(details)},
          {"SourceTableFeatureDetails", std::move(features)}};
}

RestorableWindow RestorableWindowOf(const table::PointInTimeRecovery& pitr, int64_t now_micros) {
  RestorableWindow window;
  window.earliest_micros =
      std::max(pitr.enabled_micros, now_micros - pitr.recovery_period_days * kMicrosPerDay);
  window.latest_micros = std::max(window.earliest_micros, now_micros - kRestoreLagMicros);
  return window;
}

wire::Json ContinuousBackupsAnswer(const table::Table& table, int64_t now_micros) {
  table::PointInTimeRecovery pitr;
  table.ReadDescription([&](const table::TableDescription& d) { pitr = d.point_in_time_recovery; });
  wire::Json recovery = {{"PointInTimeRecoveryStatus", pitr.enabled ? "ENABLED" : "DISABLED"}};
  if (pitr.enabled) {
    const RestorableWindow window = RestorableWindowOf(pitr, now_micros);
    recovery["RecoveryPeriodInDays"] = pitr.recovery_period_days;
    recovery["EarliestRestorableDateTime"] = EpochSeconds(window.earliest_micros);
    recovery["LatestRestorableDateTime"] = EpochSeconds(window.latest_micros);
  }
  // DynamoDB: ContinuousBackupsStatus is ENABLED on every table; it is not the recovery switch.
  return {{"ContinuousBackupsDescription",
           {{"ContinuousBackupsStatus", "ENABLED"},
            {"PointInTimeRecoveryDescription", std::move(recovery)}}}};
}

}  // namespace dynafake::api
