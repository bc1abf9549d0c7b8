#include "table/keyspace.h"

#include "model/key_codec.h"
#include "util/coding.h"
#include "util/hash.h"

namespace dynafake::table {

std::string IndexPrefix(uint32_t table_id, uint32_t index_id) {
  std::string prefix;
  prefix.reserve(8);
  util::PutFixed32BigEndian(&prefix, table_id);
  util::PutFixed32BigEndian(&prefix, index_id);
  return prefix;
}

std::string ItemKey(uint32_t table_id, const model::KeySchema& schema, const model::Item& key) {
  std::string partition;
  model::EncodeKeyValue(key.find(schema.hash.name)->second, &partition);
  std::string storage_key = IndexPrefix(table_id, kBaseIndexId);
  storage_key.reserve(storage_key.size() + 8 + partition.size() + 16);
  util::PutFixed64BigEndian(&storage_key, util::Hash64(partition));
  storage_key += partition;
  if (schema.range) {
    model::EncodeKeyValue(key.find(schema.range->name)->second, &storage_key);
  }
  return storage_key;
}

}  // namespace dynafake::table
