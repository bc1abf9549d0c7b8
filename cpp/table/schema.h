// TableDescription: everything the engine knows about one table incarnation, in DynamoDB's
// vocabulary. Plain data; the catalog owns the authoritative copy and hands out snapshots.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/attribute_value.h"
#include "model/key.h"

namespace dynafake::table {

enum class TableStatus : uint8_t { kCreating, kUpdating, kDeleting, kActive };
enum class IndexStatus : uint8_t { kCreating, kUpdating, kDeleting, kActive };
enum class BillingMode : uint8_t { kProvisioned, kPayPerRequest };
enum class ProjectionType : uint8_t { kAll, kKeysOnly, kInclude };
enum class TimeToLiveStatus : uint8_t { kDisabled, kEnabling, kEnabled, kDisabling };

struct AttributeDefinition {
  std::string attribute_name;
  model::AttributeType attribute_type = model::AttributeType::kS;  // S, N or B
};

struct Projection {
  ProjectionType projection_type = ProjectionType::kAll;
  std::vector<std::string> non_key_attributes;  // INCLUDE only
};

struct ProvisionedThroughput {
  int64_t read_capacity_units = 0;
  int64_t write_capacity_units = 0;
  int64_t number_of_decreases_today = 0;
  int64_t last_increase_micros = 0;  // 0: never
  int64_t last_decrease_micros = 0;  // 0: never
};

// OnDemandThroughput: the most request units per second an on-demand table or global secondary
// index may consume; kNoMaximum where none is set (the service reports -1).
inline constexpr int64_t kNoMaximum = -1;

struct OnDemandThroughput {
  int64_t max_read_request_units = kNoMaximum;
  int64_t max_write_request_units = kNoMaximum;
};

// WarmThroughput asked for by CreateTable/UpdateTable: the units per second the table or global
// secondary index is prepared to serve at once; 0 where none was asked for.
struct WarmThroughput {
  int64_t read_units_per_second = 0;
  int64_t write_units_per_second = 0;
};

// StreamSpecification as given at CreateTable/UpdateTable, and the table's latest stream (whose
// records streams/ keeps).
struct StreamSpecification {
  bool stream_enabled = false;
  std::string stream_view_type;  // KEYS_ONLY | NEW_IMAGE | OLD_IMAGE | NEW_AND_OLD_IMAGES
  // DynamoDB: LatestStreamArn and LatestStreamLabel name the last stream enabled and remain after
  // it is disabled; empty when the table never had one.
  std::string latest_stream_arn;
  std::string latest_stream_label;
};

// Server-side encryption. Disabled means the AWS-owned key (no SSEDescription in responses).
struct SseSpecification {
  bool enabled = false;
  std::string sse_type;  // "KMS" when enabled
  std::string kms_master_key_arn;
};

struct Tag {
  std::string key;
  std::string value;

  bool operator==(const Tag&) const = default;
};

// The table's Time to Live setting (UpdateTimeToLive / DescribeTimeToLive; rules in ttl/).
struct TimeToLive {
  // The attribute holding each item's expiry time; empty when disabled.
  std::string attribute_name;
  TimeToLiveStatus status = TimeToLiveStatus::kDisabled;
  // When the current ENABLING/DISABLING status ends (engine clock); 0: settled.
  int64_t status_until_micros = 0;
  // When the last successful UpdateTimeToLive was made (the service limits how often); 0: never.
  int64_t last_change_micros = 0;
};

// Point-in-time recovery (UpdateContinuousBackups). While it is enabled, every change of an item
// is kept in the table's change log (table/change_log.h) for the recovery period, which restores
// read.
struct PointInTimeRecovery {
  bool enabled = false;
  // DynamoDB: 1..35 days, 35 unless UpdateContinuousBackups says otherwise.
  int64_t recovery_period_days = 35;
  // When it was last enabled (engine clock): no restore can go back before then.
  int64_t enabled_micros = 0;
};

// How a table made by RestoreTableFromBackup or RestoreTableToPointInTime came to be.
struct RestoreSummary {
  std::string source_backup_arn;  // empty for a point-in-time restore
  std::string source_table_arn;
  // The point in time restored (of the backup's creation, for a backup).
  int64_t restore_micros = 0;
  // True until every item is in: the table stays CREATING until then.
  bool in_progress = false;
};

struct SecondaryIndex {
  std::string index_name;
  // Storage id of the index's keyspace inside the table (1..); never reused within a table.
  uint32_t index_id = 0;
  bool global = false;
  // The first HASH and the first RANGE attribute of the index key.
  model::KeySchema key_schema;
  // DynamoDB: a global index key may have up to 4 HASH and 4 RANGE attributes; these are the ones
  // after key_schema.hash and key_schema.range, in KeySchema order (empty for most indexes).
  std::vector<model::KeyAttribute> extra_hash_attributes;
  std::vector<model::KeyAttribute> extra_range_attributes;
  Projection projection;
  ProvisionedThroughput provisioned_throughput;  // GSIs only
  OnDemandThroughput on_demand_throughput;       // GSIs only
  WarmThroughput warm_throughput;                // GSIs only
  IndexStatus index_status = IndexStatus::kActive;
  bool backfilling = false;
  int64_t item_count = 0;
  int64_t index_size_bytes = 0;

