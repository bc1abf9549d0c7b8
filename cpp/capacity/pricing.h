// DynamoDB list prices (docs: dynamodb-behaviour.md 7.4): the one place the figures live, each with
// its source and date in pricing.cc. USD, us-east-1. A figure marked ⚠ there is not confirmed
// against AWS's own price page; the cost estimate (cost.h) is only as good as these figures.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace dynafake::capacity {

// DynamoDB: the two table classes, as spelled in TableClass / TableClassSummary. STANDARD is the
// default; STANDARD_INFREQUENT_ACCESS trades cheaper storage for dearer throughput
// (pricing_test.cc TableClass.*, UsEast1Prices.InfrequentAccessTradesThroughputForStorage).
enum class TableClass : uint8_t { kStandard, kStandardInfrequentAccess };

std::optional<TableClass> ParseTableClass(std::string_view text);
std::string_view TableClassName(TableClass table_class);  // "STANDARD", ...

// Rates for one table class.
struct ClassPrices {
  double on_demand_write_per_million = 0;  // per million write request units
  double on_demand_read_per_million = 0;   // per million read request units
  double provisioned_wcu_hour = 0;         // per WCU provisioned for an hour
  double provisioned_rcu_hour = 0;         // per RCU provisioned for an hour
  double storage_gb_month = 0;             // per GB (2^30 bytes) stored for a month
  double storage_free_gb = 0;              // free storage per account per month (Standard only)
};

// Reserved capacity for one term: a one-time upfront fee plus an hourly rate for every hour of the
// term, per block of 100 units. Sold only for the Standard class in provisioned mode.
struct ReservedPrices {
  int32_t term_months = 0;
  double upfront_per_100_wcu = 0;
  double hourly_per_100_wcu = 0;
  double upfront_per_100_rcu = 0;
  double hourly_per_100_rcu = 0;
};

struct Prices {
  ClassPrices standard;
  ClassPrices standard_infrequent_access;
  // DynamoDB: reserved capacity applies to the Standard class only (not Standard-IA, not on-demand,
  // not replicated WCUs) (pricing_test.cc ReservedCapacity.StandardClassOnly).
  ReservedPrices reserved_1y;
  ReservedPrices reserved_3y;

  const ClassPrices& For(TableClass table_class) const;
};

// DynamoDB: reserved capacity is bought in blocks of 100 WCUs or 100 RCUs
// (pricing_test.cc ReservedCapacity.StandardClassOnly, cost_test.cc Reserved.*).
constexpr int64_t kReservedBlockUnits = 100;

// Whether reserved capacity can be bought for tables of this class.
bool ReservedCapacityApplies(TableClass table_class);

// The us-east-1 table (sources and dates in pricing.cc).
const Prices& UsEast1Prices();

}  // namespace dynafake::capacity
