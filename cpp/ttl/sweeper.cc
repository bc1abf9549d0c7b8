#include "ttl/sweeper.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/item_codec.h"
#include "table/keyspace.h"
#include "ttl/time_to_live.h"
#include "util/result.h"

namespace dynafake::ttl {
namespace {

// A sweep reads a table this many entries at a time, each run from a fresh view of the store, and
// deletes the expired ones it found before reading on: no snapshot or lock is held across a whole
// big table, and writers are never kept waiting for long.
constexpr size_t kEntriesPerPage = 1000;

// The key attributes of `item`. REQUIRES: `item` is a stored item of a table keyed by `schema`.
model::Item KeyOf(const model::Item& item, const model::KeySchema& schema) {
  model::Item key;
  for (const model::KeyAttribute* attribute :
       {&schema.hash, schema.range ? &*schema.range : nullptr}) {
    if (attribute == nullptr) {
      continue;
    }
    auto it = item.find(attribute->name);
    if (it != item.end()) {
      key.emplace(it->first, it->second);
    }
  }
  return key;
}

}  // namespace

table::WriteFn DeleteIfExpired(ExpiryCheck expiry, std::string attribute) {
  return [expiry = std::move(expiry), attribute = std::move(attribute)](
             const std::optional<model::Item>& old_item) -> Result<std::optional<model::Item>> {
    if (old_item && expiry.IsExpired(*old_item, attribute)) {
      return std::optional<model::Item>();
    }
    return old_item;
  };
}

Sweeper::Sweeper(table::Catalog* catalog, const Clock* clock, int64_t interval_micros)
    : catalog_(catalog),
      clock_(clock),
      interval_micros_(interval_micros),
      next_due_micros_(clock->NowMicros() + interval_micros) {}

bool Sweeper::Due() const {
  const int64_t now = clock_->NowMicros();
  const int64_t next_due = next_due_micros_.load(std::memory_order_acquire);
  // A clock set back (a test freezing it in the past) would leave the next sweep far ahead: the
  // schedule restarts from the clock's new time instead.
  return now >= next_due || next_due - now > interval_micros_;
}

void Sweeper::RunDue() {
  if (interval_micros_ <= 0 || !Due()) {
    return;
  }
  std::unique_lock lock(sweep_mutex_, std::try_to_lock);
  if (!lock.owns_lock()) {
    return;  // the sweep under way covers this due time
  }
  // Another thread may have swept since the first look.
  if (!Due()) {
    return;
  }
  // Nowhere to report a failure: what was left is met again at the next sweep.
  (void)SweepLocked();
}

Result<int64_t> Sweeper::Sweep() {
  std::lock_guard lock(sweep_mutex_);
  return SweepLocked();
}

Result<int64_t> Sweeper::SweepLocked() {
  const int64_t now = clock_->NowMicros();
  // Scheduled from the sweep's start: a clock moved on by hours runs one sweep, not one per
  // interval it skipped.
  next_due_micros_.store(now + interval_micros_, std::memory_order_release);
  int64_t deleted = 0;
  Status first_failure;
  for (const std::shared_ptr<table::Table>& table : catalog_->Tables()) {
    Result<int64_t> swept = SweepTable(*table, now);
    if (swept.has_value()) {
      deleted += swept.value();
    } else if (first_failure.ok()) {
      first_failure = swept.error();
    }
  }
  if (!first_failure.ok()) {
    return first_failure;
  }
  return deleted;
}

Result<int64_t> Sweeper::SweepTable(table::Table& table, int64_t now_micros) {
  bool enabled = false;
  bool settled = false;
  std::string attribute;
  DF_RETURN_IF_ERROR(table.UpdateDescription([&](table::TableDescription& d) {
    if (d.table_status != table::TableStatus::kActive &&
        d.table_status != table::TableStatus::kUpdating) {
      return;  // a table being created has no items yet; one being deleted loses them all
    }
    settled = CompleteTimeToLiveTransition(d.time_to_live, now_micros);
    enabled = d.time_to_live.status == table::TimeToLiveStatus::kEnabled;
    if (enabled) {
      attribute = d.time_to_live.attribute_name;
    }
  }));
  if (settled) {
    // Best effort: the transition completes from the clock again if this write is lost.
    (void)catalog_->Persist(table);
  }
  // Only an ENABLED setting deletes: while ENABLING nothing expires yet
  // (conformance/test_time_to_live.py::test_nothing_expires_while_enabling).
  if (!enabled) {
    return 0;
  }

  const ExpiryCheck expiry(now_micros);
  const model::KeySchema& schema = table.key_schema();
  const table::KeyRange range = table::WholeIndexRange(table.table_id(), table::kBaseIndexId);
  const table::WriteFn decide = DeleteIfExpired(expiry, attribute);

  int64_t deleted = 0;
  std::optional<std::string> start_after;
  while (true) {
    std::vector<model::Item> expired_keys;
    size_t visited = 0;
    DF_RETURN_IF_ERROR(table.VisitEntries(
        range, start_after, /*forward=*/true,
        [&](std::string_view storage_key, std::string_view encoded) -> Result<bool> {
          ++visited;
          if (expiry.IsEncodedItemExpired(encoded, attribute)) {
            DF_ASSIGN_OR_RETURN(model::Item item, model::DecodeItem(encoded));
            expired_keys.push_back(KeyOf(item, schema));
          }
          if (visited == kEntriesPerPage) {
            start_after = std::string(storage_key);
            return false;
          }
          return true;
        }));
    for (const model::Item& key : expired_keys) {
      Result<table::WriteResult> written = table.Write(key, decide, table::ChangeCause::kTtl);
      if (!written.has_value()) {
        // An item a transaction holds in flight is left for the next sweep.
        if (written.error().code() == ErrorCode::kTransactionConflict) {
          continue;
        }
        return written.error();
      }
      if (written->old_item && !written->new_item) {
        ++deleted;
      }
    }
    if (visited < kEntriesPerPage) {
      return deleted;
    }
  }
}

}  // namespace dynafake::ttl
