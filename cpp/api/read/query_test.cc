#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api/read/read_test_util.h"

namespace dynafake::api {
namespace {

std::string Canonical(const char* number) {
  return model::Number::Parse(number).value().ToString();
}

using QueryTest = ReadTest;

TEST_F(QueryTest, SortsNumbersAcrossSignsAndMagnitudes) {
  const std::vector<const char*> sorted = {"-1E+125", "-10", "-1", "-1E-130", "0",
                                           "1E-130",  "0.5", "9",  "10",      "1E+125"};
  for (const char* sk :
       {"10", "0", "-1E-130", "1E+125", "-1", "0.5", "-1E+125", "9", "1E-130", "-10"}) {
    Put("t", R"({"pk": {"S": "p"}, "sk": {"N": ")" + std::string(sk) + R"("}})");
  }
  Put("t", R"({"pk": {"S": "other"}, "sk": {"N": "5"}})");
  std::vector<std::string> expected;
  for (const char* sk : sorted) {
    expected.push_back(Canonical(sk));
  }
  const std::string request = R"({"KeyConditionExpression": "pk = :p",
      "ExpressionAttributeValues": {":p": {"S": "p"}}})";
  const wire::Json forward = Query(request);
  EXPECT_EQ(Values(forward, "sk"), expected);
  EXPECT_EQ(forward["Count"], 10);
  EXPECT_EQ(forward["ScannedCount"], 10);
  EXPECT_FALSE(forward.contains("LastEvaluatedKey"));
  wire::Json reverse_request = wire::Json::parse(request);
  reverse_request["ScanIndexForward"] = false;
  const wire::Json reverse = Query(reverse_request.dump());
  EXPECT_EQ(Values(reverse, "sk"), std::vector<std::string>(expected.rbegin(), expected.rend()));
}

TEST_F(QueryTest, SortConditionsNarrowThePartition) {
  for (int sk = 1; sk <= 9; ++sk) {
    Put("t", R"({"pk": {"S": "p"}, "sk": {"N": ")" + std::to_string(sk) + R"("}})");
  }
  auto sks = [this](const std::string& condition, const std::string& values) {
    return Values(Query(R"({"KeyConditionExpression": "pk = :p AND )" + condition + R"(",
        "ExpressionAttributeValues": {":p": {"S": "p"}, )" +
                        values + "}}"),
                  "sk");
  };
  EXPECT_EQ(sks("sk BETWEEN :a AND :b", R"(":a": {"N": "3"}, ":b": {"N": "5"})"),
            (std::vector<std::string>{"3", "4", "5"}));
  EXPECT_EQ(sks("sk < :a", R"(":a": {"N": "3"})"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(sks(":a < sk", R"(":a": {"N": "7"})"), (std::vector<std::string>{"8", "9"}));
  EXPECT_EQ(sks("sk <= :a", R"(":a": {"N": "2.5"})"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(sks("sk = :a", R"(":a": {"N": "4.0"})"), (std::vector<std::string>{"4"}));
  EXPECT_EQ(Values(Query(R"({"KeyConditions": {
      "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
      "sk": {"ComparisonOperator": "GE", "AttributeValueList": [{"N": "8"}]}}})"),
                   "sk"),
            (std::vector<std::string>{"8", "9"}));
}

TEST_F(QueryTest, BeginsWithOnMultiByteStrings) {
  int sk = 0;
  for (const char* l : {"a", "ab", "\xC3\xA9", "\xC3\xA9t\xC3\xA9", "\xE4\xB8\xAD", "b"}) {
    Put("t", R"({"pk": {"S": "p"}, "sk": {"N": ")" + std::to_string(++sk) + R"("}, "l": {"S": ")" +
                 l + R"("}})");
  }
  const wire::Json page = Query(R"json({"IndexName": "by_l",
      "KeyConditionExpression": "pk = :p AND begins_with(l, :x)",
      "ExpressionAttributeValues": {":p": {"S": "p"}, ":x": {"S": "\u00e9"}}})json");
  EXPECT_EQ(Values(page, "l"), (std::vector<std::string>{"\xC3\xA9", "\xC3\xA9t\xC3\xA9"}));
  const wire::Json all = Query(R"({"IndexName": "by_l", "KeyConditionExpression": "pk = :p",
      "ExpressionAttributeValues": {":p": {"S": "p"}}})");
  EXPECT_EQ(Values(all, "l"), (std::vector<std::string>{"a", "ab", "b", "\xC3\xA9",
                                                        "\xC3\xA9t\xC3\xA9", "\xE4\xB8\xAD"}));
}

