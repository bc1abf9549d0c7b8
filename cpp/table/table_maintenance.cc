// Table's index maintenance: which indexes writes maintain, their backfill and drop when that
// set changes, and the whole-table passes (recount, drop).
#include <algorithm>
#include <mutex>

#include "model/item_codec.h"
#include "table/change_log.h"
#include "table/delete_range.h"
#include "table/index.h"
#include "table/keyspace.h"
#include "table/table.h"
#include "util/coding.h"
#include "util/result.h"

namespace dynafake::table {
namespace {

// Calls `visit` on each index of `description` that writes maintain, in a fixed order.
template <typename Visit>
void ForEachMaintained(const TableDescription& description, Visit visit) {
  for (const SecondaryIndex& index : description.local_secondary_indexes) {
    visit(index);
  }
  for (const SecondaryIndex& index : description.global_secondary_indexes) {
    // DynamoDB: a DELETING index is no longer written to; its entries are dropped.
    if (index.index_status != IndexStatus::kDeleting) {
      visit(index);
    }
  }
}

}  // namespace

Status Table::UpdateDescription(const std::function<void(TableDescription&)>& mutate) {
  {
    std::unique_lock lock(description_mutex_);
    mutate(description_);
    if (!MaintainedSetChanged()) {
      return Status::Ok();
    }
  }
  return ReconcileIndexes();
}

std::shared_ptr<Table::IndexSnapshot> Table::BuildIndexes(const IndexSnapshot* current) const {
  auto next = std::make_shared<IndexSnapshot>();
  ForEachMaintained(description_, [&](const SecondaryIndex& index) {
    if (current == nullptr) {
      auto counters = std::make_shared<IndexCounters>();
      counters->item_count.store(index.item_count, std::memory_order_relaxed);
      counters->size_bytes.store(index.index_size_bytes, std::memory_order_relaxed);
      next->push_back({index, std::move(counters), false});
      return;
    }
    for (const MaintainedIndex& kept : *current) {
      if (kept.definition.index_id == index.index_id) {
        next->push_back(kept);
        return;
      }
    }
    next->push_back({index, std::make_shared<IndexCounters>(), true});
  });
  return next;
}

// Called on every catalog lookup, so cheap when nothing changed: ids only (an index's key schema
// and projection never change, and ids are never reused).
bool Table::MaintainedSetChanged() const {
  size_t count = 0;
  ForEachMaintained(description_, [&count](const SecondaryIndex&) { ++count; });
  if (count == 0 && !maintains_indexes_.load(std::memory_order_acquire)) {
    return false;
  }
  const std::shared_ptr<const IndexSnapshot> indexes = MaintainedIndexes();
  if (indexes->size() != count) {
    return true;
  }
  size_t position = 0;
  bool changed = false;
  ForEachMaintained(description_, [&](const SecondaryIndex& index) {
    changed = changed || (*indexes)[position++].definition.index_id != index.index_id;
  });
  return changed;
}

Status Table::ReconcileIndexes() {
  std::lock_guard maintenance(maintenance_mutex_);
  std::vector<uint32_t> removed;
  std::shared_ptr<const IndexSnapshot> published;
  {
    std::unique_lock lock(description_mutex_);
    const std::shared_ptr<const IndexSnapshot> current = MaintainedIndexes();
    std::shared_ptr<IndexSnapshot> next = BuildIndexes(current.get());
    for (const MaintainedIndex& old : *current) {
      if (std::none_of(next->begin(), next->end(), [&old](const MaintainedIndex& index) {
            return index.definition.index_id == old.definition.index_id;
          })) {
        removed.push_back(old.definition.index_id);
      }
    }
    published = next;
    PublishIndexes(std::move(next));
  }
  // Every write that loaded the previous indexes has committed once this returns; later writes
  // maintain the new ones, so the backfill only has to cover what is already stored.
  locks_.AwaitHolders();
  for (uint32_t index_id : removed) {
    DF_RETURN_IF_ERROR(DeleteKeyRange(*store_, WholeIndexRange(table_id_, index_id)));
  }
  bool backfilled = false;
  for (const MaintainedIndex& index : *published) {
    if (index.backfilling) {
      DF_RETURN_IF_ERROR(Backfill(index));
      backfilled = true;
    }
  }
  if (backfilled) {
    std::unique_lock lock(description_mutex_);
    auto done = std::make_shared<IndexSnapshot>(*MaintainedIndexes());
    for (MaintainedIndex& index : *done) {
      index.backfilling = false;
    }
    PublishIndexes(std::move(done));
  }
  return Status::Ok();
}

// Visits the base items in bounded batches; each batch is read again and indexed under its items'
// locks, so a concurrent write of one of them is either before (and seen) or after (and indexes
// the item itself).
Status Table::Backfill(const MaintainedIndex& index) {
  // Small, because a batch holds the stripes of all its items at once (and ThreadSanitizer tracks
  // at most 64 locks held by one thread).
  constexpr size_t kBatchSize = 32;
  const KeyRange base = WholeIndexRange(table_id_, kBaseIndexId);
  std::string resume = base.lower;
  while (true) {
    std::vector<std::string> keys;
    {
      std::unique_ptr<storage::Iterator> it = store_->NewIterator(storage::ReadOptions{});
      for (it->Seek(resume); it->Valid() && BelowUpper(it->key(), base) && keys.size() < kBatchSize;
           it->Next()) {
        keys.emplace_back(it->key());
      }
      DF_RETURN_IF_ERROR(it->status());
    }
    if (keys.empty()) {
      return Status::Ok();
    }
    resume = keys.back() + '\0';  // the smallest key after the last one
    DF_RETURN_IF_ERROR(BackfillBatch(index, keys));
  }
}

Status Table::BackfillBatch(const MaintainedIndex& index, const std::vector<std::string>& keys) {
  std::vector<std::string> lock_keys;
  lock_keys.reserve(keys.size());
  for (const std::string& key : keys) {
    lock_keys.emplace_back(LockKey(key));
  }
  const auto locks = locks_.LockAll(lock_keys);
  storage::WriteBatch batch;
  int64_t count = 0;
  int64_t size = 0;
  for (const std::string& key : keys) {
    DF_ASSIGN_OR_RETURN(std::optional<std::string> bytes, store_->Get(storage::ReadOptions{}, key));
    if (!bytes) {
      continue;  // deleted since it was listed
    }
    DF_ASSIGN_OR_RETURN(model::Item item, model::DecodeItem(*bytes));
    // DynamoDB: items already stored whose index key values have the wrong type or are not
    // supported (empty, too large) are skipped silently by the backfill.
    std::optional<IndexEntry> entry = EntryOf(index.definition, item);
    if (!entry) {
      continue;
    }
    DF_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                        store_->Get(storage::ReadOptions{}, entry->storage_key));
    if (stored) {
      continue;  // written (and counted) by a write since the index appeared
    }
    std::string entry_bytes;
    model::EncodeItem(entry->item, &entry_bytes);
    batch.Put(entry->storage_key, entry_bytes);
    ++count;
    size += entry->size;
  }
  if (batch.empty()) {
    return Status::Ok();
  }
  DF_RETURN_IF_ERROR(store_->Write(storage::WriteOptions{}, batch));
  index.counters->item_count.fetch_add(count, std::memory_order_relaxed);
  index.counters->size_bytes.fetch_add(size, std::memory_order_relaxed);
  return Status::Ok();
}

