// Index maintenance by Table's write path: entries, counters, collection sizes, backfill and drop.
#include <algorithm>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "model/item_codec.h"
#include "storage/kv_store.h"
#include "table/index.h"
#include "table/keyspace.h"
#include "table/table.h"
#include "util/coding.h"
#include "util/result.h"

namespace dynafake::table {
namespace {

using model::AttributeType;
using model::AttributeValue;
using model::Item;

AttributeValue S(std::string value) {
  return AttributeValue::String(std::move(value));
}

AttributeValue N(std::string_view text) {
  return AttributeValue::FromNumber(*model::Number::Parse(text));
}

// A memory store that counts Write calls and keeps the last batch, to see that an item and its
// index entries land in one atomic write.
class CountingStore : public storage::KvStore {
 public:
  Result<std::optional<std::string>> Get(const storage::ReadOptions& options,
                                         std::string_view key) override {
    return store_->Get(options, key);
  }

  Status Write(const storage::WriteOptions& options, const storage::WriteBatch& batch) override {
    {
      std::lock_guard lock(mutex_);
      ++writes_;
      last_batch_ = batch;
    }
    return store_->Write(options, batch);
  }

  std::unique_ptr<storage::Iterator> NewIterator(const storage::ReadOptions& options) override {
    return store_->NewIterator(options);
  }

  std::shared_ptr<const storage::Snapshot> GetSnapshot() override { return store_->GetSnapshot(); }

  int writes() const {
    std::lock_guard lock(mutex_);
    return writes_;
  }

  storage::WriteBatch last_batch() const {
    std::lock_guard lock(mutex_);
    return last_batch_;
  }

 private:
  std::unique_ptr<storage::KvStore> store_ = storage::NewMemoryStore();
  mutable std::mutex mutex_;
  int writes_ = 0;
  storage::WriteBatch last_batch_;
};

// Every stored entry of `range`, in key order.
std::vector<std::pair<std::string, Item>> Entries(const Table& table, const KeyRange& range) {
  std::vector<std::pair<std::string, Item>> entries;
  Status status =
      table.VisitEntries(range, std::nullopt, true,
                         [&](std::string_view key, std::string_view encoded) -> Result<bool> {
                           DF_ASSIGN_OR_RETURN(Item entry, model::DecodeItem(encoded));
                           entries.emplace_back(std::string(key), std::move(entry));
                           return true;
                         });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return entries;
}

constexpr uint32_t kTableId = 5;
constexpr uint32_t kKeysOnlyId = 1;
constexpr uint32_t kIncludeId = 2;
constexpr uint32_t kAllId = 3;

SecondaryIndex Gsi(const std::string& name, uint32_t id, ProjectionType type,
                   std::vector<std::string> non_key = {}) {
  SecondaryIndex index;
  index.index_name = name;
  index.index_id = id;
  index.global = true;
  index.key_schema.hash = {"g", AttributeType::kS};
  index.key_schema.range = model::KeyAttribute{"r", AttributeType::kN};
  index.projection.projection_type = type;
  index.projection.non_key_attributes = std::move(non_key);
  return index;
}

TableDescription BaseDescription() {
  TableDescription d;
  d.table_id = kTableId;
  d.region = "us-east-1";
  d.table_name = "t";
  d.key_schema.hash = {"pk", AttributeType::kS};
  d.key_schema.range = model::KeyAttribute{"sk", AttributeType::kS};
  d.next_index_id = 4;
  return d;
}

TableDescription GsiDescription() {
  TableDescription d = BaseDescription();
  d.global_secondary_indexes = {Gsi("keys", kKeysOnlyId, ProjectionType::kKeysOnly),
                                Gsi("include", kIncludeId, ProjectionType::kInclude, {"a"}),
                                Gsi("all", kAllId, ProjectionType::kAll)};
  return d;
}

Item MakeItem(const std::string& pk, const std::string& sk, std::optional<std::string> g,
              const std::string& a = "x") {
  Item item = {{"pk", S(pk)}, {"sk", S(sk)}, {"a", S(a)}, {"b", N("7")}, {"r", N("1")}};
  if (g) {
    item.emplace("g", S(*g));
  }
  return item;
}

class TableIndexTest : public ::testing::Test {
 protected:
  void Open(TableDescription description, TableOptions options = {}) {
    description_ = description;
    table_ = std::make_unique<Table>(&store_, &clock_, std::move(description), options);
  }

