#include <gtest/gtest.h>

#include "api/control/control_test_util.h"

namespace dynafake::api {
namespace {

constexpr int64_t kHour = 3'600'000'000;

class UpdateTableTest : public ControlTest {
 protected:
  void CreateProvisioned() {
    Ok(&CreateTable, R"({"TableName": "t",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                               {"AttributeName": "g", "AttributeType": "N"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 10},
      "GlobalSecondaryIndexes": [{"IndexName": "g1",
          "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
          "Projection": {"ProjectionType": "ALL"},
          "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}}]})");
  }

  wire::Json SetThroughput(int read, int write) {
    return Ok(&UpdateTable,
              R"({"TableName": "t", "ProvisionedThroughput": {"ReadCapacityUnits": )" +
                  std::to_string(read) + R"(, "WriteCapacityUnits": )" + std::to_string(write) +
                  "}}")["TableDescription"];
  }

  std::string ThroughputError(int read, int write, ErrorCode code) {
    return Error(&UpdateTable,
                 R"({"TableName": "t", "ProvisionedThroughput": {"ReadCapacityUnits": )" +
                     std::to_string(read) + R"(, "WriteCapacityUnits": )" + std::to_string(write) +
                     "}}",
                 code);
  }
};

TEST_F(UpdateTableTest, NeedsAChange) {
  CreateProvisioned();
  const std::string message =
      "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
      "GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, "
      "ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, "
      "OnDemandThroughput, WarmThroughput or TableClass is required";
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t"})"), message);
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t", "GlobalSecondaryIndexUpdates": []})"),
            message);
  // DynamoDB: the request is checked before the table is looked up.
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "missing"})"), message);
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t", "GlobalSecondaryIndexUpdates": [],
                                    "DeletionProtectionEnabled": true})"),
            "One or more parameter values were invalid: List of GlobalSecondaryIndexUpdates is "
            "empty");
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "missing", "DeletionProtectionEnabled": true})",
                  ErrorCode::kResourceNotFound),
            "Requested resource not found: Table: missing not found");
}

TEST_F(UpdateTableTest, UnchangedThroughputIsRefused) {
  CreateProvisioned();
  EXPECT_EQ(ThroughputError(10, 10, ErrorCode::kValidation),
            "The provisioned throughput for the table will not change. The requested value equals "
            "the current value. Current ReadCapacityUnits provisioned for the table: 10. Requested "
            "ReadCapacityUnits: 10. Current WriteCapacityUnits provisioned for the table: 10. "
            "Requested WriteCapacityUnits: 10. Refer to the Amazon DynamoDB Developer Guide for "
            "current limits and how to request higher limits.");
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t", "GlobalSecondaryIndexUpdates": [{"Update":
              {"IndexName": "g1", "ProvisionedThroughput":
                  {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}}}]})"),
            "The provisioned throughput for the index g1 will not change. The requested value "
            "equals the current value. Current ReadCapacityUnits provisioned for index g1: 2. "
            "Requested ReadCapacityUnits: 2. Current WriteCapacityUnits provisioned for index g1: "
            "2. Requested WriteCapacityUnits: 2. Refer to the Amazon DynamoDB Developer Guide for "
            "current limits and how to request higher limits.");
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t", "BillingMode": "PROVISIONED"})"),
            "One or more parameter values were invalid: ProvisionedThroughput must be specified "
            "when BillingMode is PROVISIONED");
}

TEST_F(UpdateTableTest, IncreaseAnswersOldValuesThenDescribesNewOnes) {
  CreateProvisioned();
  wire::Json answer = SetThroughput(20, 10);
  EXPECT_EQ(answer["TableStatus"], "UPDATING");
  EXPECT_EQ(answer["ProvisionedThroughput"], wire::Json::parse(R"({"ReadCapacityUnits": 10,
      "WriteCapacityUnits": 10, "NumberOfDecreasesToday": 0,
      "LastIncreaseDateTime": 1791505294.123})"));
  wire::Json table = Describe("t");
  EXPECT_EQ(table["TableStatus"], "ACTIVE");
  EXPECT_EQ(table["ProvisionedThroughput"]["ReadCapacityUnits"], 20);
}

TEST_F(UpdateTableTest, DecreasesHaveADailyBudget) {
  CreateProvisioned();
  for (int read = 9; read >= 6; --read) {
    SetThroughput(read, 10);
  }
  EXPECT_EQ(Describe("t")["ProvisionedThroughput"]["NumberOfDecreasesToday"], 4);
  const std::string refused =
      "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC "
      "day. After the first 4 decreases, each subsequent decrease in the same UTC day can be "
      "performed at most once every 3600 seconds. Number of decreases today: 4. Last decrease at "
      "Friday, October 9, 2026 at 12:21:34 AM Coordinated Universal Time. Next decrease can be "
      "made at Friday, October 9, 2026 at 1:21:34 AM Coordinated Universal Time";
  EXPECT_EQ(ThroughputError(5, 10, ErrorCode::kLimitExceeded), refused);
  // Any lower value is a decrease, even with the other one raised; increases stay free.
  EXPECT_EQ(ThroughputError(5, 20, ErrorCode::kLimitExceeded), refused);
  SetThroughput(7, 20);

  clock_.Advance(kHour - 1);
  EXPECT_EQ(ThroughputError(6, 20, ErrorCode::kLimitExceeded).substr(0, 30), refused.substr(0, 30));
  clock_.Advance(1);
  SetThroughput(6, 20);
  EXPECT_EQ(Describe("t")["ProvisionedThroughput"]["NumberOfDecreasesToday"], 5);
}

