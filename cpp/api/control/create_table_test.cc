#include <gtest/gtest.h>

#include "api/control/control_test_util.h"

namespace dynafake::api {
namespace {

constexpr char kPayPerRequestTable[] = R"({
  "TableName": "t",
  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
  "BillingMode": "PAY_PER_REQUEST"})";

using CreateTableTest = ControlTest;

TEST_F(CreateTableTest, AnswersCreatingOnDemandTable) {
  wire::Json answer = Ok(&CreateTable, kPayPerRequestTable)["TableDescription"];
  ASSERT_TRUE(answer.contains("TableId"));
  EXPECT_EQ(answer["TableId"].get<std::string>().size(), 36u);
  answer.erase("TableId");
  EXPECT_EQ(answer, wire::Json::parse(R"({
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
    "TableName": "t",
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "TableStatus": "CREATING",
    "CreationDateTime": 1791505294.123,
    "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0,
                              "NumberOfDecreasesToday": 0},
    "TableSizeBytes": 0,
    "ItemCount": 0,
    "TableArn": "arn:aws:dynamodb:us-east-1:123456789012:table/t",
    "DeletionProtectionEnabled": false,
    "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"}})"));
}

TEST_F(CreateTableTest, DescribeShowsTheSettledTable) {
  Ok(&CreateTable, kPayPerRequestTable);
  wire::Json table = Describe("t");
  EXPECT_EQ(table["TableStatus"], "ACTIVE");
  EXPECT_EQ(table["BillingModeSummary"], wire::Json::parse(R"({"BillingMode": "PAY_PER_REQUEST",
                                  "LastUpdateToPayPerRequestDateTime": 1791505294.123})"));
  EXPECT_EQ(
      table["WarmThroughput"],
      wire::Json::parse(
          R"({"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"})"));
}

TEST_F(CreateTableTest, AnswersIndexesAndSortsNames) {
  wire::Json answer = Ok(&CreateTable, R"({
    "TableName": "orders",
    "AttributeDefinitions": [{"AttributeName": "sk", "AttributeType": "N"},
                             {"AttributeName": "pk", "AttributeType": "S"},
                             {"AttributeName": "g", "AttributeType": "B"},
                             {"AttributeName": "l", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                  {"AttributeName": "sk", "KeyType": "RANGE"}],
    "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 6},
    "LocalSecondaryIndexes": [{"IndexName": "by_l",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                      {"AttributeName": "l", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"}}],
    "GlobalSecondaryIndexes": [{"IndexName": "by_g",
        "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["zz", "aa", "mm"]},
        "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 2}}],
    "Tags": [{"Key": "env", "Value": "test"}]})")["TableDescription"];
  EXPECT_EQ(answer["AttributeDefinitions"], wire::Json::parse(R"([
      {"AttributeName": "g", "AttributeType": "B"}, {"AttributeName": "l", "AttributeType": "S"},
      {"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}])"));
  EXPECT_EQ(answer["ProvisionedThroughput"],
            wire::Json::parse(R"({"ReadCapacityUnits": 5, "WriteCapacityUnits": 6,
                                  "NumberOfDecreasesToday": 0})"));
  EXPECT_FALSE(answer.contains("BillingModeSummary"));
  EXPECT_FALSE(answer.contains("Tags"));
  EXPECT_EQ(answer["LocalSecondaryIndexes"], wire::Json::parse(R"([{
      "IndexName": "by_l",
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "l", "KeyType": "RANGE"}],
      "Projection": {"ProjectionType": "KEYS_ONLY"},
      "IndexSizeBytes": 0, "ItemCount": 0,
      "IndexArn": "arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/by_l"}])"));
  EXPECT_EQ(answer["GlobalSecondaryIndexes"], wire::Json::parse(R"([{
      "IndexName": "by_g",
      "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
      "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["aa", "mm", "zz"]},
      "IndexStatus": "CREATING",
      "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 2,
                                "NumberOfDecreasesToday": 0},
      "IndexSizeBytes": 0, "ItemCount": 0,
      "IndexArn": "arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/by_g"}])"));
  EXPECT_EQ(Describe("orders")["GlobalSecondaryIndexes"][0]["IndexStatus"], "ACTIVE");
}

TEST_F(CreateTableTest, EchoesClassProtectionStreamAndEncryption) {
  wire::Json answer = Ok(&CreateTable, R"({
    "TableName": "t",
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "BillingMode": "PAY_PER_REQUEST",
    "TableClass": "STANDARD_INFREQUENT_ACCESS",
    "DeletionProtectionEnabled": true,
    "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"},
    "SSESpecification": {"Enabled": true, "SSEType": "KMS", "KMSMasterKeyId": "abc"}})")
      ["TableDescription"];
  EXPECT_EQ(answer["TableClassSummary"],
            wire::Json::parse(R"({"TableClass": "STANDARD_INFREQUENT_ACCESS"})"));
  EXPECT_EQ(answer["DeletionProtectionEnabled"], true);
  EXPECT_EQ(answer["StreamSpecification"],
            wire::Json::parse(R"({"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"})"));
  EXPECT_EQ(answer["SSEDescription"], wire::Json::parse(R"({"Status": "ENABLED",
      "SSEType": "KMS", "KMSMasterKeyArn": "arn:aws:kms:us-east-1:123456789012:key/abc"})"));

  wire::Json standard = Ok(&CreateTable, R"({"TableName": "s",
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST",
    "TableClass": "STANDARD", "StreamSpecification": {"StreamEnabled": false},
    "SSESpecification": {"Enabled": false}})")["TableDescription"];
  EXPECT_FALSE(standard.contains("TableClassSummary"));
  EXPECT_FALSE(standard.contains("StreamSpecification"));
  EXPECT_FALSE(standard.contains("SSEDescription"));
}

