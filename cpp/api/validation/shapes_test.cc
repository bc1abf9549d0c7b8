#include "api/validation/shapes.h"

#include <algorithm>
#include <ostream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "api/validation/shape_table.h"

namespace dynafake::api {
namespace {

struct Case {
  std::string_view name;
  std::string_view operation;
  std::string_view request;  // JSON body
  ErrorCode code;            // kOk when the request passes
  std::string_view message;
};

void PrintTo(const Case& c, std::ostream* out) {
  *out << c.name;
}

std::string PrintCaseName(const testing::TestParamInfo<Case>& info) {
  return std::string(info.param.name);
}

class ShapesTest : public testing::TestWithParam<Case> {};

TEST_P(ShapesTest, ReportsLikeTheService) {
  const Case& c = GetParam();
  const Status status = ValidateRequestShape(c.operation, wire::Json::parse(c.request));
  EXPECT_EQ(status.code(), c.code) << status.ToString();
  EXPECT_EQ(status.message(), c.message);
}

constexpr ErrorCode kOk = ErrorCode::kOk;
constexpr ErrorCode kValidation = ErrorCode::kValidation;
constexpr ErrorCode kSerialization = ErrorCode::kSerialization;

const Case kTableNameCases[] = {
    {"CreateTableShortName", "CreateTable", R"({"TableName": "ab"})", kValidation,
     "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member "
     "must have length greater than or equal to 3"},
    {"PutItemBadPattern", "PutItem", R"({"TableName": "bad table!@#", "Item": {}})", kValidation,
     "1 validation error detected: Value 'bad table!@#' at 'tableName' failed to satisfy "
     "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
    {"DescribeTableEmptyNameTwoErrors", "DescribeTable", R"({"TableName": ""})", kValidation,
     "2 validation errors detected: Value '' at 'tableName' failed to satisfy constraint: Member "
     "must have length greater than or equal to 3; Value '' at 'tableName' failed to satisfy "
     "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
    {"ShortAndBadPattern", "DeleteTable", R"({"TableName": "a;"})", kValidation,
     "2 validation errors detected: Value 'a;' at 'tableName' failed to satisfy constraint: Member "
     "must have length greater than or equal to 3; Value 'a;' at 'tableName' failed to satisfy "
     "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
    {"PutItemEmptyNameIsArnMinimum", "PutItem", R"({"TableName": "", "Item": {}})", kValidation,
     "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: Member "
     "must have length greater than or equal to 1"},
    {"DescribeTableArn", "DescribeTable",
     R"({"TableName": "arn:aws:dynamodb:us-east-1:123456789012:table/my-table"})", kOk, ""},
    {"GetItemArn", "GetItem",
     R"({"TableName": "arn:aws:dynamodb:us-east-1:123456789012:table/t", "Key": {}})", kOk, ""},
    {"CreateTableMissingName", "CreateTable", R"({"BillingMode": "PAY_PER_REQUEST"})", kValidation,
     "The parameter 'TableName' is required but was not present in the request"},
    {"DescribeTableNullName", "DescribeTable", R"({"TableName": null})", kValidation,
     "The parameter 'TableName' is required but was not present in the request"},
    {"PutItemMissingName", "PutItem", R"({"Item": {"k": {"S": "v"}}})", kValidation,
     "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member "
     "must not be null"},
    {"PutItemMissingEverything", "PutItem", "{}", kValidation,
     "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member "
     "must not be null; Value null at 'item' failed to satisfy constraint: Member must not be "
     "null"},
    {"ListTablesStartName", "ListTables", R"({"ExclusiveStartTableName": "x"})", kValidation,
     "1 validation error detected: Value 'x' at 'exclusiveStartTableName' failed to satisfy "
     "constraint: Member must have length greater than or equal to 3"},
};
INSTANTIATE_TEST_SUITE_P(TableName, ShapesTest, testing::ValuesIn(kTableNameCases), PrintCaseName);

TEST(ShapesTableNameTest, LongNameOnDataPlane) {
  const std::string name(256, 'a');
  const Status status = ValidateRequestShape(
      "PutItem", wire::Json::parse(R"({"TableName": ")" + name + R"(", "Item": {}})"));
  EXPECT_EQ(status.message(), "1 validation error detected: Value '" + name +
                                  "' at 'tableName' failed to satisfy constraint: Member must "
                                  "have length less than or equal to 255");
}

const Case kConstraintCases[] = {
    {"ReturnValuesAndConsumedCapacity", "UpdateItem",
     R"({"TableName": "", "UpdateExpression": "SET a = :a",
         "ExpressionAttributeValues": {":a": {"S": "x"}},
         "ReturnConsumedCapacity": "INVALID", "ReturnValues": "INVALID"})",
     kValidation,
     "4 validation errors detected: Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy "
     "constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; Value '' at "
     "'tableName' failed to satisfy constraint: Member must have length greater than or equal to "
     "1; Value 'INVALID' at 'returnValues' failed to satisfy constraint: Member must satisfy enum "
     "value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; Value null at 'key' failed to "
     "satisfy constraint: Member must not be null"},
    {"ConditionalOperatorBeforeKey", "UpdateItem",
     R"({"TableName": "absent", "ConditionalOperator": "XOR",
         "AttributeUpdates": {"x": {"Action": "PUT", "Value": {"S": "1"}}},
         "Expected": {"a": {"Exists": false}, "b": {"Exists": false}}})",
     kValidation,
     "2 validation errors detected: Value 'XOR' at 'conditionalOperator' failed to satisfy "
     "constraint: Member must satisfy enum value set: [OR, AND]; Value null at 'key' failed to "
     "satisfy constraint: Member must not be null"},
    {"AttributeUpdatesAction", "UpdateItem",
     R"({"TableName": "abc", "Key": {"k": {"S": "v"}},
         "AttributeUpdates": {"x": {"Action": "SET", "Value": {"S": "1"}}}})",
     kValidation,
     "1 validation error detected: Value 'SET' at 'attributeUpdates.x.member.action' failed to "
     "satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]"},
    {"QuerySelect", "Query", R"({"TableName": "abc", "Select": "DOG"})", kValidation,
     "1 validation error detected: Value 'DOG' at 'select' failed to satisfy constraint: Member "
     "must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
     "ALL_PROJECTED_ATTRIBUTES]"},
    {"ReadCapacityZero", "CreateTable",
     R"({"TableName": "abc", "ProvisionedThroughput":
         {"ReadCapacityUnits": 0, "WriteCapacityUnits": 5}})",
     kValidation,
     "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed "
     "to satisfy constraint: Member must have value greater than or equal to 1"},
    {"CreateTableServiceOrder", "CreateTable",
     R"({"TableName": "abc", "AttributeDefinitions": [], "KeySchema": [], "BillingMode": "A",
         "ProvisionedThroughput": {"ReadCapacityUnits": -1, "WriteCapacityUnits": -1}})",
     kValidation,
     "4 validation errors detected: Value 'A' at 'billingMode' failed to satisfy constraint: "
     "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]; Value '-1' at "
     "'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have "
     "value greater than or equal to 1; Value '-1' at 'provisionedThroughput.readCapacityUnits' "
     "failed to satisfy constraint: Member must have value greater than or equal to 1; Value '[]' "
     "at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal "
     "to 1"},
    {"KeySchemaElements", "CreateTable",
     R"({"TableName": "abc", "KeySchema": [{"KeyType": "HASH"}, {"AttributeName": "a"},
         {"KeyType": "Woop", "AttributeName": "a"}]})",
     kValidation,
     "4 validation errors detected: Value '[KeySchemaElement(attributeName=null, keyType=HASH), "
     "KeySchemaElement(attributeName=a, keyType=null), KeySchemaElement(attributeName=a, "
     "keyType=Woop)]' at 'keySchema' failed to satisfy constraint: Member must have length less "
     "than or equal to 2; Value null at 'keySchema.1.member.attributeName' failed to satisfy "
     "constraint: Member must not be null; Value null at 'keySchema.2.member.keyType' failed to "
     "satisfy constraint: Member must not be null; Value 'Woop' at 'keySchema.3.member.keyType' "
     "failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]"},
    {"AttributeType", "CreateTable",
     R"({"TableName": "abc", "AttributeDefinitions": [{"AttributeName": "b", "AttributeType": "SS"}]})",
     kValidation,
     "1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' "
     "failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"},
    {"ListTablesLimitZero", "ListTables", R"({"Limit": 0})", kValidation,
     "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must "
     "have value greater than or equal to 1"},
    {"ListTablesLimit101", "ListTables", R"({"Limit": 101})", kValidation,
     "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member "
     "must have value less than or equal to 100"},
    {"DecimalLimitIsTruncated", "ListTables", R"({"Limit": 0.5})", kValidation,
     "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must "
     "have value greater than or equal to 1"},
    {"ListTablesLimitAndName", "ListTables", R"({"Limit": 0, "ExclusiveStartTableName": "a;"})",
     kValidation,
     "3 validation errors detected: Value '0' at 'limit' failed to satisfy constraint: Member must "
     "have value greater than or equal to 1; Value 'a;' at 'exclusiveStartTableName' failed to "
     "satisfy constraint: Member must have length greater than or equal to 3; Value 'a;' at "
     "'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular "
     "expression pattern: [a-zA-Z0-9_.-]+"},
    {"BatchWriteMissingItems", "BatchWriteItem",
     R"({"ReturnConsumedCapacity": "hi", "ReturnItemCollectionMetrics": "hi"})", kValidation,
     "3 validation errors detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy "
     "constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; Value 'hi' at "
     "'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value "
     "set: [SIZE, NONE]; Value null at 'requestItems' failed to satisfy constraint: Member must "
     "not be null"},
    {"BatchWriteEmptyItems", "BatchWriteItem", R"({"RequestItems": {}})", kValidation,
     "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: "
     "Member must have length greater than or equal to 1"},
    {"BatchWriteEmptyRequests", "BatchWriteItem", R"({"RequestItems": {"abc": []}})", kValidation,
     "1 validation error detected: Value '{abc=[]}' at 'requestItems' failed to satisfy "
     "constraint: Map value must satisfy constraint: [Member must have length less than or equal "
     "to 25, Member must have length greater than or equal to 1]"},
    {"BatchWriteNestedNulls", "BatchWriteItem",
     R"({"RequestItems": {"aa;": [{"PutRequest": {}, "DeleteRequest": {}}]}})", kValidation,
     "2 validation errors detected: Value null at 'requestItems.aa;.member.1.member.deleteRequest."
     "key' failed to satisfy constraint: Member must not be null; Value null at "
     "'requestItems.aa;.member.1.member.putRequest.item' failed to satisfy constraint: Member must "
     "not be null"},
    {"BatchGetKeysLength", "BatchGetItem", R"({"RequestItems": {"abc": {"Keys": []}}})",
     kValidation,
     "1 validation error detected: Value at 'RequestItems.abc.member.Keys' failed to satisfy "
     "constraint: Member must have length greater than or equal to 1"},
    {"ListMemberConstraint", "CreateTable",
     R"({"TableName": "abc", "LocalSecondaryIndexes": [{"IndexName": "idx",
         "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
         "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x", ""]}}]})",
     kValidation,
     "1 validation error detected: Value '[x, ]' at "
     "'localSecondaryIndexes.1.member.projection.nonKeyAttributes' failed to satisfy constraint: "
     "Member must satisfy constraint: [Member must have length less than or equal to 255, Member "
     "must have length greater than or equal to 1]"},
    {"NullMembersAreAbsent", "GetItem",
     R"({"TableName": "abc", "Key": {"k": {"S": "v"}}, "ReturnConsumedCapacity": null,
         "ConsistentRead": null})",
     kOk, ""},
    {"UnknownMembersIgnored", "GetItem",
     R"({"TableName": "abc", "Key": {"k": {"S": "v"}}, "Bogus": 5})", kOk, ""},
    {"UnknownOperationPasses", "FlyToTheMoon", R"({"TableName": 5})", kOk, ""},
    {"ValidPutItem", "PutItem",
     R"json({"TableName": "t-1.x_y", "Item": {"k": {"S": "v"}, "n": {"N": "1"}, "b": {"B": "YQ=="},
         "l": {"L": [{"M": {"x": {"NULL": true}}}, {"BS": ["YWI=", ""]}]}, "t": {"BOOL": false}},
         "ReturnValues": "ALL_OLD", "ConditionExpression": "attribute_not_exists(k)"})json",
     kOk, ""},
    {"ValidScan", "Scan",
     R"({"TableName": "abc", "Segment": 0, "TotalSegments": 4, "Limit": 10,
         "ExclusiveStartKey": {"k": {"S": "v"}}, "Select": "COUNT"})",
     kOk, ""},
    {"ScanSegmentRange", "Scan", R"({"TableName": "abc", "Segment": 1000000, "TotalSegments": 0})",
     kValidation,
     "2 validation errors detected: Value '1000000' at 'segment' failed to satisfy constraint: "
     "Member must have value less than or equal to 999999; Value '0' at 'totalSegments' failed to "
     "satisfy constraint: Member must have value greater than or equal to 1"},
};