TEST_F(UpdateTableTest, DecreaseBudgetStartsAgainAtMidnight) {
  clock_.Set(1'791'501'648'000'000);  // 2026-10-08T23:20:48Z
  CreateProvisioned();
  for (int read = 9; read >= 6; --read) {
    SetThroughput(read, 10);
  }
  EXPECT_EQ(
      ThroughputError(5, 10, ErrorCode::kLimitExceeded),
      "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given "
      "UTC day. After the first 4 decreases, each subsequent decrease in the same UTC day can "
      "be performed at most once every 3600 seconds. Number of decreases today: 4. Last "
      "decrease at Thursday, October 8, 2026 at 11:20:48 PM Coordinated Universal Time. Next "
      "decrease can be made at Friday, October 9, 2026 at 12:00:00 AM Coordinated Universal "
      "Time");
  clock_.Set(1'791'504'000'000'000);  // 2026-10-09T00:00:00Z
  EXPECT_EQ(Describe("t")["ProvisionedThroughput"]["NumberOfDecreasesToday"], 0);
  SetThroughput(5, 10);
  EXPECT_EQ(Describe("t")["ProvisionedThroughput"]["NumberOfDecreasesToday"], 1);
}

TEST_F(UpdateTableTest, SwitchesBillingModes) {
  CreateProvisioned();
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t", "BillingMode": "PAY_PER_REQUEST",
      "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}})"),
            "One or more parameter values were invalid: ProvisionedThroughput cannot be specified "
            "when BillingMode is PAY_PER_REQUEST");
  wire::Json answer = Ok(
      &UpdateTable, R"({"TableName": "t", "BillingMode": "PAY_PER_REQUEST"})")["TableDescription"];
  EXPECT_EQ(answer["TableStatus"], "UPDATING");
  wire::Json table = Describe("t");
  EXPECT_EQ(table["BillingModeSummary"], wire::Json::parse(R"({"BillingMode": "PAY_PER_REQUEST",
                                  "LastUpdateToPayPerRequestDateTime": 1791505294.123})"));
  EXPECT_EQ(table["ProvisionedThroughput"]["ReadCapacityUnits"], 0);
  EXPECT_EQ(table["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]["ReadCapacityUnits"], 0);

  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t",
      "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}})"),
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
            "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t", "BillingMode": "PROVISIONED",
      "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4}})"),
            "One or more parameter values were invalid: ProvisionedThroughput must be specified "
            "for index: g1");
  Ok(&UpdateTable, R"({"TableName": "t", "BillingMode": "PROVISIONED",
      "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4},
      "GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "g1",
          "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 6}}}]})");
  table = Describe("t");
  EXPECT_EQ(table["BillingModeSummary"]["BillingMode"], "PROVISIONED");
  EXPECT_EQ(table["ProvisionedThroughput"]["WriteCapacityUnits"], 4);
  EXPECT_EQ(table["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]["WriteCapacityUnits"], 6);
}

TEST_F(UpdateTableTest, LimitsSwitchesToOnDemand) {
  Ok(&CreateTable, R"({"TableName": "t",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}})");
  const std::string to_provisioned =
      R"({"TableName": "t", "BillingMode": "PROVISIONED",
          "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}})";
  const std::string to_on_demand = R"({"TableName": "t", "BillingMode": "PAY_PER_REQUEST"})";
  for (int i = 0; i < 4; ++i) {
    Ok(&UpdateTable, to_on_demand);
    Ok(&UpdateTable, to_provisioned);
  }
  EXPECT_EQ(Error(&UpdateTable, to_on_demand, ErrorCode::kLimitExceeded),
            "Subscriber limit exceeded: Update to PayPerRequest mode are limited to 4 times in 1 "
            "day(s).");
  clock_.Advance(24 * kHour);
  Ok(&UpdateTable, to_on_demand);
}

TEST_F(UpdateTableTest, CreatesAndDeletesGlobalIndexes) {
  CreateProvisioned();
  const std::string create = R"({"TableName": "t",
      "AttributeDefinitions": [{"AttributeName": "h", "AttributeType": "B"}],
      "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "g2",
          "KeySchema": [{"AttributeName": "h", "KeyType": "HASH"}],
          "Projection": {"ProjectionType": "KEYS_ONLY"},
          "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}}]})";
  wire::Json answer = Ok(&UpdateTable, create)["TableDescription"];
  EXPECT_EQ(answer["TableStatus"], "UPDATING");
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][1]["IndexStatus"], "CREATING");
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][1]["Backfilling"], false);
  wire::Json table = Describe("t");
  EXPECT_EQ(table["GlobalSecondaryIndexes"][1]["IndexStatus"], "ACTIVE");
  EXPECT_FALSE(table["GlobalSecondaryIndexes"][1].contains("Backfilling"));
  EXPECT_EQ(table["AttributeDefinitions"], wire::Json::parse(R"([
      {"AttributeName": "g", "AttributeType": "N"}, {"AttributeName": "h", "AttributeType": "B"},
      {"AttributeName": "pk", "AttributeType": "S"}])"));
  EXPECT_EQ(Error(&UpdateTable, create), "Attempting to create an index which already exists");

  answer = Ok(&UpdateTable, R"({"TableName": "t",
      "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "g1"}}]})")["TableDescription"];
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][0]["IndexStatus"], "DELETING");
  table = Describe("t");
  ASSERT_EQ(table["GlobalSecondaryIndexes"].size(), 1u);
  EXPECT_EQ(table["GlobalSecondaryIndexes"][0]["IndexName"], "g2");
  EXPECT_EQ(table["AttributeDefinitions"].size(), 2u);  // g was used only by g1
}

