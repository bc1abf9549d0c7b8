#include "capacity/usage.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace dynafake::capacity {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kMinute = 60 * kSecond;
// A minute-aligned instant in 2023, so that minute starts below are T0 + whole minutes.
constexpr int64_t kT0 = int64_t{28'333'333} * kMinute;

constexpr ResourceId kTable{.table_id = 1};

std::string Label(int i) {
  return "S:\"user#" + std::to_string(i) + "\"";
}

ResourceUsage MustSnapshot(const UsageRecorder& recorder, ResourceId resource) {
  std::optional<ResourceUsage> usage = recorder.Snapshot(resource);
  EXPECT_TRUE(usage.has_value());
  return usage.value_or(ResourceUsage{});
}

TEST(UsageRecorder, NothingRecordedIsAbsent) {
  UsageRecorder recorder;
  EXPECT_FALSE(recorder.Snapshot(kTable).has_value());
  EXPECT_TRUE(recorder.Snapshot().empty());
}

TEST(UsageMinutes, SplitAtMinuteBoundaries) {
  UsageRecorder recorder;
  recorder.RecordConsumed(kTable, Operation::kRead, 1, std::nullopt, "", kT0);
  recorder.RecordConsumed(kTable, Operation::kRead, 2, std::nullopt, "", kT0 + kMinute - 1);
  recorder.RecordConsumed(kTable, Operation::kWrite, 4, std::nullopt, "", kT0 + kMinute);
  recorder.RecordThrottled(kTable, Operation::kWrite, kT0 + 2 * kMinute - 1);
  recorder.RecordConsumed(kTable, Operation::kRead, 8, std::nullopt, "", kT0 + 3 * kMinute + 1);

  const ResourceUsage usage = MustSnapshot(recorder, kTable);
  ASSERT_EQ(usage.minutes.size(), 3u);  // minute 2 had no record
  EXPECT_EQ(usage.minutes[0].minute_start_micros, kT0);
  EXPECT_EQ(usage.minutes[0].read_units, 3);
  EXPECT_EQ(usage.minutes[0].write_units, 0);
  EXPECT_EQ(usage.minutes[1].minute_start_micros, kT0 + kMinute);
  EXPECT_EQ(usage.minutes[1].read_units, 0);
  EXPECT_EQ(usage.minutes[1].write_units, 4);
  EXPECT_EQ(usage.minutes[1].write_throttled, 1);
  EXPECT_EQ(usage.minutes[1].read_throttled, 0);
  EXPECT_EQ(usage.minutes[2].minute_start_micros, kT0 + 3 * kMinute);
  EXPECT_EQ(usage.minutes[2].read_units, 8);
}

TEST(UsageMinutes, BeforeTheEpochRoundDown) {
  UsageRecorder recorder;
  recorder.RecordConsumed(kTable, Operation::kRead, 1, std::nullopt, "", -1);
  recorder.RecordConsumed(kTable, Operation::kRead, 2, std::nullopt, "", 0);
  const ResourceUsage usage = MustSnapshot(recorder, kTable);
  ASSERT_EQ(usage.minutes.size(), 2u);
  EXPECT_EQ(usage.minutes[0].minute_start_micros, -kMinute);
  EXPECT_EQ(usage.minutes[0].read_units, 1);
  EXPECT_EQ(usage.minutes[1].minute_start_micros, 0);
  EXPECT_EQ(usage.minutes[1].read_units, 2);
}

TEST(UsageMinutes, RingKeepsTheLastDay) {
  UsageRecorder recorder;
  constexpr int kRecorded = kUsageMinutes + 60;
  for (int i = 0; i < kRecorded; ++i) {
    recorder.RecordConsumed(kTable, Operation::kWrite, 1, std::nullopt, "",
                            kT0 + i * kMinute + 30 * kSecond);
  }
  const ResourceUsage usage = MustSnapshot(recorder, kTable);
  EXPECT_EQ(usage.write_units, kRecorded);  // the totals keep everything
  ASSERT_EQ(usage.minutes.size(), static_cast<size_t>(kUsageMinutes));
  EXPECT_EQ(usage.minutes.front().minute_start_micros, kT0 + 60 * kMinute);
  EXPECT_EQ(usage.minutes.back().minute_start_micros, kT0 + (kRecorded - 1) * kMinute);
  for (size_t i = 0; i < usage.minutes.size(); ++i) {
    ASSERT_EQ(usage.minutes[i].minute_start_micros, kT0 + (60 + static_cast<int64_t>(i)) * kMinute);
    ASSERT_EQ(usage.minutes[i].write_units, 1);
  }
}

