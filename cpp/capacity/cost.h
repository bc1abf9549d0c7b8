// A monthly cost estimate from observed use, for the capacity report: what the same traffic and
// data would cost per month in each capacity mode and table class, at the prices in pricing.h.
// Plain arithmetic on its inputs; deterministic (docs: dynamodb-behaviour.md 7.4).
#pragma once

#include <cstdint>

#include "capacity/pricing.h"

namespace dynafake::capacity {

// A billing month, as AWS's price pages and calculator count it: 365 days x 24 h / 12.
constexpr double kHoursPerMonth = 730;
constexpr double kSecondsPerMonth = kHoursPerMonth * 3600;

// The share of provisioned capacity the observed peak may use: Application Auto Scaling's usual
// target-tracking value, so the estimate leaves the headroom a scaled table would keep.
constexpr double kDefaultTargetUtilization = 0.7;

// DynamoDB: each item is billed 100 bytes of indexing overhead on top of its own size
// (cost_test.cc Storage.CountsHundredBytesPerItem).
constexpr int64_t kItemStorageOverheadBytes = 100;

// Storage is priced per GB of 2^30 bytes.
constexpr double kBytesPerGb = 1024.0 * 1024.0 * 1024.0;

// What was observed on a table. Units are capacity units as reported by ConsumedCapacity (4 KB
// reads, 1 KB writes; units.h), which are also the request units on-demand mode bills.
struct Usage {
  double read_units = 0;   // read units consumed over the period
  double write_units = 0;  // write units consumed over the period
  double period_seconds = 0;
  double peak_read_units_per_second = 0;  // the busiest second's read units
  double peak_write_units_per_second = 0;
  int64_t stored_bytes = 0;  // the items' own sizes, summed
  int64_t item_count = 0;
};

// Provisioned capacity as set on a table: whole units, at least 1 each.
struct ProvisionedCapacity {
  int64_t read_capacity_units = 1;
  int64_t write_capacity_units = 1;
};

// One table class's monthly figures, USD. Throughput and storage are apart: a mode's bill is its
// throughput figure plus `storage`.
struct MonthlyCost {
  double on_demand = 0;                // the observed units scaled to a month
  double provisioned = 0;              // `capacity` for a month at the standard hourly rates
  double provisioned_reserved_1y = 0;  // the same capacity with 1-year reserved blocks
  double storage = 0;

  ProvisionedCapacity capacity;  // what the provisioned figures pay for
  // Reserved blocks of 100 units behind provisioned_reserved_1y; 0 when reserved_available is
  // false, and then provisioned_reserved_1y equals provisioned.
  int64_t reserved_write_blocks = 0;
  int64_t reserved_read_blocks = 0;
  bool reserved_available = false;

  double OnDemandTotal() const { return on_demand + storage; }

  double ProvisionedTotal() const { return provisioned + storage; }

  double ReservedTotal() const { return provisioned_reserved_1y + storage; }
};

struct CostEstimate {
  MonthlyCost standard;
  MonthlyCost standard_infrequent_access;
};

// Capacity units that carry `peak_units_per_second` at `target_utilization` (0 < t <= 1):
// ceil(peak / target), at least 1, the minimum a table can be provisioned with.
int64_t CapacityForPeak(double peak_units_per_second, double target_utilization);

ProvisionedCapacity SizeProvisioned(const Usage& usage, double target_utilization);

// On-demand throughput for a month: the period's units scaled to kSecondsPerMonth, times the per
// million rates. 0 when no period was observed.
double OnDemandMonthly(const Usage& usage, const ClassPrices& prices);

// Provisioned throughput for a month: units x hourly rate x kHoursPerMonth.
double ProvisionedMonthly(const ProvisionedCapacity& capacity, const ClassPrices& prices);

// Reserved blocks to buy for `units` of provisioned capacity: the whole blocks inside it, plus one
// more when the remainder would cost more at the standard hourly rate than another block does.
int64_t ReservedBlocks(int64_t units, double standard_unit_hour, double upfront_per_block,
                       double hourly_per_block, int32_t term_months);

// Provisioned throughput for a month with reserved capacity for `reserved`'s term: per block, the
// upfront fee spread over the term's months plus the hourly rate; the units the blocks leave
// uncovered at `prices`' standard hourly rate.
double ReservedMonthly(const ProvisionedCapacity& capacity, const ClassPrices& prices,
                       const ReservedPrices& reserved, int64_t* write_blocks = nullptr,
                       int64_t* read_blocks = nullptr);

// Billed storage in GB: (item bytes + kItemStorageOverheadBytes per item) / 2^30.
double StorageGb(const Usage& usage);

// Storage for a month: the GB beyond the class's free tier times the GB-month rate.
double StorageMonthly(const Usage& usage, const ClassPrices& prices);

MonthlyCost EstimateMonthlyCost(const Usage& usage, TableClass table_class,
                                const Prices& prices = UsEast1Prices(),
                                double target_utilization = kDefaultTargetUtilization);

CostEstimate EstimateMonthlyCosts(const Usage& usage, const Prices& prices = UsEast1Prices(),
                                  double target_utilization = kDefaultTargetUtilization);

}  // namespace dynafake::capacity