TEST_F(UpdateTableTest, RejectsBadIndexUpdates) {
  CreateProvisioned();
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t",
      "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "nope"}}]})",
                  ErrorCode::kResourceNotFound),
            "Requested resource not found: Index nope for table t");
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t",
      "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "g1"}, "Update": {"IndexName": "g1",
          "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 3}}}]})"),
            "One or more parameter values were invalid: Only one global secondary index action is "
            "allowed per GlobalSecondaryIndexUpdate object");
  EXPECT_EQ(
      Error(&UpdateTable, R"({"TableName": "t", "GlobalSecondaryIndexUpdates": [{}]})"),
      "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, "
      "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null");
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t", "GlobalSecondaryIndexUpdates": [
      {"Delete": {"IndexName": "g1"}}, {"Delete": {"IndexName": "g1"}}]})"),
            "One or more parameter values were invalid: Only one global secondary index update per "
            "index is allowed simultaneously. Index: g1");
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t", "GlobalSecondaryIndexUpdates": [
      {"Delete": {"IndexName": "g1"}}, {"Delete": {"IndexName": "g2"}}]})",
                  ErrorCode::kLimitExceeded),
            "Subscriber limit exceeded: Only 1 online index can be created or deleted "
            "simultaneously per table");
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t",
      "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "g3",
          "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
          "Projection": {"ProjectionType": "ALL"}}}]})"),
            "One or more parameter values were invalid: AttributeDefinitions is not specified for "
            "index: g3");
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t",
      "AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "N"}],
      "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "g3",
          "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
          "Projection": {"ProjectionType": "ALL"}}}]})"),
            "One or more parameter values were invalid: Both ReadCapacityUnits and "
            "WriteCapacityUnits must be specified for index: g3");
}

TEST_F(UpdateTableTest, SingleOperationChanges) {
  CreateProvisioned();
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t", "DeletionProtectionEnabled": true,
      "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 3}})"),
            "One or more parameter values were invalid: DeletionProtection modification must be "
            "the only operation in the request");
  EXPECT_EQ(
      Error(&UpdateTable, R"({"TableName": "t", "SSESpecification": {"Enabled": true},
      "DeletionProtectionEnabled": true})"),
      "One or more parameter values were invalid: Server-Side Encryption modification must be "
      "the only operation in the request");
  Ok(&UpdateTable, R"({"TableName": "t", "DeletionProtectionEnabled": true})");
  EXPECT_EQ(Describe("t")["DeletionProtectionEnabled"], true);
  EXPECT_EQ(Error(&DeleteTable, R"({"TableName": "t"})"),
            "Resource cannot be deleted as it is currently protected against deletion. Disable "
            "deletion protection first.");

  wire::Json answer = Ok(&UpdateTable, R"({"TableName": "t",
      "TableClass": "STANDARD_INFREQUENT_ACCESS"})")["TableDescription"];
  EXPECT_EQ(answer["TableClassSummary"], wire::Json::parse(R"({
      "TableClass": "STANDARD_INFREQUENT_ACCESS", "LastUpdateDateTime": 1791505294.123})"));
}

