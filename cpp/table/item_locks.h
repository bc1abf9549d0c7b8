// ItemLocks: striped mutexes that serialize read-modify-write of one item (by its storage key, or
// by its partition for tables whose writes share a per-partition record).
//
// Deadlock freedom: a single-item write holds one stripe at a time. Callers that hold several (the
// table's index maintenance through LockAll, and table::WriteAtomically across tables) take them in
// address order, one global order since every stripe array stays in place.
#pragma once

#include <array>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace dynafake::table {

class ItemLocks {
 public:
  std::mutex& For(std::string_view lock_key);

  // Locks the distinct stripes of `lock_keys` in stripe order; they are unlocked when the result
  // is destroyed.
  std::vector<std::unique_lock<std::mutex>> LockAll(const std::vector<std::string>& lock_keys);

  // Takes and releases every stripe in turn: returns once every stripe held when it was called
  // has been released at least once.
  void AwaitHolders();

 private:
  static constexpr size_t kStripes = 256;

  size_t StripeOf(std::string_view lock_key) const;

  std::array<std::mutex, kStripes> stripes_;
};

}  // namespace dynafake::table
