#include "table/table.h"

#include <algorithm>
#include <mutex>

#include "model/item_codec.h"
#include "table/change_log.h"
#include "table/index.h"
#include "table/keyspace.h"
#include "util/coding.h"
#include "util/result.h"

namespace dynafake::table {
namespace {

// [table_id][index_id][partition hash]: every item of one partition shares these bytes.
constexpr size_t kPartitionLockKeySize = 16;

// DynamoDB ⚠: the one observed text of ItemCollectionSizeLimitExceededException; the service's
// own wording is not confirmed.
constexpr char kCollectionTooLarge[] = "Collection size exceeded.";

int64_t SizeOf(const std::optional<model::Item>& item) {
  return item ? static_cast<int64_t>(model::ItemSize(*item)) : 0;
}

}  // namespace

struct Table::IndexPlan {
  const MaintainedIndex* index = nullptr;
  bool had_entry = false;
  bool has_entry = false;
  int64_t old_size = 0;
  int64_t new_size = 0;
};

Table::Table(storage::KvStore* store, const Clock* clock, TableDescription description,
             TableOptions options)
    : store_(store),
      clock_(clock),
      table_id_(description.table_id),
      region_(description.region),
      table_name_(description.table_name),
      key_schema_(description.key_schema),
      options_(options),
      has_local_indexes_(!description.local_secondary_indexes.empty()),
      description_(std::move(description)),
      item_count_(description_.item_count),
      size_bytes_(description_.table_size_bytes),
      logs_changes_(description_.point_in_time_recovery.enabled) {
  // The indexes of the description are stored already (a new table is empty; a reopened one
  // recounts), so none needs a backfill.
  PublishIndexes(BuildIndexes(nullptr));
}

Status Table::CheckIndexKeysOf(const IndexSnapshot& indexes, const model::Item& item) {
  for (const MaintainedIndex& index : indexes) {
    DF_RETURN_IF_ERROR(table::CheckIndexKeys(index.definition, item));
  }
  return Status::Ok();
}

Status Table::VisitMaintainedIndexes(
    const std::function<Status(const SecondaryIndex&)>& visit) const {
  if (!maintains_indexes_.load(std::memory_order_acquire)) {
    return Status::Ok();
  }
  const std::shared_ptr<const IndexSnapshot> indexes = MaintainedIndexes();
  for (const MaintainedIndex& index : *indexes) {
    DF_RETURN_IF_ERROR(visit(index.definition));
  }
  return Status::Ok();
}

Status Table::CheckIndexKeys(const model::Item& item) const {
  if (!maintains_indexes_.load(std::memory_order_acquire)) {
    return Status::Ok();
  }
  return CheckIndexKeysOf(*MaintainedIndexes(), item);
}

std::shared_ptr<const Table::IndexSnapshot> Table::MaintainedIndexes() const {
  return indexes_.load(std::memory_order_acquire);
}

void Table::PublishIndexes(std::shared_ptr<const IndexSnapshot> indexes) {
  const bool any = !indexes->empty();
  indexes_.store(std::move(indexes), std::memory_order_release);
  maintains_indexes_.store(any, std::memory_order_release);
}

void Table::ReadDescription(const std::function<void(const TableDescription&)>& read) const {
  std::shared_lock lock(description_mutex_);
  read(description_);
}

TableDescription Table::Describe() const {
  std::shared_lock lock(description_mutex_);
  TableDescription copy = description_;
  copy.item_count = item_count_.load(std::memory_order_relaxed);
  copy.table_size_bytes = size_bytes_.load(std::memory_order_relaxed);
  if (!maintains_indexes_.load(std::memory_order_acquire)) {
    return copy;
  }
  const std::shared_ptr<const IndexSnapshot> indexes = MaintainedIndexes();
  for (auto* group : {&copy.local_secondary_indexes, &copy.global_secondary_indexes}) {
    for (SecondaryIndex& index : *group) {
      for (const MaintainedIndex& maintained : *indexes) {
        if (maintained.definition.index_id == index.index_id) {
          index.item_count = maintained.counters->item_count.load(std::memory_order_relaxed);
          index.index_size_bytes = maintained.counters->size_bytes.load(std::memory_order_relaxed);
        }
      }
    }
  }
  return copy;
}

std::optional<SecondaryIndex> Table::FindIndex(std::string_view index_name) const {
  std::shared_lock lock(description_mutex_);
  const SecondaryIndex* index = description_.FindIndex(index_name);
  return index ? std::optional<SecondaryIndex>(*index) : std::nullopt;
}

// An item with a wrong-typed or unsupported index key value (one the backfill skipped) has no
// entry either.
std::optional<IndexEntry> Table::EntryOf(const SecondaryIndex& index,
                                         const std::optional<model::Item>& item) const {
  if (!item || !table::CheckIndexKeys(index, *item).ok()) {
    return std::nullopt;
  }
  return MakeIndexEntry(table_id_, key_schema_, index, *item);
}

std::string Table::ItemStorageKey(const model::Item& key) const {
  return ItemKey(table_id_, key_schema_, key);
}

std::string_view Table::LockKey(std::string_view storage_key) const {
  return has_local_indexes_ ? storage_key.substr(0, kPartitionLockKeySize) : storage_key;
}

Result<std::optional<model::Item>> Table::GetItem(const model::Item& key,
                                                  const storage::Snapshot* snapshot) const {
  DF_ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                      store_->Get(storage::ReadOptions{snapshot}, ItemStorageKey(key)));
  if (!bytes) {
    return std::optional<model::Item>();
  }
  DF_ASSIGN_OR_RETURN(model::Item item, model::DecodeItem(*bytes));
  return std::optional<model::Item>(std::move(item));
}