// One pass over every keyspace of the table: base items, then each index's entries.
Status Table::RecountItems() {
  const std::shared_ptr<const IndexSnapshot> indexes = MaintainedIndexes();
  // [0]: the base table; [i + 1]: (*indexes)[i].
  std::vector<std::pair<int64_t, int64_t>> counts(indexes->size() + 1);
  auto slot = [&](uint32_t index_id) -> std::pair<int64_t, int64_t>* {
    if (index_id == kBaseIndexId) {
      return &counts[0];
    }
    for (size_t i = 0; i < indexes->size(); ++i) {
      if ((*indexes)[i].definition.index_id == index_id) {
        return &counts[i + 1];
      }
    }
    return nullptr;  // collection size records, or entries of an index no longer maintained
  };
  const std::string prefix = TablePrefix(table_id_);
  std::unique_ptr<storage::Iterator> it = store_->NewIterator(storage::ReadOptions{});
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string_view rest = it->key().substr(prefix.size());
    uint32_t index_id = 0;
    std::pair<int64_t, int64_t>* count =
        util::GetFixed32BigEndian(&rest, &index_id) ? slot(index_id) : nullptr;
    if (count == nullptr) {
      continue;
    }
    DF_ASSIGN_OR_RETURN(model::Item item, model::DecodeItem(it->value()));
    ++count->first;
    count->second += static_cast<int64_t>(model::ItemSize(item));
  }
  DF_RETURN_IF_ERROR(it->status());
  // The change log's keys hold its sequence after the time, so resuming after the largest one
  // never reuses the key of a record already kept, whatever the clock says.
  const KeyRange change_log = WholeChangeLogRange(table_id_);
  std::unique_ptr<storage::Iterator> last = store_->NewIterator(storage::ReadOptions{});
  last->SeekForPrev(change_log.upper);
  if (last->Valid() && last->key() >= change_log.lower && last->key() < change_log.upper) {
    DF_ASSIGN_OR_RETURN(ChangeRecord record, DecodeChangeRecord(last->key(), last->value()));
    next_change_sequence_.store(record.sequence + 1, std::memory_order_relaxed);
  }
  DF_RETURN_IF_ERROR(last->status());
  item_count_.store(counts[0].first, std::memory_order_relaxed);
  size_bytes_.store(counts[0].second, std::memory_order_relaxed);
  for (size_t i = 0; i < indexes->size(); ++i) {
    (*indexes)[i].counters->item_count.store(counts[i + 1].first, std::memory_order_relaxed);
    (*indexes)[i].counters->size_bytes.store(counts[i + 1].second, std::memory_order_relaxed);
  }
  return Status::Ok();
}

