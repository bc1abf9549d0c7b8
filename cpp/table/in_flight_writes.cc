#include "table/in_flight_writes.h"

#include <functional>

namespace dynafake::table {

std::vector<size_t> InFlightWrites::ClaimedLocked(std::span<const std::string> keys) const {
  std::vector<size_t> positions;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (claimed_.contains(std::string_view(keys[i]))) {
      positions.push_back(i);
    }
  }
  return positions;
}

std::vector<size_t> InFlightWrites::ClaimAll(std::span<const std::string> keys) {
  std::lock_guard lock(mutex_);
  std::vector<size_t> taken = ClaimedLocked(keys);
  if (!taken.empty()) {
    return taken;
  }
  claimed_.insert(keys.begin(), keys.end());
  claimed_count_.store(claimed_.size(), std::memory_order_release);
  return taken;
}

void InFlightWrites::ReleaseAll(std::span<const std::string> keys) {
  std::lock_guard lock(mutex_);
  for (const std::string& key : keys) {
    claimed_.erase(key);
  }
  claimed_count_.store(claimed_.size(), std::memory_order_release);
}

std::vector<size_t> InFlightWrites::FindClaimed(std::span<const std::string> keys) const {
  if (claimed_count_.load(std::memory_order_acquire) == 0) {
    return {};
  }
  std::lock_guard lock(mutex_);
  return ClaimedLocked(keys);
}

bool InFlightWrites::IsClaimed(std::string_view key) const {
  // A stale zero is harmless: a transaction claims before it locks, and the caller holds the
  // item's lock, so that transaction decides after this write and sees it.
  if (claimed_count_.load(std::memory_order_acquire) == 0) {
    return false;
  }
  std::lock_guard lock(mutex_);
  return claimed_.contains(key);
}

}  // namespace dynafake::table
