#include "dynafake/engine.h"

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storage/kv_store.h"
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

Response CallStreams(Engine& engine, std::string_view operation, const wire::Json& body) {
  return engine.Handle(kRegion, std::string("DynamoDBStreams_20120810.") + std::string(operation),
                       body.dump());
}

wire::Json Body(const Response& response) {
  return wire::Json::parse(response.body);
}

// With a stream of `stream_view_type` when one is given; returns the CreateTable answer.
wire::Json CreateOrdersTable(Engine& engine, const std::string& stream_view_type = "") {
  wire::Json request = {
      {"TableName", "orders"},
      {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
      {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
      {"BillingMode", "PAY_PER_REQUEST"}};
  if (!stream_view_type.empty()) {
    request["StreamSpecification"] = {{"StreamEnabled", true},
                                      {"StreamViewType", stream_view_type}};
  }
  Response created = Call(engine, "CreateTable", request);
  EXPECT_EQ(created.http_status, 200) << created.body;
  return Body(created);
}

// Enables TTL on attribute "expires" of the orders table and puts item `pk` expiring at
// `expires_seconds`.
void PutExpiring(Engine& engine, const std::string& pk, int64_t expires_seconds) {
  Response put = Call(
      engine, "PutItem",
      {{"TableName", "orders"},
       {"Item", {{"pk", {{"S", pk}}}, {"expires", {{"N", std::to_string(expires_seconds)}}}}}});
  ASSERT_EQ(put.http_status, 200) << put.body;
}

void EnableTimeToLive(Engine& engine) {
  Response enabled =
      Call(engine, "UpdateTimeToLive",
           {{"TableName", "orders"},
            {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "expires"}}}});
  ASSERT_EQ(enabled.http_status, 200) << enabled.body;
}

