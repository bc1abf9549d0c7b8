#include "api/capacity/capacity_report.h"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "api/control/control_test_util.h"
#include "capacity/partitions.h"
#include "model/key_codec.h"
#include "util/hash.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {
namespace {

using capacity::Operation;

// kTestStartMicros is 2026-10-09T00:21:34.123Z; its minute starts at 00:21:00.
constexpr double kStartSeconds = 1'791'505'294.123;
constexpr double kStartMinute = 1'791'505'260;
constexpr int64_t kSecond = 1'000'000;

// Cents are what a bill shows; these sums of products carry rounding far below that.
constexpr double kDollars = 1e-9;

class CapacityReportTest : public ControlTest {
 protected:
  // "orders": on-demand, pk S, global index "by_customer" (customer S).
  void CreateOrders() {
    Ok(&CreateTable, R"({"TableName": "orders",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "customer", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "GlobalSecondaryIndexes": [{"IndexName": "by_customer",
            "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        "BillingMode": "PAY_PER_REQUEST"})");
  }

  uint32_t TableId(const std::string& name, const std::string& region = "us-east-1") {
    return catalog_.FindTable(region, name)->table_id();
  }

  uint32_t IndexId(const std::string& table, const std::string& index) {
    return catalog_.FindTable("us-east-1", table)->FindIndex(index)->index_id;
  }

  // The EncodeKeyValue bytes of each value (DynamoDB JSON), concatenated: a request's label.
  static std::string Encoded(std::initializer_list<const char*> values) {
    std::string bytes;
    for (const char* value : values) {
      model::EncodeKeyValue(wire::ParseAttributeValue(wire::Json::parse(value)).value(), &bytes);
    }
    return bytes;
  }

  // Records what a request on the key value `label` consumed, `offset_micros` after the start.
  void Consume(capacity::ResourceId resource, Operation operation, double units,
               const std::string& label, int64_t offset_micros = 0) {
    metering_.usage().RecordConsumed(resource, operation, units, util::Hash64(label), label,
                                     kTestStartMicros + offset_micros);
  }

  wire::Json Report() { return CapacityReport(catalog_, metering_, nullptr, clock_.NowMicros()); }

  // The report's entry of table `name`.
  wire::Json TableReport(const std::string& name) {
    const wire::Json report = Report();
    for (const wire::Json& table : report["tables"]) {
      if (table["table_name"] == name) {
        return table;
      }
    }
    ADD_FAILURE() << "no table " << name;
    return {};
  }

  capacity::Metering metering_;
};

TEST_F(CapacityReportTest, ListsEveryTableOfEveryRegionWithItsSettings) {
  CreateOrders();
  // 17 bytes: "pk" (2) + "user#1" (6) + "note" (4) + "hello" (5).
  Ok(&PutItem, R"({"TableName": "orders",
      "Item": {"pk": {"S": "user#1"}, "note": {"S": "hello"}}})");
  RequestContext europe{"eu-west-1", &catalog_, &clock_};
  europe.streams = &streams_;
  ASSERT_TRUE(CreateTable(europe, wire::Json::parse(R"({"TableName": "ledger",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "N"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 10},
      "TableClass": "STANDARD_INFREQUENT_ACCESS"})"))
                  .has_value());

  const wire::Json report = Report();
  EXPECT_DOUBLE_EQ(report["generated_at"].get<double>(), kStartSeconds);
  ASSERT_EQ(report["tables"].size(), 2U);
  // By region, then name.
  const wire::Json& ledger = report["tables"][0];
  const wire::Json& orders = report["tables"][1];

