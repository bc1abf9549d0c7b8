#include "txn/transactions.h"

#include <memory>
#include <string>

#include "util/result.h"

namespace dynafake::txn {
namespace {

// Gives up a transaction's claims however it ends.
class Claims {
 public:
  Claims(table::InFlightWrites* in_flight, const std::vector<std::string>* keys)
      : in_flight_(in_flight), keys_(keys) {}

  Claims(const Claims&) = delete;
  Claims& operator=(const Claims&) = delete;

  ~Claims() { in_flight_->ReleaseAll(*keys_); }

 private:
  table::InFlightWrites* const in_flight_;
  const std::vector<std::string>* const keys_;
};

}  // namespace

Result<TransactWriteOutcome> Transactions::Write(const std::vector<table::ItemWrite>& writes,
                                                 std::string_view transaction_id) {
  std::vector<std::string> keys;
  keys.reserve(writes.size());
  for (const table::ItemWrite& write : writes) {
    keys.push_back(write.table->ItemStorageKey(write.key));
  }
  TransactWriteOutcome outcome;
  outcome.conflicts = in_flight_->ClaimAll(keys);
  if (!outcome.conflicts.empty()) {
    return outcome;
  }
  Claims claims(in_flight_, &keys);
  holds_.StopIfHeld();
  DF_ASSIGN_OR_RETURN(outcome.written, table::WriteAtomically(writes, transaction_id));
  return outcome;
}

Result<TransactGetOutcome> Transactions::Get(const std::vector<ItemRead>& reads) const {
  TransactGetOutcome outcome;
  if (reads.empty()) {
    return outcome;
  }
  std::vector<std::string> keys;
  keys.reserve(reads.size());
  for (const ItemRead& read : reads) {
    keys.push_back(read.table->ItemStorageKey(read.key));
  }
  outcome.conflicts = in_flight_->FindClaimed(keys);
  if (!outcome.conflicts.empty()) {
    return outcome;
  }
  // A transaction stores all its items in one batch, so one snapshot never shows half of one.
  const std::shared_ptr<const storage::Snapshot> snapshot =
      reads.front().table->store()->GetSnapshot();
  outcome.items.reserve(reads.size());
  for (const ItemRead& read : reads) {
    DF_ASSIGN_OR_RETURN(std::optional<model::Item> item,
                        read.table->GetItem(read.key, snapshot.get()));
    outcome.items.push_back(std::move(item));
  }
  return outcome;
}

}  // namespace dynafake::txn
