#include "api/capacity/capacity_settings.h"

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api/control/control_test_util.h"
#include "storage/kv_store.h"
#include "table/keyspace.h"
#include "util/coding.h"

namespace dynafake::api {
namespace {

using capacity::CapacityMode;
using capacity::Operation;
using capacity::ResourceId;
using capacity::ScalingPolicy;

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kMinute = 60 * kSecond;
// The minute containing kTestStartMicros: policies registered then start with it.
constexpr int64_t kMinute0 = kTestStartMicros / kMinute * kMinute;

// The engine's store, whose writes fail while `fail` is set (a full disk, a closed database).
class FailingStore final : public storage::KvStore {
 public:
  explicit FailingStore(storage::KvStore* store) : store_(store) {}

  Result<std::optional<std::string>> Get(const storage::ReadOptions& options,
                                         std::string_view key) override {
    return store_->Get(options, key);
  }

  Status Write(const storage::WriteOptions& options, const storage::WriteBatch& batch) override {
    if (fail.load()) {
      return InternalError("injected write failure");
    }
    return store_->Write(options, batch);
  }

  std::unique_ptr<storage::Iterator> NewIterator(const storage::ReadOptions& options) override {
    return store_->NewIterator(options);
  }

  std::shared_ptr<const storage::Snapshot> GetSnapshot() override { return store_->GetSnapshot(); }

  std::atomic<bool> fail{false};

 private:
  storage::KvStore* store_;
};

// An engine's capacity state opened on the fixture's store: what a reopened engine has.
struct Reopened {
  explicit Reopened(storage::KvStore* store, const Clock* clock,
                    CapacityMode default_mode = CapacityMode::kTrack)
      : catalog(store, clock, "123456789012", 0), metering(default_mode) {}

  table::Catalog catalog;
  capacity::Metering metering;
  AutoScaling scaling;
};

class CapacitySettingsTest : public ControlTest {
 protected:
  CapacitySettingsTest() { context_.metering = &metering_; }

  void SetUp() override {
    ASSERT_TRUE(
        LoadCapacitySettings(*store_, catalog_, metering_, scaling_, clock_.NowMicros()).ok());
  }

