// ConsumedCapacity of a transaction: per table, in the order the request first names each, each
// unit doubled (docs: dynamodb-behaviour.md 7.1).
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "api/common/capacity_meter.h"
#include "api/common/consumed_capacity.h"
#include "api/request_context.h"
#include "capacity/throttler.h"
#include "model/attribute_value.h"
#include "table/table.h"
#include "wire/json.h"

namespace dynafake::api {

// `consumed` with every unit doubled. DynamoDB: a transaction consumes two units for each a
// single-item request would, one to prepare and one to commit
// (conformance/test_transact_write_items.py::test_total_is_twice_the_single_item_units).
ConsumedCapacity Doubled(ConsumedCapacity consumed);

// Meters the items of one transaction: each is admitted before the transaction runs, and charged
// twice its single-item units once it has committed.
class TransactionMeter {
 public:
  TransactionMeter(RequestContext& context, capacity::Operation operation)
      : context_(context), operation_(operation) {}

  // The next item of the transaction, in request order.
  void Add(const table::Table& table, const model::Item& key);

  // Admits every item. DynamoDB: a throttled item cancels the transaction with a ThrottlingError
  // reason at its position, None elsewhere
  // (tests/python/test_throttling.py::
  // test_throttled_transaction_is_canceled_with_a_throttling_reason).
  Status Admit();

  // Charges item `position` for `single_item`, its units as a single-item request's, doubled;
  // `written`, for a write, gives the global secondary index entries their key values.
  void Charge(size_t position, const ConsumedCapacity& single_item,
              const table::WriteResult* written = nullptr);

 private:
  RequestContext& context_;
  capacity::Operation operation_;
  std::deque<CapacityMeter> meters_;
  std::vector<std::optional<PartitionKey>> keys_;
};

class UnitsByTable {
 public:
  // `split`: the member transactions repeat their units in (ReadCapacityUnits for TransactGetItems,
  // WriteCapacityUnits for TransactWriteItems).
  explicit UnitsByTable(CapacitySplit split) : split_(split) {}

  // The entry of `table_name` (as the request named it), added when new.
  ConsumedCapacity& For(const std::string& table_name);

  // The ConsumedCapacity list, every unit doubled.
  wire::Json ToJson(ReturnConsumedCapacity mode) const;

 private:
  CapacitySplit split_;
  std::vector<ConsumedCapacity> tables_;
};

}  // namespace dynafake::api
