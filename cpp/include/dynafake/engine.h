// Engine: DynamoDB and DynamoDB Streams served in-process.
//
// One engine holds every region's tables for one account. Handle() takes one request in the
// service's JSON 1.0 protocol and returns the service's response; it never throws and is safe for
// concurrent use from many threads without external synchronization.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "dynafake/options.h"
#include "dynafake/response.h"
#include "dynafake/status.h"

namespace dynafake {

// A test hook from Engine::HoldNextTransaction: the next TransactWriteItems stops in flight, its
// items claimed and nothing read or written yet, until Release. Meanwhile other requests meet it
// as they would meet a transaction in flight in the service. Destroying the hold releases it.
class TransactionHold {
 public:
  virtual ~TransactionHold() = default;

  // Waits up to `timeout_micros` for a transaction to stop at the hold; true once one has.
  virtual bool Wait(int64_t timeout_micros) = 0;

  // Lets the held transaction go on; a hold released before any transaction reached it holds none.
  virtual void Release() = 0;
};

// A target-tracking auto scaling policy, as Application Auto Scaling puts on a provisioned table's
// or global secondary index's capacity.
struct AutoScalingPolicy {
  double min_units = 1;
  double max_units = 1;
  double target_utilization = 70;  // percent, 20..90
  bool read = true;                // scale the read capacity
  bool write = true;               // scale the write capacity
};

class Engine {
 public:
  virtual ~Engine() = default;

  // Builds an engine; fails only for engine-level problems (an unopenable LevelDB path).
  static Result<std::unique_ptr<Engine>> Open(EngineOptions options);

  // target: the X-Amz-Target header, e.g. "DynamoDB_20120810.GetItem". region: the client's region,
  // a separate namespace of tables. body: the JSON request body.
  virtual Response Handle(std::string_view region, std::string_view target,
                          std::string_view body) = 0;

  // The engine's clock: everything time-driven follows it.
  virtual SettableClock& clock() = 0;

  // Runs background work that is due by the clock: table status transitions, stream trims and
  // shard roll-overs, Time to Live sweeps.
  virtual void RunDue() = 0;

  // Runs a Time to Live sweep now: deletes every expired item of the tables with TTL enabled.
  // Returns the number of items deleted.
  virtual Result<int64_t> SweepTimeToLive() = 0;

  // A number that grows whenever a stream record is added anywhere in the engine: a stream reader
  // that saw it unchanged knows there is nothing new to read.
  virtual uint64_t StreamSequence() const = 0;

  // The capacity mode ("off", "track", "enforce") of the table `table_name` of `region`, or the
  // engine's default when table_name is empty. ResourceNotFoundException for a missing table.
  virtual Result<std::string> CapacityMode(std::string_view region,
                                           std::string_view table_name) const = 0;

  // Sets the table's own capacity mode (mode empty: back to the default), or the engine's default
  // when table_name is empty. ValidationException for an unknown mode, ResourceNotFoundException
  // for a missing table.
  virtual Status SetCapacityMode(std::string_view region, std::string_view table_name,
                                 std::string_view mode) = 0;

  // Puts `policy` on the table `table_name` of `region` (or on its global secondary index
  // `index_name` when not empty), replacing one there; the engine clock then drives it.
  // ValidationException for a bad policy or an on-demand table, ResourceNotFoundException for a
  // missing table or index.
  virtual Status AutoScale(std::string_view region, std::string_view table_name,
                           std::string_view index_name, const AutoScalingPolicy& policy) = 0;

  // Removes the auto scaling of the read and/or write capacity; the capacity stays as it is.
  virtual Status RemoveAutoScaling(std::string_view region, std::string_view table_name,
                                   std::string_view index_name, bool read, bool write) = 0;

  // The capacity report as JSON text: per table and global secondary index, the consumption
  // recorded, throttles, the hottest partition key values, auto scaling and estimated monthly
  // costs (api/capacity/capacity_report.h documents the fields).
  virtual std::string CapacityReport() = 0;

  // Forgets the consumption recorded so far (the capacity report starts afresh).
  virtual void ResetCapacityUsage() = 0;

  // Arms a hold for the next TransactWriteItems (replacing one not yet taken).
  virtual std::unique_ptr<TransactionHold> HoldNextTransaction() = 0;
};

}  // namespace dynafake
