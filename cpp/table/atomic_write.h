// WriteAtomically: several items, in one or more tables of one store, written all or none, as a
// transaction writes them.
#pragma once

#include <string_view>
#include <vector>

#include "dynafake/status.h"

#include "table/table.h"

namespace dynafake::table {

// One item of an atomic write: where it is and how its new state is decided.
struct ItemWrite {
  Table* table = nullptr;
  model::Item key;
  WriteFn decide;
};

struct AtomicWriteOutcome {
  // Per item, in order: its WriteResult, or what its decision (or its index key checks) failed
  // with.
  std::vector<Result<WriteResult>> items;
  // Every item succeeded, and all their changes were stored in one batch.
  bool committed = false;
};

// Locks every item (in one order across tables, so that concurrent atomic writes cannot deadlock),
// decides each under the locks, and, when every decision succeeds, stores all the changes (items,
// index entries, collection size records) in one batch and announces one ChangeEvent per changed
// item, each carrying `transaction_id`. When any decision fails, nothing is written and every item
// is still decided, so that all failures are reported. A storage failure is returned as the error.
// REQUIRES: every table is on the same store; no item appears twice.
Result<AtomicWriteOutcome> WriteAtomically(const std::vector<ItemWrite>& writes,
                                           std::string_view transaction_id);

}  // namespace dynafake::table
