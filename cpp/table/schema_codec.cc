#include "table/schema_codec.h"

#include <limits>

#include "util/coding.h"

namespace dynafake::table {
namespace {

// Field tags, per structure. NEVER renumber or reuse a tag: stored records must keep decoding.
enum KeyAttributeTag : uint32_t { kKeyAttributeName = 1, kKeyAttributeType = 2 };

enum KeySchemaTag : uint32_t { kKeySchemaHash = 1, kKeySchemaRange = 2 };

enum AttributeDefinitionTag : uint32_t { kDefinitionName = 1, kDefinitionType = 2 };

enum ProjectionTag : uint32_t { kProjectionType = 1, kProjectionNonKeyAttribute = 2 };

enum ThroughputTag : uint32_t {
  kThroughputRead = 1,
  kThroughputWrite = 2,
  kThroughputDecreasesToday = 3,
  kThroughputLastIncrease = 4,
  kThroughputLastDecrease = 5,
};

enum OnDemandThroughputTag : uint32_t { kOnDemandMaxRead = 1, kOnDemandMaxWrite = 2 };

enum WarmThroughputTag : uint32_t { kWarmRead = 1, kWarmWrite = 2 };

enum IndexTag : uint32_t {
  kIndexName = 1,
  kIndexId = 2,
  kIndexGlobal = 3,
  kIndexKeySchema = 4,
  kIndexProjection = 5,
  kIndexThroughput = 6,
  kIndexStatus = 7,
  kIndexBackfilling = 8,
  kIndexItemCount = 9,
  kIndexSizeBytes = 10,
  // Repeated, in KeySchema order: the key attributes after key_schema's HASH and RANGE ones.
  kIndexExtraHashAttribute = 11,
  kIndexExtraRangeAttribute = 12,
  kIndexOnDemandThroughput = 13,
  kIndexWarmThroughput = 14,
};

enum StreamTag : uint32_t {
  kStreamEnabled = 1,
  kStreamViewType = 2,
  kStreamLatestArn = 3,
  kStreamLatestLabel = 4,
};

enum SseTag : uint32_t { kSseEnabled = 1, kSseType = 2, kSseKmsKeyArn = 3 };

enum TagTag : uint32_t { kTagKey = 1, kTagValue = 2 };

enum TimeToLiveTag : uint32_t {
  kTimeToLiveAttributeName = 1,
  kTimeToLiveStatus = 2,
  kTimeToLiveStatusUntil = 3,
  kTimeToLiveLastChange = 4,
};

enum TableTag : uint32_t {
  kTableId = 1,
  kTableRegion = 2,
  kTableName = 3,
  kTableArn = 4,
  kTableUuid = 5,
  kTableAttributeDefinition = 6,
  kTableKeySchema = 7,
  kTableCreation = 8,
  kTableStatus = 9,
  kTableStatusUntil = 10,
  kTableBillingMode = 11,
  kTableLastUpdateToPayPerRequest = 12,
  kTableThroughput = 13,
  kTableLocalIndex = 14,
  kTableGlobalIndex = 15,
  kTableDeletionProtection = 16,
  kTableClass = 17,
  kTableItemCount = 18,
  kTableSizeBytes = 19,
  kTableClassLastUpdate = 20,
  kTableNextIndexId = 21,
  kTableStream = 22,
  kTableSse = 23,
  kTableTag = 24,
  kTablePayPerRequestSwitch = 25,
  kTableTimeToLive = 26,
  kTableOnDemandThroughput = 27,
  kTableWarmThroughput = 28,
  kTablePointInTimeRecovery = 29,
  kTableRestoreSummary = 30,
};

enum PointInTimeRecoveryTag : uint32_t {
  kPitrEnabled = 1,
  kPitrRecoveryPeriodDays = 2,
  kPitrEnabledAt = 3,
};

enum RestoreSummaryTag : uint32_t {
  kRestoreSourceBackupArn = 1,
  kRestoreSourceTableArn = 2,
  kRestoreTime = 3,
  kRestoreInProgress = 4,
};

class FieldWriter {
 public:
  void Uint(uint32_t tag, uint64_t value) {
    std::string bytes;
    util::PutVarint64(&bytes, value);
    Bytes(tag, bytes);
  }

