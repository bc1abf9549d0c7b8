// Writes to tables with secondary indexes through PutItem, UpdateItem, DeleteItem and
// BatchWriteItem: index write capacity, ItemCollectionMetrics, the index key checks and the item
// collection size limit.
#include <gtest/gtest.h>

#include "api/operation.h"
#include "storage/kv_store.h"
#include "table/catalog.h"

namespace dynafake::api {
namespace {

constexpr int64_t kStartMicros = 1'791'505'294'123'000;
constexpr int64_t kCollectionLimit = 1000;

// pk/sk with a global index on g (INCLUDE [p]) and an ALL-projected local index on l.
constexpr const char* kCreateIndexed = R"({"TableName": "t",
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                             {"AttributeName": "sk", "AttributeType": "S"},
                             {"AttributeName": "g", "AttributeType": "S"},
                             {"AttributeName": "l", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                  {"AttributeName": "sk", "KeyType": "RANGE"}],
    "BillingMode": "PAY_PER_REQUEST",
    "GlobalSecondaryIndexes": [{"IndexName": "by_g",
        "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["p"]}}],
    "LocalSecondaryIndexes": [{"IndexName": "by_l",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                      {"AttributeName": "l", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"}}]})";

constexpr const char* kCreatePlain = R"({"TableName": "plain",
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "BillingMode": "PAY_PER_REQUEST"})";

class IndexWritesTest : public ::testing::Test {
 protected:
  IndexWritesTest() {
    Ok(&CreateTable, kCreateIndexed);
    Ok(&CreateTable, kCreatePlain);
  }

  Result<wire::Json> Call(Handler handler, const std::string& json) {
    return handler(context_, wire::Json::parse(json));
  }

  wire::Json Ok(Handler handler, const std::string& json) {
    Result<wire::Json> result = Call(handler, json);
    EXPECT_TRUE(result.has_value()) << json << " -> " << result.error().ToString();
    return result.has_value() ? result.value() : wire::Json();
  }

  // "<code>: <message>" of a call that must fail.
  std::string Error(Handler handler, const std::string& json) {
    Result<wire::Json> result = Call(handler, json);
    if (result.has_value()) {
      ADD_FAILURE() << json << " unexpectedly succeeded: " << result.value().dump();
      return "";
    }
    return std::string(ErrorCodeName(result.error().code())) + ": " + result.error().message();
  }

  // PutItem of {pk: <pk>, sk: "1", <attributes>} answering with INDEXES capacity.
  wire::Json Put(const std::string& pk, const std::string& attributes = "") {
    return Ok(&PutItem, R"({"TableName": "t", "ReturnConsumedCapacity": "INDEXES",
        "Item": {"pk": {"S": ")" +
                            pk + R"("}, "sk": {"S": "1"})" +
                            (attributes.empty() ? "" : ", " + attributes) +
                            "}}")["ConsumedCapacity"];
  }

  wire::Json Update(const std::string& pk, const std::string& expression,
                    const std::string& values = "") {
    return Ok(&UpdateItem,
              R"({"TableName": "t", "ReturnConsumedCapacity": "INDEXES",
        "Key": {"pk": {"S": ")" +
                  pk + R"("}, "sk": {"S": "1"}}, "UpdateExpression": ")" + expression + "\"" +
                  (values.empty() ? "" : R"(, "ExpressionAttributeValues": )" + values) +
                  "}")["ConsumedCapacity"];
  }

  std::unique_ptr<storage::KvStore> store_ = storage::NewMemoryStore();
  SettableClock clock_{kStartMicros};
  table::Catalog catalog_{store_.get(), &clock_, "123456789012", 0,
                          table::TableOptions{kCollectionLimit}};
  RequestContext context_{"us-east-1", &catalog_, &clock_};
};

wire::Json Units(double total, double table, const std::string& indexes = "") {
  return wire::Json::parse(R"({"TableName": "t", "CapacityUnits": )" + std::to_string(total) +
                           R"(, "Table": {"CapacityUnits": )" + std::to_string(table) + "}" +
                           (indexes.empty() ? "" : ", " + indexes) + "}");
}

constexpr const char* kGsiOne = R"("GlobalSecondaryIndexes": {"by_g": {"CapacityUnits": 1.0}})";
constexpr const char* kLsiOne = R"("LocalSecondaryIndexes": {"by_l": {"CapacityUnits": 1.0}})";

TEST_F(IndexWritesTest, PutChargesTheIndexesItsEntriesChange) {
  EXPECT_EQ(Put("a", R"("g": {"S": "x"}, "p": {"S": "v"})"), Units(2, 1, kGsiOne));
  EXPECT_EQ(Put("b", R"("o": {"S": "sparse"})"), Units(1, 1));
  EXPECT_EQ(Put("c", R"("g": {"S": "x"}, "l": {"S": "y"})"),
            Units(3, 1, std::string(kGsiOne) + ", " + kLsiOne));
  // An identical overwrite changes no entry.
  EXPECT_EQ(Put("c", R"("g": {"S": "x"}, "l": {"S": "y"})"), Units(1, 1));
  // A sparse overwrite removes both entries.
  EXPECT_EQ(Put("c"), Units(3, 1, std::string(kGsiOne) + ", " + kLsiOne));
}

TEST_F(IndexWritesTest, UpdateLadder) {
  Put("a", R"("g": {"S": "x"}, "l": {"S": "y"}, "p": {"S": "v"}, "o": {"S": "w"})");
  // Not projected into by_g; by_l holds every attribute.
  EXPECT_EQ(Update("a", "SET o = :v", R"({":v": {"S": "w2"}})"), Units(2, 1, kLsiOne));
  EXPECT_EQ(Update("a", "SET p = :v", R"({":v": {"S": "v2"}})"),
            Units(3, 1, std::string(kGsiOne) + ", " + kLsiOne));
  // A moved entry: a delete and a put.
  EXPECT_EQ(Update("a", "SET g = :v", R"({":v": {"S": "x2"}})"),
            Units(4, 1,
                  R"("GlobalSecondaryIndexes": {"by_g": {"CapacityUnits": 2.0}}, )" +
                      std::string(kLsiOne)));
  EXPECT_EQ(Update("a", "REMOVE g"), Units(3, 1, std::string(kGsiOne) + ", " + kLsiOne));
}

TEST_F(IndexWritesTest, DeleteChargesTheEntriesItRemoves) {
  Put("a", R"("g": {"S": "x"}, "l": {"S": "y"})");
  EXPECT_EQ(Ok(&DeleteItem, R"({"TableName": "t", "ReturnConsumedCapacity": "INDEXES",
                "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}}})")["ConsumedCapacity"],
            Units(3, 1, std::string(kGsiOne) + ", " + kLsiOne));
}

TEST_F(IndexWritesTest, ItemCollectionMetricsOnlyForLocalIndexes) {
  const wire::Json expected = wire::Json::parse(
      R"({"ItemCollectionKey": {"pk": {"S": "a"}}, "SizeEstimateRangeGB": [0.0, 1.0]})");
  wire::Json put = Ok(&PutItem, R"({"TableName": "t", "ReturnItemCollectionMetrics": "SIZE",
      "Item": {"pk": {"S": "a"}, "sk": {"S": "1"}}})");
  EXPECT_EQ(put["ItemCollectionMetrics"], expected);
  wire::Json update = Ok(&UpdateItem, R"({"TableName": "t", "ReturnItemCollectionMetrics": "SIZE",
      "Key": {"pk": {"S": "a"}, "sk": {"S": "2"}}})");
  EXPECT_EQ(update["ItemCollectionMetrics"], expected);
  wire::Json remove = Ok(&DeleteItem, R"({"TableName": "t", "ReturnItemCollectionMetrics": "SIZE",
      "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}}})");
  EXPECT_EQ(remove["ItemCollectionMetrics"], expected);
  EXPECT_FALSE(Ok(&PutItem, R"({"TableName": "t", "Item": {"pk": {"S": "a"}, "sk": {"S": "1"}}})")
                   .contains("ItemCollectionMetrics"));
  EXPECT_FALSE(Ok(&PutItem, R"({"TableName": "plain", "ReturnItemCollectionMetrics": "SIZE",
                   "Item": {"pk": {"S": "a"}}})")
                   .contains("ItemCollectionMetrics"));
}

TEST_F(IndexWritesTest, IndexKeysAreCheckedBeforeTheCondition) {
  Put("a");
  EXPECT_EQ(Error(&PutItem, R"json({"TableName": "t",
                "ConditionExpression": "attribute_not_exists(pk)",
                "Item": {"pk": {"S": "a"}, "sk": {"S": "1"}, "g": {"N": "1"}}})json"),
            "ValidationException: One or more parameter values were invalid: Type mismatch for "
            "Index Key g Expected: S Actual: N IndexName: by_g");
}

TEST_F(IndexWritesTest, UpdateToAnEmptyIndexKeyHasItsOwnText) {
  Put("a", R"("l": {"S": "y"})");
  EXPECT_EQ(Error(&UpdateItem, R"({"TableName": "t", "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}},
                "UpdateExpression": "SET l = :v", "ExpressionAttributeValues": {":v": {"S": ""}}})"),
            "ValidationException: One or more parameter values are not valid. The update "
            "expression attempted to update a secondary index key to a value that is not "
            "supported. The AttributeValue for a key attribute cannot contain an empty string "
            "value.");
  EXPECT_EQ(Error(&PutItem, R"({"TableName": "t",
                "Item": {"pk": {"S": "a"}, "sk": {"S": "1"}, "g": {"S": ""}}})"),
            "ValidationException: One or more parameter values are not valid. A value specified "
            "for a secondary index key is not supported. The AttributeValue for a key attribute "
            "cannot contain an empty string value. IndexName: by_g, IndexKey: g");
}