Table::PreparedWrite::PreparedWrite() = default;
Table::PreparedWrite::PreparedWrite(PreparedWrite&&) noexcept = default;
Table::PreparedWrite& Table::PreparedWrite::operator=(PreparedWrite&&) noexcept = default;
Table::PreparedWrite::~PreparedWrite() = default;

std::mutex& Table::ItemLock(const model::Item& key) {
  return locks_.For(LockKey(ItemStorageKey(key)));
}

Result<WriteResult> Table::Write(const model::Item& key, const WriteFn& decide, ChangeCause cause) {
  std::string storage_key = ItemStorageKey(key);
  std::lock_guard item_lock(locks_.For(LockKey(storage_key)));
  if (options_.in_flight_writes != nullptr && options_.in_flight_writes->IsClaimed(storage_key)) {
    // DynamoDB: the item is part of a transaction in flight
    // (conformance/test_transaction_conflicts.py::test_single_item_write_conflicts).
    return Status(ErrorCode::kTransactionConflict, "Transaction is ongoing for the item");
  }
  DF_ASSIGN_OR_RETURN(PreparedWrite prepared, PrepareAt(std::move(storage_key), key, decide));
  if (!prepared.batch_.empty()) {
    StampChange(prepared, clock_->NowMicros());
    DF_RETURN_IF_ERROR(store_->Write(storage::WriteOptions{}, prepared.batch_));
    Commit(prepared, cause);
  }
  return std::move(prepared.result_);
}

Result<Table::PreparedWrite> Table::Prepare(const model::Item& key, const WriteFn& decide) const {
  return PrepareAt(ItemStorageKey(key), key, decide);
}

Result<Table::PreparedWrite> Table::PrepareAt(std::string storage_key, const model::Item& key,
                                              const WriteFn& decide) const {
  PreparedWrite prepared;
  // Loaded under the item lock: ReconcileIndexes waits for every lock holder after publishing, so
  // a write that saw the previous indexes has committed before a backfill or drop begins.
  if (maintains_indexes_.load(std::memory_order_acquire)) {
    prepared.indexes_ = MaintainedIndexes();
  }
  const IndexSnapshot* indexes = prepared.indexes_.get();

  WriteResult& result = prepared.result_;
  DF_ASSIGN_OR_RETURN(std::optional<std::string> old_bytes,
                      store_->Get(storage::ReadOptions{}, storage_key));
  if (old_bytes) {
    DF_ASSIGN_OR_RETURN(result.old_item, model::DecodeItem(*old_bytes));
  }
  DF_ASSIGN_OR_RETURN(result.new_item, decide(result.old_item));
  result.old_size = SizeOf(result.old_item);
  result.new_size = SizeOf(result.new_item);
  if (indexes && result.new_item) {
    DF_RETURN_IF_ERROR(CheckIndexKeysOf(*indexes, *result.new_item));
  }

  // A write that changes nothing is not written and announces nothing (DynamoDB: no stream record
  // for an identical Put or a delete of a missing item).
  if (result.old_item == result.new_item) {
    if (has_local_indexes_) {
      DF_ASSIGN_OR_RETURN(result.item_collection_size, ReadCollectionSize(key));
    }
    return prepared;
  }
  prepared.key_ = key;
  if (logs_changes_.load(std::memory_order_acquire)) {
    prepared.logged_ = true;
    prepared.storage_key_ = storage_key;
    prepared.old_bytes_ = std::move(old_bytes);
  }
  storage::WriteBatch& batch = prepared.batch_;
  if (result.new_item) {
    std::string bytes;
    model::EncodeItem(*result.new_item, &bytes);
    batch.Put(storage_key, bytes);
  } else {
    batch.Delete(storage_key);
  }
  if (indexes) {
    DF_RETURN_IF_ERROR(PlanIndexWrites(*indexes, result, batch, prepared.plans_));
    if (has_local_indexes_) {
      DF_RETURN_IF_ERROR(PlanCollectionSize(key, prepared.plans_, result, batch));
    }
  }
  return prepared;
}