  Result<WriteResult> Put(const Item& item) {
    const Item key = {{"pk", item.at("pk")}, {"sk", item.at("sk")}};
    return table_->Write(
        key, [&item](const std::optional<Item>&) { return Result<std::optional<Item>>(item); });
  }

  Result<WriteResult> Delete(const std::string& pk, const std::string& sk) {
    return table_->Write({{"pk", S(pk)}, {"sk", S(sk)}}, [](const std::optional<Item>&) {
      return Result<std::optional<Item>>(std::nullopt);
    });
  }

  std::vector<Item> IndexItems(uint32_t index_id) {
    std::vector<Item> items;
    for (auto& [key, item] : Entries(*table_, WholeIndexRange(kTableId, index_id))) {
      items.push_back(item);
    }
    return items;
  }

  const SecondaryIndex* Described(const std::string& name) {
    described_ = table_->Describe();
    return described_.FindIndex(name);
  }

  CountingStore store_;
  SettableClock clock_{1'000'000};
  TableDescription description_;
  TableDescription described_;
  std::unique_ptr<Table> table_;
};

TEST_F(TableIndexTest, PutWritesEachProjectionInTheSameBatch) {
  Open(GsiDescription());
  const Item item = MakeItem("p", "s", "gv");
  Result<WriteResult> result = Put(item);
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_EQ(store_.writes(), 1);
  EXPECT_EQ(store_.last_batch().operations().size(), 4u);  // the item and three entries

  const Item keys = {{"pk", S("p")}, {"sk", S("s")}, {"g", S("gv")}, {"r", N("1")}};
  Item included = keys;
  included.emplace("a", S("x"));
  EXPECT_EQ(IndexItems(kKeysOnlyId), std::vector<Item>{keys});
  EXPECT_EQ(IndexItems(kIncludeId), std::vector<Item>{included});
  EXPECT_EQ(IndexItems(kAllId), std::vector<Item>{item});

  ASSERT_EQ(result->index_writes.size(), 3u);
  const std::vector<std::pair<std::string, size_t>> expected = {
      {"keys", model::ItemSize(keys)},
      {"include", model::ItemSize(included)},
      {"all", model::ItemSize(item)}};
  for (size_t i = 0; i < expected.size(); ++i) {
    const IndexWrite& write = result->index_writes[i];
    EXPECT_EQ(write.index_name, expected[i].first);
    EXPECT_TRUE(write.global);
    EXPECT_EQ(write.old_entry_size, 0);
    EXPECT_EQ(write.new_entry_size, static_cast<int64_t>(expected[i].second));
    EXPECT_FALSE(write.key_changed);
  }
  EXPECT_FALSE(result->item_collection_size.has_value());
}

TEST_F(TableIndexTest, SparseItemsHaveNoEntries) {
  Open(GsiDescription());
  Result<WriteResult> result = Put(MakeItem("p", "s", std::nullopt));
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->index_writes.empty());
  EXPECT_EQ(store_.last_batch().operations().size(), 1u);
  EXPECT_TRUE(IndexItems(kAllId).empty());
  EXPECT_EQ(Described("all")->item_count, 0);
}

TEST_F(TableIndexTest, MovingTheIndexKeyDeletesAndPuts) {
  Open(GsiDescription());
  ASSERT_TRUE(Put(MakeItem("p", "s", "old")).has_value());
  Result<WriteResult> result = Put(MakeItem("p", "s", "new"));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(store_.writes(), 2);
  EXPECT_EQ(store_.last_batch().operations().size(), 7u);  // item + 3 deletes + 3 puts
  ASSERT_EQ(result->index_writes.size(), 3u);
  for (const IndexWrite& write : result->index_writes) {
    EXPECT_TRUE(write.key_changed);
    EXPECT_EQ(write.old_entry_size, write.new_entry_size);  // "old" and "new": same size
  }
  EXPECT_EQ(IndexItems(kKeysOnlyId).size(), 1u);
  EXPECT_EQ(IndexItems(kKeysOnlyId)[0].at("g"), S("new"));
  EXPECT_EQ(Described("keys")->item_count, 1);
}

TEST_F(TableIndexTest, OnlyIndexesThatProjectAChangedAttributeAreWritten) {
  Open(GsiDescription());
  ASSERT_TRUE(Put(MakeItem("p", "s", "gv", "before")).has_value());
  Result<WriteResult> result = Put(MakeItem("p", "s", "gv", "before!"));
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->index_writes.size(), 2u);
  EXPECT_EQ(result->index_writes[0].index_name, "include");
  EXPECT_EQ(result->index_writes[1].index_name, "all");
  for (const IndexWrite& write : result->index_writes) {
    EXPECT_FALSE(write.key_changed);
    EXPECT_EQ(write.new_entry_size, write.old_entry_size + 1);
  }
  EXPECT_EQ(store_.last_batch().operations().size(), 3u);
  EXPECT_EQ(IndexItems(kIncludeId)[0].at("a"), S("before!"));
}

