// Throttler: decides, on the engine clock, whether DynamoDB would serve a read or a write of a
// table or global secondary index now, and keeps the capacity state that decision needs
// (docs: dynamodb-behaviour.md 7.2, 7.3).
//
// The service admits a request while capacity remains and charges the units it actually consumed
// once the work is done, so a caller asks Admit before the work and calls Charge after it with the
// consumed units (ConsumedCapacity's figures). A throttled request consumes nothing and changes
// nothing: the caller does no work and charges nothing.
//
// The model, per resource (a table with its local secondary indexes, or one global secondary
// index), per operation (read or write):
//
// - Provisioned: a TokenBucket refilled at the provisioned rate that banks up to 300 s of unused
//   capacity as burst. A new resource starts with its burst full (⚠ the service does not say; a
//   full bucket lets a fresh table absorb a first burst, as a table that has been idle does). Out
//   of capacity: reason <Table|Index><Read|Write>ProvisionedThroughputExceeded, raised as
//   ProvisionedThroughputExceededException.
// - On-demand: no bucket; the resource serves up to twice its previous peak per second, and never
//   more than the per-table quota of 40,000 units per second. A new resource serves 12,000 read
//   and 4,000 write units per second at once (AWS's pre-warming page: a new on-demand table
//   sustains 12,000 reads and 4,000 writes per second), twice its previous peak of 6,000 / 2,000;
//   a higher per-second rate becomes the new previous peak 30 minutes after it was reached (⚠
//   the service documents that it adapts "within 30 minutes"). Over it: reason
//   <Table|Index><Read|Write>AccountLimitExceeded (⚠ the service names no reason for exceeding
//   twice the previous peak; the quota's is the nearest). Over the OnDemandThroughput maximums
//   (MaxReadRequestUnits / MaxWriteRequestUnits), when set:
//   <Table|Index><Read|Write>MaxOnDemandThroughputExceeded. Both are raised as ThrottlingException.
// - Either mode: DynamoDB: requests "directed at a specific partition key value" are limited to a
//   partition's throughput, 3,000 read and 1,000 write units per second, whatever the table has
//   banked (ThrottlingReason documentation, botocore model): adaptive capacity gives a hot key
//   value the table's unused capacity up to that ceiling and isolates it from its neighbours, so
//   the ceiling is kept per partition key value, counted per second of the clock. Over it:
//   <Table|Index><Read|Write>KeyRangeThroughputExceeded. A request that names no key (Scan, a Query
//   of an index over many key values) is checked against the resource as a whole only.
//
// Safe for concurrent use without external synchronization.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace dynafake::capacity {

enum class Operation : uint8_t { kRead, kWrite };

// A table incarnation (index_id 0, with its local secondary indexes, which share the table's
// capacity) or one of its global secondary indexes (index_id > 0, the index's storage id).
struct ResourceId {
  uint32_t table_id = 0;
  uint32_t index_id = 0;

  bool global_secondary_index() const { return index_id != 0; }

  friend bool operator==(const ResourceId&, const ResourceId&) = default;
};

// What the resource's description says of its capacity, passed on every call so that an
// UpdateTable change (throughput, billing mode) takes effect at the next request.
struct ResourceSettings {
  bool on_demand = false;
  // Provisioned: the units per second.
  double read_capacity_units = 0;
  double write_capacity_units = 0;
  // On-demand: OnDemandThroughput's maximums; <= 0: none.
  double max_read_request_units = 0;
  double max_write_request_units = 0;
  // On-demand: WarmThroughput, the units per second served at once whatever the previous peak;
  // <= 0: none.
  double warm_read_units = 0;
  double warm_write_units = 0;
};

// Why a request was throttled, in the words of the service's ThrottlingReason.reason:
// ResourceType (Table | Index) + OperationType (Read | Write) + LimitType.
enum class LimitType : uint8_t {
  kProvisionedThroughputExceeded,
  kAccountLimitExceeded,
  kKeyRangeThroughputExceeded,
  kMaxOnDemandThroughputExceeded,
};

struct Throttle {
  ResourceId resource;
  Operation operation = Operation::kRead;
  LimitType limit = LimitType::kProvisionedThroughputExceeded;
  // On-demand tables throttle with ThrottlingException, provisioned ones with
  // ProvisionedThroughputExceededException.
  bool on_demand = false;

  // "TableReadProvisionedThroughputExceeded", "IndexWriteKeyRangeThroughputExceeded", ...
  std::string_view Reason() const;
};

class Throttler {
 public:
  Throttler();
  ~Throttler();

  // Whether an `operation` of the resource may run now. `partition_key_hash` is the hash of the
  // partition key value the request touches (the storage key's hash, table/keyspace.h), or nullopt
  // for a request over many key values (checked against the resource as a whole). The first
  // limit reached is reported: the key value's ceiling, then the OnDemandThroughput maximum, then
  // the resource's rate (provisioned capacity, or twice the previous peak within the quota).
  std::optional<Throttle> Admit(ResourceId resource, const ResourceSettings& settings,
                                Operation operation, std::optional<uint64_t> partition_key_hash,
                                int64_t now_micros);

  // Charges `units` consumed by an admitted request to the resource (a provisioned resource may go
  // into debt) and, when a key is given, to its key value's second. On-demand resources also
  // record the rate toward their next previous peak.
  void Charge(ResourceId resource, const ResourceSettings& settings, Operation operation,
              std::optional<uint64_t> partition_key_hash, double units, int64_t now_micros);

  // Drops the state of every resource of a table (DeleteTable; the id is never reused).
  void Forget(uint32_t table_id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dynafake::capacity
