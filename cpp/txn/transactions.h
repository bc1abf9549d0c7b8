// Transactions: the engine's TransactWriteItems and TransactGetItems over its tables: all-or-none
// writes of several items, consistent reads of several items, and the conflicts between them and
// the other requests in flight (docs: dynamodb-behaviour.md 10).
//
// A write transaction claims its items (table::InFlightWrites) before it locks them, then decides
// and writes them all at once (table::WriteAtomically), then gives up its claims. While they are
// claimed, single-item writes of those items fail with TransactionConflictException, and other
// transactions that include one of them are refused (their conflicts), as the service does. Reads
// of single items never wait: they see the state before or after the whole transaction.
//
// Safe for concurrent use without external synchronization.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "dynafake/clock.h"

#include "table/atomic_write.h"
#include "table/in_flight_writes.h"
#include "table/table.h"
#include "txn/idempotency.h"
#include "txn/transaction_hold.h"

namespace dynafake::txn {

struct TransactWriteOutcome {
  // Positions of the items another transaction holds in flight: when there is one, nothing was
  // decided or written.
  std::vector<size_t> conflicts;
  // Otherwise: each item's decision, and whether all were written.
  table::AtomicWriteOutcome written;
};

// One item of a TransactGetItems.
struct ItemRead {
  const table::Table* table = nullptr;
  model::Item key;
};

struct TransactGetOutcome {
  // Positions of the items a write transaction holds in flight: when there is one, nothing was
  // read.
  std::vector<size_t> conflicts;
  // Otherwise: each item (nullopt: no such item), all read from one state of the store.
  std::vector<std::optional<model::Item>> items;
};

class Transactions {
 public:
  // `in_flight` is the set every table checks (TableOptions::in_flight_writes); it outlives this.
  Transactions(table::InFlightWrites* in_flight, const Clock* clock)
      : in_flight_(in_flight), tokens_(clock) {}

  // Writes all the items or none (table::WriteAtomically), unless another transaction holds one
  // of them. REQUIRES: the items are distinct and in tables of one store.
  Result<TransactWriteOutcome> Write(const std::vector<table::ItemWrite>& writes,
                                     std::string_view transaction_id);

  // Reads every item from one consistent state, unless a write transaction holds one of them.
  // REQUIRES: the items are in tables of one store.
  Result<TransactGetOutcome> Get(const std::vector<ItemRead>& reads) const;

  IdempotencyTokens& tokens() { return tokens_; }

  TransactionHolds& holds() { return holds_; }

 private:
  table::InFlightWrites* const in_flight_;
  IdempotencyTokens tokens_;
  TransactionHolds holds_;
};

}  // namespace dynafake::txn