TEST_F(TableIndexTest, RemovingTheIndexKeyOrTheItemRemovesEntries) {
  Open(GsiDescription());
  ASSERT_TRUE(Put(MakeItem("p", "1", "gv")).has_value());
  ASSERT_TRUE(Put(MakeItem("p", "2", "gv")).has_value());
  Result<WriteResult> unindexed = Put(MakeItem("p", "1", std::nullopt));
  ASSERT_TRUE(unindexed.has_value());
  ASSERT_EQ(unindexed->index_writes.size(), 3u);
  EXPECT_EQ(unindexed->index_writes[0].new_entry_size, 0);
  EXPECT_GT(unindexed->index_writes[0].old_entry_size, 0);
  Result<WriteResult> deleted = Delete("p", "2");
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(deleted->index_writes.size(), 3u);
  EXPECT_TRUE(IndexItems(kKeysOnlyId).empty());
  EXPECT_EQ(Described("all")->item_count, 0);
  EXPECT_EQ(Described("all")->index_size_bytes, 0);
}

TEST_F(TableIndexTest, InvalidIndexKeysWriteNothing) {
  Open(GsiDescription());
  ASSERT_TRUE(Put(MakeItem("p", "s", "gv")).has_value());
  const int writes = store_.writes();
  Item wrong_type = MakeItem("p", "s", std::nullopt);
  wrong_type.emplace("g", N("3"));
  Result<WriteResult> result = Put(wrong_type);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().message(),
            "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S "
            "Actual: N IndexName: keys");
  Result<WriteResult> empty = Put(MakeItem("q", "s", ""));
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().message(),
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an empty "
            "string value. IndexName: keys, IndexKey: g");
  EXPECT_EQ(store_.writes(), writes);
  EXPECT_EQ(*table_->GetItem({{"pk", S("p")}, {"sk", S("s")}}).value(), MakeItem("p", "s", "gv"));
  EXPECT_EQ(table_->Describe().item_count, 1);
  EXPECT_EQ(Described("keys")->item_count, 1);
}

TEST_F(TableIndexTest, UnchangedWriteWritesNothing) {
  Open(GsiDescription());
  ASSERT_TRUE(Put(MakeItem("p", "s", "gv")).has_value());
  Result<WriteResult> again = Put(MakeItem("p", "s", "gv"));
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->index_writes.empty());
  EXPECT_EQ(store_.writes(), 1);
}