void Table::StampChange(PreparedWrite& prepared, int64_t time_micros) {
  prepared.time_micros_ = time_micros;
  if (!prepared.logged_ || prepared.batch_.empty()) {
    return;
  }
  prepared.batch_.Put(ChangeLogKey(table_id_, time_micros,
                                   next_change_sequence_.fetch_add(1, std::memory_order_relaxed)),
                      EncodeChangeRecord(prepared.storage_key_,
                                         prepared.old_bytes_ ? &*prepared.old_bytes_ : nullptr));
}

void Table::Commit(const PreparedWrite& prepared, ChangeCause cause,
                   std::string_view transaction_id) {
  if (prepared.batch_.empty()) {
    return;
  }
  const WriteResult& result = prepared.result_;
  item_count_.fetch_add(static_cast<int64_t>(result.new_item.has_value()) -
                            static_cast<int64_t>(result.old_item.has_value()),
                        std::memory_order_relaxed);
  size_bytes_.fetch_add(result.new_size - result.old_size, std::memory_order_relaxed);
  for (const IndexPlan& plan : prepared.plans_) {
    IndexCounters& counters = *plan.index->counters;
    counters.item_count.fetch_add(
        static_cast<int64_t>(plan.has_entry) - static_cast<int64_t>(plan.had_entry),
        std::memory_order_relaxed);
    counters.size_bytes.fetch_add(plan.new_size - plan.old_size, std::memory_order_relaxed);
  }
  Announce(prepared.key_, result, cause, transaction_id, prepared.time_micros_);
}

// Adds each index's entry changes to `batch` and reports the changed entries in `result`.
Status Table::PlanIndexWrites(const IndexSnapshot& indexes, WriteResult& result,
                              storage::WriteBatch& batch, std::vector<IndexPlan>& plans) const {
  plans.reserve(indexes.size());
  for (const MaintainedIndex& index : indexes) {
    const SecondaryIndex& definition = index.definition;
    std::optional<IndexEntry> old_entry = EntryOf(definition, result.old_item);
    std::optional<IndexEntry> new_entry = EntryOf(definition, result.new_item);
    if (old_entry && index.backfilling) {
      DF_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                          store_->Get(storage::ReadOptions{}, old_entry->storage_key));
      if (!stored) {
        old_entry.reset();  // the backfill has not reached this item yet
      }
    }
    const bool key_changed =
        old_entry && new_entry && old_entry->storage_key != new_entry->storage_key;
    const bool changed = old_entry.has_value() != new_entry.has_value() || key_changed ||
                         (old_entry && old_entry->item != new_entry->item);
    IndexPlan& plan = plans.emplace_back();
    plan.index = &index;
    plan.had_entry = old_entry.has_value();
    plan.has_entry = new_entry.has_value();
    plan.old_size = old_entry ? old_entry->size : 0;
    plan.new_size = new_entry ? new_entry->size : 0;
    if (!changed) {
      continue;
    }
    if (old_entry && (!new_entry || key_changed)) {
      batch.Delete(old_entry->storage_key);
    }
    if (new_entry) {
      std::string bytes;
      model::EncodeItem(new_entry->item, &bytes);
      batch.Put(new_entry->storage_key, bytes);
    }
    result.index_writes.push_back(
        {definition.index_name, definition.global, plan.old_size, plan.new_size, key_changed});
  }
  return Status::Ok();
}

