// A catalog with tables for the Query and Scan tests, and helpers to write items and read pages
// with literal JSON.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api/control/control_test_util.h"
#include "expr/expressions.h"
#include "wire/json_writer.h"

namespace dynafake::api {

// "t": pk S, sk N; global index "by_g" (g S, sk N, KEYS_ONLY); local index "by_l" (pk, l S,
// INCLUDE x). "h": pk S only.
constexpr char kReadTables[] = R"([{
  "TableName": "t",
  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                           {"AttributeName": "sk", "AttributeType": "N"},
                           {"AttributeName": "g", "AttributeType": "S"},
                           {"AttributeName": "l", "AttributeType": "S"}],
  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"}],
  "BillingMode": "PAY_PER_REQUEST",
  "GlobalSecondaryIndexes": [{"IndexName": "by_g",
      "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"}],
      "Projection": {"ProjectionType": "KEYS_ONLY"}}],
  "LocalSecondaryIndexes": [{"IndexName": "by_l",
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "l", "KeyType": "RANGE"}],
      "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}}]
}, {
  "TableName": "h",
  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
  "BillingMode": "PAY_PER_REQUEST"
}])";

class ReadTest : public ControlTest {
 protected:
  ReadTest() {
    context_.parse_cache = parse_cache_.get();
    for (const wire::Json& table : wire::Json::parse(kReadTables)) {
      Ok(&CreateTable, table.dump());
    }
  }

  void Put(const std::string& table, const std::string& item) {
    Ok(&PutItem, R"({"TableName": ")" + table + R"(", "Item": )" + item + "}");
  }

  // The request with "TableName": "t" unless it names another table.
  static std::string OnTable(const std::string& request) {
    wire::Json json = wire::Json::parse(request);
    if (!json.contains("TableName")) {
      json["TableName"] = "t";
    }
    return json.dump();
  }

  // A page as the client receives it: the handler's response through the engine's writer (Items
  // is embedded as text ahead of serialization) and parsed back.
  static wire::Json AsSent(const wire::Json& response) {
    return wire::Json::parse(wire::ToJsonText(response));
  }

  wire::Json Query(const std::string& request) { return AsSent(Ok(&api::Query, OnTable(request))); }

  wire::Json Scan(const std::string& request) { return AsSent(Ok(&api::Scan, OnTable(request))); }

  std::string QueryError(const std::string& request) {
    return Error(&api::Query, OnTable(request));
  }

  std::string ScanError(const std::string& request) { return Error(&api::Scan, OnTable(request)); }

  // The values of attribute `name` (N as text, S as is) of a page's items, in order.
  static std::vector<std::string> Values(const wire::Json& page, const std::string& name) {
    std::vector<std::string> values;
    for (const wire::Json& item : page.at("Items")) {
      const wire::Json& value = item.at(name);
      values.push_back(value.contains("N") ? value["N"].get<std::string>()
                                           : value["S"].get<std::string>());
    }
    return values;
  }

  std::shared_ptr<expr::ParseCache> parse_cache_ = expr::NewParseCache();
};

}  // namespace dynafake::api