bool HasItem(Engine& engine, const std::string& pk) {
  Response got = Call(engine, "GetItem", {{"TableName", "orders"}, {"Key", {{"pk", {{"S", pk}}}}}});
  EXPECT_EQ(got.http_status, 200) << got.body;
  return Body(got).contains("Item");
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

TEST(EngineHandle, StreamsOperationsAreServedAndOthersUnknown) {
  auto engine = OpenEngine();
  Response listed = engine->Handle(kRegion, "DynamoDBStreams_20120810.ListStreams", "{}");
  EXPECT_EQ(listed.http_status, 200);
  EXPECT_EQ(Body(listed)["Streams"], wire::Json::array());
  Response unknown = engine->Handle(kRegion, "DynamoDBStreams_20120810.PutItem", "{}");
  EXPECT_EQ(Body(unknown)["__type"], "com.amazon.coral.service#UnknownOperationException");
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

TEST(EngineTimeToLive, SweepsFallDueOnTheClock) {
  auto clock = std::make_shared<SettableClock>(int64_t{1'767'225'600} * 1'000'000);
  auto engine = OpenEngine({.clock = clock, .background_sweeps = false});
  CreateOrdersTable(*engine);
  EnableTimeToLive(*engine);
  PutExpiring(*engine, "soon", 1'767'225'600 + 10);
  PutExpiring(*engine, "later", 1'767'225'600 + 3600);
  clock->Advance(30'000'000);
  engine->RunDue();
  EXPECT_TRUE(HasItem(*engine, "soon")) << "expired, not yet swept: still read";
  clock->Advance(30'000'000);  // the first sweep is due 60 s after the engine opened
  engine->RunDue();
  EXPECT_FALSE(HasItem(*engine, "soon"));
  EXPECT_TRUE(HasItem(*engine, "later"));
  clock->Advance(int64_t{3600} * 1'000'000);
  Result<int64_t> swept = engine->SweepTimeToLive();
  ASSERT_TRUE(swept.has_value());
  EXPECT_EQ(swept.value(), 1);
  EXPECT_FALSE(HasItem(*engine, "later"));
}

TEST(EngineTimeToLive, BackgroundSweepsExpireItemsOnARunningClock) {
  auto engine = OpenEngine({.ttl_sweep_interval_seconds = 0.02});
  CreateOrdersTable(*engine, "KEYS_ONLY");
  EnableTimeToLive(*engine);
  PutExpiring(*engine, "gone", engine->clock().NowMicros() / 1'000'000 - 1);
  // From here no request and no RunDue: only the engine's own thread can delete the item, which
  // adds a REMOVE record to the stream.
  const uint64_t after_put = engine->StreamSequence();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (engine->StreamSequence() == after_put && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GT(engine->StreamSequence(), after_put);
  EXPECT_FALSE(HasItem(*engine, "gone"));
}

TEST(EngineOpen, LevelDbEngineKeepsRecordingTheLatestStreamAfterReopening) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("dynafake-engine-stream-" + std::to_string(::getpid()));
  std::filesystem::remove_all(path);
  std::string stream_arn;
  {
    auto engine = OpenEngine({.path = path.string()});
    stream_arn = CreateOrdersTable(*engine, "KEYS_ONLY")["TableDescription"]["LatestStreamArn"];
  }
  auto engine = OpenEngine({.path = path.string()});
  EXPECT_EQ(
      Body(Call(*engine, "DescribeTable", {{"TableName", "orders"}}))["Table"]["LatestStreamArn"],
      stream_arn);
  PutExpiring(*engine, "after-reopen", 0);
  Response described = CallStreams(*engine, "DescribeStream", {{"StreamArn", stream_arn}});
  ASSERT_EQ(described.http_status, 200) << described.body;
  const std::string shard_id = Body(described)["StreamDescription"]["Shards"][0]["ShardId"];
  Response iterator = CallStreams(
      *engine, "GetShardIterator",
      {{"StreamArn", stream_arn}, {"ShardId", shard_id}, {"ShardIteratorType", "TRIM_HORIZON"}});
  ASSERT_EQ(iterator.http_status, 200) << iterator.body;
  Response records =
      CallStreams(*engine, "GetRecords", {{"ShardIterator", Body(iterator)["ShardIterator"]}});
  ASSERT_EQ(records.http_status, 200) << records.body;
  ASSERT_EQ(Body(records)["Records"].size(), 1u);
  EXPECT_EQ(Body(records)["Records"][0]["dynamodb"]["Keys"]["pk"]["S"], "after-reopen");
  engine.reset();
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

TEST(EngineOpen, HeldLevelDbPathNamesTheOtherEngine) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("dynafake-engine-lock-" + std::to_string(::getpid()));
  std::filesystem::remove_all(path);
  auto first = OpenEngine({.path = path.string()});
  auto second = Engine::Open({.path = path.string()});
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.status().code(), ErrorCode::kInternalServerError);
  EXPECT_EQ(second.status().message(),
            "Cannot open the database at '" + path.string() +
                "': it is in use by another engine (its LOCK file is held)");
  first.reset();
  EXPECT_TRUE(Engine::Open({.path = path.string()}).has_value());
  std::filesystem::remove_all(path);
}

// The storage format record: [table id 0: fixed32 BE]['F'] -> [format: fixed32 BE].
const std::string kStorageFormatKey = std::string("\0\0\0\0F", 5);

std::optional<std::string> StoredFormat(const std::string& path) {
  auto store = storage::OpenLevelDbStore(path);
  EXPECT_TRUE(store.has_value()) << store.status().ToString();
  return store.value()->Get({}, kStorageFormatKey).value();
}

void StoreFormat(const std::string& path, std::optional<std::string> format) {
  auto store = storage::OpenLevelDbStore(path);
  ASSERT_TRUE(store.has_value()) << store.status().ToString();
  storage::WriteBatch batch;
  if (format.has_value()) {
    batch.Put(kStorageFormatKey, *format);
  } else {
    batch.Delete(kStorageFormatKey);
  }
  ASSERT_TRUE(store.value()->Write({}, batch).ok());
}

TEST(EngineOpen, StorageFormatIsRecordedAndANewerOneRefused) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("dynafake-engine-format-" + std::to_string(::getpid()));
  std::filesystem::remove_all(path);
  {
    auto engine = OpenEngine({.path = path.string()});
    CreateOrdersTable(*engine);
  }
  EXPECT_EQ(StoredFormat(path.string()), std::string("\0\0\0\1", 4));

  // A database from before the record existed has the current layout: it opens and gains it.
  StoreFormat(path.string(), std::nullopt);
  {
    auto engine = OpenEngine({.path = path.string()});
    EXPECT_EQ(Body(Call(*engine, "ListTables", wire::Json::object()))["TableNames"].size(), 1u);
  }
  EXPECT_EQ(StoredFormat(path.string()), std::string("\0\0\0\1", 4));

  StoreFormat(path.string(), std::string("\0\0\0\7", 4));
  auto newer = Engine::Open({.path = path.string()});
  ASSERT_FALSE(newer.has_value());
  EXPECT_EQ(newer.status().code(), ErrorCode::kInternalServerError);
  EXPECT_EQ(
      newer.status().message(),
      "The database at '" + path.string() +
          "' was written by a newer dynafake (storage format 7); this version reads format 1");
  // The refusal left the database untouched and unlocked.
  EXPECT_EQ(StoredFormat(path.string()), std::string("\0\0\0\7", 4));

  StoreFormat(path.string(), std::string("\1", 1));
  auto unreadable = Engine::Open({.path = path.string()});
  ASSERT_FALSE(unreadable.has_value());
  EXPECT_EQ(unreadable.status().message(),
            "The database at '" + path.string() + "' has an unreadable storage format record");
  std::filesystem::remove_all(path);
}

TEST(EngineOpen, DurabilityIsValidatedAndEachPolicyPersists) {
  EXPECT_EQ(Engine::Open({.durability = "eventually"}).status().code(), ErrorCode::kValidation);
  EXPECT_EQ(Engine::Open({.durability = "eventually"}).status().message(),
            "Unknown durability 'eventually': expected process, sync or group");
  for (const std::string durability : {"process", "sync", "group"}) {
    SCOPED_TRACE(durability);
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("dynafake-engine-" + durability + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    {
      auto engine = OpenEngine({.path = path.string(), .durability = durability});
      CreateOrdersTable(*engine);
      PutExpiring(*engine, "kept", 0);
    }
    auto engine = OpenEngine({.path = path.string(), .durability = durability});
    EXPECT_TRUE(HasItem(*engine, "kept"));
    engine.reset();
    std::filesystem::remove_all(path);
  }
}

TEST(EngineCapacity, ModesPerEngineAndPerTable) {
  EXPECT_EQ(Engine::Open(EngineOptions{.capacity_mode = "bogus"}).status().code(),
            ErrorCode::kValidation);
  std::unique_ptr<Engine> engine = OpenEngine(EngineOptions{.capacity_mode = "off"});
  CreateOrdersTable(*engine);
  EXPECT_EQ(engine->CapacityMode(kRegion, "").value(), "off");
  EXPECT_EQ(engine->CapacityMode(kRegion, "orders").value(), "off");
  ASSERT_TRUE(engine->SetCapacityMode(kRegion, "orders", "enforce").ok());
  EXPECT_EQ(engine->CapacityMode(kRegion, "orders").value(), "enforce");
  ASSERT_TRUE(engine->SetCapacityMode(kRegion, "", "track").ok());
  EXPECT_EQ(engine->CapacityMode(kRegion, "orders").value(), "enforce");
  ASSERT_TRUE(engine->SetCapacityMode(kRegion, "orders", "").ok());
  EXPECT_EQ(engine->CapacityMode(kRegion, "orders").value(), "track");
  EXPECT_EQ(engine->SetCapacityMode(kRegion, "orders", "loud").code(), ErrorCode::kValidation);
  EXPECT_EQ(engine->SetCapacityMode(kRegion, "missing", "off").code(),
            ErrorCode::kResourceNotFound);
  EXPECT_EQ(engine->CapacityMode(kRegion, "missing").status().code(), ErrorCode::kResourceNotFound);
}

TEST(EngineCapacity, TheReportHoldsWhatTrackedRequestsConsumed) {
  std::unique_ptr<Engine> engine = OpenEngine();
  CreateOrdersTable(*engine);
  ASSERT_EQ(Call(*engine, "PutItem", {{"TableName", "orders"}, {"Item", {{"pk", {{"S", "a"}}}}}})
                .http_status,
            200);
  const wire::Json report = wire::Json::parse(engine->CapacityReport());
  ASSERT_EQ(report["tables"].size(), 1u);
  EXPECT_EQ(report["tables"][0]["usage"]["write_units"], 1.0);
  engine->ResetCapacityUsage();
  EXPECT_EQ(wire::Json::parse(engine->CapacityReport())["tables"][0]["usage"]["write_units"], 0.0);
}

}  // namespace
}  // namespace dynafake