TEST_F(TableIndexTest, CountersFollowWritesAndRecount) {
  Open(GsiDescription());
  int64_t all_size = 0;
  for (const std::string sk : {"1", "2", "3"}) {
    const Item item = MakeItem("p", sk, "g" + sk);
    ASSERT_TRUE(Put(item).has_value());
    all_size += static_cast<int64_t>(model::ItemSize(item));
  }
  ASSERT_TRUE(Put(MakeItem("p", "4", std::nullopt)).has_value());
  const TableDescription described = table_->Describe();
  EXPECT_EQ(described.item_count, 4);
  const SecondaryIndex* all = described.FindIndex("all");
  EXPECT_EQ(all->item_count, 3);
  EXPECT_EQ(all->index_size_bytes, all_size);
  // pk p, sk 1, g g1, r 1: 3 + 3 + 3 + 3 bytes each.
  EXPECT_EQ(described.FindIndex("keys")->index_size_bytes, 3 * 12);

  // A table reopened on the same store recounts every keyspace.
  Open(GsiDescription());
  EXPECT_EQ(table_->Describe().FindIndex("all")->item_count, 0);
  ASSERT_TRUE(table_->RecountItems().ok());
  const TableDescription recounted = table_->Describe();
  EXPECT_EQ(recounted.item_count, 4);
  EXPECT_EQ(recounted.table_size_bytes, described.table_size_bytes);
  EXPECT_EQ(recounted.FindIndex("all")->index_size_bytes, all_size);
  EXPECT_EQ(recounted.FindIndex("keys")->item_count, 3);
  EXPECT_EQ(recounted.FindIndex("include")->index_size_bytes,
            described.FindIndex("include")->index_size_bytes);
}

TEST_F(TableIndexTest, DropAllItemsClearsEveryKeyspaceOfTheTableOnly) {
  Open(GsiDescription());
  ASSERT_TRUE(Put(MakeItem("p", "1", "gv")).has_value());
  Table other(&store_, &clock_, [] {
    TableDescription d = GsiDescription();
    d.table_id = kTableId + 1;
    return d;
  }());
  ASSERT_TRUE(other
                  .Write({{"pk", S("p")}, {"sk", S("1")}},
                         [](const std::optional<Item>&) {
                           return Result<std::optional<Item>>(MakeItem("p", "1", "gv"));
                         })
                  .has_value());
  ASSERT_TRUE(table_->DropAllItems().ok());
  const std::string prefix = TablePrefix(kTableId);
  EXPECT_TRUE(Entries(*table_, {prefix, PrefixSuccessor(prefix)}).empty());
  EXPECT_EQ(table_->Describe().item_count, 0);
  EXPECT_EQ(Described("all")->item_count, 0);
  EXPECT_EQ(Entries(other, WholeIndexRange(kTableId + 1, kAllId)).size(), 1u);
}

// A table with two local secondary indexes: KEYS_ONLY on "l" and ALL on "m".
TableDescription LsiDescription() {
  TableDescription d = BaseDescription();
  SecondaryIndex by_l;
  by_l.index_name = "by_l";
  by_l.index_id = 1;
  by_l.key_schema.hash = d.key_schema.hash;
  by_l.key_schema.range = model::KeyAttribute{"l", AttributeType::kN};
  by_l.projection.projection_type = ProjectionType::kKeysOnly;
  SecondaryIndex by_m = by_l;
  by_m.index_name = "by_m";
  by_m.index_id = 2;
  by_m.key_schema.range = model::KeyAttribute{"m", AttributeType::kS};
  by_m.projection.projection_type = ProjectionType::kAll;
  d.local_secondary_indexes = {by_l, by_m};
  d.next_index_id = 3;
  return d;
}

int64_t Size(const Item& item) {
  return static_cast<int64_t>(model::ItemSize(item));
}