  // Table `name` (pk) at 5/5 with the global secondary index "g" at 2/2.
  void CreateProvisioned(const std::string& name) {
    Ok(&CreateTable, R"({"TableName": ")" + name + R"(",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                               {"AttributeName": "g", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
      "GlobalSecondaryIndexes": [{"IndexName": "g",
          "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
          "Projection": {"ProjectionType": "ALL"},
          "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}}]})");
  }

  uint32_t IdOf(const std::string& name) {
    return catalog_.FindTable("us-east-1", name)->table_id();
  }

  Status Register(AutoScaling& scaling, table::Catalog& catalog, std::string_view index, bool read,
                  bool write, const ScalingPolicy& policy) {
    return scaling.Register(catalog, "us-east-1", "t", index, read, write, policy,
                            clock_.NowMicros());
  }

  // A new catalog, metering and auto scaling loaded from the fixture's store, as a reopened
  // persistent engine has them.
  std::unique_ptr<Reopened> Reopen(CapacityMode default_mode = CapacityMode::kTrack) {
    auto reopened = std::make_unique<Reopened>(store_.get(), &clock_, default_mode);
    EXPECT_TRUE(reopened->catalog.Load().ok());
    const Status loaded = LoadCapacitySettings(*store_, reopened->catalog, reopened->metering,
                                               reopened->scaling, clock_.NowMicros());
    EXPECT_TRUE(loaded.ok()) << loaded.ToString();
    return reopened;
  }

  // The keys of the stored records of `kind` (table::k...RecordKind).
  std::vector<std::string> Records(char kind) {
    const std::string prefix = table::SystemKey(kind);
    std::vector<std::string> keys;
    std::unique_ptr<storage::Iterator> it = store_->NewIterator(storage::ReadOptions{});
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      keys.emplace_back(it->key());
    }
    return keys;
  }

  void Put(const std::string& key, const std::string& value) {
    storage::WriteBatch batch;
    batch.Put(key, value);
    ASSERT_TRUE(store_->Write(storage::WriteOptions{}, batch).ok());
  }

  void Delete(const std::string& key) {
    storage::WriteBatch batch;
    batch.Delete(key);
    ASSERT_TRUE(store_->Write(storage::WriteOptions{}, batch).ok());
  }

  // The error of loading the settings from the store as it is.
  Status LoadError() {
    table::Catalog catalog(store_.get(), &clock_, "123456789012", 0);
    EXPECT_TRUE(catalog.Load().ok());
    capacity::Metering metering;
    AutoScaling scaling;
    const Status status =
        LoadCapacitySettings(*store_, catalog, metering, scaling, clock_.NowMicros());
    EXPECT_FALSE(status.ok());
    return status;
  }

  capacity::Metering metering_;
  AutoScaling scaling_;
};

ScalingPolicy Policy(double min, double max, double target = 70) {
  return ScalingPolicy{.min_units = min, .max_units = max, .target_utilization = target};
}

TEST(ScalingPolicyRecordTest, RoundTripsEveryField) {
  const StoredScalingPolicy stored{.table_id = 7,
                                   .index_id = 3,
                                   .operation = Operation::kWrite,
                                   .policy = {.min_units = 2,
                                              .max_units = 40000,
                                              .target_utilization = 33.5,
                                              .scale_out_cooldown_seconds = 60,
                                              .scale_in_cooldown_seconds = 2147483647,
                                              .disable_scale_in = true},
                                   .registered_micros = kTestStartMicros,
                                   .last_scale_out_micros = std::nullopt,
                                   .last_scale_in_micros = -5};
  const std::string key = ScalingPolicyKey(7, 3, Operation::kWrite);
  const std::string value = EncodeScalingPolicy(stored);
  Result<StoredScalingPolicy> decoded = DecodeScalingPolicy(key, value);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().ToString();
  EXPECT_EQ(decoded->table_id, 7U);
  EXPECT_EQ(decoded->index_id, 3U);
  EXPECT_EQ(decoded->operation, Operation::kWrite);
  EXPECT_EQ(decoded->policy.min_units, 2);
  EXPECT_EQ(decoded->policy.max_units, 40000);
  EXPECT_EQ(decoded->policy.target_utilization, 33.5);
  EXPECT_EQ(decoded->policy.scale_out_cooldown_seconds, 60);
  EXPECT_EQ(decoded->policy.scale_in_cooldown_seconds, 2147483647);
  EXPECT_TRUE(decoded->policy.disable_scale_in);
  EXPECT_EQ(decoded->registered_micros, kTestStartMicros);
  EXPECT_EQ(decoded->last_scale_out_micros, std::nullopt);
  EXPECT_EQ(decoded->last_scale_in_micros, -5);
  // Every shorter value is refused, as is one with more bytes.
  for (size_t size = 0; size < value.size(); ++size) {
    EXPECT_FALSE(DecodeScalingPolicy(key, value.substr(0, size)).has_value()) << size;
  }
  EXPECT_FALSE(DecodeScalingPolicy(key, value + '\0').has_value());
  // Keys are ordered table, index, then read before write.
  EXPECT_LT(ScalingPolicyKey(7, 0, Operation::kWrite), ScalingPolicyKey(7, 3, Operation::kRead));
  EXPECT_LT(ScalingPolicyKey(7, 3, Operation::kRead), ScalingPolicyKey(7, 3, Operation::kWrite));
  EXPECT_TRUE(ScalingPolicyKey(7, 3, Operation::kRead).starts_with(ScalingPolicyPrefix(7)));
}

TEST(ScalingPolicyRecordTest, DamagedRecordsAreClearErrors) {
  StoredScalingPolicy stored{.table_id = 7, .policy = Policy(1, 10)};
  const std::string key = ScalingPolicyKey(7, 0, Operation::kRead);
  const std::string value = EncodeScalingPolicy(stored);

  Result<StoredScalingPolicy> bad_format = DecodeScalingPolicy(key, "\x02" + value.substr(1));
  ASSERT_FALSE(bad_format.has_value());
  EXPECT_EQ(bad_format.error().code(), ErrorCode::kInternalServerError);
  EXPECT_EQ(bad_format.error().message(),
            "Unreadable auto scaling policy record of table id 7, index id 0, read: unknown "
            "format 2");

  std::string bad_flag = value;
  bad_flag[1 + 3 * 8 + 2 * 8] = 2;  // disable scale-in
  EXPECT_EQ(DecodeScalingPolicy(key, bad_flag).error().message(),
            "Unreadable auto scaling policy record of table id 7, index id 0, read: truncated or "
            "malformed value");

  stored.policy.target_utilization = 95;
  EXPECT_EQ(DecodeScalingPolicy(key, EncodeScalingPolicy(stored)).error().message(),
            "Unreadable auto scaling policy record of table id 7, index id 0, read: Auto scaling "
            "target utilization must be between 20 and 90 percent, got 95");

  std::string bad_operation = key;
  bad_operation.back() = 7;
  EXPECT_EQ(DecodeScalingPolicy(bad_operation, value).error().message(),
            "Unreadable auto scaling policy record: its key is not a policy's");
  EXPECT_FALSE(DecodeScalingPolicy(key.substr(0, key.size() - 1), value).has_value());
  EXPECT_FALSE(DecodeScalingPolicy(CapacityModeKey(7), value).has_value());
}

TEST_F(CapacitySettingsTest, ModesAreKeptByTableIdAndTheDefaultIsNot) {
  CreateProvisioned("t");
  CreateProvisioned("u");
  ASSERT_TRUE(SetTableCapacityMode(*store_, metering_, IdOf("t"), CapacityMode::kEnforce).ok());
  ASSERT_TRUE(SetTableCapacityMode(*store_, metering_, IdOf("u"), CapacityMode::kOff).ok());
  EXPECT_EQ(metering_.ModeOf(IdOf("t")), CapacityMode::kEnforce);
  // Back to the default: the record goes.
  ASSERT_TRUE(SetTableCapacityMode(*store_, metering_, IdOf("u"), std::nullopt).ok());
  EXPECT_EQ(Records(table::kCapacityModeRecordKind),
            std::vector<std::string>{CapacityModeKey(IdOf("t"))});
  EXPECT_EQ(store_->Get(storage::ReadOptions{}, CapacityModeKey(IdOf("t"))).value(), "enforce");

  // The default is the open's own option.
  const std::unique_ptr<Reopened> reopened = Reopen(CapacityMode::kOff);
  EXPECT_EQ(reopened->metering.ModeOf(IdOf("t")), CapacityMode::kEnforce);
  EXPECT_EQ(reopened->metering.ModeOf(IdOf("u")), CapacityMode::kOff);
  reopened->metering.SetDefaultMode(CapacityMode::kTrack);
  EXPECT_EQ(reopened->metering.ModeOf(IdOf("u")), CapacityMode::kTrack);
}

TEST_F(CapacitySettingsTest, PoliciesComeBackAsRegistered) {
  CreateProvisioned("t");
  const ScalingPolicy table_policy{.min_units = 5,
                                   .max_units = 100,
                                   .target_utilization = 50,
                                   .scale_out_cooldown_seconds = 30,
                                   .scale_in_cooldown_seconds = 600,
                                   .disable_scale_in = true};
  ASSERT_TRUE(Register(scaling_, catalog_, "", true, true, table_policy).ok());
  clock_.Advance(90 * kSecond);
  ASSERT_TRUE(Register(scaling_, catalog_, "g", false, true, Policy(2, 20, 80)).ok());
  EXPECT_EQ(Records(table::kAutoScalingRecordKind).size(), 3U);

  clock_.Advance(kMinute);
  const std::unique_ptr<Reopened> reopened = Reopen();
  const std::vector<ScalingTarget> before = scaling_.Policies(IdOf("t"));
  const std::vector<ScalingTarget> after = reopened->scaling.Policies(IdOf("t"));
  ASSERT_EQ(after.size(), 3U);
  ASSERT_EQ(before.size(), 3U);
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].index_name, before[i].index_name);
    EXPECT_EQ(after[i].operation, before[i].operation);
    EXPECT_EQ(after[i].registered_micros, before[i].registered_micros);
    EXPECT_EQ(after[i].policy.min_units, before[i].policy.min_units);
    EXPECT_EQ(after[i].policy.max_units, before[i].policy.max_units);
    EXPECT_EQ(after[i].policy.target_utilization, before[i].policy.target_utilization);
    EXPECT_EQ(after[i].policy.scale_out_cooldown_seconds,
              before[i].policy.scale_out_cooldown_seconds);
    EXPECT_EQ(after[i].policy.scale_in_cooldown_seconds,
              before[i].policy.scale_in_cooldown_seconds);
    EXPECT_EQ(after[i].policy.disable_scale_in, before[i].policy.disable_scale_in);
  }
  EXPECT_EQ(after[2].index_name, "g");
  EXPECT_EQ(after[2].registered_micros, kTestStartMicros + 90 * kSecond);
  EXPECT_TRUE(reopened->scaling.HasPolicies());

