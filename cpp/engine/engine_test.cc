#include "dynafake/engine.h"

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "util/crc32.h"
#include "wire/json.h"

namespace dynafake {
namespace {

constexpr std::string_view kRegion = "us-east-1";

std::unique_ptr<Engine> OpenEngine(EngineOptions options = {}) {
  auto engine = Engine::Open(std::move(options));
  EXPECT_TRUE(engine.has_value()) << engine.status().ToString();
  return std::move(engine).value();
}

Response Call(Engine& engine, std::string_view operation, const wire::Json& body) {
  return engine.Handle(kRegion, std::string("DynamoDB_20120810.") + std::string(operation),
                       body.dump());
}

wire::Json Body(const Response& response) {
  return wire::Json::parse(response.body);
}

void CreateOrdersTable(Engine& engine) {
  Response created =
      Call(engine, "CreateTable",
           {{"TableName", "orders"},
            {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
            {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
            {"BillingMode", "PAY_PER_REQUEST"}});
  ASSERT_EQ(created.http_status, 200) << created.body;
}

std::string Header(const Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) {
      return value;
    }
  }
  return "";
}

TEST(EngineHandle, UnknownOperationHasNoMessage) {
  auto engine = OpenEngine();
  Response response = engine->Handle(kRegion, "DynamoDB_20120810.Frobnicate", "{}");
  EXPECT_EQ(response.http_status, 400);
  EXPECT_EQ(response.body, R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
}

TEST(EngineHandle, StreamsTargetIsUnknownUntilStreamsExist) {
  auto engine = OpenEngine();
  Response response = engine->Handle(kRegion, "DynamoDBStreams_20120810.ListStreams", "{}");
  EXPECT_EQ(Body(response)["__type"], "com.amazon.coral.service#UnknownOperationException");
}

TEST(EngineHandle, MalformedJsonIsSerializationException) {
  auto engine = OpenEngine();
  Response response = engine->Handle(kRegion, "DynamoDB_20120810.ListTables", "{not json");
  EXPECT_EQ(response.http_status, 400);
  EXPECT_EQ(response.body, R"({"__type":"com.amazon.coral.service#SerializationException"})");
  EXPECT_FALSE(response.retryable);
}

TEST(EngineHandle, HeadersCarryRequestIdAndCrc) {
  auto engine = OpenEngine();
  Response response = Call(*engine, "ListTables", wire::Json::object());
  ASSERT_EQ(response.http_status, 200);
  EXPECT_EQ(response.body, R"({"TableNames":[]})");
  EXPECT_EQ(Header(response, "x-amz-crc32"), std::to_string(util::Crc32(response.body)));
  EXPECT_EQ(Header(response, "x-amzn-RequestId").size(), 52u);
  EXPECT_EQ(Header(response, "Content-Type"), "application/x-amz-json-1.0");
}

TEST(EngineHandle, PutThenGetReturnsCanonicalNumbers) {
  auto engine = OpenEngine();
  CreateOrdersTable(*engine);
  Response put =
      Call(*engine, "PutItem",
           {{"TableName", "orders"}, {"Item", {{"pk", {{"S", "a"}}}, {"n", {{"N", "1e3"}}}}}});
  ASSERT_EQ(put.http_status, 200) << put.body;
  EXPECT_EQ(put.body, "{}");
  Response got =
      Call(*engine, "GetItem", {{"TableName", "orders"}, {"Key", {{"pk", {{"S", "a"}}}}}});
  ASSERT_EQ(got.http_status, 200) << got.body;
  EXPECT_EQ(Body(got)["Item"]["n"]["N"], "1000");
}

TEST(EngineHandle, MissingTableIsResourceNotFound) {
  auto engine = OpenEngine();
  Response got = Call(*engine, "GetItem", {{"TableName", "nope"}, {"Key", {{"pk", {{"S", "a"}}}}}});
  EXPECT_EQ(got.http_status, 400);
  EXPECT_EQ(Body(got)["__type"], "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  EXPECT_EQ(Body(got)["message"], "Requested resource not found");
}

TEST(EngineHandle, RegionsAreSeparateNamespaces) {
  auto engine = OpenEngine();
  CreateOrdersTable(*engine);
  Response other = engine->Handle("eu-west-1", "DynamoDB_20120810.ListTables", "{}");
  EXPECT_EQ(other.body, R"({"TableNames":[]})");
}

TEST(EngineHandle, ConcurrentWritersAndReadersSeeWholeItems) {
  auto engine = OpenEngine();
  CreateOrdersTable(*engine);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string pk = "k" + std::to_string(i % 10);
        const std::string value = std::to_string(t * 1000 + i);
        Response put =
            Call(*engine, "PutItem",
                 {{"TableName", "orders"},
                  {"Item", {{"pk", {{"S", pk}}}, {"a", {{"N", value}}}, {"b", {{"N", value}}}}}});
        Response got =
            Call(*engine, "GetItem", {{"TableName", "orders"}, {"Key", {{"pk", {{"S", pk}}}}}});
        wire::Json item = Body(got)["Item"];
        if (put.http_status != 200 || got.http_status != 200 || item["a"] != item["b"]) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failures.load(), 0);
}

TEST(EngineOpen, LevelDbEngineKeepsTablesAndItemsAcrossReopen) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("dynafake-engine-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(path);
  {
    auto engine = OpenEngine({.path = path.string()});
    CreateOrdersTable(*engine);
    Response put = Call(
        *engine, "PutItem",
        {{"TableName", "orders"}, {"Item", {{"pk", {{"S", "kept"}}}, {"v", {{"BOOL", true}}}}}});
    ASSERT_EQ(put.http_status, 200) << put.body;
  }
  {
    auto engine = OpenEngine({.path = path.string()});
    Response got =
        Call(*engine, "GetItem", {{"TableName", "orders"}, {"Key", {{"pk", {{"S", "kept"}}}}}});
    ASSERT_EQ(got.http_status, 200) << got.body;
    EXPECT_EQ(Body(got)["Item"]["v"]["BOOL"], true);
    Response described = Call(*engine, "DescribeTable", {{"TableName", "orders"}});
    EXPECT_EQ(Body(described)["Table"]["ItemCount"], 1);
  }
  std::filesystem::remove_all(path);
}

TEST(EngineOpen, HeldLevelDbPathFailsCleanly) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("dynafake-engine-held-" + std::to_string(::getpid()));
  std::filesystem::remove_all(path);
  auto first = OpenEngine({.path = path.string()});
  auto second = Engine::Open({.path = path.string()});
  EXPECT_FALSE(second.has_value());
  first.reset();
  std::filesystem::remove_all(path);
}

}  // namespace
}  // namespace dynafake