TEST_F(UpdateTableTest, EnablesAndDisablesTheStreamSpecification) {
  CreateProvisioned();
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t",
      "StreamSpecification": {"StreamEnabled": false}})"),
            "Table has no stream to disable: TableName: t");
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t",
      "StreamSpecification": {"StreamEnabled": true}})"),
            "One or more parameter values were invalid: If stream is being enabled then "
            "UpdateViewType is required");
  wire::Json answer = Ok(&UpdateTable, R"({"TableName": "t",
      "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "KEYS_ONLY"}})")
      ["TableDescription"];
  EXPECT_EQ(answer["StreamSpecification"],
            wire::Json::parse(R"({"StreamEnabled": true, "StreamViewType": "KEYS_ONLY"})"));
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t",
      "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"}})"),
            "Table already has an enabled stream: TableName: t");
  Ok(&UpdateTable, R"({"TableName": "t", "StreamSpecification": {"StreamEnabled": false}})");
  EXPECT_FALSE(Describe("t").contains("StreamSpecification"));
}

constexpr char kInvalid[] = "One or more parameter values were invalid: ";

class OnDemandUpdateTableTest : public UpdateTableTest {
 protected:
  // An on-demand table with one global secondary index, g1.
  void CreateOnDemand() {
    Ok(&CreateTable, R"({"TableName": "t",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                               {"AttributeName": "g", "AttributeType": "N"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST",
      "GlobalSecondaryIndexes": [{"IndexName": "g1",
          "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
          "Projection": {"ProjectionType": "ALL"}}]})");
  }

  wire::Json Update(const std::string& members) {
    return Ok(&UpdateTable, R"({"TableName": "t", )" + members + "}")["TableDescription"];
  }

  std::string UpdateError(const std::string& members, ErrorCode code = ErrorCode::kValidation) {
    return Error(&UpdateTable, R"({"TableName": "t", )" + members + "}", code);
  }

  // An UpdateTable with one Update action for g1 with `members`.
  static std::string IndexUpdate(const std::string& members) {
    return R"("GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "g1", )" + members + "}}]";
  }
};

TEST_F(OnDemandUpdateTableTest, SetsMergesAndRemovesMaximums) {
  CreateOnDemand();
  wire::Json answer =
      Update(R"("OnDemandThroughput": {"MaxReadRequestUnits": 1000, "MaxWriteRequestUnits": 500})");
  // DynamoDB: synchronous; the table stays ACTIVE and the answer shows the new maximums.
  EXPECT_EQ(answer["TableStatus"], "ACTIVE");
  EXPECT_EQ(answer["OnDemandThroughput"],
            wire::Json::parse(R"({"MaxReadRequestUnits": 1000, "MaxWriteRequestUnits": 500})"));
  Update(R"("OnDemandThroughput": {"MaxReadRequestUnits": 2000})");
  EXPECT_EQ(Describe("t")["OnDemandThroughput"],
            wire::Json::parse(R"({"MaxReadRequestUnits": 2000, "MaxWriteRequestUnits": 500})"));
  // Re-sending the same maximums is no error.
  Update(R"("OnDemandThroughput": {"MaxReadRequestUnits": 2000})");

  answer = Update(R"("OnDemandThroughput": {"MaxReadRequestUnits": -1})");
  EXPECT_EQ(answer["OnDemandThroughput"],
            wire::Json::parse(R"({"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": 500})"));
  EXPECT_EQ(Describe("t")["OnDemandThroughput"],
            wire::Json::parse(R"({"MaxWriteRequestUnits": 500})"));
  answer = Update(R"("OnDemandThroughput": {"MaxWriteRequestUnits": -1})");
  EXPECT_EQ(answer["OnDemandThroughput"], wire::Json::parse(R"({"MaxWriteRequestUnits": -1})"));
  EXPECT_FALSE(Describe("t").contains("OnDemandThroughput"));
  answer =
      Update(R"("OnDemandThroughput": {"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": -1})");
  EXPECT_EQ(answer["OnDemandThroughput"],
            wire::Json::parse(R"({"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": -1})"));
  EXPECT_FALSE(Describe("t").contains("OnDemandThroughput"));
  const table::TableDescription stored =
      catalog_.GetTableForControl("us-east-1", "t").value()->Describe();
  EXPECT_EQ(stored.on_demand_throughput.max_read_request_units, table::kNoMaximum);
  EXPECT_EQ(stored.on_demand_throughput.max_write_request_units, table::kNoMaximum);

  EXPECT_EQ(UpdateError(R"("OnDemandThroughput": {"MaxWriteRequestUnits": 0})"),
            std::string(kInvalid) +
                "Requested MaxWriteRequestUnits for OnDemandThroughput for table is outside of "
                "valid range");
  EXPECT_EQ(UpdateError(R"("OnDemandThroughput": {"MaxReadRequestUnits": -2})"),
            std::string(kInvalid) +
                "Requested MaxReadRequestUnits for OnDemandThroughput for table is outside of "
                "valid range");
  EXPECT_EQ(UpdateError(R"("OnDemandThroughput": {"MaxWriteRequestUnits": 40001})",
                        ErrorCode::kLimitExceeded),
            "Subscriber limit exceeded: Requested MaxWriteRequestUnits for OnDemandThroughput for "
            "table exceeds TableMaxWriteCapacityUnits of the account in region us-east-1");
  EXPECT_FALSE(Describe("t").contains("OnDemandThroughput"));
}