  // Deregistering deletes the records, so the next open has only what is left.
  ASSERT_TRUE(
      reopened->scaling.Deregister(reopened->catalog, "us-east-1", "t", "", true, true).ok());
  EXPECT_EQ(Records(table::kAutoScalingRecordKind).size(), 1U);
  const std::unique_ptr<Reopened> again = Reopen();
  ASSERT_EQ(again->scaling.Policies(IdOf("t")).size(), 1U);
  EXPECT_EQ(again->scaling.Policies(IdOf("t"))[0].index_name, "g");
}

TEST_F(CapacitySettingsTest, AReopenedPolicyScalesWithTheTrafficAfterOpening) {
  CreateProvisioned("t");
  ASSERT_TRUE(Register(scaling_, catalog_, "", false, true, Policy(5, 100)).ok());
  clock_.Set(kMinute0 + 10 * kMinute);
  const std::unique_ptr<Reopened> reopened = Reopen();
  // 10 units per second in minutes 10 and 11 against 5 provisioned.
  for (int minute : {10, 11}) {
    reopened->metering.usage().RecordConsumed(ResourceId{.table_id = IdOf("t")}, Operation::kWrite,
                                              600, std::nullopt, "",
                                              kMinute0 + minute * kMinute + kSecond);
  }
  clock_.Set(kMinute0 + 12 * kMinute);
  reopened->scaling.RunDue(reopened->catalog, reopened->metering.usage(), clock_.NowMicros());
  const table::TableDescription d = reopened->catalog.FindTable("us-east-1", "t")->Describe();
  EXPECT_EQ(d.provisioned_throughput.write_capacity_units, 15);  // ceil(10 / 0.7)
  ASSERT_EQ(reopened->scaling.Activities(IdOf("t")).size(), 1U);
}

