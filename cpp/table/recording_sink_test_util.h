// RecordingSink: a ChangeSink for tests that keeps every event it is given, from any thread.
#pragma once

#include <mutex>
#include <vector>

#include "table/change_event.h"

namespace dynafake::table {

class RecordingSink : public ChangeSink {
 public:
  void OnCommit(const ChangeEvent& event) override {
    std::lock_guard lock(mutex);
    events.push_back(event);
  }

  std::mutex mutex;
  std::vector<ChangeEvent> events;
};

}  // namespace dynafake::table
