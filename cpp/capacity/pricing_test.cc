#include "capacity/pricing.h"

#include <gtest/gtest.h>

namespace dynafake::capacity {
namespace {

TEST(TableClass, ParsesAndNamesBothClasses) {
  EXPECT_EQ(ParseTableClass("STANDARD"), TableClass::kStandard);
  EXPECT_EQ(ParseTableClass("STANDARD_INFREQUENT_ACCESS"), TableClass::kStandardInfrequentAccess);
  EXPECT_EQ(TableClassName(TableClass::kStandard), "STANDARD");
  EXPECT_EQ(TableClassName(TableClass::kStandardInfrequentAccess), "STANDARD_INFREQUENT_ACCESS");
  for (TableClass table_class : {TableClass::kStandard, TableClass::kStandardInfrequentAccess}) {
    EXPECT_EQ(ParseTableClass(TableClassName(table_class)), table_class);
  }
}

TEST(TableClass, RejectsOtherSpellings) {
  EXPECT_EQ(ParseTableClass(""), std::nullopt);
  EXPECT_EQ(ParseTableClass("standard"), std::nullopt);
  EXPECT_EQ(ParseTableClass("STANDARD_IA"), std::nullopt);
  EXPECT_EQ(ParseTableClass("STANDARD "), std::nullopt);
}

TEST(UsEast1Prices, StandardRatesAsGiven) {
  const ClassPrices& standard = UsEast1Prices().standard;
  EXPECT_DOUBLE_EQ(standard.on_demand_write_per_million, 0.625);
  EXPECT_DOUBLE_EQ(standard.on_demand_read_per_million, 0.125);
  EXPECT_DOUBLE_EQ(standard.provisioned_wcu_hour, 0.00065);
  EXPECT_DOUBLE_EQ(standard.provisioned_rcu_hour, 0.00013);
  EXPECT_DOUBLE_EQ(standard.storage_gb_month, 0.25);
  EXPECT_DOUBLE_EQ(standard.storage_free_gb, 25);
}

TEST(UsEast1Prices, StandardInfrequentAccessRatesAsGiven) {
  const ClassPrices& ia = UsEast1Prices().standard_infrequent_access;
  EXPECT_DOUBLE_EQ(ia.on_demand_write_per_million, 0.78);
  EXPECT_DOUBLE_EQ(ia.on_demand_read_per_million, 0.156);
  EXPECT_DOUBLE_EQ(ia.provisioned_wcu_hour, 0.00081);
  EXPECT_DOUBLE_EQ(ia.provisioned_rcu_hour, 0.00016);
  EXPECT_DOUBLE_EQ(ia.storage_gb_month, 0.10);
}

TEST(UsEast1Prices, FreeTierStandardOnly) {
  EXPECT_DOUBLE_EQ(UsEast1Prices().standard.storage_free_gb, 25);
  EXPECT_DOUBLE_EQ(UsEast1Prices().standard_infrequent_access.storage_free_gb, 0);
}

TEST(UsEast1Prices, ReservedRatesAsGiven) {
  const ReservedPrices& one = UsEast1Prices().reserved_1y;
  EXPECT_EQ(one.term_months, 12);
  EXPECT_DOUBLE_EQ(one.upfront_per_100_wcu, 150);
  EXPECT_DOUBLE_EQ(one.hourly_per_100_wcu, 0.0128);
  EXPECT_DOUBLE_EQ(one.upfront_per_100_rcu, 30);
  EXPECT_DOUBLE_EQ(one.hourly_per_100_rcu, 0.0025);
  const ReservedPrices& three = UsEast1Prices().reserved_3y;
  EXPECT_EQ(three.term_months, 36);
  EXPECT_DOUBLE_EQ(three.upfront_per_100_wcu, 180);
  EXPECT_DOUBLE_EQ(three.hourly_per_100_wcu, 0.0081);
  EXPECT_DOUBLE_EQ(three.upfront_per_100_rcu, 36);
  EXPECT_DOUBLE_EQ(three.hourly_per_100_rcu, 0.0016);
}

TEST(UsEast1Prices, ForPicksTheClass) {
  const Prices& prices = UsEast1Prices();
  EXPECT_EQ(&prices.For(TableClass::kStandard), &prices.standard);
  EXPECT_EQ(&prices.For(TableClass::kStandardInfrequentAccess), &prices.standard_infrequent_access);
}

// The point of Standard-IA: storage cheaper, every throughput rate dearer.
TEST(UsEast1Prices, InfrequentAccessTradesThroughputForStorage) {
  const ClassPrices& standard = UsEast1Prices().standard;
  const ClassPrices& ia = UsEast1Prices().standard_infrequent_access;
  EXPECT_LT(ia.storage_gb_month, standard.storage_gb_month);
  EXPECT_GT(ia.on_demand_write_per_million, standard.on_demand_write_per_million);
  EXPECT_GT(ia.on_demand_read_per_million, standard.on_demand_read_per_million);
  EXPECT_GT(ia.provisioned_wcu_hour, standard.provisioned_wcu_hour);
  EXPECT_GT(ia.provisioned_rcu_hour, standard.provisioned_rcu_hour);
}

TEST(ReservedCapacity, StandardClassOnly) {
  EXPECT_TRUE(ReservedCapacityApplies(TableClass::kStandard));
  EXPECT_FALSE(ReservedCapacityApplies(TableClass::kStandardInfrequentAccess));
  EXPECT_EQ(kReservedBlockUnits, 100);
}

// Saving of a reserved block over its term against 100 units at the standard hourly rate.
double Saving(double upfront, double hourly, double standard_unit_hour, int32_t term_months) {
  const double hours = 730.0 * term_months;
  return 1 - (upfront + hourly * hours) / (100 * standard_unit_hour * hours);
}

// AWS states reserved capacity saves up to 54 % over 1 year and 77 % over 3 years; the figures in
// the table must reproduce that against the standard rates (to the percentage point).
TEST(ReservedCapacity, SavingsMatchAwsStatedDiscounts) {
  const Prices& prices = UsEast1Prices();
  const double wcu_hour = prices.standard.provisioned_wcu_hour;
  const double rcu_hour = prices.standard.provisioned_rcu_hour;
  const ReservedPrices& one = prices.reserved_1y;
  const ReservedPrices& three = prices.reserved_3y;
  // By hand: 1 - (150 + 0.0128 * 8760) / (100 * 0.00065 * 8760) = 1 - 262.128 / 569.4 = 0.5396.
  EXPECT_NEAR(Saving(one.upfront_per_100_wcu, one.hourly_per_100_wcu, wcu_hour, 12), 0.54, 0.01);
  EXPECT_NEAR(Saving(one.upfront_per_100_rcu, one.hourly_per_100_rcu, rcu_hour, 12), 0.54, 0.01);
  // By hand: 1 - (180 + 0.0081 * 26280) / (100 * 0.00065 * 26280) = 1 - 392.868 / 1708.2 = 0.7700.
  EXPECT_NEAR(Saving(three.upfront_per_100_wcu, three.hourly_per_100_wcu, wcu_hour, 36), 0.77,
              0.01);
  EXPECT_NEAR(Saving(three.upfront_per_100_rcu, three.hourly_per_100_rcu, rcu_hour, 36), 0.77,
              0.01);
}

}  // namespace
}  // namespace dynafake::capacity
