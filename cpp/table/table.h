// Table: one live table incarnation: its description, its items in storage, and the single write
// path every item change goes through (per-item lock, one atomic WriteBatch, one ChangeEvent).
//
// Safe for concurrent use without external synchronization.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "dynafake/clock.h"

#include "storage/kv_store.h"
#include "table/change_event.h"
#include "table/in_flight_writes.h"
#include "table/index.h"
#include "table/item_locks.h"
#include "table/keyspace.h"
#include "table/schema.h"

namespace dynafake::table {

// Decides the new state of one item from its old state: the new item, nullopt to delete it, or an
// error (e.g. ConditionalCheckFailedException) that leaves the item unchanged.
using WriteFn =
    std::function<Result<std::optional<model::Item>>(const std::optional<model::Item>& old_item)>;

// How one write changed the item's entry in one index (reported only for indexes whose entry
// changed: an entry added, removed, moved to another index key, or with other attributes).
struct IndexWrite {
  std::string index_name;
  bool global = false;
  int64_t old_entry_size = 0;  // model::ItemSize of the old entry; 0: there was none
  int64_t new_entry_size = 0;  // model::ItemSize of the new entry; 0: there is none
  // Both entries exist under different index keys: the index sees a delete and a put.
  bool key_changed = false;
};

struct WriteResult {
  std::optional<model::Item> old_item;
  std::optional<model::Item> new_item;
  // model::ItemSize of each, 0 when absent: computed once here for the counters and for capacity.
  int64_t old_size = 0;
  int64_t new_size = 0;
  std::vector<IndexWrite> index_writes;
  // Tables with local secondary indexes only: the size in bytes of the item's collection (every
  // item with its partition key value plus their local index entries) after the write.
  std::optional<int64_t> item_collection_size;
};

struct TableOptions {
  // DynamoDB: an item collection of a table with local secondary indexes is limited to 10 GB;
  // a write that would grow one past this fails with ItemCollectionSizeLimitExceededException.
  int64_t item_collection_size_limit_bytes = int64_t{10} << 30;
  // The items transactions hold in flight (shared by every table of the engine, which owns it and
  // outlives them); null: no transactions.
  const InFlightWrites* in_flight_writes = nullptr;
};

// Visits one stored entry: its storage key and its item (the base item, or an index's projected
// entry) as encoded in storage (model/item_codec.h), so that a reader that only copies it out need
// not build it. The bytes are valid during the call only. Returns false to stop.
using EntryVisitor =
    std::function<Result<bool>(std::string_view storage_key, std::string_view encoded_entry)>;

class Table {
 public:
  Table(storage::KvStore* store, const Clock* clock, TableDescription description,
        TableOptions options = {});

  uint32_t table_id() const { return table_id_; }

  const Clock* clock() const { return clock_; }

  // The key schema never changes for an incarnation, so it can be read without a lock.
  const model::KeySchema& key_schema() const { return key_schema_; }

  // A copy of the description with the live item counts and sizes of the table and its indexes.
  TableDescription Describe() const;
  // Calls `read` with the description under the table's shared lock, copying nothing (the live
  // counts in it are the last persisted ones). `read` must not call back into the table.
  void ReadDescription(const std::function<void(const TableDescription&)>& read) const;
  // Applies `mutate` to the description under the table's lock. A global secondary index that
  // appears is backfilled from the items already stored (items whose index key attributes have
  // the wrong type are skipped, as the service skips them) and maintained by every later write; a
  // DELETING or removed one stops being maintained and its entries are dropped.
  Status UpdateDescription(const std::function<void(TableDescription&)>& mutate);

  // Calls `visit` on every index that writes maintain now (every local one, every global one not
  // DELETING), in the description's order, until one fails. Reads the shared index snapshot, so it
  // copies nothing: request handlers use it on the hot path.
  Status VisitMaintainedIndexes(const std::function<Status(const SecondaryIndex&)>& visit) const;

  // The index key checks Write makes of a new item (table::CheckIndexKeys against every maintained
  // index; the first failure), for handlers that must report them before the write.
  Status CheckIndexKeys(const model::Item& item) const;

  // A copy of the local or global secondary index `index_name` (any status), or nullopt.
  std::optional<SecondaryIndex> FindIndex(std::string_view index_name) const;

  // REQUIRES: `key` holds exactly the key attributes (model::ValidateKeyArgument passed). Reads
  // `snapshot` when given (one consistent state across items and tables), else the latest state.
  Result<std::optional<model::Item>> GetItem(const model::Item& key,
                                             const storage::Snapshot* snapshot = nullptr) const;

