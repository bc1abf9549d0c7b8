#include "capacity/token_bucket.h"

#include <algorithm>

#include "dynafake/clock.h"

namespace dynafake::capacity {
namespace {

// floor(micros / 1e6), also for instants before the epoch.
int64_t SecondOf(int64_t micros) {
  int64_t second = micros / kMicrosPerSecond;
  if (micros % kMicrosPerSecond < 0) {
    --second;
  }
  return second;
}

}  // namespace

TokenBucket::TokenBucket(double units_per_second, double burst_seconds, double initial_units,
                         int64_t now_micros)
    : units_per_second_(units_per_second),
      burst_seconds_(burst_seconds),
      level_(std::min(initial_units, units_per_second * burst_seconds)),
      refilled_at_micros_(now_micros) {}

void TokenBucket::Refill(int64_t now_micros) {
  if (now_micros <= refilled_at_micros_) {
    // A clock set back: keep the level, and refill from this instant on so that the bucket neither
    // earns the skipped interval twice nor stalls until the clock catches up again.
    refilled_at_micros_ = now_micros;
    return;
  }
  const double elapsed_seconds =
      static_cast<double>(now_micros - refilled_at_micros_) / kMicrosPerSecond;
  refilled_at_micros_ = now_micros;
  const double max_units = MaxUnits();
  if (level_ >= max_units) {
    return;  // Full already (never lowered here: SetRate clamps).
  }
  level_ = std::min(max_units, level_ + units_per_second_ * elapsed_seconds);
}

bool TokenBucket::Available(int64_t now_micros) {
  Refill(now_micros);
  return level_ > 0;
}

void TokenBucket::Consume(double units, int64_t now_micros) {
  Refill(now_micros);
  level_ -= units;
}

double TokenBucket::Level(int64_t now_micros) {
  Refill(now_micros);
  return level_;
}

void TokenBucket::SetRate(double units_per_second, int64_t now_micros) {
  Refill(now_micros);
  units_per_second_ = units_per_second;
  level_ = std::min(level_, MaxUnits());
}

double RateWindow::Used(int64_t now_micros) const {
  return SecondOf(now_micros) == second_ ? used_ : 0;
}

void RateWindow::Add(double units, int64_t now_micros) {
  const int64_t second = SecondOf(now_micros);
  if (second != second_) {
    second_ = second;
    used_ = 0;
  }
  used_ += units;
}

}  // namespace dynafake::capacity
