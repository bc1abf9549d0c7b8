#include "capacity/cost.h"

#include <algorithm>
#include <cmath>

#include "util/check.h"

namespace dynafake::capacity {
namespace {

constexpr double kUnitsPerMillion = 1'000'000;

double Positive(double value) {
  return std::max(0.0, value);
}

// ceil() that ignores the last bits of floating-point error: 700 / 0.7 comes out a hair above
// 1000, and a plain ceil would provision 1001 units for a peak that 1000 carry at exactly the
// target.
int64_t CeilTolerant(double value) {
  return static_cast<int64_t>(std::ceil(value * (1.0 - 1e-12)));
}

}  // namespace

int64_t CapacityForPeak(double peak_units_per_second, double target_utilization) {
  DF_CHECK(target_utilization > 0 && target_utilization <= 1);
  // DynamoDB: provisioned capacity is set in whole units, at least 1 RCU and 1 WCU
  // (cost_test.cc Provisioned.AtLeastOneUnitEach).
  return std::max<int64_t>(1, CeilTolerant(Positive(peak_units_per_second) / target_utilization));
}

ProvisionedCapacity SizeProvisioned(const Usage& usage, double target_utilization) {
  // Sized so the peak second runs at the target utilization all month: the capacity auto scaling
  // would settle on under a steady peak. Burst capacity (up to 300 s of unused capacity) could
  // absorb a short spike above it, but relying on it would understate the cost of sustained load.
  return {
      .read_capacity_units = CapacityForPeak(usage.peak_read_units_per_second, target_utilization),
      .write_capacity_units =
          CapacityForPeak(usage.peak_write_units_per_second, target_utilization),
  };
}

double OnDemandMonthly(const Usage& usage, const ClassPrices& prices) {
  if (usage.period_seconds <= 0) {
    return 0;
  }
  const double scale = kSecondsPerMonth / usage.period_seconds;
  const double write_units = Positive(usage.write_units) * scale;
  const double read_units = Positive(usage.read_units) * scale;
  return write_units / kUnitsPerMillion * prices.on_demand_write_per_million +
         read_units / kUnitsPerMillion * prices.on_demand_read_per_million;
}

double ProvisionedMonthly(const ProvisionedCapacity& capacity, const ClassPrices& prices) {
  return (static_cast<double>(capacity.write_capacity_units) * prices.provisioned_wcu_hour +
          static_cast<double>(capacity.read_capacity_units) * prices.provisioned_rcu_hour) *
         kHoursPerMonth;
}

int64_t ReservedBlocks(int64_t units, double standard_unit_hour, double upfront_per_block,
                       double hourly_per_block, int32_t term_months) {
  DF_CHECK(term_months > 0);
  // DynamoDB: reserved capacity comes in blocks of 100 units and is billed for the whole term
  // whether used or not; provisioned units beyond it are billed at the standard rate
  // (cost_test.cc Reserved.*).
  const int64_t whole = std::max<int64_t>(0, units) / kReservedBlockUnits;
  const int64_t remainder = std::max<int64_t>(0, units) % kReservedBlockUnits;
  const double block_month = upfront_per_block / term_months + hourly_per_block * kHoursPerMonth;
  const double remainder_month =
      static_cast<double>(remainder) * standard_unit_hour * kHoursPerMonth;
  return remainder_month > block_month ? whole + 1 : whole;
}

double ReservedMonthly(const ProvisionedCapacity& capacity, const ClassPrices& prices,
                       const ReservedPrices& reserved, int64_t* write_blocks,
                       int64_t* read_blocks) {
  // One resource (writes or reads): the blocks' spread upfront fee and hourly rate, plus the units
  // the blocks leave uncovered at the standard rate.
  auto part = [&](int64_t units, double unit_hour, double upfront, double hourly,
                  int64_t* blocks_out) {
    const int64_t blocks = ReservedBlocks(units, unit_hour, upfront, hourly, reserved.term_months);
    if (blocks_out != nullptr) {
      *blocks_out = blocks;
    }
    const int64_t uncovered = std::max<int64_t>(0, units - blocks * kReservedBlockUnits);
    return static_cast<double>(blocks) *
               (upfront / reserved.term_months + hourly * kHoursPerMonth) +
           static_cast<double>(uncovered) * unit_hour * kHoursPerMonth;
  };
  return part(capacity.write_capacity_units, prices.provisioned_wcu_hour,
              reserved.upfront_per_100_wcu, reserved.hourly_per_100_wcu, write_blocks) +
         part(capacity.read_capacity_units, prices.provisioned_rcu_hour,
              reserved.upfront_per_100_rcu, reserved.hourly_per_100_rcu, read_blocks);
}

double StorageGb(const Usage& usage) {
  // DynamoDB: storage counts each item's size plus 100 bytes of overhead per item
  // (cost_test.cc Storage.CountsHundredBytesPerItem).
  const double bytes =
      static_cast<double>(std::max<int64_t>(0, usage.stored_bytes)) +
      static_cast<double>(std::max<int64_t>(0, usage.item_count)) * kItemStorageOverheadBytes;
  return bytes / kBytesPerGb;
}

double StorageMonthly(const Usage& usage, const ClassPrices& prices) {
  // DynamoDB: the Standard class's first 25 GB a month are free (per account; the estimate treats
  // the table as the account's only one) (cost_test.cc Storage.FreeTierForStandardOnly).
  return Positive(StorageGb(usage) - prices.storage_free_gb) * prices.storage_gb_month;
}

MonthlyCost EstimateMonthlyCost(const Usage& usage, TableClass table_class, const Prices& prices,
                                double target_utilization) {
  const ClassPrices& rates = prices.For(table_class);
  MonthlyCost cost;
  cost.capacity = SizeProvisioned(usage, target_utilization);
  cost.on_demand = OnDemandMonthly(usage, rates);
  cost.provisioned = ProvisionedMonthly(cost.capacity, rates);
  cost.storage = StorageMonthly(usage, rates);
  cost.reserved_available = ReservedCapacityApplies(table_class);
  // DynamoDB: reserved capacity is sold for the Standard class only; a Standard-IA table pays the
  // standard provisioned rates (cost_test.cc Reserved.NotForStandardInfrequentAccess).
  cost.provisioned_reserved_1y =
      cost.reserved_available
          ? ReservedMonthly(cost.capacity, rates, prices.reserved_1y, &cost.reserved_write_blocks,
                            &cost.reserved_read_blocks)
          : cost.provisioned;
  return cost;
}

CostEstimate EstimateMonthlyCosts(const Usage& usage, const Prices& prices,
                                  double target_utilization) {
  return {
      .standard = EstimateMonthlyCost(usage, TableClass::kStandard, prices, target_utilization),
      .standard_infrequent_access = EstimateMonthlyCost(
          usage, TableClass::kStandardInfrequentAccess, prices, target_utilization),
  };
}

}  // namespace dynafake::capacity
