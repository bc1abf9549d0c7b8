#include "capacity/token_bucket.h"

#include <cstdint>

#include <gtest/gtest.h>

namespace dynafake::capacity {
namespace {

constexpr int64_t kSecond = 1'000'000;
// An arbitrary instant (2024-01-01T00:00:00Z) so that nothing depends on starting at zero.
constexpr int64_t kT0 = int64_t{1'704'067'200} * kSecond;

TEST(TokenBucket, RefillsOverTime) {
  TokenBucket bucket(10, kBurstSeconds, 0, kT0);
  EXPECT_EQ(bucket.Level(kT0), 0.0);
  EXPECT_FALSE(bucket.Available(kT0));
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + kSecond / 10), 1.0);
  EXPECT_TRUE(bucket.Available(kT0 + kSecond / 10));
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + kSecond), 10.0);
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + 5 * kSecond / 2), 25.0);
}

TEST(TokenBucket, RefillDoesNotDependOnHowOftenItIsRead) {
  TokenBucket polled(7, kBurstSeconds, 0, kT0);
  TokenBucket once(7, kBurstSeconds, 0, kT0);
  for (int i = 1; i <= 1000; ++i) {
    polled.Level(kT0 + i * 10'000);  // every 10 ms for 10 s
  }
  EXPECT_NEAR(polled.Level(kT0 + 10 * kSecond), 70.0, 1e-9);
  EXPECT_DOUBLE_EQ(once.Level(kT0 + 10 * kSecond), 70.0);
}

TEST(TokenBucket, BurstIsCappedAtRateTimesBurstSeconds) {
  TokenBucket bucket(10, kBurstSeconds, 0, kT0);
  EXPECT_EQ(bucket.MaxUnits(), 3000.0);
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + 299 * kSecond), 2990.0);
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + 300 * kSecond), 3000.0);
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + 3600 * kSecond), 3000.0);

  // Spending from a full bucket refills from the cap, not from what would have accrued.
  bucket.Consume(1000, kT0 + 3600 * kSecond);
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + 3601 * kSecond), 2010.0);
}

TEST(TokenBucket, InitialUnitsAreClampedToTheMaximum) {
  TokenBucket bucket(5, 2, 1e9, kT0);
  EXPECT_EQ(bucket.Level(kT0), 10.0);
  TokenBucket in_debt(5, 2, -3, kT0);
  EXPECT_EQ(in_debt.Level(kT0), -3.0);
  EXPECT_FALSE(in_debt.Available(kT0));
}

TEST(TokenBucket, AdmitsWhileAnyCapacityRemains) {
  TokenBucket bucket(1, kBurstSeconds, 0.5, kT0);
  EXPECT_TRUE(bucket.Available(kT0));
  bucket.Consume(0.5, kT0);
  EXPECT_FALSE(bucket.Available(kT0));  // exactly zero is not "capacity remains"
}

TEST(TokenBucket, OversizedConsumeLeavesDebt) {
  // 5 RCU provisioned, one Query page of 1 MB read strongly: 256 units.
  TokenBucket bucket(5, kBurstSeconds, 5, kT0);
  ASSERT_TRUE(bucket.Available(kT0));
  bucket.Consume(256, kT0);
  EXPECT_DOUBLE_EQ(bucket.Level(kT0), -251.0);
  EXPECT_FALSE(bucket.Available(kT0));
  // The debt is paid back at 5 units/s: still throttled after 50 s, admitted after 51 s.
  EXPECT_FALSE(bucket.Available(kT0 + 50 * kSecond));
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + 50 * kSecond), -1.0);
  EXPECT_TRUE(bucket.Available(kT0 + 51 * kSecond));
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + 51 * kSecond), 4.0);
  // And it recovers all the way to the cap.
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + 1000 * kSecond), 1500.0);
}

TEST(TokenBucket, SetRateRefillsAtTheOldRateFirst) {
  TokenBucket bucket(10, kBurstSeconds, 0, kT0);
  bucket.SetRate(100, kT0 + 2 * kSecond);  // 2 s at 10/s
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + 2 * kSecond), 20.0);
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + 3 * kSecond), 120.0);  // then 1 s at 100/s
  EXPECT_EQ(bucket.units_per_second(), 100.0);
  EXPECT_EQ(bucket.MaxUnits(), 30000.0);
}