TEST_F(OnDemandUpdateTableTest, MaximumsNeedOnDemandBilling) {
  CreateProvisioned();
  EXPECT_EQ(UpdateError(R"("OnDemandThroughput": {"MaxReadRequestUnits": 100})"),
            std::string(kInvalid) +
                "MaxReadRequestUnits for OnDemandThroughput cannot be specified when the table "
                "BillingMode is PROVISIONED");
  EXPECT_EQ(UpdateError(IndexUpdate(R"("OnDemandThroughput": {"MaxWriteRequestUnits": 100})")),
            std::string(kInvalid) +
                "MaxWriteRequestUnits for OnDemandThroughput for index : g1 cannot be specified "
                "when the table BillingMode is PROVISIONED");
  // A provisioned index takes a WarmThroughput update without new capacity.
  wire::Json answer = Update(IndexUpdate(R"("WarmThroughput": {"ReadUnitsPerSecond": 50})"));
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][0]["WarmThroughput"],
            wire::Json::parse(R"({"ReadUnitsPerSecond": 2, "WriteUnitsPerSecond": 2,
                                  "Status": "UPDATING"})"));
  EXPECT_EQ(Describe("t")["GlobalSecondaryIndexes"][0]["WarmThroughput"]["ReadUnitsPerSecond"], 50);

  // Together with the switch to on-demand they are accepted.
  answer = Update(R"("BillingMode": "PAY_PER_REQUEST",
                     "OnDemandThroughput": {"MaxReadRequestUnits": 100})");
  EXPECT_EQ(answer["TableStatus"], "UPDATING");
  EXPECT_EQ(answer["OnDemandThroughput"], wire::Json::parse(R"({"MaxReadRequestUnits": 100})"));
  Update(IndexUpdate(R"("OnDemandThroughput": {"MaxReadRequestUnits": 70})"));
}

TEST_F(OnDemandUpdateTableTest, SwitchToProvisionedDropsMaximums) {
  CreateOnDemand();
  Update(R"("OnDemandThroughput": {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 100})");
  Update(IndexUpdate(R"("OnDemandThroughput": {"MaxReadRequestUnits": 6000,
                                               "MaxWriteRequestUnits": 5000})"));
  Update(IndexUpdate(R"("WarmThroughput": {"ReadUnitsPerSecond": 12002})"));
  Update(R"("BillingMode": "PROVISIONED",
      "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
      "GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "g1",
          "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}}])");
  wire::Json table = Describe("t");
  EXPECT_FALSE(table.contains("OnDemandThroughput"));
  EXPECT_FALSE(table["GlobalSecondaryIndexes"][0].contains("OnDemandThroughput"));
  // The warm throughput asked for survives the switch.
  EXPECT_EQ(table["GlobalSecondaryIndexes"][0]["WarmThroughput"]["ReadUnitsPerSecond"], 12002);
  // Maximums cannot come with the capacity a switch to PROVISIONED needs.
  EXPECT_EQ(UpdateError(R"("BillingMode": "PROVISIONED",
      "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2},
      "OnDemandThroughput": {"MaxReadRequestUnits": 100})"),
            std::string(kInvalid) +
                "OnDemandThroughput can only be combined with BillingMode in an UpdateTable "
                "request");
}

