// Backup: one on-demand backup (CreateBackup, or the SYSTEM backup DeleteTable takes of a table
// with point-in-time recovery) in DynamoDB's vocabulary. Plain data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "table/schema.h"

namespace dynafake::backup {

enum class BackupStatus : uint8_t { kCreating, kAvailable, kDeleted };
enum class BackupType : uint8_t { kUser, kSystem };

std::string_view BackupStatusName(BackupStatus status);  // "CREATING", ...
std::string_view BackupTypeName(BackupType type);        // "USER", "SYSTEM"

struct Backup {
  // <table ARN>/backup/<creation epoch milliseconds, 14 digits>-<8 hex digits>
  std::string backup_arn;
  std::string backup_name;
  BackupType backup_type = BackupType::kUser;
  BackupStatus backup_status = BackupStatus::kCreating;
  int64_t creation_micros = 0;
  // When a CREATING backup turns AVAILABLE (engine clock).
  int64_t available_micros = 0;
  // SYSTEM backups expire; 0: never.
  int64_t expiry_micros = 0;
  // The items' bytes (model::ItemSize), as the source table counted them.
  int64_t size_bytes = 0;
  int64_t item_count = 0;
  // The keyspace (a table id no table has) holding the items, as their base entries.
  uint32_t keyspace_id = 0;
  // The table as it was backed up: its region, name, ARN, id, keys, indexes, capacity, stream,
  // Time to Live and encryption settings.
  table::TableDescription source;
};

}  // namespace dynafake::backup
