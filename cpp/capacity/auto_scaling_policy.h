// Auto scaling of provisioned capacity as DynamoDB users meet it: an Application Auto Scaling
// target-tracking policy on a table's or global secondary index's read or write capacity
// (docs: dynamodb-behaviour.md 7.2). Pure arithmetic on one-minute points; the caller feeds the
// points and applies the changes.
//
// The service's mechanism, which TargetTracking reproduces:
// - Application Auto Scaling keeps two CloudWatch alarms on the resource's
//   Consumed<Read|Write>CapacityUnits, summed per minute (Period 60, statistic Sum). The high alarm
//   goes off when the last 2 points are each greater than target% of provisioned × 60; the low
//   alarm when the last 15 points are each less than (target − 20)% of provisioned × 60. Both
//   thresholds follow the capacity: they are compared with the capacity provisioned when the
//   alarm evaluates, so a change moves them at once.
// - An alarm with a scaling action invokes it at every evaluation (once a minute) while it stays
//   in ALARM, so a refused change is tried again the next minute.
// - The new capacity is the consumption of the latest point per second divided by the target,
//   rounded up, and kept within [min, max]; a scale-out never lowers the capacity and a scale-in
//   never raises it.
// - Cooldowns (seconds): after a scale-out no other scale-out starts before scale_out_cooldown
//   has passed; after a scale-in no other scale-in before scale_in_cooldown; a scale-out ends the
//   scale-in cooldown. DynamoDB: both default to 0 for tables and global secondary indexes
//   (Application Auto Scaling API reference), so a scale-out can follow every minute. Pinned by
//   TargetTrackingTest.WithoutCooldownsScaleOutFollowsEveryMinute.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "dynafake/status.h"

#include "capacity/partitions.h"

namespace dynafake::capacity {

// DynamoDB: target utilization is a percentage between 20 and 90 (AWS auto scaling docs). Pinned
// by ScalingPolicyValidation.RejectsEachBoundWithAClearMessage.
inline constexpr double kMinTargetUtilization = 20;
inline constexpr double kMaxTargetUtilization = 90;
// The per-table capacity quota (40,000 units per second by default) bounds the maximum.
inline constexpr double kMaxScalingUnits = kTableMaxCapacityUnits;
// Points the high and the low alarm need, all beyond their threshold.
inline constexpr int kScaleOutPoints = 2;
inline constexpr int kScaleInPoints = 15;
// How far below the target, in percentage points, the low alarm's threshold lies.
inline constexpr double kScaleInMarginPoints = 20;

// The scalable target (min and max capacity, whole units per second) with its target-tracking
// policy.
struct ScalingPolicy {
  double min_units = 1;
  double max_units = 1;
  double target_utilization = 70;  // percent
  int64_t scale_out_cooldown_seconds = 0;
  int64_t scale_in_cooldown_seconds = 0;
  bool disable_scale_in = false;
};

// ValidationError naming the first value out of range: min and max whole numbers with
// 1 <= min <= max <= 40,000, target in [20, 90], cooldowns in [0, 2^31 - 1] seconds.
Status ValidateScalingPolicy(const ScalingPolicy& policy);

// `units` kept within [min, max].
int64_t ClampToPolicy(const ScalingPolicy& policy, int64_t units);

enum class ScalingDirection : uint8_t { kOut, kIn };

// A change the policy calls for.
struct ScalingDecision {
  ScalingDirection direction = ScalingDirection::kOut;
  // The end of the minute whose point set the alarm off: when the change is made.
  int64_t at_micros = 0;
  int64_t from_units = 0;
  int64_t to_units = 0;
  // The latest point's consumption per second, which the new capacity was computed from.
  double consumed_per_second = 0;

  // "2 consecutive minutes above 70% utilization of 10 units (consumed 12.5 units/s)", ...
  std::string Cause(const ScalingPolicy& policy) const;
};

// One policy's alarms, fed one complete minute at a time.
class TargetTracking {
 public:
  explicit TargetTracking(const ScalingPolicy& policy) : policy_(policy) {}

  const ScalingPolicy& policy() const { return policy_; }

  // The minute [minute_start_micros, + 60 s) consumed `consumed_units` in all, and
  // `provisioned_units` per second are provisioned as it ends. Returns the change the alarms call
  // for at the minute's end, if any. Minutes are expected one after the other: a minute that does
  // not follow the previous one starts a new series (the alarms then lack data until enough points
  // arrive). No change is called for while provisioned_units <= 0 (an on-demand resource).
  std::optional<ScalingDecision> AddMinute(int64_t minute_start_micros, double consumed_units,
                                           int64_t provisioned_units);

  // The decision was carried out: starts its cooldown. A refused change has no cooldown.
  void Applied(const ScalingDecision& decision);

 private:
  // The newest `count` points, newest first, are each beyond `threshold` in direction `above`.
  bool Run(int count, double threshold, bool above) const;

  ScalingPolicy policy_;
  // The last kScaleInPoints sums, newest at points_[(next_ - 1) mod size].
  std::array<double, kScaleInPoints> points_{};
  int next_ = 0;
  int count_ = 0;
  int64_t last_minute_start_ = std::numeric_limits<int64_t>::min();
  // Until when each direction is cooling down (exclusive); the minimum: not cooling down.
  int64_t scale_out_blocked_until_ = std::numeric_limits<int64_t>::min();
  int64_t scale_in_blocked_until_ = std::numeric_limits<int64_t>::min();
};

}  // namespace dynafake::capacity
