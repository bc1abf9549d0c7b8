#include "table/table.h"

#include <vector>

#include <gtest/gtest.h>

#include "storage/kv_store.h"

namespace dynafake::table {
namespace {

using model::AttributeValue;
using model::Item;

class RecordingSink : public ChangeSink {
 public:
  void OnCommit(const ChangeEvent& event) override { events.push_back(event); }

  std::vector<ChangeEvent> events;
};

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
  for (const ChangeEvent& event : sink_->events) {
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

}  // namespace
}  // namespace dynafake::table
