// Sweeper: deletes the expired items of every table whose Time to Live is ENABLED, on the engine
// clock. DynamoDB deletes expired items in the background, some time after they expire; until
// then they are read like any other item. The sweeper plays that background process: the engine
// runs it every interval (RunDue) and a test can run it at once (Sweep).
//
// A deletion goes through the table's write path (Table::Write, cause kTtl): index entries go with
// the item and the change is announced to the sinks (streams), but no capacity is consumed, since
// it is not an API call.
//
// Safe for concurrent use without external synchronization.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "dynafake/clock.h"

#include "table/catalog.h"
#include "table/table.h"
#include "ttl/time_to_live.h"

namespace dynafake::ttl {

// The write a sweep makes of an item it found expired, decided again under the item's lock: the
// item is deleted if it is still expired by `expiry`; one updated since (its expiry time moved on,
// its attribute removed) is rescued, and one already gone stays gone. Either way nothing is then
// written or announced.
table::WriteFn DeleteIfExpired(ExpiryCheck expiry, std::string attribute);

class Sweeper {
 public:
  // `interval_micros` <= 0: RunDue never sweeps (Sweep still does).
  Sweeper(table::Catalog* catalog, const Clock* clock, int64_t interval_micros);

  Sweeper(const Sweeper&) = delete;
  Sweeper& operator=(const Sweeper&) = delete;

  // Sweeps when the clock has reached the next due time (the first is construction time +
  // interval). Cheap when nothing is due: one atomic load and a clock read. Returns at once when
  // a sweep is running on another thread. Failures are left for the next sweep to meet again.
  void RunDue();

  // Sweeps every table now and schedules the next sweep at now + interval. Returns the number of
  // items deleted, or the first failure (the other tables are swept all the same). An item a
  // transaction holds is left for a later sweep. Waits for a sweep running on another thread.
  Result<int64_t> Sweep();

  int64_t interval_micros() const { return interval_micros_; }

 private:
  // True when the clock has reached the next due time, or was set back before its interval.
  bool Due() const;
  // REQUIRES: sweep_mutex_ held.
  Result<int64_t> SweepLocked();
  Result<int64_t> SweepTable(table::Table& table, int64_t now_micros);

  table::Catalog* const catalog_;
  const Clock* const clock_;
  const int64_t interval_micros_;
  std::atomic<int64_t> next_due_micros_;
  // One sweep at a time.
  std::mutex sweep_mutex_;
};

}  // namespace dynafake::ttl