TEST_F(CapacitySettingsTest, ACooldownUnderWayHoldsAcrossReopening) {
  CreateProvisioned("t");
  ScalingPolicy policy = Policy(1, 1000);
  policy.scale_out_cooldown_seconds = 600;
  ASSERT_TRUE(Register(scaling_, catalog_, "", false, true, policy).ok());
  const ResourceId table{.table_id = IdOf("t")};
  // 10 units per second in minutes 0 and 1: out to 15 as minute 1 ends; cooling down until
  // minute 12.
  metering_.usage().RecordConsumed(table, Operation::kWrite, 600, std::nullopt, "",
                                   kMinute0 + kSecond);
  metering_.usage().RecordConsumed(table, Operation::kWrite, 600, std::nullopt, "",
                                   kMinute0 + kMinute + kSecond);
  clock_.Set(kMinute0 + 2 * kMinute);
  scaling_.RunDue(catalog_, metering_.usage(), clock_.NowMicros());
  ASSERT_EQ(
      catalog_.FindTable("us-east-1", "t")->Describe().provisioned_throughput.write_capacity_units,
      15);

  clock_.Set(kMinute0 + 3 * kMinute);
  const std::unique_ptr<Reopened> reopened = Reopen();
  auto write_units = [&] {
    return reopened->catalog.FindTable("us-east-1", "t")
        ->Describe()
        .provisioned_throughput.write_capacity_units;
  };
  // 30 units per second from minute 3 on: above the target at 15 from the start.
  for (int minute = 3; minute < 12; ++minute) {
    reopened->metering.usage().RecordConsumed(table, Operation::kWrite, 1800, std::nullopt, "",
                                              kMinute0 + minute * kMinute + kSecond);
  }
  clock_.Set(kMinute0 + 11 * kMinute);
  reopened->scaling.RunDue(reopened->catalog, reopened->metering.usage(), clock_.NowMicros());
  EXPECT_EQ(write_units(), 15);
  clock_.Set(kMinute0 + 12 * kMinute);
  reopened->scaling.RunDue(reopened->catalog, reopened->metering.usage(), clock_.NowMicros());
  EXPECT_EQ(write_units(), 43);  // ceil(30 / 0.7)
}