TEST(UsageMinutes, PointsOlderThanADayAreLeftOutEvenIfNotOverwritten) {
  UsageRecorder recorder;
  recorder.RecordConsumed(kTable, Operation::kRead, 1, std::nullopt, "", kT0);
  recorder.RecordConsumed(kTable, Operation::kRead, 2, std::nullopt, "", kT0 + 5 * kMinute);
  // Two minutes past a day after kT0: minute 0's point is out of the day, though nothing has
  // reused its place in the ring.
  recorder.RecordConsumed(kTable, Operation::kRead, 4, std::nullopt, "",
                          kT0 + (kUsageMinutes + 2) * kMinute);
  const ResourceUsage usage = MustSnapshot(recorder, kTable);
  ASSERT_EQ(usage.minutes.size(), 2u);
  EXPECT_EQ(usage.minutes[0].minute_start_micros, kT0 + 5 * kMinute);
  EXPECT_EQ(usage.minutes[0].read_units, 2);
  EXPECT_EQ(usage.minutes[1].minute_start_micros, kT0 + (kUsageMinutes + 2) * kMinute);
  EXPECT_EQ(usage.minutes[1].read_units, 4);
  EXPECT_EQ(usage.read_units, 7);
}

TEST(UsageMinutes, ClockSetBackAddsToItsOwnMinuteWhileInTheRing) {
  UsageRecorder recorder;
  const int64_t latest = kT0 + 100 * kMinute;
  recorder.RecordConsumed(kTable, Operation::kWrite, 1, std::nullopt, "", latest);
  recorder.RecordConsumed(kTable, Operation::kWrite, 2, std::nullopt, "", kT0 + 50 * kMinute);
  recorder.RecordConsumed(kTable, Operation::kWrite, 4, std::nullopt, "", latest + 10 * kSecond);
  recorder.RecordConsumed(kTable, Operation::kWrite, 8, std::nullopt, "",
                          kT0 + 50 * kMinute + 30 * kSecond);
  // Exactly a day before the latest minute: beyond the ring, dropped from the series.
  recorder.RecordConsumed(kTable, Operation::kWrite, 16, std::nullopt, "",
                          latest - kUsageMinutes * kMinute);
  recorder.RecordThrottled(kTable, Operation::kWrite, latest - kUsageMinutes * kMinute);
  // A minute later: the oldest minute the ring holds.
  recorder.RecordConsumed(kTable, Operation::kWrite, 32, std::nullopt, "",
                          latest - (kUsageMinutes - 1) * kMinute);

  const ResourceUsage usage = MustSnapshot(recorder, kTable);
  EXPECT_EQ(usage.write_units, 63);
  EXPECT_EQ(usage.write_throttled, 1);
  EXPECT_EQ(usage.first_micros, latest - kUsageMinutes * kMinute);
  EXPECT_EQ(usage.last_micros, latest + 10 * kSecond);
  ASSERT_EQ(usage.minutes.size(), 3u);
  EXPECT_EQ(usage.minutes[0].minute_start_micros, latest - (kUsageMinutes - 1) * kMinute);
  EXPECT_EQ(usage.minutes[0].write_units, 32);
  EXPECT_EQ(usage.minutes[0].write_throttled, 0);
  EXPECT_EQ(usage.minutes[1].minute_start_micros, kT0 + 50 * kMinute);
  EXPECT_EQ(usage.minutes[1].write_units, 10);
  EXPECT_EQ(usage.minutes[2].minute_start_micros, latest);
  EXPECT_EQ(usage.minutes[2].write_units, 5);
}

