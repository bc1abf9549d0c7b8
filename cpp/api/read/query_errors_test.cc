#include <string>

#include <gtest/gtest.h>

#include "api/read/read_test_util.h"

namespace dynafake::api {
namespace {

using QueryErrorsTest = ReadTest;

constexpr char kByPartition[] = R"("KeyConditionExpression": "pk = :p",
    "ExpressionAttributeValues": {":p": {"S": "p"}})";

std::string With(const std::string& members) {
  return std::string("{") + kByPartition + ", " + members + "}";
}

TEST_F(QueryErrorsTest, KeyConditionRequired) {
  EXPECT_EQ(QueryError("{}"),
            "Either the KeyConditions or KeyConditionExpression parameter must be specified in "
            "the request.");
}

TEST_F(QueryErrorsTest, KeyConditionShapeIsCheckedBeforeTheTable) {
  EXPECT_EQ(QueryError(R"({"TableName": "missing", "KeyConditionExpression": "pk = :p OR pk = :q",
      "ExpressionAttributeValues": {":p": {"S": "p"}, ":q": {"S": "q"}}})"),
            "Invalid operator used in KeyConditionExpression: OR");
  EXPECT_EQ(QueryError(R"({"TableName": "missing", "KeyConditions": {
      "a": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
      "b": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
      "c": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
      "d": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
      "e": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
      "f": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
      "g": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
      "h": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
      "i": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}}})"),
            "Conditions can be of length 1 or 2 only");
  EXPECT_EQ(Error(&api::Query, R"({"TableName": "missing", "KeyConditionExpression": "pk = :p",
      "ExpressionAttributeValues": {":p": {"S": "p"}}})",
                  ErrorCode::kResourceNotFound),
            "Requested resource not found");
}

TEST_F(QueryErrorsTest, LegacyKeyConditionsInTheServiceOrder) {
  EXPECT_EQ(QueryError(R"({"KeyConditions": {
      "sk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}}})"),
            "Query condition missed key schema element: pk");
  EXPECT_EQ(QueryError(R"({"KeyConditions": {
      "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
      "z": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}}})"),
            "Query condition missed key schema element: sk");
  EXPECT_EQ(QueryError(R"({"KeyConditions": {
      "pk": {"ComparisonOperator": "NE", "AttributeValueList": [{"S": "p"}]}}})"),
            "Attempted conditional constraint is not an indexable operation");
  EXPECT_EQ(QueryError(R"({"KeyConditions": {
      "pk": {"ComparisonOperator": "GT", "AttributeValueList": [{"S": "p"}]}}})"),
            "Query key condition not supported");
  EXPECT_EQ(QueryError(R"({"KeyConditions": {
      "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}}})"),
            "One or more parameter values were invalid: Condition parameter type does not match "
            "schema type");
  EXPECT_EQ(QueryError(R"({"TableName": "h", "KeyConditions": {
      "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
      "z": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}}})"),
            "Query key condition not supported");
  EXPECT_EQ(QueryError(R"({"KeyConditions": {
      "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}, {"S": "q"}]}}})"),
            "One or more parameter values were invalid: Invalid number of argument(s) for the EQ "
            "ComparisonOperator");
}

TEST_F(QueryErrorsTest, Indexes) {
  EXPECT_EQ(QueryError(With(R"("IndexName": "nope")")),
            "The table does not have the specified index: nope");
  EXPECT_EQ(QueryError(R"({"IndexName": "by_g", "ConsistentRead": true,
      "KeyConditionExpression": "g = :g", "ExpressionAttributeValues": {":g": {"S": "G"}}})"),
            "Consistent reads are not supported on global secondary indexes");
  EXPECT_EQ(QueryError(R"({"IndexName": "by_g", "Select": "ALL_ATTRIBUTES",
      "KeyConditionExpression": "g = :g", "ExpressionAttributeValues": {":g": {"S": "G"}}})"),
            "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
            "supported for global secondary index by_g because its projection type is not ALL");
  EXPECT_EQ(QueryError(R"({"IndexName": "by_g", "KeyConditionExpression": "pk = :g",
      "ExpressionAttributeValues": {":g": {"S": "G"}}})"),
            "Query condition missed key schema element: g");
}

TEST_F(QueryErrorsTest, FilterOnKeyAttributes) {
  EXPECT_EQ(QueryError(R"({"KeyConditionExpression": "pk = :p", "FilterExpression": "sk > :n",
      "ExpressionAttributeValues": {":p": {"S": "p"}, ":n": {"N": "1"}}})"),
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: sk");
  EXPECT_EQ(QueryError(R"({"KeyConditions": {
      "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}},
      "QueryFilter": {"pk": {"ComparisonOperator": "NOT_NULL"},
                      "a": {"ComparisonOperator": "NULL"}}})"),
            "QueryFilter can only contain non-primary key attributes: Primary key attribute: pk");
  // On an index, its own key attributes are the forbidden ones.
  EXPECT_EQ(QueryError(R"({"IndexName": "by_g", "KeyConditionExpression": "g = :g",
      "FilterExpression": "size(g) > :n",
      "ExpressionAttributeValues": {":g": {"S": "G"}, ":n": {"N": "1"}}})"),
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: g");
  EXPECT_TRUE(Query(R"({"IndexName": "by_g", "KeyConditionExpression": "g = :g",
      "FilterExpression": "pk = :g", "ExpressionAttributeValues": {":g": {"S": "G"}}})")
                  .contains("Items"));
}

