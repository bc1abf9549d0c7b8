#include "table/table.h"

#include <vector>

#include <gtest/gtest.h>

#include "model/item_codec.h"
#include "storage/kv_store.h"
#include "table/recording_sink_test_util.h"
#include "util/result.h"

namespace dynafake::table {
namespace {

using model::AttributeValue;
using model::Item;

class TableTest : public ::testing::Test {
 protected:
  TableTest() : store_(storage::NewMemoryStore()), clock_(1'700'000'000'000'000) {
    TableDescription description;
    description.table_id = 7;
    description.region = "us-east-1";
    description.table_name = "orders";
    description.key_schema.hash = {"pk", model::AttributeType::kS};
    table_ = std::make_unique<Table>(store_.get(), &clock_, description);
    sink_ = std::make_shared<RecordingSink>();
    table_->AddChangeSink(sink_);
  }

  static Item Key(const std::string& pk) { return {{"pk", AttributeValue::String(pk)}}; }

  static Item WithValue(const std::string& pk, const std::string& value) {
    Item item = Key(pk);
    item.emplace("v", AttributeValue::String(value));
    return item;
  }

  Result<WriteResult> Put(const Item& item) {
    return table_->Write(Key(item.at("pk").as_string()), [&item](const std::optional<Item>&) {
      return Result<std::optional<Item>>(item);
    });
  }

  Result<WriteResult> Delete(const std::string& pk) {
    return table_->Write(Key(pk), [](const std::optional<Item>&) {
      return Result<std::optional<Item>>(std::nullopt);
    });
  }