TEST(TokenBucket, SetRateClampsToTheNewMaximum) {
  TokenBucket bucket(100, kBurstSeconds, 30000, kT0);
  bucket.SetRate(1, kT0 + kSecond);
  EXPECT_EQ(bucket.MaxUnits(), 300.0);
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + kSecond), 300.0);
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + 100 * kSecond), 300.0);
  bucket.Consume(301, kT0 + 100 * kSecond);
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + 101 * kSecond), 0.0);  // refills at the new rate
}

TEST(TokenBucket, SetRateKeepsDebt) {
  TokenBucket bucket(10, kBurstSeconds, 0, kT0);
  bucket.Consume(100, kT0);
  bucket.SetRate(50, kT0 + kSecond);
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + kSecond), -90.0);
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + 3 * kSecond), 10.0);
}

TEST(TokenBucket, ClockSetBackLeavesTheLevelUnchanged) {
  TokenBucket bucket(10, kBurstSeconds, 0, kT0);
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 + 10 * kSecond), 100.0);
  // Back an hour: nothing is refilled or taken away.
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 - 3600 * kSecond), 100.0);
  EXPECT_TRUE(bucket.Available(kT0 - 3600 * kSecond));
  // Refilling resumes from the earlier instant rather than waiting for the clock to catch up.
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 - 3599 * kSecond), 110.0);
  bucket.Consume(200, kT0 - 3599 * kSecond);
  EXPECT_DOUBLE_EQ(bucket.Level(kT0 - 3590 * kSecond), 0.0);
}

TEST(TokenBucket, ZeroRateNeverRefills) {
  TokenBucket bucket(0, kBurstSeconds, 5, kT0);
  EXPECT_EQ(bucket.Level(kT0), 0.0);
  EXPECT_FALSE(bucket.Available(kT0 + 1000 * kSecond));
}

TEST(RateWindow, CountsWithinTheSecond) {
  RateWindow window;
  EXPECT_EQ(window.Used(kT0), 0.0);
  window.Add(600, kT0 + 200'000);
  window.Add(350.5, kT0 + 900'000);
  EXPECT_EQ(window.Used(kT0), 950.5);
  EXPECT_EQ(window.Used(kT0 + 999'999), 950.5);
}

TEST(RateWindow, ResetsAtSecondBoundary) {
  RateWindow window;
  window.Add(1200, kT0 + 999'999);
  EXPECT_FALSE(window.Allows(1000, kT0 + 999'999));
  EXPECT_EQ(window.Used(kT0 + kSecond), 0.0);
  EXPECT_TRUE(window.Allows(1000, kT0 + kSecond));
  window.Add(10, kT0 + kSecond);
  EXPECT_EQ(window.Used(kT0 + kSecond + 500'000), 10.0);
  EXPECT_EQ(window.Used(kT0 + 5 * kSecond), 0.0);
}

TEST(RateWindow, AllowsWhileBelowTheCeiling) {
  RateWindow window;
  EXPECT_TRUE(window.Allows(3000, kT0));
  window.Add(2999.5, kT0);
  EXPECT_TRUE(window.Allows(3000, kT0));
  window.Add(0.5, kT0 + 1);
  EXPECT_FALSE(window.Allows(3000, kT0 + 2));
  // Admitted while below, charged after: the window may end above its ceiling.
  window.Add(256, kT0 + 3);
  EXPECT_EQ(window.Used(kT0 + 3), 3256.0);
}

TEST(RateWindow, ClockSetBackStartsAnotherSecond) {
  RateWindow window;
  window.Add(500, kT0 + 10 * kSecond);
  EXPECT_EQ(window.Used(kT0 + 9 * kSecond + 999'999), 0.0);
  window.Add(1, kT0 + 9 * kSecond);
  EXPECT_EQ(window.Used(kT0 + 9 * kSecond), 1.0);
}

TEST(RateWindow, SecondsBeforeTheEpochAreWhole) {
  RateWindow window;
  window.Add(5, -700'000);  // second -1 is [-1 s, 0)
  EXPECT_EQ(window.Used(-1), 5.0);
  EXPECT_EQ(window.Used(-kSecond), 5.0);
  EXPECT_EQ(window.Used(0), 0.0);
  EXPECT_EQ(window.Used(-kSecond - 1), 0.0);
}

}  // namespace
}  // namespace dynafake::capacity