Status Table::SetPointInTimeRecovery(bool enabled, int64_t recovery_period_days) {
  std::lock_guard maintenance(maintenance_mutex_);
  const bool was_enabled = logs_changes_.exchange(enabled, std::memory_order_acq_rel);
  if (enabled && !was_enabled) {
    // Every write that decided without the log has committed once this returns, so every change
    // after the time taken below is in the log.
    locks_.AwaitHolders();
  }
  if (!enabled && was_enabled) {
    locks_.AwaitHolders();
    DF_RETURN_IF_ERROR(DeleteKeyRange(*store_, WholeChangeLogRange(table_id_)));
  }
  const int64_t now = clock_->NowMicros();
  std::unique_lock lock(description_mutex_);
  PointInTimeRecovery& pitr = description_.point_in_time_recovery;
  pitr.enabled = enabled;
  if (enabled) {
    pitr.recovery_period_days = recovery_period_days;
    if (!was_enabled) {
      pitr.enabled_micros = now;
    }
  }
  return Status::Ok();
}

Status Table::DropAllItems() {
  DF_RETURN_IF_ERROR(DeleteKeyRange(*store_, WholeTableRange(table_id_)));
  item_count_.store(0, std::memory_order_relaxed);
  size_bytes_.store(0, std::memory_order_relaxed);
  for (const MaintainedIndex& index : *MaintainedIndexes()) {
    index.counters->item_count.store(0, std::memory_order_relaxed);
    index.counters->size_bytes.store(0, std::memory_order_relaxed);
  }
  return Status::Ok();
}

Table::BulkLoad::BulkLoad(Table& table) : table_(table), indexes_(table.MaintainedIndexes()) {
  index_counts_.resize(indexes_->size());
}

Status Table::BulkLoad::Add(std::string_view encoded_item) {
  DF_ASSIGN_OR_RETURN(model::Item item, model::DecodeItem(encoded_item));
  const int64_t size = static_cast<int64_t>(model::ItemSize(item));
  batch_.Put(table_.ItemStorageKey(item), encoded_item);
  ++item_count_;
  size_bytes_ += size;
  int64_t collection_growth = size;
  for (size_t i = 0; i < indexes_->size(); ++i) {
    const SecondaryIndex& index = (*indexes_)[i].definition;
    std::optional<IndexEntry> entry = table_.EntryOf(index, item);
    if (!entry) {
      continue;
    }
    std::string bytes;
    model::EncodeItem(entry->item, &bytes);
    batch_.Put(entry->storage_key, bytes);
    ++index_counts_[i].first;
    index_counts_[i].second += entry->size;
    if (!index.global) {
      collection_growth += entry->size + kIndexEntryOverhead;
    }
  }
  if (table_.has_local_indexes_) {
    collection_sizes_[ItemCollectionSizeKey(
        table_.table_id_, item.at(table_.key_schema_.hash.name))] += collection_growth;
  }
  constexpr size_t kBatchSize = 1000;
  return batch_.operations().size() >= kBatchSize ? Flush() : Status::Ok();
}

Status Table::BulkLoad::Flush() {
  if (batch_.empty()) {
    return Status::Ok();
  }
  DF_RETURN_IF_ERROR(table_.store_->Write(storage::WriteOptions{}, batch_));
  batch_ = storage::WriteBatch();
  return Status::Ok();
}

Status Table::BulkLoad::Finish() {
  for (const auto& [key, size] : collection_sizes_) {
    std::string bytes;
    util::PutFixed64BigEndian(&bytes, static_cast<uint64_t>(size));
    batch_.Put(key, bytes);
  }
  DF_RETURN_IF_ERROR(Flush());
  table_.item_count_.fetch_add(item_count_, std::memory_order_relaxed);
  table_.size_bytes_.fetch_add(size_bytes_, std::memory_order_relaxed);
  for (size_t i = 0; i < indexes_->size(); ++i) {
    (*indexes_)[i].counters->item_count.fetch_add(index_counts_[i].first,
                                                  std::memory_order_relaxed);
    (*indexes_)[i].counters->size_bytes.fetch_add(index_counts_[i].second,
                                                  std::memory_order_relaxed);
  }
  return Status::Ok();
}

}  // namespace dynafake::table
