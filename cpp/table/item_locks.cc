#include "table/item_locks.h"

#include <algorithm>
#include <functional>

namespace dynafake::table {

size_t ItemLocks::StripeOf(std::string_view lock_key) const {
  return std::hash<std::string_view>{}(lock_key) % kStripes;
}

std::mutex& ItemLocks::For(std::string_view lock_key) {
  return stripes_[StripeOf(lock_key)];
}

std::vector<std::unique_lock<std::mutex>> ItemLocks::LockAll(
    const std::vector<std::string>& lock_keys) {
  std::vector<size_t> stripes;
  stripes.reserve(lock_keys.size());
  for (const std::string& key : lock_keys) {
    stripes.push_back(StripeOf(key));
  }
  std::sort(stripes.begin(), stripes.end());
  stripes.erase(std::unique(stripes.begin(), stripes.end()), stripes.end());
  std::vector<std::unique_lock<std::mutex>> locks;
  locks.reserve(stripes.size());
  for (size_t stripe : stripes) {
    locks.emplace_back(stripes_[stripe]);
  }
  return locks;
}

void ItemLocks::AwaitHolders() {
  for (std::mutex& stripe : stripes_) {
    std::lock_guard lock(stripe);
  }
}

}  // namespace dynafake::table