TEST_F(QueryTest, LimitPagesVisitEveryItemOnceAndStopAtLimitEvenAtTheEnd) {
  for (int sk = 1; sk <= 10; ++sk) {
    Put("t", R"({"pk": {"S": "p"}, "sk": {"N": ")" + std::to_string(sk) + R"("}})");
  }
  for (int limit : {1, 3, 5, 10, 11}) {
    wire::Json request = wire::Json::parse(R"({"KeyConditionExpression": "pk = :p",
        "ExpressionAttributeValues": {":p": {"S": "p"}}})");
    request["Limit"] = limit;
    std::vector<std::string> seen;
    int pages = 0;
    while (true) {
      const wire::Json page = Query(request.dump());
      ++pages;
      for (const std::string& sk : Values(page, "sk")) {
        seen.push_back(sk);
      }
      if (!page.contains("LastEvaluatedKey")) {
        break;
      }
      EXPECT_EQ(page["Count"], limit);
      EXPECT_EQ(page["LastEvaluatedKey"]["pk"]["S"], "p");
      request["ExclusiveStartKey"] = page["LastEvaluatedKey"];
    }
    EXPECT_EQ(seen.size(), 10u) << "Limit " << limit;
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 10u);
    // A page that stops at the Limit on the last item still has a LastEvaluatedKey; the page after
    // it is empty.
    EXPECT_EQ(pages, limit >= 11 ? 1 : 10 / limit + 1) << "Limit " << limit;
  }
}

TEST_F(QueryTest, ReversePagesResumeBackwards) {
  for (int sk = 1; sk <= 7; ++sk) {
    Put("t", R"({"pk": {"S": "p"}, "sk": {"N": ")" + std::to_string(sk) + R"("}})");
  }
  wire::Json request = wire::Json::parse(R"({"KeyConditionExpression": "pk = :p AND sk <= :n",
      "ExpressionAttributeValues": {":p": {"S": "p"}, ":n": {"N": "6"}}, "Limit": 2,
      "ScanIndexForward": false})");
  std::vector<std::string> seen;
  while (true) {
    const wire::Json page = Query(request.dump());
    for (const std::string& sk : Values(page, "sk")) {
      seen.push_back(sk);
    }
    if (!page.contains("LastEvaluatedKey")) {
      break;
    }
    request["ExclusiveStartKey"] = page["LastEvaluatedKey"];
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"6", "5", "4", "3", "2", "1"}));
}

TEST_F(QueryTest, FilterCountsAfterLimitAndLastEvaluatedKeyIsLastRead) {
  for (int sk = 1; sk <= 6; ++sk) {
    Put("t", R"({"pk": {"S": "p"}, "sk": {"N": ")" + std::to_string(sk) + R"("}, "even": )" +
                 (sk % 2 == 0 ? "{\"BOOL\": true}" : "{\"BOOL\": false}") + "}");
  }
  const wire::Json page = Query(R"({"KeyConditionExpression": "pk = :p", "Limit": 3,
      "FilterExpression": "even = :t",
      "ExpressionAttributeValues": {":p": {"S": "p"}, ":t": {"BOOL": true}}})");
  EXPECT_EQ(Values(page, "sk"), (std::vector<std::string>{"2"}));
  EXPECT_EQ(page["Count"], 1);
  EXPECT_EQ(page["ScannedCount"], 3);
  EXPECT_EQ(page["LastEvaluatedKey"], wire::Json::parse(R"({"pk": {"S": "p"}, "sk": {"N": "3"}})"));
  const wire::Json count = Query(R"({"KeyConditions": {
      "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}},
      "QueryFilter": {"even": {"ComparisonOperator": "EQ", "AttributeValueList": [{"BOOL": true}]}},
      "Select": "COUNT"})");
  EXPECT_FALSE(count.contains("Items"));
  EXPECT_EQ(count["Count"], 3);
  EXPECT_EQ(count["ScannedCount"], 6);
}

TEST_F(QueryTest, ProjectionAppliesAfterTheFilter) {
  Put("t", R"({"pk": {"S": "p"}, "sk": {"N": "1"}, "a": {"S": "x"}, "b": {"S": "y"}})");
  const wire::Json page = Query(R"({"KeyConditionExpression": "pk = :p",
      "FilterExpression": "b = :y", "ProjectionExpression": "a",
      "ExpressionAttributeValues": {":p": {"S": "p"}, ":y": {"S": "y"}}})");
  EXPECT_EQ(page["Items"], wire::Json::parse(R"([{"a": {"S": "x"}}])"));
}

TEST_F(QueryTest, PageStopsOnceItReachesOneMegabyte) {
  // Each item's page size: pk 3, v 200000 + 3 + 1, body 200007, 66 blocks of 18 + 2 (sk):
  // 2 + 200007 + 1320 = 201329. Five make 1006645, the sixth 1207974 >= 1048576.
  const std::string v(200000, 'v');
  for (int sk = 1; sk <= 8; ++sk) {
    Put("t", R"({"pk": {"S": "p"}, "sk": {"N": ")" + std::to_string(sk) + R"("}, "v": {"S": ")" +
                 v + R"("}})");
  }
  const wire::Json page = Query(R"({"KeyConditionExpression": "pk = :p", "Select": "COUNT",
      "ExpressionAttributeValues": {":p": {"S": "p"}}})");
  EXPECT_EQ(page["ScannedCount"], 6);
  EXPECT_EQ(page["LastEvaluatedKey"], wire::Json::parse(R"({"pk": {"S": "p"}, "sk": {"N": "6"}})"));
}

