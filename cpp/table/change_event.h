// ChangeEvent: the one record every committed item change produces, and the ChangeSink interface
// its consumers (streams, TTL, point-in-time recovery, replication, metrics) implement. The table
// layer does not know its consumers; the engine wires them in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/attribute_value.h"

namespace dynafake::table {

enum class ChangeCause : uint8_t { kUser, kTtl, kReplication, kRestore };

struct ChangeEvent {
  uint32_t table_id = 0;
  std::string region;
  std::string table_name;
  model::Item keys;
  std::optional<model::Item> old_image;  // absent: the item did not exist
  std::optional<model::Item> new_image;  // absent: the item was deleted
  int64_t time_micros = 0;
  ChangeCause cause = ChangeCause::kUser;
  // Non-empty when the change is one item of a transaction.
  std::string transaction_id;
};

// Called after the change is durable in storage, on the writing thread, while the item's lock is
// still held (so events of one item arrive in commit order). Must not call back into the engine.
class ChangeSink {
 public:
  virtual ~ChangeSink() = default;
  virtual void OnCommit(const ChangeEvent& event) = 0;
};

}  // namespace dynafake::table
