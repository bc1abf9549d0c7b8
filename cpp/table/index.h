// Secondary indexes as the write path keeps them: which items an index holds (it is sparse), each
// entry's storage key and projected attributes, and the checks an item's index key attributes
// must pass before it is written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "dynafake/status.h"

#include "model/attribute_value.h"
#include "model/key.h"
#include "table/schema.h"

namespace dynafake::table {

// One item's entry in one index.
// DynamoDB: an index entry takes the bytes of its table key, index key and projected attributes
// plus 100 bytes of overhead, and an item collection is its items plus their local index entries
// (developer guide, "Storage considerations for local secondary indexes" and "Item collections").
// The items themselves count without overhead.
constexpr int64_t kIndexEntryOverhead = 100;

struct IndexEntry {
  std::string storage_key;  // keyspace.h IndexEntryKey
  model::Item item;         // ProjectIndexItem of the base item
  int64_t size = 0;         // model::ItemSize(item)
};

// The attributes `index` holds of `item`: the whole item for ALL; otherwise the table key, the
// index key and (INCLUDE) the NonKeyAttributes the item has.
model::Item ProjectIndexItem(const model::KeySchema& table_key, const SecondaryIndex& index,
                             const model::Item& item);

// The entry `item` has in `index`, or nullopt when the item lacks one of the index's key
// attributes (DynamoDB: indexes are sparse). REQUIRES: CheckIndexKeys(index, item) passed.
std::optional<IndexEntry> MakeIndexEntry(uint32_t table_id, const model::KeySchema& table_key,
                                         const SecondaryIndex& index, const model::Item& item);

// Checks the index key attributes `item` has (absent ones are fine): "One or more parameter
// values were invalid: Type mismatch for Index Key <name> Expected: <T> Actual: <T> IndexName:
// <index>", the empty S/B value text "One or more parameter values are not valid. A value
// specified for a secondary index key is not supported. The AttributeValue for a key attribute
// cannot contain an empty string value. IndexName: <index>, IndexKey: <name>" (binary: "empty
// binary value"), and the key size limits (2048 bytes hash, 1024 bytes range) with the base
// table's texts. All ValidationException.
Status CheckIndexKeys(const SecondaryIndex& index, const model::Item& item);

}  // namespace dynafake::table
