#include "api/transactions/transaction_capacity.h"

#include "api/transactions/cancellation.h"

namespace dynafake::api {

ConsumedCapacity Doubled(ConsumedCapacity consumed) {
  consumed.table_units *= 2;
  for (auto* units :
       {&consumed.global_secondary_index_units, &consumed.local_secondary_index_units}) {
    for (auto& [name, value] : *units) {
      value *= 2;
    }
  }
  return consumed;
}

void TransactionMeter::Add(const table::Table& table, const model::Item& key) {
  keys_.push_back(meters_.emplace_back(context_, table).ItemPartitionKey(key));
}

Status TransactionMeter::Admit() {
  for (size_t i = 0; i < meters_.size(); ++i) {
    if (!meters_[i].metering()) {
      continue;
    }
    Status admitted = operation_ == capacity::Operation::kRead
                          ? meters_[i].AdmitRead(nullptr, keys_[i])
                          : meters_[i].AdmitWrite(*keys_[i], /*every_index=*/true);
    if (!admitted.ok()) {
      std::vector<CancellationReason> reasons(meters_.size());
      reasons[i] = {"ThrottlingError", kThrottlingReasonMessage, ""};
      return TransactionCanceled(reasons);
    }
  }
  return Status::Ok();
}

void TransactionMeter::Charge(size_t position, const ConsumedCapacity& single_item,
                              const table::WriteResult* written) {
  if (written != nullptr) {
    meters_[position].ChargeWrite(Doubled(single_item), keys_[position], *written);
  } else {
    meters_[position].Charge(operation_, Doubled(single_item), keys_[position]);
  }
}

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
  for (const ConsumedCapacity& consumed : tables_) {
    list.push_back(ConsumedCapacityToJson(Doubled(consumed), mode));
  }
  return list;
}

}  // namespace dynafake::api
