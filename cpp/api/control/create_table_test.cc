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
      {R"("OnDemandThroughput": {"MaxReadRequestUnits": 5})",
       "dynafake does not support the OnDemandThroughput parameter yet"},
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
