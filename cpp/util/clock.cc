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
  std::lock_guard lock(mutex_);
  return frozen_ ? frozen_at_micros_ : WallMicros() + offset_micros_;
}

void SettableClock::Set(int64_t micros) {
  std::lock_guard lock(mutex_);
  if (frozen_) {
    frozen_at_micros_ = micros;
  } else {
    offset_micros_ = micros - WallMicros();
  }
}

void SettableClock::Advance(int64_t micros) {
  std::lock_guard lock(mutex_);
  if (frozen_) {
    frozen_at_micros_ += micros;
  } else {
    offset_micros_ += micros;
  }
}

void SettableClock::Freeze() {
  std::lock_guard lock(mutex_);
  if (!frozen_) {
    frozen_at_micros_ = WallMicros() + offset_micros_;
    frozen_ = true;
  }
}

void SettableClock::Unfreeze() {
  std::lock_guard lock(mutex_);
  if (frozen_) {
    offset_micros_ = frozen_at_micros_ - WallMicros();
    frozen_ = false;
  }
}

bool SettableClock::frozen() const {
  std::lock_guard lock(mutex_);
  return frozen_;
}

}  // namespace dynafake
