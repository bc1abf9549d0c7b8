// Keyspace: the storage key layout, by table id (never by name).
//   system:  [table_id 0 : fixed32 BE] [kind byte] [...]             catalog metadata
//   items:   [table_id : fixed32 BE] [index_id 0 : fixed32 BE] [hash of encoded partition key :
//            fixed64 BE] [encoded partition key] [encoded sort key]
// The hash prefix gives Scan the service's hash order of partition keys while a Query stays a
// contiguous range of one partition ordered by sort key.
#pragma once

#include <cstdint>
#include <string>

#include "model/attribute_value.h"
#include "model/key.h"

namespace dynafake::table {

constexpr uint32_t kSystemTableId = 0;
constexpr uint32_t kBaseIndexId = 0;

// [table_id][index_id]: every key of one table's index (0: the base table) starts with this.
std::string IndexPrefix(uint32_t table_id, uint32_t index_id);

// Storage key of an item. REQUIRES: `key` holds the schema's key attributes.
std::string ItemKey(uint32_t table_id, const model::KeySchema& schema, const model::Item& key);

}  // namespace dynafake::table
