#include "capacity/throttler.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace dynafake::capacity {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kMinute = 60 * kSecond;
// An arbitrary instant (2024-01-01T00:00:00Z) so that nothing depends on starting at zero.
constexpr int64_t kT0 = int64_t{1'704'067'200} * kSecond;

constexpr ResourceId kTable{.table_id = 1, .index_id = 0};
constexpr ResourceId kIndex{.table_id = 1, .index_id = 7};
constexpr ResourceId kOtherTable{.table_id = 2, .index_id = 0};

ResourceSettings Provisioned(double read_units, double write_units) {
  return ResourceSettings{.read_capacity_units = read_units, .write_capacity_units = write_units};
}

ResourceSettings OnDemand(double max_read_units = 0, double max_write_units = 0) {
  return ResourceSettings{.on_demand = true,
                          .max_read_request_units = max_read_units,
                          .max_write_request_units = max_write_units};
}

// Admits and charges requests of `units` each, as a caller would, until one is throttled or
// `limit` requests have run; returns how many ran and the throttle that stopped them.
struct Outcome {
  int admitted = 0;
  std::optional<Throttle> throttle;
};

Outcome Drive(Throttler& throttler, ResourceId resource, const ResourceSettings& settings,
              Operation operation, std::optional<uint64_t> key, double units, int64_t now,
              int limit = 1'000'000) {
  Outcome run;
  while (run.admitted < limit) {
    run.throttle = throttler.Admit(resource, settings, operation, key, now);
    if (run.throttle.has_value()) {
      break;
    }
    throttler.Charge(resource, settings, operation, key, units, now);
    ++run.admitted;
  }
  return run;
}

// Like Drive, but each request touches a different key value (an evenly spread workload).
Outcome DriveSpread(Throttler& throttler, ResourceId resource, const ResourceSettings& settings,
                    Operation operation, double units, int64_t now, uint64_t first_key = 1'000'000,
                    int limit = 1'000'000) {
  Outcome run;
  while (run.admitted < limit) {
    const uint64_t key = first_key + static_cast<uint64_t>(run.admitted);
    run.throttle = throttler.Admit(resource, settings, operation, key, now);
    if (run.throttle.has_value()) {
      break;
    }
    throttler.Charge(resource, settings, operation, key, units, now);
    ++run.admitted;
  }
  return run;
}

TEST(Throttler, ProvisionedTableAbsorbsItsBurstThenThrottlesThenRecovers) {
  Throttler throttler;
  const ResourceSettings settings = Provisioned(5, 5);
  // A new table starts with 300 s of burst: 1,500 write units at once.
  Outcome run = Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 1, kT0);
  EXPECT_EQ(run.admitted, 1500);
  ASSERT_TRUE(run.throttle.has_value());
  EXPECT_EQ(run.throttle->limit, LimitType::kProvisionedThroughputExceeded);
  EXPECT_EQ(run.throttle->resource, kTable);
  EXPECT_EQ(run.throttle->operation, Operation::kWrite);
  EXPECT_FALSE(run.throttle->on_demand);
  EXPECT_EQ(run.throttle->Reason(), "TableWriteProvisionedThroughputExceeded");

  // Reads have their own capacity.
  EXPECT_FALSE(throttler.Admit(kTable, settings, Operation::kRead, std::nullopt, kT0).has_value());

  // Ten seconds at 5 units/s refill 50 units.
  run = Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 1, kT0 + 10 * kSecond);
  EXPECT_EQ(run.admitted, 50);
  EXPECT_TRUE(run.throttle.has_value());
}

TEST(Throttler, OversizedChargeLeavesDebtThatBlocksUntilRepaid) {
  Throttler throttler;
  const ResourceSettings settings = Provisioned(5, 5);
  ASSERT_FALSE(throttler.Admit(kTable, settings, Operation::kRead, std::nullopt, kT0).has_value());
  // One request admitted with 1,500 units banked consumes 1,756: 256 units of debt.
  throttler.Charge(kTable, settings, Operation::kRead, std::nullopt, 1756, kT0);
  EXPECT_TRUE(throttler.Admit(kTable, settings, Operation::kRead, std::nullopt, kT0).has_value());
  // Repaid at 5 units/s: still in debt (-1) after 51 s, 4 units in hand after 52 s.
  EXPECT_TRUE(throttler.Admit(kTable, settings, Operation::kRead, std::nullopt, kT0 + 51 * kSecond)
                  .has_value());
  EXPECT_FALSE(throttler.Admit(kTable, settings, Operation::kRead, std::nullopt, kT0 + 52 * kSecond)
                   .has_value());
}