TEST(UsageTotals, UnitsAndThrottlesPerOperation) {
  UsageRecorder recorder;
  for (int i = 0; i < 3; ++i) {
    recorder.RecordConsumed(kTable, Operation::kRead, 0.5, std::nullopt, "", kT0 + i * kSecond);
  }
  recorder.RecordConsumed(kTable, Operation::kWrite, 1, std::nullopt, "", kT0);
  recorder.RecordConsumed(kTable, Operation::kWrite, 2.5, std::nullopt, "", kT0 + 7 * kMinute);
  for (int i = 0; i < 4; ++i) {
    recorder.RecordThrottled(kTable, Operation::kRead, kT0 + 2 * kMinute);
  }
  recorder.RecordThrottled(kTable, Operation::kWrite, kT0 - kSecond);
  recorder.RecordThrottled(kTable, Operation::kWrite, kT0 + 9 * kMinute);

  const ResourceUsage usage = MustSnapshot(recorder, kTable);
  EXPECT_EQ(usage.resource, kTable);
  EXPECT_EQ(usage.read_units, 1.5);
  EXPECT_EQ(usage.write_units, 3.5);
  EXPECT_EQ(usage.read_throttled, 4);
  EXPECT_EQ(usage.write_throttled, 2);
  // Throttles count as records for the span too.
  EXPECT_EQ(usage.first_micros, kT0 - kSecond);
  EXPECT_EQ(usage.last_micros, kT0 + 9 * kMinute);
  double minute_reads = 0;
  int64_t minute_read_throttles = 0;
  int64_t minute_write_throttles = 0;
  for (const UsagePoint& point : usage.minutes) {
    minute_reads += point.read_units;
    minute_read_throttles += point.read_throttled;
    minute_write_throttles += point.write_throttled;
  }
  EXPECT_EQ(minute_reads, 1.5);
  EXPECT_EQ(minute_read_throttles, 4);
  EXPECT_EQ(minute_write_throttles, 2);
}

TEST(UsageTotals, ResourcesAreApart) {
  UsageRecorder recorder;
  const ResourceId index{.table_id = 1, .index_id = 7};
  recorder.RecordConsumed(kTable, Operation::kWrite, 3, std::nullopt, "", kT0);
  recorder.RecordConsumed(index, Operation::kWrite, 5, std::nullopt, "", kT0);
  recorder.RecordThrottled(index, Operation::kRead, kT0);
  EXPECT_EQ(MustSnapshot(recorder, kTable).write_units, 3);
  EXPECT_EQ(MustSnapshot(recorder, kTable).read_throttled, 0);
  EXPECT_EQ(MustSnapshot(recorder, index).write_units, 5);
  EXPECT_EQ(MustSnapshot(recorder, index).read_throttled, 1);
}

TEST(UsagePeak, BusiestWholeSecond) {
  UsageRecorder recorder;
  auto read = [&](double units, int64_t at) {
    recorder.RecordConsumed(kTable, Operation::kRead, units, std::nullopt, "", at);
  };
  auto write = [&](double units, int64_t at) {
    recorder.RecordConsumed(kTable, Operation::kWrite, units, std::nullopt, "", at);
  };
  read(5, kT0 + 10 * kSecond);
  write(2, kT0 + 10 * kSecond + 1);  // reads and writes peak apart
  read(7, kT0 + 11 * kSecond - 1);   // same second: 12
  read(3, kT0 + 11 * kSecond);
  write(6, kT0 + 12 * kSecond + kSecond / 2);
  write(1, kT0 + 13 * kSecond - 1);  // 7
  // 18 units within one second of elapsed time, but across a second boundary.
  read(9, kT0 + 21 * kSecond - 1);
  read(9, kT0 + 21 * kSecond);
  ResourceUsage usage = MustSnapshot(recorder, kTable);
  EXPECT_EQ(usage.peak_read_units_per_second, 12);
  EXPECT_EQ(usage.peak_write_units_per_second, 7);

  // Clock set back into second 10: the units recorded there before are not added again, and the
  // set-back second accumulates from zero.
  read(4, kT0 + 10 * kSecond);
  usage = MustSnapshot(recorder, kTable);
  EXPECT_EQ(usage.peak_read_units_per_second, 12);
  read(9, kT0 + 10 * kSecond + kSecond / 2);
  usage = MustSnapshot(recorder, kTable);
  EXPECT_EQ(usage.peak_read_units_per_second, 13);
  EXPECT_EQ(usage.peak_write_units_per_second, 7);
}