TEST_F(CreateTableTest, DuplicateNameIsResourceInUse) {
  Ok(&CreateTable, kPayPerRequestTable);
  EXPECT_EQ(Error(&CreateTable, kPayPerRequestTable, ErrorCode::kResourceInUse),
            "Table already exists: t");
}

// A table definition with `members` replacing or adding to the simple on-demand one.
std::string Definition(const std::string& members) {
  wire::Json request = wire::Json::parse(kPayPerRequestTable);
  request.update(wire::Json::parse("{" + members + "}"));
  return request.dump();
}

struct Case {
  const char* members;
  const char* message;
};

TEST_F(CreateTableTest, RejectsInvalidDefinitionsWithTheServiceMessages) {
  const std::string kPkSk =
      R"("AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "S"}],
         "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}], )";
  const Case cases[] = {
      {R"("ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})",
       "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
       "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"},
      {R"("BillingMode": "PROVISIONED")",
       "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must "
       "both be specified when BillingMode is PROVISIONED"},
      {R"("BillingMode": "PROVISIONED",
          "ProvisionedThroughput": {"ReadCapacityUnits": 1000000000001, "WriteCapacityUnits": 1})",
       "Given value 1000000000001 for ReadCapacityUnits is out of bounds"},
      {R"("AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                   {"AttributeName": "pk", "AttributeType": "N"}])",
       "Attribute Name is duplicated: pk"},
      {R"("KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                        {"AttributeName": "sk", "KeyType": "RANGE"}])",
       "Invalid KeySchema: Some index key attribute have no definition"},
      {R"("KeySchema": [{"AttributeName": "x", "KeyType": "HASH"}])",
       "One or more parameter values were invalid: Some index key attributes are not defined in "
       "AttributeDefinitions. Keys: [x], AttributeDefinitions: [pk]"},
      {R"("AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                   {"AttributeName": "sk", "AttributeType": "S"}],
          "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                        {"AttributeName": "pk", "KeyType": "RANGE"}])",
       "Both the Hash Key and the Range Key element in the KeySchema have the same name"},
      {R"("KeySchema": [{"AttributeName": "pk", "KeyType": "RANGE"}])",
       "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"},
      {R"("AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                   {"AttributeName": "sk", "AttributeType": "S"}],
          "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                        {"AttributeName": "sk", "KeyType": "HASH"}])",
       "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"},
      {R"("AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                   {"AttributeName": "x", "AttributeType": "S"}])",
       "One or more parameter values were invalid: Number of attributes in KeySchema does not "
       "exactly match number of attributes defined in AttributeDefinitions"},
      {R"("AttributeDefinitions": [{"AttributeName": "sk", "AttributeType": "S"},
                                   {"AttributeName": "a", "AttributeType": "S"},
                                   {"AttributeName": "b", "AttributeType": "S"},
                                   {"AttributeName": "pk", "AttributeType": "S"},
                                   {"AttributeName": "c", "AttributeType": "S"}],
          "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                        {"AttributeName": "sk", "KeyType": "RANGE"}],
          "GlobalSecondaryIndexes": [{"IndexName": "g1",
              "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
              "Projection": {"ProjectionType": "ALL"}}])",
       "One or more parameter values were invalid: Some AttributeDefinitions are not used. "
       "AttributeDefinitions: [sk, a, b, pk, c], keys used: [a, sk, pk]"},
      {R"("LocalSecondaryIndexes": [])",
       "One or more parameter values were invalid: List of LocalSecondaryIndexes is empty"},
      {R"("GlobalSecondaryIndexes": [])",
       "One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty"},
      {R"("LocalSecondaryIndexes": [{"IndexName": "l1",
              "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
              "Projection": {"ProjectionType": "ALL"}}])",
       "One or more parameter values were invalid: Table KeySchema does not have a range key, "
       "which is required when specifying a LocalSecondaryIndex"},
      {R"("GlobalSecondaryIndexes": [{"IndexName": "g1",
              "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
              "Projection": {}}])",
       "One or more parameter values were invalid: Unknown ProjectionType: null"},
      {R"("GlobalSecondaryIndexes": [{"IndexName": "g1",
              "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
              "Projection": {"ProjectionType": "ALL", "NonKeyAttributes": ["a"]}}])",
       "One or more parameter values were invalid: ProjectionType is ALL, but NonKeyAttributes is "
       "specified"},
      {R"("GlobalSecondaryIndexes": [{"IndexName": "g1",
              "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
              "Projection": {"ProjectionType": "INCLUDE"}}])",
       "One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes "
       "is not specified"},
      {R"("GlobalSecondaryIndexes": [{"IndexName": "g1",
              "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
              "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a", "a"]}}])",
       "One or more parameter values were invalid: Duplicate element in NonKeyAttributes: a"},
      {R"("GlobalSecondaryIndexes": [{"IndexName": "g1",
              "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
              "Projection": {"ProjectionType": "ALL"},
              "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}])",
       "One or more parameter values were invalid: ProvisionedThroughput should not be specified "
       "for index: g1 when BillingMode is PAY_PER_REQUEST"},
      {R"("BillingMode": "PROVISIONED",
          "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
          "GlobalSecondaryIndexes": [{"IndexName": "g1",
              "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
              "Projection": {"ProjectionType": "ALL"}}])",
       "One or more parameter values were invalid: ProvisionedThroughput is not specified for "
       "index: g1"},
      {R"("GlobalSecondaryIndexes": [
              {"IndexName": "g1", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
               "Projection": {"ProjectionType": "ALL"}},
              {"IndexName": "g1", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
               "Projection": {"ProjectionType": "ALL"}}])",
       "One or more parameter values were invalid: Duplicate index name: g1"},
      {R"("StreamSpecification": {"StreamEnabled": true})",
       "One or more parameter values were invalid: Table is being created with a stream enabled, "
       "UpdateViewType is required"},
      {R"("StreamSpecification": {"StreamEnabled": false, "StreamViewType": "KEYS_ONLY"})",
       "One or more parameter values were invalid: Table is being created with a stream disabled, "
       "UpdateViewType should not be specified"},
      {R"("SSESpecification": {"Enabled": false, "SSEType": "KMS"})",
       "One or more parameter values were invalid: SSEType can not be specified if Enabled is "
       "false"},
      {R"("Tags": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}])",
       "Duplicate Tag Keys provided as input: Duplicate Tag Key found a"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Error(&CreateTable, Definition(c.members)), c.message) << c.members;
  }
  const Case lsi_cases[] = {
      {R"("LocalSecondaryIndexes": [{"IndexName": "l1",
              "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
              "Projection": {"ProjectionType": "ALL"}}])",
       "One or more parameter values were invalid: Index KeySchema does not have a range key for "
       "index: l1"},
      {R"("LocalSecondaryIndexes": [{"IndexName": "l1",
              "KeySchema": [{"AttributeName": "sk", "KeyType": "HASH"},
                            {"AttributeName": "pk", "KeyType": "RANGE"}],
              "Projection": {"ProjectionType": "ALL"}}])",
       "One or more parameter values were invalid: Index KeySchema does not have the same leading "
       "hash key as table KeySchema for index: l1. index hash key: sk, table hash key: pk"},
      {R"("LocalSecondaryIndexes": [{"IndexName": "l1",
              "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                            {"AttributeName": "sk", "KeyType": "RANGE"},
                            {"AttributeName": "sk", "KeyType": "RANGE"}],
              "Projection": {"ProjectionType": "ALL"}}])",
       "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), "
       "KeySchemaElement(attributeName=sk, keyType=RANGE), KeySchemaElement(attributeName=sk, "
       "keyType=RANGE)]' at 'localSecondaryIndexes.1.member.keySchema' failed to satisfy "
       "constraint: Member must have length less than or equal to 2"},
  };
  for (const Case& c : lsi_cases) {
    EXPECT_EQ(Error(&CreateTable, Definition(kPkSk + c.members)), c.message) << c.members;
  }
}