TEST(Throttler, ChangedProvisionedThroughputTakesEffectAtTheNextRequest) {
  Throttler throttler;
  ResourceSettings settings = Provisioned(10, 10);
  EXPECT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 1, kT0).admitted,
            3000);
  // Raised to 100 one second later: that second was refilled at the old rate...
  settings.write_capacity_units = 100;
  EXPECT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 1, kT0 + kSecond)
                .admitted,
            10);
  // ... and the next at the new one.
  EXPECT_EQ(
      Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 1, kT0 + 2 * kSecond)
          .admitted,
      100);

  // Lowered: the banked burst is clamped to 300 s of the new rate.
  EXPECT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 1,
                  kT0 + 2 * kSecond + 400 * kSecond)
                .admitted,
            30000);
  settings.write_capacity_units = 1;
  EXPECT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 1,
                  kT0 + 2 * kSecond + 800 * kSecond)
                .admitted,
            300);
}

TEST(Throttler, HotKeyValueIsThrottledWhileTheSameLoadSpreadPasses) {
  Throttler throttler;
  const ResourceSettings settings = Provisioned(4000, 4000);
  // 1,000 write units per second for one key value, whatever the table has banked.
  Outcome hot = Drive(throttler, kTable, settings, Operation::kWrite, uint64_t{42}, 1, kT0);
  EXPECT_EQ(hot.admitted, 1000);
  ASSERT_TRUE(hot.throttle.has_value());
  EXPECT_EQ(hot.throttle->limit, LimitType::kKeyRangeThroughputExceeded);
  EXPECT_EQ(hot.throttle->Reason(), "TableWriteKeyRangeThroughputExceeded");

  // Twice that over many key values in the same second passes.
  Outcome spread = DriveSpread(throttler, kTable, settings, Operation::kWrite, 1, kT0 + kSecond / 2,
                               1'000'000, 2000);
  EXPECT_EQ(spread.admitted, 2000);
  EXPECT_FALSE(spread.throttle.has_value());
  // So does a request over many key values (a Scan or an index Query), checked as a whole.
  EXPECT_FALSE(throttler.Admit(kTable, settings, Operation::kWrite, std::nullopt, kT0 + kSecond / 2)
                   .has_value());
  // The hot key value is still throttled within its second...
  EXPECT_TRUE(throttler.Admit(kTable, settings, Operation::kWrite, uint64_t{42}, kT0 + kSecond - 1)
                  .has_value());
  // ... and admitted again the next second.
  EXPECT_FALSE(throttler.Admit(kTable, settings, Operation::kWrite, uint64_t{42}, kT0 + kSecond)
                   .has_value());

  // Reads of one key value: 3,000 units per second.
  hot = Drive(throttler, kTable, settings, Operation::kRead, uint64_t{42}, 1, kT0);
  EXPECT_EQ(hot.admitted, 3000);
  ASSERT_TRUE(hot.throttle.has_value());
  EXPECT_EQ(hot.throttle->Reason(), "TableReadKeyRangeThroughputExceeded");
}

TEST(Throttler, KeyValueCeilingIsReportedBeforeTheTableRate) {
  Throttler throttler;
  const ResourceSettings settings = Provisioned(1, 1);  // 300 units banked
  throttler.Charge(kTable, settings, Operation::kWrite, uint64_t{7}, 1000, kT0);
  // Both the key value's second and the table are spent: the key value is named.
  const std::optional<Throttle> throttle =
      throttler.Admit(kTable, settings, Operation::kWrite, uint64_t{7}, kT0);
  ASSERT_TRUE(throttle.has_value());
  EXPECT_EQ(throttle->limit, LimitType::kKeyRangeThroughputExceeded);
  // Another key value meets the table's limit.
  const std::optional<Throttle> other =
      throttler.Admit(kTable, settings, Operation::kWrite, uint64_t{8}, kT0);
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->limit, LimitType::kProvisionedThroughputExceeded);
}

