#include "streams/stream_store.h"

#include <gtest/gtest.h>

#include "streams/sequence_number.h"

namespace dynafake::streams {
namespace {

using model::AttributeValue;
using model::Item;

constexpr int64_t kStart = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z
constexpr int64_t kMinute = int64_t{60} * 1000 * 1000;
constexpr int64_t kHour = 60 * kMinute;

table::TableDescription Table(uint32_t table_id, const std::string& name) {
  table::TableDescription table;
  table.table_id = table_id;
  table.region = "us-east-1";
  table.table_name = name;
  table.table_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/" + name;
  table.key_schema.hash = {"pk", model::AttributeType::kS};
  return table;
}

class StreamStoreTest : public ::testing::Test {
 protected:
  StreamStoreTest() : clock_(kStart), store_(&clock_, 0) {}

  // Announces a put of {pk, v} to table `table_id`, replacing `old_value` when given.
  void Put(uint32_t table_id, const std::string& pk, const std::string& value,
           const std::optional<std::string>& old_value = std::nullopt) {
    const Item keys{{"pk", AttributeValue::String(pk)}};
    Item new_item = keys;
    new_item.emplace("v", AttributeValue::String(value));
    Item old_item = keys;
    if (old_value) {
      old_item.emplace("v", AttributeValue::String(*old_value));
    }
    table::ChangeEvent event;
    event.table_id = table_id;
    event.keys = &keys;
    event.new_image = &new_item;
    event.old_image = old_value ? &old_item : nullptr;
    event.new_size = static_cast<int64_t>(model::ItemSize(new_item));
    event.old_size = old_value ? static_cast<int64_t>(model::ItemSize(old_item)) : 0;
    event.time_micros = clock_.NowMicros();
    store_.OnCommit(event);
  }

  StreamDescription Describe(const std::string& arn) { return store_.Describe(arn).value(); }

  std::string Iterator(const std::string& arn, const std::string& shard_id,
                       ShardIteratorType type = ShardIteratorType::kTrimHorizon,
                       std::optional<std::string> sequence = std::nullopt) {
    Result<std::string> iterator = store_.GetShardIterator(
        arn, shard_id, type, sequence ? std::optional<std::string_view>(*sequence) : std::nullopt,
        std::nullopt);
    if (!iterator.has_value()) {
      ADD_FAILURE() << iterator.error().message();
      return "";
    }
    return iterator.value();
  }

  std::vector<std::string> Values(const RecordsPage& page) {
    std::vector<std::string> values;
    for (const auto& record : page.records) {
      values.push_back(record->new_image ? record->new_image->at("v").as_string() : "-");
    }
    return values;
  }

