#include "ttl/sweeper.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storage/kv_store.h"
#include "table/keyspace.h"
#include "table/recording_sink_test_util.h"

namespace dynafake::ttl {
namespace {

using model::AttributeValue;
using model::Item;
using table::ChangeCause;
using table::TimeToLiveStatus;

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kStartSeconds = 1'700'000'000;
constexpr int64_t kStart = kStartSeconds * kSecond;
constexpr int64_t kInterval = 60 * kSecond;
constexpr char kAccount[] = "123456789012";

AttributeValue N(int64_t value) {
  Result<model::Number> number = model::Number::Parse(std::to_string(value));
  EXPECT_TRUE(number.has_value());
  return AttributeValue::FromNumber(number.has_value() ? number.value() : model::Number());
}

Item Key(const std::string& pk) {
  return {{"pk", AttributeValue::String(pk)}};
}

// An item with index attribute g and, when given, expiry attribute `expires`.
Item WithExpiry(const std::string& pk, std::optional<AttributeValue> expires) {
  Item item = Key(pk);
  item.emplace("g", AttributeValue::String("group"));
  if (expires) {
    item.emplace("expires", *expires);
  }
  return item;
}

table::TableDescription TableNamed(const std::string& region, const std::string& name) {
  table::TableDescription d;
  d.region = region;
  d.table_name = name;
  d.attribute_definitions = {{"pk", model::AttributeType::kS}, {"g", model::AttributeType::kS}};
  d.key_schema.hash = {"pk", model::AttributeType::kS};
  d.billing_mode = table::BillingMode::kPayPerRequest;
  table::SecondaryIndex index;
  index.index_name = "by_g";
  index.global = true;
  index.key_schema.hash = {"g", model::AttributeType::kS};
  d.global_secondary_indexes.push_back(index);
  return d;
}

class SweeperTest : public ::testing::Test {
 protected:
  std::shared_ptr<table::Table> CreateTable(const std::string& name,
                                            const std::string& region = "us-east-1") {
    Result<std::shared_ptr<table::Table>> created = catalog_.CreateTable(TableNamed(region, name));
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    return created.value();
  }