Status Table::PlanCollectionSize(const model::Item& key, const std::vector<IndexPlan>& plans,
                                 WriteResult& result, storage::WriteBatch& batch) const {
  int64_t growth = result.new_size - result.old_size;
  for (const IndexPlan& plan : plans) {
    if (!plan.index->definition.global) {
      growth += (plan.has_entry ? plan.new_size + kIndexEntryOverhead : 0) -
                (plan.had_entry ? plan.old_size + kIndexEntryOverhead : 0);
    }
  }
  DF_ASSIGN_OR_RETURN(const int64_t current, ReadCollectionSize(key));
  const int64_t after = std::max<int64_t>(current + growth, 0);
  // DynamoDB: only writes that grow a collection past the limit fail; shrinking ones still pass.
  if (growth > 0 && after > options_.item_collection_size_limit_bytes) {
    return ItemCollectionSizeLimitExceeded(kCollectionTooLarge);
  }
  const std::string record_key = ItemCollectionSizeKey(table_id_, key.at(key_schema_.hash.name));
  if (after == 0) {
    batch.Delete(record_key);
  } else {
    std::string bytes;
    util::PutFixed64BigEndian(&bytes, static_cast<uint64_t>(after));
    batch.Put(record_key, bytes);
  }
  result.item_collection_size = after;
  return Status::Ok();
}

Result<int64_t> Table::ReadCollectionSize(const model::Item& key) const {
  DF_ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                      store_->Get(storage::ReadOptions{},
                                  ItemCollectionSizeKey(table_id_, key.at(key_schema_.hash.name))));
  if (!bytes) {
    return int64_t{0};
  }
  std::string_view input = *bytes;
  uint64_t size = 0;
  if (!util::GetFixed64BigEndian(&input, &size) || !input.empty()) {
    return InternalError("Corrupt item collection size record");
  }
  return static_cast<int64_t>(size);
}

void Table::Announce(const model::Item& key, const WriteResult& result, ChangeCause cause,
                     std::string_view transaction_id, int64_t time_micros) const {
  if (sinks_.empty()) {
    return;
  }
  ChangeEvent event;
  event.table_id = table_id_;
  event.region = region_;
  event.table_name = table_name_;
  event.keys = &key;
  event.old_image = result.old_item ? &*result.old_item : nullptr;
  event.new_image = result.new_item ? &*result.new_item : nullptr;
  event.old_size = result.old_size;
  event.new_size = result.new_size;
  event.time_micros = time_micros;
  event.cause = cause;
  event.transaction_id = transaction_id;
  for (const auto& sink : sinks_) {
    sink->OnCommit(event);
  }
}

Status Table::VisitEntries(const KeyRange& range, const std::optional<std::string>& start_after,
                           bool forward, const EntryVisitor& visit) const {
  const std::shared_ptr<const storage::Snapshot> snapshot = store_->GetSnapshot();
  storage::ReadOptions options;
  options.snapshot = snapshot.get();
  std::unique_ptr<storage::Iterator> it = store_->NewIterator(options);
  if (forward) {
    if (start_after && *start_after >= range.lower) {
      it->Seek(*start_after);
      if (it->Valid() && it->key() == *start_after) {
        it->Next();
      }
    } else {
      it->Seek(range.lower);
    }
  } else {
    // The exclusive end of the travel: the range's upper bound or start_after, the smaller.
    std::optional<std::string_view> end;
    if (!range.upper.empty()) {
      end = range.upper;
    }
    if (start_after && (!end || *start_after < *end)) {
      end = *start_after;
    }
    if (end) {
      it->SeekForPrev(*end);
      if (it->Valid() && it->key() >= *end) {
        it->Prev();
      }
    } else {
      it->SeekToLast();
    }
  }
  while (it->Valid()) {
    const std::string_view key = it->key();
    if (forward ? !BelowUpper(key, range) : key < range.lower) {
      break;
    }
    DF_ASSIGN_OR_RETURN(const bool more, visit(key, it->value()));
    if (!more) {
      break;
    }
    if (forward) {
      it->Next();
    } else {
      it->Prev();
    }
  }
  return it->status();
}

void Table::AddChangeSink(std::shared_ptr<ChangeSink> sink) {
  sinks_.push_back(std::move(sink));
}

}  // namespace dynafake::table
