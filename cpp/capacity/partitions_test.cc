#include "capacity/partitions.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "util/hash.h"

namespace dynafake::capacity {
namespace {

constexpr int64_t kGiB = int64_t{1024} * 1024 * 1024;

TEST(ProvisionedPartitionCount, AtLeastOne) {
  EXPECT_EQ(ProvisionedPartitionCount(0, 0, 0), 1);
  EXPECT_EQ(ProvisionedPartitionCount(1, 1, 0), 1);
  EXPECT_EQ(ProvisionedPartitionCount(5, 5, 1024), 1);
}

TEST(ProvisionedPartitionCount, ExactlyOnThroughputThresholds) {
  EXPECT_EQ(ProvisionedPartitionCount(3000, 0, 0), 1);
  EXPECT_EQ(ProvisionedPartitionCount(3001, 0, 0), 2);
  EXPECT_EQ(ProvisionedPartitionCount(0, 1000, 0), 1);
  EXPECT_EQ(ProvisionedPartitionCount(0, 1001, 0), 2);
  EXPECT_EQ(ProvisionedPartitionCount(1500, 500, 0), 1);
  EXPECT_EQ(ProvisionedPartitionCount(1500, 501, 0), 2);
  EXPECT_EQ(ProvisionedPartitionCount(1501, 500, 0), 2);
  EXPECT_EQ(ProvisionedPartitionCount(300, 900, 0), 1);
  EXPECT_EQ(ProvisionedPartitionCount(40000, 40000, 0), 54);  // 13.33 + 40
}

TEST(ProvisionedPartitionCount, WholeUnitsOnEveryTenthOfAPartition) {
  // 300 RCU and 100 WCU are each a tenth of a partition: i + j tenths need ceil((i + j) / 10).
  for (int i = 0; i <= 80; ++i) {
    for (int j = 0; j <= 80; ++j) {
      const int expected = std::max(1, (i + j + 9) / 10);
      ASSERT_EQ(ProvisionedPartitionCount(300.0 * i, 100.0 * j, 0), expected)
          << i * 300 << " RCU, " << j * 100 << " WCU";
    }
  }
}

TEST(ProvisionedPartitionCount, SampleTables) {
  // The example most write-ups give: 10,000 RCU and 1,000 WCU -> 3.33 + 1 -> 5.
  EXPECT_EQ(ProvisionedPartitionCount(10000, 1000, 0), 5);
  // 500 WCU on 15 GB: size decides (2).
  EXPECT_EQ(ProvisionedPartitionCount(0, 500, 15 * kGiB), 2);
  // Then raised to 10,000 WCU: throughput decides (10).
  EXPECT_EQ(ProvisionedPartitionCount(0, 10000, 15 * kGiB), 10);
  // 1,000 RCU, 100 WCU on 35 GB: size 4 beats throughput 1.
  EXPECT_EQ(ProvisionedPartitionCount(1000, 100, 35 * kGiB), 4);
  // 6,000 RCU, 2,000 WCU on 15 GB: throughput 4 beats size 2.
  EXPECT_EQ(ProvisionedPartitionCount(6000, 2000, 15 * kGiB), 4);
}

TEST(ProvisionedPartitionCount, ExactlyOnSizeThresholds) {
  EXPECT_EQ(kPartitionBytes, 10 * kGiB);
  EXPECT_EQ(ProvisionedPartitionCount(1, 1, kPartitionBytes - 1), 1);
  EXPECT_EQ(ProvisionedPartitionCount(1, 1, kPartitionBytes), 1);
  EXPECT_EQ(ProvisionedPartitionCount(1, 1, kPartitionBytes + 1), 2);
  EXPECT_EQ(ProvisionedPartitionCount(1, 1, 3 * kPartitionBytes), 3);
  EXPECT_EQ(ProvisionedPartitionCount(1, 1, 3 * kPartitionBytes + 1), 4);
}

TEST(ProvisionedPartitionCount, TakesTheMaximumNotTheSum) {
  // Two partitions by throughput and two by size make two, not four.
  EXPECT_EQ(ProvisionedPartitionCount(3000, 1000, 2 * kPartitionBytes), 2);
  EXPECT_EQ(ProvisionedPartitionCount(3001, 0, kPartitionBytes + 1), 2);
}

TEST(ProvisionedPartitionCount, InvalidInputsCountAsZero) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(ProvisionedPartitionCount(-5000, -5000, -1), 1);
  EXPECT_EQ(ProvisionedPartitionCount(nan, nan, 0), 1);
  EXPECT_EQ(ProvisionedPartitionCount(nan, 2000, 0), 2);
  EXPECT_EQ(ProvisionedPartitionCount(std::numeric_limits<double>::infinity(), 0, 0),
            std::numeric_limits<int>::max());
}

TEST(OnDemandPartitionCount, NewTableStartsWithEight) {
  // 12,000 / 3,000 + 4,000 / 1,000 = 4 + 4.
  EXPECT_EQ(
      OnDemandPartitionCount(kNewOnDemandTablePeakReadUnits, kNewOnDemandTablePeakWriteUnits, 0),
      8);
}

TEST(OnDemandPartitionCount, FollowsThePreviousPeak) {
  EXPECT_EQ(OnDemandPartitionCount(24000, 8000, 0), 16);
  EXPECT_EQ(OnDemandPartitionCount(12000, 4000, 100 * kGiB), 10);
  EXPECT_EQ(OnDemandPartitionCount(12001, 4000, 0), 9);
  for (double read : {0.0, 2999.0, 3000.0, 12000.0, 45000.0}) {
    for (double write : {0.0, 1000.0, 4000.0, 4001.0}) {
      EXPECT_EQ(OnDemandPartitionCount(read, write, 25 * kGiB),
                ProvisionedPartitionCount(read, write, 25 * kGiB));
    }
  }
}

TEST(PartitionOf, EndsOfTheHashSpace) {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  for (int count : {1, 2, 3, 8, 1000, std::numeric_limits<int>::max()}) {
    EXPECT_EQ(PartitionOf(0, count), 0) << count;
    EXPECT_EQ(PartitionOf(kMax, count), count - 1) << count;
  }
  EXPECT_EQ(PartitionOf(kMax, 0), 0);
  EXPECT_EQ(PartitionOf(kMax, -4), 0);
}

TEST(PartitionOf, SplitsTheSpaceIntoEqualRanges) {
  // Four partitions: quarters of the space, boundaries at multiples of 2^62.
  constexpr uint64_t kQuarter = uint64_t{1} << 62;
  EXPECT_EQ(PartitionOf(kQuarter - 1, 4), 0);
  EXPECT_EQ(PartitionOf(kQuarter, 4), 1);
  EXPECT_EQ(PartitionOf(2 * kQuarter - 1, 4), 1);
  EXPECT_EQ(PartitionOf(2 * kQuarter, 4), 2);
  EXPECT_EQ(PartitionOf(3 * kQuarter, 4), 3);
  // The high bits decide, not the low ones.
  EXPECT_EQ(PartitionOf(0x00000000FFFFFFFFull, 2), 0);
  EXPECT_EQ(PartitionOf(0x8000000000000000ull, 2), 1);
}

TEST(PartitionOf, CoversEveryPartitionEvenly) {
  std::mt19937_64 random(20240601);
  constexpr int kSamples = 400'000;
  for (int count : {1, 2, 3, 7, 8, 100}) {
    std::vector<int> hits(count, 0);
    for (int i = 0; i < kSamples; ++i) {
      const int partition = PartitionOf(random(), count);
      ASSERT_GE(partition, 0);
      ASSERT_LT(partition, count);
      ++hits[partition];
    }
    const double expected = static_cast<double>(kSamples) / count;
    for (int p = 0; p < count; ++p) {
      // Binomial standard deviation is at most sqrt(expected) (63 at 4,000); allow 5 of them.
      EXPECT_NEAR(hits[p], expected, 5 * std::sqrt(expected)) << count << " partitions, #" << p;
    }
  }
}

TEST(PartitionOf, CoversEveryPartitionForHashedKeys) {
  constexpr int kCount = 8;
  constexpr int kKeys = 80'000;
  std::vector<int> hits(kCount, 0);
  for (int i = 0; i < kKeys; ++i) {
    ++hits[PartitionOf(util::Hash64("user#" + std::to_string(i)), kCount)];
  }
  for (int p = 0; p < kCount; ++p) {
    EXPECT_NEAR(hits[p], kKeys / kCount, 5 * std::sqrt(kKeys / kCount)) << "#" << p;
  }
}

TEST(PartitionOf, MonotonicInTheHash) {
  std::mt19937_64 random(7);
  std::vector<uint64_t> hashes(10'000);
  for (uint64_t& hash : hashes) {
    hash = random();
  }
  std::sort(hashes.begin(), hashes.end());
  for (int count : {2, 5, 8, 64, 1000}) {
    for (size_t i = 1; i < hashes.size(); ++i) {
      ASSERT_LE(PartitionOf(hashes[i - 1], count), PartitionOf(hashes[i], count))
          << count << " partitions";
    }
  }
}

TEST(PartitionOf, DoublingTheCountSplitsEachRange) {
  std::mt19937_64 random(11);
  for (int i = 0; i < 10'000; ++i) {
    const uint64_t hash = random();
    for (int count : {1, 3, 8, 1000}) {
      ASSERT_EQ(PartitionOf(hash, 2 * count) / 2, PartitionOf(hash, count));
    }
  }
}

}  // namespace
}  // namespace dynafake::capacity