INSTANTIATE_TEST_SUITE_P(Constraints, ShapesTest, testing::ValuesIn(kConstraintCases),
                         PrintCaseName);

// The DynamoDB Streams operations share the table with DynamoDB's.
const Case kStreamsCases[] = {
    {"ListStreamsEmpty", "ListStreams", "{}", kOk, ""},
    {"ListStreamsShortTableName", "ListStreams", R"({"TableName": "ab"})", kValidation,
     "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member "
     "must have length greater than or equal to 3"},
    {"ListStreamsLimitAboveHundred", "ListStreams", R"({"Limit": 101})", kValidation,
     "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member "
     "must have value less than or equal to 100"},
    {"ListStreamsShortStartArn", "ListStreams", R"({"ExclusiveStartStreamArn": "arn:aws"})",
     kValidation,
     "1 validation error detected: Value 'arn:aws' at 'exclusiveStartStreamArn' failed to satisfy "
     "constraint: Member must have length greater than or equal to 37"},
    {"DescribeStreamMissingArn", "DescribeStream", R"({"Limit": 0})", kValidation,
     "2 validation errors detected: Value null at 'streamArn' failed to satisfy constraint: Member "
     "must not be null; Value '0' at 'limit' failed to satisfy constraint: Member must have value "
     "greater than or equal to 1"},
    {"DescribeStreamShardFilterType", "DescribeStream",
     R"({"StreamArn": "arn:aws:dynamodb:us-east-1:123456789012:table/abc/stream/x",
         "ShardFilter": {"Type": "PARENT_SHARDS", "ShardId": "short"}})",
     kValidation,
     "2 validation errors detected: Value 'PARENT_SHARDS' at 'shardFilter.type' failed to satisfy "
     "constraint: Member must satisfy enum value set: [CHILD_SHARDS]; Value 'short' at "
     "'shardFilter.shardId' failed to satisfy constraint: Member must have length greater than or "
     "equal to 28"},
    {"GetShardIteratorMissingEverything", "GetShardIterator", "{}", kValidation,
     "3 validation errors detected: Value null at 'streamArn' failed to satisfy constraint: Member "
     "must not be null; Value null at 'shardId' failed to satisfy constraint: Member must not be "
     "null; Value null at 'shardIteratorType' failed to satisfy constraint: Member must not be "
     "null"},
    {"GetShardIteratorTypeAndSequenceNumber", "GetShardIterator",
     R"({"StreamArn": "arn:aws:dynamodb:us-east-1:123456789012:table/abc/stream/x",
         "ShardId": "shardId-00000000000000000001-00000001", "ShardIteratorType": "OLDEST",
         "SequenceNumber": "12"})",
     kValidation,
     "2 validation errors detected: Value 'OLDEST' at 'shardIteratorType' failed to satisfy "
     "constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, "
     "AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP]; Value '12' at 'sequenceNumber' failed to satisfy "
     "constraint: Member must have length greater than or equal to 21"},
    {"GetShardIteratorTimestampIsANumber", "GetShardIterator",
     R"({"StreamArn": "arn:aws:dynamodb:us-east-1:123456789012:table/abc/stream/x",
         "ShardId": "shardId-00000000000000000001-00000001", "ShardIteratorType": "AT_TIMESTAMP",
         "Timestamp": "yesterday"})",
     kSerialization, "STRING_VALUE cannot be converted to Date"},
    {"GetRecordsLimitAboveThousand", "GetRecords", R"({"ShardIterator": "x", "Limit": 1001})",
     kValidation,
     "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member "
     "must have value less than or equal to 1000"},
    {"GetRecordsEmptyIterator", "GetRecords", R"({"ShardIterator": ""})", kValidation,
     "1 validation error detected: Value '' at 'shardIterator' failed to satisfy constraint: "
     "Member must have length greater than or equal to 1"},
    {"GetRecordsThousand", "GetRecords", R"({"ShardIterator": "x", "Limit": 1000})", kOk, ""},
};