TEST_F(OnDemandUpdateTableTest, WarmThroughputOnlyIncreases) {
  CreateOnDemand();
  wire::Json answer =
      Update(R"("WarmThroughput": {"ReadUnitsPerSecond": 12001, "WriteUnitsPerSecond": 4001})");
  // DynamoDB: the table stays ACTIVE; the answer shows the old values being raised.
  EXPECT_EQ(answer["TableStatus"], "ACTIVE");
  EXPECT_EQ(answer["WarmThroughput"], wire::Json::parse(R"({"ReadUnitsPerSecond": 12000,
      "WriteUnitsPerSecond": 4000, "Status": "UPDATING"})"));
  EXPECT_EQ(Describe("t")["WarmThroughput"], wire::Json::parse(R"({"ReadUnitsPerSecond": 12001,
      "WriteUnitsPerSecond": 4001, "Status": "ACTIVE"})"));
  Update(R"("WarmThroughput": {"ReadUnitsPerSecond": 12001, "WriteUnitsPerSecond": 4001})");
  EXPECT_EQ(UpdateError(R"("WarmThroughput": {"ReadUnitsPerSecond": 12000})"),
            std::string(kInvalid) +
                "Requested ReadUnitsPerSecond for WarmThroughput for table is lower than current "
                "WarmThroughput, decreasing WarmThroughput is not supported");
  EXPECT_EQ(UpdateError(R"("WarmThroughput": {"ReadUnitsPerSecond": 13000,
                                               "WriteUnitsPerSecond": 4000})"),
            std::string(kInvalid) +
                "Requested WriteUnitsPerSecond for WarmThroughput for table is lower than current "
                "WarmThroughput, decreasing WarmThroughput is not supported");
  Update(R"("WarmThroughput": {"WriteUnitsPerSecond": 4002})");
  EXPECT_EQ(Describe("t")["WarmThroughput"], wire::Json::parse(R"({"ReadUnitsPerSecond": 12001,
      "WriteUnitsPerSecond": 4002, "Status": "ACTIVE"})"));
  EXPECT_EQ(
      UpdateError(R"("WarmThroughput": {"ReadUnitsPerSecond": 40001})", ErrorCode::kLimitExceeded),
      "Subscriber limit exceeded: Requested ReadUnitsPerSecond for WarmThroughput for table "
      "exceeds TableMaxReadCapacityUnits of the account in region us-east-1");

  // A provisioned table's warm throughput starts at its capacity.
  Ok(&CreateTable, R"({"TableName": "p",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 10}})");
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "p",
      "WarmThroughput": {"ReadUnitsPerSecond": 5, "WriteUnitsPerSecond": 5}})"),
            std::string(kInvalid) +
                "Requested ReadUnitsPerSecond for WarmThroughput for table is lower than current "
                "WarmThroughput, decreasing WarmThroughput is not supported");
  Ok(&UpdateTable, R"({"TableName": "p",
      "WarmThroughput": {"ReadUnitsPerSecond": 50, "WriteUnitsPerSecond": 50}})");
  EXPECT_EQ(Describe("p")["WarmThroughput"], wire::Json::parse(R"({"ReadUnitsPerSecond": 50,
      "WriteUnitsPerSecond": 50, "Status": "ACTIVE"})"));
}

TEST_F(OnDemandUpdateTableTest, CombinationRules) {
  CreateOnDemand();
  const std::string on_demand = R"("OnDemandThroughput": {"MaxReadRequestUnits": 100})";
  const std::string warm = R"("WarmThroughput": {"ReadUnitsPerSecond": 13000})";
  const std::string combined_on_demand =
      std::string(kInvalid) +
      "OnDemandThroughput can only be combined with BillingMode in an UpdateTable request";
  EXPECT_EQ(UpdateError(on_demand +
                        R"(, "StreamSpecification": {"StreamEnabled": true,
                                                     "StreamViewType": "KEYS_ONLY"})"),
            combined_on_demand);
  EXPECT_EQ(UpdateError(on_demand + ", " + warm), combined_on_demand);
  EXPECT_EQ(UpdateError(warm + R"(, "BillingMode": "PAY_PER_REQUEST")"),
            std::string(kInvalid) + "WarmThroughput must be the only operation in the request");
  EXPECT_EQ(UpdateError(warm + ", " + IndexUpdate(R"("OnDemandThroughput":
                                                      {"MaxReadRequestUnits": 5})")),
            std::string(kInvalid) + "WarmThroughput must be the only operation in the request");
  EXPECT_EQ(UpdateError(warm + R"(,
      "AttributeDefinitions": [{"AttributeName": "h", "AttributeType": "S"}],
      "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "g2",
          "KeySchema": [{"AttributeName": "h", "KeyType": "HASH"}],
          "Projection": {"ProjectionType": "ALL"}}}])"),
            std::string(kInvalid) +
                "Create global secondary index cannot be specified when updating WarmThroughput");
  EXPECT_EQ(UpdateError(warm + R"(, "DeletionProtectionEnabled": true)"),
            std::string(kInvalid) +
                "DeletionProtection modification must be the only operation in the request");
  // Checked before the table is looked up.
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "missing", )" + on_demand + ", " + warm + "}"),
            combined_on_demand);
  // BillingMode goes with OnDemandThroughput (here a re-sent PAY_PER_REQUEST).
  EXPECT_EQ(Update(on_demand + R"(, "BillingMode": "PAY_PER_REQUEST")")["OnDemandThroughput"],
            wire::Json::parse(R"({"MaxReadRequestUnits": 100})"));

  // DynamoDB: empty structures are ignored, also by these rules.
  Update(R"("OnDemandThroughput": {}, "WarmThroughput": {}, "DeletionProtectionEnabled": true)");
  wire::Json table = Describe("t");
  EXPECT_EQ(table["DeletionProtectionEnabled"], true);
  EXPECT_EQ(table["OnDemandThroughput"], wire::Json::parse(R"({"MaxReadRequestUnits": 100})"));
  EXPECT_EQ(table["WarmThroughput"]["ReadUnitsPerSecond"], 12000);
  EXPECT_EQ(Update(R"("WarmThroughput": {})")["TableStatus"], "ACTIVE");
}