TEST_F(CapacitySettingsTest, DeleteTableDeletesTheSettingsAndANewIncarnationHasNone) {
  CreateProvisioned("t");
  CreateProvisioned("other");
  const uint32_t old_id = IdOf("t");
  ASSERT_TRUE(SetTableCapacityMode(*store_, metering_, old_id, CapacityMode::kEnforce).ok());
  ASSERT_TRUE(SetTableCapacityMode(*store_, metering_, IdOf("other"), CapacityMode::kOff).ok());
  ASSERT_TRUE(Register(scaling_, catalog_, "", true, true, Policy(5, 100)).ok());
  ASSERT_TRUE(Register(scaling_, catalog_, "g", true, false, Policy(1, 10)).ok());

  Ok(&DeleteTable, R"({"TableName": "t"})");
  // The other table's mode stays.
  EXPECT_EQ(Records(table::kCapacityModeRecordKind),
            std::vector<std::string>{CapacityModeKey(IdOf("other"))});
  EXPECT_TRUE(Records(table::kAutoScalingRecordKind).empty());
  EXPECT_TRUE(scaling_.Policies(old_id).empty());

  CreateProvisioned("t");
  ASSERT_NE(IdOf("t"), old_id);
  EXPECT_EQ(metering_.ModeOf(IdOf("t")), CapacityMode::kTrack);
  const std::unique_ptr<Reopened> reopened = Reopen();
  EXPECT_EQ(reopened->metering.ModeOf(IdOf("t")), CapacityMode::kTrack);
  EXPECT_EQ(reopened->metering.ModeOf(IdOf("other")), CapacityMode::kOff);
  EXPECT_TRUE(reopened->scaling.Policies(IdOf("t")).empty());
  EXPECT_FALSE(reopened->scaling.HasPolicies());
}

