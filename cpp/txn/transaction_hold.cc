#include "txn/transaction_hold.h"

#include <chrono>
#include <utility>

namespace dynafake::txn {

bool TransactionHolds::Hold::Wait(int64_t timeout_micros) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, std::chrono::microseconds(timeout_micros),
                           [this] { return stopped_; });
}

void TransactionHolds::Hold::Release() {
  {
    std::lock_guard lock(mutex_);
    released_ = true;
  }
  changed_.notify_all();
}

void TransactionHolds::Hold::Stop() {
  std::unique_lock lock(mutex_);
  stopped_ = true;
  changed_.notify_all();
  changed_.wait(lock, [this] { return released_; });
}

std::shared_ptr<TransactionHolds::Hold> TransactionHolds::HoldNext() {
  auto hold = std::make_shared<Hold>();
  std::lock_guard lock(mutex_);
  armed_ = hold;
  has_armed_.store(true, std::memory_order_release);
  return hold;
}

void TransactionHolds::StopIfHeld() {
  if (!has_armed_.load(std::memory_order_acquire)) {
    return;
  }
  std::shared_ptr<Hold> hold;
  {
    std::lock_guard lock(mutex_);
    hold = armed_.lock();
    armed_.reset();
    has_armed_.store(false, std::memory_order_release);
  }
  if (hold != nullptr) {
    hold->Stop();
  }
}

}  // namespace dynafake::txn