TEST_F(IndexWritesTest, BatchSumsPerTableAndGroupsTheMetrics) {
  wire::Json response = Ok(&BatchWriteItem, R"({"ReturnConsumedCapacity": "INDEXES",
      "ReturnItemCollectionMetrics": "SIZE", "RequestItems": {
      "t": [{"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"S": "1"}, "g": {"S": "x"}}}},
            {"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"S": "1"}, "l": {"S": "y"}}}}],
      "plain": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}]}})");
  EXPECT_EQ(response["ConsumedCapacity"], wire::Json::parse(R"([
      {"TableName": "plain", "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}},
      {"TableName": "t", "CapacityUnits": 4.0, "Table": {"CapacityUnits": 2.0},
       "GlobalSecondaryIndexes": {"by_g": {"CapacityUnits": 1.0}},
       "LocalSecondaryIndexes": {"by_l": {"CapacityUnits": 1.0}}}])"));
  EXPECT_EQ(response["ItemCollectionMetrics"], wire::Json::parse(R"({"t": [
      {"ItemCollectionKey": {"pk": {"S": "a"}}, "SizeEstimateRangeGB": [0.0, 1.0]},
      {"ItemCollectionKey": {"pk": {"S": "b"}}, "SizeEstimateRangeGB": [0.0, 1.0]}]})"));
  EXPECT_FALSE(Ok(&BatchWriteItem, R"({"ReturnItemCollectionMetrics": "SIZE", "RequestItems": {
                   "plain": [{"PutRequest": {"Item": {"pk": {"S": "b"}}}}]}})")
                   .contains("ItemCollectionMetrics"));
}