constexpr char kOnDemandInitialLink[] =
    "See: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
    "on-demand-capacity-mode.html#on-demand-capacity-mode-initial";

// A global secondary index on pk with the given extra members.
std::string IndexWith(const std::string& members) {
  return R"("GlobalSecondaryIndexes": [{"IndexName": "g1",
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "Projection": {"ProjectionType": "ALL"}, )" +
         members + "}]";
}

TEST_F(CreateTableTest, ChecksOnDemandAndWarmThroughput) {
  const std::string kProvisioned =
      R"("BillingMode": "PROVISIONED",
         "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 10}, )";
  const std::string kIndexThroughput =
      R"("ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 10}, )";
  const std::string cases[][2] = {
      {kProvisioned + R"("OnDemandThroughput": {"MaxReadRequestUnits": 5})",
       "MaxReadRequestUnits for OnDemandThroughput cannot be specified when table BillingMode is "
       "PROVISIONED."},
      {kProvisioned + R"("OnDemandThroughput": {"MaxWriteRequestUnits": 5})",
       "MaxWriteRequestUnits for OnDemandThroughput cannot be specified when table BillingMode is "
       "PROVISIONED."},
      {R"("OnDemandThroughput": {"MaxReadRequestUnits": 0, "MaxWriteRequestUnits": 0})",
       "Requested MaxReadRequestUnits for OnDemandThroughput for table is outside of valid range"},
      // -1 removes a maximum at UpdateTable; at creation there is nothing to remove.
      {R"("OnDemandThroughput": {"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": -1})",
       "Requested MaxReadRequestUnits for OnDemandThroughput for table is outside of valid range"},
      {R"("OnDemandThroughput": {"MaxReadRequestUnits": 7, "MaxWriteRequestUnits": -2})",
       "Requested MaxWriteRequestUnits for OnDemandThroughput for table is outside of valid range"},
      {R"("WarmThroughput": {"ReadUnitsPerSecond": 1, "WriteUnitsPerSecond": 1})",
       std::string("Requested ReadUnitsPerSecond for WarmThroughput for table is lower than "
                   "initial throughput for OnDemand. ") +
           kOnDemandInitialLink},
      {R"("WarmThroughput": {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 3999})",
       std::string("Requested WriteUnitsPerSecond for WarmThroughput for table is lower than "
                   "initial throughput for OnDemand. ") +
           kOnDemandInitialLink},
      {kProvisioned + R"("WarmThroughput": {"ReadUnitsPerSecond": 5, "WriteUnitsPerSecond": 5})",
       "Requested ReadUnitsPerSecond for WarmThroughput for table is lower than ReadCapacityUnits "
       "of ProvisionedThroughput"},
      {kProvisioned + R"("WarmThroughput": {"WriteUnitsPerSecond": 9})",
       "Requested WriteUnitsPerSecond for WarmThroughput for table is lower than "
       "WriteCapacityUnits of ProvisionedThroughput"},
      {IndexWith(R"("OnDemandThroughput": {"MaxReadRequestUnits": 0})"),
       "Requested MaxReadRequestUnits for OnDemandThroughput for index : g1 is outside of valid "
       "range"},
      {IndexWith(R"("WarmThroughput": {"ReadUnitsPerSecond": 11999})"),
       std::string("Requested ReadUnitsPerSecond for WarmThroughput for index g1 is lower than "
                   "initial throughput for OnDemand. ") +
           kOnDemandInitialLink},
      {kProvisioned +
           IndexWith(kIndexThroughput + R"("OnDemandThroughput": {"MaxReadRequestUnits": 10})"),
       "MaxReadRequestUnits for OnDemandThroughput for index: g1 cannot be specified when table "
       "BillingMode is PROVISIONED."},
      {kProvisioned +
           IndexWith(kIndexThroughput + R"("WarmThroughput": {"ReadUnitsPerSecond": 9})"),
       "Requested ReadUnitsPerSecond for WarmThroughput for index g1 is lower than "
       "ReadCapacityUnits of ProvisionedThroughput"},
  };
  for (const auto& [members, message] : cases) {
    EXPECT_EQ(Error(&CreateTable, Definition(members)),
              "One or more parameter values were invalid: " + message)
        << members;
  }
}