TEST(Throttler, ManyKeyValuesOverManySecondsKeepWorking) {
  // Crosses the pruning threshold several times, and checks that pruning keeps the current second.
  // Reads: 5,000 + 2,999 units a second stay within the 12,000 a new on-demand table serves.
  Throttler throttler;
  const ResourceSettings settings = OnDemand();
  for (int second = 0; second < 5; ++second) {
    const int64_t now = kT0 + second * kSecond;
    const uint64_t first_key = static_cast<uint64_t>(second) * 10'000;
    EXPECT_EQ(DriveSpread(throttler, kTable, settings, Operation::kRead, 1, now, first_key, 5000)
                  .admitted,
              5000);
    // A key value of this second, charged before the pruning, still counts: 1 + 2,999 units reach
    // its 3,000.
    throttler.Charge(kTable, settings, Operation::kRead, first_key, 2999, now);
    const Outcome run = Drive(throttler, kTable, settings, Operation::kRead, first_key, 1, now);
    EXPECT_EQ(run.admitted, 0);
    ASSERT_TRUE(run.throttle.has_value());
    EXPECT_EQ(run.throttle->limit, LimitType::kKeyRangeThroughputExceeded);
  }
}

TEST(Throttler, NewOnDemandTableServesTwiceItsPreviousPeak) {
  Throttler throttler;
  const ResourceSettings settings = OnDemand();
  Outcome run = Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 100, kT0);
  EXPECT_EQ(run.admitted, 40);  // 4,000 WRU: twice 2,000
  ASSERT_TRUE(run.throttle.has_value());
  EXPECT_EQ(run.throttle->limit, LimitType::kAccountLimitExceeded);
  EXPECT_TRUE(run.throttle->on_demand);
  EXPECT_EQ(run.throttle->Reason(), "TableWriteAccountLimitExceeded");

  run = Drive(throttler, kTable, settings, Operation::kRead, std::nullopt, 100, kT0);
  EXPECT_EQ(run.admitted, 120);  // 12,000 RRU: twice 6,000
  ASSERT_TRUE(run.throttle.has_value());
  EXPECT_EQ(run.throttle->Reason(), "TableReadAccountLimitExceeded");

  // The limit is per second.
  EXPECT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 100, kT0 + kSecond)
                .admitted,
            40);
}

TEST(Throttler, WarmThroughputServedAtOnce) {
  Throttler throttler;
  ResourceSettings settings = OnDemand();
  settings.warm_write_units = 10000;
  // 10,000 WRU at once instead of the 4,000 a new table serves.
  EXPECT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 100, kT0).admitted,
            100);
  // Below twice the previous peak it changes nothing.
  settings.warm_read_units = 100;
  EXPECT_EQ(Drive(throttler, kTable, settings, Operation::kRead, std::nullopt, 100, kT0).admitted,
            120);
}

TEST(Throttler, SwitchToOnDemandServesTheProvisionedCapacity) {
  Throttler throttler;
  ResourceSettings provisioned;
  provisioned.write_capacity_units = 10000;
  EXPECT_FALSE(
      throttler.Admit(kTable, provisioned, Operation::kWrite, std::nullopt, kT0).has_value());
  // 10,000 WCU provisioned: the on-demand table serves 10,000 at once, above the 4,000 of a new
  // table.
  EXPECT_EQ(
      Drive(throttler, kTable, OnDemand(), Operation::kWrite, std::nullopt, 100, kT0).admitted,
      100);
  // A new on-demand resource keeps the default.
  EXPECT_EQ(
      Drive(throttler, kIndex, OnDemand(), Operation::kWrite, std::nullopt, 100, kT0).admitted, 40);
}

TEST(Throttler, OnDemandAdoptsSustainedPeakAfter30Min) {
  Throttler throttler;
  const ResourceSettings settings = OnDemand();
  // 3,000 WRU/s for a minute: above the previous peak of 2,000, within the 4,000 allowed.
  for (int second = 0; second < 60; ++second) {
    ASSERT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 100,
                    kT0 + second * kSecond, 30)
                  .admitted,
              30);
  }
  // Not yet a peak one second short of 30 minutes after it was first reached.
  EXPECT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 100,
                  kT0 + 30 * kMinute - kSecond)
                .admitted,
            40);
  // Then twice 3,000.
  EXPECT_EQ(
      Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 100, kT0 + 30 * kMinute)
          .admitted,
      60);
}

