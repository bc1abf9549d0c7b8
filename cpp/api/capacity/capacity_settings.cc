#include "api/capacity/capacity_settings.h"

#include <bit>
#include <memory>
#include <mutex>
#include <set>

#include "table/keyspace.h"
#include "util/coding.h"

namespace dynafake::api {
namespace {

constexpr uint8_t kPolicyFormat = 1;
constexpr uint8_t kReadByte = 0;
constexpr uint8_t kWriteByte = 1;

// Serializes SetTableCapacityMode calls so that the store and the metering end with the same mode
// when two of them race on one table. Mode changes are rare; one lock for all engines is enough.
std::mutex& ModeWriteMutex() {
  static std::mutex mutex;
  return mutex;
}

void PutDouble(std::string* out, double value) {
  util::PutFixed64BigEndian(out, std::bit_cast<uint64_t>(value));
}

bool GetDouble(std::string_view* input, double* value) {
  uint64_t bits = 0;
  if (!util::GetFixed64BigEndian(input, &bits)) {
    return false;
  }
  *value = std::bit_cast<double>(bits);
  return true;
}

void PutInt64(std::string* out, int64_t value) {
  util::PutFixed64BigEndian(out, static_cast<uint64_t>(value));
}

bool GetInt64(std::string_view* input, int64_t* value) {
  uint64_t bits = 0;
  if (!util::GetFixed64BigEndian(input, &bits)) {
    return false;
  }
  *value = static_cast<int64_t>(bits);
  return true;
}

// A byte that must be 0 or 1.
bool GetFlag(std::string_view* input, bool* value) {
  if (input->empty() || static_cast<uint8_t>(input->front()) > 1) {
    return false;
  }
  *value = input->front() == 1;
  input->remove_prefix(1);
  return true;
}

void PutOptionalTime(std::string* out, const std::optional<int64_t>& micros) {
  out->push_back(micros.has_value() ? 1 : 0);
  if (micros.has_value()) {
    PutInt64(out, *micros);
  }
}

bool GetOptionalTime(std::string_view* input, std::optional<int64_t>* micros) {
  bool present = false;
  if (!GetFlag(input, &present)) {
    return false;
  }
  if (!present) {
    micros->reset();
    return true;
  }
  int64_t value = 0;
  if (!GetInt64(input, &value)) {
    return false;
  }
  *micros = value;
  return true;
}

Status UnreadableModeRecord(uint32_t table_id, const std::string& why) {
  return InternalError("Unreadable capacity mode record of table id " + std::to_string(table_id) +
                       ": " + why);
}

}  // namespace

std::string CapacityModeKey(uint32_t table_id) {
  std::string key = table::SystemKey(table::kCapacityModeRecordKind);
  util::PutFixed32BigEndian(&key, table_id);
  return key;
}

std::string ScalingPolicyPrefix(uint32_t table_id) {
  std::string key = table::SystemKey(table::kAutoScalingRecordKind);
  util::PutFixed32BigEndian(&key, table_id);
  return key;
}

std::string ScalingPolicyKey(uint32_t table_id, uint32_t index_id, capacity::Operation operation) {
  std::string key = ScalingPolicyPrefix(table_id);
  util::PutFixed32BigEndian(&key, index_id);
  key.push_back(
      static_cast<char>(operation == capacity::Operation::kRead ? kReadByte : kWriteByte));
  return key;
}

std::string EncodeScalingPolicy(const StoredScalingPolicy& stored) {
  std::string value;
  value.push_back(static_cast<char>(kPolicyFormat));
  PutDouble(&value, stored.policy.min_units);
  PutDouble(&value, stored.policy.max_units);
  PutDouble(&value, stored.policy.target_utilization);
  PutInt64(&value, stored.policy.scale_out_cooldown_seconds);
  PutInt64(&value, stored.policy.scale_in_cooldown_seconds);
  value.push_back(stored.policy.disable_scale_in ? 1 : 0);
  PutInt64(&value, stored.registered_micros);
  PutOptionalTime(&value, stored.last_scale_out_micros);
  PutOptionalTime(&value, stored.last_scale_in_micros);
  return value;
}

Result<StoredScalingPolicy> DecodeScalingPolicy(std::string_view key, std::string_view value) {
  StoredScalingPolicy stored;
  const std::string kind = table::SystemKey(table::kAutoScalingRecordKind);
  std::string_view rest = key;
  bool key_ok = rest.starts_with(kind);
  if (key_ok) {
    rest.remove_prefix(kind.size());
    key_ok = util::GetFixed32BigEndian(&rest, &stored.table_id) &&
             util::GetFixed32BigEndian(&rest, &stored.index_id) && rest.size() == 1 &&
             static_cast<uint8_t>(rest.front()) <= kWriteByte;
  }
  if (!key_ok) {
    return InternalError("Unreadable auto scaling policy record: its key is not a policy's");
  }
  const auto operation = static_cast<uint8_t>(rest.front());
  stored.operation =
      operation == kReadByte ? capacity::Operation::kRead : capacity::Operation::kWrite;
  const std::string record = "Unreadable auto scaling policy record of table id " +
                             std::to_string(stored.table_id) + ", index id " +
                             std::to_string(stored.index_id) + ", " +
                             (operation == kReadByte ? "read" : "write") + ": ";
  if (value.empty() || static_cast<uint8_t>(value.front()) != kPolicyFormat) {
    return InternalError(
        record + (value.empty()
                      ? std::string("empty value")
                      : "unknown format " + std::to_string(static_cast<uint8_t>(value.front()))));
  }
  value.remove_prefix(1);
  capacity::ScalingPolicy& policy = stored.policy;
  if (!GetDouble(&value, &policy.min_units) || !GetDouble(&value, &policy.max_units) ||
      !GetDouble(&value, &policy.target_utilization) ||
      !GetInt64(&value, &policy.scale_out_cooldown_seconds) ||
      !GetInt64(&value, &policy.scale_in_cooldown_seconds) ||
      !GetFlag(&value, &policy.disable_scale_in) || !GetInt64(&value, &stored.registered_micros) ||
      !GetOptionalTime(&value, &stored.last_scale_out_micros) ||
      !GetOptionalTime(&value, &stored.last_scale_in_micros) || !value.empty()) {
    return InternalError(record + "truncated or malformed value");
  }
  // Stored only after validation, so a policy out of range is damage, not a user's mistake.
  const Status valid = capacity::ValidateScalingPolicy(policy);
  if (!valid.ok()) {
    return InternalError(record + valid.message());
  }
  return stored;
}

Status SetTableCapacityMode(storage::KvStore& store, capacity::Metering& metering,
                            uint32_t table_id, std::optional<capacity::CapacityMode> mode) {
  std::lock_guard lock(ModeWriteMutex());
  storage::WriteBatch batch;
  if (mode.has_value()) {
    batch.Put(CapacityModeKey(table_id), capacity::CapacityModeName(*mode));
  } else {
    batch.Delete(CapacityModeKey(table_id));
  }
  DF_RETURN_IF_ERROR(store.Write(storage::WriteOptions{}, batch));
  metering.SetTableMode(table_id, mode);
  return Status::Ok();
}

Status LoadCapacitySettings(storage::KvStore& store, const table::Catalog& catalog,
                            capacity::Metering& metering, AutoScaling& auto_scaling,
                            int64_t now_micros) {
  std::set<uint32_t> table_ids;
  for (const std::shared_ptr<table::Table>& table : catalog.Tables()) {
    table_ids.insert(table->table_id());
  }
  storage::WriteBatch stale;
  const std::string prefix = table::SystemKey(table::kCapacityModeRecordKind);
  std::unique_ptr<storage::Iterator> it = store.NewIterator(storage::ReadOptions{});
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string_view rest = it->key().substr(prefix.size());
    uint32_t table_id = 0;
    if (!util::GetFixed32BigEndian(&rest, &table_id) || !rest.empty()) {
      return InternalError("Unreadable capacity mode record: its key is not a table's");
    }
    const std::optional<capacity::CapacityMode> mode = capacity::ParseCapacityMode(it->value());
    if (!mode.has_value()) {
      return UnreadableModeRecord(table_id,
                                  "unknown capacity mode '" + std::string(it->value()) + "'");
    }
    if (table_ids.contains(table_id)) {
      metering.SetTableMode(table_id, *mode);
    } else {
      stale.Delete(it->key());
    }
  }
  DF_RETURN_IF_ERROR(it->status());
  if (!stale.empty()) {
    DF_RETURN_IF_ERROR(store.Write(storage::WriteOptions{}, stale));
  }
  DF_RETURN_IF_ERROR(auto_scaling.Load(&store, catalog, now_micros));
  // DeleteTable forgets the table's metering; its stored settings go with it. A failed delete
  // leaves records no table will read (ids are never reused), which the next open deletes.
  metering.SetForgetListener([&store, &auto_scaling](uint32_t table_id) {
    auto_scaling.Forget(table_id);
    std::lock_guard lock(ModeWriteMutex());
    storage::WriteBatch batch;
    batch.Delete(CapacityModeKey(table_id));
    (void)store.Write(storage::WriteOptions{}, batch);
  });
  return Status::Ok();
}

}  // namespace dynafake::api
