// TransactionHolds: a test hook that stops the next TransactWriteItems in flight (its items
// claimed, nothing read or written yet) until the test releases it, so that a test can see what
// other requests meet while a transaction is in flight.
//
// Safe for concurrent use without external synchronization.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>

namespace dynafake::txn {

class TransactionHolds {
 public:
  // One armed hold. Releasing it lets the held transaction go on; a hold released, or dropped by
  // its owner, before any transaction reached it holds none. REQUIRES: its owner releases it
  // before dropping it, or a transaction stopped there waits for ever.
  class Hold {
   public:
    // Waits up to `timeout_micros` for a transaction to be stopped here; true once one is.
    bool Wait(int64_t timeout_micros);
    void Release();

   private:
    friend class TransactionHolds;
    // Called by the transaction that takes this hold: returns once released.
    void Stop();

    std::mutex mutex_;
    std::condition_variable changed_;
    bool stopped_ = false;
    bool released_ = false;
  };

  // Arms a hold for the next transaction to reach StopIfHeld (replacing any hold not yet taken).
  std::shared_ptr<Hold> HoldNext();

  // Called by every transaction at the hold point: stops the first one after HoldNext until its
  // hold is released; returns at once when no hold is armed.
  void StopIfHeld();

 private:
  std::mutex mutex_;
  std::weak_ptr<Hold> armed_;
  // A hold was armed and not yet taken, readable without the mutex.
  std::atomic<bool> has_armed_{false};
};

}  // namespace dynafake::txn
