#include "streams/shard_iterator.h"

#include <gtest/gtest.h>

namespace dynafake::streams {
namespace {

constexpr char kArn[] =
    "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026-01-01T00:00:00.000";

ShardPosition Position() {
  return {kArn, "shardId-00000001767225600000-0a1b2c3d", 123456, 1'767'225'600'000'000};
}

TEST(ShardIteratorTest, RoundTrips) {
  const std::string text = EncodeShardIterator(Position());
  EXPECT_TRUE(text.starts_with(std::string(kArn) + "|1|")) << text;
  EXPECT_LE(text.size(), 2048u);
  const std::optional<ShardPosition> decoded = DecodeShardIterator(text);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->stream_arn, kArn);
  EXPECT_EQ(decoded->shard_id, Position().shard_id);
  EXPECT_EQ(decoded->next_sequence, 123456u);
  EXPECT_EQ(decoded->issued_micros, Position().issued_micros);
}

TEST(ShardIteratorTest, RefusesEditedTruncatedAndForeignTokens) {
  const std::string text = EncodeShardIterator(Position());
  EXPECT_FALSE(DecodeShardIterator("").has_value());
  EXPECT_FALSE(DecodeShardIterator("not an iterator").has_value());
  EXPECT_FALSE(DecodeShardIterator(text.substr(0, text.size() - 4)).has_value());
  std::string other_stream = text;
  other_stream.replace(other_stream.find("table/t/"), 8, "table/u/");
  EXPECT_FALSE(DecodeShardIterator(other_stream).has_value());
  std::string edited = text;
  char& last_payload_char = edited[edited.size() - 6];
  last_payload_char = last_payload_char == 'A' ? 'B' : 'A';
  EXPECT_FALSE(DecodeShardIterator(edited).has_value());
}

}  // namespace
}  // namespace dynafake::streams