TEST_F(CreateTableTest, AnswersAndDescribesOnDemandAndWarmThroughput) {
  wire::Json answer = Ok(&CreateTable, Definition(R"(
      "OnDemandThroughput": {"MaxReadRequestUnits": 100},
      "WarmThroughput": {"ReadUnitsPerSecond": 12001}, )" +
                                                  IndexWith(R"(
      "OnDemandThroughput": {"MaxReadRequestUnits": 50, "MaxWriteRequestUnits": 60},
      "WarmThroughput": {"ReadUnitsPerSecond": 13000, "WriteUnitsPerSecond": 5000})")))
      ["TableDescription"];
  // Only the maximums set appear; the warm throughput asked for is being prepared.
  EXPECT_EQ(answer["OnDemandThroughput"], wire::Json::parse(R"({"MaxReadRequestUnits": 100})"));
  EXPECT_EQ(answer["WarmThroughput"], wire::Json::parse(R"({"ReadUnitsPerSecond": 12001,
      "WriteUnitsPerSecond": 4000, "Status": "UPDATING"})"));
  const wire::Json& index = answer["GlobalSecondaryIndexes"][0];
  EXPECT_EQ(index["OnDemandThroughput"],
            wire::Json::parse(R"({"MaxReadRequestUnits": 50, "MaxWriteRequestUnits": 60})"));
  EXPECT_FALSE(index.contains("WarmThroughput"));

  wire::Json table = Describe("t");
  EXPECT_EQ(table["OnDemandThroughput"], wire::Json::parse(R"({"MaxReadRequestUnits": 100})"));
  EXPECT_EQ(table["WarmThroughput"], wire::Json::parse(R"({"ReadUnitsPerSecond": 12001,
      "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"})"));
  EXPECT_EQ(table["GlobalSecondaryIndexes"][0]["OnDemandThroughput"],
            wire::Json::parse(R"({"MaxReadRequestUnits": 50, "MaxWriteRequestUnits": 60})"));
  EXPECT_EQ(table["GlobalSecondaryIndexes"][0]["WarmThroughput"],
            wire::Json::parse(R"({"ReadUnitsPerSecond": 13000, "WriteUnitsPerSecond": 5000,
                                  "Status": "ACTIVE"})"));
  // The engine keeps them for the capacity model.
  const table::TableDescription stored =
      catalog_.GetTableForControl("us-east-1", "t").value()->Describe();
  EXPECT_EQ(stored.on_demand_throughput.max_read_request_units, 100);
  EXPECT_EQ(stored.on_demand_throughput.max_write_request_units, table::kNoMaximum);
  EXPECT_EQ(stored.warm_throughput.read_units_per_second, 12001);
  EXPECT_EQ(stored.warm_throughput.write_units_per_second, 0);
  EXPECT_EQ(stored.global_secondary_indexes[0].on_demand_throughput.max_write_request_units, 60);
  EXPECT_EQ(stored.global_secondary_indexes[0].warm_throughput.write_units_per_second, 5000);
}

TEST_F(CreateTableTest, WithoutOnDemandOrWarmThroughput) {
  // DynamoDB: empty structures are accepted and change nothing.
  wire::Json answer =
      Ok(&CreateTable,
         Definition(
             R"("OnDemandThroughput": {},
      "WarmThroughput": {}, )" +
             IndexWith(R"("OnDemandThroughput": {}, "WarmThroughput": {})")))["TableDescription"];
  EXPECT_FALSE(answer.contains("OnDemandThroughput"));
  EXPECT_FALSE(answer.contains("WarmThroughput"));
  EXPECT_FALSE(answer["GlobalSecondaryIndexes"][0].contains("OnDemandThroughput"));
  wire::Json table = Describe("t");
  EXPECT_FALSE(table.contains("OnDemandThroughput"));
  EXPECT_EQ(table["GlobalSecondaryIndexes"][0]["WarmThroughput"],
            wire::Json::parse(R"({"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000,
                                  "Status": "ACTIVE"})"));

  // A provisioned table reports its capacity, raised to a warm throughput asked for.
  answer = Ok(&CreateTable, R"({"TableName": "p",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 20},
      "WarmThroughput": {"ReadUnitsPerSecond": 100}})")["TableDescription"];
  EXPECT_EQ(answer["WarmThroughput"], wire::Json::parse(R"({"ReadUnitsPerSecond": 100,
      "WriteUnitsPerSecond": 20, "Status": "UPDATING"})"));
  EXPECT_EQ(Describe("p")["WarmThroughput"], wire::Json::parse(R"({"ReadUnitsPerSecond": 100,
      "WriteUnitsPerSecond": 20, "Status": "ACTIVE"})"));
}

