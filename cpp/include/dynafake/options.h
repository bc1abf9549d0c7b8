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
  // When a persistent engine's acknowledged writes are durable (no effect in memory):
  // "process" (the default): each write is handed to the operating system before the request
  // returns, so it survives the process being killed at any moment, not a power loss;
  // "sync": the log is fsynced before each write returns, so it survives a power loss too;
  // "group": as "process", and the log is fsynced at least every 100 ms while writes come, so a
  // power loss loses at most the last ~100 ms of writes. docs/storage-format.md has their costs.
  std::string durability = "process";
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
  // How often (engine clock) the Time to Live sweep runs: expired items are deleted by the first
  // sweep after they expire, as the service deletes them some time later. <= 0: only on demand
  // (Engine::SweepTimeToLive).
  double ttl_sweep_interval_seconds = 60;
  // Once Time to Live is enabled on a table, runs due background work (TTL sweeps, stream trims
  // and shard roll-overs, status transitions) on a thread every ttl_sweep_interval_seconds of wall
  // time, so a running clock expires items with no request made. The engine also runs due work at
  // each request and on RunDue.
  bool background_sweeps = true;
  // How requests are metered against the service's capacity model, unless a table has its own
  // mode (Engine::SetCapacityMode): "track" records what every request consumes and never
  // throttles; "enforce" also throttles where the service would; "off" records nothing.
  std::string capacity_mode = "track";
};

}  // namespace dynafake
