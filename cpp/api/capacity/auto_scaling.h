// AutoScaling: the engine's Application Auto Scaling for DynamoDB: target-tracking policies on the
// read or write capacity of provisioned tables and global secondary indexes, run on the engine
// clock from what the UsageRecorder saw (docs: dynamodb-behaviour.md 7.2). The rules of one
// policy are capacity::TargetTracking's; this class registers them, feeds them each complete
// minute, and makes the changes they call for the way the service's UpdateTable would
// (ChangeThroughput: the daily decrease budget, NumberOfDecreasesToday, LastIncreaseDateTime; the
// table or index UPDATING for the engine's transition time).
//
// A change the service would refuse (the decrease budget spent, the table or index busy) is a
// failed scaling activity; the alarm stays in ALARM, so the change is tried again the next minute.
// Once Load has given it a store, the policies are also kept there (records: capacity_settings.h),
// so a reopened engine has them again; activities and the alarms' points stay in memory.
//
// Safe for concurrent use without external synchronization. RunDue calls into the catalog and its
// tables, so it must not be called while holding a table's lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "dynafake/status.h"

#include "capacity/auto_scaling_policy.h"
#include "capacity/throttler.h"
#include "capacity/usage.h"
#include "table/catalog.h"

namespace dynafake::api {

// One change auto scaling made or tried (Application Auto Scaling's scaling activity).
struct ScalingActivity {
  int64_t at_micros = 0;
  std::string index_name;  // empty: the table
  capacity::Operation operation = capacity::Operation::kRead;
  int64_t from_units = 0;
  int64_t to_units = 0;
  bool successful = true;
  // Why the change was made: the alarm, or the registration that moved the capacity into range.
  std::string cause;
  // Why the service refused it; empty when successful.
  std::string status_message;
};

// A registered policy, for the capacity report.
struct ScalingTarget {
  std::string index_name;  // empty: the table
  capacity::Operation operation = capacity::Operation::kRead;
  capacity::ScalingPolicy policy;
  int64_t registered_micros = 0;
};

class AutoScaling {
 public:
  // Activities kept per table; older ones are dropped first.
  static constexpr size_t kActivitiesPerTable = 1000;

  AutoScaling() = default;
  ~AutoScaling() = default;
  AutoScaling(const AutoScaling&) = delete;
  AutoScaling& operator=(const AutoScaling&) = delete;

  // Puts `policy` on the read and/or write capacity of the table `table_name` (or of its global
  // secondary index `index_name` when not empty), replacing a policy already there, and evaluates
  // it from the minute containing `now_micros`. When the table and the index are ACTIVE, a capacity
  // outside [min, max] is moved into it at once, as Application Auto Scaling's
  // RegisterScalableTarget does (a refused decrease is a failed activity, not an error).
  // Errors: ValidationError for a bad policy, neither read nor write, an on-demand table or a
  // local secondary index; ResourceNotFoundException for a missing table or index.
  Status Register(table::Catalog& catalog, std::string_view region, std::string_view table_name,
                  std::string_view index_name, bool read, bool write,
                  const capacity::ScalingPolicy& policy, int64_t now_micros);

  // Removes the policies on the read and/or write capacity of the table or index; the capacity
  // stays as it is. Nothing to remove is not an error; a failed store write is, and then nothing
  // is removed.
  Status Deregister(table::Catalog& catalog, std::string_view region, std::string_view table_name,
                    std::string_view index_name, bool read, bool write);

  // Evaluates, for every policy, each minute that has ended since it last looked, in time order
  // across policies, and makes the changes they call for. Cheap when no minute has ended (one
  // atomic load). Policies of tables or indexes that no longer exist are dropped, with the
  // activities of tables that are gone. After a clock jump, at most the last two days of minutes
  // are evaluated (the usage record keeps one).
  void RunDue(table::Catalog& catalog, const capacity::UsageRecorder& usage, int64_t now_micros);

  // The table incarnation's activities, oldest first.
  std::vector<ScalingActivity> Activities(uint32_t table_id) const;

  // The table incarnation's policies: the table's first, then by index; read before write.
  std::vector<ScalingTarget> Policies(uint32_t table_id) const;

  // Drops the policies and activities of a table incarnation (DeleteTable; ids are never reused),
  // and its stored policies.
  void Forget(uint32_t table_id);

  // Keeps every policy in `store` from now on (Register and Deregister write it, as do scalings
  // that start a cooldown, RunDue dropping a policy and Forget) and adds the policies stored there,
  // of the catalog's tables and global secondary indexes, evaluated from the minute containing
  // `now_micros`; records of tables or indexes the catalog no longer has are deleted.
  // InternalServerError naming the record for one that cannot be read.
  Status Load(storage::KvStore* store, const table::Catalog& catalog, int64_t now_micros);

  // Whether any policy is registered.
  bool HasPolicies() const;

 private:
  // table_id, index_id (0: the table), operation.
  using Key = std::tuple<uint32_t, uint32_t, capacity::Operation>;

  // One policy on one resource's read or write capacity.
  struct Target {
    std::string region;
    std::string table_name;
    std::string index_name;  // empty: the table
    uint32_t table_id = 0;
    uint32_t index_id = 0;
    capacity::Operation operation = capacity::Operation::kRead;
    int64_t registered_micros = 0;
    capacity::TargetTracking tracking;
    // Start of the first minute not yet evaluated.
    int64_t next_minute_micros = 0;
    // When tracking last scaled out and in (what its cooldowns run from), to be stored.
    std::optional<int64_t> last_scale_out_micros;
    std::optional<int64_t> last_scale_in_micros;
  };

  static Key KeyOf(const Target& target) {
    return Key{target.table_id, target.index_id, target.operation};
  }

  // Adds the target's record (api/capacity/capacity_settings.h) to `batch`.
  static void PutRecord(const Target& target, storage::WriteBatch& batch);

  // Sets capacity `to_units` on the target's resource at `at_micros` as UpdateTable would and
  // records the activity (none when the capacity already was `to_units`). `units_after` receives
  // the resource's capacity afterwards. REQUIRES: mutex_ held.
  Status Apply(table::Catalog& catalog, table::Table& table, const Target& target, int64_t to_units,
               int64_t at_micros, int64_t now_micros, const std::string& cause,
               int64_t& units_after);

  void Record(uint32_t table_id, ScalingActivity activity);

  // Recomputes next_due_micros_. REQUIRES: mutex_ held.
  void UpdateNextDue();

  mutable std::mutex mutex_;
  // Where the policies are kept beyond the process; null: nowhere.
  storage::KvStore* store_ = nullptr;
  std::map<Key, Target> targets_;
  std::map<uint32_t, std::deque<ScalingActivity>> activities_;
  // When the earliest policy's next minute ends; the maximum when there is none.
  std::atomic<int64_t> next_due_micros_{std::numeric_limits<int64_t>::max()};
};

}  // namespace dynafake::api