INSTANTIATE_TEST_SUITE_P(Streams, ShapesTest, testing::ValuesIn(kStreamsCases), PrintCaseName);

const Case kSerializationCases[] = {
    {"NumberForN", "PutItem", R"({"TableName": "abc", "Item": {"k": {"N": 123}}})", kSerialization,
     "NUMBER_VALUE cannot be converted to String"},
    {"DecimalForString", "Scan", R"({"TableName": "abc", "IndexName": 5.5})", kSerialization,
     "DECIMAL_VALUE cannot be converted to String"},
    {"TrueForString", "Scan", R"({"TableName": "abc", "IndexName": true})", kSerialization,
     "TRUE_VALUE cannot be converted to String"},
    {"ListForString", "Scan", R"({"TableName": []})", kSerialization,
     "Unrecognized collection type class java.lang.String"},
    {"MapForString", "Scan", R"({"TableName": {}})", kSerialization,
     "Start of structure or map found where not expected"},
    {"StringForStructure", "CreateTable", R"({"TableName": "abc", "ProvisionedThroughput": "x"})",
     kSerialization, "Unexpected field type"},
    {"ListForStructure", "CreateTable", R"({"TableName": "abc", "ProvisionedThroughput": []})",
     kSerialization,
     "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ProvisionedThroughput"},
    {"StringForListElement", "CreateTable", R"({"TableName": "abc", "KeySchema": ["x"]})",
     kSerialization, "Unexpected value type in payload"},
    {"StringForList", "CreateTable", R"({"TableName": "abc", "KeySchema": "x"})", kSerialization,
     "Unexpected field type"},
    {"MapForList", "CreateTable", R"({"TableName": "abc", "KeySchema": {}})", kSerialization,
     "Start of structure or map found where not expected"},
    {"ListForMap", "PutItem", R"({"TableName": "abc", "Item": []})", kSerialization,
     "Unrecognized collection type java.util.Map<java.lang.String, "
     "com.amazonaws.dynamodb.v20120810.AttributeValue>"},
    {"ListForRequestItems", "BatchWriteItem", R"({"RequestItems": []})", kSerialization,
     "Unrecognized collection type java.util.Map<java.lang.String, "
     "java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>>"},
    {"ScalarForNestedList", "BatchWriteItem", R"({"RequestItems": {"abc": "x"}})", kSerialization,
     "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class "
     "java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and "
     "java.lang.Class are in module java.base of loader 'bootstrap')"},
    {"StringForBoolean", "GetItem", R"({"TableName": "abc", "ConsistentRead": "23"})",
     kSerialization, "Unexpected token received from parser"},
    {"NumberForBoolean", "GetItem", R"({"TableName": "abc", "ConsistentRead": 23})", kSerialization,
     "NUMBER_VALUE cannot be converted to Boolean"},
    {"DecimalForBoolean", "GetItem", R"({"TableName": "abc", "ConsistentRead": 34.56})",
     kSerialization, "DECIMAL_VALUE cannot be converted to Boolean"},
    {"StringForInteger", "ListTables", R"({"Limit": "23"})", kSerialization,
     "STRING_VALUE cannot be converted to Integer"},
    {"FalseForLong", "CreateTable",
     R"({"TableName": "abc", "ProvisionedThroughput": {"ReadCapacityUnits": false}})",
     kSerialization, "FALSE_VALUE cannot be converted to Long"},
    {"ListForInteger", "ListTables", R"({"Limit": []})", kSerialization,
     "Unrecognized collection type class java.lang.Integer"},
    {"BlobLength", "PutItem", R"({"TableName": "abc", "Item": {"k": {"B": "23456"}}})",
     kSerialization, "Base64 encoded length is expected a multiple of 4 bytes but found: 5"},
    {"BlobPaddingInside", "PutItem", R"({"TableName": "abc", "Item": {"k": {"B": "=+/="}}})",
     kSerialization, "Invalid last non-pad Base64 character dectected"},
    {"BlobLastCharacter", "PutItem", R"({"TableName": "abc", "Item": {"k": {"BS": ["+/+="]}}})",
     kSerialization, "Invalid last non-pad Base64 character dectected"},
    {"BlobCharacter", "PutItem", R"({"TableName": "abc", "Item": {"k": {"B": "ab*d"}}})",
     kSerialization, "Invalid Base64 character: '*'"},
    {"NumberForBlob", "PutItem", R"({"TableName": "abc", "Item": {"k": {"B": 5}}})", kSerialization,
     "only base-64-encoded strings are convertible to bytes"},
    {"TypeErrorWinsOverViolation", "Query", R"({"TableName": "a", "Limit": "x"})", kSerialization,
     "STRING_VALUE cannot be converted to Integer"},
    {"TypeErrorBeforeMissingName", "CreateTable", R"({"KeySchema": 5})", kSerialization,
     "Unexpected field type"},
    {"NestedAttributeValue", "PutItem",
     R"({"TableName": "abc", "Item": {"k": {"M": {"a": {"L": [{"SS": ["x", 1]}]}}}}})",
     kSerialization, "NUMBER_VALUE cannot be converted to String"},
};
INSTANTIATE_TEST_SUITE_P(Serialization, ShapesTest, testing::ValuesIn(kSerializationCases),
                         PrintCaseName);