TEST_F(OnDemandUpdateTableTest, IndexOnDemandAndWarmThroughput) {
  CreateOnDemand();
  wire::Json answer = Update(IndexUpdate(R"("OnDemandThroughput":
      {"MaxReadRequestUnits": 5000, "MaxWriteRequestUnits": 5000})"));
  // DynamoDB: new maximums make the index UPDATING, not the table.
  EXPECT_EQ(answer["TableStatus"], "ACTIVE");
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][0]["IndexStatus"], "UPDATING");
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][0]["OnDemandThroughput"],
            wire::Json::parse(R"({"MaxReadRequestUnits": 5000, "MaxWriteRequestUnits": 5000})"));
  wire::Json index = Describe("t")["GlobalSecondaryIndexes"][0];
  EXPECT_EQ(index["IndexStatus"], "ACTIVE");
  EXPECT_FALSE(Describe("t").contains("OnDemandThroughput"));
  answer = Update(IndexUpdate(R"("OnDemandThroughput": {"MaxReadRequestUnits": -1})"));
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][0]["OnDemandThroughput"],
            wire::Json::parse(R"({"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": 5000})"));
  EXPECT_EQ(Describe("t")["GlobalSecondaryIndexes"][0]["OnDemandThroughput"],
            wire::Json::parse(R"({"MaxWriteRequestUnits": 5000})"));
  EXPECT_EQ(UpdateError(IndexUpdate(R"("OnDemandThroughput": {"MaxWriteRequestUnits": 0})")),
            std::string(kInvalid) +
                "Requested MaxWriteRequestUnits for OnDemandThroughput for index : g1 is outside "
                "of valid range");
  EXPECT_EQ(UpdateError(IndexUpdate(R"("OnDemandThroughput": {"MaxReadRequestUnits": 40001})"),
                        ErrorCode::kLimitExceeded),
            "Subscriber limit exceeded: Requested MaxReadRequestUnits for OnDemandThroughput for "
            "index : g1 exceeds TableMaxReadCapacityUnits of the account in region us-east-1");

  const std::string only_updates =
      std::string(kInvalid) +
      "The only Updates for index: g1 when TableThroughputMode is PAY_PER_REQUEST can be to "
      "OnDemandThroughput, WarmThroughput";
  EXPECT_EQ(UpdateError(IndexUpdate(R"("OnDemandThroughput": {})")), only_updates);
  EXPECT_EQ(UpdateError(IndexUpdate(R"("ProvisionedThroughput":
      {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})")),
            only_updates);
  // DynamoDB: an index's empty WarmThroughput is refused, even before the table is looked up.
  const std::string empty_warm =
      std::string(kInvalid) +
      "WarmThroughput must have at least one of ReadUnitsPerSecond or WriteUnitsPerSecond "
      "specified for index: g1";
  EXPECT_EQ(UpdateError(IndexUpdate(R"("WarmThroughput": {})")), empty_warm);
  EXPECT_EQ(Error(&UpdateTable,
                  R"({"TableName": "missing", )" + IndexUpdate(R"("WarmThroughput": {})") + "}"),
            empty_warm);

  EXPECT_EQ(UpdateError(IndexUpdate(R"("WarmThroughput": {"ReadUnitsPerSecond": 100})")),
            std::string(kInvalid) +
                "Requested ReadUnitsPerSecond for WarmThroughput for index g1 is lower than "
                "current WarmThroughput, decreasing WarmThroughput is not supported");
  answer = Update(IndexUpdate(R"("WarmThroughput":
      {"ReadUnitsPerSecond": 12001, "WriteUnitsPerSecond": 4001})"));
  // DynamoDB: a warm throughput increase leaves the index ACTIVE and answers with the old values.
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][0]["IndexStatus"], "ACTIVE");
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][0]["WarmThroughput"],
            wire::Json::parse(R"({"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000,
                                  "Status": "UPDATING"})"));
  EXPECT_EQ(answer["WarmThroughput"]["Status"], "ACTIVE");
  EXPECT_EQ(Describe("t")["GlobalSecondaryIndexes"][0]["WarmThroughput"],
            wire::Json::parse(R"({"ReadUnitsPerSecond": 12001, "WriteUnitsPerSecond": 4001,
                                  "Status": "ACTIVE"})"));
  // Both at once.
  Update(IndexUpdate(R"("OnDemandThroughput": {"MaxReadRequestUnits": 10},
                        "WarmThroughput": {"WriteUnitsPerSecond": 4500})"));
  index = Describe("t")["GlobalSecondaryIndexes"][0];
  EXPECT_EQ(index["OnDemandThroughput"],
            wire::Json::parse(R"({"MaxReadRequestUnits": 10, "MaxWriteRequestUnits": 5000})"));
  EXPECT_EQ(index["WarmThroughput"]["WriteUnitsPerSecond"], 4500);
}

