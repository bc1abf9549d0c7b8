#include "backup/backups.h"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "dynafake/clock.h"

#include "backup/backup_codec.h"
#include "model/item_codec.h"
#include "table/change_log.h"
#include "table/delete_range.h"
#include "table/keyspace.h"
#include "util/coding.h"
#include "util/result.h"
#include "util/uuid.h"

namespace dynafake::backup {
namespace {

// Change logs are trimmed at most this often (engine clock): retention is in days.
constexpr int64_t kTrimIntervalMicros = kMicrosPerMinute;
constexpr size_t kCopyBatchSize = 1000;

std::string BackupRecordKey(std::string_view backup_arn) {
  std::string key = table::SystemKey(table::kBackupRecordKind);
  key += backup_arn;
  return key;
}

// DynamoDB: <table ARN>/backup/<epoch milliseconds as 14 digits>-<8 hex digits>
// (conformance/test_backups.py::test_create_backup_answers_details).
std::string NewBackupArn(const std::string& table_arn, int64_t now_micros) {
  char millis[32];
  std::snprintf(millis, sizeof(millis), "%014lld", static_cast<long long>(now_micros / 1000));
  return table_arn + "/backup/" + millis + "-" + util::NewUuid().substr(0, 8);
}

Status BackupInUse(std::string_view backup_arn) {
  return Status(ErrorCode::kBackupInUse,
                "Backup is being used by another operation: " + std::string(backup_arn));
}

}  // namespace

Status BackupNotFound(std::string_view backup_arn) {
  return Status(ErrorCode::kBackupNotFound, "Backup not found: " + std::string(backup_arn));
}

Backups::Backups(storage::KvStore* store, table::Catalog* catalog, const Clock* clock,
                 int64_t transition_micros)
    : store_(store), catalog_(catalog), clock_(clock), transition_micros_(transition_micros) {}

Status Backups::Load() {
  std::lock_guard lock(mutex_);
  backups_.clear();
  const std::string prefix = table::SystemKey(table::kBackupRecordKind);
  std::unique_ptr<storage::Iterator> it = store_->NewIterator(storage::ReadOptions{});
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    DF_ASSIGN_OR_RETURN(Backup backup, DecodeBackup(it->value()));
    std::string arn = backup.backup_arn;
    backups_.emplace(std::move(arn), std::move(backup));
  }
  DF_RETURN_IF_ERROR(it->status());
  return DropOrphanKeyspaces();
}

// One seek per keyspace: the first key at or after each id tells the next id that has keys.
Status Backups::DropOrphanKeyspaces() {
  std::set<uint32_t> known;
  for (const std::shared_ptr<table::Table>& table : catalog_->Tables()) {
    known.insert(table->table_id());
  }
  for (const auto& [arn, backup] : backups_) {
    known.insert(backup.keyspace_id);
  }
  std::vector<uint32_t> orphans;
  {
    std::unique_ptr<storage::Iterator> it = store_->NewIterator(storage::ReadOptions{});
    for (it->Seek(table::TablePrefix(table::kSystemTableId + 1)); it->Valid();) {
      std::string_view key = it->key();
      uint32_t id = 0;
      if (!util::GetFixed32BigEndian(&key, &id) || id == UINT32_MAX) {
        break;
      }
      if (known.count(id) == 0) {
        orphans.push_back(id);
      }
      it->Seek(table::TablePrefix(id + 1));
    }
    DF_RETURN_IF_ERROR(it->status());
  }
  for (uint32_t id : orphans) {
    DF_RETURN_IF_ERROR(DeleteKeyspace(id));
  }
  return Status::Ok();
}

Status Backups::DeleteKeyspace(uint32_t keyspace_id) {
  return table::DeleteKeyRange(*store_, table::WholeTableRange(keyspace_id));
}