TEST_F(TableIndexTest, LocalIndexesKeepTheItemCollectionSize) {
  Open(LsiDescription());
  const Item first = {{"pk", S("p")}, {"sk", S("1")}, {"l", N("5")}, {"m", S("mm")}};
  const Item first_keys = {{"pk", S("p")}, {"sk", S("1")}, {"l", N("5")}};
  // DynamoDB: each local index entry counts its attributes plus 100 bytes.
  const int64_t first_size = Size(first) + (Size(first_keys) + 100) + (Size(first) + 100);
  Result<WriteResult> result = Put(first);
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_EQ(result->item_collection_size, first_size);
  EXPECT_EQ(store_.last_batch().operations().size(), 4u);  // item, two entries, the record
  std::string record;
  util::PutFixed64BigEndian(&record, static_cast<uint64_t>(first_size));
  EXPECT_EQ(store_.Get({}, ItemCollectionSizeKey(kTableId, S("p"))).value(), record);

  const Item second = {{"pk", S("p")}, {"sk", S("2")}};  // in no local index
  result = Put(second);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->item_collection_size, first_size + Size(second));
  // Other partitions are other collections.
  result = Put({{"pk", S("q")}, {"sk", S("1")}});
  EXPECT_EQ(result->item_collection_size, 6);
  // Nothing changes: the current size.
  const int writes = store_.writes();
  result = Put(second);
  EXPECT_EQ(result->item_collection_size, first_size + Size(second));
  EXPECT_EQ(store_.writes(), writes);

  result = Delete("p", "1");
  EXPECT_EQ(result->item_collection_size, Size(second));
  result = Delete("p", "2");
  EXPECT_EQ(result->item_collection_size, 0);
  EXPECT_FALSE(store_.Get({}, ItemCollectionSizeKey(kTableId, S("p"))).value().has_value());
  EXPECT_EQ(Described("by_l")->item_count, 0);
}

TEST_F(TableIndexTest, GrowingACollectionPastTheLimitFails) {
  TableOptions options;
  options.item_collection_size_limit_bytes = 200;
  Open(LsiDescription(), options);
  const Item small = {{"pk", S("p")}, {"sk", S("1")}, {"m", S("x")}};
  ASSERT_TRUE(Put(small).has_value());
  const int writes = store_.writes();
  const Item large = {{"pk", S("p")}, {"sk", S("2")}, {"a", S(std::string(100, 'a'))}};
  Result<WriteResult> result = Put(large);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kItemCollectionSizeLimitExceeded);
  EXPECT_EQ(result.error().message(), "Collection size exceeded.");
  EXPECT_EQ(store_.writes(), writes);
  EXPECT_FALSE(table_->GetItem({{"pk", S("p")}, {"sk", S("2")}}).value().has_value());
  // Another partition has its own room.
  EXPECT_TRUE(Put({{"pk", S("q")}, {"sk", S("2")}, {"a", S(std::string(100, 'a'))}}).has_value());

  // Over a lowered limit, writes that shrink the collection still pass.
  options.item_collection_size_limit_bytes = 10;
  Open(LsiDescription(), options);
  EXPECT_FALSE(Put({{"pk", S("p")}, {"sk", S("3")}}).has_value());
  EXPECT_TRUE(Put({{"pk", S("p")}, {"sk", S("1")}}).has_value());  // drops "m" and its entry
  EXPECT_TRUE(Delete("p", "1").has_value());
}

Item Late(const std::string& sk, std::optional<AttributeValue> g, AttributeValue r = N("1")) {
  Item item = {{"pk", S("p")}, {"sk", S(sk)}, {"r", std::move(r)}};
  if (g) {
    item.emplace("g", std::move(*g));
  }
  return item;
}

Status AddLateIndex(Table& table) {
  return table.UpdateDescription([](TableDescription& d) {
    SecondaryIndex index = Gsi("late", d.next_index_id++, ProjectionType::kAll);
    index.index_status = IndexStatus::kCreating;
    index.backfilling = true;
    d.global_secondary_indexes.push_back(index);
  });
}

