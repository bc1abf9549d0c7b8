#include "streams/stream_codec.h"

#include <utility>

#include "model/item_codec.h"
#include "table/keyspace.h"
#include "util/coding.h"
#include "util/result.h"

namespace dynafake::streams {
namespace {

// The first byte of every stream, shard and record value. A reader refuses any other.
constexpr uint8_t kFormatVersion = 1;

// Event names as stored. Never renumbered.
constexpr uint8_t kStoredInsert = 0;
constexpr uint8_t kStoredModify = 1;
constexpr uint8_t kStoredRemove = 2;

// Flags of a stored record.
constexpr uint8_t kHasNewImage = 0x01;
constexpr uint8_t kHasOldImage = 0x02;
constexpr uint8_t kByTimeToLive = 0x04;
constexpr uint8_t kKnownFlags = kHasNewImage | kHasOldImage | kByTimeToLive;

Status Corrupt(std::string_view what) {
  return InternalError("Corrupt stream storage record: " + std::string(what));
}

bool GetString(std::string_view* input, std::string* value) {
  std::string_view bytes;
  if (!util::GetLengthPrefixed(input, &bytes)) {
    return false;
  }
  value->assign(bytes);
  return true;
}

// Strips and checks the format byte.
bool GetVersion(std::string_view* input) {
  if (input->empty() || static_cast<uint8_t>(input->front()) != kFormatVersion) {
    return false;
  }
  input->remove_prefix(1);
  return true;
}

// A key attribute's type as its name ("S", "N" or "B"); nullopt for anything else.
std::optional<model::AttributeType> ParseKeyType(std::string_view name) {
  for (const model::AttributeType type :
       {model::AttributeType::kS, model::AttributeType::kN, model::AttributeType::kB}) {
    if (model::AttributeTypeName(type) == name) {
      return type;
    }
  }
  return std::nullopt;
}

bool GetKeyAttribute(std::string_view* input, model::KeyAttribute* attribute) {
  std::string type_name;
  if (!GetString(input, &attribute->name) || !GetString(input, &type_name)) {
    return false;
  }
  const std::optional<model::AttributeType> type = ParseKeyType(type_name);
  if (!type) {
    return false;
  }
  attribute->type = *type;
  return true;
}

// An item stored as length-prefixed item encoding.
void PutItem(std::string* out, const model::Item& item, std::string* scratch) {
  scratch->clear();
  model::EncodeItem(item, scratch);
  util::PutLengthPrefixed(out, *scratch);
}

Result<model::Item> GetItem(std::string_view* input) {
  std::string_view bytes;
  if (!util::GetLengthPrefixed(input, &bytes)) {
    return Corrupt("truncated image");
  }
  return model::DecodeItem(bytes);
}

}  // namespace

std::string SequenceCounterKey() {
  return table::SystemKey(table::kStreamRecordKind);
}

std::string StreamKey(uint64_t stream_id) {
  std::string key = SequenceCounterKey();
  util::PutFixed64BigEndian(&key, stream_id);
  return key;
}

std::string ShardKey(uint64_t stream_id, uint64_t starting_sequence) {
  std::string key = StreamKey(stream_id);
  util::PutFixed64BigEndian(&key, starting_sequence);
  return key;
}

std::string RecordKey(uint64_t stream_id, uint64_t sequence) {
  std::string key = table::SystemKey(table::kStreamChangeRecordKind);
  util::PutFixed64BigEndian(&key, stream_id);
  util::PutFixed64BigEndian(&key, sequence);
  return key;
}

std::string StreamMetadataPrefix() {
  return table::SystemKey(table::kStreamRecordKind);
}

std::string StreamRecordPrefix() {
  return table::SystemKey(table::kStreamChangeRecordKind);
}

std::string EncodeSequenceCounter(uint64_t next_sequence) {
  std::string out;
  util::PutFixed64BigEndian(&out, next_sequence);
  return out;
}

Result<uint64_t> DecodeSequenceCounter(std::string_view bytes) {
  uint64_t next_sequence = 0;
  if (!util::GetFixed64BigEndian(&bytes, &next_sequence) || !bytes.empty()) {
    return Corrupt("sequence counter");
  }
  return next_sequence;
}

std::string EncodeStreamMetadata(const StreamMetadata& stream) {
  std::string out(1, static_cast<char>(kFormatVersion));
  util::PutVarint64(&out, stream.table_id);
  util::PutLengthPrefixed(&out, stream.stream_arn);
  util::PutLengthPrefixed(&out, stream.stream_label);
  util::PutLengthPrefixed(&out, stream.region);
  util::PutLengthPrefixed(&out, stream.table_name);
  util::PutLengthPrefixed(&out, stream.key_schema.hash.name);
  util::PutLengthPrefixed(&out, model::AttributeTypeName(stream.key_schema.hash.type));
  // An attribute name is never empty, so an empty one says there is no sort key.
  util::PutLengthPrefixed(&out, stream.key_schema.range ? stream.key_schema.range->name : "");
  util::PutLengthPrefixed(
      &out, stream.key_schema.range ? model::AttributeTypeName(stream.key_schema.range->type) : "");
  util::PutLengthPrefixed(&out, StreamViewTypeName(stream.view_type));
  util::PutVarintSigned64(&out, stream.creation_micros);
  util::PutVarintSigned64(&out, stream.disabled_micros);
  util::PutVarint64(&out, stream.shards_opened);
  return out;
}

Result<StreamMetadata> DecodeStreamMetadata(std::string_view bytes) {
  if (!GetVersion(&bytes)) {
    return Corrupt("unsupported stream format");
  }
  StreamMetadata stream;
  uint64_t table_id = 0;
  std::string range_name;
  std::string range_type;
  std::string view_type;
  if (!util::GetVarint64(&bytes, &table_id) || table_id > UINT32_MAX ||
      !GetString(&bytes, &stream.stream_arn) || !GetString(&bytes, &stream.stream_label) ||
      !GetString(&bytes, &stream.region) || !GetString(&bytes, &stream.table_name) ||
      !GetKeyAttribute(&bytes, &stream.key_schema.hash) || !GetString(&bytes, &range_name) ||
      !GetString(&bytes, &range_type) || !GetString(&bytes, &view_type) ||
      !util::GetVarintSigned64(&bytes, &stream.creation_micros) ||
      !util::GetVarintSigned64(&bytes, &stream.disabled_micros) ||
      !util::GetVarint64(&bytes, &stream.shards_opened) || !bytes.empty()) {
    return Corrupt("stream");
  }
  stream.table_id = static_cast<uint32_t>(table_id);
  if (!range_name.empty()) {
    const std::optional<model::AttributeType> type = ParseKeyType(range_type);
    if (!type) {
      return Corrupt("stream sort key type");
    }
    stream.key_schema.range = model::KeyAttribute{std::move(range_name), *type};
  }
  const std::optional<StreamViewType> parsed_view_type = ParseStreamViewType(view_type);
  if (!parsed_view_type) {
    return Corrupt("stream view type");
  }
  stream.view_type = *parsed_view_type;
  return stream;
}

std::string EncodeShardMetadata(const ShardMetadata& shard) {
  std::string out(1, static_cast<char>(kFormatVersion));
  util::PutLengthPrefixed(&out, shard.shard_id);
  util::PutLengthPrefixed(&out, shard.parent_shard_id);
  // Sequence 0 is never used, so 0 says the shard is open.
  util::PutVarint64(&out, shard.ending_sequence.value_or(0));
  util::PutVarintSigned64(&out, shard.opened_micros);
  util::PutVarintSigned64(&out, shard.closed_micros);
  util::PutVarint64(&out, shard.trimmed_through);
  return out;
}

Result<ShardMetadata> DecodeShardMetadata(std::string_view bytes, uint64_t starting_sequence) {
  if (!GetVersion(&bytes)) {
    return Corrupt("unsupported shard format");
  }
  ShardMetadata shard;
  shard.starting_sequence = starting_sequence;
  uint64_t ending_sequence = 0;
  if (!GetString(&bytes, &shard.shard_id) || !GetString(&bytes, &shard.parent_shard_id) ||
      !util::GetVarint64(&bytes, &ending_sequence) ||
      !util::GetVarintSigned64(&bytes, &shard.opened_micros) ||
      !util::GetVarintSigned64(&bytes, &shard.closed_micros) ||
      !util::GetVarint64(&bytes, &shard.trimmed_through) || !bytes.empty()) {
    return Corrupt("shard");
  }
  if (ending_sequence != 0) {
    shard.ending_sequence = ending_sequence;
  }
  return shard;
}

void EncodeStreamRecord(const StreamRecord& record, std::string* out) {
  out->push_back(static_cast<char>(kFormatVersion));
  uint8_t event = kStoredInsert;
  switch (record.event_name) {
    case EventName::kInsert:
      event = kStoredInsert;
      break;
    case EventName::kModify:
      event = kStoredModify;
      break;
    case EventName::kRemove:
      event = kStoredRemove;
      break;
  }
  out->push_back(static_cast<char>(event));
  const uint8_t flags = (record.new_image ? kHasNewImage : 0) |
                        (record.old_image ? kHasOldImage : 0) |
                        (record.by_time_to_live ? kByTimeToLive : 0);
  out->push_back(static_cast<char>(flags));
  util::PutLengthPrefixed(out, record.event_id);
  util::PutVarintSigned64(out, record.creation_micros);
  util::PutVarintSigned64(out, record.size_bytes);
  std::string scratch;
  PutItem(out, record.keys, &scratch);
  if (record.new_image) {
    PutItem(out, *record.new_image, &scratch);
  }
  if (record.old_image) {
    PutItem(out, *record.old_image, &scratch);
  }
}

Result<StreamRecord> DecodeStreamRecord(std::string_view bytes, uint64_t sequence,
                                        StreamViewType view_type) {
  if (!GetVersion(&bytes) || bytes.size() < 2) {
    return Corrupt("unsupported record format");
  }
  StreamRecord record;
  record.sequence = sequence;
  record.view_type = view_type;
  switch (static_cast<uint8_t>(bytes[0])) {
    case kStoredInsert:
      record.event_name = EventName::kInsert;
      break;
    case kStoredModify:
      record.event_name = EventName::kModify;
      break;
    case kStoredRemove:
      record.event_name = EventName::kRemove;
      break;
    default:
      return Corrupt("record event name");
  }
  const auto flags = static_cast<uint8_t>(bytes[1]);
  if ((flags & ~kKnownFlags) != 0) {
    return Corrupt("record flags");
  }
  bytes.remove_prefix(2);
  record.by_time_to_live = (flags & kByTimeToLive) != 0;
  if (!GetString(&bytes, &record.event_id) ||
      !util::GetVarintSigned64(&bytes, &record.creation_micros) ||
      !util::GetVarintSigned64(&bytes, &record.size_bytes)) {
    return Corrupt("record");
  }
  DF_ASSIGN_OR_RETURN(record.keys, GetItem(&bytes));
  if ((flags & kHasNewImage) != 0) {
    DF_ASSIGN_OR_RETURN(record.new_image, GetItem(&bytes));
  }
  if ((flags & kHasOldImage) != 0) {
    DF_ASSIGN_OR_RETURN(record.old_image, GetItem(&bytes));
  }
  if (!bytes.empty()) {
    return Corrupt("record has trailing bytes");
  }
  return record;
}

}  // namespace dynafake::streams
