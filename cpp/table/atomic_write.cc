#include "table/atomic_write.h"

#include <algorithm>
#include <functional>
#include <mutex>
#include <utility>

#include "util/check.h"
#include "util/result.h"

namespace dynafake::table {

Result<AtomicWriteOutcome> WriteAtomically(const std::vector<ItemWrite>& writes,
                                           std::string_view transaction_id) {
  AtomicWriteOutcome outcome;
  if (writes.empty()) {
    outcome.committed = true;
    return outcome;
  }
  // Items share lock stripes, within a table and not across tables; each stripe is taken once, in
  // address order (every stripe array is fixed in memory, so the order never changes).
  std::vector<std::mutex*> mutexes;
  mutexes.reserve(writes.size());
  for (const ItemWrite& write : writes) {
    DF_CHECK(write.table->store() == writes.front().table->store());
    mutexes.push_back(&write.table->ItemLock(write.key));
  }
  std::sort(mutexes.begin(), mutexes.end(), std::less<>());
  mutexes.erase(std::unique(mutexes.begin(), mutexes.end()), mutexes.end());
  std::vector<std::unique_lock<std::mutex>> locks;
  locks.reserve(mutexes.size());
  for (std::mutex* mutex : mutexes) {
    locks.emplace_back(*mutex);
  }

  std::vector<Result<Table::PreparedWrite>> prepared;
  prepared.reserve(writes.size());
  bool all_decided = true;
  for (const ItemWrite& write : writes) {
    prepared.push_back(write.table->Prepare(write.key, write.decide));
    all_decided = all_decided && prepared.back().has_value();
  }
  if (all_decided) {
    // One time for every change: a point-in-time restore sees all of them or none.
    const int64_t now = writes.front().table->clock()->NowMicros();
    storage::WriteBatch batch;
    for (size_t i = 0; i < writes.size(); ++i) {
      writes[i].table->StampChange(prepared[i].value(), now);
      batch.Append(prepared[i].value().batch());
    }
    DF_RETURN_IF_ERROR(writes.front().table->store()->Write(storage::WriteOptions{}, batch));
    for (size_t i = 0; i < writes.size(); ++i) {
      writes[i].table->Commit(prepared[i].value(), ChangeCause::kUser, transaction_id);
    }
    outcome.committed = true;
  }
  outcome.items.reserve(writes.size());
  for (Result<Table::PreparedWrite>& item : prepared) {
    if (item.has_value()) {
      outcome.items.emplace_back(std::move(item.value().result()));
    } else {
      outcome.items.emplace_back(item.error());
    }
  }
  return outcome;
}

}  // namespace dynafake::table
