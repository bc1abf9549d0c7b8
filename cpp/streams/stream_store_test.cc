#include "streams/stream_store.h"

#include <gtest/gtest.h>

#include "storage/kv_store.h"
#include "streams/sequence_number.h"
#include "streams/stream_codec.h"

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
    PutTo(store_, table_id, pk, value, old_value);
  }

  // Put, announced to `store`.
  void PutTo(StreamStore& store, uint32_t table_id, const std::string& pk, const std::string& value,
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
    store.OnCommit(event);
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

TEST_F(StreamStoreTest, LoadWithNothingStoredReopensTheNamedStreamEmpty) {
  table::TableDescription table = Table(4, "orders");
  table.stream_specification = {true, "NEW_IMAGE",
                                table.table_arn + "/stream/2025-12-31T00:00:00.000",
                                "2025-12-31T00:00:00.000"};
  ASSERT_TRUE(store_.Load({table}).ok());
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

// Persistence: StreamStores that share one KvStore, as an engine and the engine reopened on its
// database do.
class StreamPersistenceTest : public StreamStoreTest {
 protected:
  StreamPersistenceTest()
      : kv_(storage::NewMemoryStore()),
        first_(std::make_unique<StreamStore>(&clock_, 0, kv_.get())) {}

  // Enables a stream of `table` and names it in the description, as CreateTable does.
  static void EnableOn(StreamStore& store, table::TableDescription& table, StreamViewType type) {
    const StreamSummary summary = store.Enable(table, type);
    table.stream_specification = {true, std::string(StreamViewTypeName(type)), summary.stream_arn,
                                  summary.stream_label};
  }

  // A StreamStore loaded from kv_ for these tables.
  std::unique_ptr<StreamStore> Reopen(const std::vector<table::TableDescription>& tables) {
    auto store = std::make_unique<StreamStore>(&clock_, 0, kv_.get());
    const Status loaded = store->Load(tables);
    EXPECT_TRUE(loaded.ok()) << loaded.message();
    return store;
  }

  size_t StoredKeys(const std::string& prefix) {
    size_t count = 0;
    std::unique_ptr<storage::Iterator> it = kv_->NewIterator(storage::ReadOptions{});
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      ++count;
    }
    return count;
  }

  // Every record of a shard, from its trim horizon.
  static std::vector<std::shared_ptr<const StreamRecord>> ReadShard(StreamStore& store,
                                                                    const std::string& arn,
                                                                    const std::string& shard_id) {
    std::vector<std::shared_ptr<const StreamRecord>> records;
    Result<std::string> iterator = store.GetShardIterator(
        arn, shard_id, ShardIteratorType::kTrimHorizon, std::nullopt, std::nullopt);
    if (!iterator.has_value()) {
      ADD_FAILURE() << iterator.error().message();
      return records;
    }
    std::optional<std::string> next = *iterator;
    while (next) {
      Result<RecordsPage> page = store.GetRecords("us-east-1", *next, 1000);
      if (!page.has_value()) {
        ADD_FAILURE() << page.error().message();
        break;
      }
      if (page->records.empty()) {
        break;
      }
      records.insert(records.end(), page->records.begin(), page->records.end());
      next = page->next_shard_iterator;
    }
    return records;
  }

  // Both stores show the same streams, shards and records.
  static void ExpectSame(StreamStore& before, StreamStore& after) {
    const std::vector<StreamSummary> listed = before.List("us-east-1", std::nullopt);
    const std::vector<StreamSummary> relisted = after.List("us-east-1", std::nullopt);
    ASSERT_EQ(listed.size(), relisted.size());
    for (size_t i = 0; i < listed.size(); ++i) {
      const std::string& arn = listed[i].stream_arn;
      EXPECT_EQ(relisted[i].stream_arn, arn);
      EXPECT_EQ(relisted[i].stream_label, listed[i].stream_label);
      EXPECT_EQ(relisted[i].table_name, listed[i].table_name);
      const StreamDescription a = before.Describe(arn).value();
      const StreamDescription b = after.Describe(arn).value();
      EXPECT_EQ(b.stream_status, a.stream_status) << arn;
      EXPECT_EQ(b.stream_view_type, a.stream_view_type);
      EXPECT_EQ(b.creation_request_micros, a.creation_request_micros);
      EXPECT_EQ(b.table_name, a.table_name);
      EXPECT_EQ(b.key_schema.hash.name, a.key_schema.hash.name);
      ASSERT_EQ(b.shards.size(), a.shards.size()) << arn;
      for (size_t j = 0; j < a.shards.size(); ++j) {
        EXPECT_EQ(b.shards[j].shard_id, a.shards[j].shard_id);
        EXPECT_EQ(b.shards[j].parent_shard_id, a.shards[j].parent_shard_id);
        EXPECT_EQ(b.shards[j].starting_sequence_number, a.shards[j].starting_sequence_number);
        EXPECT_EQ(b.shards[j].ending_sequence_number, a.shards[j].ending_sequence_number);
        const auto records = ReadShard(before, arn, a.shards[j].shard_id);
        const auto reread = ReadShard(after, arn, a.shards[j].shard_id);
        ASSERT_EQ(reread.size(), records.size()) << a.shards[j].shard_id;
        for (size_t k = 0; k < records.size(); ++k) {
          EXPECT_EQ(reread[k]->sequence, records[k]->sequence);
          EXPECT_EQ(reread[k]->event_name, records[k]->event_name);
          EXPECT_EQ(reread[k]->event_id, records[k]->event_id);
          EXPECT_EQ(reread[k]->creation_micros, records[k]->creation_micros);
          EXPECT_EQ(reread[k]->keys, records[k]->keys);
          EXPECT_EQ(reread[k]->new_image, records[k]->new_image);
          EXPECT_EQ(reread[k]->old_image, records[k]->old_image);
          EXPECT_EQ(reread[k]->size_bytes, records[k]->size_bytes);
          EXPECT_EQ(reread[k]->view_type, records[k]->view_type);
          EXPECT_EQ(reread[k]->by_time_to_live, records[k]->by_time_to_live);
        }
      }
    }
  }

  std::unique_ptr<storage::KvStore> kv_;
  std::unique_ptr<StreamStore> first_;
};

TEST_F(StreamPersistenceTest, ReopenedStoreSeesTheSameStreamsShardsAndRecords) {
  table::TableDescription orders = Table(1, "orders");
  table::TableDescription events = Table(2, "events");
  EnableOn(*first_, orders, StreamViewType::kNewAndOldImages);
  EnableOn(*first_, events, StreamViewType::kKeysOnly);
  PutTo(*first_, 1, "a", "1");
  PutTo(*first_, 1, "a", "2", "1");
  PutTo(*first_, 2, "x", "1");
  clock_.Advance(4 * kHour + kMinute);
  PutTo(*first_, 1, "b", "3");  // rolls the shard over
  first_->Disable(2);
  events.stream_specification.stream_enabled = false;
  PutTo(*first_, 1, "a", "4", "2");
  const std::string arn = orders.stream_specification.latest_stream_arn;
  ASSERT_EQ(first_->Describe(arn).value().shards.size(), 2u);
  const std::string parent = first_->Describe(arn).value().shards[0].shard_id;
  // Issued by the store before it closed.
  const std::string iterator = first_
                                   ->GetShardIterator(arn, parent, ShardIteratorType::kTrimHorizon,
                                                      std::nullopt, std::nullopt)
                                   .value();
  ASSERT_EQ(first_->Describe(events.stream_specification.latest_stream_arn).value().stream_status,
            StreamStatus::kDisabled);
  const uint64_t next_sequence = first_->NextSequence();

  std::unique_ptr<StreamStore> second = Reopen({orders, events});
  EXPECT_EQ(second->NextSequence(), next_sequence);
  ExpectSame(*first_, *second);
  std::vector<std::shared_ptr<const StreamRecord>> records = ReadShard(*second, arn, parent);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1]->old_image->at("v").as_string(), "1");
  EXPECT_EQ(records[1]->new_image->at("v").as_string(), "2");
  // Iterators stay valid across the reopening: they name positions, not the process.
  EXPECT_EQ(second->GetRecords("us-east-1", iterator, 1000).value().records.size(), 2u);

  // New records continue the sequence, into the open shard; the disabled stream records nothing.
  PutTo(*second, 1, "c", "5");
  PutTo(*second, 2, "y", "1");
  EXPECT_GT(second->NextSequence(), next_sequence);
  const StreamDescription description = second->Describe(arn).value();
  records = ReadShard(*second, arn, description.shards.back().shard_id);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_GE(records.back()->sequence, next_sequence);
  EXPECT_EQ(records.back()->new_image->at("v").as_string(), "5");
  const std::string events_arn = events.stream_specification.latest_stream_arn;
  EXPECT_EQ(ReadShard(*second, events_arn, second->Describe(events_arn).value().shards[0].shard_id)
                .size(),
            1u);

  // And a third opening sees what the second added.
  std::unique_ptr<StreamStore> third = Reopen({orders, events});
  ExpectSame(*second, *third);
  EXPECT_EQ(third->NextSequence(), second->NextSequence());
}

