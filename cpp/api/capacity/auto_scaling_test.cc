#include "api/capacity/auto_scaling.h"

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "api/control/control_test_util.h"

namespace dynafake::api {
namespace {

using capacity::Operation;
using capacity::ResourceId;
using capacity::ScalingPolicy;

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;
// The minute containing kTestStartMicros (00:21:34.123): policies registered then start with it.
constexpr int64_t kMinute0 = kTestStartMicros / kMinute * kMinute;

ScalingPolicy Policy(double min, double max, double target = 70) {
  return ScalingPolicy{.min_units = min, .max_units = max, .target_utilization = target};
}

class AutoScalingTest : public ControlTest {
 protected:
  explicit AutoScalingTest(double transition_seconds = 0) : ControlTest(transition_seconds) {}

  // Table "t" (pk, sk) with the GSI "g" (2/2) and the LSI "l".
  void CreateProvisioned(int read, int write) {
    Ok(&CreateTable, R"({"TableName": "t",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                               {"AttributeName": "sk", "AttributeType": "S"},
                               {"AttributeName": "g", "AttributeType": "N"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"}],
      "ProvisionedThroughput": {"ReadCapacityUnits": )" +
                         std::to_string(read) + R"(, "WriteCapacityUnits": )" +
                         std::to_string(write) + R"(},
      "GlobalSecondaryIndexes": [{"IndexName": "g",
          "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
          "Projection": {"ProjectionType": "ALL"},
          "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}}],
      "LocalSecondaryIndexes": [{"IndexName": "l",
          "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                        {"AttributeName": "g", "KeyType": "RANGE"}],
          "Projection": {"ProjectionType": "KEYS_ONLY"}}]})");
  }

  table::TableDescription Live(const std::string& name = "t") {
    return catalog_.FindTable("us-east-1", name)->Describe();
  }

  ResourceId Table() { return ResourceId{.table_id = Live().table_id}; }

  ResourceId Index() {
    const table::TableDescription d = Live();
    return ResourceId{.table_id = d.table_id, .index_id = d.FindIndex("g")->index_id};
  }

  Status Register(std::string_view index, bool read, bool write, const ScalingPolicy& policy,
                  std::string_view table = "t") {
    return scaling_.Register(catalog_, "us-east-1", table, index, read, write, policy,
                             clock_.NowMicros());
  }

  // `units` consumed within minute `minute` (counted from kMinute0).
  void Consume(ResourceId resource, Operation operation, double units, int minute) {
    usage_.RecordConsumed(resource, operation, units, std::nullopt, "",
                          kMinute0 + minute * kMinute + kSecond);
  }

  // Moves the clock to `micros` and runs what is due.
  void RunAt(int64_t micros) {
    clock_.Set(micros);
    scaling_.RunDue(catalog_, usage_, micros);
  }

  capacity::UsageRecorder usage_;
  AutoScaling scaling_;
};

TEST_F(AutoScalingTest, RegisterRejectsWhatCannotBeScaled) {
  CreateProvisioned(10, 10);
  const Status missing = Register("", true, false, Policy(1, 10), "missing");
  EXPECT_EQ(missing.code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(missing.message(), "Requested resource not found: Table: missing not found");
  const Status no_index = Register("nope", true, false, Policy(1, 10));
  EXPECT_EQ(no_index.code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(no_index.message(), "Requested resource not found: Index nope for table t");
  EXPECT_EQ(Register("l", true, false, Policy(1, 10)).message(),
            "Cannot scale an index that is not a GlobalSecondaryIndex: l");
  EXPECT_EQ(Register("", true, false, Policy(1, 10, 95)).code(), ErrorCode::kValidation);
  EXPECT_EQ(Register("", false, false, Policy(1, 10)).code(), ErrorCode::kValidation);
  Ok(&CreateTable, R"({"TableName": "od", "BillingMode": "PAY_PER_REQUEST",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]})");
  EXPECT_EQ(Register("", true, true, Policy(1, 10), "od").message(),
            "Table od is in PAY_PER_REQUEST billing mode: auto scaling needs provisioned capacity");
  EXPECT_TRUE(scaling_.Policies(Live().table_id).empty());
}

TEST_F(AutoScalingTest, RegisteringMovesTheCapacityIntoRange) {
  CreateProvisioned(10, 10);
  ASSERT_TRUE(Register("", true, false, Policy(20, 100)).ok());
  ASSERT_TRUE(Register("", false, true, Policy(1, 5)).ok());
  ASSERT_TRUE(Register("g", true, true, Policy(1, 5)).ok());
  const table::TableDescription d = Live();
  EXPECT_EQ(d.provisioned_throughput.read_capacity_units, 20);
  EXPECT_EQ(d.provisioned_throughput.write_capacity_units, 5);
  EXPECT_EQ(d.provisioned_throughput.last_increase_micros, kTestStartMicros);
  // As an UpdateTable decrease: one of the day's budget.
  EXPECT_EQ(d.provisioned_throughput.number_of_decreases_today, 1);
  // Already in range: unchanged.
  EXPECT_EQ(d.FindIndex("g")->provisioned_throughput.read_capacity_units, 2);
  const std::vector<ScalingActivity> activities = scaling_.Activities(d.table_id);
  ASSERT_EQ(activities.size(), 2U);
  EXPECT_EQ(activities[0].cause, "minimum capacity was set to 20");
  EXPECT_EQ(activities[0].operation, Operation::kRead);
  EXPECT_EQ(activities[0].from_units, 10);
  EXPECT_EQ(activities[0].to_units, 20);
  EXPECT_EQ(activities[1].cause, "maximum capacity was set to 5");
  EXPECT_TRUE(activities[1].successful);
  const std::vector<ScalingTarget> policies = scaling_.Policies(d.table_id);
  ASSERT_EQ(policies.size(), 4U);
  EXPECT_EQ(policies[0].index_name, "");
  EXPECT_EQ(policies[0].operation, Operation::kRead);
  EXPECT_EQ(policies[0].policy.min_units, 20);
  EXPECT_EQ(policies[1].operation, Operation::kWrite);
  EXPECT_EQ(policies[2].index_name, "g");
  EXPECT_EQ(policies[3].index_name, "g");
  EXPECT_EQ(policies[3].operation, Operation::kWrite);
}

TEST_F(AutoScalingTest, ScalesOutAfterTwoBusyMinutes) {
  CreateProvisioned(10, 10);
  ASSERT_TRUE(Register("", false, true, Policy(1, 100)).ok());
  // 600 write units a minute is 10 per second, above 70% of 10.
  Consume(Table(), Operation::kWrite, 600, 0);
  Consume(Table(), Operation::kWrite, 600, 1);
  RunAt(kMinute0 + 2 * kMinute - 1);
  EXPECT_EQ(Live().provisioned_throughput.write_capacity_units, 10);
  RunAt(kMinute0 + 2 * kMinute);
  const table::TableDescription d = Live();
  EXPECT_EQ(d.provisioned_throughput.write_capacity_units, 15);
  EXPECT_EQ(d.provisioned_throughput.read_capacity_units, 10);
  EXPECT_EQ(d.provisioned_throughput.last_increase_micros, kMinute0 + 2 * kMinute);
  const std::vector<ScalingActivity> activities = scaling_.Activities(d.table_id);
  ASSERT_EQ(activities.size(), 1U);
  EXPECT_EQ(activities[0].at_micros, kMinute0 + 2 * kMinute);
  EXPECT_EQ(activities[0].from_units, 10);
  EXPECT_EQ(activities[0].to_units, 15);
  EXPECT_EQ(activities[0].cause,
            "2 consecutive minutes above 70% utilization of 10 units (latest 10 units/s)");
}

TEST_F(AutoScalingTest, ScalesInAfterFifteenIdleMinutes) {
  CreateProvisioned(100, 10);
  ASSERT_TRUE(Register("", true, false, Policy(5, 200)).ok());
  RunAt(kMinute0 + 14 * kMinute);
  EXPECT_EQ(Live().provisioned_throughput.read_capacity_units, 100);
  RunAt(kMinute0 + 15 * kMinute);
  const table::TableDescription d = Live();
  EXPECT_EQ(d.provisioned_throughput.read_capacity_units, 5);
  EXPECT_EQ(d.provisioned_throughput.number_of_decreases_today, 1);
  EXPECT_EQ(d.provisioned_throughput.last_decrease_micros, kMinute0 + 15 * kMinute);
}

TEST_F(AutoScalingTest, OneRunCatchesUpOnEveryMinuteThatEnded) {
  CreateProvisioned(100, 10);
  ASSERT_TRUE(Register("", true, false, Policy(5, 200)).ok());
  // Busy for minutes 20 and 21 after the idle ones: scaled in at 15, out again at 22.
  Consume(Table(), Operation::kRead, 6000, 20);
  Consume(Table(), Operation::kRead, 6000, 21);
  RunAt(kMinute0 + 30 * kMinute);
  const std::vector<ScalingActivity> activities = scaling_.Activities(Live().table_id);
  ASSERT_EQ(activities.size(), 2U);
  EXPECT_EQ(activities[0].at_micros, kMinute0 + 15 * kMinute);
  EXPECT_EQ(activities[0].to_units, 5);
  EXPECT_EQ(activities[1].at_micros, kMinute0 + 22 * kMinute);
  EXPECT_EQ(activities[1].to_units, 143);
  EXPECT_EQ(Live().provisioned_throughput.read_capacity_units, 143);
}

TEST_F(AutoScalingTest, ARefusedDecreaseIsAFailedActivityRetriedEveryMinute) {
  CreateProvisioned(100, 10);
  // The day's four decreases are spent at the start: the next one waits an hour.
  for (int read : {90, 80, 70, 60}) {
    Ok(&UpdateTable, R"({"TableName": "t", "ProvisionedThroughput": {"ReadCapacityUnits": )" +
                         std::to_string(read) + R"(, "WriteCapacityUnits": 10}})");
  }
  ASSERT_TRUE(Register("", true, false, Policy(1, 100)).ok());
  RunAt(kTestStartMicros + kHour - kSecond);
  EXPECT_EQ(Live().provisioned_throughput.read_capacity_units, 60);
  std::vector<ScalingActivity> activities = scaling_.Activities(Live().table_id);
  // Refused at every minute from 15 on, recorded once.
  ASSERT_EQ(activities.size(), 1U);
  EXPECT_FALSE(activities[0].successful);
  EXPECT_EQ(activities[0].at_micros, kMinute0 + 15 * kMinute);
  EXPECT_EQ(activities[0].to_units, 1);
  EXPECT_TRUE(activities[0].status_message.starts_with(
      "Subscriber limit exceeded: Provisioned throughput decreases are limited"))
      << activities[0].status_message;
  // The first minute ending an hour after the last decrease.
  RunAt(kTestStartMicros + kHour + kMinute);
  EXPECT_EQ(Live().provisioned_throughput.read_capacity_units, 1);
  EXPECT_EQ(Live().provisioned_throughput.number_of_decreases_today, 5);
  activities = scaling_.Activities(Live().table_id);
  ASSERT_EQ(activities.size(), 2U);
  EXPECT_TRUE(activities[1].successful);
  EXPECT_EQ(activities[1].at_micros, kMinute0 + 61 * kMinute);
}

TEST_F(AutoScalingTest, ScalesAGlobalSecondaryIndexOnItsOwnConsumption) {
  CreateProvisioned(10, 10);
  ASSERT_TRUE(Register("g", false, true, Policy(1, 50)).ok());
  // The table's own consumption does not count toward the index.
  Consume(Table(), Operation::kWrite, 60'000, 0);
  Consume(Table(), Operation::kWrite, 60'000, 1);
  RunAt(kMinute0 + 2 * kMinute);
  EXPECT_EQ(Live().FindIndex("g")->provisioned_throughput.write_capacity_units, 2);
  Consume(Index(), Operation::kWrite, 300, 2);
  Consume(Index(), Operation::kWrite, 300, 3);
  RunAt(kMinute0 + 4 * kMinute);
  const table::TableDescription d = Live();
  EXPECT_EQ(d.FindIndex("g")->provisioned_throughput.write_capacity_units, 8);
  EXPECT_EQ(d.FindIndex("g")->provisioned_throughput.last_increase_micros, kMinute0 + 4 * kMinute);
  EXPECT_EQ(d.provisioned_throughput.write_capacity_units, 10);
  const std::vector<ScalingActivity> activities = scaling_.Activities(d.table_id);
  ASSERT_EQ(activities.size(), 1U);
  EXPECT_EQ(activities[0].index_name, "g");
}

TEST_F(AutoScalingTest, DeregisterStopsScaling) {
  CreateProvisioned(100, 100);
  ASSERT_TRUE(Register("", true, true, Policy(5, 200)).ok());
  ASSERT_TRUE(scaling_.Deregister(catalog_, "us-east-1", "t", "", true, false).ok());
  ASSERT_EQ(scaling_.Policies(Live().table_id).size(), 1U);
  RunAt(kMinute0 + 30 * kMinute);
  EXPECT_EQ(Live().provisioned_throughput.read_capacity_units, 100);
  EXPECT_EQ(Live().provisioned_throughput.write_capacity_units, 5);
  // By ARN too.
  ASSERT_TRUE(scaling_.Deregister(catalog_, "us-east-1", Live().table_arn, "", false, true).ok());
  EXPECT_TRUE(scaling_.Policies(Live().table_id).empty());
}

TEST_F(AutoScalingTest, PoliciesOfADeletedTableAreDropped) {
  CreateProvisioned(100, 10);
  ASSERT_TRUE(Register("", true, false, Policy(5, 200)).ok());
  RunAt(kMinute0 + 15 * kMinute);
  const uint32_t old_id = Live().table_id;
  ASSERT_EQ(scaling_.Activities(old_id).size(), 1U);
  Ok(&DeleteTable, R"({"TableName": "t"})");
  CreateProvisioned(100, 10);
  ASSERT_NE(Live().table_id, old_id);
  RunAt(kMinute0 + 60 * kMinute);
  EXPECT_TRUE(scaling_.Policies(old_id).empty());
  EXPECT_TRUE(scaling_.Activities(old_id).empty());
  // The new table of the same name has no policy.
  EXPECT_EQ(Live().provisioned_throughput.read_capacity_units, 100);
}

TEST_F(AutoScalingTest, NothingWhileTheTableIsOnDemand) {
  CreateProvisioned(100, 10);
  ASSERT_TRUE(Register("", true, false, Policy(5, 200)).ok());
  Ok(&UpdateTable, R"({"TableName": "t", "BillingMode": "PAY_PER_REQUEST"})");
  RunAt(kMinute0 + 60 * kMinute);
  EXPECT_TRUE(scaling_.Activities(Live().table_id).empty());
  EXPECT_EQ(Live().billing_mode, table::BillingMode::kPayPerRequest);
}

class AutoScalingTransitionTest : public AutoScalingTest {
 protected:
  AutoScalingTransitionTest() : AutoScalingTest(/*transition_seconds=*/5) {}
};

TEST_F(AutoScalingTransitionTest, ScalingGoesThroughUpdating) {
  CreateProvisioned(10, 10);
  clock_.Advance(5 * kSecond);
  catalog_.RunDue();
  // Registered in minute 0 (00:21:39), consumed in minutes 0 and 1.
  ASSERT_TRUE(Register("", false, true, Policy(1, 100)).ok());
  Consume(Table(), Operation::kWrite, 600, 0);
  Consume(Table(), Operation::kWrite, 600, 1);
  RunAt(kMinute0 + 2 * kMinute + kSecond);
  EXPECT_EQ(Live().table_status, table::TableStatus::kUpdating);
  EXPECT_EQ(Live().provisioned_throughput.write_capacity_units, 15);
  // The user's UpdateTable meets the table in use.
  Error(&UpdateTable,
        R"({"TableName": "t", "ProvisionedThroughput": {"ReadCapacityUnits": 11,
            "WriteCapacityUnits": 15}})",
        ErrorCode::kResourceInUse);
  clock_.Set(kMinute0 + 2 * kMinute + 5 * kSecond);
  catalog_.RunDue();
  EXPECT_EQ(Live().table_status, table::TableStatus::kActive);
}

TEST_F(AutoScalingTransitionTest, AChangeDueWhileTheTableIsBusyFails) {
  CreateProvisioned(10, 10);
  clock_.Advance(5 * kSecond);
  catalog_.RunDue();
  ASSERT_TRUE(Register("", false, true, Policy(1, 100)).ok());
  Consume(Table(), Operation::kWrite, 600, 0);
  Consume(Table(), Operation::kWrite, 600, 1);
  clock_.Set(kMinute0 + 2 * kMinute - 2 * kSecond);
  Ok(&UpdateTable, R"({"TableName": "t", "DeletionProtectionEnabled": true})");
  RunAt(kMinute0 + 2 * kMinute);
  std::vector<ScalingActivity> activities = scaling_.Activities(Live().table_id);
  ASSERT_EQ(activities.size(), 1U);
  EXPECT_FALSE(activities[0].successful);
  EXPECT_EQ(activities[0].status_message,
            "Attempt to change a resource which is still in use: Table is being updated: t");
  // The alarm is still in ALARM at the next minute: the table is ACTIVE again by then.
  clock_.Set(kMinute0 + 3 * kMinute);
  catalog_.RunDue();
  Consume(Table(), Operation::kWrite, 600, 2);
  RunAt(kMinute0 + 3 * kMinute);
  EXPECT_EQ(Live().provisioned_throughput.write_capacity_units, 15);
}

TEST_F(AutoScalingTest, ForgetDropsPoliciesAndActivities) {
  CreateProvisioned(10, 10);
  ASSERT_TRUE(Register("", true, false, Policy(20, 100)).ok());
  const uint32_t id = Live().table_id;
  ASSERT_EQ(scaling_.Activities(id).size(), 1U);
  scaling_.Forget(id);
  EXPECT_TRUE(scaling_.Policies(id).empty());
  EXPECT_TRUE(scaling_.Activities(id).empty());
}

TEST_F(AutoScalingTest, ConcurrentRunsRegistrationsAndReads) {
  CreateProvisioned(100, 100);
  ASSERT_TRUE(Register("", true, true, Policy(5, 200)).ok());
  const uint32_t id = Live().table_id;
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&] {
      while (!stop.load()) {
        scaling_.RunDue(catalog_, usage_, clock_.NowMicros());
        (void)scaling_.Activities(id);
        (void)scaling_.Policies(id);
      }
    });
  }
  for (int minute = 1; minute <= 40; ++minute) {
    clock_.Set(kMinute0 + minute * kMinute);
    ASSERT_TRUE(Register("g", true, false, Policy(1, 10)).ok());
  }
  stop.store(true);
  for (std::thread& thread : threads) {
    thread.join();
  }
  scaling_.RunDue(catalog_, usage_, clock_.NowMicros());
  // Idle for 40 minutes: both table capacities are at the minimum, each changed once.
  EXPECT_EQ(Live().provisioned_throughput.read_capacity_units, 5);
  EXPECT_EQ(Live().provisioned_throughput.write_capacity_units, 5);
  EXPECT_EQ(scaling_.Activities(id).size(), 2U);
}

}  // namespace
}  // namespace dynafake::api