  std::unique_ptr<storage::KvStore> store_;
  SettableClock clock_;
  std::unique_ptr<Table> table_;
  std::shared_ptr<RecordingSink> sink_;
};

TEST_F(TableTest, EveryCommittedChangeProducesOneEvent) {
  ASSERT_TRUE(Put(WithValue("a", "1")).has_value());
  ASSERT_TRUE(Put(WithValue("a", "2")).has_value());
  ASSERT_TRUE(Delete("a").has_value());
  ASSERT_EQ(sink_->events.size(), 3u);

  EXPECT_FALSE(sink_->events[0].old_image.has_value());
  EXPECT_EQ(sink_->events[0].new_image, WithValue("a", "1"));
  EXPECT_EQ(sink_->events[1].old_image, WithValue("a", "1"));
  EXPECT_EQ(sink_->events[1].new_image, WithValue("a", "2"));
  EXPECT_EQ(sink_->events[2].old_image, WithValue("a", "2"));
  EXPECT_FALSE(sink_->events[2].new_image.has_value());
  for (const RecordedChange& event : sink_->events) {
    EXPECT_EQ(event.table_id, 7u);
    EXPECT_EQ(event.table_name, "orders");
    EXPECT_EQ(event.keys, Key("a"));
    EXPECT_EQ(event.time_micros, 1'700'000'000'000'000);
    EXPECT_EQ(event.cause, ChangeCause::kUser);
  }
}

TEST_F(TableTest, WritesThatChangeNothingProduceNoEvent) {
  ASSERT_TRUE(Put(WithValue("a", "1")).has_value());
  ASSERT_TRUE(Put(WithValue("a", "1")).has_value());
  ASSERT_TRUE(Delete("missing").has_value());
  EXPECT_EQ(sink_->events.size(), 1u);
}

TEST_F(TableTest, FailedDecisionWritesNothing) {
  ASSERT_TRUE(Put(WithValue("a", "1")).has_value());
  auto result = table_->Write(Key("a"), [](const std::optional<Item>&) {
    return Result<std::optional<Item>>(
        Status(ErrorCode::kConditionalCheckFailed, "The conditional request failed"));
  });
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kConditionalCheckFailed);
  EXPECT_EQ(*table_->GetItem(Key("a")).value(), WithValue("a", "1"));
  EXPECT_EQ(sink_->events.size(), 1u);
}

TEST_F(TableTest, AnItemClaimedByATransactionRefusesSingleWrites) {
  InFlightWrites in_flight;
  TableDescription description = table_->Describe();
  table_ = std::make_unique<Table>(store_.get(), &clock_, description,
                                   TableOptions{.in_flight_writes = &in_flight});
  const std::vector<std::string> claimed = {table_->ItemStorageKey(Key("a"))};
  ASSERT_TRUE(in_flight.ClaimAll(claimed).empty());
  Result<WriteResult> refused = Put(WithValue("a", "1"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::kTransactionConflict);
  EXPECT_EQ(refused.error().message(), "Transaction is ongoing for the item");
  EXPECT_TRUE(Put(WithValue("b", "1")).has_value());
  in_flight.ReleaseAll(claimed);
  EXPECT_TRUE(Put(WithValue("a", "1")).has_value());
}

TEST_F(TableTest, GetItemReadsTheSnapshotItIsGiven) {
  ASSERT_TRUE(Put(WithValue("a", "old")).has_value());
  const std::shared_ptr<const storage::Snapshot> snapshot = store_->GetSnapshot();
  ASSERT_TRUE(Put(WithValue("a", "new")).has_value());
  Result<std::optional<Item>> then = table_->GetItem(Key("a"), snapshot.get());
  ASSERT_TRUE(then.has_value());
  EXPECT_EQ(*then, WithValue("a", "old"));
  EXPECT_EQ(*table_->GetItem(Key("a")), WithValue("a", "new"));
}

TEST_F(TableTest, CountsFollowWritesAndRecount) {
  ASSERT_TRUE(Put(WithValue("a", "1")).has_value());
  ASSERT_TRUE(Put(WithValue("b", "22")).has_value());
  ASSERT_TRUE(Delete("a").has_value());
  TableDescription described = table_->Describe();
  EXPECT_EQ(described.item_count, 1);
  EXPECT_EQ(described.table_size_bytes, 2 + 1 + 1 + 2);  // "pk" "b" + "v" "22"
  ASSERT_TRUE(table_->RecountItems().ok());
  EXPECT_EQ(table_->Describe().table_size_bytes, described.table_size_bytes);
  ASSERT_TRUE(table_->DropAllItems().ok());
  EXPECT_EQ(table_->Describe().item_count, 0);
  EXPECT_FALSE(table_->GetItem(Key("b")).value().has_value());
}

// One partition "p" with sort keys 0..9 (numbers), and a neighbouring partition "q".
class VisitEntriesTest : public ::testing::Test {
 protected:
  VisitEntriesTest() : store_(storage::NewMemoryStore()), clock_(0) {
    TableDescription description;
    description.table_id = 3;
    description.key_schema.hash = {"pk", model::AttributeType::kS};
    description.key_schema.range = model::KeyAttribute{"sk", model::AttributeType::kN};
    table_ = std::make_unique<Table>(store_.get(), &clock_, description);
    for (const char* pk : {"p", "q"}) {
      for (int sk = 0; sk < 10; ++sk) {
        const Item item = Key(pk, sk);
        EXPECT_TRUE(table_
                        ->Write(item,
                                [&item](const std::optional<Item>&) {
                                  return Result<std::optional<Item>>(item);
                                })
                        .has_value());
      }
    }
  }

  static Item Key(const std::string& pk, int sk) {
    return {{"pk", AttributeValue::String(pk)},
            {"sk", AttributeValue::FromNumber(*model::Number::Parse(std::to_string(sk)))}};
  }

  std::string StorageKey(int sk) const { return ItemKey(3, table_->key_schema(), Key("p", sk)); }

  KeyRange Partition() const {
    std::string prefix = PartitionPrefix(3, kBaseIndexId, AttributeValue::String("p"));
    std::string upper = PrefixSuccessor(prefix);
    return {std::move(prefix), std::move(upper)};
  }

  // The sort keys visited, at most `limit` of them.
  std::vector<int> Visit(const KeyRange& range, std::optional<std::string> start_after,
                         bool forward, size_t limit = 100) {
    std::vector<int> visited;
    Status status = table_->VisitEntries(
        range, start_after, forward,
        [&](std::string_view key, std::string_view encoded) -> Result<bool> {
          DF_ASSIGN_OR_RETURN(Item entry, model::DecodeItem(encoded));
          EXPECT_EQ(key, StorageKey(std::stoi(entry.at("sk").as_number().ToString())));
          visited.push_back(std::stoi(entry.at("sk").as_number().ToString()));
          return visited.size() < limit;
        });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return visited;
  }

  std::unique_ptr<storage::KvStore> store_;
  SettableClock clock_;
  std::unique_ptr<Table> table_;
};

TEST_F(VisitEntriesTest, ForwardAndReverseStayInTheRange) {
  EXPECT_EQ(Visit(Partition(), std::nullopt, true),
            (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(Visit(Partition(), std::nullopt, false),
            (std::vector<int>{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
  EXPECT_EQ(Visit(Partition(), std::nullopt, true, 3), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(Visit(Partition(), std::nullopt, false, 2), (std::vector<int>{9, 8}));
}

TEST_F(VisitEntriesTest, StartAfterIsStrict) {
  EXPECT_EQ(Visit(Partition(), StorageKey(3), true), (std::vector<int>{4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(Visit(Partition(), StorageKey(3), false), (std::vector<int>{2, 1, 0}));
  EXPECT_TRUE(Visit(Partition(), StorageKey(9), true).empty());
  EXPECT_TRUE(Visit(Partition(), StorageKey(0), false).empty());
  // A key that is not stored: between 3 and 4.
  const std::string between = StorageKey(3) + "\x01";
  EXPECT_EQ(Visit(Partition(), between, true), (std::vector<int>{4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(Visit(Partition(), between, false), (std::vector<int>{3, 2, 1, 0}));
}

TEST_F(VisitEntriesTest, BoundsAreLowerInclusiveUpperExclusive) {
  const KeyRange middle = {StorageKey(2), StorageKey(6)};
  EXPECT_EQ(Visit(middle, std::nullopt, true), (std::vector<int>{2, 3, 4, 5}));
  EXPECT_EQ(Visit(middle, std::nullopt, false), (std::vector<int>{5, 4, 3, 2}));
  // start_after outside the range: the range's own end governs.
  EXPECT_EQ(Visit(middle, StorageKey(0), true), (std::vector<int>{2, 3, 4, 5}));
  EXPECT_EQ(Visit(middle, StorageKey(8), false), (std::vector<int>{5, 4, 3, 2}));
  EXPECT_TRUE(Visit(middle, StorageKey(8), true).empty());
  EXPECT_TRUE(Visit(middle, StorageKey(1), false).empty());
}

TEST_F(VisitEntriesTest, VisitorErrorsStopTheVisit) {
  int calls = 0;
  Status status = table_->VisitEntries(Partition(), std::nullopt, true,
                                       [&](std::string_view, std::string_view) -> Result<bool> {
                                         ++calls;
                                         return ValidationError("stop");
                                       });
  EXPECT_EQ(status.message(), "stop");
  EXPECT_EQ(calls, 1);
}

// The visit reads one state: writes made by the visitor are not seen.
TEST_F(VisitEntriesTest, ReadsOneConsistentState) {
  std::vector<int> visited;
  Status status = table_->VisitEntries(
      Partition(), std::nullopt, true,
      [&](std::string_view, std::string_view encoded) -> Result<bool> {
        DF_ASSIGN_OR_RETURN(Item entry, model::DecodeItem(encoded));
        visited.push_back(std::stoi(entry.at("sk").as_number().ToString()));
        if (visited.size() == 1) {
          for (int sk = 1; sk < 10; ++sk) {
            EXPECT_TRUE(table_
                            ->Write(Key("p", sk),
                                    [](const std::optional<Item>&) {
                                      return Result<std::optional<Item>>(std::nullopt);
                                    })
                            .has_value());
          }
        }
        return true;
      });
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(visited.size(), 10u);
  EXPECT_EQ(Visit(Partition(), std::nullopt, true), std::vector<int>{0});
}

}  // namespace
}  // namespace dynafake::table
