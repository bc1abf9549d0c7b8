#include <gtest/gtest.h>

#include "api/control/control_test_util.h"

namespace dynafake::api {
namespace {

class TableOperationsTest : public ControlTest {
 protected:
  void Create(const std::string& name) {
    Ok(&CreateTable, R"({"TableName": ")" + name + R"(",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST"})");
  }
};

TEST_F(TableOperationsTest, ListsNamesInPages) {
  for (const char* name : {"c", "a", "e", "b", "d"}) {
    Create(name);
  }
  EXPECT_EQ(Ok(&ListTables, "{}"),
            wire::Json::parse(R"({"TableNames": ["a", "b", "c", "d", "e"]})"));
  EXPECT_EQ(Ok(&ListTables, R"({"Limit": 2})"),
            wire::Json::parse(R"({"TableNames": ["a", "b"], "LastEvaluatedTableName": "b"})"));
  EXPECT_EQ(Ok(&ListTables, R"({"Limit": 2, "ExclusiveStartTableName": "b"})"),
            wire::Json::parse(R"({"TableNames": ["c", "d"], "LastEvaluatedTableName": "d"})"));
  // DynamoDB: no LastEvaluatedTableName when the page ends exactly at the last name.
  EXPECT_EQ(Ok(&ListTables, R"({"Limit": 1, "ExclusiveStartTableName": "d"})"),
            wire::Json::parse(R"({"TableNames": ["e"]})"));
  EXPECT_EQ(Ok(&ListTables, R"({"ExclusiveStartTableName": "bb"})"),
            wire::Json::parse(R"({"TableNames": ["c", "d", "e"]})"));
  EXPECT_EQ(Ok(&ListTables, R"({"ExclusiveStartTableName": "z"})"),
            wire::Json::parse(R"({"TableNames": []})"));
}

TEST_F(TableOperationsTest, DescribesByNameOrArn) {
  Create("t");
  EXPECT_EQ(Describe("t")["TableName"], "t");
  EXPECT_EQ(Describe("arn:aws:dynamodb:us-east-1:123456789012:table/t")["TableName"], "t");
  EXPECT_EQ(Error(&DescribeTable, R"({"TableName": "nope"})", ErrorCode::kResourceNotFound),
            "Requested resource not found: Table: nope not found");
  EXPECT_EQ(
      Error(&DescribeTable, R"({"TableName": "arn:aws:dynamodb:eu-west-1:123456789012:table/t"})",
            ErrorCode::kResourceNotFound),
      "Requested resource not found: Table: t not found");
}

TEST_F(TableOperationsTest, DeleteAnswersDeletingAndFreesTheName) {
  Create("t");
  wire::Json answer = Ok(&DeleteTable, R"({"TableName": "t"})")["TableDescription"];
  EXPECT_EQ(answer["TableStatus"], "DELETING");
  EXPECT_EQ(answer["TableName"], "t");
  EXPECT_EQ(Error(&DescribeTable, R"({"TableName": "t"})", ErrorCode::kResourceNotFound),
            "Requested resource not found: Table: t not found");
  EXPECT_EQ(Error(&DeleteTable, R"({"TableName": "t"})", ErrorCode::kResourceNotFound),
            "Requested resource not found: Table: t not found");
  Create("t");
}

TEST_F(TableOperationsTest, DescribesLimitsAndEndpoints) {
  EXPECT_EQ(Ok(&DescribeLimits, "{}"), wire::Json::parse(R"({
      "AccountMaxReadCapacityUnits": 80000, "AccountMaxWriteCapacityUnits": 80000,
      "TableMaxReadCapacityUnits": 40000, "TableMaxWriteCapacityUnits": 40000})"));
  EXPECT_EQ(
      Ok(&DescribeEndpoints, "{}").dump(),
      R"({"Endpoints":[{"Address":"dynamodb.us-east-1.amazonaws.com","CachePeriodInMinutes":1440}]})");
}

}  // namespace
}  // namespace dynafake::api
