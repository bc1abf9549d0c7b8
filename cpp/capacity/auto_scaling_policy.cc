#include "capacity/auto_scaling_policy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "dynafake/clock.h"

namespace dynafake::capacity {
namespace {

constexpr double kSecondsPerMinute = 60;
// Application Auto Scaling's cooldowns are 32-bit integers.
constexpr int64_t kMaxCooldownSeconds = std::numeric_limits<int32_t>::max();

// 70, 12.5, 0.333333: the shortest form a message needs.
std::string Number(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

bool WholeNumber(double value) {
  return std::isfinite(value) && std::floor(value) == value;
}

// Units per minute at `percent` of `provisioned` units per second: the alarms' thresholds.
// Multiplied before dividing so that whole inputs give exact thresholds (70% of 1 is 42).
double MinuteThreshold(double percent, int64_t provisioned) {
  return percent * static_cast<double>(provisioned) * kSecondsPerMinute / 100;
}

// The capacity at which `consumed_units` in one minute would be `target` percent, rounded up. A
// relative tolerance keeps a result that is whole in decimal from rounding up past it.
int64_t CapacityFor(double consumed_units, double target) {
  const double exact = consumed_units * 100 / (kSecondsPerMinute * target);
  const double units = std::ceil(exact - 1e-9 * std::max(1.0, exact));
  return units >= static_cast<double>(std::numeric_limits<int64_t>::max())
             ? std::numeric_limits<int64_t>::max()
             : static_cast<int64_t>(units);
}

}  // namespace

Status ValidateScalingPolicy(const ScalingPolicy& policy) {
  if (!WholeNumber(policy.min_units) || policy.min_units < 1) {
    return ValidationError(
        "Auto scaling minimum capacity must be a whole number of units of at "
        "least 1, got " +
        Number(policy.min_units));
  }
  if (!WholeNumber(policy.max_units) || policy.max_units < policy.min_units) {
    return ValidationError(
        "Auto scaling maximum capacity must be a whole number of units no less "
        "than the minimum capacity (" +
        Number(policy.min_units) + "), got " + Number(policy.max_units));
  }
  if (policy.max_units > kMaxScalingUnits) {
    return ValidationError("Auto scaling maximum capacity must be at most " +
                           Number(kMaxScalingUnits) + " units (the per-table quota), got " +
                           Number(policy.max_units));
  }
  // Written so that NaN fails too.
  if (!(policy.target_utilization >= kMinTargetUtilization &&
        policy.target_utilization <= kMaxTargetUtilization)) {
    return ValidationError("Auto scaling target utilization must be between " +
                           Number(kMinTargetUtilization) + " and " + Number(kMaxTargetUtilization) +
                           " percent, got " + Number(policy.target_utilization));
  }
  for (const int64_t cooldown :
       {policy.scale_out_cooldown_seconds, policy.scale_in_cooldown_seconds}) {
    if (cooldown < 0 || cooldown > kMaxCooldownSeconds) {
      return ValidationError("Auto scaling cooldowns must be between 0 and " +
                             std::to_string(kMaxCooldownSeconds) + " seconds, got " +
                             std::to_string(cooldown));
    }
  }
  return Status::Ok();
}

int64_t ClampToPolicy(const ScalingPolicy& policy, int64_t units) {
  return std::clamp(units, static_cast<int64_t>(policy.min_units),
                    static_cast<int64_t>(policy.max_units));
}

std::string ScalingDecision::Cause(const ScalingPolicy& policy) const {
  const bool out = direction == ScalingDirection::kOut;
  const double percent = out ? policy.target_utilization
                             : std::max(0.0, policy.target_utilization - kScaleInMarginPoints);
  return std::to_string(out ? kScaleOutPoints : kScaleInPoints) + " consecutive minutes " +
         (out ? "above " : "below ") + Number(percent) + "% utilization of " +
         std::to_string(from_units) + " units (latest " + Number(consumed_per_second) + " units/s)";
}

std::optional<ScalingDecision> TargetTracking::AddMinute(int64_t minute_start_micros,
                                                         double consumed_units,
                                                         int64_t provisioned_units) {
  if (minute_start_micros != last_minute_start_ + kMicrosPerMinute) {
    count_ = 0;
  }
  if (!std::isfinite(consumed_units) || consumed_units < 0) {
    consumed_units = 0;
  }
  last_minute_start_ = minute_start_micros;
  points_[static_cast<size_t>(next_)] = consumed_units;
  next_ = (next_ + 1) % kScaleInPoints;
  count_ = std::min(count_ + 1, kScaleInPoints);
  if (provisioned_units <= 0) {
    return std::nullopt;
  }
  const double target = policy_.target_utilization;
  ScalingDecision decision;
  decision.at_micros = minute_start_micros + kMicrosPerMinute;
  decision.from_units = provisioned_units;
  decision.consumed_per_second = consumed_units / kSecondsPerMinute;
  const int64_t wanted = ClampToPolicy(policy_, CapacityFor(consumed_units, target));
  // DynamoDB: the high alarm is GreaterThanThreshold on 2 of 2 one-minute sums, and while it stays
  // in ALARM its action runs every minute (a refused change is tried again). Pinned by
  // TargetTrackingTest.TheHighAlarmNeedsConsecutiveMinutesStrictlyAboveTarget and
  // TargetTrackingTest.AnAlarmStillInAlarmCallsForTheChangeAgain.
  if (Run(kScaleOutPoints, MinuteThreshold(target, provisioned_units), /*above=*/true)) {
    if (wanted <= provisioned_units || decision.at_micros < scale_out_blocked_until_) {
      return std::nullopt;
    }
    decision.direction = ScalingDirection::kOut;
    decision.to_units = wanted;
    return decision;
  }
  // DynamoDB: the low alarm is LessThanThreshold on 15 of 15 one-minute sums, its threshold 20
  // percentage points under the target (AWS knowledge center: minimum 100 RCU at 70% scales in
  // below 50 RCU for 15 minutes). Pinned by
  // TargetTrackingTest.ScaleInThresholdIsTwentyPointsBelowTarget and
  // TargetTrackingTest.ScalesInOnlyAfterFifteenLowMinutes.
  const double low_percent = std::max(0.0, target - kScaleInMarginPoints);
  if (!policy_.disable_scale_in &&
      Run(kScaleInPoints, MinuteThreshold(low_percent, provisioned_units), /*above=*/false)) {
    if (wanted >= provisioned_units || decision.at_micros < scale_in_blocked_until_) {
      return std::nullopt;
    }
    decision.direction = ScalingDirection::kIn;
    decision.to_units = wanted;
    return decision;
  }
  return std::nullopt;
}

void TargetTracking::Applied(const ScalingDecision& decision) {
  if (decision.direction == ScalingDirection::kOut) {
    scale_out_blocked_until_ =
        decision.at_micros + policy_.scale_out_cooldown_seconds * kMicrosPerSecond;
    // Application Auto Scaling: a scale-out during the scale-in cooldown ends that cooldown.
    scale_in_blocked_until_ = std::numeric_limits<int64_t>::min();
  } else {
    scale_in_blocked_until_ =
        decision.at_micros + policy_.scale_in_cooldown_seconds * kMicrosPerSecond;
  }
}

bool TargetTracking::Run(int count, double threshold, bool above) const {
  if (count_ < count) {
    return false;
  }
  for (int i = 1; i <= count; ++i) {
    const double point =
        points_[static_cast<size_t>((next_ - i + kScaleInPoints) % kScaleInPoints)];
    if (above ? !(point > threshold) : !(point < threshold)) {
      return false;
    }
  }
  return true;
}

}  // namespace dynafake::capacity