TEST(UsageHotKeys, ExactUnderTheCounterCount) {
  UsageRecorder recorder;
  constexpr int kKeys = 20;
  static_assert(kKeys < kHotKeyCounters);
  int64_t at = kT0;
  for (int i = 0; i < kKeys; ++i) {
    for (int r = 0; r <= i; ++r) {
      recorder.RecordConsumed(kTable, Operation::kRead, 1, uint64_t(1000 + i), Label(i), at++);
    }
    for (int w = 0; w < i; ++w) {
      recorder.RecordConsumed(kTable, Operation::kWrite, 0.5, uint64_t(1000 + i), Label(i), at++);
    }
  }
  // A Scan names no key value: it counts for the table only.
  recorder.RecordConsumed(kTable, Operation::kRead, 1000, std::nullopt, "", at++);

  const ResourceUsage usage = MustSnapshot(recorder, kTable);
  ASSERT_EQ(usage.hottest_keys.size(), static_cast<size_t>(kHottestKeysReported));
  for (int rank = 0; rank < kHottestKeysReported; ++rank) {
    const int i = kKeys - 1 - rank;
    const KeyUsage& key = usage.hottest_keys[static_cast<size_t>(rank)];
    EXPECT_EQ(key.label, Label(i));
    EXPECT_EQ(key.partition_key_hash, uint64_t(1000 + i));
    EXPECT_EQ(key.read_units, i + 1);
    EXPECT_EQ(key.write_units, 0.5 * i);
    EXPECT_EQ(key.error_units, 0);
  }
}

TEST(UsageHotKeys, FewerKeysThanReportedListsThemAll) {
  UsageRecorder recorder;
  recorder.RecordConsumed(kTable, Operation::kWrite, 1, 7, "N:\"7\"", kT0);
  recorder.RecordConsumed(kTable, Operation::kWrite, 3, 9, "N:\"9\"", kT0);
  const ResourceUsage usage = MustSnapshot(recorder, kTable);
  ASSERT_EQ(usage.hottest_keys.size(), 2u);
  EXPECT_EQ(usage.hottest_keys[0].label, "N:\"9\"");
  EXPECT_EQ(usage.hottest_keys[1].label, "N:\"7\"");
}

TEST(UsageHotKeys, LabelSuppliedByALaterRecord) {
  UsageRecorder recorder;
  recorder.RecordConsumed(kTable, Operation::kWrite, 1, 42, "", kT0);
  ResourceUsage usage = MustSnapshot(recorder, kTable);
  ASSERT_EQ(usage.hottest_keys.size(), 1u);
  EXPECT_EQ(usage.hottest_keys[0].label, "");
  recorder.RecordConsumed(kTable, Operation::kRead, 2, 42, "S:\"a\"", kT0);
  recorder.RecordConsumed(kTable, Operation::kRead, 2, 42, "", kT0);
  usage = MustSnapshot(recorder, kTable);
  ASSERT_EQ(usage.hottest_keys.size(), 1u);
  EXPECT_EQ(usage.hottest_keys[0].label, "S:\"a\"");
  EXPECT_EQ(usage.hottest_keys[0].read_units, 4);
  EXPECT_EQ(usage.hottest_keys[0].write_units, 1);
}

