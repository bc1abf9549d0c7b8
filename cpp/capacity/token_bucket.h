// Clock-driven capacity accounting for throttling (docs: dynamodb-behaviour.md 7.2, 7.3).
//
// TokenBucket models a table's (or index's) provisioned capacity with its banked burst; RateWindow
// counts units per whole second for the per-partition and per-key ceilings. Both are pure
// arithmetic over `now_micros` (microseconds since the epoch, read from the engine clock by the
// caller), so a test that drives the clock drives throttling too.
//
// Neither class is thread-safe: the caller holds the lock of whatever owns them. Neither allocates.
#pragma once

#include <cstdint>
#include <limits>

namespace dynafake::capacity {

// DynamoDB: up to 300 seconds (5 minutes) of unused provisioned read and write capacity is kept as
// burst capacity [DG:burst-adaptive-capacity; re:Post "dynamodb-spiky-workloads-short-intervals"].
// Pinned by TokenBucket.BurstIsCappedAtRateTimesBurstSeconds.
inline constexpr double kBurstSeconds = 300;

// Capacity units refilled continuously at `units_per_second`, holding at most
// `units_per_second * burst_seconds`.
//
// DynamoDB: the service admits a request while the table still has capacity and charges the units
// the request actually consumed once the work is done (a Query page's size is only known after it
// is read), so one large request can take the level below zero; that debt is paid back by the
// refill before further requests are admitted. Pinned by TokenBucket.OversizedConsumeLeavesDebt.
//
// Time never runs backwards: a `now_micros` before the last refill changes nothing, and refilling
// resumes from that earlier instant. A test that sets the clock back a day therefore neither gains
// a day of capacity nor finds the bucket frozen for a day.
class TokenBucket {
 public:
  // `initial_units` above the maximum is clamped to it; below zero is kept as debt.
  TokenBucket(double units_per_second, double burst_seconds, double initial_units,
              int64_t now_micros);

  // Refills to `now_micros`; true while the level is above zero.
  bool Available(int64_t now_micros);

  // Refills to `now_micros`, then charges `units` (the level may go negative).
  void Consume(double units, int64_t now_micros);

  // Refills to `now_micros` and returns the level (negative while in debt).
  double Level(int64_t now_micros);

  // UpdateTable changed the rate: refills at the old rate up to `now_micros`, then applies the new
  // rate and clamps the level to the new maximum.
  void SetRate(double units_per_second, int64_t now_micros);

  double units_per_second() const { return units_per_second_; }

  double burst_seconds() const { return burst_seconds_; }

  // The most the bucket holds: units_per_second * burst_seconds.
  double MaxUnits() const { return units_per_second_ * burst_seconds_; }

 private:
  void Refill(int64_t now_micros);

  double units_per_second_;
  double burst_seconds_;
  double level_;
  int64_t refilled_at_micros_;
};

// Units used in the current whole second of the clock (second = floor(now_micros / 1e6)).
//
// DynamoDB: a partition serves at most 3,000 read and 1,000 write units per second however much
// the table has banked, and burst capacity does not lift that ceiling [DG:bp-partition-key-design;
// re:Post "dynamodb-spiky-workloads-short-intervals"]. Pinned by RateWindow.ResetsAtSecondBoundary.
//
// Two numbers, no history: the second and the units used in it. Any other second, earlier (a clock
// set back) or later, starts from zero.
class RateWindow {
 public:
  // Units used in the second containing `now_micros`: 0 once that second is no longer current.
  double Used(int64_t now_micros) const;

  // Adds `units` to the second containing `now_micros`.
  void Add(double units, int64_t now_micros);

  // True while the units used this second are below `ceiling`.
  bool Allows(double ceiling, int64_t now_micros) const { return Used(now_micros) < ceiling; }

 private:
  int64_t second_ = std::numeric_limits<int64_t>::min();
  double used_ = 0;
};

}  // namespace dynafake::capacity
