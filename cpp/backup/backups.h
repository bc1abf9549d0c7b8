// Backups: the engine's on-demand backups. Each is a consistent copy of a table's items (read from
// one store snapshot, so a write made while it is taken is wholly in it or not at all) in a
// keyspace of its own, kept until DeleteBackup (or, for SYSTEM backups, their expiry), whatever
// happens to the table; and the restores that read them. A persistent engine keeps them across
// reopening: the backup's record (system keyspace, kind 'B') is written after its items, so a
// backup the process stopped in the middle of taking is never seen.
//
// Safe for concurrent use without external synchronization.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "dynafake/clock.h"

#include "backup/backup.h"
#include "storage/kv_store.h"
#include "table/catalog.h"

namespace dynafake::backup {

// BackupNotFoundException "Backup not found: <arn>".
Status BackupNotFound(std::string_view backup_arn);

class Backups {
 public:
  // `transition_micros`: how long a backup stays CREATING (the engine's table transition time).
  Backups(storage::KvStore* store, table::Catalog* catalog, const Clock* clock,
          int64_t transition_micros);

  // Reads the persisted backups, then deletes the items of keyspaces that are neither a table's
  // nor a backup's: those of a backup the process stopped while taking or deleting. REQUIRES: the
  // catalog is loaded.
  Status Load();

  // Backs up the table `source` describes (with live counts) as `snapshot` holds it (null: as it
  // is now). `expiry_micros` 0: kept until deleted.
  Result<Backup> Create(const table::TableDescription& source, const storage::Snapshot* snapshot,
                        std::string backup_name, BackupType type, int64_t expiry_micros);

  // Any region: a backup ARN names its table's region. BackupNotFoundException when absent.
  Result<Backup> Find(std::string_view backup_arn) const;

  // The backups of the tables of `region`, by creation time then ARN.
  std::vector<Backup> List(std::string_view region) const;

  // Deletes the backup and its items; returns it with status DELETED. BackupInUseException while
  // it is being created or restored.
  Result<Backup> Delete(std::string_view backup_arn);

  // Marks the backup as feeding a restore (BackupInUseException when one already is, or while it
  // is CREATING) until EndRestore.
  Result<Backup> BeginRestore(std::string_view backup_arn);
  void EndRestore(std::string_view backup_arn);

  // Loads the backup's items into `target` (a new table nobody uses yet).
  Status FillTable(const Backup& backup, table::Table& target) const;

  // Settles CREATING backups, deletes expired SYSTEM backups and trims the change logs of tables
  // with point-in-time recovery to their recovery period, as the clock says is due.
  void RunDue();

 private:
  void TrimChangeLogs(int64_t now);
  Status DropOrphanKeyspaces();
  Status DeleteKeyspace(uint32_t keyspace_id);

  Status Persist(const Backup& backup);
  void Settle(Backup& backup, int64_t now) const;

  storage::KvStore* const store_;
  table::Catalog* const catalog_;
  const Clock* const clock_;
  const int64_t transition_micros_;
  mutable std::mutex mutex_;
  std::map<std::string, Backup, std::less<>> backups_;  // by ARN
  std::set<std::string, std::less<>> restoring_;
  // RunDue has nothing to do before then.
  std::atomic<int64_t> next_due_micros_{0};
};

}  // namespace dynafake::backup