  EXPECT_EQ(ledger["region"], "eu-west-1");
  EXPECT_EQ(ledger["table_name"], "ledger");
  EXPECT_EQ(ledger["table_arn"], "arn:aws:dynamodb:eu-west-1:123456789012:table/ledger");
  EXPECT_EQ(ledger["table_status"], "ACTIVE");
  EXPECT_EQ(ledger["billing_mode"], "PROVISIONED");
  EXPECT_EQ(ledger["table_class"], "STANDARD_INFREQUENT_ACCESS");
  EXPECT_EQ(ledger["capacity_mode"], "track");
  EXPECT_EQ(ledger["provisioned_read_capacity_units"], 5);
  EXPECT_EQ(ledger["provisioned_write_capacity_units"], 10);
  EXPECT_EQ(ledger["item_count"], 0);
  // ceil(5 / 3000 + 10 / 1000) = 1.
  EXPECT_EQ(ledger["partition_count"], 1);
  EXPECT_EQ(ledger["indexes"], wire::Json::array());

  EXPECT_EQ(orders["region"], "us-east-1");
  EXPECT_EQ(orders["billing_mode"], "PAY_PER_REQUEST");
  EXPECT_EQ(orders["table_class"], "STANDARD");
  EXPECT_EQ(orders["provisioned_read_capacity_units"], nullptr);
  EXPECT_EQ(orders["provisioned_write_capacity_units"], nullptr);
  EXPECT_EQ(orders["item_count"], 1);
  EXPECT_EQ(orders["size_bytes"], 17);
  // A new on-demand table: ceil(12,000 / 3,000 + 4,000 / 1,000) = 8.
  EXPECT_EQ(orders["partition_count"], 8);
  ASSERT_EQ(orders["indexes"].size(), 1U);
  EXPECT_EQ(orders["indexes"][0]["index_name"], "by_customer");
  EXPECT_EQ(orders["indexes"][0]["index_status"], "ACTIVE");
  EXPECT_EQ(orders["indexes"][0]["item_count"], 0);  // the item has no "customer"

  // Nothing recorded yet: zeros, nulls and empty lists.
  const wire::Json& usage = orders["usage"];
  EXPECT_EQ(usage["read_units"], 0.0);
  EXPECT_EQ(usage["write_throttled"], 0);
  EXPECT_EQ(usage["first_recorded_at"], nullptr);
  EXPECT_EQ(usage["last_recorded_at"], nullptr);
  EXPECT_EQ(usage["minutes"], wire::Json::array());
  EXPECT_EQ(usage["hottest_keys"], wire::Json::array());
}

TEST_F(CapacityReportTest, UsageHasTotalsPeaksAndMinutePoints) {
  CreateOrders();
  const capacity::ResourceId table{.table_id = TableId("orders")};
  const std::string a = Encoded({R"({"S": "a"})"});
  const std::string b = Encoded({R"({"S": "b"})"});
  // Minute 00:21: 1 + 2 write units within second :34, then 0.5 read units at :35.323.
  Consume(table, Operation::kWrite, 1, a);
  Consume(table, Operation::kWrite, 2, a, kSecond / 2);
  Consume(table, Operation::kRead, 0.5, b, 1200 * 1000);
  // Minute 00:22: 3 write units and a throttled read, at 00:22:35.123.
  Consume(table, Operation::kWrite, 3, b, 61 * kSecond);
  metering_.usage().RecordThrottled(table, Operation::kRead, kTestStartMicros + 61 * kSecond);

  const wire::Json usage = TableReport("orders")["usage"];
  EXPECT_EQ(usage["read_units"], 0.5);
  EXPECT_EQ(usage["write_units"], 6.0);
  EXPECT_EQ(usage["read_throttled"], 1);
  EXPECT_EQ(usage["write_throttled"], 0);
  EXPECT_EQ(usage["peak_read_units_per_second"], 0.5);
  EXPECT_EQ(usage["peak_write_units_per_second"], 3.0);
  EXPECT_DOUBLE_EQ(usage["first_recorded_at"].get<double>(), kStartSeconds);
  EXPECT_DOUBLE_EQ(usage["last_recorded_at"].get<double>(), kStartSeconds + 61);
  EXPECT_DOUBLE_EQ(usage["period_seconds"].get<double>(), 61);
  EXPECT_EQ(usage["minutes"], wire::Json::parse(R"([
      {"start": 1791505260, "read_units": 0.5, "write_units": 3.0,
       "read_throttled": 0, "write_throttled": 0},
      {"start": 1791505320, "read_units": 0.0, "write_units": 3.0,
       "read_throttled": 1, "write_throttled": 0}])"));
  EXPECT_EQ(usage["minutes"][0]["start"].get<double>(), kStartMinute);
}

