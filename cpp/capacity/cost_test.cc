#include "capacity/cost.h"

#include <gtest/gtest.h>

namespace dynafake::capacity {
namespace {

// Figures below are worked by hand from the us-east-1 table (pricing.h), not recomputed with the
// code under test, so a change of rate or rule shows up here.
constexpr double kTolerance = 1e-9;  // far below a cent, above floating-point noise
constexpr int64_t kGb = int64_t{1} << 30;
constexpr double kDay = 86400;

TEST(Month, IsSevenHundredThirtyHours) {
  EXPECT_EQ(kHoursPerMonth, 730);
  EXPECT_EQ(kSecondsPerMonth, 730 * 3600);
}

// 1 million writes and 4 million reads (1 KB / 4 KB items, one unit each) in one day, Standard:
// a month is 730 h / 24 h = 30.41666... days, so 30.41666 M WRU x $0.625 = $19.0104 and
// 121.6666 M RRU x $0.125 = $15.2083; total 30.41666 x (0.625 + 4 x 0.125) = $34.21875.
TEST(OnDemand, DayOfTrafficScaledToMonth) {
  const Usage usage{.read_units = 4'000'000, .write_units = 1'000'000, .period_seconds = kDay};
  EXPECT_NEAR(OnDemandMonthly(usage, UsEast1Prices().standard), 34.21875, kTolerance);
  // Standard-IA: 30.41666 x (0.78 + 4 x 0.156) = 30.41666 x 1.404 = $42.705.
  EXPECT_NEAR(OnDemandMonthly(usage, UsEast1Prices().standard_infrequent_access), 42.705,
              kTolerance);
}

TEST(OnDemand, ScalesByPeriod) {
  // The same traffic over an hour is 730 times a month's worth: 730 x 1.125 = $821.25.
  const Usage hour{.read_units = 4'000'000, .write_units = 1'000'000, .period_seconds = 3600};
  EXPECT_NEAR(OnDemandMonthly(hour, UsEast1Prices().standard), 821.25, kTolerance);
  // A full month of traffic is billed as is: 2 M WRU x 0.625 = $1.25.
  const Usage month{.write_units = 2'000'000, .period_seconds = kSecondsPerMonth};
  EXPECT_NEAR(OnDemandMonthly(month, UsEast1Prices().standard), 1.25, kTolerance);
}

TEST(OnDemand, NothingObservedCostsNothing) {
  EXPECT_EQ(OnDemandMonthly(Usage{}, UsEast1Prices().standard), 0);
  const Usage no_period{.read_units = 10, .write_units = 10, .period_seconds = 0};
  EXPECT_EQ(OnDemandMonthly(no_period, UsEast1Prices().standard), 0);
}

TEST(Provisioned, SizedForPeakAtTargetUtilization) {
  EXPECT_EQ(kDefaultTargetUtilization, 0.7);
  EXPECT_EQ(CapacityForPeak(70, 0.7), 100);
  // 700 / 0.7 and 21 / 0.7 come out a hair above 1000 and 30 in floating point; those units carry
  // the peaks at exactly 70 %.
  EXPECT_EQ(CapacityForPeak(700, 0.7), 1000);
  EXPECT_EQ(CapacityForPeak(21, 0.7), 30);
  EXPECT_EQ(CapacityForPeak(70.01, 0.7), 101);
  EXPECT_EQ(CapacityForPeak(7, 0.7), 10);
  EXPECT_EQ(CapacityForPeak(1, 0.7), 2);  // 1.43 rounds up
  EXPECT_EQ(CapacityForPeak(70, 1.0), 70);
  EXPECT_EQ(CapacityForPeak(35, 0.5), 70);
}

TEST(Provisioned, AtLeastOneUnitEach) {
  EXPECT_EQ(CapacityForPeak(0, 0.7), 1);
  EXPECT_EQ(CapacityForPeak(0.5, 0.7), 1);
  EXPECT_EQ(CapacityForPeak(-3, 0.7), 1);
  const ProvisionedCapacity idle = SizeProvisioned(Usage{}, 0.7);
  EXPECT_EQ(idle.read_capacity_units, 1);
  EXPECT_EQ(idle.write_capacity_units, 1);
  // 1 WCU + 1 RCU for a month: (0.00065 + 0.00013) x 730 = $0.5694.
  EXPECT_NEAR(ProvisionedMonthly(idle, UsEast1Prices().standard), 0.5694, kTolerance);
}

TEST(Provisioned, MonthlyCostOfPeakSeventyWcu) {
  const Usage usage{.peak_read_units_per_second = 0, .peak_write_units_per_second = 70};
  const MonthlyCost cost = EstimateMonthlyCost(usage, TableClass::kStandard);
  EXPECT_EQ(cost.capacity.write_capacity_units, 100);
  EXPECT_EQ(cost.capacity.read_capacity_units, 1);
  // 100 WCU x 0.00065 x 730 = $47.45, 1 RCU x 0.00013 x 730 = $0.0949.
  EXPECT_NEAR(cost.provisioned, 47.5449, kTolerance);
  // Standard-IA: 100 x 0.00081 x 730 = $59.13, 1 x 0.00016 x 730 = $0.1168.
  const MonthlyCost ia = EstimateMonthlyCost(usage, TableClass::kStandardInfrequentAccess);
  EXPECT_NEAR(ia.provisioned, 59.2468, kTolerance);
}

TEST(Provisioned, TargetUtilizationIsAParameter) {
  const Usage usage{.peak_read_units_per_second = 90, .peak_write_units_per_second = 45};
  const MonthlyCost at_90 =
      EstimateMonthlyCost(usage, TableClass::kStandard, UsEast1Prices(), /*target=*/0.9);
  EXPECT_EQ(at_90.capacity.read_capacity_units, 100);
  EXPECT_EQ(at_90.capacity.write_capacity_units, 50);
  // 50 x 0.00065 x 730 + 100 x 0.00013 x 730 = 23.725 + 9.49 = $33.215.
  EXPECT_NEAR(at_90.provisioned, 33.215, kTolerance);
}

// 1-year block, per month: upfront $150 / 12 = $12.50 plus $0.0128 x 730 = $9.344, so $21.844 per
// 100 WCU; $30 / 12 = $2.50 plus $0.0025 x 730 = $1.825, so $4.325 per 100 RCU.
TEST(Reserved, WholeBlocksCoverTheBaseline) {
  const Usage usage{.peak_read_units_per_second = 140, .peak_write_units_per_second = 70};
  const MonthlyCost cost = EstimateMonthlyCost(usage, TableClass::kStandard);
  ASSERT_EQ(cost.capacity.write_capacity_units, 100);
  ASSERT_EQ(cost.capacity.read_capacity_units, 200);
  EXPECT_TRUE(cost.reserved_available);
  EXPECT_EQ(cost.reserved_write_blocks, 1);
  EXPECT_EQ(cost.reserved_read_blocks, 2);
  EXPECT_NEAR(cost.provisioned_reserved_1y, 21.844 + 2 * 4.325, kTolerance);
  // Standard rates for the same capacity: 100 x 0.4745 + 200 x 0.0949 = $66.43.
  EXPECT_NEAR(cost.provisioned, 66.43, kTolerance);
  EXPECT_LT(cost.provisioned_reserved_1y, cost.provisioned);
}

TEST(Reserved, SmallRemainderAtStandardRate) {
  // 91 / 0.7 = 130 WCU: one block, and 30 WCU x 0.00065 x 730 = $14.235 (less than a block).
  // Reads: 1 RCU, no block, $0.0949.
  const Usage usage{.peak_write_units_per_second = 91};
  const MonthlyCost cost = EstimateMonthlyCost(usage, TableClass::kStandard);
  ASSERT_EQ(cost.capacity.write_capacity_units, 130);
  EXPECT_EQ(cost.reserved_write_blocks, 1);
  EXPECT_EQ(cost.reserved_read_blocks, 0);
  EXPECT_NEAR(cost.provisioned_reserved_1y, 21.844 + 14.235 + 0.0949, kTolerance);
}

TEST(Reserved, LargeRemainderBuysAnotherBlock) {
  // 126 / 0.7 = 180 WCU: 80 WCU at standard would be $37.96, more than a block's $21.844.
  const Usage usage{.peak_write_units_per_second = 126};
  const MonthlyCost cost = EstimateMonthlyCost(usage, TableClass::kStandard);
  ASSERT_EQ(cost.capacity.write_capacity_units, 180);
  EXPECT_EQ(cost.reserved_write_blocks, 2);
  EXPECT_NEAR(cost.provisioned_reserved_1y, 2 * 21.844 + 0.0949, kTolerance);
}

TEST(Reserved, BlockBreakEven) {
  const ClassPrices& standard = UsEast1Prices().standard;
  const ReservedPrices& one = UsEast1Prices().reserved_1y;
  auto wcu_blocks = [&](int64_t units) {
    return ReservedBlocks(units, standard.provisioned_wcu_hour, one.upfront_per_100_wcu,
                          one.hourly_per_100_wcu, one.term_months);
  };
  // A WCU costs 0.00065 x 730 = $0.4745 a month; a block $21.844: break-even at 46.04 units.
  EXPECT_EQ(wcu_blocks(0), 0);
  EXPECT_EQ(wcu_blocks(46), 0);
  EXPECT_EQ(wcu_blocks(47), 1);
  EXPECT_EQ(wcu_blocks(100), 1);
  EXPECT_EQ(wcu_blocks(146), 1);
  EXPECT_EQ(wcu_blocks(147), 2);
  EXPECT_EQ(wcu_blocks(1000), 10);
  // An RCU costs 0.00013 x 730 = $0.0949; a block $4.325: break-even at 45.57 units.
  auto rcu_blocks = [&](int64_t units) {
    return ReservedBlocks(units, standard.provisioned_rcu_hour, one.upfront_per_100_rcu,
                          one.hourly_per_100_rcu, one.term_months);
  };
  EXPECT_EQ(rcu_blocks(45), 0);
  EXPECT_EQ(rcu_blocks(46), 1);
}

TEST(Reserved, BelowHalfABlockStaysAtStandardRate) {
  const Usage usage{.peak_read_units_per_second = 7, .peak_write_units_per_second = 7};
  const MonthlyCost cost = EstimateMonthlyCost(usage, TableClass::kStandard);
  EXPECT_EQ(cost.reserved_write_blocks, 0);
  EXPECT_EQ(cost.reserved_read_blocks, 0);
  EXPECT_NEAR(cost.provisioned_reserved_1y, cost.provisioned, kTolerance);
  // 10 WCU x 0.4745 + 10 RCU x 0.0949 = $5.694.
  EXPECT_NEAR(cost.provisioned, 5.694, kTolerance);
}

TEST(Reserved, ThreeYearTermSpreadsOverThirtySixMonths) {
  const ProvisionedCapacity capacity{.read_capacity_units = 100, .write_capacity_units = 100};
  int64_t write_blocks = -1;
  int64_t read_blocks = -1;
  const double monthly = ReservedMonthly(capacity, UsEast1Prices().standard,
                                         UsEast1Prices().reserved_3y, &write_blocks, &read_blocks);
  EXPECT_EQ(write_blocks, 1);
  EXPECT_EQ(read_blocks, 1);
  // WCU: 180 / 36 + 0.0081 x 730 = 5 + 5.913; RCU: 36 / 36 + 0.0016 x 730 = 1 + 1.168.
  EXPECT_NEAR(monthly, 10.913 + 2.168, kTolerance);
}

TEST(Reserved, NotForStandardInfrequentAccess) {
  const Usage usage{.peak_read_units_per_second = 700, .peak_write_units_per_second = 700};
  const MonthlyCost ia = EstimateMonthlyCost(usage, TableClass::kStandardInfrequentAccess);
  EXPECT_FALSE(ia.reserved_available);
  EXPECT_EQ(ia.reserved_write_blocks, 0);
  EXPECT_EQ(ia.reserved_read_blocks, 0);
  EXPECT_EQ(ia.provisioned_reserved_1y, ia.provisioned);
  // 1000 WCU x 0.00081 x 730 + 1000 RCU x 0.00016 x 730 = 591.3 + 116.8 = $708.10.
  EXPECT_NEAR(ia.provisioned, 708.1, kTolerance);
  const MonthlyCost standard = EstimateMonthlyCost(usage, TableClass::kStandard);
  EXPECT_TRUE(standard.reserved_available);
  EXPECT_EQ(standard.reserved_write_blocks, 10);
  EXPECT_LT(standard.provisioned_reserved_1y, standard.provisioned);
}

TEST(Storage, CountsHundredBytesPerItem) {
  // 2^20 items x 100 bytes = 100 MiB of overhead; with the items' 924 MiB that is exactly 1 GB.
  const Usage usage{.stored_bytes = 924 * (int64_t{1} << 20), .item_count = int64_t{1} << 20};
  EXPECT_DOUBLE_EQ(StorageGb(usage), 1.0);
  EXPECT_DOUBLE_EQ(StorageGb(Usage{.stored_bytes = kGb}), 1.0);
  EXPECT_DOUBLE_EQ(StorageGb(Usage{.item_count = 1}), 100.0 / kGb);
  EXPECT_EQ(kItemStorageOverheadBytes, 100);
}

TEST(Storage, FreeTierForStandardOnly) {
  // 30 GB including overhead: 2^20 items, 30 GB - 100 MiB of item bytes.
  const Usage thirty{.stored_bytes = 30 * kGb - 100 * (int64_t{1} << 20),
                     .item_count = int64_t{1} << 20};
  ASSERT_DOUBLE_EQ(StorageGb(thirty), 30.0);
  // Standard: (30 - 25) x 0.25 = $1.25. Standard-IA: 30 x 0.10 = $3.00.
  EXPECT_NEAR(StorageMonthly(thirty, UsEast1Prices().standard), 1.25, kTolerance);
  EXPECT_NEAR(StorageMonthly(thirty, UsEast1Prices().standard_infrequent_access), 3.0, kTolerance);

  // 20 GB: within Standard's free tier; Standard-IA pays 20 x 0.10 = $2.00.
  const Usage twenty{.stored_bytes = 20 * kGb};
  EXPECT_EQ(StorageMonthly(twenty, UsEast1Prices().standard), 0);
  EXPECT_NEAR(StorageMonthly(twenty, UsEast1Prices().standard_infrequent_access), 2.0, kTolerance);

  // Exactly 25 GB is all free.
  EXPECT_EQ(StorageMonthly(Usage{.stored_bytes = 25 * kGb}, UsEast1Prices().standard), 0);
}

TEST(Estimate, TotalsAddStorageToEachMode) {
  const Usage usage{.read_units = 4'000'000,
                    .write_units = 1'000'000,
                    .period_seconds = kDay,
                    .peak_read_units_per_second = 140,
                    .peak_write_units_per_second = 70,
                    .stored_bytes = 30 * kGb - 100 * (int64_t{1} << 20),
                    .item_count = int64_t{1} << 20};
  const MonthlyCost cost = EstimateMonthlyCost(usage, TableClass::kStandard);
  EXPECT_NEAR(cost.on_demand, 34.21875, kTolerance);
  EXPECT_NEAR(cost.storage, 1.25, kTolerance);
  EXPECT_NEAR(cost.OnDemandTotal(), 35.46875, kTolerance);
  EXPECT_NEAR(cost.ProvisionedTotal(), 66.43 + 1.25, kTolerance);
  EXPECT_NEAR(cost.ReservedTotal(), 21.844 + 2 * 4.325 + 1.25, kTolerance);
}

// Standard-IA for the same use: storage cheaper, every throughput figure dearer.
TEST(Estimate, InfrequentAccessCheaperStorageDearerThroughput) {
  const Usage usage{.read_units = 4'000'000,
                    .write_units = 1'000'000,
                    .period_seconds = kDay,
                    .peak_read_units_per_second = 140,
                    .peak_write_units_per_second = 70,
                    .stored_bytes = 100 * kGb};
  const CostEstimate both = EstimateMonthlyCosts(usage);
  const MonthlyCost& standard = both.standard;
  const MonthlyCost& ia = both.standard_infrequent_access;
  // Storage: Standard (100 - 25) x 0.25 = $18.75; Standard-IA 100 x 0.10 = $10.
  EXPECT_NEAR(standard.storage, 18.75, kTolerance);
  EXPECT_NEAR(ia.storage, 10.0, kTolerance);
  EXPECT_LT(ia.storage, standard.storage);
  EXPECT_GT(ia.on_demand, standard.on_demand);
  EXPECT_GT(ia.provisioned, standard.provisioned);
  EXPECT_GT(ia.provisioned_reserved_1y, standard.provisioned_reserved_1y);
  // Same capacity either way: the class changes prices, not the sizing.
  EXPECT_EQ(ia.capacity.write_capacity_units, standard.capacity.write_capacity_units);
  EXPECT_EQ(ia.capacity.read_capacity_units, standard.capacity.read_capacity_units);
}

}  // namespace
}  // namespace dynafake::capacity
