#include "table/keyspace.h"

#include "model/key_codec.h"
#include "util/coding.h"
#include "util/hash.h"

namespace dynafake::table {
namespace {

// 128-bit arithmetic for the exact segment bounds (a GCC/Clang extension, hence __extension__).
__extension__ using Uint128 = unsigned __int128;

// [table_id][index_id] and the 8-byte partition hash that follows it.
constexpr size_t kIndexPrefixSize = 8;
constexpr size_t kHashSize = 8;

// The first hash of parallel scan segment `segment`: ceil(segment * 2^64 / total_segments), the
// smallest h with floor(h * total_segments / 2^64) == segment. REQUIRES: segment < total.
uint64_t SegmentStartHash(uint32_t segment, uint32_t total_segments) {
  const Uint128 scaled = static_cast<Uint128>(segment) << 64;
  return static_cast<uint64_t>((scaled + total_segments - 1) / total_segments);
}

void AppendEncodedPartition(const std::string& partition, std::string* out) {
  out->reserve(out->size() + kHashSize + partition.size() + 16);
  util::PutFixed64BigEndian(out, PartitionHash(partition));
  *out += partition;
}

void AppendPartition(const model::AttributeValue& partition_value, std::string* out) {
  std::string partition;
  model::EncodeKeyValue(partition_value, &partition);
  AppendEncodedPartition(partition, out);
}

}  // namespace

std::string SystemKey(char kind) {
  std::string key;
  util::PutFixed32BigEndian(&key, kSystemTableId);
  key.push_back(kind);
  return key;
}

uint64_t PartitionHash(std::string_view encoded_partition) {
  return util::Hash64(encoded_partition);
}

std::string IndexPrefix(uint32_t table_id, uint32_t index_id) {
  std::string prefix;
  prefix.reserve(kIndexPrefixSize);
  util::PutFixed32BigEndian(&prefix, table_id);
  util::PutFixed32BigEndian(&prefix, index_id);
  return prefix;
}

std::string TablePrefix(uint32_t table_id) {
  std::string prefix;
  util::PutFixed32BigEndian(&prefix, table_id);
  return prefix;
}

std::string PartitionPrefix(uint32_t table_id, uint32_t index_id,
                            const model::AttributeValue& partition_value) {
  std::string prefix = IndexPrefix(table_id, index_id);
  AppendPartition(partition_value, &prefix);
  return prefix;
}

std::string PartitionPrefix(uint32_t table_id, uint32_t index_id,
                            const std::vector<const model::AttributeValue*>& partition_values) {
  std::string partition;
  for (const model::AttributeValue* value : partition_values) {
    model::EncodeKeyValue(*value, &partition);
  }
  std::string prefix = IndexPrefix(table_id, index_id);
  AppendEncodedPartition(partition, &prefix);
  return prefix;
}

// Persisted layout: PartitionPrefix of the base table, then the encoded sort key.
std::string ItemKey(uint32_t table_id, const model::KeySchema& schema, const model::Item& key) {
  std::string storage_key = PartitionPrefix(table_id, kBaseIndexId, key.at(schema.hash.name));
  if (schema.range) {
    model::EncodeKeyValue(key.at(schema.range->name), &storage_key);
  }
  return storage_key;
}

std::string IndexEntryKey(uint32_t table_id, uint32_t index_id, const model::KeySchema& index_key,
                          const model::KeySchema& table_key, const model::Item& item) {
  std::string storage_key = PartitionPrefix(table_id, index_id, item.at(index_key.hash.name));
  if (index_key.range) {
    model::EncodeKeyValue(item.at(index_key.range->name), &storage_key);
  }
  model::EncodeKeyValue(item.at(table_key.hash.name), &storage_key);
  if (table_key.range) {
    model::EncodeKeyValue(item.at(table_key.range->name), &storage_key);
  }
  return storage_key;
}

std::string IndexEntryKey(uint32_t table_id, const SecondaryIndex& index,
                          const model::KeySchema& table_key, const model::Item& item) {
  if (!index.multi_attribute_key()) {
    return IndexEntryKey(table_id, index.index_id, index.key_schema, table_key, item);
  }
  std::vector<const model::AttributeValue*> partition_values;
  for (const model::KeyAttribute* attribute : index.HashAttributes()) {
    partition_values.push_back(&item.at(attribute->name));
  }
  std::string storage_key = PartitionPrefix(table_id, index.index_id, partition_values);
  for (const model::KeyAttribute* attribute : index.RangeAttributes()) {
    model::EncodeKeyValue(item.at(attribute->name), &storage_key);
  }
  model::EncodeKeyValue(item.at(table_key.hash.name), &storage_key);
  if (table_key.range) {
    model::EncodeKeyValue(item.at(table_key.range->name), &storage_key);
  }
  return storage_key;
}

std::string ItemCollectionSizeKey(uint32_t table_id, const model::AttributeValue& partition_value) {
  return PartitionPrefix(table_id, kItemCollectionSizesId, partition_value);
}

KeyRange WholeIndexRange(uint32_t table_id, uint32_t index_id) {
  std::string prefix = IndexPrefix(table_id, index_id);
  std::string upper = PrefixSuccessor(prefix);
  return {std::move(prefix), std::move(upper)};
}

KeyRange WholeTableRange(uint32_t table_id) {
  std::string prefix = TablePrefix(table_id);
  std::string upper = PrefixSuccessor(prefix);
  return {std::move(prefix), std::move(upper)};
}

// The first segment starts at the keyspace's own start and the last one ends at the keyspace's
// end, so the segments of one total are contiguous and together are exactly WholeIndexRange.
KeyRange SegmentRange(uint32_t table_id, uint32_t index_id, uint32_t segment,
                      uint32_t total_segments) {
  KeyRange range = WholeIndexRange(table_id, index_id);
  if (segment > 0) {
    util::PutFixed64BigEndian(&range.lower, SegmentStartHash(segment, total_segments));
  }
  if (segment + 1 < total_segments) {
    range.upper = IndexPrefix(table_id, index_id);
    util::PutFixed64BigEndian(&range.upper, SegmentStartHash(segment + 1, total_segments));
  }
  return range;
}

// A key too short to hold the whole hash (never a stored key) is read with the missing hash bytes
// as zeros.
uint32_t SegmentOf(std::string_view storage_key, uint32_t total_segments) {
  uint64_t hash = 0;
  for (size_t i = 0; i < kHashSize; ++i) {
    const size_t at = kIndexPrefixSize + i;
    const uint8_t byte = at < storage_key.size() ? static_cast<uint8_t>(storage_key[at]) : 0;
    hash = (hash << 8) | byte;
  }
  return static_cast<uint32_t>((static_cast<Uint128>(hash) * total_segments) >> 64);
}

std::string PrefixSuccessor(std::string_view prefix) {
  std::string successor(prefix);
  while (!successor.empty() && static_cast<uint8_t>(successor.back()) == 0xFF) {
    successor.pop_back();
  }
  if (!successor.empty()) {
    successor.back() = static_cast<char>(static_cast<uint8_t>(successor.back()) + 1);
  }
  return successor;
}

}  // namespace dynafake::table
