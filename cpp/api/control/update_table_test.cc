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
