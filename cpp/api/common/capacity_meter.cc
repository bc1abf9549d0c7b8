#include "api/common/capacity_meter.h"

#include "capacity/units.h"
#include "model/key_codec.h"
#include "table/keyspace.h"
#include "table/schema.h"
#include "util/result.h"
#include "wire/json.h"
#include "wire/json_writer.h"

namespace dynafake::api {

const char kThrottlingReasonMessage[] =
    "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically "
    "scaling your table or index so please try again shortly. If exceptions persist, check if you "
    "have a hot key: "
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";

namespace {

using capacity::CapacityMode;
using capacity::Operation;

// DynamoDB's messages (docs: dynamodb-behaviour.md 7.2, 7.3; tests/python/test_throttling.py).
constexpr char kTableExceeded[] =
    "The level of configured provisioned throughput for the table was exceeded. Consider "
    "increasing your provisioning level with the UpdateTable API.";
constexpr char kIndexExceeded[] =
    "The level of configured provisioned throughput for one or more global secondary indexes of "
    "the table was exceeded. Consider increasing your provisioning level for the "
    "under-provisioned global secondary indexes with the UpdateTable API.";

PartitionKey HashEncoded(std::string encoded) {
  return PartitionKey{table::PartitionHash(encoded), std::move(encoded)};
}

double Maximum(int64_t units) {
  return units == table::kNoMaximum ? 0 : static_cast<double>(units);
}

capacity::ResourceSettings SettingsOf(const table::TableDescription& description,
                                      const table::ProvisionedThroughput& provisioned,
                                      const table::OnDemandThroughput& on_demand,
                                      const table::WarmThroughput& warm) {
  capacity::ResourceSettings settings;
  settings.on_demand = description.billing_mode == table::BillingMode::kPayPerRequest;
  settings.read_capacity_units = static_cast<double>(provisioned.read_capacity_units);
  settings.write_capacity_units = static_cast<double>(provisioned.write_capacity_units);
  settings.max_read_request_units = Maximum(on_demand.max_read_request_units);
  settings.max_write_request_units = Maximum(on_demand.max_write_request_units);
  settings.warm_read_units = static_cast<double>(warm.read_units_per_second);
  settings.warm_write_units = static_cast<double>(warm.write_units_per_second);
  return settings;
}

const std::string& NameOf(const std::string& name) {
  return name;
}

const std::string& NameOf(const model::KeyAttribute* attribute) {
  return attribute->name;
}

// The partition key value `item` has in an index whose HASH attributes are `hash_attributes` (in
// KeySchema order), or nullopt when the item lacks one and so has no entry there.
template <typename HashAttributes>
std::optional<PartitionKey> IndexPartitionKeyOf(const HashAttributes& hash_attributes,
                                                const model::Item& item) {
  std::string encoded;
  for (const auto& attribute : hash_attributes) {
    const auto it = item.find(NameOf(attribute));
    if (it == item.end()) {
      return std::nullopt;
    }
    model::EncodeKeyValue(it->second, &encoded);
  }
  return HashEncoded(std::move(encoded));
}

// The key of the entry a write leaves in an index: of the new item, else of the old one.
template <typename HashAttributes>
std::optional<PartitionKey> WrittenIndexKey(const HashAttributes& hash_attributes,
                                            const std::optional<model::Item>& old_item,
                                            const std::optional<model::Item>& new_item) {
  if (new_item) {
    if (std::optional<PartitionKey> key = IndexPartitionKeyOf(hash_attributes, *new_item)) {
      return key;
    }
  }
  if (old_item) {
    return IndexPartitionKeyOf(hash_attributes, *old_item);
  }
  return std::nullopt;
}

}  // namespace

bool IsThrottle(const Status& status) {
  return status.code() == ErrorCode::kProvisionedThroughputExceeded ||
         status.code() == ErrorCode::kThrottling;
}

PartitionKey PartitionKeyOf(const model::KeySchema& schema, const model::Item& item) {
  std::string encoded;
  model::EncodeKeyValue(item.at(schema.hash.name), &encoded);
  return HashEncoded(std::move(encoded));
}

PartitionKey PartitionKeyOf(const std::vector<const model::AttributeValue*>& values) {
  std::string encoded;
  for (const model::AttributeValue* value : values) {
    model::EncodeKeyValue(*value, &encoded);
  }
  return HashEncoded(std::move(encoded));
}

CapacityMeter::CapacityMeter(RequestContext& context, const table::Table& table)
    : metering_(context.metering), table_(table) {
  if (metering_ != nullptr) {
    mode_ = metering_->ModeOf(table.table_id());
    if (mode_ != CapacityMode::kOff) {
      now_micros_ = context.now_micros();
    }
  }
}

std::optional<PartitionKey> CapacityMeter::ItemPartitionKey(const model::Item& key) const {
  if (!metering()) {
    return std::nullopt;
  }
  return PartitionKeyOf(table_.key_schema(), key);
}

const std::vector<CapacityMeter::Resource>& CapacityMeter::Resources() {
  if (resources_read_) {
    return resources_;
  }
  resources_read_ = true;
  const uint32_t table_id = table_.table_id();
  table_.ReadDescription([&](const table::TableDescription& description) {
    table_arn_ = description.table_arn;
    resources_.push_back(
        Resource{{table_id, 0},
                 "",
                 SettingsOf(description, description.provisioned_throughput,
                            description.on_demand_throughput, description.warm_throughput)});
    for (const table::SecondaryIndex& index : description.global_secondary_indexes) {
      if (index.index_status == table::IndexStatus::kDeleting) {
        continue;  // no longer maintained, so no longer holding writes back
      }
      Resource& resource = resources_.emplace_back(
          Resource{{table_id, index.index_id},
                   index.index_name,
                   SettingsOf(description, index.provisioned_throughput, index.on_demand_throughput,
                              index.warm_throughput),
                   {}});
      for (const model::KeyAttribute* attribute : index.HashAttributes()) {
        resource.hash_attributes.push_back(attribute->name);
      }
    }
  });
  return resources_;
}

const CapacityMeter::Resource* CapacityMeter::FindResource(uint32_t index_id) {
  for (const Resource& resource : Resources()) {
    if (resource.id.index_id == index_id) {
      return &resource;
    }
  }
  return nullptr;
}

Status CapacityMeter::AdmitRead(const table::SecondaryIndex* index,
                                const std::optional<PartitionKey>& key) {
  if (mode_ != CapacityMode::kEnforce) {
    return Status::Ok();
  }
  const bool global = index != nullptr && index->global;
  const Resource* resource = FindResource(global ? index->index_id : 0);
  if (resource == nullptr) {
    return Status::Ok();
  }
  return Admit(*resource, Operation::kRead, key);
}

Status CapacityMeter::AdmitWrite(const PartitionKey& key, bool every_index) {
  if (mode_ != CapacityMode::kEnforce) {
    return Status::Ok();
  }
  for (const Resource& resource : Resources()) {
    if (!resource.id.global_secondary_index()) {
      DF_RETURN_IF_ERROR(Admit(resource, Operation::kWrite, key));
    } else if (every_index) {
      DF_RETURN_IF_ERROR(Admit(resource, Operation::kWrite, std::nullopt));
    }
  }
  return Status::Ok();
}

Status CapacityMeter::AdmitIndexWrites(const std::optional<model::Item>& old_item,
                                       const std::optional<model::Item>& new_item) {
  if (mode_ != CapacityMode::kEnforce) {
    return Status::Ok();
  }
  for (const Resource& resource : Resources()) {
    if (!resource.id.global_secondary_index()) {
      continue;
    }
    const std::optional<PartitionKey> key =
        WrittenIndexKey(resource.hash_attributes, old_item, new_item);
    if (key.has_value()) {
      DF_RETURN_IF_ERROR(Admit(resource, Operation::kWrite, key));
    }
  }
  return Status::Ok();
}

Status CapacityMeter::Admit(const Resource& resource, Operation operation,
                            const std::optional<PartitionKey>& key) {
  std::optional<uint64_t> hash;
  if (key.has_value()) {
    hash = key->hash;
  }
  const std::optional<capacity::Throttle> throttle =
      metering_->throttler().Admit(resource.id, resource.settings, operation, hash, now_micros_);
  if (!throttle.has_value()) {
    return Status::Ok();
  }
  metering_->usage().RecordThrottled(resource.id, operation, now_micros_);
  return ThrottleError(*throttle, resource);
}

Status CapacityMeter::ThrottleError(const capacity::Throttle& throttle,
                                    const Resource& resource) const {
  const std::string arn =
      resource.index_name.empty() ? table_arn_ : table_arn_ + "/index/" + resource.index_name;
  const wire::Json reasons =
      wire::Json::array({{{"reason", std::string(throttle.Reason())}, {"resource", arn}}});
  // DynamoDB: ProvisionedThroughputExceededException spells the member ThrottlingReasons,
  // ThrottlingException throttlingReasons (botocore model; tests/python/test_throttling.py).
  if (throttle.on_demand) {
    return Status(ErrorCode::kThrottling, kThrottlingReasonMessage,
                  "\"throttlingReasons\":" + wire::ToJsonText(reasons));
  }
  return Status(ErrorCode::kProvisionedThroughputExceeded,
                resource.index_name.empty() ? kTableExceeded : kIndexExceeded,
                "\"ThrottlingReasons\":" + wire::ToJsonText(reasons));
}

void CapacityMeter::Charge(Operation operation, const ConsumedCapacity& consumed,
                           const std::optional<PartitionKey>& key,
                           const table::SecondaryIndex* key_index) {
  if (mode_ == CapacityMode::kOff) {
    return;
  }
  const bool key_on_index = key_index != nullptr && key_index->global;
  ChargeResources(operation, consumed, key_on_index ? std::nullopt : key,
                  [&](const table::SecondaryIndex& index) {
                    return key_on_index && key_index->index_id == index.index_id
                               ? key
                               : std::optional<PartitionKey>();
                  });
}

void CapacityMeter::ChargeWrite(const ConsumedCapacity& consumed,
                                const std::optional<PartitionKey>& key,
                                const table::WriteResult& written) {
  if (mode_ == CapacityMode::kOff) {
    return;
  }
  ChargeResources(Operation::kWrite, consumed, key, [&](const table::SecondaryIndex& index) {
    return WrittenIndexKey(index.HashAttributes(), written.old_item, written.new_item);
  });
}

template <typename IndexKey>
void CapacityMeter::ChargeResources(Operation operation, const ConsumedCapacity& consumed,
                                    const std::optional<PartitionKey>& table_key,
                                    IndexKey&& index_key) {
  double table_units = consumed.table_units;
  for (const auto& [name, units] : consumed.local_secondary_index_units) {
    table_units += units;
  }
  if (table_units > 0) {
    ChargeResource({table_.table_id(), 0}, operation, table_units, table_key);
  }
  if (consumed.global_secondary_index_units.empty()) {
    return;
  }
  (void)table_.VisitMaintainedIndexes([&](const table::SecondaryIndex& index) {
    if (!index.global) {
      return Status::Ok();
    }
    const auto it = consumed.global_secondary_index_units.find(index.index_name);
    if (it != consumed.global_secondary_index_units.end() && it->second > 0) {
      ChargeResource({table_.table_id(), index.index_id}, operation, it->second, index_key(index));
    }
    return Status::Ok();
  });
}

void CapacityMeter::ChargeResource(capacity::ResourceId id, Operation operation, double units,
                                   const std::optional<PartitionKey>& key) {
  std::optional<uint64_t> hash;
  std::string_view label;
  if (key.has_value()) {
    hash = key->hash;
    label = key->encoded;
  }
  metering_->usage().RecordConsumed(id, operation, units, hash, label, now_micros_);
  if (mode_ == CapacityMode::kEnforce) {
    const Resource* resource = FindResource(id.index_id);
    if (resource != nullptr) {
      metering_->throttler().Charge(id, resource->settings, operation, hash, units, now_micros_);
    }
  }
}

Result<table::WriteResult> MeteredWrite(CapacityMeter& meter, table::Table& table,
                                        const model::Item& key, const table::WriteFn& decide,
                                        ConsumedCapacity* consumed) {
  const std::optional<PartitionKey> partition = meter.ItemPartitionKey(key);
  if (partition.has_value()) {
    DF_RETURN_IF_ERROR(meter.AdmitWrite(*partition, /*every_index=*/false));
  }
  int64_t failed_condition_size = -1;
  Result<table::WriteResult> written = table.Write(
      key, [&](const std::optional<model::Item>& old_item) -> Result<std::optional<model::Item>> {
        Result<std::optional<model::Item>> decided = decide(old_item);
        if (!decided.has_value()) {
          if (decided.error().code() == ErrorCode::kConditionalCheckFailed) {
            failed_condition_size = old_item ? static_cast<int64_t>(model::ItemSize(*old_item)) : 0;
          }
          return decided;
        }
        // Only now are the index entries the write makes known: a throttle leaves the item as
        // it is.
        DF_RETURN_IF_ERROR(meter.AdmitIndexWrites(old_item, *decided));
        return decided;
      });
  if (!written.has_value()) {
    if (failed_condition_size >= 0 && meter.metering()) {
      ConsumedCapacity failed;
      failed.table_units = capacity::WriteUnits(failed_condition_size);
      meter.Charge(capacity::Operation::kWrite, failed, partition);
    }
    return written;
  }
  if (meter.metering()) {
    ConsumedCapacity own;
    AddWriteUnits(*written, &own);
    meter.ChargeWrite(own, partition, *written);
  }
  AddWriteUnits(*written, consumed);
  return written;
}

}  // namespace dynafake::api