TEST_F(TableIndexTest, BackfillIndexesStoredItemsAndSkipsInvalidKeys) {
  Open(BaseDescription());
  const std::vector<Item> items = {Late("a", S("ga")),         Late("b", N("3")),
                                   Late("c", std::nullopt),    Late("d", S("")),
                                   Late("e", S("ge"), S("x")), Late("f", S("gf"), N("2"))};
  for (const Item& item : items) {
    ASSERT_TRUE(Put(item).has_value());
  }
  ASSERT_TRUE(AddLateIndex(*table_).ok());
  // Index order is by the hash of "g": compare as sets.
  std::vector<Item> indexed = IndexItems(4);
  ASSERT_EQ(indexed.size(), 2u);
  EXPECT_TRUE(indexed == (std::vector<Item>{items[0], items[5]}) ||
              indexed == (std::vector<Item>{items[5], items[0]}));
  EXPECT_EQ(Described("late")->item_count, 2);
  EXPECT_EQ(Described("late")->index_size_bytes, Size(items[0]) + Size(items[5]));

  // Later writes maintain it; a skipped item must get a valid key before it can change.
  Item changed = items[1];
  changed.insert_or_assign("other", S("v"));
  Result<WriteResult> rejected = Put(changed);
  ASSERT_FALSE(rejected.has_value());
  EXPECT_EQ(rejected.error().message(),
            "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S "
            "Actual: N IndexName: late");
  Result<WriteResult> deleted = Delete("p", "b");
  ASSERT_TRUE(deleted.has_value());
  EXPECT_TRUE(deleted->index_writes.empty());
  Result<WriteResult> moved = Put(Late("a", S("gz")));
  ASSERT_TRUE(moved.has_value());
  ASSERT_EQ(moved->index_writes.size(), 1u);
  EXPECT_TRUE(moved->index_writes[0].key_changed);
  indexed = IndexItems(4);
  ASSERT_EQ(indexed.size(), 2u);
  EXPECT_TRUE(indexed[0].at("g") == S("gz") || indexed[1].at("g") == S("gz"));

  const TableDescription counted = table_->Describe();
  ASSERT_TRUE(table_->RecountItems().ok());
  EXPECT_EQ(Described("late")->item_count, counted.FindIndex("late")->item_count);
  EXPECT_EQ(Described("late")->index_size_bytes, counted.FindIndex("late")->index_size_bytes);
}

TEST_F(TableIndexTest, DeletingAnIndexDropsItsEntries) {
  Open(GsiDescription());
  ASSERT_TRUE(Put(MakeItem("p", "1", "gv")).has_value());
  ASSERT_TRUE(table_
                  ->UpdateDescription([](TableDescription& d) {
                    d.global_secondary_indexes[2].index_status = IndexStatus::kDeleting;
                  })
                  .ok());
  EXPECT_TRUE(IndexItems(kAllId).empty());
  EXPECT_EQ(IndexItems(kKeysOnlyId).size(), 1u);
  Result<WriteResult> result = Put(MakeItem("p", "2", "gv"));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->index_writes.size(), 2u);
  EXPECT_TRUE(IndexItems(kAllId).empty());
  // Removing it from the description (the transition's end) changes nothing more.
  ASSERT_TRUE(
      table_->UpdateDescription([](TableDescription& d) { d.global_secondary_indexes.pop_back(); })
          .ok());
  EXPECT_FALSE(table_->FindIndex("all").has_value());
  EXPECT_EQ(table_->FindIndex("keys")->index_id, kKeysOnlyId);
  EXPECT_EQ(Described("keys")->item_count, 2);
  // A removed index is dropped as well.
  ASSERT_TRUE(table_
                  ->UpdateDescription([](TableDescription& d) {
                    d.global_secondary_indexes.erase(d.global_secondary_indexes.begin());
                  })
                  .ok());
  EXPECT_TRUE(IndexItems(kKeysOnlyId).empty());
  EXPECT_EQ(IndexItems(kIncludeId).size(), 2u);
}