TEST_F(QueryErrorsTest, SelectConflicts) {
  EXPECT_EQ(QueryError(With(R"("Select": "COUNT", "ProjectionExpression": "a")")),
            "1 validation error detected: Cannot specify the ProjectionExpression when choosing "
            "to get only the Count");
  EXPECT_EQ(QueryError(With(R"("Select": "ALL_ATTRIBUTES", "ProjectionExpression": "a")")),
            "1 validation error detected: Cannot specify the ProjectionExpression when choosing "
            "to get ALL_ATTRIBUTES");
  EXPECT_EQ(QueryError(With(R"("Select": "SPECIFIC_ATTRIBUTES")")),
            "1 validation error detected: Must specify the AttributesToGet or "
            "ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
  EXPECT_EQ(QueryError(With(R"("Select": "ALL_PROJECTED_ATTRIBUTES")")),
            "1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying "
            "using an IndexName");
  EXPECT_EQ(QueryError(R"({"Select": "COUNT", "AttributesToGet": ["a"], "KeyConditions": {
      "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}}})"),
            "1 validation error detected: Cannot specify the AttributesToGet when choosing to get "
            "only the Count");
}

TEST_F(QueryErrorsTest, ExclusiveStartKey) {
  EXPECT_EQ(QueryError(With(R"("ExclusiveStartKey": {"bad": {"S": "p"}})")),
            "The provided starting key is invalid");
  EXPECT_EQ(QueryError(With(R"("ExclusiveStartKey": {"pk": {"S": "p"}, "x": {"N": "1"}})")),
            "The provided starting key is invalid");
  EXPECT_EQ(QueryError(With(R"("ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"S": "1"}})")),
            "The provided key element does not match the schema");
  EXPECT_EQ(QueryError(With(R"("ExclusiveStartKey": {"pk": {"S": "q"}, "sk": {"N": "1"}})")),
            "The provided starting key is outside query boundaries based on provided conditions");
  EXPECT_EQ(QueryError(R"({"KeyConditionExpression": "pk = :p AND sk > :n",
      "ExpressionAttributeValues": {":p": {"S": "p"}, ":n": {"N": "5"}},
      "ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"N": "5"}}})"),
            "The provided starting key does not match the range key predicate");
  EXPECT_EQ(QueryError(R"({"KeyConditionExpression": "pk = :p AND sk > :n",
      "ExpressionAttributeValues": {":p": {"S": "p"}, ":n": {"N": "5"}},
      "ExclusiveStartKey": {"pk": {"S": "q"}, "sk": {"N": "6"}}})"),
            "The query can return at most one row and cannot be restarted");
  EXPECT_EQ(QueryError(With(R"("ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"N": "x"}})")),
            "The provided starting key is invalid: The parameter cannot be converted to a numeric "
            "value: x");
  // An index's start key holds the table key and the index key.
  EXPECT_EQ(QueryError(R"({"IndexName": "by_g", "KeyConditionExpression": "g = :g",
      "ExpressionAttributeValues": {":g": {"S": "G"}},
      "ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"N": "1"}}})"),
            "The provided starting key is invalid");
  EXPECT_EQ(QueryError(R"({"IndexName": "by_l", "KeyConditionExpression": "pk = :p",
      "ExpressionAttributeValues": {":p": {"S": "p"}},
      "ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"S": "1"}, "l": {"S": "L"}}})"),
            "The provided starting key is invalid: The provided key element does not match the "
            "schema");
  // A start key need not name an existing item.
  EXPECT_EQ(Query(With(R"("ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"N": "1"}})"))["Count"],
            0);
}

TEST_F(QueryErrorsTest, ExpressionParameterRules) {
  EXPECT_EQ(QueryError(R"({"KeyConditionExpression": "pk = :p", "AttributesToGet": ["a"],
      "ExpressionAttributeValues": {":p": {"S": "p"}}})"),
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {AttributesToGet} Expression parameters: "
            "{KeyConditionExpression}");
  EXPECT_EQ(QueryError(R"({"KeyConditions": {
      "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}},
      "ExpressionAttributeValues": {":p": {"S": "p"}}})"),
            "ExpressionAttributeValues can only be specified when using expressions: "
            "FilterExpression and KeyConditionExpression are null");
}

}  // namespace
}  // namespace dynafake::api