  SettableClock clock_;
  StreamStore store_;
};

TEST_F(StreamStoreTest, EnableNamesTheStreamAfterTheClock) {
  const StreamSummary summary = store_.Enable(Table(1, "orders"), StreamViewType::kNewImage);
  EXPECT_EQ(summary.stream_label, "2026-01-01T00:00:00.000");
  EXPECT_EQ(summary.stream_arn,
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000");
  const StreamDescription description = Describe(summary.stream_arn);
  EXPECT_EQ(description.stream_status, StreamStatus::kEnabled);
  EXPECT_EQ(description.stream_view_type, StreamViewType::kNewImage);
  EXPECT_EQ(description.table_name, "orders");
  EXPECT_EQ(description.key_schema.hash.name, "pk");
  ASSERT_EQ(description.shards.size(), 1u);
  EXPECT_TRUE(description.shards[0].shard_id.starts_with("shardId-00000001767225600000-"));
  EXPECT_EQ(description.shards[0].shard_id.size(), 37u);
  EXPECT_TRUE(description.shards[0].parent_shard_id.empty());
  EXPECT_TRUE(description.shards[0].ending_sequence_number.empty());
}

TEST_F(StreamStoreTest, ReEnablingUnderAFrozenClockMakesANewStream) {
  const StreamSummary first = store_.Enable(Table(1, "orders"), StreamViewType::kKeysOnly);
  store_.Disable(1);
  const StreamSummary second = store_.Enable(Table(1, "orders"), StreamViewType::kKeysOnly);
  EXPECT_NE(first.stream_arn, second.stream_arn);
  EXPECT_EQ(second.stream_label, "2026-01-01T00:00:00.001");
  EXPECT_EQ(Describe(first.stream_arn).stream_status, StreamStatus::kDisabled);
  EXPECT_EQ(Describe(second.stream_arn).stream_status, StreamStatus::kEnabled);
  EXPECT_EQ(store_.List("us-east-1", std::nullopt).size(), 2u);
}

TEST_F(StreamStoreTest, RecordsOnlyTablesWithAnEnabledStream) {
  const std::string arn = store_.Enable(Table(1, "orders"), StreamViewType::kNewImage).stream_arn;
  Put(1, "a", "1");
  Put(2, "b", "1");  // another table, no stream
  Put(1, "a", "2", "1");
  const std::string shard = Describe(arn).shards[0].shard_id;
  RecordsPage page = store_.GetRecords("us-east-1", Iterator(arn, shard), 1000).value();
  EXPECT_EQ(Values(page), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(page.records[0]->event_name, EventName::kInsert);
  EXPECT_EQ(page.records[1]->event_name, EventName::kModify);
  EXPECT_LT(page.records[0]->sequence, page.records[1]->sequence);
  ASSERT_TRUE(page.next_shard_iterator.has_value());
  // Nothing new: an empty page and an iterator at the same place.
  page = store_.GetRecords("us-east-1", *page.next_shard_iterator, 1000).value();
  EXPECT_TRUE(page.records.empty());
  ASSERT_TRUE(page.next_shard_iterator.has_value());
  Put(1, "c", "3");
  EXPECT_EQ(Values(store_.GetRecords("us-east-1", *page.next_shard_iterator, 1000).value()),
            (std::vector<std::string>{"3"}));
}

TEST_F(StreamStoreTest, DisabledStreamKeepsItsRecordsAndRecordsNoMore) {
  const std::string arn = store_.Enable(Table(1, "orders"), StreamViewType::kNewImage).stream_arn;
  Put(1, "a", "1");
  store_.Disable(1);
  Put(1, "a", "2", "1");
  const StreamDescription description = Describe(arn);
  ASSERT_EQ(description.shards.size(), 1u);
  EXPECT_FALSE(description.shards[0].ending_sequence_number.empty());
  const RecordsPage page =
      store_.GetRecords("us-east-1", Iterator(arn, description.shards[0].shard_id), 1000).value();
  EXPECT_EQ(Values(page), (std::vector<std::string>{"1"}));
  EXPECT_FALSE(page.next_shard_iterator.has_value()) << "a drained closed shard ends";
  // Forgotten 24 hours after it was disabled.
  clock_.Advance(24 * kHour);
  store_.RunDue();
  EXPECT_EQ(store_.Describe(arn).error().code(), ErrorCode::kResourceNotFound);
  EXPECT_TRUE(store_.List("us-east-1", std::nullopt).empty());
}

TEST_F(StreamStoreTest, LimitAndIteratorTypes) {
  const std::string arn = store_.Enable(Table(1, "orders"), StreamViewType::kNewImage).stream_arn;
  for (const char* value : {"1", "2", "3", "4"}) {
    Put(1, value, value);
  }
  const std::string shard = Describe(arn).shards[0].shard_id;
  RecordsPage page = store_.GetRecords("us-east-1", Iterator(arn, shard), 3).value();
  EXPECT_EQ(Values(page), (std::vector<std::string>{"1", "2", "3"}));
  const std::string second = SequenceNumberText(page.records[1]->sequence);
  EXPECT_EQ(Values(store_.GetRecords("us-east-1", *page.next_shard_iterator, 3).value()),
            (std::vector<std::string>{"4"}));
  EXPECT_EQ(Values(store_
                       .GetRecords(
                           "us-east-1",
                           Iterator(arn, shard, ShardIteratorType::kAtSequenceNumber, second), 1000)
                       .value()),
            (std::vector<std::string>{"2", "3", "4"}));
  EXPECT_EQ(
      Values(store_
                 .GetRecords("us-east-1",
                             Iterator(arn, shard, ShardIteratorType::kAfterSequenceNumber, second),
                             1000)
                 .value()),
      (std::vector<std::string>{"3", "4"}));
  const std::string latest = Iterator(arn, shard, ShardIteratorType::kLatest);
  Put(1, "5", "5");
  EXPECT_EQ(Values(store_.GetRecords("us-east-1", latest, 1000).value()),
            (std::vector<std::string>{"5"}));
}

TEST_F(StreamStoreTest, AtTimestampStartsAtTheFirstRecordNotBeforeIt) {
  const std::string arn = store_.Enable(Table(1, "orders"), StreamViewType::kNewImage).stream_arn;
  Put(1, "a", "1");
  clock_.Advance(kMinute);
  const int64_t middle = clock_.NowMicros();
  Put(1, "b", "2");
  const std::string shard = Describe(arn).shards[0].shard_id;
  Result<std::string> iterator =
      store_.GetShardIterator(arn, shard, ShardIteratorType::kAtTimestamp, std::nullopt, middle);
  ASSERT_TRUE(iterator.has_value());
  EXPECT_EQ(Values(store_.GetRecords("us-east-1", *iterator, 1000).value()),
            (std::vector<std::string>{"2"}));
  EXPECT_EQ(store_
                .GetShardIterator(arn, shard, ShardIteratorType::kAtTimestamp, std::nullopt,
                                  clock_.NowMicros() + kMinute)
                .error()
                .code(),
            ErrorCode::kValidation);
}

TEST_F(StreamStoreTest, SequenceNumbersOutsideTheShardAreRefused) {
  const std::string arn = store_.Enable(Table(1, "orders"), StreamViewType::kNewImage).stream_arn;
  Put(1, "a", "1");
  const std::string shard = Describe(arn).shards[0].shard_id;
  for (const std::string& sequence :
       {SequenceNumberText(999), std::string("not a number"), SequenceNumberText(0)}) {
    EXPECT_EQ(store_
                  .GetShardIterator(arn, shard, ShardIteratorType::kAtSequenceNumber, sequence,
                                    std::nullopt)
                  .error()
                  .code(),
              ErrorCode::kValidation)
        << sequence;
  }
  EXPECT_EQ(store_
                .GetShardIterator(arn, "shardId-00000001767225600000-00000000",
                                  ShardIteratorType::kTrimHorizon, std::nullopt, std::nullopt)
                .error()
                .code(),
            ErrorCode::kResourceNotFound);
}

TEST_F(StreamStoreTest, IteratorsExpireAfterFifteenMinutes) {
  const std::string arn = store_.Enable(Table(1, "orders"), StreamViewType::kNewImage).stream_arn;
  const std::string iterator = Iterator(arn, Describe(arn).shards[0].shard_id);
  clock_.Advance(15 * kMinute);
  EXPECT_TRUE(store_.GetRecords("us-east-1", iterator, 1000).has_value());
  clock_.Advance(1);
  const Result<RecordsPage> expired = store_.GetRecords("us-east-1", iterator, 1000);
  ASSERT_FALSE(expired.has_value());
  EXPECT_EQ(expired.error().code(), ErrorCode::kExpiredIterator);
  EXPECT_EQ(expired.error().message(),
            "Iterator expired. The iterator was created at time Thu Jan 01 00:00:00 UTC 2026 "
            "while right now it is Thu Jan 01 00:15:00 UTC 2026 which is further in the future "
            "than the tolerated delay of 900000 milliseconds.");
  EXPECT_EQ(store_.GetRecords("us-east-1", "garbage", 1000).error().code(), ErrorCode::kValidation);
}

TEST_F(StreamStoreTest, RecordsOlderThanADayAreTrimmed) {
  const std::string arn = store_.Enable(Table(1, "orders"), StreamViewType::kNewImage).stream_arn;
  Put(1, "a", "old");
  clock_.Advance(2 * kHour);
  Put(1, "b", "newer");
  const std::string shard = Describe(arn).shards[0].shard_id;
  const std::string from_start = Iterator(arn, shard);
  const std::string old_sequence = SequenceNumberText(
      store_.GetRecords("us-east-1", from_start, 1).value().records[0]->sequence);
  clock_.Advance(22 * kHour);  // the first record is now 24 hours old
  store_.RunDue();
  // An iterator that would read the trimmed record fails; a new TRIM_HORIZON starts after it.
  EXPECT_EQ(store_
                .GetRecords("us-east-1",
                            Iterator(arn, Describe(arn).shards[0].shard_id,
                                     ShardIteratorType::kTrimHorizon),
                            1000)
                .value()
                .records.size(),
            1u);
  EXPECT_EQ(store_
                .GetShardIterator(arn, shard, ShardIteratorType::kAtSequenceNumber, old_sequence,
                                  std::nullopt)
                .error()
                .code(),
            ErrorCode::kTrimmedDataAccess);
}

TEST_F(StreamStoreTest, ShardsRollOverEveryFourHours) {
  const std::string arn = store_.Enable(Table(1, "orders"), StreamViewType::kNewImage).stream_arn;
  Put(1, "a", "1");
  clock_.Advance(4 * kHour);
  Put(1, "b", "2");
  StreamDescription description = Describe(arn);
  ASSERT_EQ(description.shards.size(), 2u);
  const ShardDescription& parent = description.shards[0];
  const ShardDescription& child = description.shards[1];
  EXPECT_FALSE(parent.ending_sequence_number.empty());
  EXPECT_EQ(child.parent_shard_id, parent.shard_id);
  EXPECT_TRUE(child.ending_sequence_number.empty());
  EXPECT_LT(parent.ending_sequence_number, child.starting_sequence_number);
  RecordsPage page = store_.GetRecords("us-east-1", Iterator(arn, parent.shard_id), 1000).value();
  EXPECT_EQ(Values(page), (std::vector<std::string>{"1"}));
  EXPECT_FALSE(page.next_shard_iterator.has_value());
  EXPECT_EQ(Values(store_.GetRecords("us-east-1", Iterator(arn, child.shard_id), 1000).value()),
            (std::vector<std::string>{"2"}));
  // An idle stream rolls over too, on the clock; shards closed a day ago are forgotten.
  clock_.Advance(40 * kHour);
  store_.RunDue();
  description = Describe(arn);
  EXPECT_LE(description.shards.size(), 8u);
  for (size_t i = 1; i < description.shards.size(); ++i) {
    EXPECT_EQ(description.shards[i].parent_shard_id, description.shards[i - 1].shard_id);
  }
  EXPECT_TRUE(description.shards.back().ending_sequence_number.empty());
}

TEST_F(StreamStoreTest, ListsByRegionAndTableInArnOrder) {
  store_.Enable(Table(2, "zeta"), StreamViewType::kKeysOnly);
  store_.Enable(Table(1, "alpha"), StreamViewType::kKeysOnly);
  table::TableDescription elsewhere = Table(3, "alpha");
  elsewhere.region = "eu-west-1";
  elsewhere.table_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/alpha";
  store_.Enable(elsewhere, StreamViewType::kKeysOnly);
  const std::vector<StreamSummary> all = store_.List("us-east-1", std::nullopt);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].table_name, "alpha");
  EXPECT_EQ(all[1].table_name, "zeta");
  EXPECT_EQ(store_.List("us-east-1", std::string_view("zeta")).size(), 1u);
  EXPECT_EQ(store_.List("eu-west-1", std::nullopt).size(), 1u);
}

TEST_F(StreamStoreTest, RestoreReopensTheNamedStreamEmpty) {
  table::TableDescription table = Table(4, "orders");
  table.stream_specification = {true, "NEW_IMAGE",
                                table.table_arn + "/stream/2025-12-31T00:00:00.000",
                                "2025-12-31T00:00:00.000"};
  store_.Restore(table);
  const StreamDescription description = Describe(table.stream_specification.latest_stream_arn);
  EXPECT_EQ(description.stream_label, "2025-12-31T00:00:00.000");
  Put(4, "a", "1");
  EXPECT_EQ(
      Values(store_
                 .GetRecords("us-east-1",
                             Iterator(description.stream_arn, description.shards[0].shard_id), 1000)
                 .value()),
      (std::vector<std::string>{"1"}));
}

TEST_F(StreamStoreTest, TransitionsShowEnablingAndDisabling) {
  StreamStore slow(&clock_, 5 * 1000 * 1000);
  const std::string arn = slow.Enable(Table(1, "orders"), StreamViewType::kKeysOnly).stream_arn;
  EXPECT_EQ(slow.Describe(arn).value().stream_status, StreamStatus::kEnabling);
  clock_.Advance(5 * 1000 * 1000);
  EXPECT_EQ(slow.Describe(arn).value().stream_status, StreamStatus::kEnabled);
  slow.Disable(1);
  EXPECT_EQ(slow.Describe(arn).value().stream_status, StreamStatus::kDisabling);
  clock_.Advance(5 * 1000 * 1000);
  EXPECT_EQ(slow.Describe(arn).value().stream_status, StreamStatus::kDisabled);
}

}  // namespace
}  // namespace dynafake::streams
