// ReturnConsumedCapacity: which detail a response carries, and the ConsumedCapacity member's shape.
#pragma once

#include <map>
#include <string>

#include "table/table.h"
#include "wire/json.h"

namespace dynafake::api {

enum class ReturnConsumedCapacity { kNone, kTotal, kIndexes };

// The request's ReturnConsumedCapacity (the shape validator has checked the enum).
ReturnConsumedCapacity ParseReturnConsumedCapacity(const wire::Json& request);

// Which of ReadCapacityUnits and WriteCapacityUnits an entry repeats beside CapacityUnits.
enum class CapacitySplit { kNone, kRead, kWrite };

// Units one request consumed on one table and its indexes.
struct ConsumedCapacity {
  // As the request named the table: DynamoDB echoes an ARN when the request used one.
  std::string table_name;
  double table_units = 0;
  std::map<std::string, double> global_secondary_index_units;
  std::map<std::string, double> local_secondary_index_units;
  // DynamoDB: only transactions repeat their units as ReadCapacityUnits or WriteCapacityUnits
  // (conformance/test_transact_write_items.py::test_total_carries_write_capacity_units).
  CapacitySplit split = CapacitySplit::kNone;

  double total() const;
};

// {"TableName": t, "CapacityUnits": x} and, for INDEXES, "Table" and the per-index members.
// REQUIRES: mode != kNone.
wire::Json ConsumedCapacityToJson(const ConsumedCapacity& consumed, ReturnConsumedCapacity mode);

// Write units of one item write: by the larger of the old and new item (DynamoDB: a replacing write
// costs by the larger, a delete by the deleted item, and a write of nothing still costs 1).
double WriteUnitsOf(const table::WriteResult& written);

// Write units one item write consumed on one index (docs: dynamodb-behaviour.md 6 "Capacity").
double IndexWriteUnits(const table::IndexWrite& index_write);

// Adds what one item write consumed to `consumed`: WriteUnitsOf on the table and IndexWriteUnits on
// every index whose entry changed (DynamoDB: an index the write leaves alone costs nothing and is
// not listed). Batches call it once per write and so sum per table and per index.
void AddWriteUnits(const table::WriteResult& written, ConsumedCapacity* consumed);

// Adds "ConsumedCapacity" to a single-table response unless mode is kNone.
void AddConsumedCapacity(const ConsumedCapacity& consumed, ReturnConsumedCapacity mode,
                         wire::Json* response);

}  // namespace dynafake::api