TEST_F(CreateTableTest, ChecksTheQuotasLast) {
  EXPECT_EQ(
      Error(&CreateTable, Definition(R"("OnDemandThroughput": {"MaxReadRequestUnits": 40001})"),
            ErrorCode::kLimitExceeded),
      "Subscriber limit exceeded: Requested MaxReadRequestUnits for OnDemandThroughput for "
      "table exceeds TableMaxReadCapacityUnits of the account in region us-east-1");
  EXPECT_EQ(Error(&CreateTable,
                  Definition(IndexWith(R"("WarmThroughput": {"WriteUnitsPerSecond": 40001})")),
                  ErrorCode::kLimitExceeded),
            "Subscriber limit exceeded: Requested WriteUnitsPerSecond for WarmThroughput for index "
            "g1 exceeds TableMaxWriteCapacityUnits of the account in region us-east-1");
  // A validation error in the same request wins.
  EXPECT_EQ(Error(&CreateTable, Definition(R"("OnDemandThroughput": {"MaxReadRequestUnits": 40001},
      "Tags": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}])")),
            "Duplicate Tag Keys provided as input: Duplicate Tag Key found a");
  Ok(&CreateTable, Definition(R"("OnDemandThroughput": {"MaxReadRequestUnits": 40000,
      "MaxWriteRequestUnits": 40000}, "WarmThroughput": {"ReadUnitsPerSecond": 40000,
      "WriteUnitsPerSecond": 40000})"));
}