TEST_F(IndexWritesTest, BatchWithABadIndexKeyWritesNothing) {
  EXPECT_EQ(Error(&BatchWriteItem, R"({"RequestItems": {
                "plain": [{"PutRequest": {"Item": {"pk": {"S": "ok"}}}}],
                "t": [{"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"S": "1"}}}},
                      {"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"S": "1"},
                                               "l": {"NULL": true}}}}]}})"),
            "ValidationException: One or more parameter values were invalid: Type mismatch for "
            "Index Key l Expected: S Actual: NULL IndexName: by_l");
  EXPECT_FALSE(
      Ok(&GetItem, R"({"TableName": "plain", "Key": {"pk": {"S": "ok"}}})").contains("Item"));
  EXPECT_FALSE(Ok(&GetItem, R"({"TableName": "t", "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}}})")
                   .contains("Item"));
}

TEST_F(IndexWritesTest, ItemCollectionSizeLimit) {
  const std::string filler(300, 'x');
  auto put = [&](const std::string& sk) {
    return Call(&PutItem, R"({"TableName": "t", "Item": {"pk": {"S": "a"}, "sk": {"S": ")" + sk +
                              R"("}, "l": {"S": "y"}, "d": {"S": ")" + filler + "\"}}}");
  };
  ASSERT_TRUE(put("1").has_value());
  Result<wire::Json> refused = put("2");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::kItemCollectionSizeLimitExceeded);
  Result<wire::Json> batch = Call(&BatchWriteItem, R"({"RequestItems": {"t": [
      {"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"S": "3"}, "d": {"S": ")" +
                                                       filler + R"("}}}}]}})");
  ASSERT_FALSE(batch.has_value());
  EXPECT_EQ(batch.error().code(), ErrorCode::kItemCollectionSizeLimitExceeded);
  // Another partition key is another collection.
  Ok(&PutItem, R"({"TableName": "t", "Item": {"pk": {"S": "b"}, "sk": {"S": "1"}}})");
}

}  // namespace
}  // namespace dynafake::api
