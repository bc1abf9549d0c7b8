#include "capacity/auto_scaling_policy.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include <gtest/gtest.h>

namespace dynafake::capacity {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kMinute = 60 * kSecond;
// A minute-aligned instant; minute i of a test starts at kT0 + i minutes.
constexpr int64_t kT0 = int64_t{28'333'333} * kMinute;

ScalingPolicy Policy(double min, double max, double target = 70) {
  return ScalingPolicy{.min_units = min, .max_units = max, .target_utilization = target};
}

// Feeds minutes first, first + 1, ... with the same consumption and capacity; returns the
// decisions, each with the minute that produced it.
class Feeder {
 public:
  explicit Feeder(const ScalingPolicy& policy) : tracking_(policy) {}

  std::optional<ScalingDecision> Minute(double consumed_units, int64_t provisioned) {
    return tracking_.AddMinute(kT0 + minute_++ * kMinute, consumed_units, provisioned);
  }

  // `count` minutes; the decisions they produced, in order.
  std::vector<ScalingDecision> Minutes(int count, double consumed_units, int64_t provisioned) {
    std::vector<ScalingDecision> decisions;
    for (int i = 0; i < count; ++i) {
      if (std::optional<ScalingDecision> decision = Minute(consumed_units, provisioned)) {
        decisions.push_back(*decision);
      }
    }
    return decisions;
  }

  void Skip(int minutes) { minute_ += minutes; }

  int64_t next_minute() const { return minute_; }

  TargetTracking& tracking() { return tracking_; }

