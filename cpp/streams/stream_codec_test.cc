#include "streams/stream_codec.h"

#include <gtest/gtest.h>

#include "table/keyspace.h"

namespace dynafake::streams {
namespace {

using model::AttributeValue;
using model::Item;

StreamMetadata SampleStream() {
  StreamMetadata stream;
  stream.table_id = 70000;
  stream.stream_arn =
      "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000";
  stream.stream_label = "2026-01-01T00:00:00.000";
  stream.region = "eu-west-1";
  stream.table_name = "orders";
  stream.key_schema.hash = {"pk", model::AttributeType::kB};
  stream.key_schema.range = model::KeyAttribute{"sk", model::AttributeType::kN};
  stream.view_type = StreamViewType::kNewAndOldImages;
  stream.creation_micros = 1'767'225'600'000'123;
  stream.disabled_micros = 1'767'225'700'000'000;
  stream.shards_opened = 300;
  return stream;
}

StreamRecord SampleRecord() {
  StreamRecord record;
  record.sequence = 77;
  record.event_name = EventName::kModify;
  record.event_id = "0123456789abcdef0123456789abcdef";
  record.creation_micros = 1'767'225'600'000'001;
  record.keys = {{"pk", AttributeValue::String("a")}};
  record.new_image = Item{{"pk", AttributeValue::String("a")}, {"v", AttributeValue::String("2")}};
  record.old_image = Item{{"pk", AttributeValue::String("a")}, {"v", AttributeValue::String("1")}};
  record.size_bytes = 9;
  record.view_type = StreamViewType::kNewAndOldImages;
  record.by_time_to_live = true;
  return record;
}

TEST(StreamCodecTest, KeysGroupAStreamWithItsShardsAndOrderRecordsBySequence) {
  EXPECT_EQ(SequenceCounterKey(), table::SystemKey(table::kStreamRecordKind));
  EXPECT_EQ(SequenceCounterKey().size(), kSequenceCounterKeySize);
  EXPECT_EQ(StreamKey(5).size(), kStreamKeySize);
  EXPECT_EQ(ShardKey(5, 9).size(), kShardKeySize);
  EXPECT_EQ(RecordKey(5, 9).size(), kRecordKeySize);
  EXPECT_TRUE(ShardKey(5, 9).starts_with(StreamKey(5)));
  EXPECT_TRUE(StreamKey(5).starts_with(StreamMetadataPrefix()));
  EXPECT_TRUE(RecordKey(5, 9).starts_with(StreamRecordPrefix()));
  EXPECT_EQ(StreamRecordPrefix(), table::SystemKey(table::kStreamChangeRecordKind));
  // Bytewise order is (stream, sequence) order, sequences compared as numbers.
  EXPECT_LT(RecordKey(5, 0xFF), RecordKey(5, 0x100));
  EXPECT_LT(RecordKey(5, ~uint64_t{0}), RecordKey(6, 1));
  EXPECT_LT(ShardKey(5, ~uint64_t{0}), StreamKey(6));
}

TEST(StreamCodecTest, StreamMetadataRoundTrips) {
  const StreamMetadata stream = SampleStream();
  const Result<StreamMetadata> decoded = DecodeStreamMetadata(EncodeStreamMetadata(stream));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message();
  EXPECT_EQ(decoded->table_id, stream.table_id);
  EXPECT_EQ(decoded->stream_arn, stream.stream_arn);
  EXPECT_EQ(decoded->stream_label, stream.stream_label);
  EXPECT_EQ(decoded->region, stream.region);
  EXPECT_EQ(decoded->table_name, stream.table_name);
  EXPECT_EQ(decoded->key_schema.hash.name, "pk");
  EXPECT_EQ(decoded->key_schema.hash.type, model::AttributeType::kB);
  ASSERT_TRUE(decoded->key_schema.range.has_value());
  EXPECT_EQ(decoded->key_schema.range->name, "sk");
  EXPECT_EQ(decoded->key_schema.range->type, model::AttributeType::kN);
  EXPECT_EQ(decoded->view_type, StreamViewType::kNewAndOldImages);
  EXPECT_EQ(decoded->creation_micros, stream.creation_micros);
  EXPECT_EQ(decoded->disabled_micros, stream.disabled_micros);
  EXPECT_EQ(decoded->shards_opened, 300u);

  StreamMetadata hash_only = stream;
  hash_only.key_schema.range.reset();
  hash_only.disabled_micros = 0;
  const Result<StreamMetadata> hash_only_decoded =
      DecodeStreamMetadata(EncodeStreamMetadata(hash_only));
  ASSERT_TRUE(hash_only_decoded.has_value());
  EXPECT_FALSE(hash_only_decoded->key_schema.range.has_value());
  EXPECT_EQ(hash_only_decoded->disabled_micros, 0);
}

TEST(StreamCodecTest, ShardMetadataRoundTripsOpenAndClosed) {
  ShardMetadata shard;
  shard.shard_id = "shardId-00000001767225600000-1a2b3c4d";
  shard.parent_shard_id = "shardId-00000001767211200000-00ff00ff";
  shard.starting_sequence = 41;
  shard.opened_micros = 1'767'225'600'000'000;
  Result<ShardMetadata> open = DecodeShardMetadata(EncodeShardMetadata(shard), 41);
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->shard_id, shard.shard_id);
  EXPECT_EQ(open->parent_shard_id, shard.parent_shard_id);
  EXPECT_EQ(open->starting_sequence, 41u);
  EXPECT_FALSE(open->ending_sequence.has_value());
  EXPECT_EQ(open->opened_micros, shard.opened_micros);
  EXPECT_EQ(open->trimmed_through, 0u);

