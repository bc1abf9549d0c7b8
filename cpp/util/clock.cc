#include "dynafake/clock.h"

#include <chrono>

namespace dynafake {
namespace {

int64_t WallMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int64_t SystemClock::NowMicros() const {
  return WallMicros();
}

int64_t SettableClock::NowMicros() const {
  const int64_t frozen_at = frozen_at_micros_.load(std::memory_order_acquire);
  if (frozen_at != kRunning) {
    return frozen_at;
  }
  return WallMicros() + offset_micros_.load(std::memory_order_acquire);
}

void SettableClock::Set(int64_t micros) {
  std::lock_guard lock(mutex_);
  if (frozen_at_micros_.load(std::memory_order_relaxed) != kRunning) {
    frozen_at_micros_.store(micros, std::memory_order_release);
  } else {
    offset_micros_.store(micros - WallMicros(), std::memory_order_release);
  }
}

void SettableClock::Advance(int64_t micros) {
  std::lock_guard lock(mutex_);
  const int64_t frozen_at = frozen_at_micros_.load(std::memory_order_relaxed);
  if (frozen_at != kRunning) {
    frozen_at_micros_.store(frozen_at + micros, std::memory_order_release);
  } else {
    offset_micros_.fetch_add(micros, std::memory_order_acq_rel);
  }
}

void SettableClock::Freeze() {
  std::lock_guard lock(mutex_);
  if (frozen_at_micros_.load(std::memory_order_relaxed) == kRunning) {
    frozen_at_micros_.store(WallMicros() + offset_micros_.load(std::memory_order_relaxed),
                            std::memory_order_release);
  }
}

void SettableClock::Unfreeze() {
  std::lock_guard lock(mutex_);
  const int64_t frozen_at = frozen_at_micros_.load(std::memory_order_relaxed);
  if (frozen_at != kRunning) {
    // The offset first: a reader that still sees the clock frozen reads the same time.
    offset_micros_.store(frozen_at - WallMicros(), std::memory_order_release);
    frozen_at_micros_.store(kRunning, std::memory_order_release);
  }
}

bool SettableClock::frozen() const {
  return frozen_at_micros_.load(std::memory_order_acquire) != kRunning;
}

}  // namespace dynafake