 private:
  TargetTracking tracking_;
  int64_t minute_ = 0;
};

TEST(ScalingPolicyValidation, AcceptsTheServiceRange) {
  EXPECT_TRUE(ValidateScalingPolicy(Policy(1, 1, 20)).ok());
  EXPECT_TRUE(ValidateScalingPolicy(Policy(5, 40'000, 90)).ok());
  EXPECT_TRUE(ValidateScalingPolicy(Policy(5, 100, 72.5)).ok());
}

TEST(ScalingPolicyValidation, RejectsEachBoundWithAClearMessage) {
  const Status zero_min = ValidateScalingPolicy(Policy(0, 10));
  EXPECT_EQ(zero_min.code(), ErrorCode::kValidation);
  EXPECT_EQ(zero_min.message(),
            "Auto scaling minimum capacity must be a whole number of units of at least 1, got 0");
  EXPECT_FALSE(ValidateScalingPolicy(Policy(1.5, 10)).ok());
  EXPECT_EQ(ValidateScalingPolicy(Policy(10, 9)).message(),
            "Auto scaling maximum capacity must be a whole number of units no less than the "
            "minimum capacity (10), got 9");
  EXPECT_FALSE(ValidateScalingPolicy(Policy(1, 9.5)).ok());
  EXPECT_EQ(ValidateScalingPolicy(Policy(1, 40'001)).message(),
            "Auto scaling maximum capacity must be at most 40000 units (the per-table quota), got "
            "40001");
  EXPECT_EQ(ValidateScalingPolicy(Policy(1, 10, 19.5)).message(),
            "Auto scaling target utilization must be between 20 and 90 percent, got 19.5");
  EXPECT_FALSE(ValidateScalingPolicy(Policy(1, 10, 90.5)).ok());
  EXPECT_FALSE(ValidateScalingPolicy(Policy(1, 10, std::nan(""))).ok());
  ScalingPolicy cooldown = Policy(1, 10);
  cooldown.scale_in_cooldown_seconds = -1;
  EXPECT_EQ(ValidateScalingPolicy(cooldown).message(),
            "Auto scaling cooldowns must be between 0 and 2147483647 seconds, got -1");
}

TEST(TargetTrackingTest, ScalesOutAfterTwoMinutesAboveTargetNotAfterOne) {
  Feeder feeder(Policy(1, 100));
  // 10 units provisioned at 70%: the high alarm's threshold is 420 units per minute.
  EXPECT_FALSE(feeder.Minute(600, 10).has_value());
  const std::optional<ScalingDecision> decision = feeder.Minute(600, 10);
  ASSERT_TRUE(decision.has_value());
  EXPECT_EQ(decision->direction, ScalingDirection::kOut);
  EXPECT_EQ(decision->at_micros, kT0 + 2 * kMinute);
  EXPECT_EQ(decision->from_units, 10);
  // 10 units/s at 70%: ceil(14.29).
  EXPECT_EQ(decision->to_units, 15);
  EXPECT_DOUBLE_EQ(decision->consumed_per_second, 10);
}

TEST(TargetTrackingTest, TheHighAlarmNeedsConsecutiveMinutesStrictlyAboveTarget) {
  Feeder feeder(Policy(1, 100));
  // Exactly at the target is not above it.
  EXPECT_TRUE(feeder.Minutes(5, 420, 10).empty());
  // A minute under the target interrupts the run.
  EXPECT_FALSE(feeder.Minute(421, 10).has_value());
  EXPECT_FALSE(feeder.Minute(100, 10).has_value());
  EXPECT_FALSE(feeder.Minute(421, 10).has_value());
  EXPECT_TRUE(feeder.Minute(421, 10).has_value());
}

TEST(TargetTrackingTest, ScalesInOnlyAfterFifteenLowMinutes) {
  Feeder feeder(Policy(1, 1000));
  // 100 units at 70%: the low alarm's threshold is 50% of 6000 units per minute.
  EXPECT_TRUE(feeder.Minutes(14, 60, 100).empty());
  const std::optional<ScalingDecision> decision = feeder.Minute(60, 100);
  ASSERT_TRUE(decision.has_value());
  EXPECT_EQ(decision->direction, ScalingDirection::kIn);
  EXPECT_EQ(decision->at_micros, kT0 + 15 * kMinute);
  // 1 unit/s at 70%: ceil(1.43).
  EXPECT_EQ(decision->to_units, 2);
}

TEST(TargetTrackingTest, OneMinuteAboveTheLowThresholdRestartsTheFifteen) {
  Feeder feeder(Policy(1, 1000));
  EXPECT_TRUE(feeder.Minutes(14, 60, 100).empty());
  EXPECT_FALSE(feeder.Minute(3000, 100).has_value());
  EXPECT_TRUE(feeder.Minutes(14, 60, 100).empty());
  EXPECT_TRUE(feeder.Minute(60, 100).has_value());
}

TEST(TargetTrackingTest, ScaleInThresholdIsTwentyPointsBelowTarget) {
  {
    Feeder at_threshold(Policy(1, 1000));
    // 50% of 100 units: 3000 units per minute is not below the threshold.
    EXPECT_TRUE(at_threshold.Minutes(30, 3000, 100).empty());
  }
  {
    Feeder below(Policy(1, 1000));
    const std::vector<ScalingDecision> decisions = below.Minutes(15, 2999, 100);
    ASSERT_EQ(decisions.size(), 1U);
    // 49.98 units/s at 70%: ceil(71.4).
    EXPECT_EQ(decisions[0].to_units, 72);
  }
  {
    // At a 50% target the threshold is 30%: 1800 units per minute of 100 units.
    Feeder half(Policy(1, 1000, 50));
    EXPECT_TRUE(half.Minutes(20, 1800, 100).empty());
    Feeder half_below(Policy(1, 1000, 50));
    EXPECT_EQ(half_below.Minutes(15, 1799, 100).size(), 1U);
  }
}

TEST(TargetTrackingTest, NoChangeWithinTheBand) {
  Feeder feeder(Policy(1, 1000));
  // Between 50% and 70% of 100 units for an hour.
  EXPECT_TRUE(feeder.Minutes(60, 3600, 100).empty());
  EXPECT_TRUE(feeder.Minutes(60, 3001, 100).empty());
  EXPECT_TRUE(feeder.Minutes(60, 4200, 100).empty());
}

TEST(TargetTrackingTest, ClampsToMinAndMax) {
  Feeder out(Policy(5, 20));
  const std::vector<ScalingDecision> up = out.Minutes(2, 6000, 10);
  ASSERT_EQ(up.size(), 1U);
  EXPECT_EQ(up[0].to_units, 20);
  // At the maximum there is nothing to scale out to.
  EXPECT_TRUE(out.Minutes(10, 6000, 20).empty());

  Feeder in(Policy(5, 20));
  const std::vector<ScalingDecision> down = in.Minutes(15, 0, 20);
  ASSERT_EQ(down.size(), 1U);
  EXPECT_EQ(down[0].to_units, 5);
  EXPECT_TRUE(in.Minutes(30, 0, 5).empty());
}

TEST(TargetTrackingTest, NeverScalesInUpwardNorOutDownward) {
  // Capacity set outside [min, max] by hand: a low alarm does not raise it to the minimum and a
  // high alarm does not lower it to the maximum.
  Feeder below_min(Policy(10, 20));
  EXPECT_TRUE(below_min.Minutes(30, 0, 4).empty());
  Feeder above_max(Policy(10, 20));
  EXPECT_TRUE(above_max.Minutes(5, 60'000, 50).empty());
}

TEST(TargetTrackingTest, RoundsUpWithoutOvershootingWholeResults) {
  Feeder whole(Policy(1, 100));
  // 42 units in a minute is 0.7 units/s: exactly 1 unit at 70%.
  const std::vector<ScalingDecision> exact = whole.Minutes(15, 42, 10);
  ASSERT_EQ(exact.size(), 1U);
  EXPECT_EQ(exact[0].to_units, 1);
  Feeder fraction(Policy(1, 100));
  const std::vector<ScalingDecision> above = fraction.Minutes(15, 42.5, 10);
  ASSERT_EQ(above.size(), 1U);
  EXPECT_EQ(above[0].to_units, 2);
}

TEST(TargetTrackingTest, AGapInTheMinutesStartsANewSeries) {
  Feeder feeder(Policy(1, 100));
  EXPECT_FALSE(feeder.Minute(600, 10).has_value());
  feeder.Skip(1);
  EXPECT_FALSE(feeder.Minute(600, 10).has_value());
  EXPECT_TRUE(feeder.Minute(600, 10).has_value());
}

TEST(TargetTrackingTest, AnAlarmStillInAlarmCallsForTheChangeAgain) {
  Feeder feeder(Policy(1, 100));
  // The change was refused (not Applied, capacity unchanged): the next minute asks again.
  const std::vector<ScalingDecision> decisions = feeder.Minutes(4, 600, 10);
  ASSERT_EQ(decisions.size(), 3U);
  EXPECT_EQ(decisions[1].at_micros, kT0 + 3 * kMinute);
  EXPECT_EQ(decisions[2].to_units, 15);
}

TEST(TargetTrackingTest, ThresholdsFollowTheCapacity) {
  Feeder feeder(Policy(1, 100));
  const std::vector<ScalingDecision> up = feeder.Minutes(2, 600, 10);
  ASSERT_EQ(up.size(), 1U);
  feeder.tracking().Applied(up[0]);
  // 600 a minute is 67% of the 15 units now provisioned: inside the band.
  EXPECT_TRUE(feeder.Minutes(30, 600, 15).empty());
}

TEST(TargetTrackingTest, WithoutCooldownsScaleOutFollowsEveryMinute) {
  Feeder feeder(Policy(1, 1000));
  const std::vector<ScalingDecision> first = feeder.Minutes(2, 600, 10);
  ASSERT_EQ(first.size(), 1U);
  feeder.tracking().Applied(first[0]);
  // The load doubled: above 70% of 15 units for the last two minutes.
  EXPECT_FALSE(feeder.Minute(1200, 15).has_value());
  const std::optional<ScalingDecision> second = feeder.Minute(1200, 15);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->to_units, 29);
}

TEST(TargetTrackingTest, ScaleOutCooldownBlocksTheNextScaleOut) {
  ScalingPolicy policy = Policy(1, 1000);
  policy.scale_out_cooldown_seconds = 300;
  Feeder feeder(policy);
  const std::vector<ScalingDecision> first = feeder.Minutes(2, 600, 10);
  ASSERT_EQ(first.size(), 1U);
  feeder.tracking().Applied(first[0]);
  // Minutes 3 to 6 end before the cooldown does (minute 2's end + 300 s).
  EXPECT_TRUE(feeder.Minutes(4, 6000, 15).empty());
  const std::optional<ScalingDecision> second = feeder.Minute(6000, 15);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->at_micros, first[0].at_micros + 300 * kSecond);
  EXPECT_EQ(second->to_units, 143);
}

TEST(TargetTrackingTest, ScaleInCooldownBlocksScaleInButNotScaleOut) {
  ScalingPolicy policy = Policy(1, 1000);
  policy.scale_in_cooldown_seconds = 3600;
  Feeder feeder(policy);
  const std::vector<ScalingDecision> down = feeder.Minutes(15, 1500, 100);
  ASSERT_EQ(down.size(), 1U);
  EXPECT_EQ(down[0].to_units, 36);
  feeder.tracking().Applied(down[0]);
  // Still below 50% of 36 units (1080 a minute) for 20 more minutes: cooling down.
  EXPECT_TRUE(feeder.Minutes(20, 60, 36).empty());
  // A scale-out is made at once and ends the scale-in cooldown.
  const std::vector<ScalingDecision> up = feeder.Minutes(2, 3000, 36);
  ASSERT_EQ(up.size(), 1U);
  EXPECT_EQ(up[0].direction, ScalingDirection::kOut);
  feeder.tracking().Applied(up[0]);
  const std::vector<ScalingDecision> again = feeder.Minutes(15, 60, up[0].to_units);
  ASSERT_EQ(again.size(), 1U);
  EXPECT_EQ(again[0].direction, ScalingDirection::kIn);
}

TEST(TargetTrackingTest, ScaleInCanBeDisabled) {
  ScalingPolicy policy = Policy(1, 1000);
  policy.disable_scale_in = true;
  Feeder feeder(policy);
  EXPECT_TRUE(feeder.Minutes(60, 0, 100).empty());
  EXPECT_EQ(feeder.Minutes(2, 60'000, 100).size(), 1U);
}

TEST(TargetTrackingTest, NothingForAResourceWithoutProvisionedCapacity) {
  Feeder feeder(Policy(1, 1000));
  EXPECT_TRUE(feeder.Minutes(30, 6000, 0).empty());
  EXPECT_TRUE(feeder.Minutes(30, 0, 0).empty());
}

TEST(TargetTrackingTest, CauseNamesTheAlarm) {
  const ScalingPolicy policy = Policy(1, 100);
  Feeder out(policy);
  const std::vector<ScalingDecision> up = out.Minutes(2, 750, 10);
  ASSERT_EQ(up.size(), 1U);
  EXPECT_EQ(up[0].Cause(policy),
            "2 consecutive minutes above 70% utilization of 10 units (latest 12.5 units/s)");
  Feeder in(policy);
  const std::vector<ScalingDecision> down = in.Minutes(15, 0, 10);
  ASSERT_EQ(down.size(), 1U);
  EXPECT_EQ(down[0].Cause(policy),
            "15 consecutive minutes below 50% utilization of 10 units (latest 0 units/s)");
}

}  // namespace
}  // namespace dynafake::capacity