  // Where the item with `key` is stored: unique across the tables of one store.
  std::string ItemStorageKey(const model::Item& key) const;

  // Read-modify-write of one item under its lock. An item a transaction holds in flight is refused
  // with TransactionConflictException. The new item's index key attributes are checked
  // (CheckIndexKeys) and, for tables with local secondary indexes, the item collection's size
  // limit; then the change (when there is one), with every index entry it adds, moves or removes
  // and the collection size record, is written in one atomic batch and announced to the sinks.
  Result<WriteResult> Write(const model::Item& key, const WriteFn& decide,
                            ChangeCause cause = ChangeCause::kUser);

  // The parts of Write, for a write of several items at once (table/atomic_write.h): the lock of
  // the item, the write decided and planned under it, and the bookkeeping once its batch is stored.
  class PreparedWrite;
  // The mutex a write of `key` holds (a stripe shared with other items; its address orders locks
  // across tables).
  std::mutex& ItemLock(const model::Item& key);
  // REQUIRES: ItemLock(key) held until Commit.
  Result<PreparedWrite> Prepare(const model::Item& key, const WriteFn& decide) const;
  // Dates the prepared change `time_micros` (every change of one atomic write has one time) and,
  // while point-in-time recovery is on, adds its change log record to its batch.
  void StampChange(PreparedWrite& prepared, int64_t time_micros);
  // After the prepared batch is stored: the live counters, and the change announced.
  void Commit(const PreparedWrite& prepared, ChangeCause cause,
              std::string_view transaction_id = {});

  // Turns point-in-time recovery on (with its recovery period; on an enabled table, just the
  // period) or off. On: every write made from now on is kept in the change log
  // (table/change_log.h), and the description's enabled_micros is a time after every write not
  // kept. Off: the change log is dropped. The caller persists the description.
  Status SetPointInTimeRecovery(bool enabled, int64_t recovery_period_days);

  // Fills a table nobody uses yet (a restore's target) with items, each with its index entries
  // and its share of its item collection's size, in large batches, announcing nothing.
  class BulkLoad;

  // Visits the entries of `range` (of the base table or one index keyspace) in key order, or in
  // reverse order when !forward, starting strictly after `start_after` (in the direction of travel)
  // when it is given, until `visit` returns false or fails, or the range ends. Reads one consistent
  // state of the store.
  Status VisitEntries(const KeyRange& range, const std::optional<std::string>& start_after,
                      bool forward, const EntryVisitor& visit) const;

  storage::KvStore* store() const { return store_; }

  // Sinks are registered by the engine at start-up, before any request.
  void AddChangeSink(std::shared_ptr<ChangeSink> sink);

  // Deletes every stored item, index entry and collection size record of this incarnation (after
  // DeleteTable).
  Status DropAllItems();

  // Recomputes the live item counts and sizes of the table and its indexes from storage, and
  // resumes the change log's sequence after its last record (when a persistent engine reopens).
  Status RecountItems();

 private:
  struct IndexCounters {
    std::atomic<int64_t> item_count{0};
    std::atomic<int64_t> size_bytes{0};
  };

  // One index every write maintains (every local one, and every global one not DELETING).
  struct MaintainedIndex {
    SecondaryIndex definition;
    // Live ItemCount and IndexSizeBytes, carried over when the snapshot is rebuilt.
    std::shared_ptr<IndexCounters> counters;
    // The backfill has not finished, so an item's entry may not be stored yet: a write looks up
    // the old entry before counting it as replaced or removed.
    bool backfilling = false;
  };

  // Immutable once published; a write holds it for its whole duration.
  using IndexSnapshot = std::vector<MaintainedIndex>;
  // How one write changes one index.
  struct IndexPlan;

  // The entry `item` has in `index`, or nullopt (no item, or no valid index key).
  std::optional<IndexEntry> EntryOf(const SecondaryIndex& index,
                                    const std::optional<model::Item>& item) const;
  // The key of the ItemLocks stripe a write of `storage_key` takes.
  std::string_view LockKey(std::string_view storage_key) const;
  std::shared_ptr<const IndexSnapshot> MaintainedIndexes() const;
  static Status CheckIndexKeysOf(const IndexSnapshot& indexes, const model::Item& item);
  void PublishIndexes(std::shared_ptr<const IndexSnapshot> indexes);

