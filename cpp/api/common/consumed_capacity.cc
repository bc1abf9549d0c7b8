#include "api/common/consumed_capacity.h"

#include <algorithm>

#include "capacity/units.h"

namespace dynafake::api {
namespace {

// {"CapacityUnits": units} and the split member, if any.
wire::Json Units(double units, CapacitySplit split) {
  wire::Json out = {{"CapacityUnits", units}};
  if (split == CapacitySplit::kRead) {
    out["ReadCapacityUnits"] = units;
  } else if (split == CapacitySplit::kWrite) {
    out["WriteCapacityUnits"] = units;
  }
  return out;
}

wire::Json UnitsByIndex(const std::map<std::string, double>& units, CapacitySplit split) {
  wire::Json out = wire::Json::object();
  for (const auto& [index_name, value] : units) {
    out[index_name] = Units(value, split);
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
  wire::Json out = Units(consumed.total(), consumed.split);
  out["TableName"] = consumed.table_name;
  if (mode == ReturnConsumedCapacity::kIndexes) {
    // DynamoDB: INDEXES adds the Table member even for a table without indexes
    // (conformance/test_consumed_capacity.py).
    out["Table"] = Units(consumed.table_units, consumed.split);
    if (!consumed.global_secondary_index_units.empty()) {
      out["GlobalSecondaryIndexes"] =
          UnitsByIndex(consumed.global_secondary_index_units, consumed.split);
    }
    if (!consumed.local_secondary_index_units.empty()) {
      out["LocalSecondaryIndexes"] =
          UnitsByIndex(consumed.local_secondary_index_units, consumed.split);
    }
  }
  return out;
}

double WriteUnitsOf(const table::WriteResult& written) {
  return capacity::WriteUnits(std::max(written.old_size, written.new_size));
}

double IndexWriteUnits(const table::IndexWrite& index_write) {
  const int64_t old_size = index_write.old_entry_size;
  const int64_t new_size = index_write.new_entry_size;
  if (old_size == 0 || new_size == 0) {
    // DynamoDB: an entry added costs a put of the new entry, one removed a delete of the old.
    return capacity::WriteUnits(std::max(old_size, new_size));
  }
  if (index_write.key_changed) {
    // DynamoDB: an entry moved to another index key costs a delete of the old entry and a put of
    // the new one (conformance/test_index_writes.py).
    return capacity::WriteUnits(old_size) + capacity::WriteUnits(new_size);
  }
  // DynamoDB: an entry rewritten under the same key costs like a replacing table write.
  return capacity::WriteUnits(std::max(old_size, new_size));
}

void AddWriteUnits(const table::WriteResult& written, ConsumedCapacity* consumed) {
  consumed->table_units += WriteUnitsOf(written);
  for (const table::IndexWrite& index_write : written.index_writes) {
    std::map<std::string, double>& units = index_write.global
                                               ? consumed->global_secondary_index_units
                                               : consumed->local_secondary_index_units;
    units[index_write.index_name] += IndexWriteUnits(index_write);
  }
}

void AddConsumedCapacity(const ConsumedCapacity& consumed, ReturnConsumedCapacity mode,
                         wire::Json* response) {
  if (mode != ReturnConsumedCapacity::kNone) {
    (*response)["ConsumedCapacity"] = ConsumedCapacityToJson(consumed, mode);
  }
}

}  // namespace dynafake::api
