// A catalog on an in-memory store with a frozen clock, and helpers to call the control operations
// with literal JSON, for the control-plane tests.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "api/operation.h"
#include "storage/kv_store.h"
#include "streams/stream_store.h"
#include "table/catalog.h"

namespace dynafake::api {

// 2026-10-09T00:21:34.123Z.
constexpr int64_t kTestStartMicros = 1'791'505'294'123'000;

class ControlTest : public ::testing::Test {
 protected:
  explicit ControlTest(double transition_seconds = 0)
      : catalog_(store_.get(), &clock_, "123456789012", transition_seconds),
        streams_(&clock_, catalog_.transition_micros()) {
    context_.streams = &streams_;
  }

  Result<wire::Json> Call(Handler handler, const std::string& json) {
    return handler(context_, wire::Json::parse(json));
  }

  // The answer of a call that must succeed.
  wire::Json Ok(Handler handler, const std::string& json) {
    Result<wire::Json> result = Call(handler, json);
    EXPECT_TRUE(result.has_value()) << json << " -> " << result.error().ToString();
    return result.has_value() ? result.value() : wire::Json();
  }

  // The message of a call that must fail with `code`.
  std::string Error(Handler handler, const std::string& json,
                    ErrorCode code = ErrorCode::kValidation) {
    Result<wire::Json> result = Call(handler, json);
    if (result.has_value()) {
      ADD_FAILURE() << json << " unexpectedly succeeded: " << result.value().dump();
      return "";
    }
    EXPECT_EQ(result.error().code(), code) << result.error().ToString();
    return result.error().message();
  }

  wire::Json Describe(const std::string& name) {
    return Ok(&DescribeTable, R"({"TableName":")" + name + R"("})")["Table"];
  }

  std::unique_ptr<storage::KvStore> store_ = storage::NewMemoryStore();
  SettableClock clock_{kTestStartMicros};
  table::Catalog catalog_;
  streams::StreamStore streams_;
  RequestContext context_{"us-east-1", &catalog_, &clock_};
};

}  // namespace dynafake::api