TEST_F(QueryTest, ConsumedCapacityRoundsThePageOnce) {
  // Each item: pk 2 + 1, sk 2 + 2, v 1 + 4000: 4008 bytes; two make 8016: 2 units.
  const std::string v(4000, 'v');
  for (int sk = 1; sk <= 2; ++sk) {
    Put("t", R"({"pk": {"S": "p"}, "sk": {"N": ")" + std::to_string(sk) + R"("}, "v": {"S": ")" +
                 v + R"("}})");
  }
  const std::string request = R"({"KeyConditionExpression": "pk = :p",
      "ExpressionAttributeValues": {":p": {"S": "p"}}, "ReturnConsumedCapacity": "TOTAL")";
  EXPECT_EQ(Query(request + "}")["ConsumedCapacity"],
            wire::Json::parse(R"({"TableName": "t", "CapacityUnits": 1.0})"));
  EXPECT_EQ(Query(request + R"(, "ConsistentRead": true})")["ConsumedCapacity"]["CapacityUnits"],
            2.0);
  const wire::Json empty = Query(R"({"KeyConditionExpression": "pk = :p",
      "ExpressionAttributeValues": {":p": {"S": "none"}}, "ReturnConsumedCapacity": "INDEXES"})");
  EXPECT_EQ(empty["ConsumedCapacity"], wire::Json::parse(R"({"TableName": "t",
      "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.5}})"));
}

TEST_F(QueryTest, GlobalIndexPagesCarryIndexAndTableKeys) {
  for (const char* pk : {"a", "b", "c", "d"}) {
    Put("t", R"({"pk": {"S": ")" + std::string(pk) +
                 R"("}, "sk": {"N": "1"}, "g": {"S": "G"}, "x": {"S": "hidden"}})");
  }
  Put("t", R"({"pk": {"S": "e"}, "sk": {"N": "1"}})");  // not in the index
  wire::Json request = wire::Json::parse(R"({"IndexName": "by_g", "Limit": 1,
      "KeyConditionExpression": "g = :g", "ExpressionAttributeValues": {":g": {"S": "G"}},
      "ReturnConsumedCapacity": "INDEXES"})");
  std::set<std::string> seen;
  while (true) {
    const wire::Json page = Query(request.dump());
    for (const wire::Json& item : page["Items"]) {
      EXPECT_FALSE(item.contains("x")) << item.dump();
      seen.insert(item["pk"]["S"].get<std::string>());
    }
    EXPECT_EQ(page["ConsumedCapacity"], wire::Json::parse(R"({"TableName": "t",
        "CapacityUnits": 0.5, "GlobalSecondaryIndexes": {"by_g": {"CapacityUnits": 0.5}}})"));
    if (!page.contains("LastEvaluatedKey")) {
      break;
    }
    const wire::Json& key = page["LastEvaluatedKey"];
    EXPECT_EQ(key.size(), 3u) << key.dump();
    EXPECT_EQ(key["g"]["S"], "G");
    request["ExclusiveStartKey"] = key;
  }
  EXPECT_EQ(seen, (std::set<std::string>{"a", "b", "c", "d"}));
}

TEST_F(QueryTest, LocalIndexFetchesWhatItDoesNotHold) {
  Put("t", R"({"pk": {"S": "p"}, "sk": {"N": "1"}, "l": {"S": "L"}, "x": {"S": "in"},
      "y": {"S": "out"}})");
  const std::string request = R"({"IndexName": "by_l", "KeyConditionExpression": "pk = :p",
      "ExpressionAttributeValues": {":p": {"S": "p"}}, "ReturnConsumedCapacity": "INDEXES")";
  const wire::Json projected = Query(request + "}");
  EXPECT_EQ(projected["Items"][0].size(), 4u) << projected.dump();  // pk, sk, l, x
  EXPECT_FALSE(projected["ConsumedCapacity"].contains("Table"));
  const wire::Json all = Query(request + R"(, "Select": "ALL_ATTRIBUTES"})");
  EXPECT_EQ(all["Items"][0]["y"]["S"], "out");
  EXPECT_EQ(all["ConsumedCapacity"], wire::Json::parse(R"({"TableName": "t",
      "CapacityUnits": 1.0, "Table": {"CapacityUnits": 0.5},
      "LocalSecondaryIndexes": {"by_l": {"CapacityUnits": 0.5}}})"));
  const wire::Json specific = Query(request + R"(, "ProjectionExpression": "y"})");
  EXPECT_EQ(specific["Items"], wire::Json::parse(R"([{"y": {"S": "out"}}])"));
}

TEST_F(QueryTest, GlobalIndexProjectionReturnsOnlyWhatTheEntryHolds) {
  Put("t", R"({"pk": {"S": "p"}, "sk": {"N": "1"}, "g": {"S": "G"}, "y": {"S": "out"}})");
  const wire::Json page = Query(R"({"IndexName": "by_g", "KeyConditionExpression": "g = :g",
      "ProjectionExpression": "y, pk", "ExpressionAttributeValues": {":g": {"S": "G"}}})");
  EXPECT_EQ(page["Items"], wire::Json::parse(R"([{"pk": {"S": "p"}}])"));
}

}  // namespace
}  // namespace dynafake::api