TEST_F(CapacityReportTest, HottestKeysAreDecodedAndPlacedInTheirPartitions) {
  CreateOrders();
  const capacity::ResourceId table{.table_id = TableId("orders")};
  const std::string hot = Encoded({R"({"S": "user#1"})"});
  const std::string cold = Encoded({R"({"S": "user#2"})"});
  Consume(table, Operation::kWrite, 3, hot);
  Consume(table, Operation::kRead, 1.5, cold);
  Consume(table, Operation::kRead, 0.5, hot);

  const wire::Json keys = TableReport("orders")["usage"]["hottest_keys"];
  ASSERT_EQ(keys.size(), 2U);
  EXPECT_EQ(keys[0]["key"], wire::Json::parse(R"({"pk": {"S": "user#1"}})"));
  EXPECT_EQ(keys[0]["read_units"], 0.5);
  EXPECT_EQ(keys[0]["write_units"], 3.0);
  EXPECT_EQ(keys[0]["units"], 3.5);
  EXPECT_EQ(keys[0]["error_units"], 0.0);
  // 3.5 of the 5 units consumed.
  EXPECT_DOUBLE_EQ(keys[0]["share"].get<double>(), 0.7);
  // The hash space of a new on-demand table's 8 partitions.
  EXPECT_EQ(keys[0]["partition"], capacity::PartitionOf(util::Hash64(hot), 8));
  EXPECT_EQ(keys[1]["key"], wire::Json::parse(R"({"pk": {"S": "user#2"}})"));
  EXPECT_EQ(keys[1]["partition"], capacity::PartitionOf(util::Hash64(cold), 8));
  EXPECT_DOUBLE_EQ(keys[1]["share"].get<double>(), 0.3);
}

TEST_F(CapacityReportTest, IndexKeysAreDecodedFromEveryHashAttribute) {
  Ok(&CreateTable, R"({"TableName": "visits",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                               {"AttributeName": "site", "AttributeType": "S"},
                               {"AttributeName": "day", "AttributeType": "N"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "GlobalSecondaryIndexes": [{"IndexName": "by_site_day",
          "KeySchema": [{"AttributeName": "site", "KeyType": "HASH"},
                        {"AttributeName": "day", "KeyType": "HASH"}],
          "Projection": {"ProjectionType": "ALL"}}],
      "BillingMode": "PAY_PER_REQUEST"})");
  const capacity::ResourceId index{.table_id = TableId("visits"),
                                   .index_id = IndexId("visits", "by_site_day")};
  Consume(index, Operation::kRead, 2, Encoded({R"({"S": "eu"})", R"({"N": "7"})"}));

  const wire::Json visits = TableReport("visits");
  EXPECT_EQ(visits["usage"]["read_units"], 0.0);  // the index's units are its own
  const wire::Json& by_site_day = visits["indexes"][0];
  EXPECT_EQ(by_site_day["usage"]["read_units"], 2.0);
  EXPECT_EQ(by_site_day["usage"]["hottest_keys"][0]["key"],
            wire::Json::parse(R"({"site": {"S": "eu"}, "day": {"N": "7"}})"));
}

TEST_F(CapacityReportTest, KeysWithoutADecodableLabelAreNull) {
  CreateOrders();
  const capacity::ResourceId table{.table_id = TableId("orders")};
  metering_.usage().RecordConsumed(table, Operation::kWrite, 2, 42, "", kTestStartMicros);
  // Bytes left over after the one key attribute's value.
  Consume(table, Operation::kWrite, 1, Encoded({R"({"S": "a"})", R"({"S": "b"})"}));

  const wire::Json keys = TableReport("orders")["usage"]["hottest_keys"];
  ASSERT_EQ(keys.size(), 2U);
  EXPECT_EQ(keys[0]["key"], nullptr);
  EXPECT_EQ(keys[0]["units"], 2.0);
  EXPECT_EQ(keys[1]["key"], nullptr);
}

TEST_F(CapacityReportTest, CostIsPricedFromThePriceTable) {
  CreateOrders();
  // 17 bytes (see ListsEveryTable...).
  Ok(&PutItem, R"({"TableName": "orders",
      "Item": {"pk": {"S": "user#1"}, "note": {"S": "hello"}}})");
  const capacity::ResourceId table{.table_id = TableId("orders")};
  const std::string key = Encoded({R"({"S": "user#1"})"});
  // 1,000 write units in one second, 2,000 read units in one second an hour later.
  Consume(table, Operation::kWrite, 1000, key);
  Consume(table, Operation::kRead, 2000, key, 3600 * kSecond);

  const wire::Json cost = TableReport("orders")["cost"];
  const wire::Json& standard = cost["standard"];
  // A 730-hour month is 730 periods of an hour: 730,000 WRU and 1,460,000 RRU.
  // 0.73 M x $0.625 + 1.46 M x $0.125 = 0.45625 + 0.1825.
  EXPECT_NEAR(standard["on_demand"].get<double>(), 0.63875, kDollars);
  // Peaks at 70 %: ceil(1000 / 0.7) = 1429 WCU, ceil(2000 / 0.7) = 2858 RCU.
  EXPECT_EQ(standard["provisioned_write_capacity_units"], 1429);
  EXPECT_EQ(standard["provisioned_read_capacity_units"], 2858);
  // (1429 x $0.00065 + 2858 x $0.00013) x 730 h = (0.92885 + 0.37154) x 730.
  EXPECT_NEAR(standard["provisioned"].get<double>(), 949.2847, kDollars);
  // Reserved, a block a month = upfront / 12 + hourly x 730:
  // writes: $150 / 12 + $0.0128 x 730 = 21.844; 14 blocks, and the other 29 WCU at the hourly rate
  //   (29 x 0.00065 x 730 = 13.7605, less than a block): 14 x 21.844 + 13.7605 = 319.5765.
  // reads: $30 / 12 + $0.0025 x 730 = 4.325; the 58 RCU beyond 28 blocks would cost
  //   58 x 0.00013 x 730 = 5.5042, more than a block: 29 blocks = 125.425.
  EXPECT_EQ(standard["reserved_write_blocks"], 14);
  EXPECT_EQ(standard["reserved_read_blocks"], 29);
  EXPECT_NEAR(standard["provisioned_reserved_1y"].get<double>(), 319.5765 + 125.425, kDollars);
  // (17 + 100) bytes, within the 25 GB free tier.
  EXPECT_EQ(standard["storage"], 0.0);
  EXPECT_NEAR(standard["on_demand_total"].get<double>(), 0.63875, kDollars);
  EXPECT_EQ(standard["configured_provisioned"], nullptr);

  const wire::Json& infrequent = cost["standard_infrequent_access"];
  // 0.73 M x $0.78 + 1.46 M x $0.156 = 0.5694 + 0.22776.
  EXPECT_NEAR(infrequent["on_demand"].get<double>(), 0.79716, kDollars);
  // 117 bytes / 2^30 x $0.10, no free tier.
  EXPECT_NEAR(infrequent["storage"].get<double>(), 117 / std::pow(2.0, 30) * 0.10, 1e-18);
  EXPECT_EQ(infrequent["reserved_available"], false);
  EXPECT_EQ(infrequent["provisioned_reserved_1y"], infrequent["provisioned"]);
}

TEST_F(CapacityReportTest, ConfiguredProvisionedCapacityIsPriced) {
  Ok(&CreateTable, R"({"TableName": "ledger",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "N"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 10}})");
  const wire::Json cost = TableReport("ledger")["cost"];
  // (10 x $0.00065 + 5 x $0.00013) x 730 h; Standard-IA: (10 x $0.00081 + 5 x $0.00016) x 730.
  EXPECT_NEAR(cost["standard"]["configured_provisioned"].get<double>(), 5.2195, kDollars);
  EXPECT_NEAR(cost["standard_infrequent_access"]["configured_provisioned"].get<double>(), 6.497,
              kDollars);
  // Nothing consumed: the estimate provisions the minimum, 1 RCU and 1 WCU.
  EXPECT_EQ(cost["standard"]["on_demand"], 0.0);
  EXPECT_NEAR(cost["standard"]["provisioned"].get<double>(), (0.00065 + 0.00013) * 730, kDollars);
}

TEST_F(CapacityReportTest, TotalCostAddsTheGlobalIndexes) {
  CreateOrders();
  const capacity::ResourceId table{.table_id = TableId("orders")};
  const capacity::ResourceId index{.table_id = table.table_id,
                                   .index_id = IndexId("orders", "by_customer")};
  Consume(table, Operation::kWrite, 1000, Encoded({R"({"S": "o1"})"}));
  Consume(table, Operation::kWrite, 1000, Encoded({R"({"S": "o2"})"}), 3600 * kSecond);
  Consume(index, Operation::kWrite, 500, Encoded({R"({"S": "c1"})"}));
  Consume(index, Operation::kWrite, 500, Encoded({R"({"S": "c1"})"}), 3600 * kSecond);

  const wire::Json orders = TableReport("orders");
  // Per hour: 2,000 WRU on the table and 1,000 on the index; x 730 h / 1e6 x $0.625.
  EXPECT_NEAR(orders["cost"]["standard"]["on_demand"].get<double>(), 0.9125, kDollars);
  EXPECT_NEAR(orders["indexes"][0]["cost"]["standard"]["on_demand"].get<double>(), 0.45625,
              kDollars);
  const wire::Json& total = orders["total_cost"]["standard"];
  EXPECT_NEAR(total["on_demand"].get<double>(), 0.9125 + 0.45625, kDollars);
  // Busiest seconds 1,000 and 500 WCU at 70 %: 1429 + 715; 1 RCU each.
  EXPECT_EQ(total["provisioned_write_capacity_units"], 1429 + 715);
  EXPECT_EQ(total["provisioned_read_capacity_units"], 2);
}

TEST_F(CapacityReportTest, OnDemandPartitionsFollowTwiceThePeak) {
  CreateOrders();
  const capacity::ResourceId table{.table_id = TableId("orders")};
  const std::string key = Encoded({R"({"S": "bulk"})"});
  Consume(table, Operation::kWrite, 5000, key);
  const wire::Json orders = TableReport("orders");
  // Writes served at once: 2 x 5,000 > 4,000. ceil(12,000 / 3,000 + 10,000 / 1,000) = 14.
  EXPECT_EQ(orders["partition_count"], 14);
  EXPECT_EQ(orders["usage"]["hottest_keys"][0]["partition"],
            capacity::PartitionOf(util::Hash64(key), 14));
  // The index saw nothing: a new index's 8.
  EXPECT_EQ(orders["indexes"][0]["partition_count"], 8);
}

TEST_F(CapacityReportTest, ProvisionedPartitionsFollowTheProvisionedUnits) {
  Ok(&CreateTable, R"({"TableName": "big",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "ProvisionedThroughput": {"ReadCapacityUnits": 3000, "WriteCapacityUnits": 1001}})");
  // ceil(3000 / 3000 + 1001 / 1000) = 3.
  EXPECT_EQ(TableReport("big")["partition_count"], 3);
}

TEST_F(CapacityReportTest, CapacityModeIsTheTablesOwnOrTheDefault) {
  CreateOrders();
  Ok(&CreateTable, R"({"TableName": "other",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "BillingMode": "PAY_PER_REQUEST"})");
  metering_.SetTableMode(TableId("orders"), capacity::CapacityMode::kEnforce);
  metering_.SetDefaultMode(capacity::CapacityMode::kOff);
  EXPECT_EQ(TableReport("orders")["capacity_mode"], "enforce");
  EXPECT_EQ(TableReport("other")["capacity_mode"], "off");
}

}  // namespace
}  // namespace dynafake::api
