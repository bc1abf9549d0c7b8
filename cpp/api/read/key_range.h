// Where a Query or Scan reads: the storage key range of a key condition, and the storage key of an
// ExclusiveStartKey (docs: ARCHITECTURE.md, table/keyspace.h for the key layout).
#pragma once

#include <cstdint>
#include <string>

#include "expr/key_condition.h"
#include "model/attribute_value.h"
#include "model/key.h"
#include "table/keyspace.h"
#include "table/schema.h"

namespace dynafake::api {

// The storage keys of the base table (index_id table::kBaseIndexId) or of index `index_id` that a
// Query with `condition` reads: one partition, narrowed by the sort key condition. An index entry
// carries the table key after its index sort key, so a bound that includes a sort key value
// includes every key that starts with that value's encoding; base keys end with the sort key, so
// the same bounds hold for them. An empty range (lower == upper) when nothing can match.
table::KeyRange KeyConditionRange(uint32_t table_id, uint32_t index_id,
                                  const expr::KeyCondition& condition);

// True when the sort key value `value` satisfies `condition`, in the service's order (numbers
// numerically, strings and binaries by unsigned bytes). REQUIRES: `value` has the type of the
// condition's values.
bool SortKeyConditionHolds(const expr::SortKeyCondition& condition,
                           const model::AttributeValue& value);

// The storage key of the entry `start_key` names: the item's key in the base table when `index` is
// null, else its entry key in `index`. The read resumes strictly after it. REQUIRES: `start_key`
// holds the table key attributes and, for an index, the index key attributes, of the right types.
std::string StartKeyStorageKey(uint32_t table_id, const model::KeySchema& table_key,
                               const table::SecondaryIndex* index, const model::Item& start_key);

}  // namespace dynafake::api
