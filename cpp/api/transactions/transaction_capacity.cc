#include "api/transactions/transaction_capacity.h"

namespace dynafake::api {

ConsumedCapacity& UnitsByTable::For(const std::string& table_name) {
  for (ConsumedCapacity& consumed : tables_) {
    if (consumed.table_name == table_name) {
      return consumed;
    }
  }
  ConsumedCapacity& added = tables_.emplace_back();
  added.table_name = table_name;
  added.split = split_;
  return added;
}

wire::Json UnitsByTable::ToJson(ReturnConsumedCapacity mode) const {
  wire::Json list = wire::Json::array();
  for (ConsumedCapacity consumed : tables_) {
    consumed.table_units *= 2;
    for (auto* units :
         {&consumed.global_secondary_index_units, &consumed.local_secondary_index_units}) {
      for (auto& [name, value] : *units) {
        value *= 2;
      }
    }
    list.push_back(ConsumedCapacityToJson(consumed, mode));
  }
  return list;
}

}  // namespace dynafake::api