TEST_F(CreateTableTest, ProvisionedThroughputAboveTheQuota) {
  const std::string table = R"({"TableName": "t",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                               {"AttributeName": "g", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],)";
  const std::string index = R"("GlobalSecondaryIndexes": [{"IndexName": "g1",
          "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
          "Projection": {"ProjectionType": "ALL"},
          "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": )";
  EXPECT_EQ(Error(&CreateTable,
                  table + R"("ProvisionedThroughput": {"ReadCapacityUnits": 40001,
                      "WriteCapacityUnits": 5}, )" +
                      index + "5}}]}",
                  ErrorCode::kLimitExceeded),
            "The requested ReadCapacityUnits, 40001, is above the per table maximum for the "
            "account in us-east-1. Per table maximum: 40000. Refer to the Amazon DynamoDB "
            "Developer Guide for current limits and how to request higher limits.");
  EXPECT_EQ(Error(&CreateTable,
                  table + R"("ProvisionedThroughput": {"ReadCapacityUnits": 5,
                      "WriteCapacityUnits": 5}, )" +
                      index + "50000}}]}",
                  ErrorCode::kLimitExceeded),
            "The requested WriteCapacityUnits for index g1, 50000, is above the per index maximum "
            "for the account in us-east-1. Per index maximum: 40000. Refer to the Amazon DynamoDB "
            "Developer Guide for current limits and how to request higher limits.");
  Ok(&CreateTable, table + R"("ProvisionedThroughput": {"ReadCapacityUnits": 40000,
      "WriteCapacityUnits": 40000}, )" +
                       index + "40000}}]}");
}