TEST_F(OnDemandUpdateTableTest, CreatedIndexTakesOnDemandAndWarmThroughput) {
  CreateOnDemand();
  const std::string create =
      R"("AttributeDefinitions": [{"AttributeName": "h", "AttributeType": "S"}],
      "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "g2",
          "KeySchema": [{"AttributeName": "h", "KeyType": "HASH"}],
          "Projection": {"ProjectionType": "ALL"}, )";
  EXPECT_EQ(UpdateError(create + R"("OnDemandThroughput": {"MaxReadRequestUnits": -1}}}])"),
            std::string(kInvalid) +
                "Requested MaxReadRequestUnits for OnDemandThroughput for index : g2 is outside "
                "of valid range");
  EXPECT_EQ(UpdateError(create + R"("WarmThroughput": {"WriteUnitsPerSecond": 10}}}])"),
            std::string(kInvalid) +
                "Requested WriteUnitsPerSecond for WarmThroughput for index g2 is lower than "
                "initial throughput for OnDemand. See: "
                "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
                "on-demand-capacity-mode.html#on-demand-capacity-mode-initial");
  wire::Json answer = Update(create + R"("OnDemandThroughput": {"MaxWriteRequestUnits": 30},
      "WarmThroughput": {"WriteUnitsPerSecond": 4100}}}])");
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][1]["OnDemandThroughput"],
            wire::Json::parse(R"({"MaxWriteRequestUnits": 30})"));
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][1]["WarmThroughput"]["Status"], "UPDATING");
  const wire::Json index = Describe("t")["GlobalSecondaryIndexes"][1];
  EXPECT_EQ(index["WarmThroughput"], wire::Json::parse(R"({"ReadUnitsPerSecond": 12000,
      "WriteUnitsPerSecond": 4100, "Status": "ACTIVE"})"));
}

class TransitionUpdateTableTest : public ControlTest {
 protected:
  TransitionUpdateTableTest() : ControlTest(2.0) {}
};

TEST_F(TransitionUpdateTableTest, UpdatingBlocksFurtherChangesUntilItEnds) {
  Ok(&CreateTable, R"({"TableName": "t",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"})");
  const std::string protect = R"({"TableName": "t", "DeletionProtectionEnabled": true})";
  EXPECT_EQ(Error(&UpdateTable, protect, ErrorCode::kResourceInUse),
            "Attempt to change a resource which is still in use: Table is being created: t");
  clock_.Advance(2'000'000);
  Ok(&UpdateTable, protect);
  EXPECT_EQ(Describe("t")["TableStatus"], "UPDATING");
  EXPECT_EQ(Error(&DeleteTable, R"({"TableName": "t"})", ErrorCode::kResourceInUse),
            "Attempt to change a resource which is still in use: Table is being updated: t");
  clock_.Advance(2'000'000);
  EXPECT_EQ(Describe("t")["TableStatus"], "ACTIVE");
}

TEST_F(TransitionUpdateTableTest, AnAddedIndexBackfillsAfterTheTableIsActiveAgain) {
  Ok(&CreateTable, R"({"TableName": "t",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"})");
  clock_.Advance(2'000'000);
  wire::Json answer = Ok(&UpdateTable, R"({"TableName": "t",
      "AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"}],
      "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "g1",
          "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
          "Projection": {"ProjectionType": "ALL"}}}]})")["TableDescription"];
  EXPECT_EQ(answer["TableStatus"], "UPDATING");
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][0]["IndexStatus"], "CREATING");
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][0]["Backfilling"], false);
  auto phase = [this]() {
    const wire::Json table = Describe("t");
    const wire::Json& index = table["GlobalSecondaryIndexes"][0];
    return table["TableStatus"].get<std::string>() + " " + index["IndexStatus"].get<std::string>() +
           (index.contains("Backfilling") ? index["Backfilling"].dump() : "");
  };
  EXPECT_EQ(phase(), "UPDATING CREATINGfalse");
  clock_.Advance(1'999'999);
  EXPECT_EQ(phase(), "UPDATING CREATINGfalse");
  clock_.Advance(1);
  EXPECT_EQ(phase(), "ACTIVE CREATINGtrue");
  // DynamoDB: while one index is built, another cannot be added or dropped.
  EXPECT_EQ(Error(&UpdateTable, R"({"TableName": "t",
      "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "g1"}}]})",
                  ErrorCode::kResourceInUse),
            "Attempt to change a resource which is still in use: Index is being created. Table: t "
            "Index: g1");
  clock_.Advance(1'999'999);
  EXPECT_EQ(phase(), "ACTIVE CREATINGtrue");
  clock_.Advance(1);
  EXPECT_EQ(phase(), "ACTIVE ACTIVE");

  answer = Ok(&UpdateTable, R"({"TableName": "t",
      "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "g1"}}]})")["TableDescription"];
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][0]["IndexStatus"], "DELETING");
  EXPECT_EQ(phase(), "UPDATING DELETING");
  clock_.Advance(2'000'000);
  const wire::Json table = Describe("t");
  EXPECT_EQ(table["TableStatus"], "ACTIVE");
  EXPECT_FALSE(table.contains("GlobalSecondaryIndexes"));
  EXPECT_EQ(table["AttributeDefinitions"].size(), 1u);
}

}  // namespace
}  // namespace dynafake::api