  shard.ending_sequence = 99;
  shard.closed_micros = shard.opened_micros + 5;
  shard.trimmed_through = 60;
  Result<ShardMetadata> closed = DecodeShardMetadata(EncodeShardMetadata(shard), 41);
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->ending_sequence, std::optional<uint64_t>(99));
  EXPECT_EQ(closed->closed_micros, shard.closed_micros);
  EXPECT_EQ(closed->trimmed_through, 60u);
}

TEST(StreamCodecTest, RecordsRoundTripWithWhatTheyCarry) {
  const StreamRecord record = SampleRecord();
  std::string bytes;
  EncodeStreamRecord(record, &bytes);
  Result<StreamRecord> decoded =
      DecodeStreamRecord(bytes, record.sequence, StreamViewType::kNewAndOldImages);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message();
  EXPECT_EQ(decoded->sequence, 77u);
  EXPECT_EQ(decoded->event_name, EventName::kModify);
  EXPECT_EQ(decoded->event_id, record.event_id);
  EXPECT_EQ(decoded->creation_micros, record.creation_micros);
  EXPECT_EQ(decoded->keys, record.keys);
  EXPECT_EQ(decoded->new_image, record.new_image);
  EXPECT_EQ(decoded->old_image, record.old_image);
  EXPECT_EQ(decoded->size_bytes, 9);
  EXPECT_EQ(decoded->view_type, StreamViewType::kNewAndOldImages);
  EXPECT_TRUE(decoded->by_time_to_live);

  // A REMOVE under KEYS_ONLY carries neither image.
  StreamRecord keys_only = record;
  keys_only.event_name = EventName::kRemove;
  keys_only.new_image.reset();
  keys_only.old_image.reset();
  keys_only.by_time_to_live = false;
  bytes.clear();
  EncodeStreamRecord(keys_only, &bytes);
  decoded = DecodeStreamRecord(bytes, 78, StreamViewType::kKeysOnly);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->event_name, EventName::kRemove);
  EXPECT_FALSE(decoded->new_image.has_value());
  EXPECT_FALSE(decoded->old_image.has_value());
  EXPECT_FALSE(decoded->by_time_to_live);
  EXPECT_EQ(decoded->sequence, 78u);
}

TEST(StreamCodecTest, DamagedBytesAreRefusedNotMisread) {
  std::string record;
  EncodeStreamRecord(SampleRecord(), &record);
  const std::string stream = EncodeStreamMetadata(SampleStream());
  ShardMetadata closed;
  closed.shard_id = "shardId-1";
  closed.ending_sequence = 5;
  const std::string shard = EncodeShardMetadata(closed);
  // Every truncation, and a byte too many.
  for (size_t size = 0; size <= record.size(); ++size) {
    const std::string bytes = size == record.size() ? record + "x" : record.substr(0, size);
    EXPECT_FALSE(DecodeStreamRecord(bytes, 1, StreamViewType::kNewAndOldImages).has_value())
        << size;
  }
  for (size_t size = 0; size <= stream.size(); ++size) {
    const std::string bytes = size == stream.size() ? stream + "x" : stream.substr(0, size);
    const Result<StreamMetadata> decoded = DecodeStreamMetadata(bytes);
    ASSERT_FALSE(decoded.has_value()) << size;
    EXPECT_EQ(decoded.error().code(), ErrorCode::kInternalServerError);
  }
  for (size_t size = 0; size <= shard.size(); ++size) {
    const std::string bytes = size == shard.size() ? shard + "x" : shard.substr(0, size);
    EXPECT_FALSE(DecodeShardMetadata(bytes, 1).has_value()) << size;
  }
  // Another format version, an unknown event name or flag.
  std::string other_version = record;
  other_version[0] = 2;
  EXPECT_FALSE(DecodeStreamRecord(other_version, 1, StreamViewType::kKeysOnly).has_value());
  std::string unknown_event = record;
  unknown_event[1] = 3;
  EXPECT_FALSE(DecodeStreamRecord(unknown_event, 1, StreamViewType::kKeysOnly).has_value());
  std::string unknown_flag = record;
  unknown_flag[2] = static_cast<char>(unknown_flag[2] | 0x08);
  EXPECT_FALSE(DecodeStreamRecord(unknown_flag, 1, StreamViewType::kKeysOnly).has_value());
  EXPECT_EQ(DecodeSequenceCounter(EncodeSequenceCounter(123)).value(), 123u);
  EXPECT_FALSE(DecodeSequenceCounter("1234567").has_value());
}

}  // namespace
}  // namespace dynafake::streams
