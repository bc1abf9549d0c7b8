#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api/read/read_test_util.h"

namespace dynafake::api {
namespace {

class ScanTest : public ReadTest {
 protected:
  void PutHashItems(int count) {
    for (int i = 0; i < count; ++i) {
      Put("h", R"({"pk": {"S": "k)" + std::to_string(i) + R"("}})");
    }
  }

  // The partition keys of every page of `request`, following LastEvaluatedKey.
  std::vector<std::string> ScanAll(wire::Json request) {
    std::vector<std::string> keys;
    while (true) {
      const wire::Json page = Scan(request.dump());
      for (const std::string& key : Values(page, "pk")) {
        keys.push_back(key);
      }
      if (!page.contains("LastEvaluatedKey")) {
        return keys;
      }
      request["ExclusiveStartKey"] = page["LastEvaluatedKey"];
    }
  }
};

TEST_F(ScanTest, OrderIsStableAndPagesVisitEveryItemOnce) {
  PutHashItems(40);
  const std::vector<std::string> whole = ScanAll(wire::Json::parse(R"({"TableName": "h"})"));
  ASSERT_EQ(whole.size(), 40u);
  for (int limit : {1, 7, 40}) {
    wire::Json request = wire::Json::parse(R"({"TableName": "h"})");
    request["Limit"] = limit;
    EXPECT_EQ(ScanAll(request), whole) << "Limit " << limit;
  }
}

TEST_F(ScanTest, ParallelSegmentsCoverTheTableOnce) {
  PutHashItems(60);
  const std::vector<std::string> whole = ScanAll(wire::Json::parse(R"({"TableName": "h"})"));
  for (int total : {1, 2, 3, 7, 100}) {
    std::map<std::string, int> seen;
    for (int segment = 0; segment < total; ++segment) {
      wire::Json request = wire::Json::parse(R"({"TableName": "h", "Limit": 4})");
      request["Segment"] = segment;
      request["TotalSegments"] = total;
      for (const std::string& key : ScanAll(request)) {
        ++seen[key];
      }
    }
    EXPECT_EQ(seen.size(), whole.size()) << "TotalSegments " << total;
    for (const auto& [key, times] : seen) {
      EXPECT_EQ(times, 1) << key;
    }
  }
}

TEST_F(ScanTest, FilterMayUseKeysAndIndexesHoldOnlyIndexedItems) {
  Put("t", R"({"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": "G"}})");
  Put("t", R"({"pk": {"S": "b"}, "sk": {"N": "2"}})");
  const wire::Json filtered = Scan(R"({"FilterExpression": "sk = :n",
      "ExpressionAttributeValues": {":n": {"N": "2"}}})");
  EXPECT_EQ(Values(filtered, "pk"), std::vector<std::string>{"b"});
  EXPECT_EQ(filtered["ScannedCount"], 2);
  const wire::Json index = Scan(R"({"IndexName": "by_g", "ReturnConsumedCapacity": "INDEXES"})");
  EXPECT_EQ(Values(index, "pk"), std::vector<std::string>{"a"});
  EXPECT_EQ(index["ConsumedCapacity"], wire::Json::parse(R"({"TableName": "t",
      "CapacityUnits": 0.5, "GlobalSecondaryIndexes": {"by_g": {"CapacityUnits": 0.5}}})"));
  const wire::Json legacy = Scan(R"({"ScanFilter": {
      "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}},
      "AttributesToGet": ["sk"]})");
  EXPECT_EQ(legacy["Items"], wire::Json::parse(R"([{"sk": {"N": "1"}}])"));
}

TEST_F(ScanTest, SegmentErrors) {
  EXPECT_EQ(ScanError(R"({"Segment": 0})"),
            "The TotalSegments parameter is required but was not present in the request when "
            "Segment parameter is present");
  EXPECT_EQ(ScanError(R"({"TotalSegments": 4})"),
            "The Segment parameter is required but was not present in the request when parameter "
            "TotalSegments is present");
  EXPECT_EQ(ScanError(R"({"Segment": 7, "TotalSegments": 5})"),
            "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
            "Segment: 7 is not less than TotalSegments: 5");
}

TEST_F(ScanTest, StartKeyInAnotherSegment) {
  PutHashItems(20);
  std::string in_segment_one;
  for (const std::string& key :
       ScanAll(wire::Json::parse(R"({"TableName": "h", "Segment": 1, "TotalSegments": 2})"))) {
    in_segment_one = key;
  }
  ASSERT_FALSE(in_segment_one.empty());
  wire::Json request = wire::Json::parse(R"({"TableName": "h", "Segment": 0, "TotalSegments": 2})");
  request["ExclusiveStartKey"]["pk"]["S"] = in_segment_one;
  EXPECT_EQ(ScanError(request.dump()),
            "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use "
            "ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: 0");
  request["Segment"] = 1;
  EXPECT_TRUE(Scan(request.dump()).contains("Items"));
}

TEST_F(ScanTest, StartKeyErrors) {
  EXPECT_EQ(ScanError(R"({"TableName": "h", "ExclusiveStartKey": {"bad": {"S": "p"}}})"),
            "The provided starting key is invalid: The provided key element does not match the "
            "schema");
  EXPECT_EQ(ScanError(R"({"ExclusiveStartKey": {"pk": {"S": "p"}}})"),
            "The provided starting key is invalid: The provided key element does not match the "
            "schema");
  EXPECT_EQ(ScanError(R"({"IndexName": "nope", "ExclusiveStartKey": {"pk": {"S": "p"}}})"),
            "The provided starting key is invalid");
  EXPECT_EQ(ScanError(R"({"IndexName": "nope"})"),
            "The table does not have the specified index: nope");
  EXPECT_EQ(ScanError(R"({"IndexName": "by_g",
      "ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"N": "1"}, "x": {"S": "G"}}})"),
            "The provided starting key is invalid");
  EXPECT_EQ(ScanError(R"({"IndexName": "by_g",
      "ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"N": "1"}, "g": {"N": "1"}}})"),
            "The provided key element does not match the schema");
}

TEST_F(ScanTest, SelectConflictsAreBare) {
  EXPECT_EQ(ScanError(R"({"Select": "COUNT", "ProjectionExpression": "a"})"),
            "Cannot specify the ProjectionExpression when choosing to get only the Count");
  EXPECT_EQ(ScanError(R"({"Select": "SPECIFIC_ATTRIBUTES"})"),
            "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
            "SPECIFIC_ATTRIBUTES");
  EXPECT_EQ(ScanError(R"({"Select": "ALL_PROJECTED_ATTRIBUTES"})"),
            "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  EXPECT_EQ(ScanError(R"({"IndexName": "by_g", "Select": "ALL_ATTRIBUTES"})"),
            "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
            "supported for global secondary index by_g because its projection type is not ALL");
  EXPECT_EQ(ScanError(R"({"IndexName": "by_g", "ConsistentRead": true})"),
            "Consistent reads are not supported on global secondary indexes");
}

TEST_F(ScanTest, LocalIndexScanFetchesForAllAttributes) {
  Put("t", R"({"pk": {"S": "p"}, "sk": {"N": "1"}, "l": {"S": "L"}, "y": {"S": "out"}})");
  const wire::Json page =
      Scan(R"({"IndexName": "by_l", "Select": "ALL_ATTRIBUTES", "ConsistentRead": true})");
  EXPECT_EQ(page["Items"][0]["y"]["S"], "out");
}

}  // namespace
}  // namespace dynafake::api
