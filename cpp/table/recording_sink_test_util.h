// RecordingSink: a ChangeSink for tests that keeps a copy of every event it is given, from any
// thread.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "table/change_event.h"

namespace dynafake::table {

// An owning copy of a ChangeEvent.
struct RecordedChange {
  uint32_t table_id = 0;
  std::string region;
  std::string table_name;
  model::Item keys;
  std::optional<model::Item> old_image;
  std::optional<model::Item> new_image;
  int64_t time_micros = 0;
  ChangeCause cause = ChangeCause::kUser;
  std::string transaction_id;
};

class RecordingSink : public ChangeSink {
 public:
  void OnCommit(const ChangeEvent& event) override {
    RecordedChange change{event.table_id,
                          std::string(event.region),
                          std::string(event.table_name),
                          *event.keys,
                          {},
                          {},
                          event.time_micros,
                          event.cause,
                          std::string(event.transaction_id)};
    if (event.old_image != nullptr) {
      change.old_image = *event.old_image;
    }
    if (event.new_image != nullptr) {
      change.new_image = *event.new_image;
    }
    std::lock_guard lock(mutex);
    events.push_back(std::move(change));
  }

  std::mutex mutex;
  std::vector<RecordedChange> events;
};

}  // namespace dynafake::table