Result<Backup> Backups::Create(const table::TableDescription& source,
                               const storage::Snapshot* snapshot, std::string backup_name,
                               BackupType type, int64_t expiry_micros) {
  std::shared_ptr<const storage::Snapshot> own_snapshot;
  if (snapshot == nullptr) {
    own_snapshot = store_->GetSnapshot();
    snapshot = own_snapshot.get();
  }
  DF_ASSIGN_OR_RETURN(const uint32_t keyspace, catalog_->AllocateKeyspaceId());
  Backup backup;
  backup.keyspace_id = keyspace;
  // The base entries keep their keys after the table id, so the copy is the same keys under the
  // backup's keyspace id.
  const table::KeyRange range = table::WholeIndexRange(source.table_id, table::kBaseIndexId);
  const size_t table_prefix_size = table::TablePrefix(source.table_id).size();
  const std::string keyspace_prefix = table::TablePrefix(keyspace);
  storage::WriteBatch batch;
  std::unique_ptr<storage::Iterator> it = store_->NewIterator(storage::ReadOptions{snapshot});
  for (it->Seek(range.lower); it->Valid() && it->key() < range.upper; it->Next()) {
    DF_ASSIGN_OR_RETURN(model::Item item, model::DecodeItem(it->value()));
    ++backup.item_count;
    backup.size_bytes += static_cast<int64_t>(model::ItemSize(item));
    batch.Put(keyspace_prefix + std::string(it->key().substr(table_prefix_size)), it->value());
    if (batch.operations().size() >= kCopyBatchSize) {
      DF_RETURN_IF_ERROR(store_->Write(storage::WriteOptions{}, batch));
      batch = storage::WriteBatch();
    }
  }
  DF_RETURN_IF_ERROR(it->status());
  DF_RETURN_IF_ERROR(store_->Write(storage::WriteOptions{}, batch));

  const int64_t now = clock_->NowMicros();
  backup.backup_arn = NewBackupArn(source.table_arn, now);
  backup.backup_name = std::move(backup_name);
  backup.backup_type = type;
  backup.creation_micros = now;
  backup.available_micros = now + transition_micros_;
  backup.expiry_micros = expiry_micros;
  backup.source = source;
  backup.source.item_count = backup.item_count;
  backup.source.table_size_bytes = backup.size_bytes;
  DF_RETURN_IF_ERROR(Persist(backup));
  std::lock_guard lock(mutex_);
  backups_[backup.backup_arn] = backup;
  next_due_micros_.store(0, std::memory_order_relaxed);
  return backup;
}

Status Backups::Persist(const Backup& backup) {
  storage::WriteBatch batch;
  batch.Put(BackupRecordKey(backup.backup_arn), EncodeBackup(backup));
  return store_->Write(storage::WriteOptions{}, batch);
}

void Backups::Settle(Backup& backup, int64_t now) const {
  if (backup.backup_status == BackupStatus::kCreating && backup.available_micros <= now) {
    backup.backup_status = BackupStatus::kAvailable;
  }
}

Result<Backup> Backups::Find(std::string_view backup_arn) const {
  std::lock_guard lock(mutex_);
  auto it = backups_.find(backup_arn);
  if (it == backups_.end()) {
    return BackupNotFound(backup_arn);
  }
  Backup backup = it->second;
  Settle(backup, clock_->NowMicros());
  return backup;
}

std::vector<Backup> Backups::List(std::string_view region) const {
  const int64_t now = clock_->NowMicros();
  std::vector<Backup> listed;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [arn, backup] : backups_) {
      if (backup.source.region == region) {
        listed.push_back(backup);
        Settle(listed.back(), now);
      }
    }
  }
  std::stable_sort(listed.begin(), listed.end(), [](const Backup& a, const Backup& b) {
    return a.creation_micros < b.creation_micros;
  });
  return listed;
}

