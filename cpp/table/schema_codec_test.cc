#include "table/schema_codec.h"

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "util/coding.h"

namespace dynafake::table {
namespace {

SecondaryIndex RichIndex(std::string name, bool global, uint32_t id) {
  SecondaryIndex index;
  index.index_name = std::move(name);
  index.index_id = id;
  index.global = global;
  index.key_schema.hash = {"pk", model::AttributeType::kS};
  index.key_schema.range = model::KeyAttribute{"score", model::AttributeType::kN};
  index.projection.projection_type = ProjectionType::kInclude;
  index.projection.non_key_attributes = {"a", "b"};
  index.provisioned_throughput = {7, 8, 2, 1'700'000'000'000'001, 1'700'000'000'000'002};
  index.index_status = IndexStatus::kUpdating;
  index.backfilling = true;
  index.item_count = 12;
  index.index_size_bytes = 3456;
  if (global) {
    index.on_demand_throughput = {kNoMaximum, 250};
    index.warm_throughput = {12500, 0};
  }
  return index;
}

TableDescription RichDescription() {
  TableDescription d;
  d.table_id = 42;
  d.region = "eu-west-1";
  d.table_name = "Orders.v2";
  d.table_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders.v2";
  d.table_uuid = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
  d.attribute_definitions = {{"pk", model::AttributeType::kS},
                             {"score", model::AttributeType::kN},
                             {"blob", model::AttributeType::kB}};
  d.key_schema.hash = {"pk", model::AttributeType::kS};
  d.key_schema.range = model::KeyAttribute{"blob", model::AttributeType::kB};
  d.creation_micros = 1'700'000'000'123'456;
  d.table_status = TableStatus::kUpdating;
  d.status_until_micros = 1'700'000'005'000'000;
  d.billing_mode = BillingMode::kProvisioned;
  d.last_update_to_pay_per_request_micros = 1'690'000'000'000'000;
  d.provisioned_throughput = {5, 6, 3, 1'700'000'000'000'100, 1'700'000'000'000'200};
  d.on_demand_throughput = {1000, kNoMaximum};
  d.warm_throughput = {13000, 4500};
  d.local_secondary_indexes = {RichIndex("by_score", false, 1)};
  d.global_secondary_indexes = {RichIndex("g1", true, 2), RichIndex("g2", true, 4)};
  d.global_secondary_indexes[1].index_status = IndexStatus::kDeleting;
  d.deletion_protection_enabled = true;
  d.table_class = "STANDARD_INFREQUENT_ACCESS";
  d.item_count = 99;
  d.table_size_bytes = 123456789;
  d.table_class_last_update_micros = 1'700'000'000'000'300;
  d.next_index_id = 5;
  d.stream_specification = {
      true, "NEW_AND_OLD_IMAGES",
      "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026-01-01T00:00:00.000",
      "2026-01-01T00:00:00.000"};
  d.sse = {true, "KMS", "arn:aws:kms:eu-west-1:123456789012:key/abc"};
  d.tags = {{"env", "test"}, {"owner", ""}};
  d.pay_per_request_switch_micros = {1'690'000'000'000'000, 1'695'000'000'000'000};
  d.time_to_live = {"expires_at", TimeToLiveStatus::kDisabling, 1'700'000'009'000'000,
                    1'700'000'008'000'000};
  d.point_in_time_recovery = {true, 7, 1'700'000'001'000'000};
  d.restore_summary = RestoreSummary{"arn:aws:dynamodb:eu-west-1:123456789012:table/s/backup/x",
                                     "arn:aws:dynamodb:eu-west-1:123456789012:table/s",
                                     1'700'000'002'000'000, true};
  return d;
}

void ExpectSameThroughput(const ProvisionedThroughput& a, const ProvisionedThroughput& b) {
  EXPECT_EQ(a.read_capacity_units, b.read_capacity_units);
  EXPECT_EQ(a.write_capacity_units, b.write_capacity_units);
  EXPECT_EQ(a.number_of_decreases_today, b.number_of_decreases_today);
  EXPECT_EQ(a.last_increase_micros, b.last_increase_micros);
  EXPECT_EQ(a.last_decrease_micros, b.last_decrease_micros);
}

void ExpectSameIndex(const SecondaryIndex& a, const SecondaryIndex& b) {
  EXPECT_EQ(a.index_name, b.index_name);
  EXPECT_EQ(a.index_id, b.index_id);
  EXPECT_EQ(a.global, b.global);
  EXPECT_EQ(a.key_schema.hash.name, b.key_schema.hash.name);
  ASSERT_TRUE(b.key_schema.range.has_value());
  EXPECT_EQ(a.key_schema.range->name, b.key_schema.range->name);
  EXPECT_EQ(a.key_schema.range->type, b.key_schema.range->type);
  EXPECT_EQ(a.projection.projection_type, b.projection.projection_type);
  EXPECT_EQ(a.projection.non_key_attributes, b.projection.non_key_attributes);
  ExpectSameThroughput(a.provisioned_throughput, b.provisioned_throughput);
  EXPECT_EQ(a.index_status, b.index_status);
  EXPECT_EQ(a.backfilling, b.backfilling);
  EXPECT_EQ(a.item_count, b.item_count);
  EXPECT_EQ(a.index_size_bytes, b.index_size_bytes);
  EXPECT_EQ(a.on_demand_throughput.max_read_request_units,
            b.on_demand_throughput.max_read_request_units);
  EXPECT_EQ(a.on_demand_throughput.max_write_request_units,
            b.on_demand_throughput.max_write_request_units);
  EXPECT_EQ(a.warm_throughput.read_units_per_second, b.warm_throughput.read_units_per_second);
  EXPECT_EQ(a.warm_throughput.write_units_per_second, b.warm_throughput.write_units_per_second);
}

// `bytes` (the fields of one structure, no version byte) without the fields tagged `dropped`;
// the values of fields tagged `nested` are filtered the same way with `nested_dropped`.
std::string WithoutFields(std::string_view bytes, std::initializer_list<uint64_t> dropped,
                          uint64_t nested = 0,
                          std::initializer_list<uint64_t> nested_dropped = {}) {
  std::string out;
  while (!bytes.empty()) {
    uint64_t tag = 0;
    std::string_view value;
    if (!util::GetVarint64(&bytes, &tag) || !util::GetLengthPrefixed(&bytes, &value)) {
      ADD_FAILURE() << "malformed record";
      return out;
    }
    if (std::find(dropped.begin(), dropped.end(), tag) != dropped.end()) {
      continue;
    }
    util::PutVarint64(&out, tag);
    util::PutLengthPrefixed(&out, tag == nested && nested != 0
                                      ? WithoutFields(value, nested_dropped)
                                      : std::string(value));
  }
  return out;
}

TEST(SchemaCodecTest, RoundTripsEveryField) {
  const TableDescription original = RichDescription();
  const std::string bytes = EncodeTableDescription(original);
  EXPECT_EQ(static_cast<uint8_t>(bytes[0]), kTableDescriptionFormatVersion);

  Result<TableDescription> decoded = DecodeTableDescription(bytes);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().ToString();
  const TableDescription& d = decoded.value();
  EXPECT_EQ(d.table_id, 42u);
  EXPECT_EQ(d.region, "eu-west-1");
  EXPECT_EQ(d.table_name, "Orders.v2");
  EXPECT_EQ(d.table_arn, original.table_arn);
  EXPECT_EQ(d.table_uuid, original.table_uuid);
  ASSERT_EQ(d.attribute_definitions.size(), 3u);
  EXPECT_EQ(d.attribute_definitions[2].attribute_name, "blob");
  EXPECT_EQ(d.attribute_definitions[2].attribute_type, model::AttributeType::kB);
  EXPECT_EQ(d.key_schema.hash.name, "pk");
  ASSERT_TRUE(d.key_schema.range.has_value());
  EXPECT_EQ(d.key_schema.range->type, model::AttributeType::kB);
  EXPECT_EQ(d.creation_micros, 1'700'000'000'123'456);
  EXPECT_EQ(d.table_status, TableStatus::kUpdating);
  EXPECT_EQ(d.status_until_micros, 1'700'000'005'000'000);
  EXPECT_EQ(d.billing_mode, BillingMode::kProvisioned);
  EXPECT_EQ(d.last_update_to_pay_per_request_micros, 1'690'000'000'000'000);
  ExpectSameThroughput(original.provisioned_throughput, d.provisioned_throughput);
  ASSERT_EQ(d.local_secondary_indexes.size(), 1u);
  ExpectSameIndex(original.local_secondary_indexes[0], d.local_secondary_indexes[0]);
  ASSERT_EQ(d.global_secondary_indexes.size(), 2u);
  ExpectSameIndex(original.global_secondary_indexes[0], d.global_secondary_indexes[0]);
  ExpectSameIndex(original.global_secondary_indexes[1], d.global_secondary_indexes[1]);
  EXPECT_TRUE(d.deletion_protection_enabled);
  EXPECT_EQ(d.table_class, "STANDARD_INFREQUENT_ACCESS");
  EXPECT_EQ(d.item_count, 99);
  EXPECT_EQ(d.table_size_bytes, 123456789);
  EXPECT_EQ(d.table_class_last_update_micros, 1'700'000'000'000'300);
  EXPECT_EQ(d.next_index_id, 5u);
  EXPECT_TRUE(d.stream_specification.stream_enabled);
  EXPECT_EQ(d.stream_specification.stream_view_type, "NEW_AND_OLD_IMAGES");
  EXPECT_EQ(d.stream_specification.latest_stream_label, "2026-01-01T00:00:00.000");
  EXPECT_TRUE(
      d.stream_specification.latest_stream_arn.ends_with("/stream/2026-01-01T00:00:00.000"));
  EXPECT_TRUE(d.sse.enabled);
  EXPECT_EQ(d.sse.sse_type, "KMS");
  EXPECT_EQ(d.sse.kms_master_key_arn, original.sse.kms_master_key_arn);
  ASSERT_EQ(d.tags.size(), 2u);
  EXPECT_EQ(d.tags[1].key, "owner");
  EXPECT_EQ(d.tags[1].value, "");
  EXPECT_EQ(d.pay_per_request_switch_micros, original.pay_per_request_switch_micros);
  EXPECT_EQ(d.time_to_live.attribute_name, "expires_at");
  EXPECT_EQ(d.time_to_live.status, TimeToLiveStatus::kDisabling);
  EXPECT_EQ(d.time_to_live.status_until_micros, 1'700'000'009'000'000);
  EXPECT_EQ(d.time_to_live.last_change_micros, 1'700'000'008'000'000);
  EXPECT_EQ(d.on_demand_throughput.max_read_request_units, 1000);
  EXPECT_EQ(d.on_demand_throughput.max_write_request_units, kNoMaximum);
  EXPECT_EQ(d.warm_throughput.read_units_per_second, 13000);
  EXPECT_EQ(d.warm_throughput.write_units_per_second, 4500);
  EXPECT_EQ(d.global_secondary_indexes[0].on_demand_throughput.max_write_request_units, 250);
  EXPECT_EQ(d.global_secondary_indexes[0].warm_throughput.read_units_per_second, 12500);
  EXPECT_TRUE(d.point_in_time_recovery.enabled);
  EXPECT_EQ(d.point_in_time_recovery.recovery_period_days, 7);
  EXPECT_EQ(d.point_in_time_recovery.enabled_micros, 1'700'000'001'000'000);
  ASSERT_TRUE(d.restore_summary.has_value());
  EXPECT_EQ(d.restore_summary->source_backup_arn, original.restore_summary->source_backup_arn);
  EXPECT_EQ(d.restore_summary->source_table_arn, original.restore_summary->source_table_arn);
  EXPECT_EQ(d.restore_summary->restore_micros, 1'700'000'002'000'000);
  EXPECT_TRUE(d.restore_summary->in_progress);
  // Nothing was lost: the decoded description encodes to the same bytes.
  EXPECT_EQ(EncodeTableDescription(d), bytes);
}

TEST(SchemaCodecTest, RoundTripsTableWithoutRangeKeyOrIndexes) {
  TableDescription original;
  original.table_id = 1;
  original.table_name = "t";
  original.key_schema.hash = {"id", model::AttributeType::kN};
  Result<TableDescription> decoded = DecodeTableDescription(EncodeTableDescription(original));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_FALSE(decoded->key_schema.range.has_value());
  EXPECT_EQ(decoded->key_schema.hash.type, model::AttributeType::kN);
  EXPECT_TRUE(decoded->global_secondary_indexes.empty());
  EXPECT_TRUE(decoded->tags.empty());
  EXPECT_EQ(decoded->time_to_live.status, TimeToLiveStatus::kDisabled);
  EXPECT_TRUE(decoded->time_to_live.attribute_name.empty());
  EXPECT_EQ(decoded->time_to_live.last_change_micros, 0);
}

TEST(SchemaCodecTest, RecordWithoutTimeToLiveDecodesAsDisabled) {
  TableDescription original = RichDescription();
  original.time_to_live = {"ttl", TimeToLiveStatus::kEnabled, 0, 1};
  const std::string full = EncodeTableDescription(original);
  // The same record as a writer that predates Time to Live wrote it: without field 26.
  std::string older(1, full[0]);
  std::string_view rest = std::string_view(full).substr(1);
  bool dropped = false;
  while (!rest.empty()) {
    uint64_t tag = 0;
    std::string_view value;
    ASSERT_TRUE(util::GetVarint64(&rest, &tag) && util::GetLengthPrefixed(&rest, &value));
    if (tag == 26) {
      dropped = true;
      continue;
    }
    util::PutVarint64(&older, tag);
    util::PutLengthPrefixed(&older, value);
  }
  ASSERT_TRUE(dropped);
  Result<TableDescription> decoded = DecodeTableDescription(older);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().ToString();
  EXPECT_EQ(decoded->time_to_live.status, TimeToLiveStatus::kDisabled);
  EXPECT_TRUE(decoded->time_to_live.attribute_name.empty());
  EXPECT_EQ(decoded->time_to_live.last_change_micros, 0);
  EXPECT_EQ(DecodeTableDescription(full)->time_to_live.status, TimeToLiveStatus::kEnabled);
}

TEST(SchemaCodecTest, RecordWithoutCapacityLimitsDecodesToTheDefaults) {
  const std::string full = EncodeTableDescription(RichDescription());
  // As a writer that predates OnDemandThroughput and WarmThroughput wrote it: without the table's
  // fields 27 and 28 and its global indexes' (field 15) fields 13 and 14.
  const std::string older =
      full.substr(0, 1) + WithoutFields(std::string_view(full).substr(1), {27, 28}, 15, {13, 14});
  ASSERT_LT(older.size(), full.size());
  Result<TableDescription> decoded = DecodeTableDescription(older);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().ToString();
  EXPECT_EQ(decoded->on_demand_throughput.max_read_request_units, kNoMaximum);
  EXPECT_EQ(decoded->on_demand_throughput.max_write_request_units, kNoMaximum);
  EXPECT_EQ(decoded->warm_throughput.read_units_per_second, 0);
  EXPECT_EQ(decoded->warm_throughput.write_units_per_second, 0);
  ASSERT_EQ(decoded->global_secondary_indexes.size(), 2u);
  for (const SecondaryIndex& index : decoded->global_secondary_indexes) {
    EXPECT_EQ(index.on_demand_throughput.max_read_request_units, kNoMaximum);
    EXPECT_EQ(index.on_demand_throughput.max_write_request_units, kNoMaximum);
    EXPECT_EQ(index.warm_throughput.read_units_per_second, 0);
    EXPECT_EQ(index.warm_throughput.write_units_per_second, 0);
  }
  // Everything else is still there.
  EXPECT_EQ(decoded->global_secondary_indexes[1].index_name, "g2");
  EXPECT_EQ(decoded->time_to_live.attribute_name, "expires_at");
}

TEST(SchemaCodecTest, RejectsMalformedCapacityLimits) {
  std::string bytes = EncodeTableDescription(RichDescription());
  util::PutVarint64(&bytes, 28);                    // the table's WarmThroughput tag
  util::PutLengthPrefixed(&bytes, "\x01\x01\xff");  // read units: a varint cut short
  Result<TableDescription> decoded = DecodeTableDescription(bytes);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().message(), "Corrupt table description record: bad field 28");
}

TEST(SchemaCodecTest, RejectsOutOfRangeTimeToLiveStatus) {
  std::string ttl;
  util::PutVarint64(&ttl, 2);  // the status tag
  std::string status;
  util::PutVarint64(&status, 4);  // past kDisabling
  util::PutLengthPrefixed(&ttl, status);
  std::string bytes = EncodeTableDescription(RichDescription());
  util::PutVarint64(&bytes, 26);  // the table's Time to Live tag
  util::PutLengthPrefixed(&bytes, ttl);
  Result<TableDescription> decoded = DecodeTableDescription(bytes);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().message(), "Corrupt table description record: bad field 26");
}

TEST(SchemaCodecTest, RoundTripsMultiAttributeIndexKeysInOrder) {
  TableDescription original;
  original.table_id = 2;
  original.table_name = "t";
  original.key_schema.hash = {"id", model::AttributeType::kS};
  SecondaryIndex& index = original.global_secondary_indexes.emplace_back();
  index.index_name = "multi";
  index.index_id = 1;
  index.global = true;
  index.key_schema.hash = {"h1", model::AttributeType::kS};
  index.key_schema.range = model::KeyAttribute{"r1", model::AttributeType::kN};
  index.extra_hash_attributes = {{"h2", model::AttributeType::kN},
                                 {"h3", model::AttributeType::kB}};
  index.extra_range_attributes = {{"r2", model::AttributeType::kB},
                                  {"r3", model::AttributeType::kS}};
  Result<TableDescription> decoded = DecodeTableDescription(EncodeTableDescription(original));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().ToString();
  ASSERT_EQ(decoded->global_secondary_indexes.size(), 1u);
  const SecondaryIndex& d = decoded->global_secondary_indexes[0];
  ASSERT_TRUE(d.multi_attribute_key());
  std::vector<std::string> names;
  std::vector<model::AttributeType> types;
  for (const auto& group : {d.HashAttributes(), d.RangeAttributes()}) {
    for (const model::KeyAttribute* attribute : group) {
      names.push_back(attribute->name);
      types.push_back(attribute->type);
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{"h1", "h2", "h3", "r1", "r2", "r3"}));
  EXPECT_EQ(types,
            (std::vector<model::AttributeType>{
                model::AttributeType::kS, model::AttributeType::kN, model::AttributeType::kB,
                model::AttributeType::kN, model::AttributeType::kB, model::AttributeType::kS}));
}

TEST(SchemaCodecTest, SkipsFieldsOfANewerWriter) {
  std::string bytes = EncodeTableDescription(RichDescription());
  util::PutVarint64(&bytes, 999);
  util::PutLengthPrefixed(&bytes, "future");
  Result<TableDescription> decoded = DecodeTableDescription(bytes);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->table_name, "Orders.v2");
}

TEST(SchemaCodecTest, RejectsEmptyAndUnknownVersions) {
  Result<TableDescription> empty = DecodeTableDescription("");
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code(), ErrorCode::kInternalServerError);
  EXPECT_EQ(empty.error().message(), "Corrupt table description record: empty");

  std::string bytes = EncodeTableDescription(RichDescription());
  bytes[0] = 2;
  Result<TableDescription> newer = DecodeTableDescription(bytes);
  ASSERT_FALSE(newer.has_value());
  EXPECT_EQ(newer.error().message(),
            "Corrupt table description record: unsupported format version 2");
}

TEST(SchemaCodecTest, RejectsOutOfRangeEnumerations) {
  std::string bytes(1, static_cast<char>(kTableDescriptionFormatVersion));
  std::string status;
  util::PutVarint64(&status, 9);  // past kActive
  util::PutVarint64(&bytes, 9);   // the table-status tag
  util::PutLengthPrefixed(&bytes, status);
  Result<TableDescription> decoded = DecodeTableDescription(bytes);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().message(), "Corrupt table description record: bad field 9");
}

TEST(SchemaCodecTest, RejectsRecordsWithoutIdentity) {
  std::string bytes(1, static_cast<char>(kTableDescriptionFormatVersion));
  Result<TableDescription> decoded = DecodeTableDescription(bytes);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().message(),
            "Corrupt table description record: missing table id, name or key schema");
}

TEST(SchemaCodecTest, EveryTruncationDecodesOrFailsCleanly) {
  const std::string bytes = EncodeTableDescription(RichDescription());
  int failures = 0;
  for (size_t length = 0; length < bytes.size(); ++length) {
    Result<TableDescription> decoded = DecodeTableDescription(bytes.substr(0, length));
    failures += decoded.has_value() ? 0 : 1;
  }
  // Cutting inside the identity fields or inside any field is always detected.
  EXPECT_GT(failures, static_cast<int>(bytes.size()) / 2);
}

TEST(SchemaCodecTest, GarbageNeverCrashes) {
  std::mt19937 random(12345);
  std::uniform_int_distribution<int> byte(0, 255);
  const std::string valid = EncodeTableDescription(RichDescription());
  for (int round = 0; round < 3000; ++round) {
    std::string bytes;
    if (round % 2 == 0) {
      bytes.resize(round % 97);
      for (char& c : bytes) {
        c = static_cast<char>(byte(random));
      }
      if (!bytes.empty()) {
        bytes[0] = static_cast<char>(kTableDescriptionFormatVersion);
      }
    } else {
      bytes = valid;
      for (int flips = 0; flips < 3; ++flips) {
        bytes[random() % bytes.size()] = static_cast<char>(byte(random));
      }
    }
    Result<TableDescription> decoded = DecodeTableDescription(bytes);
    if (!decoded.has_value()) {
      EXPECT_EQ(decoded.error().code(), ErrorCode::kInternalServerError);
    }
  }
}

}  // namespace
}  // namespace dynafake::table
