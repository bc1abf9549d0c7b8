#include "dynafake/clock.h"

#include <atomic>
#include <cstdlib>
#include <thread>

#include <gtest/gtest.h>

namespace dynafake {
namespace {

constexpr int64_t kStart = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z
constexpr int64_t kHour = int64_t{3600} * 1'000'000;

TEST(SettableClockTest, FrozenClockMovesOnlyWhenTold) {
  SettableClock clock(kStart);
  EXPECT_TRUE(clock.frozen());
  EXPECT_EQ(clock.NowMicros(), kStart);
  clock.Advance(kHour);
  EXPECT_EQ(clock.NowMicros(), kStart + kHour);
  clock.Set(kStart - kHour);
  EXPECT_EQ(clock.NowMicros(), kStart - kHour);
  EXPECT_DOUBLE_EQ(clock.NowSeconds(), static_cast<double>(kStart - kHour) / 1e6);
}

TEST(SettableClockTest, RunningClockKeepsRunningFromWhereItIsMoved) {
  SettableClock clock;
  EXPECT_FALSE(clock.frozen());
  const int64_t wall = SystemClock().NowMicros();
  EXPECT_LE(std::abs(clock.NowMicros() - wall), kHour / 60);
  clock.Advance(kHour);
  EXPECT_GE(clock.NowMicros(), wall + kHour);
  clock.Set(kStart);
  const int64_t after_set = clock.NowMicros();
  EXPECT_GE(after_set, kStart);
  EXPECT_LT(after_set, kStart + kHour / 60);
}

TEST(SettableClockTest, FreezeAndUnfreezeKeepTheTime) {
  SettableClock clock;
  clock.Set(kStart);
  clock.Freeze();
  const int64_t frozen_at = clock.NowMicros();
  EXPECT_GE(frozen_at, kStart);
  EXPECT_EQ(clock.NowMicros(), frozen_at);
  clock.Advance(kHour);
  clock.Unfreeze();
  EXPECT_FALSE(clock.frozen());
  EXPECT_GE(clock.NowMicros(), frozen_at + kHour);
  EXPECT_LT(clock.NowMicros(), frozen_at + kHour + kHour / 60);
}

TEST(SettableClockTest, ReadersNeverSeeTimeFromBeforeAnAdvanceTheyFollow) {
  SettableClock clock(kStart);
  std::atomic<bool> done{false};
  std::atomic<int64_t> advanced_to{kStart};
  std::thread reader([&] {
    while (!done.load()) {
      const int64_t floor = advanced_to.load();
      EXPECT_GE(clock.NowMicros(), floor);
    }
  });
  for (int i = 1; i <= 10'000; ++i) {
    clock.Advance(1);
    advanced_to.store(kStart + i);
  }
  done.store(true);
  reader.join();
  EXPECT_EQ(clock.NowMicros(), kStart + 10'000);
}

}  // namespace
}  // namespace dynafake