Result<Backup> Backups::Delete(std::string_view backup_arn) {
  Backup backup;
  {
    std::lock_guard lock(mutex_);
    auto it = backups_.find(backup_arn);
    if (it == backups_.end()) {
      return BackupNotFound(backup_arn);
    }
    Settle(it->second, clock_->NowMicros());
    // DynamoDB: a backup being created or restored cannot be deleted.
    if (it->second.backup_status == BackupStatus::kCreating || restoring_.count(backup_arn) > 0) {
      return BackupInUse(backup_arn);
    }
    backup = std::move(it->second);
    backups_.erase(it);
  }
  // The record goes first: a backup whose items are only partly deleted is never seen again.
  storage::WriteBatch batch;
  batch.Delete(BackupRecordKey(backup.backup_arn));
  DF_RETURN_IF_ERROR(store_->Write(storage::WriteOptions{}, batch));
  DF_RETURN_IF_ERROR(DeleteKeyspace(backup.keyspace_id));
  backup.backup_status = BackupStatus::kDeleted;
  return backup;
}

Result<Backup> Backups::BeginRestore(std::string_view backup_arn) {
  std::lock_guard lock(mutex_);
  auto it = backups_.find(backup_arn);
  if (it == backups_.end()) {
    return BackupNotFound(backup_arn);
  }
  Settle(it->second, clock_->NowMicros());
  // DynamoDB: one backup feeds one restore at a time, and only once it is AVAILABLE.
  if (it->second.backup_status != BackupStatus::kAvailable || restoring_.count(backup_arn) > 0) {
    return BackupInUse(backup_arn);
  }
  restoring_.emplace(backup_arn);
  return it->second;
}

void Backups::EndRestore(std::string_view backup_arn) {
  std::lock_guard lock(mutex_);
  auto it = restoring_.find(backup_arn);
  if (it != restoring_.end()) {
    restoring_.erase(it);
  }
}

Status Backups::FillTable(const Backup& backup, table::Table& target) const {
  table::Table::BulkLoad load(target);
  const table::KeyRange range = table::WholeIndexRange(backup.keyspace_id, table::kBaseIndexId);
  std::unique_ptr<storage::Iterator> it = store_->NewIterator(storage::ReadOptions{});
  for (it->Seek(range.lower); it->Valid() && it->key() < range.upper; it->Next()) {
    DF_RETURN_IF_ERROR(load.Add(it->value()));
  }
  DF_RETURN_IF_ERROR(it->status());
  return load.Finish();
}

void Backups::RunDue() {
  const int64_t now = clock_->NowMicros();
  if (now < next_due_micros_.load(std::memory_order_relaxed)) {
    return;
  }
  std::vector<std::string> expired;
  int64_t next_due = now + kTrimIntervalMicros;
  {
    std::lock_guard lock(mutex_);
    for (auto& [arn, backup] : backups_) {
      Settle(backup, now);
      if (backup.backup_status == BackupStatus::kCreating) {
        next_due = std::min(next_due, backup.available_micros);
      }
      if (backup.expiry_micros > 0) {
        if (backup.expiry_micros <= now) {
          expired.push_back(arn);
        } else {
          next_due = std::min(next_due, backup.expiry_micros);
        }
      }
    }
  }
  for (const std::string& arn : expired) {
    (void)Delete(arn);  // in use: the next run retries
  }
  TrimChangeLogs(now);
  next_due_micros_.store(next_due, std::memory_order_relaxed);
}

void Backups::TrimChangeLogs(int64_t now) {
  for (const std::shared_ptr<table::Table>& table : catalog_->Tables()) {
    int64_t before = 0;
    table->ReadDescription([&](const table::TableDescription& d) {
      if (d.point_in_time_recovery.enabled) {
        before = now - d.point_in_time_recovery.recovery_period_days * kMicrosPerDay;
      }
    });
    if (before > 0) {
      // Best effort: what is not trimmed now is trimmed by a later run.
      (void)table::TrimChangeLog(*store_, table->table_id(), before);
    }
  }
}

}  // namespace dynafake::backup