TEST(UsageHotKeys, HeavyHittersFoundAmongManyLightKeys) {
  UsageRecorder recorder;
  constexpr int kLight = 2000;
  constexpr uint64_t kHotWriteKey = 1;
  constexpr uint64_t kHotReadKey = 2;
  std::vector<double> true_reads(kLight + 3, 0);
  std::vector<double> true_writes(kLight + 3, 0);
  double total = 0;
  int64_t at = kT0;
  auto record = [&](Operation operation, double units, uint64_t hash, const std::string& label) {
    recorder.RecordConsumed(kTable, operation, units, hash, label, at);
    at += kSecond / 10;
    (operation == Operation::kRead ? true_reads : true_writes)[hash] += units;
    total += units;
  };
  for (int i = 0; i < kLight; ++i) {
    record(Operation::kWrite, 1, uint64_t(3 + i), Label(i));
    if (i % 10 == 0) {
      record(Operation::kWrite, 1, kHotWriteKey, "S:\"hot-write\"");
    }
    if (i % 20 == 0) {
      record(Operation::kRead, 2, kHotReadKey, "S:\"hot-read\"");
    }
  }
  ASSERT_EQ(total, 2400);
  // Space-saving: the smallest counter never exceeds total / K, and no estimate is above the truth
  // by more than it.
  const double bound = total / kHotKeyCounters;  // 75

  const ResourceUsage usage = MustSnapshot(recorder, kTable);
  ASSERT_EQ(usage.hottest_keys.size(), static_cast<size_t>(kHottestKeysReported));
  // Both heavy values (200 units each) rank above any light value (at most bound + 1).
  std::vector<uint64_t> top = {usage.hottest_keys[0].partition_key_hash,
                               usage.hottest_keys[1].partition_key_hash};
  std::sort(top.begin(), top.end());
  EXPECT_EQ(top, (std::vector<uint64_t>{kHotWriteKey, kHotReadKey}));
  for (const KeyUsage& key : usage.hottest_keys) {
    SCOPED_TRACE(key.label);
    const double reads = true_reads[key.partition_key_hash];
    const double writes = true_writes[key.partition_key_hash];
    EXPECT_LE(key.error_units, bound);
    EXPECT_GE(key.read_units, reads);
    EXPECT_GE(key.write_units, writes);
    EXPECT_LE(key.read_units - key.error_units, reads);
    EXPECT_LE(key.write_units - key.error_units, writes);
    EXPECT_LE(key.units() - key.error_units, reads + writes);
    if (key.partition_key_hash == kHotWriteKey) {
      EXPECT_EQ(key.label, "S:\"hot-write\"");
    } else if (key.partition_key_hash == kHotReadKey) {
      EXPECT_EQ(key.label, "S:\"hot-read\"");
    } else {
      EXPECT_EQ(key.label, Label(static_cast<int>(key.partition_key_hash - 3)));
    }
  }
}

// A value that turns hot only after the counters are full of values bigger than its first records:
// space-saving lets it take over the smallest counter with that counter's count, so it is not
// pushed out again by the light values that follow it.
TEST(UsageHotKeys, LateHeavyHitterTakesOverACounter) {
  UsageRecorder recorder;
  constexpr uint64_t kHot = 1'000'000;
  double total = 0;
  int64_t at = kT0;
  auto write = [&](double units, uint64_t hash) {
    recorder.RecordConsumed(kTable, Operation::kWrite, units, hash, "", at);
    at += kSecond / 10;
    total += units;
  };
  for (int i = 0; i < kHotKeyCounters; ++i) {
    write(5, uint64_t(i));
  }
  for (int i = 0; i < 1000; ++i) {
    write(1, uint64_t(kHotKeyCounters + i));
    if (i % 5 == 0) {
      write(1, kHot);
    }
  }
  ASSERT_EQ(total, 1360);
  const double bound = total / kHotKeyCounters;  // 42.5

  const ResourceUsage usage = MustSnapshot(recorder, kTable);
  ASSERT_FALSE(usage.hottest_keys.empty());
  const KeyUsage& top = usage.hottest_keys[0];
  EXPECT_EQ(top.partition_key_hash, kHot);
  EXPECT_GE(top.write_units, 200);
  EXPECT_LE(top.write_units - top.error_units, 200);
  EXPECT_GT(top.error_units, 0);
  EXPECT_LE(top.error_units, bound);
}

TEST(UsageRecorder, SnapshotOrderedByTableThenIndex) {
  UsageRecorder recorder;
  const std::vector<ResourceId> recorded = {
      {.table_id = 2, .index_id = 0},
      {.table_id = 1, .index_id = 5},
      {.table_id = std::numeric_limits<uint32_t>::max(), .index_id = 0},
      {.table_id = 1, .index_id = 0},
      {.table_id = 2, .index_id = std::numeric_limits<uint32_t>::max()},
      {.table_id = 1, .index_id = 3},
  };
  for (const ResourceId& resource : recorded) {
    recorder.RecordThrottled(resource, Operation::kRead, kT0);
  }
  std::vector<ResourceId> listed;
  for (const ResourceUsage& usage : recorder.Snapshot()) {
    listed.push_back(usage.resource);
  }
  const std::vector<ResourceId> expected = {
      {.table_id = 1, .index_id = 0},
      {.table_id = 1, .index_id = 3},
      {.table_id = 1, .index_id = 5},
      {.table_id = 2, .index_id = 0},
      {.table_id = 2, .index_id = std::numeric_limits<uint32_t>::max()},
      {.table_id = std::numeric_limits<uint32_t>::max(), .index_id = 0},
  };
  EXPECT_EQ(listed, expected);
}

