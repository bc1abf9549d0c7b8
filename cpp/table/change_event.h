// ChangeEvent: the one record every committed item change produces, and the ChangeSink interface
// its consumers (streams, TTL, point-in-time recovery, replication, metrics) implement. The table
// layer does not know its consumers; the engine wires them in.
#pragma once

#include <cstdint>
#include <string_view>

#include "model/attribute_value.h"

namespace dynafake::table {

enum class ChangeCause : uint8_t { kUser, kTtl, kReplication, kRestore };

// A view of one committed change: what it points to is valid during OnCommit only, so announcing
// a change copies nothing and a sink copies just what it keeps.
struct ChangeEvent {
  uint32_t table_id = 0;
  std::string_view region;
  std::string_view table_name;
  const model::Item* keys = nullptr;       // never null in an announced event
  const model::Item* old_image = nullptr;  // null: the item did not exist
  const model::Item* new_image = nullptr;  // null: the item was deleted
  // model::ItemSize of each image, 0 when absent.
  int64_t old_size = 0;
  int64_t new_size = 0;
  int64_t time_micros = 0;
  ChangeCause cause = ChangeCause::kUser;
  // Non-empty when the change is one item of a transaction.
  std::string_view transaction_id;
};

// Called after the change is durable in storage, on the writing thread, while the item's lock is
// still held (so events of one item arrive in commit order). Must not call back into the engine.
class ChangeSink {
 public:
  virtual ~ChangeSink() = default;
  virtual void OnCommit(const ChangeEvent& event) = 0;
};

}  // namespace dynafake::table