  Status PlanIndexWrites(const IndexSnapshot& indexes, WriteResult& result,
                         storage::WriteBatch& batch, std::vector<IndexPlan>& plans) const;
  Status PlanCollectionSize(const model::Item& key, const std::vector<IndexPlan>& plans,
                            WriteResult& result, storage::WriteBatch& batch) const;
  Result<int64_t> ReadCollectionSize(const model::Item& key) const;
  Result<PreparedWrite> PrepareAt(std::string storage_key, const model::Item& key,
                                  const WriteFn& decide) const;
  void Announce(const model::Item& key, const WriteResult& result, ChangeCause cause,
                std::string_view transaction_id, int64_t time_micros) const;

  // The indexes the description maintains: those of `current` carried over (counters and all),
  // others new and backfilling; with no `current` (construction), all taken as stored, with the
  // description's counts. REQUIRES: description_mutex_ held, or construction.
  std::shared_ptr<IndexSnapshot> BuildIndexes(const IndexSnapshot* current) const;
  // REQUIRES: description_mutex_ held.
  bool MaintainedSetChanged() const;
  // Publishes the indexes the description now maintains, then backfills the new ones and drops
  // the entries of the old ones.
  Status ReconcileIndexes();
  Status Backfill(const MaintainedIndex& index);
  Status BackfillBatch(const MaintainedIndex& index, const std::vector<std::string>& keys);

  storage::KvStore* const store_;
  const Clock* const clock_;
  const uint32_t table_id_;
  // A table incarnation keeps its region and name, so its announcements need no lock for them.
  const std::string region_;
  const std::string table_name_;
  const model::KeySchema key_schema_;
  const TableOptions options_;
  // Local secondary indexes are defined at CreateTable only, so this never changes. Their tables
  // keep a per-partition collection size record, so writes lock by partition.
  const bool has_local_indexes_;
  mutable std::shared_mutex description_mutex_;
  TableDescription description_;
  std::atomic<int64_t> item_count_{0};
  std::atomic<int64_t> size_bytes_{0};
  // False while no index is maintained: writes then never load indexes_.
  std::atomic<bool> maintains_indexes_{false};
  std::atomic<std::shared_ptr<const IndexSnapshot>> indexes_;
  // Serializes ReconcileIndexes (backfills and drops).
  std::mutex maintenance_mutex_;
  ItemLocks locks_;
  std::vector<std::shared_ptr<ChangeSink>> sinks_;
  // Point-in-time recovery is on: writes keep change log records.
  std::atomic<bool> logs_changes_{false};
  // Orders the change log records of one microsecond.
  std::atomic<uint64_t> next_change_sequence_{0};
};

// A write decided and planned under its item's lock, not yet stored.
class Table::PreparedWrite {
 public:
  PreparedWrite();
  PreparedWrite(PreparedWrite&&) noexcept;
  PreparedWrite& operator=(PreparedWrite&&) noexcept;
  ~PreparedWrite();

  const WriteResult& result() const { return result_; }

  WriteResult& result() { return result_; }

  // The item, its index entries and its collection size record as they change; empty when the
  // write changes nothing.
  const storage::WriteBatch& batch() const { return batch_; }

 private:
  friend class Table;

  model::Item key_;
  // Kept for the change log (point-in-time recovery on only).
  bool logged_ = false;
  std::string storage_key_;
  std::optional<std::string> old_bytes_;
  int64_t time_micros_ = 0;
  WriteResult result_;
  storage::WriteBatch batch_;
  std::shared_ptr<const IndexSnapshot> indexes_;
  std::vector<IndexPlan> plans_;
};

class Table::BulkLoad {
 public:
  explicit BulkLoad(Table& table);

  // `encoded_item`: an item as model::EncodeItem encodes it, with the table's key attributes.
  Status Add(std::string_view encoded_item);

  // Stores what is left and adds the items to the live counts.
  Status Finish();

 private:
  Status Flush();

  Table& table_;
  std::shared_ptr<const IndexSnapshot> indexes_;
  storage::WriteBatch batch_;
  // Item collection size record key -> bytes (tables with local secondary indexes).
  std::map<std::string, int64_t> collection_sizes_;
  int64_t item_count_ = 0;
  int64_t size_bytes_ = 0;
  // Per entry of indexes_: entries and bytes.
  std::vector<std::pair<int64_t, int64_t>> index_counts_;
};

}  // namespace dynafake::table
