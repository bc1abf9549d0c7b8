#include "table/change_log.h"

#include <algorithm>
#include <limits>
#include <map>
#include <memory>

#include "table/delete_range.h"
#include "util/coding.h"
#include "util/result.h"

namespace dynafake::table {
namespace {

// Times before the epoch (never the engine clock's) are kept as 0.
uint64_t TimeKeyPart(int64_t micros) {
  return static_cast<uint64_t>(std::max<int64_t>(micros, 0));
}

// [table_id][kChangeLogId][time]
std::string TimePrefix(uint32_t table_id, int64_t micros) {
  std::string key = IndexPrefix(table_id, kChangeLogId);
  util::PutFixed64BigEndian(&key, TimeKeyPart(micros));
  return key;
}

Status Corrupt() {
  return InternalError("Corrupt change log record");
}

// Reads `range` of `snapshot` in key order.
Status VisitRange(storage::KvStore& store, const storage::Snapshot* snapshot, const KeyRange& range,
                  const std::function<Status(std::string_view, std::string_view)>& visit) {
  std::unique_ptr<storage::Iterator> it = store.NewIterator(storage::ReadOptions{snapshot});
  for (it->Seek(range.lower); it->Valid() && BelowUpper(it->key(), range); it->Next()) {
    DF_RETURN_IF_ERROR(visit(it->key(), it->value()));
  }
  return it->status();
}

}  // namespace

std::string ChangeLogKey(uint32_t table_id, int64_t time_micros, uint64_t sequence) {
  std::string key = TimePrefix(table_id, time_micros);
  util::PutFixed64BigEndian(&key, sequence);
  return key;
}

KeyRange ChangeLogRange(uint32_t table_id, int64_t from_micros, int64_t to_micros) {
  return {TimePrefix(table_id, from_micros),
          to_micros == std::numeric_limits<int64_t>::max()
              ? PrefixSuccessor(IndexPrefix(table_id, kChangeLogId))
              : TimePrefix(table_id, to_micros)};
}

KeyRange WholeChangeLogRange(uint32_t table_id) {
  return WholeIndexRange(table_id, kChangeLogId);
}

std::string EncodeChangeRecord(std::string_view storage_key, const std::string* old_item) {
  std::string value;
  util::PutLengthPrefixed(&value, storage_key);
  if (old_item != nullptr) {
    value += *old_item;
  }
  return value;
}

Result<ChangeRecord> DecodeChangeRecord(std::string_view key, std::string_view value) {
  ChangeRecord record;
  constexpr size_t kPrefixSize = 8;  // [table_id][kChangeLogId]
  if (key.size() != kPrefixSize + 16) {
    return Corrupt();
  }
  key.remove_prefix(kPrefixSize);
  uint64_t time = 0;
  if (!util::GetFixed64BigEndian(&key, &time) ||
      !util::GetFixed64BigEndian(&key, &record.sequence) ||
      !util::GetLengthPrefixed(&value, &record.storage_key)) {
    return Corrupt();
  }
  record.time_micros = static_cast<int64_t>(time);
  if (!value.empty()) {
    record.old_item = value;
  }
  return record;
}

Status VisitItemsAsOf(storage::KvStore& store, const storage::Snapshot& snapshot, uint32_t table_id,
                      int64_t time_micros,
                      const std::function<Status(std::string_view encoded_item)>& visit) {
  // Storage key -> the item before its first change after `time_micros` (nullopt: none then).
  std::map<std::string, std::optional<std::string>, std::less<>> before;
  if (time_micros < std::numeric_limits<int64_t>::max()) {
    DF_RETURN_IF_ERROR(
        VisitRange(store, &snapshot,
                   ChangeLogRange(table_id, time_micros + 1, std::numeric_limits<int64_t>::max()),
                   [&](std::string_view key, std::string_view value) -> Status {
                     DF_ASSIGN_OR_RETURN(ChangeRecord record, DecodeChangeRecord(key, value));
                     if (before.find(record.storage_key) == before.end()) {
                       before.emplace(std::string(record.storage_key),
                                      record.old_item ? std::optional<std::string>(*record.old_item)
                                                      : std::nullopt);
                     }
                     return Status::Ok();
                   }));
  }
  DF_RETURN_IF_ERROR(VisitRange(store, &snapshot, WholeIndexRange(table_id, kBaseIndexId),
                                [&](std::string_view key, std::string_view value) -> Status {
                                  if (before.find(key) != before.end()) {
                                    return Status::Ok();
                                  }
                                  return visit(value);
                                }));
  for (const auto& [key, item] : before) {
    if (item.has_value()) {
      DF_RETURN_IF_ERROR(visit(*item));
    }
  }
  return Status::Ok();
}

Result<int64_t> TrimChangeLog(storage::KvStore& store, uint32_t table_id, int64_t before_micros) {
  int64_t deleted = 0;
  DF_RETURN_IF_ERROR(DeleteKeyRange(store, ChangeLogRange(table_id, 0, before_micros), &deleted));
  return deleted;
}

}  // namespace dynafake::table