// Whatever the interleaving, once writers and the backfill are done the index holds exactly the
// entries of the stored items and its counters match a recount.
TEST_F(TableIndexTest, WritesConcurrentWithABackfillKeepTheIndexExact) {
  Open(BaseDescription());
  auto item_for = [](int key, int version) {
    return Late(std::to_string(key), version % 3 == 0
                                         ? std::nullopt
                                         : std::optional(S("g" + std::to_string(version % 7))));
  };
  for (int key = 0; key < 1500; ++key) {
    ASSERT_TRUE(Put(item_for(key, key)).has_value());
  }
  std::vector<std::thread> writers;
  for (int thread = 0; thread < 3; ++thread) {
    writers.emplace_back([this, thread, &item_for] {
      std::mt19937 random(static_cast<uint32_t>(thread));
      for (int i = 0; i < 1500; ++i) {
        const int key = static_cast<int>(random() % 2000);
        const Result<WriteResult> result = random() % 4 == 0
                                               ? Delete("p", std::to_string(key))
                                               : Put(item_for(key, static_cast<int>(random())));
        EXPECT_TRUE(result.has_value());
      }
    });
  }
  ASSERT_TRUE(AddLateIndex(*table_).ok());
  for (std::thread& writer : writers) {
    writer.join();
  }
  std::vector<Item> expected;
  for (auto& [key, item] : Entries(*table_, WholeIndexRange(kTableId, kBaseIndexId))) {
    if (item.contains("g")) {
      expected.push_back(item);
    }
  }
  std::vector<Item> indexed = IndexItems(4);
  auto by_sort_key = [](const Item& a, const Item& b) {
    return a.at("sk").as_string() < b.at("sk").as_string();
  };
  std::sort(expected.begin(), expected.end(), by_sort_key);
  std::sort(indexed.begin(), indexed.end(), by_sort_key);
  EXPECT_EQ(indexed, expected);
  const int64_t live_count = Described("late")->item_count;
  const int64_t live_size = Described("late")->index_size_bytes;
  ASSERT_TRUE(table_->RecountItems().ok());
  EXPECT_EQ(live_count, static_cast<int64_t>(expected.size()));
  EXPECT_EQ(Described("late")->item_count, live_count);
  EXPECT_EQ(Described("late")->index_size_bytes, live_size);
}

// Writers of one partition serialize on the collection size record: it ends exactly at the size
// of what is stored.
TEST_F(TableIndexTest, ConcurrentWritesKeepTheCollectionSizeExact) {
  Open(LsiDescription());
  std::vector<std::thread> writers;
  for (int thread = 0; thread < 3; ++thread) {
    writers.emplace_back([this, thread] {
      std::mt19937 random(static_cast<uint32_t>(thread));
      for (int i = 0; i < 1000; ++i) {
        const std::string sk = std::to_string(random() % 50);
        Item item = {{"pk", S("p")}, {"sk", S(sk)}};
        if (random() % 2 == 0) {
          item.emplace("m", S(std::string(random() % 20 + 1, 'm')));
        }
        if (random() % 2 == 0) {
          item.emplace("l", N(std::to_string(random() % 100)));
        }
        const Result<WriteResult> result = random() % 5 == 0 ? Delete("p", sk) : Put(item);
        EXPECT_TRUE(result.has_value());
      }
    });
  }
  for (std::thread& writer : writers) {
    writer.join();
  }
  int64_t expected = 0;
  for (auto& [key, item] : Entries(*table_, WholeIndexRange(kTableId, kBaseIndexId))) {
    expected += Size(item);
  }
  for (uint32_t index_id : {1u, 2u}) {
    for (auto& [key, entry] : Entries(*table_, WholeIndexRange(kTableId, index_id))) {
      expected += Size(entry) + 100;
    }
  }
  const Result<WriteResult> unchanged = Delete("p", "absent");
  ASSERT_TRUE(unchanged.has_value());
  EXPECT_EQ(unchanged->item_collection_size, expected);
}

}  // namespace
}  // namespace dynafake::table