  void Int(uint32_t tag, int64_t value) {
    std::string bytes;
    util::PutVarintSigned64(&bytes, value);
    Bytes(tag, bytes);
  }

  void Bool(uint32_t tag, bool value) { Uint(tag, value ? 1 : 0); }

  void Bytes(uint32_t tag, std::string_view value) {
    util::PutVarint64(&out_, tag);
    util::PutLengthPrefixed(&out_, value);
  }

  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// The fields of one encoded structure, front to back.
class FieldReader {
 public:
  explicit FieldReader(std::string_view input) : input_(input) {}

  // Moves to the next field; false at the end or on malformed input (then ok() is false).
  bool Next() {
    if (input_.empty()) {
      return false;
    }
    uint64_t tag = 0;
    if (!util::GetVarint64(&input_, &tag) || !util::GetLengthPrefixed(&input_, &value_)) {
      ok_ = false;
      return false;
    }
    tag_ = tag;
    return true;
  }

  uint64_t tag() const { return tag_; }

  std::string_view value() const { return value_; }

  bool ok() const { return ok_; }

 private:
  std::string_view input_;
  std::string_view value_;
  uint64_t tag_ = 0;
  bool ok_ = true;
};

// Calls `field(tag, value)` for every field of a structure's encoding. False when the encoding is
// malformed or `field` refuses a value; `field` accepts the tags it does not know (fields of a
// newer writer).
template <typename FieldFn>
bool DecodeFields(std::string_view bytes, const FieldFn& field) {
  FieldReader reader(bytes);
  while (reader.Next()) {
    if (!field(reader.tag(), reader.value())) {
      return false;
    }
  }
  return reader.ok();
}

bool GetString(std::string_view value, std::string* out) {
  out->assign(value);
  return true;
}

bool GetUint(std::string_view value, uint64_t* out) {
  return util::GetVarint64(&value, out) && value.empty();
}

bool GetInt(std::string_view value, int64_t* out) {
  return util::GetVarintSigned64(&value, out) && value.empty();
}

bool GetUint32(std::string_view value, uint32_t* out) {
  uint64_t raw = 0;
  if (!GetUint(value, &raw) || raw > std::numeric_limits<uint32_t>::max()) {
    return false;
  }
  *out = static_cast<uint32_t>(raw);
  return true;
}

bool GetBool(std::string_view value, bool* out) {
  uint64_t raw = 0;
  if (!GetUint(value, &raw) || raw > 1) {
    return false;
  }
  *out = raw == 1;
  return true;
}

// Enumerations are stored by their numeric value; anything past `last` is corruption.
template <typename Enum>
bool GetEnum(std::string_view value, Enum last, Enum* out) {
  uint64_t raw = 0;
  if (!GetUint(value, &raw) || raw > static_cast<uint64_t>(last)) {
    return false;
  }
  *out = static_cast<Enum>(raw);
  return true;
}

bool GetKeyType(std::string_view value, model::AttributeType* out) {
  return GetEnum(value, model::AttributeType::kM, out) && model::IsScalarKeyType(*out);
}

std::string EncodeKeyAttribute(const model::KeyAttribute& attribute) {
  FieldWriter writer;
  writer.Bytes(kKeyAttributeName, attribute.name);
  writer.Uint(kKeyAttributeType, static_cast<uint64_t>(attribute.type));
  return writer.Take();
}

bool DecodeKeyAttribute(std::string_view bytes, model::KeyAttribute* out) {
  const bool decoded = DecodeFields(bytes, [out](uint64_t tag, std::string_view value) {
    switch (tag) {
      case kKeyAttributeName:
        return GetString(value, &out->name);
      case kKeyAttributeType:
        return GetKeyType(value, &out->type);
      default:
        return true;
    }
  });
  return decoded && !out->name.empty();
}

std::string EncodeKeySchema(const model::KeySchema& schema) {
  FieldWriter writer;
  writer.Bytes(kKeySchemaHash, EncodeKeyAttribute(schema.hash));
  if (schema.range) {
    writer.Bytes(kKeySchemaRange, EncodeKeyAttribute(*schema.range));
  }
  return writer.Take();
}

bool DecodeKeySchema(std::string_view bytes, model::KeySchema* out) {
  bool has_hash = false;
  const bool decoded = DecodeFields(bytes, [out, &has_hash](uint64_t tag, std::string_view value) {
    switch (tag) {
      case kKeySchemaHash:
        has_hash = true;
        return DecodeKeyAttribute(value, &out->hash);
      case kKeySchemaRange:
        return DecodeKeyAttribute(value, &out->range.emplace());
      default:
        return true;
    }
  });
  return decoded && has_hash;
}

std::string EncodeAttributeDefinition(const AttributeDefinition& definition) {
  FieldWriter writer;
  writer.Bytes(kDefinitionName, definition.attribute_name);
  writer.Uint(kDefinitionType, static_cast<uint64_t>(definition.attribute_type));
  return writer.Take();
}

bool DecodeAttributeDefinition(std::string_view bytes, AttributeDefinition* out) {
  return DecodeFields(bytes, [out](uint64_t tag, std::string_view value) {
    switch (tag) {
      case kDefinitionName:
        return GetString(value, &out->attribute_name);
      case kDefinitionType:
        return GetKeyType(value, &out->attribute_type);
      default:
        return true;
    }
  });
}

std::string EncodeProjection(const Projection& projection) {
  FieldWriter writer;
  writer.Uint(kProjectionType, static_cast<uint64_t>(projection.projection_type));
  for (const std::string& name : projection.non_key_attributes) {
    writer.Bytes(kProjectionNonKeyAttribute, name);
  }
  return writer.Take();
}

bool DecodeProjection(std::string_view bytes, Projection* out) {
  return DecodeFields(bytes, [out](uint64_t tag, std::string_view value) {
    switch (tag) {
      case kProjectionType:
        return GetEnum(value, ProjectionType::kInclude, &out->projection_type);
      case kProjectionNonKeyAttribute:
        return GetString(value, &out->non_key_attributes.emplace_back());
      default:
        return true;
    }
  });
}

std::string EncodeThroughput(const ProvisionedThroughput& throughput) {
  FieldWriter writer;
  writer.Int(kThroughputRead, throughput.read_capacity_units);
  writer.Int(kThroughputWrite, throughput.write_capacity_units);
  writer.Int(kThroughputDecreasesToday, throughput.number_of_decreases_today);
  writer.Int(kThroughputLastIncrease, throughput.last_increase_micros);
  writer.Int(kThroughputLastDecrease, throughput.last_decrease_micros);
  return writer.Take();
}

bool DecodeThroughput(std::string_view bytes, ProvisionedThroughput* out) {
  return DecodeFields(bytes, [out](uint64_t tag, std::string_view value) {
    switch (tag) {
      case kThroughputRead:
        return GetInt(value, &out->read_capacity_units);
      case kThroughputWrite:
        return GetInt(value, &out->write_capacity_units);
      case kThroughputDecreasesToday:
        return GetInt(value, &out->number_of_decreases_today);
      case kThroughputLastIncrease:
        return GetInt(value, &out->last_increase_micros);
      case kThroughputLastDecrease:
        return GetInt(value, &out->last_decrease_micros);
      default:
        return true;
    }
  });
}

// Records written before these fields existed lack them and decode to the defaults (no maximum,
// no warm throughput asked for).
std::string EncodeOnDemandThroughput(const OnDemandThroughput& throughput) {
  FieldWriter writer;
  writer.Int(kOnDemandMaxRead, throughput.max_read_request_units);
  writer.Int(kOnDemandMaxWrite, throughput.max_write_request_units);
  return writer.Take();
}

bool DecodeOnDemandThroughput(std::string_view bytes, OnDemandThroughput* out) {
  return DecodeFields(bytes, [out](uint64_t tag, std::string_view value) {
    switch (tag) {
      case kOnDemandMaxRead:
        return GetInt(value, &out->max_read_request_units);
      case kOnDemandMaxWrite:
        return GetInt(value, &out->max_write_request_units);
      default:
        return true;
    }
  });
}

std::string EncodeWarmThroughput(const WarmThroughput& throughput) {
  FieldWriter writer;
  writer.Int(kWarmRead, throughput.read_units_per_second);
  writer.Int(kWarmWrite, throughput.write_units_per_second);
  return writer.Take();
}

bool DecodeWarmThroughput(std::string_view bytes, WarmThroughput* out) {
  return DecodeFields(bytes, [out](uint64_t tag, std::string_view value) {
    switch (tag) {
      case kWarmRead:
        return GetInt(value, &out->read_units_per_second);
      case kWarmWrite:
        return GetInt(value, &out->write_units_per_second);
      default:
        return true;
    }
  });
}

std::string EncodePointInTimeRecovery(const PointInTimeRecovery& pitr) {
  FieldWriter writer;
  writer.Bool(kPitrEnabled, pitr.enabled);
  writer.Int(kPitrRecoveryPeriodDays, pitr.recovery_period_days);
  writer.Int(kPitrEnabledAt, pitr.enabled_micros);
  return writer.Take();
}

bool DecodePointInTimeRecovery(std::string_view bytes, PointInTimeRecovery* out) {
  return DecodeFields(bytes, [out](uint64_t tag, std::string_view value) {
    switch (tag) {
      case kPitrEnabled:
        return GetBool(value, &out->enabled);
      case kPitrRecoveryPeriodDays:
        return GetInt(value, &out->recovery_period_days);
      case kPitrEnabledAt:
        return GetInt(value, &out->enabled_micros);
      default:
        return true;
    }
  });
}

std::string EncodeRestoreSummary(const RestoreSummary& summary) {
  FieldWriter writer;
  writer.Bytes(kRestoreSourceBackupArn, summary.source_backup_arn);
  writer.Bytes(kRestoreSourceTableArn, summary.source_table_arn);
  writer.Int(kRestoreTime, summary.restore_micros);
  writer.Bool(kRestoreInProgress, summary.in_progress);
  return writer.Take();
}

bool DecodeRestoreSummary(std::string_view bytes, RestoreSummary* out) {
  return DecodeFields(bytes, [out](uint64_t tag, std::string_view value) {
    switch (tag) {
      case kRestoreSourceBackupArn:
        return GetString(value, &out->source_backup_arn);
      case kRestoreSourceTableArn:
        return GetString(value, &out->source_table_arn);
      case kRestoreTime:
        return GetInt(value, &out->restore_micros);
      case kRestoreInProgress:
        return GetBool(value, &out->in_progress);
      default:
        return true;
    }
  });
}

std::string EncodeIndex(const SecondaryIndex& index) {
  FieldWriter writer;
  writer.Bytes(kIndexName, index.index_name);
  writer.Uint(kIndexId, index.index_id);
  writer.Bool(kIndexGlobal, index.global);
  writer.Bytes(kIndexKeySchema, EncodeKeySchema(index.key_schema));
  writer.Bytes(kIndexProjection, EncodeProjection(index.projection));
  writer.Bytes(kIndexThroughput, EncodeThroughput(index.provisioned_throughput));
  writer.Uint(kIndexStatus, static_cast<uint64_t>(index.index_status));
  writer.Bool(kIndexBackfilling, index.backfilling);
  writer.Int(kIndexItemCount, index.item_count);
  writer.Int(kIndexSizeBytes, index.index_size_bytes);
  for (const model::KeyAttribute& attribute : index.extra_hash_attributes) {
    writer.Bytes(kIndexExtraHashAttribute, EncodeKeyAttribute(attribute));
  }
  for (const model::KeyAttribute& attribute : index.extra_range_attributes) {
    writer.Bytes(kIndexExtraRangeAttribute, EncodeKeyAttribute(attribute));
  }
  writer.Bytes(kIndexOnDemandThroughput, EncodeOnDemandThroughput(index.on_demand_throughput));
  writer.Bytes(kIndexWarmThroughput, EncodeWarmThroughput(index.warm_throughput));
  return writer.Take();
}

bool DecodeIndexField(uint64_t tag, std::string_view value, SecondaryIndex* out) {
  switch (tag) {
    case kIndexName:
      return GetString(value, &out->index_name);
    case kIndexId:
      return GetUint32(value, &out->index_id);
    case kIndexGlobal:
      return GetBool(value, &out->global);
    case kIndexKeySchema:
      return DecodeKeySchema(value, &out->key_schema);
    case kIndexProjection:
      return DecodeProjection(value, &out->projection);
    case kIndexThroughput:
      return DecodeThroughput(value, &out->provisioned_throughput);
    case kIndexStatus:
      return GetEnum(value, IndexStatus::kActive, &out->index_status);
    case kIndexBackfilling:
      return GetBool(value, &out->backfilling);
    case kIndexItemCount:
      return GetInt(value, &out->item_count);
    case kIndexSizeBytes:
      return GetInt(value, &out->index_size_bytes);
    case kIndexExtraHashAttribute:
      return DecodeKeyAttribute(value, &out->extra_hash_attributes.emplace_back());
    case kIndexExtraRangeAttribute:
      return DecodeKeyAttribute(value, &out->extra_range_attributes.emplace_back());
    case kIndexOnDemandThroughput:
      return DecodeOnDemandThroughput(value, &out->on_demand_throughput);
    case kIndexWarmThroughput:
      return DecodeWarmThroughput(value, &out->warm_throughput);
    default:
      return true;
  }
}

bool DecodeIndex(std::string_view bytes, SecondaryIndex* out) {
  const bool decoded = DecodeFields(bytes, [out](uint64_t tag, std::string_view value) {
    return DecodeIndexField(tag, value, out);
  });
  return decoded && !out->index_name.empty();
}

std::string EncodeStream(const StreamSpecification& stream) {
  FieldWriter writer;
  writer.Bool(kStreamEnabled, stream.stream_enabled);
  writer.Bytes(kStreamViewType, stream.stream_view_type);
  writer.Bytes(kStreamLatestArn, stream.latest_stream_arn);
  writer.Bytes(kStreamLatestLabel, stream.latest_stream_label);
  return writer.Take();
}

bool DecodeStream(std::string_view bytes, StreamSpecification* out) {
  return DecodeFields(bytes, [out](uint64_t tag, std::string_view value) {
    switch (tag) {
      case kStreamEnabled:
        return GetBool(value, &out->stream_enabled);
      case kStreamViewType:
        return GetString(value, &out->stream_view_type);
      case kStreamLatestArn:
        return GetString(value, &out->latest_stream_arn);
      case kStreamLatestLabel:
        return GetString(value, &out->latest_stream_label);
      default:
        return true;
    }
  });
}

std::string EncodeSse(const SseSpecification& sse) {
  FieldWriter writer;
  writer.Bool(kSseEnabled, sse.enabled);
  writer.Bytes(kSseType, sse.sse_type);
  writer.Bytes(kSseKmsKeyArn, sse.kms_master_key_arn);
  return writer.Take();
}

bool DecodeSse(std::string_view bytes, SseSpecification* out) {
  return DecodeFields(bytes, [out](uint64_t tag, std::string_view value) {
    switch (tag) {
      case kSseEnabled:
        return GetBool(value, &out->enabled);
      case kSseType:
        return GetString(value, &out->sse_type);
      case kSseKmsKeyArn:
        return GetString(value, &out->kms_master_key_arn);
      default:
        return true;
    }
  });
}

std::string EncodeTag(const Tag& tag) {
  FieldWriter writer;
  writer.Bytes(kTagKey, tag.key);
  writer.Bytes(kTagValue, tag.value);
  return writer.Take();
}

bool DecodeTag(std::string_view bytes, Tag* out) {
  return DecodeFields(bytes, [out](uint64_t tag, std::string_view value) {
    switch (tag) {
      case kTagKey:
        return GetString(value, &out->key);
      case kTagValue:
        return GetString(value, &out->value);
      default:
        return true;
    }
  });
}

std::string EncodeTimeToLive(const TimeToLive& ttl) {
  FieldWriter writer;
  writer.Bytes(kTimeToLiveAttributeName, ttl.attribute_name);
  writer.Uint(kTimeToLiveStatus, static_cast<uint64_t>(ttl.status));
  writer.Int(kTimeToLiveStatusUntil, ttl.status_until_micros);
  writer.Int(kTimeToLiveLastChange, ttl.last_change_micros);
  return writer.Take();
}

bool DecodeTimeToLive(std::string_view bytes, TimeToLive* out) {
  return DecodeFields(bytes, [out](uint64_t tag, std::string_view value) {
    switch (tag) {
      case kTimeToLiveAttributeName:
        return GetString(value, &out->attribute_name);
      case kTimeToLiveStatus:
        return GetEnum(value, TimeToLiveStatus::kDisabling, &out->status);
      case kTimeToLiveStatusUntil:
        return GetInt(value, &out->status_until_micros);
      case kTimeToLiveLastChange:
        return GetInt(value, &out->last_change_micros);
      default:
        return true;
    }
  });
}

void EncodeTableScalars(const TableDescription& d, FieldWriter& writer) {
  writer.Uint(kTableId, d.table_id);
  writer.Bytes(kTableRegion, d.region);
  writer.Bytes(kTableName, d.table_name);
  writer.Bytes(kTableArn, d.table_arn);
  writer.Bytes(kTableUuid, d.table_uuid);
  writer.Int(kTableCreation, d.creation_micros);
  writer.Uint(kTableStatus, static_cast<uint64_t>(d.table_status));
  writer.Int(kTableStatusUntil, d.status_until_micros);
  writer.Uint(kTableBillingMode, static_cast<uint64_t>(d.billing_mode));
  writer.Int(kTableLastUpdateToPayPerRequest, d.last_update_to_pay_per_request_micros);
  writer.Bool(kTableDeletionProtection, d.deletion_protection_enabled);
  writer.Bytes(kTableClass, d.table_class);
  writer.Int(kTableItemCount, d.item_count);
  writer.Int(kTableSizeBytes, d.table_size_bytes);
  writer.Int(kTableClassLastUpdate, d.table_class_last_update_micros);
  writer.Uint(kTableNextIndexId, d.next_index_id);
}

bool DecodeTableScalar(uint64_t tag, std::string_view value, TableDescription* d) {
  switch (tag) {
    case kTableId:
      return GetUint32(value, &d->table_id);
    case kTableRegion:
      return GetString(value, &d->region);
    case kTableName:
      return GetString(value, &d->table_name);
    case kTableArn:
      return GetString(value, &d->table_arn);
    case kTableUuid:
      return GetString(value, &d->table_uuid);
    case kTableCreation:
      return GetInt(value, &d->creation_micros);
    case kTableStatus:
      return GetEnum(value, TableStatus::kActive, &d->table_status);
    case kTableStatusUntil:
      return GetInt(value, &d->status_until_micros);
    case kTableBillingMode:
      return GetEnum(value, BillingMode::kPayPerRequest, &d->billing_mode);
    case kTableLastUpdateToPayPerRequest:
      return GetInt(value, &d->last_update_to_pay_per_request_micros);
    case kTableDeletionProtection:
      return GetBool(value, &d->deletion_protection_enabled);
    case kTableClass:
      return GetString(value, &d->table_class);
    case kTableItemCount:
      return GetInt(value, &d->item_count);
    case kTableSizeBytes:
      return GetInt(value, &d->table_size_bytes);
    case kTableClassLastUpdate:
      return GetInt(value, &d->table_class_last_update_micros);
    case kTableNextIndexId:
      return GetUint32(value, &d->next_index_id);
    default:
      return true;  // a field of a newer writer
  }
}

bool DecodeTableField(uint64_t tag, std::string_view value, TableDescription* d) {
  switch (tag) {
    case kTableAttributeDefinition:
      return DecodeAttributeDefinition(value, &d->attribute_definitions.emplace_back());
    case kTableKeySchema:
      return DecodeKeySchema(value, &d->key_schema);
    case kTableThroughput:
      return DecodeThroughput(value, &d->provisioned_throughput);
    case kTableLocalIndex:
      return DecodeIndex(value, &d->local_secondary_indexes.emplace_back());
    case kTableGlobalIndex:
      return DecodeIndex(value, &d->global_secondary_indexes.emplace_back());
    case kTableStream:
      return DecodeStream(value, &d->stream_specification);
    case kTableSse:
      return DecodeSse(value, &d->sse);
    case kTableTag:
      return DecodeTag(value, &d->tags.emplace_back());
    case kTablePayPerRequestSwitch:
      return GetInt(value, &d->pay_per_request_switch_micros.emplace_back());
    case kTableTimeToLive:
      return DecodeTimeToLive(value, &d->time_to_live);
    case kTableOnDemandThroughput:
      return DecodeOnDemandThroughput(value, &d->on_demand_throughput);
    case kTableWarmThroughput:
      return DecodeWarmThroughput(value, &d->warm_throughput);
    case kTablePointInTimeRecovery:
      return DecodePointInTimeRecovery(value, &d->point_in_time_recovery);
    case kTableRestoreSummary:
      return DecodeRestoreSummary(value, &d->restore_summary.emplace());
    default:
      return DecodeTableScalar(tag, value, d);
  }
}

Status Corrupt(std::string_view what) {
  return InternalError("Corrupt table description record: " + std::string(what));
}

}  // namespace

std::string EncodeTableDescription(const TableDescription& description) {
  FieldWriter writer;
  EncodeTableScalars(description, writer);
  for (const AttributeDefinition& definition : description.attribute_definitions) {
    writer.Bytes(kTableAttributeDefinition, EncodeAttributeDefinition(definition));
  }
  writer.Bytes(kTableKeySchema, EncodeKeySchema(description.key_schema));
  writer.Bytes(kTableThroughput, EncodeThroughput(description.provisioned_throughput));
  for (const SecondaryIndex& index : description.local_secondary_indexes) {
    writer.Bytes(kTableLocalIndex, EncodeIndex(index));
  }
  for (const SecondaryIndex& index : description.global_secondary_indexes) {
    writer.Bytes(kTableGlobalIndex, EncodeIndex(index));
  }
  writer.Bytes(kTableStream, EncodeStream(description.stream_specification));
  writer.Bytes(kTableSse, EncodeSse(description.sse));
  for (const Tag& tag : description.tags) {
    writer.Bytes(kTableTag, EncodeTag(tag));
  }
  for (int64_t micros : description.pay_per_request_switch_micros) {
    writer.Int(kTablePayPerRequestSwitch, micros);
  }
  writer.Bytes(kTableTimeToLive, EncodeTimeToLive(description.time_to_live));
  writer.Bytes(kTableOnDemandThroughput,
               EncodeOnDemandThroughput(description.on_demand_throughput));
  writer.Bytes(kTableWarmThroughput, EncodeWarmThroughput(description.warm_throughput));
  writer.Bytes(kTablePointInTimeRecovery,
               EncodePointInTimeRecovery(description.point_in_time_recovery));
  if (description.restore_summary) {
    writer.Bytes(kTableRestoreSummary, EncodeRestoreSummary(*description.restore_summary));
  }
  std::string out(1, static_cast<char>(kTableDescriptionFormatVersion));
  out += writer.Take();
  return out;
}

Result<TableDescription> DecodeTableDescription(std::string_view bytes) {
  if (bytes.empty()) {
    return Corrupt("empty");
  }
  if (static_cast<uint8_t>(bytes.front()) != kTableDescriptionFormatVersion) {
    return Corrupt("unsupported format version " +
                   std::to_string(static_cast<uint8_t>(bytes.front())));
  }
  TableDescription description;
  FieldReader reader(bytes.substr(1));
  while (reader.Next()) {
    if (!DecodeTableField(reader.tag(), reader.value(), &description)) {
      return Corrupt("bad field " + std::to_string(reader.tag()));
    }
  }
  if (!reader.ok()) {
    return Corrupt("truncated");
  }
  if (description.table_id == 0 || description.table_name.empty() ||
      description.key_schema.hash.name.empty()) {
    return Corrupt("missing table id, name or key schema");
  }
  return description;
}

}  // namespace dynafake::table