std::string RequestItemsWith(int requests) {
  std::string body = R"({"RequestItems": {"abc": [)";
  for (int i = 0; i < requests; ++i) {
    if (i > 0) {
      body += ", ";
    }
    body += R"({"PutRequest": {"Item": {"a": {"S": ")" + std::to_string(i) + R"("}}}})";
  }
  return body + "]}}";
}

TEST(ShapesBatchTest, TwentySixRequestsForOneTable) {
  const Status status =
      ValidateRequestShape("BatchWriteItem", wire::Json::parse(RequestItemsWith(26)));
  ASSERT_EQ(status.code(), ErrorCode::kValidation);
  const std::string& message = status.message();
  EXPECT_TRUE(message.starts_with(
      "1 validation error detected: Value '{abc=[WriteRequest(putRequest=PutRequest(item={a="
      "com.amazonaws.dynamodb.v20120810.AttributeValue@"))
      << message;
  EXPECT_TRUE(message.ends_with(
      "), deleteRequest=null)]}' at 'requestItems' failed to satisfy constraint: Map value must "
      "satisfy constraint: [Member must have length less than or equal to 25, Member must have "
      "length greater than or equal to 1]"))
      << message;
  size_t echoed = 0;
  for (size_t at = message.find("WriteRequest("); at != std::string::npos;
       at = message.find("WriteRequest(", at + 1)) {
    ++echoed;
  }
  EXPECT_EQ(echoed, 26u);
}

