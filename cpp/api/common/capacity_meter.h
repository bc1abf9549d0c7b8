// CapacityMeter: one request's use of one table's capacity under the engine's capacity mode
// (capacity/metering.h). Before the work, Admit asks whether the service would serve it now (only
// in enforce mode can the answer be no: ProvisionedThroughputExceededException or
// ThrottlingException with the service's ThrottlingReasons); after it, Charge records and charges
// what the request consumed, from the same ConsumedCapacity the response reports (docs:
// dynamodb-behaviour.md 7).
//
// Resources follow the service: a table with its local secondary indexes shares one capacity; each
// global secondary index has its own. A throttled request consumes nothing and changes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dynafake/status.h"

#include "api/common/consumed_capacity.h"
#include "api/request_context.h"
#include "capacity/metering.h"
#include "model/attribute_value.h"
#include "model/key.h"
#include "table/table.h"

namespace dynafake::api {

// DynamoDB: the message of a throttle of an on-demand resource, and of a transaction's
// ThrottlingError cancellation reason (TransactWriteItems API reference).
extern const char kThrottlingReasonMessage[];

// True for the errors Admit returns.
bool IsThrottle(const Status& status);

// The partition key value a request touches: the hash the throttler keeps its per-value ceiling
// by (table::PartitionHash of the value's key encoding, as storage hashes partitions), and that
// encoding, which the usage record keeps to name the value in the capacity report.
struct PartitionKey {
  uint64_t hash = 0;
  std::string encoded;
};

// The partition key value of `item` (a key or a whole item) under `schema`.
PartitionKey PartitionKeyOf(const model::KeySchema& schema, const model::Item& item);

// The partition key of an index whose key has these HASH attribute values, in KeySchema order.
PartitionKey PartitionKeyOf(const std::vector<const model::AttributeValue*>& values);

class CapacityMeter {
 public:
  // A meter for requests to `table` under the table's capacity mode. The table must outlive it.
  CapacityMeter(RequestContext& context, const table::Table& table);

  // False in mode off: Admit always passes and Charge records nothing, so callers may skip the
  // work of finding what to charge (a page's item sizes) when no response reports it either.
  bool metering() const { return mode_ != capacity::CapacityMode::kOff; }

  // The partition key value of the table's item with `key` (a key or a whole item), or nullopt
  // when not metering (nothing then needs it).
  std::optional<PartitionKey> ItemPartitionKey(const model::Item& key) const;

  // A read of the table (index null, or a local secondary index: the table's capacity) or of a
  // global secondary index (its own capacity). `key`: the partition key value read, or nullopt
  // for a read over many (Scan).
  Status AdmitRead(const table::SecondaryIndex* index, const std::optional<PartitionKey>& key);

  // A write of the item with partition key `key`: the table's capacity and, with
  // `every_index`, every global secondary index's as a whole (for writes whose items are not
  // known yet, as a transaction's before it runs).
  Status AdmitWrite(const PartitionKey& key, bool every_index);

  // The global secondary indexes a write decided under its item's lock touches: each index that
  // holds an entry of `old_item` or `new_item`, under the partition key value of the new entry
  // (else the old one). DynamoDB: a global secondary index that cannot keep up throttles the
  // writes of its table (tests/python/test_throttling.py::
  // test_global_index_out_of_capacity_throttles_table_writes).
  Status AdmitIndexWrites(const std::optional<model::Item>& old_item,
                          const std::optional<model::Item>& new_item);

  // Records and charges `consumed`: table_units and local secondary index units to the table,
  // each global secondary index's units to that index. `key` is the partition key value of
  // `key_index` (null or a local index: of the table), charged with that resource's units; the
  // other resources are charged as a whole.
  void Charge(capacity::Operation operation, const ConsumedCapacity& consumed,
              const std::optional<PartitionKey>& key,
              const table::SecondaryIndex* key_index = nullptr);

  // Records and charges what one item write consumed: the table's units under `key`, and each
  // global secondary index's under the partition key value of the index entry the write made
  // (else the one it removed).
  void ChargeWrite(const ConsumedCapacity& consumed, const std::optional<PartitionKey>& key,
                   const table::WriteResult& written);

 private:
  // What the throttler needs of one resource, read from the description in enforce mode only.
  struct Resource {
    capacity::ResourceId id;
    std::string index_name;  // empty: the table
    capacity::ResourceSettings settings;
    // A global secondary index: its HASH attributes, in KeySchema order.
    std::vector<std::string> hash_attributes;
  };

  // Charges the table's share of `consumed` under `table_key`, then each global secondary index's
  // under the key `index_key` gives it.
  template <typename IndexKey>
  void ChargeResources(capacity::Operation operation, const ConsumedCapacity& consumed,
                       const std::optional<PartitionKey>& table_key, IndexKey&& index_key);

  // The resources, read from the description once per meter.
  const std::vector<Resource>& Resources();
  const Resource* FindResource(uint32_t index_id);
  // Throttles `operation` on `resource` if the service would, recording the throttle.
  Status Admit(const Resource& resource, capacity::Operation operation,
               const std::optional<PartitionKey>& key);
  void ChargeResource(capacity::ResourceId id, capacity::Operation operation, double units,
                      const std::optional<PartitionKey>& key);
  // The error of a throttle of `resource`.
  Status ThrottleError(const capacity::Throttle& throttle, const Resource& resource) const;

  capacity::Metering* metering_ = nullptr;
  const table::Table& table_;
  int64_t now_micros_ = 0;
  capacity::CapacityMode mode_ = capacity::CapacityMode::kOff;
  bool resources_read_ = false;
  std::string table_arn_;
  std::vector<Resource> resources_;
};

// A write of one item with `key` under `meter`: admitted first (a throttle writes nothing), then
// written, and what it consumed added to `consumed` and charged. DynamoDB: a write whose condition
// fails still consumes capacity, by the size of the item it found, 1 unit when none
// (tests/python/test_throttling.py::test_failed_condition_consumes_capacity).
Result<table::WriteResult> MeteredWrite(CapacityMeter& meter, table::Table& table,
                                        const model::Item& key, const table::WriteFn& decide,
                                        ConsumedCapacity* consumed);

}  // namespace dynafake::api
