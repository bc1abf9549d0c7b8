// EngineOptions: how an engine is built. Everything has a default suitable for tests.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "dynafake/clock.h"

namespace dynafake {

struct EngineOptions {
  // Empty: the in-memory store. Otherwise the directory of a LevelDB database, created if missing.
  std::string path;
  // The one account every request is served as.
  std::string account_id = "123456789012";
  // Null: a new SettableClock running at wall-clock time. Tests may pass a frozen one.
  std::shared_ptr<SettableClock> clock;
  // Seconds a table (or index) spends CREATING/UPDATING/DELETING before the transition completes.
  // 0 (the default) makes the transition visible in the response only, as fast tests want.
  double table_transition_seconds = 0;
  // DynamoDB: 10 GB. The largest item collection (items and local secondary index entries with one
  // partition key value) of a table with local secondary indexes; tests lower it to reach the
  // limit.
  int64_t item_collection_size_limit_bytes = int64_t{10} << 30;
};

}  // namespace dynafake