TEST(ShapesBatchTest, TwentyFiveRequestsPass) {
  EXPECT_TRUE(ValidateRequestShape("BatchWriteItem", wire::Json::parse(RequestItemsWith(25))).ok());
}

TEST(ShapesLimitTest, CountsEveryViolationButListsTen) {
  // One length violation and two missing members in each of six key schema elements.
  const Status status = ValidateRequestShape(
      "CreateTable",
      wire::Json::parse(R"({"TableName": "abc", "KeySchema": [{}, {}, {}, {}, {}, {}]})"));
  const std::string& message = status.message();
  EXPECT_TRUE(message.starts_with("13 validation errors detected: Value '[KeySchemaElement("))
      << message;
  size_t separators = 0;
  for (size_t at = message.find("; "); at != std::string::npos; at = message.find("; ", at + 1)) {
    ++separators;
  }
  EXPECT_EQ(separators, 9u);
  EXPECT_TRUE(message.ends_with(
      "Value null at 'keySchema.5.member.attributeName' failed to satisfy constraint: Member must "
      "not be null"))
      << message;
}

TEST(ShapesTest, EveryModelOperationIsKnown) {
  // An empty body breaks a required member of every operation that has one, so a known operation
  // with required members fails and an unknown one passes.
  for (const char* operation :
       {"CreateBackup", "TransactWriteItems", "TransactGetItems", "UpdateTimeToLive", "TagResource",
        "ExecuteStatement", "DescribeStream", "GetShardIterator", "GetRecords"}) {
    EXPECT_EQ(ValidateRequestShape(operation, wire::Json::object()).code(), ErrorCode::kValidation)
        << operation;
  }
  EXPECT_TRUE(ValidateRequestShape("ListTables", wire::Json::object()).ok());
  EXPECT_TRUE(ValidateRequestShape("DescribeLimits", wire::Json()).ok());
}

