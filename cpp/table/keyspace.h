// Keyspace: the storage key layout, by table id (never by name).
//   system:  [table_id 0 : fixed32 BE] [kind byte] [...]             catalog metadata
//   base:    [table_id : fixed32 BE] [index_id 0 : fixed32 BE] [hash of encoded partition key :
//            fixed64 BE] [encoded partition key] [encoded sort key]
//   index:   [table_id] [index_id 1.. : fixed32 BE] [hash of encoded index partition key]
//            [encoded index partition key] [encoded index sort key] [encoded table partition key]
//            [encoded table sort key]
//   item collection sizes (tables with local secondary indexes):
//            [table_id] [kItemCollectionSizesId : fixed32 BE] [hash] [encoded partition key]
//            -> [bytes : fixed64 BE]
// The hash prefix gives Scan the service's hash order of partition keys, and a parallel scan
// segment is one contiguous range of hashes, while a Query stays a contiguous range of one
// partition ordered by sort key. Index entries end with the table key, which makes them unique and
// orders ties on the index sort key by table key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/attribute_value.h"
#include "model/key.h"
#include "table/schema.h"

namespace dynafake::table {

constexpr uint32_t kSystemTableId = 0;
constexpr uint32_t kBaseIndexId = 0;
// Reserved index id of the per-partition item collection size records; never an index's id.
constexpr uint32_t kItemCollectionSizesId = 0xFFFFFFFF;

// System keyspace records: SystemKey(kind) [+ more]. Never renumber: stored data keeps these bytes.
constexpr char kTableRecordKind = 'T';          // + [table_id: fixed32 BE] -> table description
constexpr char kNextTableIdRecordKind = 'N';    // -> [next table id: fixed32 BE]
constexpr char kStorageFormatRecordKind = 'F';  // -> [storage format: fixed32 BE] (engine/)
constexpr char kStreamRecordKind = 'S';         // + ... -> a stream and its shards (streams/)
constexpr char kStreamChangeRecordKind = 'R';   // + ... -> one stream record (streams/)
constexpr char kCapacityModeRecordKind = 'M';   // + [table_id: fixed32 BE] -> mode (capacity/)
constexpr char kAutoScalingRecordKind = 'A';    // + ... -> one scaling policy (api/capacity/)
constexpr char kBackupRecordKind = 'B';         // + [backup ARN] -> a backup's record (backup/)

// [kSystemTableId: fixed32 BE][kind]: the key of a system record, or the prefix of its kind's.
std::string SystemKey(char kind);

// A run of storage keys: lower <= key < upper, an empty upper bound being the end of the store
// (the PrefixSuccessor of an all-0xFF prefix).
struct KeyRange {
  std::string lower;
  std::string upper;
};

inline bool BelowUpper(std::string_view key, const KeyRange& range) {
  return range.upper.empty() || key < range.upper;
}

// [table_id][index_id]: every key of one table's index (0: the base table) starts with this.
std::string IndexPrefix(uint32_t table_id, uint32_t index_id);

// [table_id]: every key of one table incarnation (items, index entries, collection sizes).
std::string TablePrefix(uint32_t table_id);

// The hash a partition is stored and scanned under: of its key value's encoding
// (model::EncodeKeyValue; for several HASH attributes, their encodings one after the other).
uint64_t PartitionHash(std::string_view encoded_partition);

// [table_id][index_id][hash][encoded partition value]: every entry of one partition of the base
// table or of an index starts with this. REQUIRES: value is S, N or B.
std::string PartitionPrefix(uint32_t table_id, uint32_t index_id,
                            const model::AttributeValue& partition_value);

// The PartitionPrefix of an index whose key has several HASH attributes: the hash and the bytes
// are those of the values' encodings one after the other (self-delimiting, so the concatenation is
// unambiguous). With one value it equals PartitionPrefix. REQUIRES: every value is S, N or B.
std::string PartitionPrefix(uint32_t table_id, uint32_t index_id,
                            const std::vector<const model::AttributeValue*>& partition_values);

// Storage key of an item. REQUIRES: `key` holds the schema's key attributes.
std::string ItemKey(uint32_t table_id, const model::KeySchema& schema, const model::Item& key);

// Storage key of `item`'s entry in the index `index_id` whose key is `index_key`. REQUIRES: `item`
// holds the attributes of both `index_key` and `table_key`.
std::string IndexEntryKey(uint32_t table_id, uint32_t index_id, const model::KeySchema& index_key,
                          const model::KeySchema& table_key, const model::Item& item);

// Storage key of `item`'s entry in `index`, for any index key: the partition of its HASH
// attributes, the encodings of its RANGE attributes in KeySchema order, then the table key.
// REQUIRES: `item` holds every key attribute of `index` and `table_key`.
std::string IndexEntryKey(uint32_t table_id, const SecondaryIndex& index,
                          const model::KeySchema& table_key, const model::Item& item);

// Storage key of the item collection size record of one partition key value.
std::string ItemCollectionSizeKey(uint32_t table_id, const model::AttributeValue& partition_value);

// Every key of one index keyspace (0: the base table).
KeyRange WholeIndexRange(uint32_t table_id, uint32_t index_id);

// Every key of one table incarnation, or of a backup's keyspace: TablePrefix(table_id) onwards.
KeyRange WholeTableRange(uint32_t table_id);

// The keys of parallel scan segment `segment` of `total_segments` in one index keyspace: the
// partitions whose hash h has floor(h * total_segments / 2^64) == segment, so a given partition
// key lands in the same segment every time. REQUIRES: segment < total_segments.
KeyRange SegmentRange(uint32_t table_id, uint32_t index_id, uint32_t segment,
                      uint32_t total_segments);

// The segment of `total_segments` whose SegmentRange holds `storage_key` (a base or index key).
uint32_t SegmentOf(std::string_view storage_key, uint32_t total_segments);

// The smallest string greater than every string that starts with `prefix` (empty when there is
// none, i.e. `prefix` is all 0xFF bytes).
std::string PrefixSuccessor(std::string_view prefix);

}  // namespace dynafake::table
