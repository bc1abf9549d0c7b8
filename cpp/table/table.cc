#include "table/table.h"

#include <mutex>

#include "model/item_codec.h"
#include "table/keyspace.h"
#include "util/result.h"

namespace dynafake::table {
namespace {

int64_t SizeOf(const std::optional<model::Item>& item) {
  return item ? static_cast<int64_t>(model::ItemSize(*item)) : 0;
}

}  // namespace

Table::Table(storage::KvStore* store, const Clock* clock, TableDescription description)
    : store_(store),
      clock_(clock),
      table_id_(description.table_id),
      key_schema_(description.key_schema),
      description_(std::move(description)),
      item_count_(description_.item_count),
      size_bytes_(description_.table_size_bytes) {}

TableDescription Table::Describe() const {
  std::shared_lock lock(description_mutex_);
  TableDescription copy = description_;
  copy.item_count = item_count_.load(std::memory_order_relaxed);
  copy.table_size_bytes = size_bytes_.load(std::memory_order_relaxed);
  return copy;
}

void Table::UpdateDescription(const std::function<void(TableDescription&)>& mutate) {
  std::unique_lock lock(description_mutex_);
  mutate(description_);
}

std::string Table::ItemStorageKey(const model::Item& key) const {
  return ItemKey(table_id_, key_schema_, key);
}

Result<std::optional<model::Item>> Table::GetItem(const model::Item& key) const {
  DF_ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                      store_->Get(storage::ReadOptions{}, ItemStorageKey(key)));
  if (!bytes) {
    return std::optional<model::Item>();
  }
  DF_ASSIGN_OR_RETURN(model::Item item, model::DecodeItem(*bytes));
  return std::optional<model::Item>(std::move(item));
}

Result<WriteResult> Table::Write(const model::Item& key, const WriteFn& decide, ChangeCause cause) {
  const std::string storage_key = ItemStorageKey(key);
  std::lock_guard item_lock(locks_.For(storage_key));

  WriteResult result;
  DF_ASSIGN_OR_RETURN(std::optional<std::string> old_bytes,
                      store_->Get(storage::ReadOptions{}, storage_key));
  if (old_bytes) {
    DF_ASSIGN_OR_RETURN(result.old_item, model::DecodeItem(*old_bytes));
  }
  DF_ASSIGN_OR_RETURN(result.new_item, decide(result.old_item));
  result.old_size = SizeOf(result.old_item);
  result.new_size = SizeOf(result.new_item);

  // A write that changes nothing is not written and announces nothing (DynamoDB: no stream record
  // for an identical Put or a delete of a missing item).
  if (result.old_item == result.new_item) {
    return result;
  }
  storage::WriteBatch batch;
  if (result.new_item) {
    std::string bytes;
    model::EncodeItem(*result.new_item, &bytes);
    batch.Put(storage_key, bytes);
  } else {
    batch.Delete(storage_key);
  }
  DF_RETURN_IF_ERROR(store_->Write(storage::WriteOptions{}, batch));

  item_count_.fetch_add(static_cast<int64_t>(result.new_item.has_value()) -
                            static_cast<int64_t>(result.old_item.has_value()),
                        std::memory_order_relaxed);
  size_bytes_.fetch_add(result.new_size - result.old_size, std::memory_order_relaxed);

  if (!sinks_.empty()) {
    ChangeEvent event;
    event.table_id = table_id_;
    {
      std::shared_lock lock(description_mutex_);
      event.region = description_.region;
      event.table_name = description_.table_name;
    }
    event.keys = key;
    event.old_image = result.old_item;
    event.new_image = result.new_item;
    event.time_micros = clock_->NowMicros();
    event.cause = cause;
    for (const auto& sink : sinks_) {
      sink->OnCommit(event);
    }
  }
  return result;
}

void Table::AddChangeSink(std::shared_ptr<ChangeSink> sink) {
  sinks_.push_back(std::move(sink));
}

Status Table::RecountItems() {
  const std::string prefix = IndexPrefix(table_id_, kBaseIndexId);
  int64_t count = 0;
  int64_t size = 0;
  std::unique_ptr<storage::Iterator> it = store_->NewIterator(storage::ReadOptions{});
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    DF_ASSIGN_OR_RETURN(model::Item item, model::DecodeItem(it->value()));
    ++count;
    size += static_cast<int64_t>(model::ItemSize(item));
  }
  DF_RETURN_IF_ERROR(it->status());
  item_count_.store(count, std::memory_order_relaxed);
  size_bytes_.store(size, std::memory_order_relaxed);
  return Status::Ok();
}

Status Table::DropAllItems() {
  // Deletes in bounded batches so a large table never builds one huge batch in memory.
  constexpr size_t kBatchSize = 1000;
  const std::string prefix = IndexPrefix(table_id_, kBaseIndexId);
  while (true) {
    storage::WriteBatch batch;
    {
      std::unique_ptr<storage::Iterator> it = store_->NewIterator(storage::ReadOptions{});
      for (it->Seek(prefix);
           it->Valid() && it->key().starts_with(prefix) && batch.operations().size() < kBatchSize;
           it->Next()) {
        batch.Delete(it->key());
      }
      DF_RETURN_IF_ERROR(it->status());
    }
    if (batch.empty()) {
      break;
    }
    DF_RETURN_IF_ERROR(store_->Write(storage::WriteOptions{}, batch));
  }
  item_count_.store(0, std::memory_order_relaxed);
  size_bytes_.store(0, std::memory_order_relaxed);
  return Status::Ok();
}

}  // namespace dynafake::table