  // True when the key has more than one HASH or RANGE attribute.
  bool multi_attribute_key() const {
    return !extra_hash_attributes.empty() || !extra_range_attributes.empty();
  }

  // Every HASH attribute, then every RANGE attribute, in KeySchema order; the pointers are into
  // this index.
  std::vector<const model::KeyAttribute*> HashAttributes() const;
  std::vector<const model::KeyAttribute*> RangeAttributes() const;
  // True when `name` is one of the index's key attributes.
  bool IsKeyAttribute(std::string_view name) const;
};

struct TableDescription {
  // Storage id of this incarnation's keyspace; never reused by the engine.
  uint32_t table_id = 0;
  std::string region;
  std::string table_name;
  std::string table_arn;   // arn:aws:dynamodb:<region>:<account>:table/<name>
  std::string table_uuid;  // TableId in responses; new per incarnation
  std::vector<AttributeDefinition> attribute_definitions;
  model::KeySchema key_schema;
  int64_t creation_micros = 0;
  TableStatus table_status = TableStatus::kActive;
  // When the current CREATING/UPDATING/DELETING status ends (engine clock); 0: settled.
  int64_t status_until_micros = 0;
  BillingMode billing_mode = BillingMode::kProvisioned;
  // Set once the table has been on-demand: BillingModeSummary appears only then.
  int64_t last_update_to_pay_per_request_micros = 0;
  ProvisionedThroughput provisioned_throughput;
  OnDemandThroughput on_demand_throughput;
  WarmThroughput warm_throughput;
  std::vector<SecondaryIndex> local_secondary_indexes;
  std::vector<SecondaryIndex> global_secondary_indexes;
  bool deletion_protection_enabled = false;
  std::string table_class;                     // empty: STANDARD (no TableClassSummary)
  int64_t table_class_last_update_micros = 0;  // 0: never changed by UpdateTable
  // Next SecondaryIndex::index_id to hand out; ids are never reused within the table.
  uint32_t next_index_id = 1;
  StreamSpecification stream_specification;
  SseSpecification sse;
  std::vector<Tag> tags;
  // DynamoDB: a tag change settles after the catalog's transition time: until then the tags before
  // it are the ones shown, and another tag change or DeleteTable is refused. Not persisted: a
  // reopened table's tags are settled.
  std::vector<Tag> tags_before_change;
  int64_t tags_settle_micros = 0;
  TimeToLive time_to_live;
  PointInTimeRecovery point_in_time_recovery;
  // Set on a table a restore made.
  std::optional<RestoreSummary> restore_summary;
  // Times of the switches to PAY_PER_REQUEST in the last 24 hours (the service limits them).
  std::vector<int64_t> pay_per_request_switch_micros;
  // Live counts, maintained by the write path.
  int64_t item_count = 0;
  int64_t table_size_bytes = 0;

  // The local or global secondary index named `index_name`, or null.
  const SecondaryIndex* FindIndex(std::string_view index_name) const;
};

// Completes the table's CREATING/UPDATING status and its indexes' CREATING/UPDATING/DELETING
// transitions (a DELETING index is removed and the attribute definitions only it used are pruned)
// unless status_until_micros is still ahead of `now_micros` or a restore is still filling the
// table. A DELETING table is left to the catalog. Returns true when anything changed.
//
// A global secondary index UpdateTable adds (CREATING, not backfilling, the table UPDATING) then
// backfills for `backfill_micros` more: the table turns ACTIVE while the index stays CREATING with
// backfilling set and status_until_micros marks the end of the backfill, after which the index is
// ACTIVE. With `backfill_micros` 0 it becomes ACTIVE together with the table.
bool CompleteTransitions(TableDescription& description, int64_t now_micros,
                         int64_t backfill_micros = 0);

}  // namespace dynafake::table
