#include "api/common/consumed_capacity.h"

#include <algorithm>

#include "capacity/units.h"

namespace dynafake::api {
namespace {

wire::Json UnitsByIndex(const std::map<std::string, double>& units) {
  wire::Json out = wire::Json::object();
  for (const auto& [index_name, value] : units) {
    out[index_name] = {{"CapacityUnits", value}};
  }
  return out;
}

}  // namespace

ReturnConsumedCapacity ParseReturnConsumedCapacity(const wire::Json& request) {
  auto it = request.find("ReturnConsumedCapacity");
  if (it == request.end() || !it->is_string()) {
    return ReturnConsumedCapacity::kNone;
  }
  const auto& value = it->get_ref<const std::string&>();
  if (value == "TOTAL") {
    return ReturnConsumedCapacity::kTotal;
  }
  if (value == "INDEXES") {
    return ReturnConsumedCapacity::kIndexes;
  }
  return ReturnConsumedCapacity::kNone;
}

double ConsumedCapacity::total() const {
  double sum = table_units;
  for (const auto& [name, units] : global_secondary_index_units) {
    sum += units;
  }
  for (const auto& [name, units] : local_secondary_index_units) {
    sum += units;
  }
  return sum;
}

wire::Json ConsumedCapacityToJson(const ConsumedCapacity& consumed, ReturnConsumedCapacity mode) {
  // DynamoDB: item, batch, Query and Scan responses carry only the aggregate CapacityUnits; the
  // ReadCapacityUnits/WriteCapacityUnits split appears on transactions only
  // (conformance/test_consumed_capacity.py).
  wire::Json out = {{"TableName", consumed.table_name}, {"CapacityUnits", consumed.total()}};
  if (mode == ReturnConsumedCapacity::kIndexes) {
    // DynamoDB: INDEXES adds the Table member even for a table without indexes
    // (conformance/test_consumed_capacity.py).
    out["Table"] = {{"CapacityUnits", consumed.table_units}};
    if (!consumed.global_secondary_index_units.empty()) {
      out["GlobalSecondaryIndexes"] = UnitsByIndex(consumed.global_secondary_index_units);
    }
    if (!consumed.local_secondary_index_units.empty()) {
      out["LocalSecondaryIndexes"] = UnitsByIndex(consumed.local_secondary_index_units);
    }
  }
  return out;
}

double WriteUnitsOf(const table::WriteResult& written) {
  return capacity::WriteUnits(std::max(written.old_size, written.new_size));
}

void AddConsumedCapacity(const ConsumedCapacity& consumed, ReturnConsumedCapacity mode,
                         wire::Json* response) {
  if (mode != ReturnConsumedCapacity::kNone) {
    (*response)["ConsumedCapacity"] = ConsumedCapacityToJson(consumed, mode);
  }
}

}  // namespace dynafake::api
