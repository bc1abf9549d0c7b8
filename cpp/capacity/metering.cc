#include "capacity/metering.h"

#include <mutex>

namespace dynafake::capacity {

std::optional<CapacityMode> ParseCapacityMode(std::string_view name) {
  if (name == "off") {
    return CapacityMode::kOff;
  }
  if (name == "track") {
    return CapacityMode::kTrack;
  }
  if (name == "enforce") {
    return CapacityMode::kEnforce;
  }
  return std::nullopt;
}

std::string_view CapacityModeName(CapacityMode mode) {
  switch (mode) {
    case CapacityMode::kOff:
      return "off";
    case CapacityMode::kTrack:
      return "track";
    case CapacityMode::kEnforce:
      return "enforce";
  }
  return "track";
}

Metering::Metering(CapacityMode default_mode) : default_mode_(default_mode) {}

CapacityMode Metering::ModeOf(uint32_t table_id) const {
  if (has_table_modes_.load(std::memory_order_acquire)) {
    std::shared_lock lock(table_modes_mutex_);
    const auto it = table_modes_.find(table_id);
    if (it != table_modes_.end()) {
      return it->second;
    }
  }
  return default_mode();
}

void Metering::SetTableMode(uint32_t table_id, std::optional<CapacityMode> mode) {
  std::unique_lock lock(table_modes_mutex_);
  if (mode.has_value()) {
    table_modes_[table_id] = *mode;
  } else {
    table_modes_.erase(table_id);
  }
  has_table_modes_.store(!table_modes_.empty(), std::memory_order_release);
}

void Metering::Forget(uint32_t table_id) {
  SetTableMode(table_id, std::nullopt);
  throttler_.Forget(table_id);
  usage_.Forget(table_id);
  if (forget_listener_) {
    forget_listener_(table_id);
  }
}

}  // namespace dynafake::capacity
