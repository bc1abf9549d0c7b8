// How a persistent engine stores its DynamoDB streams: the storage keys and value encodings of the
// sequence counter, of each stream and its shards (system records 'S') and of each stream record
// (system records 'R'). docs/storage-format.md describes the same layout; the bytes below are on
// disk and never renumbered.
//
//   [0: fixed32]'S'                                     -> [next sequence: fixed64]
//   [0: fixed32]'S' [stream id: fixed64]                -> stream
//   [0: fixed32]'S' [stream id] [starting sequence: fixed64] -> shard
//   [0: fixed32]'R' [stream id] [sequence: fixed64]     -> record
//
// A stream's id is the sequence its first shard reserved (unique, as every sequence is). A
// stream's shards follow its own record in key order, oldest first; its records are one contiguous
// run ordered by sequence, so a shard's records are a run too and a trim deletes a run's head.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dynafake/status.h"

#include "model/key.h"
#include "streams/stream_record.h"

namespace dynafake::streams {

// What a stream stores of itself (its shards and records have their own records).
struct StreamMetadata {
  // The table incarnation whose changes it records.
  uint32_t table_id = 0;
  std::string stream_arn;
  std::string stream_label;
  std::string region;
  std::string table_name;
  model::KeySchema key_schema;
  StreamViewType view_type = StreamViewType::kKeysOnly;
  int64_t creation_micros = 0;
  int64_t disabled_micros = 0;  // 0: enabled
  uint64_t shards_opened = 0;   // names the next shard
};

// What a shard stores of itself. Its last sequence is not stored: it is its last record's, or
// `trimmed_through` once every record is trimmed (records go oldest first).
struct ShardMetadata {
  std::string shard_id;
  std::string parent_shard_id;  // empty: none
  // Reserved when the shard opens, so an empty shard has a range too; its records come after it.
  uint64_t starting_sequence = 0;
  std::optional<uint64_t> ending_sequence;  // set when the shard closes
  int64_t opened_micros = 0;
  int64_t closed_micros = 0;
  // The last trimmed record; 0: none trimmed.
  uint64_t trimmed_through = 0;
};

// Key lengths, which tell the kinds of 'S' records apart.
inline constexpr size_t kSequenceCounterKeySize = 5;
inline constexpr size_t kStreamKeySize = kSequenceCounterKeySize + 8;
inline constexpr size_t kShardKeySize = kStreamKeySize + 8;
inline constexpr size_t kRecordKeySize = 5 + 8 + 8;

std::string SequenceCounterKey();
std::string StreamKey(uint64_t stream_id);
std::string ShardKey(uint64_t stream_id, uint64_t starting_sequence);
std::string RecordKey(uint64_t stream_id, uint64_t sequence);
// The prefix of every stream, shard and counter key ('S'), and of every record key ('R').
std::string StreamMetadataPrefix();
std::string StreamRecordPrefix();

// Decoders never crash on arbitrary bytes: what they cannot read gives InternalServerError
// "Corrupt stream storage record: <what>".
std::string EncodeSequenceCounter(uint64_t next_sequence);
Result<uint64_t> DecodeSequenceCounter(std::string_view bytes);

std::string EncodeStreamMetadata(const StreamMetadata& stream);
Result<StreamMetadata> DecodeStreamMetadata(std::string_view bytes);

// The shard's starting sequence is in its key, not in the value.
std::string EncodeShardMetadata(const ShardMetadata& shard);
Result<ShardMetadata> DecodeShardMetadata(std::string_view bytes, uint64_t starting_sequence);

// The record's sequence is in its key and its view type is its stream's: neither is in the value.
void EncodeStreamRecord(const StreamRecord& record, std::string* out);
Result<StreamRecord> DecodeStreamRecord(std::string_view bytes, uint64_t sequence,
                                        StreamViewType view_type);

}  // namespace dynafake::streams
