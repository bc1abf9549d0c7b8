#include "table/change_log.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/item_codec.h"
#include "storage/kv_store.h"
#include "table/atomic_write.h"
#include "table/table.h"

namespace dynafake::table {
namespace {

using model::AttributeValue;
using model::Item;

constexpr int64_t kStart = 1'700'000'000'000'000;
constexpr int64_t kSecond = 1'000'000;

Item Key(const std::string& pk) {
  return {{"pk", AttributeValue::String(pk)}};
}

Item WithValue(const std::string& pk, const std::string& value) {
  Item item = Key(pk);
  item.emplace("v", AttributeValue::String(value));
  return item;
}

WriteFn Put(Item item) {
  return [item](const std::optional<Item>&) -> Result<std::optional<Item>> {
    return std::optional<Item>(item);
  };
}

WriteFn Delete() {
  return [](const std::optional<Item>&) -> Result<std::optional<Item>> {
    return std::optional<Item>();
  };
}

class ChangeLogTest : public ::testing::Test {
 protected:
  ChangeLogTest() : store_(storage::NewMemoryStore()), clock_(kStart) {
    for (uint32_t id : {7u, 8u}) {
      TableDescription description;
      description.table_id = id;
      description.region = "us-east-1";
      description.table_name = "history" + std::to_string(id);
      description.key_schema.hash = {"pk", model::AttributeType::kS};
      tables_.push_back(std::make_unique<Table>(store_.get(), &clock_, description));
    }
  }

  void At(int64_t seconds) { clock_.Set(kStart + seconds * kSecond); }

  void Write(const Item& item) {
    ASSERT_TRUE(table().Write(Key(item.at("pk").as_string()), Put(item)).has_value());
  }

  // pk -> v of every item table `index` held `seconds` after the start.
  std::map<std::string, std::string> ItemsAt(int64_t seconds, size_t index = 0) {
    std::map<std::string, std::string> items;
    const std::shared_ptr<const storage::Snapshot> snapshot = store_->GetSnapshot();
    Status status = VisitItemsAsOf(
        *store_, *snapshot, tables_[index]->table_id(), kStart + seconds * kSecond,
        [&](std::string_view encoded) -> Status {
          Result<Item> item = model::DecodeItem(encoded);
          EXPECT_TRUE(item.has_value());
          items[item->at("pk").as_string()] = item->count("v") ? item->at("v").as_string() : "";
          return Status::Ok();
        });
    EXPECT_TRUE(status.ok()) << status.message();
    return items;
  }

  int64_t Records(size_t index = 0) {
    int64_t count = 0;
    const KeyRange range = WholeChangeLogRange(tables_[index]->table_id());
    std::unique_ptr<storage::Iterator> it = store_->NewIterator(storage::ReadOptions{});
    for (it->Seek(range.lower); it->Valid() && it->key() < range.upper; it->Next()) {
      ++count;
    }
    return count;
  }

  Table& table() { return *tables_[0]; }