  static void SetTimeToLive(table::Table& table, bool enabled, int64_t now,
                            int64_t transition = 0) {
    Status status;
    ASSERT_TRUE(table
                    .UpdateDescription([&](table::TableDescription& d) {
                      CompleteTimeToLiveTransition(d.time_to_live, now);
                      status = ApplyTimeToLiveChange(d.time_to_live, enabled, "expires", now,
                                                     transition);
                    })
                    .ok());
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  static void Put(table::Table& table, const Item& item) {
    Result<table::WriteResult> written =
        table.Write(Key(item.at("pk").as_string()),
                    [item](const std::optional<Item>&) -> Result<std::optional<Item>> {
                      return std::optional<Item>(item);
                    });
    ASSERT_TRUE(written.has_value()) << written.error().ToString();
  }

  static std::optional<Item> Get(const table::Table& table, const std::string& pk) {
    Result<std::optional<Item>> item = table.GetItem(Key(pk));
    EXPECT_TRUE(item.has_value());
    return item.has_value() ? item.value() : std::nullopt;
  }

  // The entries stored in one index of `table` (0: the base table).
  static int64_t StoredEntries(const table::Table& table, uint32_t index_id) {
    int64_t count = 0;
    EXPECT_TRUE(table
                    .VisitEntries(table::WholeIndexRange(table.table_id(), index_id), std::nullopt,
                                  true,
                                  [&](std::string_view, std::string_view) -> Result<bool> {
                                    ++count;
                                    return true;
                                  })
                    .ok());
    return count;
  }

  std::vector<table::RecordedChange> Events() {
    std::lock_guard lock(sink_->mutex);
    return sink_->events;
  }

  int64_t Sweep() {
    Result<int64_t> deleted = sweeper_.Sweep();
    EXPECT_TRUE(deleted.has_value()) << deleted.error().ToString();
    return deleted.has_value() ? deleted.value() : -1;
  }

  std::unique_ptr<storage::KvStore> store_ = storage::NewMemoryStore();
  SettableClock clock_{kStart};
  table::InFlightWrites in_flight_;
  table::Catalog catalog_{store_.get(), &clock_, kAccount, 0,
                          table::TableOptions{.in_flight_writes = &in_flight_}};
  std::shared_ptr<table::RecordingSink> sink_ = [this] {
    auto sink = std::make_shared<table::RecordingSink>();
    catalog_.AddChangeSink(sink);
    return sink;
  }();
  Sweeper sweeper_{&catalog_, &clock_, kInterval};
};

TEST_F(SweeperTest, DeletesExpiredItemsAndTheirIndexEntries) {
  std::shared_ptr<table::Table> table = CreateTable("orders");
  SetTimeToLive(*table, true, kStart);
  Put(*table, WithExpiry("expired", N(kStartSeconds - 10)));
  Put(*table, WithExpiry("future", N(kStartSeconds + 100)));
  Put(*table, WithExpiry("now", N(kStartSeconds)));
  Put(*table, WithExpiry("missing", std::nullopt));
  Put(*table, WithExpiry("string", AttributeValue::String("1")));
  Put(*table, WithExpiry("far_past", N(kStartSeconds - 6 * 365 * 86'400)));
  Put(*table, WithExpiry("nested", AttributeValue::Map({{"expires", N(1)}})));
  const uint32_t index_id = table->Describe().global_secondary_indexes[0].index_id;
  ASSERT_EQ(StoredEntries(*table, index_id), 7);
  const size_t writes = Events().size();

  EXPECT_EQ(Sweep(), 1);

  EXPECT_FALSE(Get(*table, "expired").has_value());
  for (const char* survivor : {"future", "now", "missing", "string", "far_past", "nested"}) {
    EXPECT_TRUE(Get(*table, survivor).has_value()) << survivor;
  }
  EXPECT_EQ(StoredEntries(*table, table::kBaseIndexId), 6);
  EXPECT_EQ(StoredEntries(*table, index_id), 6);
  const table::TableDescription d = table->Describe();
  EXPECT_EQ(d.item_count, 6);
  EXPECT_EQ(d.global_secondary_indexes[0].item_count, 6);

  const std::vector<table::RecordedChange> events = Events();
  ASSERT_EQ(events.size(), writes + 1);
  const table::RecordedChange& removal = events.back();
  EXPECT_EQ(removal.cause, ChangeCause::kTtl);
  EXPECT_EQ(removal.table_name, "orders");
  EXPECT_EQ(removal.keys, Key("expired"));
  ASSERT_TRUE(removal.old_image.has_value());
  EXPECT_EQ(*removal.old_image, WithExpiry("expired", N(kStartSeconds - 10)));
  EXPECT_FALSE(removal.new_image.has_value());
  EXPECT_TRUE(removal.transaction_id.empty());

  // Nothing more to delete until the clock moves past the next expiry time.
  EXPECT_EQ(Sweep(), 0);
  clock_.Advance(1);
  EXPECT_EQ(Sweep(), 1);
  EXPECT_FALSE(Get(*table, "now").has_value());
  clock_.Advance(100 * kSecond);
  EXPECT_EQ(Sweep(), 1);
  EXPECT_FALSE(Get(*table, "future").has_value());
  EXPECT_EQ(Events().size(), writes + 3);
}

TEST_F(SweeperTest, TablesWithoutTimeToLiveAreUntouched) {
  std::shared_ptr<table::Table> plain = CreateTable("plain");
  std::shared_ptr<table::Table> with_ttl = CreateTable("with_ttl");
  SetTimeToLive(*with_ttl, true, kStart);
  Put(*plain, WithExpiry("a", N(kStartSeconds - 10)));
  Put(*with_ttl, WithExpiry("a", N(kStartSeconds - 10)));
  EXPECT_EQ(Sweep(), 1);
  EXPECT_TRUE(Get(*plain, "a").has_value());
  EXPECT_FALSE(Get(*with_ttl, "a").has_value());
}

TEST_F(SweeperTest, SweepsEveryRegion) {
  std::shared_ptr<table::Table> east = CreateTable("t", "us-east-1");
  std::shared_ptr<table::Table> west = CreateTable("t", "eu-west-1");
  for (table::Table* table : {east.get(), west.get()}) {
    SetTimeToLive(*table, true, kStart);
    Put(*table, WithExpiry("a", N(kStartSeconds - 10)));
  }
  EXPECT_EQ(Sweep(), 2);
  EXPECT_FALSE(Get(*east, "a").has_value());
  EXPECT_FALSE(Get(*west, "a").has_value());
}

TEST_F(SweeperTest, NothingExpiresWhileEnablingNorOnceDisabled) {
  std::shared_ptr<table::Table> table = CreateTable("orders");
  SetTimeToLive(*table, true, kStart, 5 * kSecond);
  Put(*table, WithExpiry("a", N(kStartSeconds - 10)));
  EXPECT_EQ(Sweep(), 0);
  EXPECT_TRUE(Get(*table, "a").has_value());
  EXPECT_EQ(table->Describe().time_to_live.status, TimeToLiveStatus::kEnabling);

  clock_.Advance(5 * kSecond);
  EXPECT_EQ(Sweep(), 1);
  EXPECT_FALSE(Get(*table, "a").has_value());
  // The sweep settled the status, and saved it.
  EXPECT_EQ(table->Describe().time_to_live.status, TimeToLiveStatus::kEnabled);
  table::Catalog reopened(store_.get(), &clock_, kAccount, 0);
  ASSERT_TRUE(reopened.Load().ok());
  EXPECT_EQ(reopened.FindTable("us-east-1", "orders")->Describe().time_to_live.status,
            TimeToLiveStatus::kEnabled);

  clock_.Advance(kChangeCooldownMicros);
  SetTimeToLive(*table, false, clock_.NowMicros(), 5 * kSecond);
  Put(*table, WithExpiry("b", N(kStartSeconds - 10)));
  EXPECT_EQ(Sweep(), 0);  // DISABLING
  clock_.Advance(5 * kSecond);
  EXPECT_EQ(Sweep(), 0);  // DISABLED
  EXPECT_TRUE(Get(*table, "b").has_value());
  EXPECT_EQ(table->Describe().time_to_live.status, TimeToLiveStatus::kDisabled);
}

TEST_F(SweeperTest, AnItemUpdatedSinceTheScanIsRescued) {
  std::shared_ptr<table::Table> table = CreateTable("orders");
  Put(*table, WithExpiry("a", N(kStartSeconds + 100)));
  Put(*table, WithExpiry("gone", std::nullopt));
  const size_t writes = Events().size();
  // What a sweep that found these items expired at kStart decides once it holds their locks: one
  // now expires later, the other has been deleted.
  ASSERT_TRUE(table
                  ->Write(Key("gone"),
                          [](const std::optional<Item>&) {
                            return Result<std::optional<Item>>(std::optional<Item>());
                          })
                  .has_value());
  const table::WriteFn decide = DeleteIfExpired(ExpiryCheck(kStart), "expires");
  Result<table::WriteResult> kept = table->Write(Key("a"), decide, ChangeCause::kTtl);
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->new_item, kept->old_item);
  Result<table::WriteResult> missing = table->Write(Key("gone"), decide, ChangeCause::kTtl);
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->old_item.has_value());
  EXPECT_FALSE(missing->new_item.has_value());
  // Neither wrote nor announced anything (the one event is the user's delete).
  EXPECT_EQ(Events().size(), writes + 1);
  EXPECT_TRUE(Get(*table, "a").has_value());

  // Once it has expired for the check, the same decision deletes it.
  Result<table::WriteResult> deleted = table->Write(
      Key("a"), DeleteIfExpired(ExpiryCheck(kStart + 101 * kSecond), "expires"), ChangeCause::kTtl);
  ASSERT_TRUE(deleted.has_value());
  EXPECT_FALSE(deleted->new_item.has_value());
  EXPECT_EQ(Events().back().cause, ChangeCause::kTtl);
}

TEST_F(SweeperTest, AnItemATransactionHoldsIsLeftForTheNextSweep) {
  std::shared_ptr<table::Table> table = CreateTable("orders");
  SetTimeToLive(*table, true, kStart);
  Put(*table, WithExpiry("held", N(kStartSeconds - 10)));
  Put(*table, WithExpiry("free", N(kStartSeconds - 10)));
  const std::vector<std::string> claimed = {table->ItemStorageKey(Key("held"))};
  ASSERT_TRUE(in_flight_.ClaimAll(claimed).empty());
  EXPECT_EQ(Sweep(), 1);
  EXPECT_TRUE(Get(*table, "held").has_value());
  EXPECT_FALSE(Get(*table, "free").has_value());
  in_flight_.ReleaseAll(claimed);
  EXPECT_EQ(Sweep(), 1);
  EXPECT_FALSE(Get(*table, "held").has_value());
}

TEST_F(SweeperTest, SweepsABigTablePageByPage) {
  std::shared_ptr<table::Table> table = CreateTable("big");
  SetTimeToLive(*table, true, kStart);
  constexpr int kItems = 2'500;
  for (int i = 0; i < kItems; ++i) {
    const int64_t expires = i % 2 == 0 ? kStartSeconds - 1 : kStartSeconds + 1;
    Put(*table, WithExpiry("item" + std::to_string(i), N(expires)));
  }
  EXPECT_EQ(Sweep(), kItems / 2);
  EXPECT_EQ(StoredEntries(*table, table::kBaseIndexId), kItems / 2);
  EXPECT_EQ(table->Describe().item_count, kItems / 2);
  for (int i = 0; i < kItems; i += 250) {
    EXPECT_EQ(Get(*table, "item" + std::to_string(i)).has_value(), i % 2 == 1) << i;
  }
  clock_.Advance(2 * kSecond);
  EXPECT_EQ(Sweep(), kItems / 2);
  EXPECT_EQ(table->Describe().item_count, 0);
}

TEST_F(SweeperTest, WritersMayRunDuringASweep) {
  std::shared_ptr<table::Table> table = CreateTable("busy");
  SetTimeToLive(*table, true, kStart);
  constexpr int kItems = 3'000;
  for (int i = 0; i < kItems; ++i) {
    Put(*table, WithExpiry("item" + std::to_string(i), N(kStartSeconds - 1)));
  }
  // A writer rescues every item it reaches by moving its expiry time on; whatever the sweep
  // reaches first is deleted. Each item ends up either rescued or deleted, never both: the sweep
  // must not delete an item rescued after its scan saw it expired.
  std::atomic<int64_t> rescued{0};
  std::thread writer([&] {
    for (int i = kItems - 1; i >= 0; --i) {
      const std::string pk = "item" + std::to_string(i);
      ASSERT_TRUE(table
                      ->Write(Key(pk),
                              [&](const std::optional<Item>& old) -> Result<std::optional<Item>> {
                                if (!old) {
                                  return std::optional<Item>();
                                }
                                rescued.fetch_add(1);
                                return std::optional<Item>(WithExpiry(pk, N(kStartSeconds + 1000)));
                              })
                      .has_value());
    }
  });
  const int64_t deleted = Sweep();
  writer.join();
  EXPECT_EQ(table->Describe().item_count, rescued.load());
  EXPECT_EQ(deleted + rescued.load(), kItems);
  int64_t ttl_removals = 0;
  for (const table::RecordedChange& change : Events()) {
    ttl_removals += change.cause == ChangeCause::kTtl ? 1 : 0;
  }
  EXPECT_EQ(ttl_removals, deleted);
  // Every survivor was rescued.
  EXPECT_EQ(Sweep(), 0);
}

TEST_F(SweeperTest, RunDueSweepsEveryInterval) {
  std::shared_ptr<table::Table> table = CreateTable("orders");
  SetTimeToLive(*table, true, kStart);
  EXPECT_EQ(sweeper_.interval_micros(), kInterval);
  Put(*table, WithExpiry("a", N(kStartSeconds - 10)));
  sweeper_.RunDue();
  EXPECT_TRUE(Get(*table, "a").has_value());  // first due one interval after construction
  clock_.Advance(kInterval - 1);
  sweeper_.RunDue();
  EXPECT_TRUE(Get(*table, "a").has_value());
  clock_.Advance(1);
  sweeper_.RunDue();
  EXPECT_FALSE(Get(*table, "a").has_value());

  // A clock moved on by an hour runs one sweep, and the next is due an interval after it.
  clock_.Advance(3600 * kSecond);
  const int64_t swept_at = clock_.NowMicros();
  Put(*table, WithExpiry("b", N(swept_at / kSecond - 1)));
  sweeper_.RunDue();
  EXPECT_FALSE(Get(*table, "b").has_value());
  Put(*table, WithExpiry("c", N(swept_at / kSecond + 1)));
  clock_.Advance(30 * kSecond);
  sweeper_.RunDue();
  EXPECT_TRUE(Get(*table, "c").has_value());
  clock_.Advance(kInterval - 30 * kSecond);
  sweeper_.RunDue();
  EXPECT_FALSE(Get(*table, "c").has_value());
}

TEST_F(SweeperTest, AnExplicitSweepSchedulesTheNext) {
  std::shared_ptr<table::Table> table = CreateTable("orders");
  SetTimeToLive(*table, true, kStart);
  clock_.Advance(kInterval / 2);
  EXPECT_EQ(Sweep(), 0);
  Put(*table, WithExpiry("a", N(kStartSeconds - 10)));
  clock_.Advance(kInterval / 2);  // the construction-time schedule would be due now
  sweeper_.RunDue();
  EXPECT_TRUE(Get(*table, "a").has_value());
  clock_.Advance(kInterval / 2);
  sweeper_.RunDue();
  EXPECT_FALSE(Get(*table, "a").has_value());
}

TEST_F(SweeperTest, AClockSetBackRestartsTheSchedule) {
  std::shared_ptr<table::Table> table = CreateTable("orders");
  SetTimeToLive(*table, true, kStart);
  // A test freezing the clock a day in the past: the sweep due a minute after construction
  // would otherwise wait a day of engine time.
  clock_.Set(kStart - 24 * 3600 * kSecond);
  Put(*table, WithExpiry("a", N(clock_.NowMicros() / kSecond - 10)));
  sweeper_.RunDue();
  EXPECT_FALSE(Get(*table, "a").has_value());
  Put(*table, WithExpiry("b", N(clock_.NowMicros() / kSecond - 10)));
  clock_.Advance(kInterval - 1);
  sweeper_.RunDue();
  EXPECT_TRUE(Get(*table, "b").has_value()) << "scheduled again one interval on";
  clock_.Advance(1);
  sweeper_.RunDue();
  EXPECT_FALSE(Get(*table, "b").has_value());
}

TEST_F(SweeperTest, WithoutAnIntervalRunDueNeverSweeps) {
  Sweeper manual(&catalog_, &clock_, 0);
  EXPECT_EQ(manual.interval_micros(), 0);
  std::shared_ptr<table::Table> table = CreateTable("orders");
  SetTimeToLive(*table, true, kStart);
  Put(*table, WithExpiry("a", N(kStartSeconds - 10)));
  clock_.Advance(3600 * kSecond);
  manual.RunDue();
  EXPECT_TRUE(Get(*table, "a").has_value());
  Result<int64_t> deleted = manual.Sweep();
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(deleted.value(), 1);
}

TEST_F(SweeperTest, CreatingTablesAreNotSwept) {
  table::Catalog slow(store_.get(), &clock_, kAccount, 10);
  Sweeper sweeper(&slow, &clock_, kInterval);
  Result<std::shared_ptr<table::Table>> created = slow.CreateTable(TableNamed("us-east-1", "new"));
  ASSERT_TRUE(created.has_value());
  std::shared_ptr<table::Table> table = created.value();
  SetTimeToLive(*table, true, kStart);
  Put(*table, WithExpiry("a", N(kStartSeconds - 10)));
  Result<int64_t> deleted = sweeper.Sweep();
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(deleted.value(), 0);
  clock_.Advance(10 * kSecond);
  slow.RunDue();  // ACTIVE now
  deleted = sweeper.Sweep();
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(deleted.value(), 1);
}

// Blocks the sweeping thread inside its first TTL deletion until released.
class BlockingSink : public table::ChangeSink {
 public:
  void OnCommit(const table::ChangeEvent& event) override {
    if (event.cause != ChangeCause::kTtl) {
      return;
    }
    std::unique_lock lock(mutex_);
    entered_ = true;
    changed_.notify_all();
    changed_.wait(lock, [this] { return released_; });
  }

  void WaitUntilEntered() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return entered_; });
  }

  void Release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool entered_ = false;
  bool released_ = false;
};

TEST_F(SweeperTest, RunDueReturnsAtOnceWhileASweepRuns) {
  auto blocking = std::make_shared<BlockingSink>();
  catalog_.AddChangeSink(blocking);
  std::shared_ptr<table::Table> table = CreateTable("orders");
  SetTimeToLive(*table, true, kStart);
  Put(*table, WithExpiry("a", N(kStartSeconds - 10)));
  std::future<Result<int64_t>> sweeping =
      std::async(std::launch::async, [this] { return sweeper_.Sweep(); });
  blocking->WaitUntilEntered();
  clock_.Advance(2 * kInterval);  // due again
  std::future<void> run_due = std::async(std::launch::async, [this] { sweeper_.RunDue(); });
  const std::future_status status = run_due.wait_for(std::chrono::seconds(5));
  blocking->Release();
  EXPECT_EQ(status, std::future_status::ready);
  Result<int64_t> deleted = sweeping.get();
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(deleted.value(), 1);
  run_due.get();
}

}  // namespace
}  // namespace dynafake::ttl
