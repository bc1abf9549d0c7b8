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

// Units one request consumed on one table and its indexes.
struct ConsumedCapacity {
  // As the request named the table: DynamoDB echoes an ARN when the request used one.
  std::string table_name;
  double table_units = 0;
  std::map<std::string, double> global_secondary_index_units;
  std::map<std::string, double> local_secondary_index_units;

  double total() const;
};

// {"TableName": t, "CapacityUnits": x} and, for INDEXES, "Table" and the per-index members.
// REQUIRES: mode != kNone.
wire::Json ConsumedCapacityToJson(const ConsumedCapacity& consumed, ReturnConsumedCapacity mode);

// Write units of one item write: by the larger of the old and new item (DynamoDB: a replacing write
// costs by the larger, a delete by the deleted item, and a write of nothing still costs 1).
double WriteUnitsOf(const table::WriteResult& written);

// Adds "ConsumedCapacity" to a single-table response unless mode is kNone.
void AddConsumedCapacity(const ConsumedCapacity& consumed, ReturnConsumedCapacity mode,
                         wire::Json* response);

}  // namespace dynafake::api
