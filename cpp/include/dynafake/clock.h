// Clock: the only source of time in the engine, so tests can drive TTL, retention and windows.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <mutex>

namespace dynafake {

// Durations in the clock's unit.
inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

// Time as microseconds since the Unix epoch. Implementations are safe for concurrent use.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMicros() const = 0;

  double NowSeconds() const { return static_cast<double>(NowMicros()) / 1e6; }
};

// Wall-clock time.
class SystemClock final : public Clock {
 public:
  int64_t NowMicros() const override;
};

// The engine's clock: wall-clock time shifted by an offset, or frozen at one instant. Set() and
// Advance() move it either way; a running clock keeps running from the new time.
//
// Every request reads it several times, so a read takes no lock: it loads the frozen instant, or
// the offset. A read racing a Freeze() or Unfreeze() on another thread may see the time of either
// side of it.
class SettableClock final : public Clock {
 public:
  // Running, at wall-clock time.
  SettableClock() = default;

  // Frozen at `frozen_at_micros`.
  explicit SettableClock(int64_t frozen_at_micros) : frozen_at_micros_(frozen_at_micros) {}

  int64_t NowMicros() const override;
  void Set(int64_t micros);
  // REQUIRES: micros >= 0; time never runs backwards through Advance.
  void Advance(int64_t micros);
  // Stops the clock at its current time.
  void Freeze();
  // Lets a frozen clock run again from its current time.
  void Unfreeze();
  bool frozen() const;

 private:
  static constexpr int64_t kRunning = std::numeric_limits<int64_t>::min();

  // Serializes the writers.
  std::mutex mutex_;
  // The instant the clock is frozen at; kRunning while it runs.
  std::atomic<int64_t> frozen_at_micros_{kRunning};
  std::atomic<int64_t> offset_micros_{0};
};

}  // namespace dynafake
