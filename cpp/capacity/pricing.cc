#include "capacity/pricing.h"

namespace dynafake::capacity {
namespace {

// Sources and dates. Unless a line says otherwise, a figure comes from dynamodb-behaviour.md 7.4:
// USD, us-east-1, the rates in force since the 1 Nov 2024 price cut (on-demand -50 %), still
// current per a July 2025 third-party page (airbyte.com). AWS's own price pages
// (https://aws.amazon.com/dynamodb/pricing/on-demand/ and .../pricing/provisioned/) render their
// tables with JavaScript and could not be read, so only the Standard on-demand rates are confirmed;
// every other figure is marked ⚠ as the doc marks it. The doc derives the Standard-IA throughput
// rates as 1.25 x Standard from the ratio on the AWS China price page and rounds them as below.
constexpr ClassPrices kStandard = {
    .on_demand_write_per_million = 0.625,  // confirmed (doc 7.4, Nov 2024 rate)
    .on_demand_read_per_million = 0.125,   // confirmed (doc 7.4, Nov 2024 rate)
    .provisioned_wcu_hour = 0.00065,       // ⚠ (doc 7.4)
    .provisioned_rcu_hour = 0.00013,       // ⚠ (doc 7.4)
    .storage_gb_month = 0.25,              // ⚠ (doc 7.4)
    // DynamoDB: the first 25 GB stored per account each month are free, for the Standard class
    // only. ⚠ (doc 7.4) (pricing_test.cc UsEast1Prices.FreeTierStandardOnly)
    .storage_free_gb = 25,
};

constexpr ClassPrices kStandardInfrequentAccess = {
    .on_demand_write_per_million = 0.78,  // ⚠ "≈ $0.78" (doc 7.4; 1.25 x 0.625 = 0.78125)
    .on_demand_read_per_million = 0.156,  // ⚠ "≈ $0.156" (doc 7.4; 1.25 x 0.125 = 0.15625)
    .provisioned_wcu_hour = 0.00081,      // ⚠ (doc 7.4)
    .provisioned_rcu_hour = 0.00016,      // ⚠ (doc 7.4)
    .storage_gb_month = 0.10,             // ⚠ (doc 7.4)
    .storage_free_gb = 0,                 // the free tier covers Standard only
};

// Reserved capacity, Standard class, us-east-1. Searched 2026-11-21:
// - AWS Developer Guide, "DynamoDB reserved capacity"
//   (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/reserved-capacity.html, read
//   in its ja_jp edition): bought in blocks of 100 WCUs or 100 RCUs (minimum 100); partial upfront
//   (a one-time fee, then a discounted hourly rate for the whole term, used or not); 1-year terms
//   in every Region, 3-year in some; "up to 54 %" (1 year) and "up to 77 %" (3 years) off the
//   standard provisioned rates; Standard table class and provisioned mode only; not for replicated
//   WCUs.
// - docs.archera.ai, "AWS DynamoDB - commitment brief" (data sourced March 2026): the same terms
//   and savings, partial upfront being the only payment option.
// - qiita.com/Kta-M/items/d6ba7066de30125c2f19 (undated): Tokyo 1-year 100 RCU = $34.20 upfront +
//   $0.0029/hour, consistent with the us-east-1 figures below at one regional ratio
//   (34.20 / 30 = 1.14; 0.0025 x 1.14 = 0.00285, shown rounded as 0.0029).
// The dollar figures themselves were not found on a readable AWS page: these are the commonly
// cited us-east-1 list prices, all ⚠. They reproduce AWS's stated savings against the standard
// rates above (pricing_test.cc ReservedPrices.SavingsMatchAwsStatedDiscounts): 1 year 54 % (WCU)
// and 54 % (RCU); 3 years 77 % and 77 %.
constexpr ReservedPrices kReserved1y = {
    .term_months = 12,
    .upfront_per_100_wcu = 150.0,  // ⚠ commonly cited
    .hourly_per_100_wcu = 0.0128,  // ⚠ commonly cited
    .upfront_per_100_rcu = 30.0,   // ⚠ commonly cited
    .hourly_per_100_rcu = 0.0025,  // ⚠ commonly cited
};

constexpr ReservedPrices kReserved3y = {
    .term_months = 36,
    .upfront_per_100_wcu = 180.0,  // ⚠ commonly cited
    .hourly_per_100_wcu = 0.0081,  // ⚠ commonly cited
    .upfront_per_100_rcu = 36.0,   // ⚠ commonly cited
    .hourly_per_100_rcu = 0.0016,  // ⚠ commonly cited
};

constexpr Prices kUsEast1 = {
    .standard = kStandard,
    .standard_infrequent_access = kStandardInfrequentAccess,
    .reserved_1y = kReserved1y,
    .reserved_3y = kReserved3y,
};

}  // namespace

std::optional<TableClass> ParseTableClass(std::string_view text) {
  if (text == "STANDARD") {
    return TableClass::kStandard;
  }
  if (text == "STANDARD_INFREQUENT_ACCESS") {
    return TableClass::kStandardInfrequentAccess;
  }
  return std::nullopt;
}

std::string_view TableClassName(TableClass table_class) {
  switch (table_class) {
    case TableClass::kStandard:
      return "STANDARD";
    case TableClass::kStandardInfrequentAccess:
      return "STANDARD_INFREQUENT_ACCESS";
  }
  return "STANDARD";
}

const ClassPrices& Prices::For(TableClass table_class) const {
  return table_class == TableClass::kStandardInfrequentAccess ? standard_infrequent_access
                                                              : standard;
}

bool ReservedCapacityApplies(TableClass table_class) {
  return table_class == TableClass::kStandard;
}

const Prices& UsEast1Prices() {
  return kUsEast1;
}

}  // namespace dynafake::capacity
