// UsageRecorder: what each table and global secondary index consumed and how often it was
// throttled, kept on the engine clock for the capacity report (docs: dynamodb-behaviour.md 7.4):
// totals since the first record, one point per minute over the last 24 hours, the busiest second,
// and the partition key values that consumed the most.
//
// Recording is on the request path, so it is cheap: each resource has its own lock, and once a
// resource and its hot key values are known a record allocates nothing. Memory is bounded per
// resource (kUsageMinutes points and kHotKeyCounters key counters) whatever the traffic.
//
// Instants are microseconds since the epoch from the engine clock, which a test may set back.
// Nothing assumes time moves forward: a record for an earlier minute goes to that minute's point
// while it is still within the 24 hours before the latest minute recorded, and is left out of the
// series otherwise (the totals always count it).
//
// Safe for concurrent use without external synchronization.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "capacity/cost.h"
#include "capacity/throttler.h"

namespace dynafake::capacity {

// Points kept per resource: one per minute for 24 hours.
inline constexpr int kUsageMinutes = 24 * 60;

// Key values counted per resource (the space-saving algorithm's K), and how many the report lists.
inline constexpr int kHotKeyCounters = 32;
inline constexpr int kHottestKeysReported = 10;

// One minute of the clock: [minute_start_micros, minute_start_micros + 60 s).
struct UsagePoint {
  int64_t minute_start_micros = 0;
  double read_units = 0;
  double write_units = 0;
  int64_t read_throttled = 0;
  int64_t write_throttled = 0;
};

// A partition key value's consumption. Counted with the space-saving algorithm, so the figures are
// upper bounds: each of read_units and write_units is above the value's true consumption by at most
// error_units (0 while the resource has seen no more than kHotKeyCounters distinct values). A value
// that consumed more than 1/kHotKeyCounters of all keyed units is always among the counted ones.
struct KeyUsage {
  // The key value as the recorder was given it (the request path passes its key encoding,
  // model/key_codec.h); empty if never passed.
  std::string label;
  uint64_t partition_key_hash = 0;
  double read_units = 0;
  double write_units = 0;
  double error_units = 0;

  double units() const { return read_units + write_units; }
};

struct ResourceUsage {
  ResourceId resource;
  double read_units = 0;
  double write_units = 0;
  int64_t read_throttled = 0;
  int64_t write_throttled = 0;
  // The most units recorded within one whole second of the clock.
  double peak_read_units_per_second = 0;
  double peak_write_units_per_second = 0;
  // The earliest and the latest instants recorded (consumption or throttle).
  int64_t first_micros = 0;
  int64_t last_micros = 0;
  // Minutes that had a record, ascending, within the 24 hours ending with the latest one recorded.
  std::vector<UsagePoint> minutes;
  // By units() descending, at most kHottestKeysReported.
  std::vector<KeyUsage> hottest_keys;
};

class UsageRecorder {
 public:
  UsageRecorder();
  ~UsageRecorder();
  UsageRecorder(const UsageRecorder&) = delete;
  UsageRecorder& operator=(const UsageRecorder&) = delete;

  // `units` (finite, >= 0) consumed by one request. `partition_key_hash` identifies the partition
  // key value the request touched (nullopt for a request over many values, which counts toward the
  // resource only); `partition_key_label` names that value (any bytes), or empty when the caller
  // does not have it at hand (a later record of the same hash may supply it).
  void RecordConsumed(ResourceId resource, Operation operation, double units,
                      std::optional<uint64_t> partition_key_hash,
                      std::string_view partition_key_label, int64_t now_micros);

  // One request throttled (it consumed nothing).
  void RecordThrottled(ResourceId resource, Operation operation, int64_t now_micros);

  // Every resource with a record, ordered by table_id, then index_id.
  std::vector<ResourceUsage> Snapshot() const;

  // nullopt when the resource has no record.
  std::optional<ResourceUsage> Snapshot(ResourceId resource) const;

  // Drops every resource of a table (DeleteTable; the id is never reused).
  void Forget(uint32_t table_id);

  // Drops everything.
  void Reset();

 private:
  struct ResourceState;

  // Runs `record` on the resource's state under its lock, creating the state on first use.
  template <typename Fn>
  void WithResource(ResourceId resource, Fn&& record);

  static uint64_t Key(ResourceId resource) {
    return (uint64_t{resource.table_id} << 32) | resource.index_id;
  }

  // Guards the map itself; a record holds it shared for its whole duration, so Forget and Reset
  // (exclusive) never free a state that is in use. Each state has its own mutex for its figures.
  mutable std::shared_mutex resources_mutex_;
  std::map<uint64_t, std::unique_ptr<ResourceState>> resources_;  // by Key(): table, then index
};

// The inputs of cost.h's estimate for what `usage` observed, with the table's current size. The
// period is last_micros - first_micros, at least one second.
Usage ToCostUsage(const ResourceUsage& usage, int64_t stored_bytes, int64_t item_count);

}  // namespace dynafake::capacity