TEST(Throttler, OnDemandAdoptsEachStepOfARamp) {
  Throttler throttler;
  const ResourceSettings settings = OnDemand();
  ASSERT_EQ(
      Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 100, kT0, 30).admitted,
      30);
  ASSERT_EQ(
      Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 100, kT0 + 10 * kMinute)
          .admitted,
      40);
  // The 3,000 of the first step is adopted on time although 4,000 was reached since...
  EXPECT_EQ(
      Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 100, kT0 + 30 * kMinute)
          .admitted,
      60);
  // ... and the 4,000 of the second step 30 minutes after it.
  EXPECT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 100,
                  kT0 + 40 * kMinute - kSecond)
                .admitted,
            60);
  EXPECT_EQ(
      Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 100, kT0 + 40 * kMinute)
          .admitted,
      80);
}

TEST(Throttler, OnDemandNeverExceedsTheTableQuota) {
  Throttler throttler;
  const ResourceSettings settings = OnDemand();
  int64_t now = kT0;
  // 4,000 -> peak after 30 min -> 8,000 -> 16,000 -> ... -> 25,000 adopted as the previous peak.
  ASSERT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 1000, now).admitted,
            4);
  now += 30 * kMinute;
  ASSERT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 1000, now).admitted,
            8);
  now += 30 * kMinute;
  ASSERT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 1000, now).admitted,
            16);
  now += 30 * kMinute;
  ASSERT_EQ(
      Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 1000, now, 25).admitted,
      25);
  now += 30 * kMinute;
  Outcome run = Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 1000, now);
  EXPECT_EQ(run.admitted, 40);  // not 2 x 25,000
  ASSERT_TRUE(run.throttle.has_value());
  EXPECT_EQ(run.throttle->limit, LimitType::kAccountLimitExceeded);
}

TEST(Throttler, MaxOnDemandThroughputCaps) {
  Throttler throttler;
  ResourceSettings settings = OnDemand(/*max_read_units=*/0, /*max_write_units=*/500);
  Outcome run = Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 10, kT0);
  EXPECT_EQ(run.admitted, 50);
  ASSERT_TRUE(run.throttle.has_value());
  EXPECT_EQ(run.throttle->limit, LimitType::kMaxOnDemandThroughputExceeded);
  EXPECT_TRUE(run.throttle->on_demand);
  EXPECT_EQ(run.throttle->Reason(), "TableWriteMaxOnDemandThroughputExceeded");
  // Reads have no maximum set.
  EXPECT_EQ(Drive(throttler, kTable, settings, Operation::kRead, std::nullopt, 100, kT0).admitted,
            120);

  // A maximum above twice the previous peak does not lift it.
  settings.max_write_request_units = 10000;
  run = Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 10, kT0 + kSecond);
  EXPECT_EQ(run.admitted, 400);
  EXPECT_EQ(run.throttle->limit, LimitType::kAccountLimitExceeded);

  // Both reached: the maximum is named. Removed (-1): none.
  settings.max_write_request_units = 4000;
  run = Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 10, kT0 + 2 * kSecond);
  EXPECT_EQ(run.admitted, 400);
  EXPECT_EQ(run.throttle->limit, LimitType::kMaxOnDemandThroughputExceeded);
  settings.max_write_request_units = -1;
  run = Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 10, kT0 + 3 * kSecond);
  EXPECT_EQ(run.throttle->limit, LimitType::kAccountLimitExceeded);

  // The key value's ceiling comes first.
  settings.max_write_request_units = 1000;
  run = Drive(throttler, kTable, settings, Operation::kWrite, uint64_t{3}, 10, kT0 + 4 * kSecond);
  EXPECT_EQ(run.admitted, 100);
  EXPECT_EQ(run.throttle->limit, LimitType::kKeyRangeThroughputExceeded);
}