class TransitionCreateTableTest : public ControlTest {
 protected:
  TransitionCreateTableTest() : ControlTest(2.0) {}
};

TEST_F(TransitionCreateTableTest, WarmThroughputAskedForAtCreation) {
  Ok(&CreateTable, Definition(R"("WarmThroughput": {"WriteUnitsPerSecond": 4001}, )" +
                              IndexWith(R"("WarmThroughput": {"ReadUnitsPerSecond": 12001})")));
  wire::Json table = Describe("t");
  EXPECT_EQ(table["TableStatus"], "CREATING");
  EXPECT_EQ(table["WarmThroughput"]["Status"], "UPDATING");
  EXPECT_EQ(table["GlobalSecondaryIndexes"][0]["WarmThroughput"]["Status"], "UPDATING");
  clock_.Advance(2'000'000);
  table = Describe("t");
  EXPECT_EQ(table["TableStatus"], "ACTIVE");
  EXPECT_EQ(table["WarmThroughput"], wire::Json::parse(R"({"ReadUnitsPerSecond": 12000,
      "WriteUnitsPerSecond": 4001, "Status": "ACTIVE"})"));
  EXPECT_EQ(table["GlobalSecondaryIndexes"][0]["WarmThroughput"]["Status"], "ACTIVE");

  // Without one asked for, there is nothing to prepare.
  Ok(&CreateTable, R"({"TableName": "plain",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"})");
  EXPECT_EQ(Describe("plain")["WarmThroughput"]["Status"], "ACTIVE");
}

TEST_F(CreateTableTest, CountsIndexesAgainstTheLimits) {
  wire::Json lsis = wire::Json::array();
  for (int i = 0; i < 6; ++i) {
    lsis.push_back({{"IndexName", "l" + std::to_string(i)},
                    {"KeySchema", wire::Json::parse(R"([{"AttributeName": "pk", "KeyType": "HASH"},
                                                        {"AttributeName": "sk", "KeyType": "RANGE"}])")},
                    {"Projection", {{"ProjectionType", "ALL"}}}});
  }
  wire::Json request = wire::Json::parse(kPayPerRequestTable);
  request["AttributeDefinitions"].push_back({{"AttributeName", "sk"}, {"AttributeType", "S"}});
  request["KeySchema"].push_back({{"AttributeName", "sk"}, {"KeyType", "RANGE"}});
  request["LocalSecondaryIndexes"] = lsis;
  EXPECT_EQ(Error(&CreateTable, request.dump()),
            "One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds "
            "per-table limit of 5");

  wire::Json gsis = wire::Json::array();
  for (int i = 0; i < 21; ++i) {
    gsis.push_back(
        {{"IndexName", "g" + std::to_string(i)},
         {"KeySchema", wire::Json::parse(R"([{"AttributeName": "pk", "KeyType": "HASH"}])")},
         {"Projection", {{"ProjectionType", "ALL"}}}});
  }
  request.erase("LocalSecondaryIndexes");
  request["GlobalSecondaryIndexes"] = gsis;
  EXPECT_EQ(Error(&CreateTable, request.dump()),
            "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the "
            "per-table limit of 20");
  gsis.erase(20);
  request["GlobalSecondaryIndexes"] = gsis;
  EXPECT_EQ(Ok(&CreateTable, request.dump())["TableDescription"]["GlobalSecondaryIndexes"].size(),
            20u);
}

TEST_F(CreateTableTest, AcceptsTheTableArnAsName) {
  wire::Json request = wire::Json::parse(kPayPerRequestTable);
  request["TableName"] = "arn:aws:dynamodb:us-east-1:123456789012:table/by_arn";
  EXPECT_EQ(Ok(&CreateTable, request.dump())["TableDescription"]["TableName"], "by_arn");
  request["TableName"] = "arn:aws:dynamodb:eu-west-1:123456789012:table/elsewhere";
  EXPECT_EQ(Error(&CreateTable, request.dump()),
            "Invalid TableName: arn:aws:dynamodb:eu-west-1:123456789012:table/elsewhere");
}

}  // namespace
}  // namespace dynafake::api
