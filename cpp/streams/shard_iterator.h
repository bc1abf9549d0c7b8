// ShardIterator: the opaque token GetShardIterator hands out and GetRecords takes: which shard,
// the first sequence to read, and when it was issued (iterators expire after 15 minutes). The text
// is "<stream ARN>|1|<base64 payload>", as the service's, at most 2048 characters; a checksum in
// the payload rejects edited or truncated tokens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dynafake::streams {

struct ShardPosition {
  std::string stream_arn;
  std::string shard_id;
  // The first sequence GetRecords may return (records before it were read or skipped).
  uint64_t next_sequence = 0;
  int64_t issued_micros = 0;
};

std::string EncodeShardIterator(const ShardPosition& position);

// nullopt when `text` is not a token EncodeShardIterator produced.
std::optional<ShardPosition> DecodeShardIterator(std::string_view text);

}  // namespace dynafake::streams