TEST(Throttler, GlobalSecondaryIndexesHaveTheirOwnCapacity) {
  Throttler throttler;
  const ResourceSettings settings = Provisioned(5, 5);
  ASSERT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 1, kT0).admitted,
            1500);
  Outcome run = Drive(throttler, kIndex, settings, Operation::kWrite, std::nullopt, 1, kT0);
  EXPECT_EQ(run.admitted, 1500);
  ASSERT_TRUE(run.throttle.has_value());
  EXPECT_EQ(run.throttle->resource, kIndex);
  EXPECT_EQ(run.throttle->Reason(), "IndexWriteProvisionedThroughputExceeded");

  run = Drive(throttler, kIndex, OnDemand(), Operation::kRead, uint64_t{9}, 1000, kT0);
  EXPECT_EQ(run.admitted, 3);
  EXPECT_EQ(run.throttle->Reason(), "IndexReadKeyRangeThroughputExceeded");
  run = Drive(throttler, kIndex, OnDemand(50), Operation::kRead, std::nullopt, 10, kT0);
  EXPECT_EQ(run.throttle->Reason(), "IndexReadMaxOnDemandThroughputExceeded");
}

TEST(Throttler, SwitchingBillingModeStartsAfresh) {
  Throttler throttler;
  ASSERT_EQ(
      Drive(throttler, kTable, Provisioned(5, 5), Operation::kWrite, std::nullopt, 1, kT0).admitted,
      1500);
  // On-demand: the spent bucket no longer matters.
  EXPECT_EQ(
      Drive(throttler, kTable, OnDemand(), Operation::kWrite, std::nullopt, 100, kT0).admitted, 40);
  // Back to provisioned: a new, full bucket.
  EXPECT_EQ(
      Drive(throttler, kTable, Provisioned(5, 5), Operation::kWrite, std::nullopt, 1, kT0).admitted,
      1500);
}

TEST(Throttler, ForgetDropsTheTableAndItsIndexes) {
  Throttler throttler;
  const ResourceSettings settings = Provisioned(1, 1);
  for (const ResourceId resource : {kTable, kIndex, kOtherTable}) {
    ASSERT_EQ(Drive(throttler, resource, settings, Operation::kRead, std::nullopt, 1, kT0).admitted,
              300);
  }
  throttler.Forget(kTable.table_id);
  EXPECT_FALSE(throttler.Admit(kTable, settings, Operation::kRead, std::nullopt, kT0).has_value());
  EXPECT_FALSE(throttler.Admit(kIndex, settings, Operation::kRead, std::nullopt, kT0).has_value());
  EXPECT_TRUE(
      throttler.Admit(kOtherTable, settings, Operation::kRead, std::nullopt, kT0).has_value());
}

TEST(Throttler, ClockSetBackNeitherCrashesNorThrottlesForever) {
  Throttler throttler;
  ResourceSettings settings = Provisioned(5, 5);
  ASSERT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, uint64_t{1}, 1, kT0).admitted,
            1000);
  // A day back: the bucket keeps its level and refills from there, the key's second is another.
  const int64_t earlier = kT0 - 24 * 60 * kMinute;
  EXPECT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, uint64_t{1}, 1, earlier).admitted,
            500);
  EXPECT_EQ(
      Drive(throttler, kTable, settings, Operation::kWrite, uint64_t{1}, 1, earlier + 10 * kSecond)
          .admitted,
      50);

  settings = OnDemand();
  ASSERT_EQ(
      Drive(throttler, kOtherTable, settings, Operation::kWrite, std::nullopt, 100, kT0).admitted,
      40);
  EXPECT_EQ(Drive(throttler, kOtherTable, settings, Operation::kWrite, std::nullopt, 100, earlier)
                .admitted,
            40);
  EXPECT_EQ(Drive(throttler, kOtherTable, settings, Operation::kWrite, std::nullopt, 100,
                  earlier + kSecond)
                .admitted,
            40);
}

TEST(Throttler, OnDemandPeaksReachedAfterTheClockWasSetBackAreAdoptedOnTime) {
  Throttler throttler;
  const ResourceSettings settings = OnDemand();
  ASSERT_EQ(
      Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 100, kT0, 30).admitted,
      30);
  // A day back, 3,500 WRU/s: adopted 30 minutes later on the new clock, not held up behind the
  // 3,000 pending from the abandoned future.
  const int64_t earlier = kT0 - 24 * 60 * kMinute;
  ASSERT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 100, earlier, 35)
                .admitted,
            35);
  EXPECT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 100,
                  earlier + 30 * kMinute)
                .admitted,
            70);
}

