#include "backup/backup_codec.h"

#include "table/schema_codec.h"
#include "util/coding.h"
#include "util/result.h"

namespace dynafake::backup {
namespace {

constexpr uint8_t kBackupFormatVersion = 1;

Status Corrupt(std::string_view what) {
  return InternalError("Corrupt backup record: " + std::string(what));
}

}  // namespace

std::string EncodeBackup(const Backup& backup) {
  std::string out(1, static_cast<char>(kBackupFormatVersion));
  util::PutLengthPrefixed(&out, backup.backup_arn);
  util::PutLengthPrefixed(&out, backup.backup_name);
  util::PutVarint64(&out, static_cast<uint64_t>(backup.backup_type));
  util::PutVarint64(&out, static_cast<uint64_t>(backup.backup_status));
  for (int64_t value : {backup.creation_micros, backup.available_micros, backup.expiry_micros,
                        backup.size_bytes, backup.item_count}) {
    util::PutVarintSigned64(&out, value);
  }
  util::PutVarint64(&out, backup.keyspace_id);
  util::PutLengthPrefixed(&out, table::EncodeTableDescription(backup.source));
  return out;
}

Result<Backup> DecodeBackup(std::string_view bytes) {
  if (bytes.empty() || static_cast<uint8_t>(bytes.front()) != kBackupFormatVersion) {
    return Corrupt("unsupported format version");
  }
  bytes.remove_prefix(1);
  Backup backup;
  std::string_view arn;
  std::string_view name;
  uint64_t type = 0;
  uint64_t status = 0;
  uint64_t keyspace = 0;
  std::string_view source;
  if (!util::GetLengthPrefixed(&bytes, &arn) || !util::GetLengthPrefixed(&bytes, &name) ||
      !util::GetVarint64(&bytes, &type) || !util::GetVarint64(&bytes, &status) ||
      !util::GetVarintSigned64(&bytes, &backup.creation_micros) ||
      !util::GetVarintSigned64(&bytes, &backup.available_micros) ||
      !util::GetVarintSigned64(&bytes, &backup.expiry_micros) ||
      !util::GetVarintSigned64(&bytes, &backup.size_bytes) ||
      !util::GetVarintSigned64(&bytes, &backup.item_count) ||
      !util::GetVarint64(&bytes, &keyspace) || !util::GetLengthPrefixed(&bytes, &source) ||
      !bytes.empty()) {
    return Corrupt("truncated");
  }
  if (type > static_cast<uint64_t>(BackupType::kSystem) ||
      status > static_cast<uint64_t>(BackupStatus::kDeleted) || keyspace == 0 ||
      keyspace > UINT32_MAX || arn.empty()) {
    return Corrupt("bad field");
  }
  backup.backup_arn = arn;
  backup.backup_name = name;
  backup.backup_type = static_cast<BackupType>(type);
  backup.backup_status = static_cast<BackupStatus>(status);
  backup.keyspace_id = static_cast<uint32_t>(keyspace);
  DF_ASSIGN_OR_RETURN(backup.source, table::DecodeTableDescription(source));
  return backup;
}

std::string_view BackupStatusName(BackupStatus status) {
  switch (status) {
    case BackupStatus::kCreating:
      return "CREATING";
    case BackupStatus::kAvailable:
      return "AVAILABLE";
    case BackupStatus::kDeleted:
      return "DELETED";
  }
  return "AVAILABLE";
}

std::string_view BackupTypeName(BackupType type) {
  return type == BackupType::kSystem ? "SYSTEM" : "USER";
}

}  // namespace dynafake::backup