TEST(UsageRecorder, ForgetDropsEveryResourceOfTheTable) {
  UsageRecorder recorder;
  const uint32_t kMaxId = std::numeric_limits<uint32_t>::max();
  const ResourceId table1{.table_id = 1};
  const ResourceId index1{.table_id = 1, .index_id = 4};
  const ResourceId table2{.table_id = 2};
  const ResourceId index2{.table_id = 2, .index_id = kMaxId};
  const ResourceId last{.table_id = kMaxId, .index_id = 1};
  for (const ResourceId& resource : {table1, index1, table2, index2, last}) {
    recorder.RecordConsumed(resource, Operation::kWrite, 2, 9, "S:\"k\"", kT0);
  }
  recorder.Forget(1);
  EXPECT_FALSE(recorder.Snapshot(table1).has_value());
  EXPECT_FALSE(recorder.Snapshot(index1).has_value());
  EXPECT_TRUE(recorder.Snapshot(table2).has_value());
  EXPECT_TRUE(recorder.Snapshot(index2).has_value());
  EXPECT_EQ(recorder.Snapshot().size(), 3u);

  recorder.Forget(kMaxId);
  EXPECT_FALSE(recorder.Snapshot(last).has_value());
  EXPECT_EQ(recorder.Snapshot().size(), 2u);
  recorder.Forget(3);  // nothing recorded: nothing happens
  EXPECT_EQ(recorder.Snapshot().size(), 2u);

  // A later record starts afresh.
  recorder.RecordConsumed(index1, Operation::kRead, 1, std::nullopt, "", kT0 + kMinute);
  const ResourceUsage usage = MustSnapshot(recorder, index1);
  EXPECT_EQ(usage.read_units, 1);
  EXPECT_EQ(usage.write_units, 0);
  EXPECT_EQ(usage.peak_write_units_per_second, 0);
  EXPECT_EQ(usage.first_micros, kT0 + kMinute);
  EXPECT_EQ(usage.minutes.size(), 1u);
  EXPECT_TRUE(usage.hottest_keys.empty());
}

TEST(UsageRecorder, ResetDropsEverything) {
  UsageRecorder recorder;
  recorder.RecordConsumed(kTable, Operation::kWrite, 2, 9, "S:\"k\"", kT0);
  recorder.RecordThrottled({.table_id = 5, .index_id = 1}, Operation::kRead, kT0);
  recorder.Reset();
  EXPECT_TRUE(recorder.Snapshot().empty());
  EXPECT_FALSE(recorder.Snapshot(kTable).has_value());
  recorder.RecordThrottled(kTable, Operation::kRead, kT0);
  const ResourceUsage usage = MustSnapshot(recorder, kTable);
  EXPECT_EQ(usage.write_units, 0);
  EXPECT_EQ(usage.read_throttled, 1);
  EXPECT_TRUE(usage.hottest_keys.empty());
}

