// InFlightWrites: the items that transactions have claimed and not yet finished with, by storage
// key (which names the table too, so one set serves every table of a store).
//
// DynamoDB: while a TransactWriteItems is in flight, a single-item write of one of its items fails
// with TransactionConflictException, and another transaction that includes one is cancelled with
// TransactionConflict (conformance/test_transaction_conflicts.py). A transaction claims its items
// before it takes their locks; Table::Write refuses a claimed item under the item's lock.
//
// Safe for concurrent use without external synchronization.
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace dynafake::table {

class InFlightWrites {
 public:
  // Claims every key, or none: when some are claimed already, claims nothing and returns their
  // positions in `keys` (ascending); else returns an empty list. REQUIRES: the keys are distinct.
  std::vector<size_t> ClaimAll(std::span<const std::string> keys);

  // Gives up the claims ClaimAll made on `keys`.
  void ReleaseAll(std::span<const std::string> keys);

  // The positions in `keys` (ascending) of those claimed now.
  std::vector<size_t> FindClaimed(std::span<const std::string> keys) const;

  bool IsClaimed(std::string_view key) const;

 private:
  struct Hash {
    using is_transparent = void;

    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };

  // Positions of the claimed keys. REQUIRES: mutex_ held.
  std::vector<size_t> ClaimedLocked(std::span<const std::string> keys) const;

  mutable std::mutex mutex_;
  std::unordered_set<std::string, Hash, std::equal_to<>> claimed_;
  // claimed_.size(), readable without the mutex: while nothing is claimed (the usual case), a
  // single-item write checks nothing more.
  std::atomic<size_t> claimed_count_{0};
};

}  // namespace dynafake::table