TEST(ShapesTest, NullBodyIsAnEmptyRequest) {
  EXPECT_EQ(
      ValidateRequestShape("GetItem", wire::Json()).message(),
      "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: "
      "Member must not be null; Value null at 'key' failed to satisfy constraint: Member must "
      "not be null");
}

// Whether `text` breaks the pattern of the named model shape, as the validator reads it.
bool BreaksPattern(std::string_view shape_name, std::string_view text) {
  const shapes::Shape* shape = shapes::FindShape(shape_name);
  EXPECT_NE(shape, nullptr) << shape_name;
  shapes::Rule broken[shapes::kMaxBrokenRules];
  const int count = shapes::BrokenTextRules(text, *shape, broken);
  return std::find(broken, broken + count, shapes::Rule::kPattern) != broken + count;
}

TEST(ShapesPatternTest, EveryModelPatternHasAMatcher) {
  EXPECT_FALSE(BreaksPattern("BackupName", "my-backup_1.x"));
  EXPECT_TRUE(BreaksPattern("BackupName", "my backup"));
  EXPECT_FALSE(BreaksPattern("ClientToken", "token"));
  EXPECT_TRUE(BreaksPattern("ClientToken", "to$ken"));
  EXPECT_TRUE(BreaksPattern("ClientToken", ""));
  EXPECT_FALSE(BreaksPattern("CsvDelimiter", "\t"));
  EXPECT_FALSE(BreaksPattern("CsvDelimiter", "|"));
  EXPECT_TRUE(BreaksPattern("CsvDelimiter", "x"));
  EXPECT_FALSE(BreaksPattern("CsvHeader", "a b~"));
  EXPECT_TRUE(BreaksPattern("CsvHeader", "a,b"));
  EXPECT_TRUE(BreaksPattern("CsvHeader", "a\"b"));
  EXPECT_FALSE(BreaksPattern("ImportNextToken", "0123456789abcdef0123456789abcdef"));
  EXPECT_TRUE(BreaksPattern("ImportNextToken", "0123456789ABCDEF"));
  EXPECT_TRUE(BreaksPattern("ImportNextToken", "0123456789abcde"));
  EXPECT_FALSE(BreaksPattern("S3Bucket", "my-bucket.logs_2"));
  EXPECT_TRUE(BreaksPattern("S3Bucket", "-bucket"));
  EXPECT_TRUE(BreaksPattern("S3Bucket", "b"));
  EXPECT_FALSE(BreaksPattern("S3BucketOwner", "123456789012"));
  EXPECT_TRUE(BreaksPattern("S3BucketOwner", "12345678901"));
  EXPECT_FALSE(BreaksPattern("AutoScalingPolicyName", "policy name ~!"));
  EXPECT_TRUE(BreaksPattern("AutoScalingPolicyName", "line\nbreak"));
  EXPECT_FALSE(BreaksPattern("AutoScalingRoleArn", "arn:aws:iam::1:role/r\u00e9\U0001F600\t"));
  EXPECT_TRUE(BreaksPattern("AutoScalingRoleArn", "arn\x01"));
}

TEST(ShapesLengthTest, CountsUtf16UnitsAsJavaDoes) {
  const shapes::Shape* name = shapes::FindShape("TableName");
  ASSERT_NE(name, nullptr);
  shapes::Rule broken[shapes::kMaxBrokenRules];
  // Two characters in five bytes: too short, though five bytes would not be.
  ASSERT_EQ(shapes::BrokenTextRules("\u00e9\u20ac", *name, broken), 2);
  EXPECT_EQ(broken[0], shapes::Rule::kMinLength);
  EXPECT_EQ(broken[1], shapes::Rule::kPattern);
  // A character outside the BMP is two UTF-16 units: three units in all.
  ASSERT_EQ(shapes::BrokenTextRules("\U0001F600a", *name, broken), 1);
  EXPECT_EQ(broken[0], shapes::Rule::kPattern);
}

}  // namespace
}  // namespace dynafake::api