TEST(UsageRecorder, ConcurrentRecordsAddUpExactly) {
  UsageRecorder recorder;
  constexpr int kThreads = 8;
  constexpr int kRecords = 20'000;
  constexpr int kKeys = 20;  // under K, so the per-key figures are exact too
  const ResourceId shared{.table_id = 1};
  std::atomic<bool> done = false;
  std::thread reader([&] {
    // Snapshots and Forgets of another table race the records.
    while (!done.load()) {
      (void)recorder.Snapshot();
      recorder.RecordThrottled({.table_id = 9}, Operation::kRead, kT0);
      recorder.Forget(9);
    }
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      const ResourceId own{.table_id = 2, .index_id = static_cast<uint32_t>(t + 1)};
      for (int i = 0; i < kRecords; ++i) {
        const int64_t at = kT0 + int64_t{i} * 1000;
        recorder.RecordConsumed(shared, Operation::kRead, 0.5, uint64_t(i % kKeys),
                                Label(i % kKeys), at);
        recorder.RecordConsumed(own, Operation::kWrite, 1, std::nullopt, "", at);
        if (i % 4 == 0) {
          recorder.RecordThrottled(shared, Operation::kWrite, at);
        }
      }
    });
  }
  for (std::thread& writer : writers) {
    writer.join();
  }
  done = true;
  reader.join();

  const ResourceUsage usage = MustSnapshot(recorder, shared);
  EXPECT_EQ(usage.read_units, kThreads * kRecords * 0.5);
  EXPECT_EQ(usage.write_throttled, kThreads * kRecords / 4);
  EXPECT_EQ(usage.read_throttled, 0);
  double minute_reads = 0;
  int64_t minute_write_throttles = 0;
  for (const UsagePoint& point : usage.minutes) {
    minute_reads += point.read_units;
    minute_write_throttles += point.write_throttled;
  }
  EXPECT_EQ(minute_reads, kThreads * kRecords * 0.5);
  EXPECT_EQ(minute_write_throttles, kThreads * kRecords / 4);
  ASSERT_EQ(usage.hottest_keys.size(), static_cast<size_t>(kHottestKeysReported));
  for (const KeyUsage& key : usage.hottest_keys) {
    EXPECT_EQ(key.read_units, kThreads * (kRecords / kKeys) * 0.5);
    EXPECT_EQ(key.error_units, 0);
    EXPECT_EQ(key.label, Label(static_cast<int>(key.partition_key_hash)));
  }
  for (int t = 0; t < kThreads; ++t) {
    const ResourceUsage own =
        MustSnapshot(recorder, {.table_id = 2, .index_id = static_cast<uint32_t>(t + 1)});
    EXPECT_EQ(own.write_units, kRecords);
    EXPECT_EQ(own.read_units, 0);
  }
  EXPECT_FALSE(recorder.Snapshot({.table_id = 9}).has_value());
}

TEST(ToCostUsage, FillsTheEstimateInputs) {
  UsageRecorder recorder;
  // 4 million reads and 1 million writes over one day.
  for (int i = 0; i < 4; ++i) {
    recorder.RecordConsumed(kTable, Operation::kRead, 1'000'000, std::nullopt, "", kT0);
  }
  recorder.RecordConsumed(kTable, Operation::kWrite, 1'000'000, std::nullopt, "",
                          kT0 + 86'400 * kSecond);
  const Usage usage = ToCostUsage(MustSnapshot(recorder, kTable), 123'456, 789);
  EXPECT_EQ(usage.read_units, 4'000'000);
  EXPECT_EQ(usage.write_units, 1'000'000);
  EXPECT_EQ(usage.period_seconds, 86'400);
  EXPECT_EQ(usage.peak_read_units_per_second, 4'000'000);
  EXPECT_EQ(usage.peak_write_units_per_second, 1'000'000);
  EXPECT_EQ(usage.stored_bytes, 123'456);
  EXPECT_EQ(usage.item_count, 789);
  // Worked by hand in cost_test.cc OnDemand.DayOfTrafficScaledToMonth: 30.41666 days x
  // (0.625 + 4 x 0.125) = $34.21875.
  EXPECT_NEAR(OnDemandMonthly(usage, UsEast1Prices().standard), 34.21875, 1e-9);
}

TEST(ToCostUsage, PeriodIsTheRecordedSpanAtLeastOneSecond) {
  UsageRecorder recorder;
  recorder.RecordConsumed(kTable, Operation::kWrite, 1, std::nullopt, "", kT0);
  EXPECT_EQ(ToCostUsage(MustSnapshot(recorder, kTable), 0, 0).period_seconds, 1);
  recorder.RecordConsumed(kTable, Operation::kWrite, 1, std::nullopt, "", kT0 + kSecond / 2);
  EXPECT_EQ(ToCostUsage(MustSnapshot(recorder, kTable), 0, 0).period_seconds, 1);
  recorder.RecordConsumed(kTable, Operation::kWrite, 1, std::nullopt, "", kT0 + 90 * kSecond);
  EXPECT_EQ(ToCostUsage(MustSnapshot(recorder, kTable), 0, 0).period_seconds, 90);
  // A clock set back widens the span from the earliest record, rather than shrinking it.
  recorder.RecordThrottled(kTable, Operation::kWrite, kT0 - 10 * kSecond);
  EXPECT_EQ(ToCostUsage(MustSnapshot(recorder, kTable), 0, 0).period_seconds, 100);
}

}  // namespace
}  // namespace dynafake::capacity
