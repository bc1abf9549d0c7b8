// Metering: the engine's capacity state as one object: which capacity mode each table's requests
// run under, the Throttler that enforces the service's limits and the UsageRecorder that keeps what
// was consumed for the capacity report.
//
// Safe for concurrent use without external synchronization.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string_view>
#include <utility>

#include "capacity/throttler.h"
#include "capacity/usage.h"

namespace dynafake::capacity {

// How requests are metered:
// - kOff: nothing is recorded and nothing is throttled (responses still report consumed capacity).
// - kTrack: every request's consumption is recorded; nothing is throttled.
// - kEnforce: recorded, and throttled where the service would throttle.
enum class CapacityMode : uint8_t { kOff, kTrack, kEnforce };

// "off", "track", "enforce"; nullopt for anything else.
std::optional<CapacityMode> ParseCapacityMode(std::string_view name);
std::string_view CapacityModeName(CapacityMode mode);

class Metering {
 public:
  explicit Metering(CapacityMode default_mode = CapacityMode::kTrack);

  CapacityMode default_mode() const { return default_mode_.load(std::memory_order_relaxed); }

  void SetDefaultMode(CapacityMode mode) { default_mode_.store(mode, std::memory_order_relaxed); }

  // The mode of the table incarnation's requests: its own when one was set, else the default.
  CapacityMode ModeOf(uint32_t table_id) const;

  // Sets the table incarnation's own mode; nullopt returns it to the default.
  void SetTableMode(uint32_t table_id, std::optional<CapacityMode> mode);

  Throttler& throttler() { return throttler_; }

  UsageRecorder& usage() { return usage_; }

  const UsageRecorder& usage() const { return usage_; }

  // Drops everything kept for the table incarnation (DeleteTable; the id is never reused), then
  // calls the forget listener with its id.
  void Forget(uint32_t table_id);

  // Called by Forget with the table id once the table's state here is gone, so that what is kept of
  // the table elsewhere (a persistent engine's stored capacity settings) goes with it. Set before
  // the engine serves requests: Forget reads it without a lock. Empty: none.
  void SetForgetListener(std::function<void(uint32_t table_id)> listener) {
    forget_listener_ = std::move(listener);
  }

 private:
  std::atomic<CapacityMode> default_mode_;
  // False while no table has its own mode: ModeOf then takes no lock.
  std::atomic<bool> has_table_modes_{false};
  mutable std::shared_mutex table_modes_mutex_;
  std::map<uint32_t, CapacityMode> table_modes_;
  Throttler throttler_;
  UsageRecorder usage_;
  std::function<void(uint32_t table_id)> forget_listener_;
};

}  // namespace dynafake::capacity
