// Table: one live table incarnation: its description, its items in storage, and the single write
// path every item change goes through (per-item lock, one atomic WriteBatch, one ChangeEvent).
//
// Safe for concurrent use without external synchronization.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "dynafake/clock.h"

#include "storage/kv_store.h"
#include "table/change_event.h"
#include "table/item_locks.h"
#include "table/schema.h"

namespace dynafake::table {

// Decides the new state of one item from its old state: the new item, nullopt to delete it, or an
// error (e.g. ConditionalCheckFailedException) that leaves the item unchanged.
using WriteFn =
    std::function<Result<std::optional<model::Item>>(const std::optional<model::Item>& old_item)>;

struct WriteResult {
  std::optional<model::Item> old_item;
  std::optional<model::Item> new_item;
  // model::ItemSize of each, 0 when absent: computed once here for the counters and for capacity.
  int64_t old_size = 0;
  int64_t new_size = 0;
};

class Table {
 public:
  Table(storage::KvStore* store, const Clock* clock, TableDescription description);

  uint32_t table_id() const { return table_id_; }

  // The key schema never changes for an incarnation, so it can be read without a lock.
  const model::KeySchema& key_schema() const { return key_schema_; }

  // A copy of the description with the live item count and size.
  TableDescription Describe() const;
  // Applies `mutate` to the description under the table's lock.
  void UpdateDescription(const std::function<void(TableDescription&)>& mutate);

  // REQUIRES: `key` holds exactly the key attributes (model::ValidateKeyArgument passed).
  Result<std::optional<model::Item>> GetItem(const model::Item& key) const;

  // Read-modify-write of one item under its lock. The change (when there is one) is written in one
  // atomic batch and then announced to the sinks.
  Result<WriteResult> Write(const model::Item& key, const WriteFn& decide,
                            ChangeCause cause = ChangeCause::kUser);

  // Sinks are registered by the engine at start-up, before any request.
  void AddChangeSink(std::shared_ptr<ChangeSink> sink);

  // Deletes every stored item of this incarnation (after DeleteTable).
  Status DropAllItems();

  // Recomputes the live item count and size from storage (when a persistent engine reopens).
  Status RecountItems();

 private:
  std::string ItemStorageKey(const model::Item& key) const;

  storage::KvStore* const store_;
  const Clock* const clock_;
  const uint32_t table_id_;
  const model::KeySchema key_schema_;
  mutable std::shared_mutex description_mutex_;
  TableDescription description_;
  std::atomic<int64_t> item_count_{0};
  std::atomic<int64_t> size_bytes_{0};
  ItemLocks locks_;
  std::vector<std::shared_ptr<ChangeSink>> sinks_;
};

}  // namespace dynafake::table