  std::unique_ptr<storage::KvStore> store_;
  SettableClock clock_;
  std::vector<std::unique_ptr<Table>> tables_;
};

TEST_F(ChangeLogTest, RecordsRoundTrip) {
  const std::string old_item = "\x01old";
  const std::string key = ChangeLogKey(3, 42, 9);
  const std::string value = EncodeChangeRecord("storage-key", &old_item);
  Result<ChangeRecord> record = DecodeChangeRecord(key, value);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->time_micros, 42);
  EXPECT_EQ(record->sequence, 9u);
  EXPECT_EQ(record->storage_key, "storage-key");
  ASSERT_TRUE(record->old_item.has_value());
  EXPECT_EQ(*record->old_item, old_item);
  const std::string created_key = ChangeLogKey(3, 42, 10);
  const std::string created_value = EncodeChangeRecord("k", nullptr);
  Result<ChangeRecord> created = DecodeChangeRecord(created_key, created_value);
  ASSERT_TRUE(created.has_value());
  EXPECT_FALSE(created->old_item.has_value());
  EXPECT_FALSE(DecodeChangeRecord("short", "").has_value());
  const std::string truncated_key = ChangeLogKey(3, 1, 1);
  EXPECT_FALSE(DecodeChangeRecord(truncated_key, "\x09").has_value());
}

TEST_F(ChangeLogTest, NothingIsLoggedWhileRecoveryIsOff) {
  Write(WithValue("a", "1"));
  EXPECT_EQ(Records(), 0);
  ASSERT_TRUE(table().SetPointInTimeRecovery(true, 35).ok());
  Write(WithValue("a", "2"));
  EXPECT_EQ(Records(), 1);
  ASSERT_TRUE(table().SetPointInTimeRecovery(false, 35).ok());
  EXPECT_EQ(Records(), 0) << "disabling drops the log";
  Write(WithValue("a", "3"));
  EXPECT_EQ(Records(), 0);
}

TEST_F(ChangeLogTest, ItemsAsOfEachSecondOfAScriptedHistory) {
  Write(WithValue("before", "x"));
  At(1);
  ASSERT_TRUE(table().SetPointInTimeRecovery(true, 35).ok());
  EXPECT_EQ(table().Describe().point_in_time_recovery.enabled_micros, kStart + kSecond);
  At(10);
  Write(WithValue("a", "1"));
  Write(WithValue("b", "1"));
  At(20);
  Write(WithValue("a", "2"));
  ASSERT_TRUE(table().Write(Key("before"), Delete()).has_value());
  At(30);
  ASSERT_TRUE(table().Write(Key("b"), Delete()).has_value());
  Write(WithValue("b", "3"));
  Write(WithValue("a", "2"));  // no change: no record

  using Items = std::map<std::string, std::string>;
  EXPECT_EQ(ItemsAt(5), (Items{{"before", "x"}}));
  EXPECT_EQ(ItemsAt(10), (Items{{"before", "x"}, {"a", "1"}, {"b", "1"}}));
  EXPECT_EQ(ItemsAt(19), (Items{{"before", "x"}, {"a", "1"}, {"b", "1"}}));
  EXPECT_EQ(ItemsAt(20), (Items{{"a", "2"}, {"b", "1"}}));
  EXPECT_EQ(ItemsAt(30), (Items{{"a", "2"}, {"b", "3"}}));
  EXPECT_EQ(Records(), 6);
}

TEST_F(ChangeLogTest, AnAtomicWriteHasOneTimeAcrossTables) {
  for (auto& each : tables_) {
    ASSERT_TRUE(each->SetPointInTimeRecovery(true, 35).ok());
  }
  At(5);
  std::vector<ItemWrite> writes;
  writes.push_back({tables_[0].get(), Key("x"), Put(WithValue("x", "t"))});
  writes.push_back({tables_[1].get(), Key("y"), Put(WithValue("y", "t"))});
  Result<AtomicWriteOutcome> outcome = WriteAtomically(writes, "txn-1");
  ASSERT_TRUE(outcome.has_value() && outcome->committed);
  for (size_t index : {0u, 1u}) {
    const KeyRange range = WholeChangeLogRange(tables_[index]->table_id());
    std::unique_ptr<storage::Iterator> it = store_->NewIterator(storage::ReadOptions{});
    it->Seek(range.lower);
    ASSERT_TRUE(it->Valid() && it->key() < range.upper);
    Result<ChangeRecord> record = DecodeChangeRecord(it->key(), it->value());
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->time_micros, kStart + 5 * kSecond);
  }
  EXPECT_EQ(ItemsAt(4, 0).size(), 0u);
  EXPECT_EQ(ItemsAt(4, 1).size(), 0u);
  EXPECT_EQ(ItemsAt(5, 0).size(), 1u);
  EXPECT_EQ(ItemsAt(5, 1).size(), 1u);
}

TEST_F(ChangeLogTest, TrimDeletesOnlyOlderRecords) {
  ASSERT_TRUE(table().SetPointInTimeRecovery(true, 35).ok());
  for (int second = 0; second < 5; ++second) {
    At(second);
    Write(WithValue("a", std::to_string(second)));
  }
  Result<int64_t> trimmed = TrimChangeLog(*store_, table().table_id(), kStart + 3 * kSecond);
  ASSERT_TRUE(trimmed.has_value());
  EXPECT_EQ(*trimmed, 3);
  EXPECT_EQ(Records(), 2);
  EXPECT_EQ(ItemsAt(3).at("a"), "3");
}

TEST_F(ChangeLogTest, ReopenedTableResumesTheSequence) {
  ASSERT_TRUE(table().SetPointInTimeRecovery(true, 35).ok());
  Write(WithValue("a", "1"));
  Write(WithValue("a", "2"));
  // A new incarnation object over the same store, as a reopened engine has, at the same frozen
  // time: its records must not overwrite the ones kept.
  auto reopened = std::make_unique<Table>(store_.get(), &clock_, table().Describe());
  ASSERT_TRUE(reopened->RecountItems().ok());
  ASSERT_TRUE(reopened->Write(Key("a"), Put(WithValue("a", "3"))).has_value());
  EXPECT_EQ(Records(), 3);
  EXPECT_EQ(ItemsAt(-1).size(), 0u);
}

TEST_F(ChangeLogTest, BulkLoadStoresItemsAndCounts) {
  Table::BulkLoad load(table());
  for (int i = 0; i < 2500; ++i) {
    std::string bytes;
    model::EncodeItem(WithValue("k" + std::to_string(i), "v"), &bytes);
    ASSERT_TRUE(load.Add(bytes).ok());
  }
  ASSERT_TRUE(load.Finish().ok());
  EXPECT_EQ(table().Describe().item_count, 2500);
  Result<std::optional<Item>> item = table().GetItem(Key("k1234"));
  ASSERT_TRUE(item.has_value() && item->has_value());
  EXPECT_EQ((*item)->at("v").as_string(), "v");
  EXPECT_FALSE(load.Add("not an item").ok());
}

}  // namespace
}  // namespace dynafake::table