TEST_F(CapacitySettingsTest, OpeningDeletesTheRecordsOfTablesAndIndexesThatAreGone) {
  CreateProvisioned("t");
  const uint32_t id = IdOf("t");
  // What a process stopped between dropping a table (or an index) and deleting its records
  // leaves: records of ids the catalog no longer has.
  Put(CapacityModeKey(id + 100), "enforce");
  const StoredScalingPolicy gone_table{.table_id = id + 100, .policy = Policy(1, 10)};
  Put(ScalingPolicyKey(id + 100, 0, Operation::kRead), EncodeScalingPolicy(gone_table));
  const StoredScalingPolicy gone_index{.table_id = id, .index_id = 99, .policy = Policy(1, 10)};
  Put(ScalingPolicyKey(id, 99, Operation::kRead), EncodeScalingPolicy(gone_index));
  const StoredScalingPolicy live{.table_id = id, .policy = Policy(1, 10)};
  Put(ScalingPolicyKey(id, 0, Operation::kWrite), EncodeScalingPolicy(live));

  const std::unique_ptr<Reopened> reopened = Reopen();
  EXPECT_TRUE(Records(table::kCapacityModeRecordKind).empty());
  EXPECT_EQ(Records(table::kAutoScalingRecordKind),
            std::vector<std::string>{ScalingPolicyKey(id, 0, Operation::kWrite)});
  ASSERT_EQ(reopened->scaling.Policies(id).size(), 1U);
  EXPECT_EQ(reopened->scaling.Policies(id)[0].operation, Operation::kWrite);
}

TEST_F(CapacitySettingsTest, AnUnreadableRecordFailsTheOpenWithAClearError) {
  CreateProvisioned("t");
  const uint32_t id = IdOf("t");

  Put(CapacityModeKey(id), "fast");
  Status status = LoadError();
  EXPECT_EQ(status.code(), ErrorCode::kInternalServerError);
  EXPECT_EQ(status.message(), "Unreadable capacity mode record of table id " + std::to_string(id) +
                                  ": unknown capacity mode 'fast'");
  Delete(CapacityModeKey(id));

  Put(CapacityModeKey(id) + "x", "track");
  EXPECT_EQ(LoadError().message(), "Unreadable capacity mode record: its key is not a table's");
  Delete(CapacityModeKey(id) + "x");

  const std::string key = ScalingPolicyKey(id, 0, Operation::kWrite);
  const std::string value = EncodeScalingPolicy({.table_id = id, .policy = Policy(1, 10)});
  Put(key, value.substr(0, 10));
  EXPECT_EQ(LoadError().message(), "Unreadable auto scaling policy record of table id " +
                                       std::to_string(id) +
                                       ", index id 0, write: truncated or malformed value");
  Delete(key);

  Put(key.substr(0, key.size() - 2), value);
  EXPECT_EQ(LoadError().message(),
            "Unreadable auto scaling policy record: its key is not a policy's");
}

TEST_F(CapacitySettingsTest, AFailedWriteChangesNothing) {
  CreateProvisioned("t");
  FailingStore failing(store_.get());
  capacity::Metering metering;
  AutoScaling scaling;
  ASSERT_TRUE(LoadCapacitySettings(failing, catalog_, metering, scaling, clock_.NowMicros()).ok());
  ASSERT_TRUE(Register(scaling, catalog_, "", true, false, Policy(1, 10)).ok());
  ASSERT_TRUE(SetTableCapacityMode(failing, metering, IdOf("t"), CapacityMode::kOff).ok());

  failing.fail = true;
  const Status set = SetTableCapacityMode(failing, metering, IdOf("t"), CapacityMode::kEnforce);
  EXPECT_EQ(set.message(), "injected write failure");
  EXPECT_EQ(metering.ModeOf(IdOf("t")), CapacityMode::kOff);
  EXPECT_EQ(Register(scaling, catalog_, "", false, true, Policy(1, 10)).message(),
            "injected write failure");
  EXPECT_FALSE(scaling.Deregister(catalog_, "us-east-1", "t", "", true, false).ok());
  ASSERT_EQ(scaling.Policies(IdOf("t")).size(), 1U);
  EXPECT_EQ(scaling.Policies(IdOf("t"))[0].operation, Operation::kRead);

  failing.fail = false;
  const std::unique_ptr<Reopened> reopened = Reopen();
  EXPECT_EQ(reopened->metering.ModeOf(IdOf("t")), CapacityMode::kOff);
  ASSERT_EQ(reopened->scaling.Policies(IdOf("t")).size(), 1U);
}

}  // namespace
}  // namespace dynafake::api
