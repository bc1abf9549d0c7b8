// DeleteKeyRange: removes a run of storage keys, for the work that drops many at once (a dropped
// index, a deleted table or backup, a trimmed change log).
#pragma once

#include <cstdint>

#include "dynafake/status.h"

#include "storage/kv_store.h"
#include "table/keyspace.h"

namespace dynafake::table {

// Deletes every key of `range` in batches of at most 1,000, so a large range never builds one
// huge batch in memory; adds how many it deleted to `*deleted` when given. Not atomic: a failure
// leaves part of the range deleted, which the caller must be able to finish later.
Status DeleteKeyRange(storage::KvStore& store, const KeyRange& range, int64_t* deleted = nullptr);

}  // namespace dynafake::table
