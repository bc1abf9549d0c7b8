#include "api/control/table_description_json.h"

#include "api/control/table_definition.h"

namespace dynafake::api {
namespace {

const char* ProjectionTypeName(table::ProjectionType type) {
  switch (type) {
    case table::ProjectionType::kKeysOnly:
      return "KEYS_ONLY";
    case table::ProjectionType::kInclude:
      return "INCLUDE";
    case table::ProjectionType::kAll:
      break;
  }
  return "ALL";
}

// DynamoDB: a multi-attribute index key is shown as given, HASH attributes first.
wire::Json IndexKeySchemaJson(const table::SecondaryIndex& index) {
  wire::Json keys = wire::Json::array();
  for (const model::KeyAttribute* attribute : index.HashAttributes()) {
    keys.push_back({{"AttributeName", attribute->name}, {"KeyType", "HASH"}});
  }
  for (const model::KeyAttribute* attribute : index.RangeAttributes()) {
    keys.push_back({{"AttributeName", attribute->name}, {"KeyType", "RANGE"}});
  }
  return keys;
}

wire::Json ProjectionJson(const table::Projection& projection) {
  wire::Json json = {{"ProjectionType", ProjectionTypeName(projection.projection_type)}};
  if (projection.projection_type == table::ProjectionType::kInclude) {
    json["NonKeyAttributes"] = projection.non_key_attributes;
  }
  return json;
}

// DynamoDB: on-demand tables and their GSIs report 0/0 (with NumberOfDecreasesToday).
wire::Json ThroughputJson(const table::ProvisionedThroughput& throughput, bool on_demand,
                          int64_t now_micros) {
  wire::Json json = {
      {"ReadCapacityUnits", on_demand ? 0 : throughput.read_capacity_units},
      {"WriteCapacityUnits", on_demand ? 0 : throughput.write_capacity_units},
      {"NumberOfDecreasesToday", DecreasesToday(throughput, now_micros)},
  };
  if (throughput.last_increase_micros != 0) {
    json["LastIncreaseDateTime"] = EpochSeconds(throughput.last_increase_micros);
  }
  if (throughput.last_decrease_micros != 0) {
    json["LastDecreaseDateTime"] = EpochSeconds(throughput.last_decrease_micros);
  }
  return json;
}

bool AskedFor(const table::WarmThroughput& requested) {
  return requested.read_units_per_second > 0 || requested.write_units_per_second > 0;
}

// DynamoDB: WarmThroughput is always reported (ReportedWarmThroughput). One asked for when the
// table or index was created shows Status UPDATING until that creation ends (lab probes
// DDB-TABLE-032, DDB-TABLE-134; create_table_test.cc WarmThroughputAskedForAtCreation).
wire::Json WarmThroughputJson(const table::TableDescription& d,
                              const table::ProvisionedThroughput& throughput,
                              const table::WarmThroughput& requested, bool creating) {
  const table::WarmThroughput reported = ReportedWarmThroughput(d, throughput, requested);
  return {{"ReadUnitsPerSecond", reported.read_units_per_second},
          {"WriteUnitsPerSecond", reported.write_units_per_second},
          {"Status", creating && AskedFor(requested) ? "UPDATING" : "ACTIVE"}};
}

// DynamoDB: only the maximums that are set appear, and nothing at all without one (lab probes
// DDB-TABLE-028, DDB-TABLE-182; test_on_demand_throughput.py test_only_the_maximums_set_are_shown,
// test_removing_every_maximum_removes_the_structure).
void AddOnDemandThroughput(const table::OnDemandThroughput& maximums, wire::Json& json) {
  wire::Json shown = wire::Json::object();
  if (maximums.max_read_request_units != table::kNoMaximum) {
    shown["MaxReadRequestUnits"] = maximums.max_read_request_units;
  }
  if (maximums.max_write_request_units != table::kNoMaximum) {
    shown["MaxWriteRequestUnits"] = maximums.max_write_request_units;
  }
  if (!shown.empty()) {
    json["OnDemandThroughput"] = std::move(shown);
  }
}

wire::Json IndexJson(const table::TableDescription& d, const table::SecondaryIndex& index,
                     int64_t now_micros, DescriptionView view) {
  wire::Json json = {
      {"IndexName", index.index_name},
      {"KeySchema", IndexKeySchemaJson(index)},
      {"Projection", ProjectionJson(index.projection)},
      {"IndexSizeBytes", index.index_size_bytes},
      {"ItemCount", index.item_count},
      {"IndexArn", d.table_arn + "/index/" + index.index_name},
  };
  if (!index.global) {
    return json;
  }
  json["IndexStatus"] = IndexStatusName(index.index_status);
  // DynamoDB: Backfilling appears only for an index UpdateTable is adding, never for those
  // created with the table.
  if (index.index_status == table::IndexStatus::kCreating &&
      d.table_status != table::TableStatus::kCreating) {
    json["Backfilling"] = index.backfilling;
  }
  const bool on_demand = d.billing_mode == table::BillingMode::kPayPerRequest;
  json["ProvisionedThroughput"] =
      ThroughputJson(index.provisioned_throughput, on_demand, now_micros);
  AddOnDemandThroughput(index.on_demand_throughput, json);
  if (view == DescriptionView::kFull) {
    json["WarmThroughput"] =
        WarmThroughputJson(d, index.provisioned_throughput, index.warm_throughput,
                           index.index_status == table::IndexStatus::kCreating);
  }
  return json;
}

wire::Json IndexListJson(const table::TableDescription& d,
                         const std::vector<table::SecondaryIndex>& indexes, int64_t now_micros,
                         DescriptionView view) {
  wire::Json list = wire::Json::array();
  for (const table::SecondaryIndex& index : indexes) {
    list.push_back(IndexJson(d, index, now_micros, view));
  }
  return list;
}

void AddOptionalSummaries(const table::TableDescription& d, DescriptionView view,
                          wire::Json& json) {
  const bool on_demand = d.billing_mode == table::BillingMode::kPayPerRequest;
  // DynamoDB: BillingModeSummary appears only for tables that are or were on-demand.
  if (on_demand || d.last_update_to_pay_per_request_micros != 0) {
    wire::Json summary = {{"BillingMode", BillingModeName(d.billing_mode)}};
    if (view == DescriptionView::kFull && d.last_update_to_pay_per_request_micros != 0) {
      summary["LastUpdateToPayPerRequestDateTime"] =
          EpochSeconds(d.last_update_to_pay_per_request_micros);
    }
    json["BillingModeSummary"] = std::move(summary);
  }
  if (!d.table_class.empty()) {
    wire::Json summary = {{"TableClass", d.table_class}};
    if (d.table_class_last_update_micros != 0) {
      summary["LastUpdateDateTime"] = EpochSeconds(d.table_class_last_update_micros);
    }
    json["TableClassSummary"] = std::move(summary);
  }
  if (d.stream_specification.stream_enabled) {
    json["StreamSpecification"] = {{"StreamEnabled", true},
                                   {"StreamViewType", d.stream_specification.stream_view_type}};
  }
  // DynamoDB: the latest stream stays named after it is disabled (test_stream_specification.py).
  if (!d.stream_specification.latest_stream_arn.empty()) {
    json["LatestStreamArn"] = d.stream_specification.latest_stream_arn;
    json["LatestStreamLabel"] = d.stream_specification.latest_stream_label;
  }
  // DynamoDB: a restored table shows its RestoreSummary while it is CREATING
  // (conformance/test_backups.py::test_backup_is_a_snapshot_and_restores_items_and_indexes).
  if (d.restore_summary && d.table_status == table::TableStatus::kCreating) {
    json["RestoreSummary"] = {{"SourceTableArn", d.restore_summary->source_table_arn},
                              {"RestoreDateTime", EpochSeconds(d.restore_summary->restore_micros)},
                              {"RestoreInProgress", true}};
    if (!d.restore_summary->source_backup_arn.empty()) {
      json["RestoreSummary"]["SourceBackupArn"] = d.restore_summary->source_backup_arn;
    }
  }
  // DynamoDB: no SSEDescription for the default AWS-owned key.
  if (d.sse.enabled) {
    json["SSEDescription"] = {{"Status", "ENABLED"},
                              {"SSEType", d.sse.sse_type},
                              {"KMSMasterKeyArn", d.sse.kms_master_key_arn}};
  }
}

wire::Json AttributeDefinitionsJson(const std::vector<table::AttributeDefinition>& definitions) {
  wire::Json list = wire::Json::array();
  for (const auto& definition : definitions) {
    list.push_back({{"AttributeName", definition.attribute_name},
                    {"AttributeType", model::AttributeTypeName(definition.attribute_type)}});
  }
  return list;
}

}  // namespace

const char* TableStatusName(table::TableStatus status) {
  switch (status) {
    case table::TableStatus::kCreating:
      return "CREATING";
    case table::TableStatus::kUpdating:
      return "UPDATING";
    case table::TableStatus::kDeleting:
      return "DELETING";
    case table::TableStatus::kActive:
      break;
  }
  return "ACTIVE";
}

const char* BillingModeName(table::BillingMode mode) {
  return mode == table::BillingMode::kPayPerRequest ? "PAY_PER_REQUEST" : "PROVISIONED";
}

const char* IndexStatusName(table::IndexStatus status) {
  switch (status) {
    case table::IndexStatus::kCreating:
      return "CREATING";
    case table::IndexStatus::kUpdating:
      return "UPDATING";
    case table::IndexStatus::kDeleting:
      return "DELETING";
    case table::IndexStatus::kActive:
      break;
  }
  return "ACTIVE";
}

wire::Json KeySchemaJson(const model::KeySchema& schema) {
  wire::Json keys = wire::Json::array();
  keys.push_back({{"AttributeName", schema.hash.name}, {"KeyType", "HASH"}});
  if (schema.range) {
    keys.push_back({{"AttributeName", schema.range->name}, {"KeyType", "RANGE"}});
  }
  return keys;
}

wire::Json TableDescriptionToJson(const table::TableDescription& d, int64_t now_micros,
                                  DescriptionView view) {
  const bool on_demand = d.billing_mode == table::BillingMode::kPayPerRequest;
  wire::Json json = {
      {"AttributeDefinitions", AttributeDefinitionsJson(d.attribute_definitions)},
      {"TableName", d.table_name},
      {"KeySchema", KeySchemaJson(d.key_schema)},
      {"TableStatus", TableStatusName(d.table_status)},
      {"CreationDateTime", EpochSeconds(d.creation_micros)},
      {"ProvisionedThroughput", ThroughputJson(d.provisioned_throughput, on_demand, now_micros)},
      {"TableSizeBytes", d.table_size_bytes},
      {"ItemCount", d.item_count},
      {"TableArn", d.table_arn},
      {"TableId", d.table_uuid},
      {"DeletionProtectionEnabled", d.deletion_protection_enabled},
  };
  if (!d.local_secondary_indexes.empty()) {
    json["LocalSecondaryIndexes"] = IndexListJson(d, d.local_secondary_indexes, now_micros, view);
  }
  if (!d.global_secondary_indexes.empty()) {
    json["GlobalSecondaryIndexes"] = IndexListJson(d, d.global_secondary_indexes, now_micros, view);
  }
  AddOptionalSummaries(d, view, json);
  AddOnDemandThroughput(d.on_demand_throughput, json);
  // DynamoDB: the CreateTable answer shows the table's WarmThroughput only when one was asked for
  // (lab probe DDB-TABLE-033; test_on_demand_throughput.py
  // test_create_response_has_no_warm_throughput_unless_asked).
  if (view == DescriptionView::kFull || AskedFor(d.warm_throughput)) {
    json["WarmThroughput"] = WarmThroughputJson(d, d.provisioned_throughput, d.warm_throughput,
                                                d.table_status == table::TableStatus::kCreating);
  }
  return json;
}

}  // namespace dynafake::api