TEST_F(StreamPersistenceTest, TrimsAndForgottenStreamsAreDeletedFromTheStore) {
  table::TableDescription orders = Table(1, "orders");
  EnableOn(*first_, orders, StreamViewType::kNewImage);
  const std::string arn = orders.stream_specification.latest_stream_arn;
  PutTo(*first_, 1, "a", "old");
  clock_.Advance(2 * kHour);
  PutTo(*first_, 1, "b", "newer");
  EXPECT_EQ(StoredKeys(StreamRecordPrefix()), 2u);
  const std::string shard = first_->Describe(arn).value().shards[0].shard_id;
  const std::string old_sequence = SequenceNumberText(ReadShard(*first_, arn, shard)[0]->sequence);
  clock_.Advance(22 * kHour);
  first_->RunDue();
  EXPECT_EQ(StoredKeys(StreamRecordPrefix()), 1u);

  std::unique_ptr<StreamStore> second = Reopen({orders});
  ExpectSame(*first_, *second);
  EXPECT_EQ(second
                ->GetShardIterator(arn, shard, ShardIteratorType::kAtSequenceNumber, old_sequence,
                                   std::nullopt)
                .error()
                .code(),
            ErrorCode::kTrimmedDataAccess);
  first_.reset();  // from here on only the second store writes

  // Disabled, then forgotten a day later: nothing of the stream is left but the sequence counter.
  second->Disable(1);
  orders.stream_specification.stream_enabled = false;
  clock_.Advance(24 * kHour);
  second->RunDue();
  EXPECT_EQ(second->Describe(arn).error().code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(StoredKeys(StreamRecordPrefix()), 0u);
  EXPECT_EQ(StoredKeys(StreamMetadataPrefix()), 1u);
  EXPECT_EQ(StoredKeys(SequenceCounterKey()), 1u);

  // The sequence still never goes back.
  const uint64_t next_sequence = second->NextSequence();
  std::unique_ptr<StreamStore> third = Reopen({orders});
  EXPECT_TRUE(third->List("us-east-1", std::nullopt).empty());
  EXPECT_EQ(third->NextSequence(), next_sequence);
  EnableOn(*third, orders, StreamViewType::kNewImage);
  PutTo(*third, 1, "c", "1");
  const std::string new_arn = orders.stream_specification.latest_stream_arn;
  const auto records =
      ReadShard(*third, new_arn, third->Describe(new_arn).value().shards[0].shard_id);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_GT(records[0]->sequence, next_sequence);
}

TEST_F(StreamPersistenceTest, ReopenedStoreKeepsFollowingTheClock) {
  table::TableDescription orders = Table(1, "orders");
  EnableOn(*first_, orders, StreamViewType::kNewImage);
  const std::string arn = orders.stream_specification.latest_stream_arn;
  PutTo(*first_, 1, "a", "1");
  first_.reset();

  // Roll-over after reopening, by the clock alone, is stored too.
  std::unique_ptr<StreamStore> second = Reopen({orders});
  clock_.Advance(4 * kHour);
  second->RunDue();
  ASSERT_EQ(second->Describe(arn).value().shards.size(), 2u);
  std::unique_ptr<StreamStore> third = Reopen({orders});
  ExpectSame(*second, *third);
  second.reset();

  // A store reopened long after its last run catches up at its first RunDue: shards roll over,
  // the record past retention and the shards closed a day ago go, from the store as well.
  clock_.Advance(40 * kHour);
  third.reset();
  std::unique_ptr<StreamStore> fourth = Reopen({orders});
  EXPECT_EQ(ReadShard(*fourth, arn, fourth->Describe(arn).value().shards[0].shard_id).size(), 1u);
  fourth->RunDue();
  const StreamDescription description = fourth->Describe(arn).value();
  EXPECT_LE(description.shards.size(), 8u);
  EXPECT_GE(description.shards.size(), 6u);
  for (size_t i = 1; i < description.shards.size(); ++i) {
    EXPECT_EQ(description.shards[i].parent_shard_id, description.shards[i - 1].shard_id);
  }
  EXPECT_TRUE(description.shards.back().ending_sequence_number.empty());
  EXPECT_EQ(StoredKeys(StreamRecordPrefix()), 0u);
  // The stream's record, its shards' and the sequence counter (written with the deletes).
  EXPECT_EQ(StoredKeys(StreamMetadataPrefix()), 1 + description.shards.size() + 1);
  std::unique_ptr<StreamStore> fifth = Reopen({orders});
  ExpectSame(*fourth, *fifth);
  PutTo(*fifth, 1, "b", "2");
  EXPECT_EQ(ReadShard(*fifth, arn, fifth->Describe(arn).value().shards.back().shard_id).size(), 1u);
}

TEST_F(StreamPersistenceTest, AStoredStreamNoTableNamesEnabledIsDisabled) {
  table::TableDescription orders = Table(1, "orders");
  const table::TableDescription described_before_enable = orders;
  EnableOn(*first_, orders, StreamViewType::kNewImage);
  const std::string arn = orders.stream_specification.latest_stream_arn;
  PutTo(*first_, 1, "a", "1");
  first_.reset();
  clock_.Advance(kMinute);

  std::unique_ptr<StreamStore> second = Reopen({described_before_enable});
  const StreamDescription description = second->Describe(arn).value();
  EXPECT_EQ(description.stream_status, StreamStatus::kDisabled);
  ASSERT_EQ(description.shards.size(), 1u);
  EXPECT_FALSE(description.shards[0].ending_sequence_number.empty());
  EXPECT_EQ(ReadShard(*second, arn, description.shards[0].shard_id).size(), 1u);
  PutTo(*second, 1, "b", "2");
  EXPECT_EQ(ReadShard(*second, arn, description.shards[0].shard_id).size(), 1u);
  // The disable is stored.
  second.reset();
  EXPECT_EQ(Reopen({described_before_enable})->Describe(arn).value().stream_status,
            StreamStatus::kDisabled);
}

TEST_F(StreamPersistenceTest, AStreamStoredDisabledThatItsTableNamesEnabledRecordsAgain) {
  table::TableDescription orders = Table(1, "orders");
  EnableOn(*first_, orders, StreamViewType::kNewImage);
  const std::string arn = orders.stream_specification.latest_stream_arn;
  PutTo(*first_, 1, "a", "1");
  first_->Disable(1);  // and the engine stops before the table's description says so
  first_.reset();

  std::unique_ptr<StreamStore> second = Reopen({orders});
  const StreamDescription description = second->Describe(arn).value();
  EXPECT_EQ(description.stream_status, StreamStatus::kEnabled);
  ASSERT_EQ(description.shards.size(), 2u);
  EXPECT_EQ(description.shards[1].parent_shard_id, description.shards[0].shard_id);
  PutTo(*second, 1, "b", "2");
  EXPECT_EQ(Values(RecordsPage{ReadShard(*second, arn, description.shards[1].shard_id)}),
            (std::vector<std::string>{"2"}));
}

TEST_F(StreamPersistenceTest, TheStreamOfATableBeingDeletedStaysDisabled) {
  table::TableDescription orders = Table(1, "orders");
  EnableOn(*first_, orders, StreamViewType::kNewImage);
  const std::string arn = orders.stream_specification.latest_stream_arn;
  PutTo(*first_, 1, "a", "1");
  first_->Disable(1);  // DeleteTable: the description keeps its stream specification
  orders.table_status = table::TableStatus::kDeleting;
  first_.reset();

  std::unique_ptr<StreamStore> second = Reopen({orders});
  const StreamDescription description = second->Describe(arn).value();
  EXPECT_EQ(description.stream_status, StreamStatus::kDisabled);
  ASSERT_EQ(description.shards.size(), 1u);
  EXPECT_EQ(ReadShard(*second, arn, description.shards[0].shard_id).size(), 1u);
}

TEST_F(StreamPersistenceTest, AStreamStoredBeforeStreamsWereStoredComesBackEmptyThenStays) {
  table::TableDescription orders = Table(1, "orders");
  orders.stream_specification = {true, "NEW_IMAGE",
                                 orders.table_arn + "/stream/2025-12-31T00:00:00.000",
                                 "2025-12-31T00:00:00.000"};
  const std::string arn = orders.stream_specification.latest_stream_arn;
  std::unique_ptr<StreamStore> second = Reopen({orders});
  const StreamDescription description = second->Describe(arn).value();
  ASSERT_EQ(description.shards.size(), 1u);
  PutTo(*second, 1, "a", "1");
  std::unique_ptr<StreamStore> third = Reopen({orders});
  ExpectSame(*second, *third);
  EXPECT_EQ(ReadShard(*third, arn, description.shards[0].shard_id).size(), 1u);
}

TEST_F(StreamPersistenceTest, UnreadableStoredRecordsFailTheLoad) {
  table::TableDescription orders = Table(1, "orders");
  EnableOn(*first_, orders, StreamViewType::kNewImage);
  PutTo(*first_, 1, "a", "1");
  std::unique_ptr<storage::Iterator> it = kv_->NewIterator(storage::ReadOptions{});
  it->Seek(StreamRecordPrefix());
  ASSERT_TRUE(it->Valid());
  storage::WriteBatch damage;
  damage.Put(it->key(), "\x01\x07");
  ASSERT_TRUE(kv_->Write(storage::WriteOptions{}, damage).ok());
  StreamStore second(&clock_, 0, kv_.get());
  const Status loaded = second.Load({orders});
  EXPECT_EQ(loaded.code(), ErrorCode::kInternalServerError);
  EXPECT_TRUE(loaded.message().starts_with("Corrupt stream storage record")) << loaded.message();
}

}  // namespace
}  // namespace dynafake::streams