TEST(Throttler, ConcurrentChargesAreAllCounted) {
  Throttler throttler;
  const ResourceSettings settings = Provisioned(10, 10);  // 3,000 units banked
  constexpr int kThreads = 8;
  constexpr int kChargesPerThread = 250;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&throttler, &settings, t] {
      for (int i = 0; i < kChargesPerThread; ++i) {
        // The same table from every thread, and a table of each thread's own.
        throttler.Charge(kTable, settings, Operation::kWrite, static_cast<uint64_t>(i), 1, kT0);
        const ResourceId own{.table_id = 100 + static_cast<uint32_t>(t), .index_id = 0};
        throttler.Charge(own, settings, Operation::kWrite, static_cast<uint64_t>(i), 1, kT0);
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(Drive(throttler, kTable, settings, Operation::kWrite, std::nullopt, 1, kT0).admitted,
            3000 - kThreads * kChargesPerThread);
  for (int t = 0; t < kThreads; ++t) {
    const ResourceId own{.table_id = 100 + static_cast<uint32_t>(t), .index_id = 0};
    EXPECT_EQ(Drive(throttler, own, settings, Operation::kWrite, std::nullopt, 1, kT0).admitted,
              3000 - kChargesPerThread);
  }
}

TEST(Throttler, ConcurrentAdmitAndChargeOvershootByAtMostTheRequestsInFlight) {
  Throttler throttler;
  const ResourceSettings settings = Provisioned(10, 10);  // 3,000 units banked
  constexpr int kThreads = 8;
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (!throttler.Admit(kTable, settings, Operation::kWrite, std::nullopt, kT0).has_value()) {
          throttler.Charge(kTable, settings, Operation::kWrite, std::nullopt, 1, kT0);
          admitted.fetch_add(1, std::memory_order_relaxed);
        }
        if (i % 100 == 0) {
          throttler.Forget(kOtherTable.table_id);  // never this table
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  // Each thread may be admitted while the others' admitted requests are not yet charged.
  EXPECT_GE(admitted.load(), 3000);
  EXPECT_LE(admitted.load(), 3000 + kThreads - 1);
  EXPECT_TRUE(throttler.Admit(kTable, settings, Operation::kWrite, std::nullopt, kT0).has_value());
}

TEST(Throttle, ReasonNamesResourceOperationAndLimit) {
  const struct {
    ResourceId resource;
    Operation operation;
    LimitType limit;
    std::string_view reason;
  } cases[] = {
      {kTable, Operation::kRead, LimitType::kProvisionedThroughputExceeded,
       "TableReadProvisionedThroughputExceeded"},
      {kTable, Operation::kWrite, LimitType::kAccountLimitExceeded,
       "TableWriteAccountLimitExceeded"},
      {kTable, Operation::kRead, LimitType::kKeyRangeThroughputExceeded,
       "TableReadKeyRangeThroughputExceeded"},
      {kTable, Operation::kWrite, LimitType::kMaxOnDemandThroughputExceeded,
       "TableWriteMaxOnDemandThroughputExceeded"},
      {kIndex, Operation::kWrite, LimitType::kProvisionedThroughputExceeded,
       "IndexWriteProvisionedThroughputExceeded"},
      {kIndex, Operation::kRead, LimitType::kAccountLimitExceeded, "IndexReadAccountLimitExceeded"},
      {kIndex, Operation::kWrite, LimitType::kKeyRangeThroughputExceeded,
       "IndexWriteKeyRangeThroughputExceeded"},
      {kIndex, Operation::kRead, LimitType::kMaxOnDemandThroughputExceeded,
       "IndexReadMaxOnDemandThroughputExceeded"},
  };

  for (const auto& c : cases) {
    const Throttle throttle{.resource = c.resource, .operation = c.operation, .limit = c.limit};
    EXPECT_EQ(throttle.Reason(), c.reason);
  }
}

}  // namespace
}  // namespace dynafake::capacity
