// ConsumedCapacity of a transaction: per table, in the order the request first names each, each
// unit doubled (docs: dynamodb-behaviour.md 7.1).
#pragma once

#include <string>
#include <vector>

#include "api/common/consumed_capacity.h"
#include "wire/json.h"

namespace dynafake::api {

class UnitsByTable {
 public:
  // `split`: the member transactions repeat their units in (ReadCapacityUnits for TransactGetItems,
  // WriteCapacityUnits for TransactWriteItems).
  explicit UnitsByTable(CapacitySplit split) : split_(split) {}

  // The entry of `table_name` (as the request named it), added when new.
  ConsumedCapacity& For(const std::string& table_name);

  // The ConsumedCapacity list, every unit doubled. DynamoDB: a transaction consumes two units for
  // each a single-item request would, one to prepare and one to commit
  // (conformance/test_transact_write_items.py::test_total_is_twice_the_single_item_units).
  wire::Json ToJson(ReturnConsumedCapacity mode) const;

 private:
  CapacitySplit split_;
  std::vector<ConsumedCapacity> tables_;
};

}  // namespace dynafake::api
