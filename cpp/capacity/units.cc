#include "capacity/units.h"

#include <algorithm>

namespace dynafake::capacity {
namespace {

int64_t CeilUnits(int64_t bytes, int64_t unit) {
  return std::max<int64_t>(1, (bytes + unit - 1) / unit);
}

}  // namespace

double ReadUnits(int64_t bytes, bool consistent_read) {
  const double units = static_cast<double>(CeilUnits(bytes, kReadUnitBytes));
  return consistent_read ? units : units / 2;
}

double WriteUnits(int64_t bytes) {
  return static_cast<double>(CeilUnits(bytes, kWriteUnitBytes));
}

}  // namespace dynafake::capacity
